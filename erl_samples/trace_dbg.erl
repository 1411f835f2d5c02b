%% A dbg session: dbg:tracer/2 with dbg's own handler (dbg:dhandler/2) printing to an I/O
%% device of the sample's, so that pids can be shown by name; dbg:p/2 with messages and
%% calls, dbg:tpl/3 with a return-trace specification (dbg's x and c shortcuts), dbg:ctp,
%% dbg:stop.
-module(trace_dbg).
-export([main/0, area/1, sum/1]).

main() ->
    put(names, []),
    Out = spawn(fun() -> io_device([]) end),
    {ok, Tracer} = dbg:tracer(process, {fun dbg:dhandler/2, Out}),
    Worker = spawn(fun loop/0),
    Other = spawn(fun loop/0),
    name(Worker, "<worker>"),
    name(Other, "<other>"),
    name(self(), "<main>"),
    name(Tracer, "<tracer>"),
    show(p, dbg:p(Worker, [m, c])),
    show(tpl, dbg:tpl(?MODULE, area, x)),
    show(tp, dbg:tp(?MODULE, sum, 1, c)),
    run(Worker, fun() -> area({square, 3}) end),
    run(Worker, fun() -> ?MODULE:sum([1, 2, 3]) end),
    run(Worker, fun() -> catch area(circle), failed end),
    Worker ! {relay, Other, ping},
    sync(Other),
    show(ctp, dbg:ctp(?MODULE, area, 1)),
    run(Worker, fun() -> area({square, 4}) end),
    {ok, _} = dbg:ctp(),
    dbg:stop(),
    Ref = make_ref(),
    Out ! {dump, self(), Ref},
    receive {Ref, Text} -> io:put_chars(rename(Text)) end,
    ok.

area({square, S}) -> S * S;
area({rect, W, H}) -> W * H.

sum([]) -> 0;
sum([H | T]) -> H + sum(T).

loop() ->
    receive
        {run, F, From} -> From ! {done, F()}, loop();
        {relay, To, Msg} -> To ! {self(), Msg}, loop();
        {sync, From} -> From ! synced, loop();
        {_, ping} -> loop()
    end.

run(Worker, F) ->
    Worker ! {run, F, self()},
    receive {done, R} -> R end,
    sync(Worker).

sync(P) ->
    P ! {sync, self()},
    receive synced -> ok end,
    %% the tracer has handled every trace message sent before this
    Ref = erlang:trace_delivered(all),
    receive {trace_delivered, all, Ref} -> ok end,
    {ok, _} = dbg:get_tracer(),
    timer:sleep(20).

%% An I/O device that keeps what is written.
io_device(Acc) ->
    receive
        {io_request, From, ReplyAs, Req} ->
            From ! {io_reply, ReplyAs, ok},
            io_device([chars(Req) | Acc]);
        {dump, From, Ref} ->
            From ! {Ref, lists:flatten(lists:reverse(Acc))}
    end.

chars({put_chars, unicode, Chars}) -> unicode:characters_to_list(Chars);
chars({put_chars, Chars}) -> Chars;
chars({put_chars, unicode, M, F, A}) -> chars({put_chars, unicode, apply(M, F, A)});
chars({put_chars, M, F, A}) -> apply(M, F, A);
chars(_) -> "".

name(Pid, Name) -> put(names, [{pid_to_list(Pid), Name} | get(names)]).

rename(Text) ->
    lists:foldl(fun({P, N}, T) -> string:replace(T, P, N, all) end, Text, get(names)).

show(Tag, T) ->
    io:format("~p: ~s~n", [Tag, rename(io_lib:format("~p", [T]))]).
