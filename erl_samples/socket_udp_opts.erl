%% The socket module over UDP (sendto/recvfrom on loopback, IPv4 and IPv6, timeouts, a
%% datagram cut short by a small buffer) and socket options: setopt/getopt round trips of
%% the common ones, the otp level's, read-only ones, bad values and unknown options, and a
%% few supports/is_supported answers. No port or timing printed.
-module(socket_udp_opts).
-export([main/0]).

main() ->
    [udp(F) || F <- [inet, inet6]],
    options(),
    supports(),
    ok.

udp(Family) ->
    io:format("== udp ~p~n", [Family]),
    {ok, A} = socket:open(Family, dgram, udp),
    {ok, B} = socket:open(Family, dgram),
    ok = socket:bind(A, #{family => Family, addr => loopback, port => 0}),
    ok = socket:bind(B, #{family => Family, addr => loopback, port => 0}),
    {ok, AName} = socket:sockname(A),
    {ok, #{port := BPort} = BName} = socket:sockname(B),
    io:format("recvfrom timeout: ~p~n", [socket:recvfrom(A, 0, 100)]),
    io:format("sendto: ~p~n", [socket:sendto(B, <<"ping">>, AName)]),
    {ok, {Src, Data}} = socket:recvfrom(A, 0, 5000),
    io:format("recvfrom: ~p from ~p, port matches: ~p~n",
              [Data, maps:without([port], Src), maps:get(port, Src) =:= BPort]),
    ok = socket:sendto(A, <<"pong">>, BName),
    io:format("recv: ~p~n", [socket:recv(B, 0, 5000)]),
    ok = socket:sendto(B, <<"0123456789">>, AName),
    {ok, {_, Cut}} = socket:recvfrom(A, 4, 5000),
    io:format("recvfrom 4 of 10: ~p~n", [Cut]),
    ok = socket:sendto(B, <<>>, AName),
    {ok, {_, Empty}} = socket:recvfrom(A, 0, 5000),
    io:format("empty datagram: ~p~n", [Empty]),
    io:format("recv nowait: ~p~n", [element(1, socket:recv(A, 0, nowait))]),
    [ok = socket:close(S) || S <- [A, B]].

options() ->
    io:format("== options~n"),
    {ok, S} = socket:open(inet, stream, tcp),
    Opts = [{{socket, reuseaddr}, true}, {{socket, reuseaddr}, false},
            {{socket, keepalive}, true}, {{socket, broadcast}, true},
            {{socket, linger}, #{onoff => true, linger => 3}},
            {{socket, linger}, #{onoff => false, linger => 0}},
            {{socket, linger}, abort},
            {{socket, rcvbuf}, 65536}, {{socket, sndbuf}, 32768},
            {{socket, priority}, 3}, {{socket, oobinline}, true},
            {{tcp, nodelay}, true}, {{tcp, nodelay}, false}, {{tcp, cork}, true},
            {{ip, ttl}, 33}, {{ip, freebind}, true},
            {{otp, rcvbuf}, 4096}, {{otp, rcvbuf}, default},
            {{otp, meta}, {some, meta, [data]}}, {{otp, debug}, false},
            {{otp, iow}, true}, {{otp, use_registry}, true}],
    [io:format("~p = ~p: ~p -> ~p~n", [O, V, socket:setopt(S, O, V), socket:getopt(S, O)])
     || {O, V} <- Opts],
    Get = [{socket, type}, {socket, protocol}, {socket, domain}, {socket, acceptconn},
           {otp, domain}, {otp, sndctrlbuf}, {otp, rcvctrlbuf}],
    [io:format("~p: ~p~n", [O, socket:getopt(S, O)]) || O <- Get],
    Bad = [{{socket, reuseaddr}, yes}, {{socket, rcvbuf}, big}, {{socket, linger}, 3},
           {{socket, type}, stream}, {{tcp, nodelay}, 1}, {{otp, rcvbuf}, -1},
           {{otp, debug}, 1},
           {{socket, no_such_option}, 1}, {{no_such_level, foo}, 1}, {{socket, rcvtimeo}, 1}],
    [io:format("bad ~p = ~p: ~p~n", [O, V, socket:setopt(S, O, V)]) || {O, V} <- Bad],
    io:format("getopt unknown: ~p~n", [socket:getopt(S, {socket, no_such_option})]),
    io:format("native getopt reuseaddr: ~p~n", [socket:getopt_native(S, {socket, 2}, integer)]),
    io:format("native setopt reuseaddr: ~p~n", [socket:setopt_native(S, {socket, 2}, 1)]),
    io:format("native getopt reuseaddr: ~p~n", [socket:getopt_native(S, {socket, 2}, boolean)]),
    {ok, U} = socket:open(inet6, dgram),
    io:format("ipv6 v6only: ~p -> ~p~n", [socket:setopt(U, {ipv6, v6only}, true),
                                          socket:getopt(U, {ipv6, v6only})]),
    io:format("udp type/protocol: ~p ~p~n", [socket:getopt(U, {socket, type}),
                                             socket:getopt(U, {socket, protocol})]),
    ok = socket:close(U),
    ok = socket:close(S),
    io:format("setopt on closed: ~p~n", [socket:setopt(S, {socket, reuseaddr}, true)]),
    io:format("getopt on closed: ~p~n", [socket:getopt(S, {socket, reuseaddr})]).

supports() ->
    io:format("== supports~n"),
    io:format("ipv6: ~p local: ~p~n", [socket:is_supported(ipv6), socket:is_supported(local)]),
    Protocols = socket:supports(protocols),
    io:format("protocols: ~p~n", [[lists:keyfind(P, 1, Protocols) || P <- [ip, tcp, udp, icmp]]]),
    Options = socket:supports(options),
    io:format("options: ~p~n",
              [[lists:keyfind(O, 1, Options)
                || O <- [{socket, reuseaddr}, {socket, linger}, {tcp, nodelay}, {ip, ttl},
                         {ipv6, v6only}, {socket, peercred}]]]),
    io:format("msg_flags: ~p~n", [lists:sort(socket:supports(msg_flags))]),
    io:format("info keys: ~p~n", [lists:sort(maps:keys(socket:info()))]),
    {ok, S} = socket:open(inet, stream),
    Info = socket:info(S),
    io:format("socket info: ~p~n", [maps:without([owner, counters, rstates, wstates], Info)]),
    io:format("counters: ~p~n", [lists:sort(maps:keys(maps:get(counters, Info)))]),
    ok = socket:close(S).
