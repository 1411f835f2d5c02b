%% Spawn ports: {spawn, Command} and {spawn_executable, Path} with each of open_port's
%% options, exit statuses, eof, and data through a child both ways.
-module(port_spawn).
-export([main/0]).

%% Everything the port sends, until it is closed or goes quiet.
collect(P) -> collect(P, []).
collect(P, Acc) ->
    receive
        {P, closed} -> lists:reverse([closed | Acc]);
        {P, eof} = M -> collect_after_eof(P, [element(2, M) | Acc]);
        {P, {exit_status, _} = S} -> collect(P, [S | Acc]);
        {P, {data, D}} -> collect(P, [{data, D} | Acc]);
        {'EXIT', P, R} -> lists:reverse([{'EXIT', R} | Acc])
    after 5000 -> lists:reverse([timeout | Acc])
    end.

collect_after_eof(P, Acc) ->
    port_close(P),
    receive {'EXIT', P, R} -> lists:reverse([{'EXIT', R} | Acc]) after 5000 -> lists:reverse(Acc) end.

%% Data is merged (the chunks a pipe delivers depend on timing).
merged(L) ->
    {Data, Rest} = lists:partition(fun(E) -> is_tuple(E) andalso element(1, E) =:= data end, L),
    [{data, iolist_to_binary([D || {data, D} <- Data])} | Rest].

show(What, P) -> io:format("~s: ~p~n", [What, merged(collect(P))]).

main() ->
    process_flag(trap_exit, true),
    show("echo", open_port({spawn, "echo hello world"}, [])),
    show("exit status", open_port({spawn, "echo out; exit 7"}, [exit_status])),
    show("exit status, eof", open_port({spawn, "sh -c 'exit 3'"}, [exit_status, eof])),
    show("killed", open_port({spawn, "sh -c 'kill -9 $$'"}, [exit_status])),
    show("binary", open_port({spawn, "printf abc"}, [binary, exit_status])),
    show("stderr_to_stdout", open_port({spawn, "sh -c 'echo to-err >&2'"},
                                       [stderr_to_stdout, exit_status])),
    show("not found", open_port({spawn, "/no/such/command"}, [exit_status, stderr_to_stdout])),
    show("executable args", open_port({spawn_executable, "/bin/echo"},
                                      [{args, ["a", "b c", <<"d">>]}, exit_status])),
    show("arg0", open_port({spawn_executable, "/bin/sh"},
                           [{args, ["-c", "echo $0"]}, {arg0, "my-name"}, exit_status])),
    show("env", open_port({spawn_executable, "/bin/sh"},
                          [{args, ["-c", "echo ${P1:-unset} ${HOME:-nohome}"]},
                           {env, [{"P1", "one"}, {"HOME", false}]}, exit_status])),
    show("cd", open_port({spawn_executable, "/bin/pwd"}, [{cd, "/"}, exit_status])),
    show("hide parallelism stream", open_port({spawn, "echo x"},
                                               [hide, {parallelism, true}, stream, exit_status])),
    NoStdio = open_port({spawn_executable, "/bin/sh"},
                        [{args, ["-c", "read l <&3; echo got $l >&4"]}, nouse_stdio, exit_status]),
    port_command(NoStdio, "line\n"),
    show("nouse_stdio", NoStdio),
    Cat = open_port({spawn, "cat"}, [binary, eof]),
    Big = list_to_binary([integer_to_list(I) || I <- lists:seq(1, 20000)]),
    port_command(Cat, Big),
    port_command(Cat, [<<"tail">>, "-", [$e, $n, $d]]),
    Echoed = read_bytes(Cat, byte_size(Big) + 8, []),
    io:format("cat: ~p bytes back, same: ~p~n", [byte_size(Echoed),
                                                 Echoed =:= <<Big/binary, "tail-end">>]),
    port_close(Cat),
    receive {'EXIT', Cat, R} -> io:format("cat closed: ~p~n", [R]) end,
    show("in", open_port({spawn, "echo only-in"}, [in, exit_status])),
    %% Writing to a port opened with `in` only fails the port.
    In = open_port({spawn, "sleep 5"}, [in]),
    io:format("command to in: ~p~n", [port_command(In, "x")]),
    receive {'EXIT', In, R1} -> io:format("in port: ~p~n", [R1]) end,
    Out = open_port({spawn, "cat >/dev/null"}, [out]),
    io:format("command to out: ~p~n", [port_command(Out, "data")]),
    io:format("out closed: ~p~n", [port_close(Out)]),
    %% cat's input ends when its port closes: cat exits.
    Pipe = open_port({spawn, "cat"}, [exit_status]),
    port_command(Pipe, "one\n"),
    receive {Pipe, {data, D1}} -> io:format("first: ~p~n", [D1]) end,
    port_close(Pipe),
    receive {'EXIT', Pipe, R2} -> io:format("pipe closed: ~p~n", [R2]) end,
    io:format("enoent: ~p~n", [catch open_port({spawn_executable, "/no/such/file"}, [])]),
    io:format("eacces: ~p~n", [catch open_port({spawn_executable, "/etc/passwd"}, [])]),
    ok.

read_bytes(_P, N, Acc) when N =< 0 -> iolist_to_binary(lists:reverse(Acc));
read_bytes(P, N, Acc) ->
    receive {P, {data, D}} -> read_bytes(P, N - byte_size(D), [D | Acc])
    after 5000 -> iolist_to_binary(lists:reverse(Acc))
    end.
