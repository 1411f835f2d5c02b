%% ets:new/2's hidden test option {write_concurrency, {debug_hash_fixed_number_of_locks, N}}
%% (OTP's ets_SUITE creates its hash tables with it): accepted for hash tables, reported by
%% info/2, badarg for ordered_set and for N outside 1..32768.
-module(ets_fixed_locks).
-export([main/0]).
show(Label, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [Label, R]).
main() ->
    WC = {write_concurrency, {debug_hash_fixed_number_of_locks, 2048}},
    show("set", fun() -> T = ets:new(a, [set, public, WC]),
        [ets:info(T, K) || K <- [write_concurrency, decentralized_counters]] end),
    show("bag", fun() -> T = ets:new(a, [bag, WC]), ets:insert(T, [{1,a},{1,b}]),
        {ets:info(T, write_concurrency), lists:sort(ets:lookup(T, 1))} end),
    show("private", fun() -> T = ets:new(a, [set, private, WC]), ets:info(T, write_concurrency) end),
    show("ordered_set", fun() -> ets:new(a, [ordered_set, WC]) end),
    show("0 locks", fun() -> ets:new(a, [set, {write_concurrency, {debug_hash_fixed_number_of_locks, 0}}]) end),
    show("32769 locks", fun() -> ets:new(a, [set, {write_concurrency, {debug_hash_fixed_number_of_locks, 32769}}]) end),
    show("then true", fun() -> T = ets:new(a, [set, WC, {write_concurrency, true}]), ets:info(T, write_concurrency) end),
    ok.
