%% Host and service names as erl resolves them (native look-ups through the inet_gethost
%% port program, /etc/services), address parsing and printing, and interfaces.
-module(net_names).
-export([main/0]).

main() ->
    {ok, Host} = inet:gethostname(),
    io:format("host name is a string: ~p~n", [io_lib:printable_list(Host)]),
    io:format("getaddr: ~p~n", [inet:getaddr("localhost", inet)]),
    io:format("getaddr ip: ~p~n", [inet:getaddr("127.0.0.1", inet)]),
    io:format("getaddr tuple: ~p~n", [inet:getaddr({127,0,0,1}, inet)]),
    io:format("getaddrs: ~p~n", [inet:getaddrs("localhost", inet)]),
    io:format("gethostbyname: ~p~n", [inet:gethostbyname("localhost")]),
    io:format("gethostbyname atom: ~p~n", [inet:gethostbyname(localhost, inet)]),
    io:format("gethostbyaddr: ~p~n", [inet:gethostbyaddr("127.0.0.1")]),
    io:format("unknown: ~p~n", [inet:gethostbyname("no-such-host.invalid")]),
    io:format("bad name: ~p~n", [inet:getaddr("bad..name", inet)]),
    io:format("own name: ~p~n", [element(1, inet:gethostbyname(Host))]),
    io:format("services: ~p ~p ~p~n", [inet:getservbyname(http, tcp),
                                       inet:getservbyname(ssh, "tcp"),
                                       inet:getservbyport(80, tcp)]),
    io:format("no service: ~p~n", [inet:getservbyname(no_such_service, tcp)]),
    io:format("parse: ~p~n", [[inet:parse_address(A) || A <- ["10.1.2.3", "::1", "fe80::1%lo",
                                                               "1.2.3", "x"]]]),
    io:format("ntoa: ~p~n", [[inet:ntoa(A) || A <- [{10,1,2,3}, {0,0,0,0,0,0,0,1},
                                                    {8193,3512,0,0,0,0,0,1}]]]),
    {ok, Ifs} = inet:getifaddrs(),
    Lo = [Opts || {_Name, Opts} <- Ifs, lists:member({addr, {127,0,0,1}}, Opts)],
    io:format("loopback interface: ~p~n", [length(Lo)]),
    [LoOpts] = Lo,
    io:format("loopback flags: ~p~n", [lists:member(loopback, proplists:get_value(flags, LoOpts))]),
    io:format("ntoa bad: ~p~n", [inet:ntoa(foo)]),
    %% the look-ups ran in the inet_gethost port program, which stays open
    io:format("resolver ports: ~p~n",
              [length([N || P <- erlang:ports(), {name, N} <- [erlang:port_info(P, name)],
                             string:find(N, "inet_gethost") =/= nomatch])]),
    ok.
