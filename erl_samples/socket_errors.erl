%% The socket module's errors as erl gives them: bad domains, types and protocols, an
%% address in use, bad addresses, a refused connection, calls in the wrong state, bad
%% arguments (badarg and socket.erl's own exceptions), operations on a closed socket, and
%% prim_net's interface look-ups.
-module(socket_errors).
-export([main/0]).

main() ->
    %% An exception shows its class, reason and the function that raised it.
    T = fun(Label, F) ->
                R = try F()
                    catch C:E:St -> {C, E, [{M, Fn} || {M, Fn, _, _} <- lists:sublist(St, 1)]}
                    end,
                io:format("~s: ~p~n", [Label, R])
        end,
    T("open foo", fun() -> socket:open(foo, stream) end),
    T("open type", fun() -> socket:open(inet, foo) end),
    T("open protocol", fun() -> socket:open(inet, stream, foo) end),
    T("open dgram tcp", fun() -> socket:open(inet, dgram, tcp) end),
    T("open stream udp", fun() -> socket:open(inet, stream, udp) end),
    T("open badarg", fun() -> socket:open(inet, stream, tcp, not_a_map) end),
    {ok, L} = socket:open(inet, stream),
    ok = socket:bind(L, #{family => inet, addr => loopback, port => 0}),
    {ok, #{port := Port}} = socket:sockname(L),
    {ok, L2} = socket:open(inet, stream),
    T("bind in use", fun() -> socket:bind(L2, #{family => inet, addr => loopback, port => Port}) end),
    T("bind twice", fun() -> socket:bind(L, #{family => inet, addr => loopback, port => 0}) end),
    T("bind inet6 on inet", fun() -> socket:bind(L2, #{family => inet6, addr => loopback, port => 0}) end),
    T("bind bad key", fun() -> socket:bind(L2, #{family => inet, addr => any, prt => 0}) end),
    T("bind bad addr", fun() -> socket:bind(L2, #{family => inet, addr => {1, 2, 3}, port => 0}) end),
    T("bind bad port", fun() -> socket:bind(L2, #{family => inet, addr => any, port => foo}) end),
    T("bind not a map", fun() -> socket:bind(L2, foo) end),
    T("bind 1.2.3.4", fun() -> socket:bind(L2, #{family => inet, addr => {1, 2, 3, 4}, port => 0}) end),
    T("accept not listening", fun() -> socket:accept(L, 100) end),
    T("connect refused", fun() -> socket:connect(L2, #{family => inet, addr => loopback, port => Port}) end),
    {ok, U} = socket:open(inet, dgram),
    T("listen dgram", fun() -> socket:listen(U) end),
    T("accept dgram", fun() -> socket:accept(U, 100) end),
    T("peername unconnected", fun() -> socket:peername(U) end),
    T("send unconnected", fun() -> socket:send(U, <<"x">>) end),
    T("sendto bad dest", fun() -> socket:sendto(U, <<"x">>, #{family => inet, addr => foo, port => 1}) end),
    T("recv bad length", fun() -> socket:recv(U, -1) end),
    T("recv bad timeout", fun() -> socket:recv(U, 0, -5) end),
    T("send not a socket", fun() -> socket:send(foo, <<"x">>) end),
    T("recv not a socket", fun() -> socket:recv({'$socket', foo}, 0) end),
    T("listen bad backlog", fun() -> socket:listen(L, foo) end),
    T("shutdown bad how", fun() -> socket:shutdown(L, foo) end),
    T("shutdown unconnected", fun() -> socket:shutdown(L, read_write) end),
    T("close not a socket", fun() -> socket:close(foo) end),
    [ok = socket:close(S) || S <- [L, L2, U]],
    T("listen closed", fun() -> socket:listen(L) end),
    T("accept closed", fun() -> socket:accept(L, 100) end),
    T("bind closed", fun() -> socket:bind(L, #{family => inet, addr => any, port => 0}) end),
    T("connect closed", fun() -> socket:connect(L, #{family => inet, addr => loopback, port => 1}) end),
    T("shutdown closed", fun() -> socket:shutdown(L, write) end),
    T("peername closed", fun() -> socket:peername(L) end),
    T("info closed owner", fun() -> maps:get(owner, socket:info(L)) end),
    T("hostname is a string", fun() -> {ok, H} = net:gethostname(), io_lib:printable_list(H) end),
    T("lo index", fun() -> net:if_name2index("lo") end),
    T("lo name", fun() -> net:if_index2name(1) end),
    T("no such if", fun() -> net:if_name2index("nosuchif0") end),
    T("no such index", fun() -> net:if_index2name(99999) end),
    T("bad index", fun() -> net:if_index2name(-1) end),
    T("lo in if_names", fun() -> {ok, Ns} = net:if_names(), lists:keyfind("lo", 2, Ns) end),
    ok.
