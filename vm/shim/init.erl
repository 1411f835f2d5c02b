%% Hamlet's shim for the init module, which erts preloads on the BEAM.
%%
%% It boots the VM the way erl's init does for what Hamlet supports so far: it starts the
%% standard I/O servers and kernel services, runs the -s/-run/-eval calls in order in a boot
%% process, and then waits for init:stop/0,1. An exception escaping a boot call ends the VM as erl's init does:
%% the reason is displayed on stdout and the halt slogan names it on stderr (status 1).
%%
%% Compiled with +no_line_info so its stack frames carry no location, like the preloaded
%% original ({init,start_em,1,[]}, {init,do_boot,3,[]}).
-module(init).
-export([boot/1, stop/0, stop/1, get_argument/1, get_arguments/0, get_plain_arguments/0,
         get_status/0, script_id/0, notify_when_started/1, wait_until_started/0,
         reboot/0, restart/0, objfile_extension/0, archive_extension/0, code_path_choice/0,
         fetch_loaded/0]).

%% Words: the command line's words for init (vm/command_line.h), as strings. They are read
%% with erl's rules: -s, -run and -eval (each up to the next word starting with '-') are
%% run in order by the boot process; other -Flag words are flags (init:get_argument/1);
%% other words, the ones after "--" and everything after -extra are plain arguments. As
%% in erl, init traps exits and runs the calls in a linked boot process (which traps exits
%% too); the boot process ending with a reason other than normal ends the VM.
boot(Words) ->
    register(init, self()),
    process_flag(trap_exit, true),
    {Start0, _Flags, _Args} = parse_boot_args([list_to_binary(W) || W <- Words]),
    Start = try
                map(fun prepare_run_args/1, Start0)
            catch
                %% -eval with more than one word: erts ends the VM when init dies so.
                error:Reason:Stack -> system_process_terminated({Reason, Stack})
            end,
    User = hamlet_stdio:start(),
    group_leader(User, self()),
    start_kernel_services(),
    Self = self(),
    BootPid = spawn_link(fun() -> do_boot(Self, [], Start) end),
    boot_loop(BootPid).

%% What erl's boot script starts before the -s calls, as far as Hamlet runs it: the logger
%% server, the real application_controller with the kernel and stdlib applications loaded
%% (libraries read their keys and environment from its ac_tab table), and the logger's
%% default handler as the kernel application configures it. The rest of the kernel
%% application's supervision tree is not started; of its servers, file_server_2 (the real
%% one) runs, and the code server is Hamlet's (vm/shim/code_server.erl).
%% The servers are remembered in start order (in the process dictionary, as kernel_pids)
%% for init:stop/0,1, which stops them in reverse order.
start_kernel_services() ->
    {ok, Code} = code_server:start_link([root_dir(), interactive]),
    {ok, File} = file_server:start_link(),
    {ok, Logger} = logger_server:start_link(),
    {ok, AC} = application_controller:start(app_spec(kernel)),
    ok = application:load(app_spec(stdlib)),
    ok = logger:internal_init_logger(),
    {ok, LoggerSup} = logger_sup:start_link(),
    ok = logger:add_handlers(kernel),
    put(kernel_pids, [Code, File, Logger, AC, LoggerSup]).

%% The OTP root: the directory above the lib/ holding kernel's ebin.
root_dir() ->
    {ok, Path} = erl_prim_loader:get_path(),
    [Root | _] = [filename:dirname(filename:dirname(filename:dirname(D)))
                  || D <- Path, lists:prefix("kernel-", filename:basename(filename:dirname(D)))],
    Root.

%% The application resource file App.app from the code path, as erl_prim_loader reads it.
app_spec(App) ->
    {ok, Path} = erl_prim_loader:get_path(),
    Name = atom_to_list(App) ++ ".app",
    [Bin | _] = [B || Dir <- Path, {ok, B, _} <- [erl_prim_loader:get_file(Dir ++ "/" ++ Name)]],
    {ok, Tokens, _} = erl_scan:string(binary_to_list(Bin)),
    {ok, Spec} = erl_parse:parse_term(Tokens),
    Spec.

do_boot(_Init, _Flags, Calls) ->
    process_flag(trap_exit, true),
    %% A failing -s/-run/-eval ends the VM at once ("init terminating in do_boot"). erts
    %% also logs the uncaught error, but halts before the logger prints it; here the two
    %% would race, so the boot process exits with the same reason without the log.
    try
        start_em(Calls)
    catch
        error:Reason:Stack -> exit({Reason, Stack});
        throw:Value:Stack -> exit({{nocatch, Value}, Stack})
    end,
    %% Not a tail call (the compiler would make it one if nothing followed), so that
    %% do_boot/3 is in stack traces as in erl's.
    erlang:yield(),
    ok.

%% Each -s, -run and -eval in command-line order, as erl's init runs them (same functions,
%% so that stack traces show the same frames).
start_em([S | Tail]) ->
    case whereis(user) of
        undefined -> ok;
        P when is_pid(P) -> group_leader(P, self())
    end,
    start_it(S),
    start_em(Tail);
start_em([]) ->
    ok.

start_it([]) ->
    ok;
start_it({eval, Bin}) ->
    %% The expression is read by the real erl_scan/erl_parse and run by erl_eval; a missing
    %% final dot is added. A scan or parse error is a badmatch, as in erl.
    Str = b2s(Bin),
    {ok, Ts, _} = erl_scan:string(Str),
    Ts1 = case lists:reverse(Ts) of
              [{dot, _} | _] -> Ts;
              TsR -> lists:reverse([{dot, erl_anno:new(1)} | TsR])
          end,
    {ok, Expr} = erl_parse:parse_exprs(Ts1),
    {value, _Value, _Bs} = erl_eval:exprs(Expr, erl_eval:new_bindings()),
    ok;
start_it([_ | _] = MFA) ->
    case MFA of
        [M] -> M:start();
        [M, F] -> M:F();
        [M, F | Args] -> M:F(Args)
    end.

%% {eval, [Expr]} becomes {eval, Expr}; -s M F Args gives atoms, -run M F Args strings.
%% -eval with more than one word fails here (function_clause), as in erl.
prepare_run_args({eval, [Expr]}) -> {eval, Expr};
prepare_run_args({_, L = []}) -> bs2as(L);
prepare_run_args({_, L = [_]}) -> bs2as(L);
prepare_run_args({s, [M, F | Args]}) -> [b2a(M), b2a(F) | bs2as(Args)];
prepare_run_args({run, [M, F | Args]}) -> [b2a(M), b2a(F) | bs2ss(Args)].

map(F, [H | T]) -> [F(H) | map(F, T)];
map(_, []) -> [].

b2a(Bin) when is_binary(Bin) -> list_to_atom(b2s(Bin));
b2a(A) when is_atom(A) -> A.

b2s(Bin) when is_binary(Bin) ->
    try unicode:characters_to_list(Bin, file:native_name_encoding()) of
        L when is_list(L) -> L;
        _ -> binary_to_list(Bin)
    catch
        _:_ -> binary_to_list(Bin)
    end;
b2s(L) when is_list(L) -> L.

bs2as(L) when is_list(L) -> [b2a(B) || B <- L];
bs2as(L) -> L.

bs2ss(L) when is_list(L) -> [b2s(B) || B <- L];
bs2ss(L) -> L.

%% The command line's words: {Start, Flags, PlainArgs}, with erl's grouping rules. Start
%% holds {s | run | eval, Words} in order; Flags {Flag, Words} in order.
parse_boot_args(Args) ->
    parse_boot_args(Args, [], [], []).

parse_boot_args([B | Bs], Ss, Fs, As) ->
    case check(B) of
        start_extra_arg -> {lists:reverse(Ss), lists:reverse(Fs), lists:reverse(As, Bs)};
        start_arg ->
            {S, Rest} = get_args(Bs, []),
            parse_boot_args(Rest, [{s, S} | Ss], Fs, As);
        start_arg2 ->
            {S, Rest} = get_args(Bs, []),
            parse_boot_args(Rest, [{run, S} | Ss], Fs, As);
        eval_arg ->
            {Expr, Rest} = get_args(Bs, []),
            parse_boot_args(Rest, [{eval, Expr} | Ss], Fs, As);
        {flag, A} ->
            {F, Rest} = get_args(Bs, []),
            parse_boot_args(Rest, Ss, [{A, F} | Fs], As);
        arg -> parse_boot_args(Bs, Ss, Fs, [B | As]);
        end_args -> parse_boot_args(Bs, Ss, Fs, As)
    end;
parse_boot_args([], Ss, Fs, As) ->
    {lists:reverse(Ss), lists:reverse(Fs), lists:reverse(As)}.

check(<<"-extra">>) -> start_extra_arg;
check(<<"-s">>) -> start_arg;
check(<<"-run">>) -> start_arg2;
check(<<"-eval">>) -> eval_arg;
check(<<"--">>) -> end_args;
check(<<"-", Flag/binary>>) -> {flag, b2a(Flag)};
check(_) -> arg.

%% A group's words: up to the next word starting with '-' ("--" is dropped).
get_args([B | Bs], As) ->
    case check(B) of
        arg -> get_args(Bs, [B | As]);
        end_args -> {lists:reverse(As), Bs};
        _ -> {lists:reverse(As), [B | Bs]}
    end;
get_args([], As) ->
    {lists:reverse(As), []}.

%% init:get_argument/1 & co. read the words again (they never change after boot), so any
%% process may ask, the init process itself included, without a request to init.
flags() ->
    {_, Flags, _} = parse_boot_args(hamlet:init_arguments()),
    Flags.

get_argument(Flag) ->
    case [bs2ss(V) || {F, V} <- flags(), F =:= Flag] of
        [] -> error;
        Values -> {ok, Values}
    end.

get_arguments() ->
    [{F, bs2ss(V)} || {F, V} <- flags()].

get_plain_arguments() ->
    {_, _, Args} = parse_boot_args(hamlet:init_arguments()),
    bs2ss(Args).

boot_loop(BootPid) ->
    receive
        {'EXIT', BootPid, normal} -> loop();
        {'EXIT', BootPid, Reason} -> boot_crashed(Reason);
        {stop, stop} -> wait_boot(BootPid), shutdown(0);
        {stop, {stop, Status}} -> wait_boot(BootPid), shutdown(Status);
        {From, get_status} -> From ! {init, {starting, starting}}, boot_loop(BootPid);
        _ -> boot_loop(BootPid)
    end.

system_process_terminated(Reason) ->
    erlang:halt(lists:flatten(io_lib:format("System process ~w terminated: ~1000000p", [self(), Reason]))).

boot_crashed(Reason) ->
    erlang:display({"init terminating in do_boot", Reason}),
    erlang:halt("init terminating in do_boot (" ++ slogan_term(Reason, 0) ++ ")").

loop() ->
    receive
        {stop, stop} -> shutdown(0);
        {stop, {stop, Status}} -> shutdown(Status);
        {From, get_status} -> From ! {init, {started, started}}, loop();
        _ -> loop()
    end.

%% erl's init stops the applications before it halts, which takes long enough for the boot
%% process to finish what it does after init:stop/0,1 returned; Hamlet gives the boot process
%% the same chance (up to 200 ms). Nothing depends on this wait for its output: shutdown/1
%% flushes what was logged.
wait_boot(BootPid) ->
    receive
        {'EXIT', BootPid, _} -> ok
    after 200 -> ok
    end.

%% As erl's init does, the servers init started are stopped in reverse order, each with a
%% shutdown exit from its parent, and init waits for each to end (with no time limit, as
%% erl's default shutdown_time). Stopping logger_sup stops the logger's handlers, which
%% print every report already sent to them before they end: whatever a program logged
%% before init:stop/0,1 is printed. Then the VM halts (flushing standard output).
shutdown(Status) ->
    [stop_kernel_pid(Pid) || Pid <- lists:reverse(get(kernel_pids))],
    erlang:halt(Status).

stop_kernel_pid(Pid) ->
    Ref = erlang:monitor(process, Pid),
    exit(Pid, shutdown),
    receive {'DOWN', Ref, process, Pid, _} -> ok end.

stop() -> init ! {stop, stop}, ok.

stop(Status) when is_integer(Status), Status >= 0 -> init ! {stop, {stop, Status}}, ok;
stop(Status) when is_list(Status) ->
    case lists:all(fun(C) -> is_integer(C) andalso C >= 0 andalso C < 256 end, Status) of
        true -> init ! {stop, {stop, Status}}, ok;
        false -> erlang:error(badarg)
    end;
stop(_) -> erlang:error(badarg).

reboot() -> stop().
restart() -> stop().

objfile_extension() -> ".beam".
archive_extension() -> ".ez".
code_path_choice() -> relaxed.
fetch_loaded() -> hamlet:all_loaded().

get_status() -> {started, started}.
script_id() -> {"Hamlet", "0.1"}.
notify_when_started(_Pid) -> started.
wait_until_started() -> ok.

%% The halt slogan's rendering of a term: nesting deeper than four levels is elided
%% ("[_]", "{_}"), strings are shown as text, and what cannot be shown simply (binaries,
%% maps, funs) is left out.
slogan_term(X, Depth) when is_list(X), Depth < 4 ->
    Flat = flat(X),
    case Flat =/= [] andalso plain_text(Flat) of
        true -> Flat;
        false -> "[" ++ comma_join([slogan_term(E, Depth + 1) || E <- X]) ++ "]"
    end;
slogan_term(X, _) when is_list(X) -> "[_]";
slogan_term(X, _) when is_atom(X) -> atom_to_list(X);
slogan_term(X, _) when is_pid(X) -> pid_to_list(X);
slogan_term(X, _) when is_float(X) -> float_to_list(X);
slogan_term(X, _) when is_integer(X) -> integer_to_list(X);
slogan_term(X, Depth) when is_tuple(X), Depth < 4 ->
    "{" ++ comma_join([slogan_term(E, Depth + 1) || E <- tuple_to_list(X)]) ++ "}";
slogan_term(X, _) when is_tuple(X) -> "{_}";
slogan_term(_, _) -> "".

flat(L) -> flat(L, []).
flat([H | T], Acc) when is_list(H) -> flat(H, flat(T, Acc));
flat([H | T], Acc) -> [H | flat(T, Acc)];
flat([], Acc) -> Acc.

plain_text([C | T]) when is_integer(C), C >= 32, C =< 126 -> plain_text(T);
plain_text([C | T]) when C =:= $\n; C =:= $\r; C =:= $\t -> plain_text(T);
plain_text([]) -> true;
plain_text(_) -> false.

comma_join([]) -> "";
comma_join([X]) -> X;
comma_join([X | T]) -> X ++ "," ++ comma_join(T).
