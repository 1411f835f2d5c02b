%% Port modes: {packet, 1 | 2 | 4} both ways, {line, L} (long lines, CR LF, an unterminated
%% last line), binary and list data, eof.
-module(port_modes).
-export([main/0]).

recv_all(P) ->
    receive
        {P, {data, D}} -> [D | recv_all(P)];
        {P, eof} -> [eof];
        {P, {exit_status, S}} -> [{exit_status, S} | recv_all(P)];
        {'EXIT', P, R} -> [{'EXIT', R}]
    after 5000 -> [timeout]
    end.

main() ->
    process_flag(trap_exit, true),
    %% cat echoes the framed packets; the port takes the headers off again.
    lists:foreach(
      fun({N, Mode}) ->
              P = open_port({spawn, "cat 2>/dev/null"}, [{packet, N}, eof | Mode]),
              port_command(P, "hello"),
              port_command(P, [<<"wor">>, $l, "d" | <<"!">>]),
              port_command(P, <<>>),
              port_command(P, lists:duplicate(200, $x)),
              Got = [receive {P, {data, D}} -> D after 5000 -> timeout end || _ <- [1, 2, 3, 4]],
              io:format("packet ~p ~p: ~p~n", [N, Mode, [if is_binary(D) -> {bin, byte_size(D), binary:part(D, 0, min(5, byte_size(D)))};
                                                         is_list(D) -> {list, length(D), lists:sublist(D, 5)};
                                                         true -> D end || D <- Got]]),
              port_close(P),
              receive {'EXIT', P, R} -> io:format("  closed: ~p~n", [R]) end
      end, [{1, []}, {2, [binary]}, {4, []}, {4, [binary]}]),
    %% {packet, 1}: a packet longer than 255 bytes fails the port.
    P1 = open_port({spawn, "cat 2>/dev/null"}, [{packet, 1}]),
    port_command(P1, lists:duplicate(256, $y)),
    receive {'EXIT', P1, R1} -> io:format("packet 1 too long: ~p~n", [R1]) end,
    %% Packets written by the child, split over several writes.
    P2 = open_port({spawn, "printf '\\000\\003abc\\000'; sleep 0.1; printf '\\002de\\000\\000'"},
                   [{packet, 2}, exit_status]),
    io:format("child packets: ~p~n", [recv_all(P2)]),
    Lines = "printf 'short\\nexactly-10\\nthis line is longer than ten\\r\\ncr\\ralone\\nlast'",
    lists:foreach(
      fun(Opts) ->
              P = open_port({spawn, Lines}, Opts),
              io:format("~p:~n  ~p~n", [Opts, recv_all(P)])
      end, [[{line, 10}, eof], [{line, 10}, binary, exit_status], [line, eof],
            [{line, 4}, binary, eof], [{line, 1}, eof]]),
    P3 = open_port({spawn, "printf 'a\\r'"}, [{line, 5}, eof]),
    io:format("cr at the end: ~p~n", [recv_all(P3)]),
    P4 = open_port({spawn, "printf 'abcde\\r'"}, [{line, 5}, eof]),
    io:format("cr after a full line: ~p~n", [recv_all(P4)]),
    P5 = open_port({spawn, "printf 'abcde\\r\\n'"}, [{line, 5}, eof]),
    io:format("crlf after a full line: ~p~n", [recv_all(P5)]),
    P6 = open_port({spawn, "printf 'abcdef\\r\\n'"}, [{line, 5}, eof]),
    io:format("crlf after a long line: ~p~n", [recv_all(P6)]),
    ok.
