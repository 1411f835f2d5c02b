-module(process_info_reductions).
%% process_info(self(), reductions) and statistics(reductions) count the reductions of the
%% time slice the caller is in, as erts counts them; erlang:bump_reductions/1 adds to them (at
%% most what is left of the time slice).
-export([main/0]).

loop(0) -> ok;
loop(N) -> loop(N - 1).

main() ->
    {reductions, R1} = process_info(self(), reductions),
    loop(500),
    {reductions, R2} = process_info(self(), reductions),
    [{reductions, R3}] = process_info(self(), [reductions]),
    io:format("process_info: ~p ~p ~p~n", [R2 - R1 >= 500, R2 - R1 < 2000, R3 >= R2]),
    {S1, _} = erlang:statistics(reductions),
    loop(500),
    {S2, _} = erlang:statistics(reductions),
    io:format("statistics: ~p~n", [S2 - S1 >= 500]),
    {reductions, B1} = process_info(self(), reductions),
    true = erlang:bump_reductions(1000),
    {reductions, B2} = process_info(self(), reductions),
    true = erlang:bump_reductions(100000),
    {reductions, B3} = process_info(self(), reductions),
    io:format("bump_reductions: ~p ~p~n",
              [B2 - B1 >= 1000 andalso B2 - B1 < 1100, B3 - B2 > 0 andalso B3 - B2 =< 4010]),
    {'EXIT', {badarg, _}} = catch erlang:bump_reductions(-1),
    {'EXIT', {badarg, _}} = catch erlang:bump_reductions(1 bsl 64),
    Parent = self(),
    Other = spawn(fun() -> loop(500), Parent ! go, receive stop -> ok end end),
    receive go -> ok end,
    {reductions, O} = process_info(Other, reductions),
    io:format("another process: ~p~n", [O >= 500]),
    Other ! stop.
