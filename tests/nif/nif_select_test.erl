%% Runs nif_select.c (through nif_select.erl): enif_select on pipes and sockets (read and
%% write readiness, one-shot notifications, another recipient, custom messages, cancel,
%% stop and its callback, bad descriptors) and the port functions on a `cat` port. Prints
%% only what does not vary between runs; the expected output is erl's (tests/nif/record.sh).
%% Waits are for events, with long limits; a notification that must not come is checked
%% after a barrier, a select that fires at once on another descriptor.
-module(nif_select_test).
-export([main/0, log/2]).

-define(WAIT, 20000).

main() ->
    read_readiness(),
    thread_writer(),
    write_readiness(),
    recipients(),
    custom_messages(),
    cancel(),
    stop(),
    hang_up(),
    bad_events(),
    ports(),
    concurrent(),
    ok.

show(Label, V) -> io:format("~s: ~p~n", [Label, V]).

%% The next select notification for Res, as {Ref, Event} (or timeout).
await(Res) ->
    receive
        {select, Res, Ref, Event} -> {ref_kind(Ref), Event}
    after ?WAIT -> timeout
    end.

ref_kind(undefined) -> undefined;
ref_kind(Ref) when is_reference(Ref) -> ref.

%% Every event that was due has been delivered once a fresh pipe's write end, always
%% writable, has notified; then the mailbox must hold nothing more.
barrier() ->
    {_R, W} = nif_select:pipe(),
    Ref = make_ref(),
    {ok, []} = nif_select:select(W, [write], Ref),
    receive {select, W, Ref, ready_output} -> ok after ?WAIT -> exit(barrier_timeout) end,
    {ok, [stop_called]} = nif_select:select(W, [stop], undefined),
    receive Other -> {unexpected, Other} after 0 -> nothing_else end.

read_readiness() ->
    {R, W} = nif_select:pipe(),
    Ref = make_ref(),
    show("select read", nif_select:select(R, [read], Ref)),
    show("nothing before a write", barrier()),
    show("write", nif_select:write(W, <<"hello">>)),
    receive
        {select, R2, Ref2, ready_input} ->
            show("ready_input for the resource", {R2 =:= R, Ref2 =:= Ref})
    after ?WAIT -> show("ready_input", timeout)
    end,
    show("read", nif_select:read(R, 100)),
    show("read again", nif_select:read(R, 100)),
    %% One-shot: more data, but no second notification until selected again.
    show("write more", nif_select:write(W, <<"more">>)),
    show("one-shot", barrier()),
    show("select again, ref undefined", nif_select:select(R, [read], undefined)),
    show("notified", await(R)),
    show("read", nif_select:read(R, 100)),
    %% Selecting twice before the event: one notification, with the newer ref.
    Ref3 = make_ref(),
    show("select", nif_select:select(R, [read], make_ref())),
    show("select again", nif_select:select(R, [read], Ref3)),
    nif_select:write(W, <<"x">>),
    receive {select, R, Ref4, ready_input} -> show("newer ref", Ref4 =:= Ref3)
    after ?WAIT -> show("newer ref", timeout)
    end,
    show("only one", barrier()),
    show("stop read end", nif_select:select(R, [stop], undefined)),
    show("stop write end (never selected)", nif_select:select(W, [stop], undefined)),
    show("stop callbacks", {nif_select:stop_info(R), nif_select:stop_info(W)}).

thread_writer() ->
    {R, W} = nif_select:pipe(),
    show("select read", nif_select:select(R, [read], make_ref())),
    show("write from a thread", nif_select:write_later(W, <<"from a thread">>)),
    show("notified", await(R)),
    show("thread wrote", nif_select:join()),
    show("read", nif_select:read(R, 100)),
    nif_select:select(R, [stop], undefined),
    nif_select:select(W, [stop], undefined).

write_readiness() ->
    {R, W} = nif_select:pipe(),
    show("select write", nif_select:select(W, [write], make_ref())),
    show("writable at once", await(W)),
    show("fill the pipe", nif_select:fill(W)),
    show("select write when full", nif_select:select(W, [write], make_ref())),
    show("no notification while full", barrier()),
    show("drain the pipe", nif_select:drain(R)),
    show("writable again", await(W)),
    %% Read and write at once on a socket: two notifications.
    {A, B} = nif_select:socketpair(),
    nif_select:write(B, <<"ping">>),
    show("select read and write", nif_select:select(A, [read, write], make_ref())),
    Two = lists:sort([await(A), await(A)]),
    show("both", Two),
    show("then nothing", barrier()),
    [nif_select:select(X, [stop], undefined) || X <- [R, W, A, B]],
    ok.

recipients() ->
    {R, W} = nif_select:pipe(),
    Self = self(),
    Ref = make_ref(),
    Pid = spawn(fun() ->
                        receive
                            {select, Res, Ref, Ev} -> Self ! {forwarded, Res =:= R, Ev}
                        after ?WAIT -> Self ! {forwarded, timeout}
                        end
                end),
    show("select for another process", nif_select:select_to(R, [read], Pid, Ref)),
    nif_select:write(W, <<"y">>),
    receive {forwarded, _, _} = F -> show("the other process got", F)
    after ?WAIT -> show("the other process got", timeout)
    end,
    show("not this one", barrier()),
    nif_select:select(R, [stop], undefined),
    nif_select:select(W, [stop], undefined).

custom_messages() ->
    {R, W} = nif_select:pipe(),
    show("select_read, msg copied",
         nif_select:select_custom(R, read, {my_read, [1, 2.5, "three", <<"four">>]}, false)),
    nif_select:write(W, <<"z">>),
    receive {my_read, _} = M1 -> show("got", M1) after ?WAIT -> show("got", timeout) end,
    nif_select:read(R, 10),
    show("select_read, msg env", nif_select:select_custom(R, read, {my_env_read, self()}, true)),
    nif_select:write(W, <<"z">>),
    Self = self(),
    receive {my_env_read, P} -> show("got, with self", P =:= Self)
    after ?WAIT -> show("got", timeout)
    end,
    show("select_write", nif_select:select_custom(W, write, my_write, false)),
    receive my_write -> show("got", my_write) after ?WAIT -> show("got", timeout) end,
    show("nothing else", barrier()),
    nif_select:select(R, [stop], undefined),
    nif_select:select(W, [stop], undefined).

cancel() ->
    {R, W} = nif_select:pipe(),
    show("select read", nif_select:select(R, [read], make_ref())),
    show("cancel read", nif_select:select(R, [read, cancel], undefined)),
    show("cancel read again", nif_select:select(R, [read, cancel], undefined)),
    nif_select:write(W, <<"data">>),
    show("no notification after cancel", barrier()),
    show("select read again", nif_select:select(R, [read], undefined)),
    show("notified", await(R)),
    show("cancel after the notification", nif_select:select(R, [read, cancel], undefined)),
    nif_select:fill(W),
    show("select write when full", nif_select:select(W, [write], make_ref())),
    show("cancel write", nif_select:select(W, [write, cancel], undefined)),
    nif_select:drain(R),
    show("no write notification", barrier()),
    show("cancel read and write, nothing armed", nif_select:select(W, [read, write, cancel],
                                                                   undefined)),
    nif_select:select(R, [stop], undefined),
    nif_select:select(W, [stop], undefined).

stop() ->
    {R, W} = nif_select:pipe(),
    show("stop, never selected", nif_select:select(R, [stop], undefined)),
    show("stop callback", nif_select:stop_info(R)),
    {R2, W2} = nif_select:pipe(),
    show("select read", nif_select:select(R2, [read], make_ref())),
    show("stop with read armed", nif_select:select(R2, [stop], undefined)),
    show("stop callback", nif_select:stop_info(R2)),
    nif_select:write(W2, <<"late">>),
    show("nothing after stop", barrier()),
    show("stop the other ends", {nif_select:select(W, [stop], undefined),
                                 nif_select:select(W2, [stop], undefined)}),
    {R3, W3} = nif_select:pipe(),
    nif_select:fill(W3),
    show("select write when full", nif_select:select(W3, [write], make_ref())),
    show("stop with write armed", nif_select:select(W3, [stop], undefined)),
    show("stop callback", nif_select:stop_info(W3)),
    show("nothing after stop", barrier()),
    nif_select:select(R3, [stop], undefined),
    ok.

hang_up() ->
    {A, B} = nif_select:socketpair(),
    show("select read", nif_select:select(A, [read], make_ref())),
    show("stop (closes) the peer", nif_select:select(B, [stop], undefined)),
    show("notified", await(A)),
    show("read", nif_select:read(A, 10)),
    show("stop", nif_select:select(A, [stop], undefined)),
    %% ERL_NIF_SELECT_ERROR: a hang-up is an error event of its own.
    {C, D} = nif_select:socketpair(),
    show("select error", nif_select:select(C, [error], make_ref())),
    show("cancel error", nif_select:select(C, [error, cancel], undefined)),
    show("select error again", nif_select:select(C, [error], make_ref())),
    show("nothing yet", barrier()),
    show("stop (closes) the peer", nif_select:select(D, [stop], undefined)),
    show("notified", await(C)),
    show("nothing else", barrier()),
    show("stop", nif_select:select(C, [stop], undefined)).

bad_events() ->
    Bad = nif_select:bad_fd(),
    show("select on -1", nif_select:select(Bad, [read], make_ref())),
    show("nothing", barrier()),
    %% A regular file cannot be in an epoll set; poll() says it is always ready.
    F = nif_select:open_file("nif_select_file.tmp"),
    show("select read and write on a file", nif_select:select(F, [read, write], make_ref())),
    show("both", lists:sort([await(F), await(F)])),
    show("select read again", nif_select:select(F, [read], undefined)),
    show("notified", await(F)),
    %% Its stop cannot be direct: the callback comes later, from the poller's thread.
    nif_select:notify_stop(F),
    show("stop", nif_select:select(F, [stop], undefined)),
    receive {stopped, Direct} -> show("stop callback, is_direct_call", Direct)
    after ?WAIT -> show("stop callback", timeout)
    end,
    show("stop callbacks", nif_select:stop_info(F)),
    file:delete("nif_select_file.tmp").

ports() ->
    P = open_port({spawn, "cat"}, [binary]),
    register(nif_cat, P),
    show("whereis_port", nif_select:whereis_port(nif_cat) =:= P),
    show("whereis_port of a process name", nif_select:whereis_port(init)),
    show("whereis_port of no name", nif_select:whereis_port(no_such_name)),
    show("whereis_port of a non-atom", nif_select:whereis_port("nif_cat")),
    show("is_port_alive", nif_select:is_port_alive(P)),
    show("port_command", nif_select:port_command(P, <<"echo\n">>, false)),
    show("echo", echo(P)),
    show("port_command iolist, msg env", nif_select:port_command(P, [<<"io">>, "list" | <<"\n">>],
                                                                 true)),
    show("echo", echo(P)),
    %% Not the owner: the command still goes (no badsig), the owner gets the echo.
    Self = self(),
    spawn(fun() -> Self ! {other, nif_select:port_command(P, <<"other\n">>, false)} end),
    receive {other, Res} -> show("port_command from another process", Res) end,
    show("echo", echo(P)),
    show("port_command from a thread", nif_select:port_command_later(P, <<"thread\n">>)),
    show("thread's port_command", nif_select:join()),
    show("echo", echo(P)),
    %% Bad data: false, and erts logs it (captured here without the time).
    logger:add_handler(capture, ?MODULE, #{config => self()}),
    logger:remove_handler(default),
    show("port_command with bad data", nif_select:port_command(P, [bad_data], false)),
    receive {logged, Text} -> show("logged", Text) after ?WAIT -> show("logged", timeout) end,
    show("port still alive", nif_select:is_port_alive(P)),
    port_close(P),
    show("is_port_alive after close", nif_select:is_port_alive(P)),
    show("port_command after close", nif_select:port_command(P, <<"late\n">>, false)),
    show("whereis_port after close", nif_select:whereis_port(nif_cat)),
    receive {P, _} = M -> show("unexpected", M) after 0 -> ok end.

%% Processes on every scheduler selecting, writing, cancelling and reading their own pipes
%% while the I/O thread delivers: a cancel that says read_cancelled guarantees that no
%% notification of that select comes (the next one, selected again, is the first to come).
concurrent() ->
    Self = self(),
    N = 8,
    [spawn_link(fun() -> Self ! {rounds_done, rounds(200)} end) || _ <- lists:seq(1, N)],
    Results = [receive {rounds_done, R} -> R after 120000 -> timeout end
               || _ <- lists:seq(1, N)],
    show("8 processes x 200 rounds", lists:usort(Results)).

rounds(N) ->
    {R, W} = nif_select:pipe(),
    Result = rounds(R, W, N),
    {ok, _} = nif_select:select(R, [stop], undefined),
    {ok, _} = nif_select:select(W, [stop], undefined),
    Result.

rounds(_R, _W, 0) -> ok;
rounds(R, W, N) ->
    Ref = make_ref(),
    {ok, []} = nif_select:select(R, [read], Ref),
    1 = nif_select:write(W, <<"a">>),
    receive {select, R, Ref, ready_input} -> ok after ?WAIT -> exit(no_notification) end,
    <<"a">> = nif_select:read(R, 10),
    Ref2 = make_ref(),
    {ok, []} = nif_select:select(R, [read], Ref2),
    1 = nif_select:write(W, <<"b">>),
    {ok, Flags} = nif_select:select(R, [read, cancel], undefined),
    case Flags of
        [read_cancelled] ->
            Ref3 = make_ref(),
            {ok, []} = nif_select:select(R, [read], Ref3),
            receive
                {select, R, Ref3, ready_input} -> ok;
                {select, R, Ref2, ready_input} -> exit(notified_after_cancel)
            after ?WAIT -> exit(no_notification)
            end;
        [] ->
            receive {select, R, Ref2, ready_input} -> ok
            after ?WAIT -> exit(not_cancelled_but_no_notification)
            end
    end,
    <<"b">> = nif_select:read(R, 10),
    rounds(R, W, N - 1).

echo(P) ->
    receive {P, {data, D}} -> D after ?WAIT -> timeout end.

%% A logger handler: the formatted text of each event, to the test process.
log(#{msg := Msg}, #{config := Pid}) ->
    Text = case Msg of
               {string, S} -> S;
               {report, R} -> io_lib:format("~p", [R]);
               {F, A} -> io_lib:format(F, A)
           end,
    Pid ! {logged, lists:flatten(Text)}.
