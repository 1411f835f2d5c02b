%% Busy ports: a child that does not read yet (cat, once a line comes through a named pipe)
%% makes its port busy once the pipe and the port's queue fill; port_command with nosuspend then answers false, with force fails with notsup
%% (the spawn driver has no soft-busy mode), a plain port_command waits until the port takes
%% the data, and port_close/1 still works. A child closing its output ends a port opened
%% without exit_status at once. Every step waits for an event, never for time.
-module(port_busy).
-export([main/0]).

err(F) -> try F() catch C:R -> {C, R} end.

receive_data(_P, 0) -> all;
receive_data(P, Left) when Left > 0 ->
    receive {P, {data, D}} -> receive_data(P, Left - byte_size(D)) after 30000 -> {missing, Left} end.

fill(P, Chunk, N) ->
    case port_command(P, Chunk, [nosuspend]) of
        true -> fill(P, Chunk, N + 1);
        false -> N
    end.

main() ->
    process_flag(trap_exit, true),
    %% The child reads nothing until a line arrives through a named pipe.
    Fifo = "port_busy.fifo",
    file:delete(Fifo),
    "" = os:cmd("mkfifo " ++ Fifo),
    P = open_port({spawn, "sh -c 'read go < " ++ Fifo ++ "; exec cat'"}, [binary]),
    Chunk = binary:copy(<<"0123456789abcdef">>, 1024), % 16 KB
    N = fill(P, Chunk, 0),
    io:format("busy after more than the pipe holds: ~p~n", [N * byte_size(Chunk) > 65536]),
    {queue_size, Q} = erlang:port_info(P, queue_size),
    io:format("queue at or above the high mark: ~p~n", [Q >= 8192]),
    io:format("nosuspend again: ~p~n", [port_command(P, <<"x">>, [nosuspend])]),
    io:format("force: ~p~n", [err(fun() -> port_command(P, <<"x">>, [force]) end)]),
    Self = self(),
    Writer = spawn(fun() -> Self ! {self(), port_command(P, <<"waited">>)} end),
    io:format("writer waits: ~p~n", [receive {Writer, _} -> no after 300 -> yes end]),
    "" = os:cmd("echo go > " ++ Fifo),
    io:format("writer done: ~p~n", [receive {Writer, R} -> R after 30000 -> timeout end]),
    io:format("nosuspend after: ~p~n", [port_command(P, <<"y">>, [nosuspend])]),
    %% Everything written comes back through cat.
    Total = N * byte_size(Chunk) + byte_size(<<"waitedy">>),
    io:format("echoed back: ~p~n", [receive_data(P, Total)]),
    io:format("close: ~p~n", [port_close(P)]),
    io:format("message after close: ~p~n", [receive M -> M after 100 -> none end]),
    file:delete(Fifo),
    %% Without exit_status, the end of the child's output ends the port, though the child
    %% still runs (here it waits for its input, which ends when the port closes).
    E = open_port({spawn, "sh -c 'echo a; exec >&-; read x'"}, []),
    io:format("output closed first: ~p~n", [receive {E, {data, D}} -> D end]),
    io:format("then: ~p~n", [receive M2 -> M2 after 30000 -> timeout end]),
    ok.
