%% os:cmd/1,2 (the real os.erl over a spawn port) and the standard I/O servers over fd
%% ports (kernel's user and standard_error): options, encodings, standard error.
-module(port_os_cmd).
-export([main/0]).

main() ->
    io:format("~p~n", [os:cmd("echo hello")]),
    io:format("~p~n", [os:cmd('echo atom command')]),
    io:format("~p~n", [os:cmd("printf 'no newline'")]),
    io:format("~p~n", [os:cmd("echo to stderr >&2; echo to stdout")]),
    io:format("~p~n", [os:cmd("exit 3")]),
    io:format("~p~n", [os:cmd("cd /tmp && pwd")]),
    io:format("~p~n", [os:cmd("echo $HAMLET_TEST_VAR")]),
    os:putenv("HAMLET_TEST_VAR", "set by putenv"),
    io:format("~p~n", [os:cmd("echo $HAMLET_TEST_VAR")]),
    io:format("~p~n", [length(os:cmd("seq 1 20000"))]),
    io:format("~p~n", [os:cmd("seq 1 100000", #{max_size => 20})]),
    io:format("~p~n", [os:cmd("printf 'a\\000b'")]),
    io:format("~p~n", [catch os:cmd(123)]),
    io:format("~p~n", [catch os:cmd("echo x\0y")]),
    %% Several at once, from several processes.
    Self = self(),
    [spawn(fun() -> Self ! {N, os:cmd("echo " ++ integer_to_list(N))} end) || N <- lists:seq(1, 8)],
    io:format("~p~n", [lists:sort([receive {N, R} -> {N, R} end || N <- lists:seq(1, 8)])]),
    %% The standard I/O servers.
    io:format("~p ~p~n", [io:getopts(), io:columns()]),
    io:format(standard_error, "to standard_error ~p~n", [[1, 2]]),
    io:put_chars(standard_error, [<<"bytes ">>, "and chars\n"]),
    io:format("~ts~n", [[233, 8364]]),
    ok = io:setopts([{encoding, unicode}]),
    io:format("~ts~n", [[233, 8364]]),
    ok = io:setopts([binary]),
    io:format("~p~n", [io:getopts()]),
    ok = io:setopts(standard_error, [{encoding, utf8}]),
    io:format(standard_error, "~ts~n", [[233, 8364]]),
    io:format("~p~n", [io:setopts([{expand_fun, fun(_) -> {no, [], []} end}])]),
    io:format("~p~n", [io:get_line("at end of input? ")]),
    io:format("~p~n", [lists:sort([whereis(user) =/= undefined, whereis(standard_error) =/= undefined])]),
    %% (erl also lists its "forker" port, which Hamlet does not have.)
    io:format("~p~n", [lists:sort([N || P <- erlang:ports(), {name, N} <- [erlang:port_info(P, name)],
                                        N =/= "forker"])]),
    ok.
