%% gen_tcp's packet modes on passive sockets (1, 2, 4, line, line_delimiter, packet_size
%% limits, a packet split over several sends, recv lengths outside raw mode) and
%% erlang:decode_packet/3 on every type it knows, with its errors.
-module(net_tcp_packets).
-export([main/0]).

main() ->
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}]),
    {ok, Port} = inet:port(L),
    {ok, C} = gen_tcp:connect({127,0,0,1}, Port, [binary, {active, false}]),
    {ok, S} = gen_tcp:accept(L),
    [packet_mode(C, S, P) || P <- [1, 2, 4]],

    %% a header split over sends: the receiver waits for the whole packet
    ok = inet:setopts(S, [{packet, 4}]),
    ok = inet:setopts(C, [{packet, raw}]),
    ok = gen_tcp:send(C, <<0, 0>>),
    io:format("half a header: ~p~n", [gen_tcp:recv(S, 0, 100)]),
    ok = gen_tcp:send(C, <<0, 5, "ab">>),
    Self = self(),
    spawn(fun() -> Self ! {got, gen_tcp:recv(S, 0, 5000)} end),
    ok = gen_tcp:send(C, <<"cde">>),
    receive {got, G} -> io:format("split packet: ~p~n", [G]) end,
    io:format("length in packet mode: ~p~n", [gen_tcp:recv(S, 3, 100)]),

    %% packet_size: a bigger packet is an error
    ok = inet:setopts(S, [{packet, 2}, {packet_size, 4}]),
    ok = gen_tcp:send(C, <<0, 3, "abc">>),
    io:format("within packet_size: ~p~n", [gen_tcp:recv(S, 0, 5000)]),
    ok = gen_tcp:send(C, <<0, 10, "0123456789">>),
    io:format("beyond packet_size: ~p~n", [gen_tcp:recv(S, 0, 5000)]),
    gen_tcp:close(S),
    gen_tcp:close(C),

    %% line mode, with a delimiter, and packet_size as the line length
    {ok, C2} = gen_tcp:connect({127,0,0,1}, Port, [list, {active, false}]),
    {ok, S2} = gen_tcp:accept(L),
    ok = inet:setopts(S2, [{packet, line}, list]),
    ok = gen_tcp:send(C2, "one\ntwo\r\nthr"),
    io:format("line: ~p~n", [gen_tcp:recv(S2, 0, 5000)]),
    io:format("line: ~p~n", [gen_tcp:recv(S2, 0, 5000)]),
    io:format("no full line: ~p~n", [gen_tcp:recv(S2, 0, 100)]),
    ok = gen_tcp:send(C2, "ee\n"),
    io:format("line: ~p~n", [gen_tcp:recv(S2, 0, 5000)]),
    ok = inet:setopts(S2, [{line_delimiter, $;}]),
    io:format("delimiter: ~p~n", [inet:getopts(S2, [line_delimiter])]),
    ok = gen_tcp:send(C2, "a;b\n;"),
    io:format("delimited: ~p ~p~n", [gen_tcp:recv(S2, 0, 5000), gen_tcp:recv(S2, 0, 5000)]),
    ok = inet:setopts(S2, [{line_delimiter, $\n}, {packet_size, 5}]),
    ok = gen_tcp:send(C2, "abcdefghij\n"),
    io:format("long line: ~p~n", [gen_tcp:recv(S2, 0, 5000)]),
    io:format("rest: ~p~n", [gen_tcp:recv(S2, 0, 5000)]),
    io:format("bad delimiter: ~p~n", [inet:setopts(S2, [{line_delimiter, 300}])]),
    gen_tcp:close(S2),
    gen_tcp:close(C2),
    gen_tcp:close(L),
    decode(),
    ok.

packet_mode(C, S, P) ->
    ok = inet:setopts(C, [{packet, P}]),
    ok = inet:setopts(S, [{packet, P}]),
    ok = gen_tcp:send(C, <<"first">>),
    ok = gen_tcp:send(C, [<<"sec">>, "ond"]),
    ok = gen_tcp:send(C, <<>>),
    R1 = gen_tcp:recv(S, 0, 5000),
    R2 = gen_tcp:recv(S, 0, 5000),
    R3 = gen_tcp:recv(S, 0, 5000),
    %% what the wire carried: read it raw
    ok = inet:setopts(S, [{packet, raw}]),
    ok = gen_tcp:send(C, <<"xy">>),
    Raw = gen_tcp:recv(S, 2 + P, 5000),
    io:format("packet ~p: ~p ~p ~p wire ~p~n", [P, R1, R2, R3, Raw]),
    Big = binary:copy(<<"z">>, 300),
    io:format("packet ~p, 300 bytes: ~p~n", [P, gen_tcp:send(C, Big)]),
    {ok, <<Hdr:P/binary, Body/binary>>} = gen_tcp:recv(S, P + 300, 5000),
    io:format("  header on the wire ~p, ~p bytes~n", [Hdr, byte_size(Body)]),
    ok = inet:setopts(S, [{packet, raw}]),
    ok = inet:setopts(C, [{packet, raw}]).

decode() ->
    Cases =
        [{raw, <<"abc">>, []},
         {raw, <<>>, []},
         {1, <<3, "abcd">>, []},
         {1, <<5, "ab">>, []},
         {2, <<0, 2, "hi", "rest">>, []},
         {2, <<0>>, []},
         {4, <<0, 0, 0, 3, "xyz">>, []},
         {4, <<0, 0, 0, 9, "xyz">>, [{packet_size, 4}]},
         {line, <<"hello\nworld">>, []},
         {line, <<"no newline">>, []},
         {line, <<"a long line here\n">>, [{line_length, 4}]},
         {line, <<"x;y">>, [{line_delimiter, $;}]},
         {asn1, <<16#30, 3, 1, 2, 3, 9>>, []},
         {asn1, <<16#30, 16#81, 2, 1, 2>>, []},
         {sunrm, <<0, 0, 0, 2, "ab">>, []},
         {cdr, <<"GIOP", 1, 0, 0, 0, 0, 0, 0, 2, "ab">>, []},
         {fcgi, <<1, 1, 0, 1, 0, 2, 1, 0, "ab", 0>>, []},
         {tpkt, <<3, 0, 0, 6, "ab">>, []},
         {http, <<"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n">>, []},
         {http, <<"HTTP/1.0 404 Not Found\r\n">>, []},
         {http, <<"OPTIONS * HTTP/1.1\r\n">>, []},
         {http, <<"GET http://example.com:8080/a?b HTTP/1.1\r\n">>, []},
         {http, <<"PURGE /x HTTP/1.1\r\n">>, []},
         {http, <<"GET /x HTTP/1.1\r">>, []},
         {http, <<"garbage\r\n">>, []},
         {http, <<"\r\nGET / HTTP/1.0\r\n">>, []},
         {http_bin, <<"POST /form HTTP/1.1\r\n">>, []},
         {httph, <<"Content-Length: 42\r\nX: y\r\n">>, []},
         {httph, <<"content-type:  text/plain \r\n">>, []},
         {httph, <<"X-Custom-Thing: v\r\n">>, []},
         {httph, <<"Folded: a\r\n b\r\n\r\n">>, []},
         {httph, <<"\r\n">>, []},
         {httph, <<"bad header\r\n">>, []},
         {httph_bin, <<"Accept: */*\r\n">>, []},
         {http, <<"GET / HTTP/1.1\r\n">>, [{packet_size, 5}]}],
    [io:format("decode ~p ~p: ~p~n", [T, B, catch erlang:decode_packet(T, B, O)])
     || {T, B, O} <- Cases],
    [io:format("bad decode: ~p~n", [catch erlang:decode_packet(T, B, O)])
     || {T, B, O} <- [{foo, <<>>, []}, {raw, "list", []}, {raw, <<>>, [bad]},
                      {line, <<>>, [{line_length, -1}]}, {3, <<>>, []}]],
    ok.
