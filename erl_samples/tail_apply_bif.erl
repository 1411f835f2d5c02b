%% A BIF reached by a tail call through apply or M:F(...) with a variable module: erlang:error
%% and raise-like BIFs name the calling function (its frame, then its caller's), a BIF's own
%% failure shows the BIF's frame and then the caller's, as in erts. Non-tail calls for
%% comparison, and BIFs that succeed.
-module(tail_apply_bif).
-export([main/0, g/2, h/3, k/3, n/3, t/3]).

g(M, R) -> M:error(R, [2]).
h(M, F, R) -> M:F(R, [3]).
k(M, F, A) -> apply(M, F, A).
n(M, F, A) -> X = apply(M, F, A), {X}.
t(M, F, A) -> M:F(A).

main() ->
    Cases = [fun() -> g(erlang, b) end, fun() -> h(erlang, error, c) end,
             fun() -> h(erlang, exit, c) end, fun() -> h(erlang, throw, c) end,
             fun() -> k(erlang, error, [d]) end, fun() -> k(erlang, error, [d, [4]]) end,
             fun() -> k(erlang, atom_to_list, [5]) end, fun() -> n(erlang, atom_to_list, [6]) end,
             fun() -> t(erlang, atom_to_list, 7) end, fun() -> t(lists, reverse, 8) end,
             fun() -> t(erlang, length, [a | b]) end, fun() -> t(erlang, binary_to_term, <<1>>) end,
             fun() -> t(erlang, exit, x) end, fun() -> t(erlang, throw, y) end,
             fun() -> t(erlang, error, z) end, fun() -> h(erlang, raise, error) end,
             fun() -> k(erlang, raise, [error, r, []]) end,
             fun() -> k(erlang, raise, [throw, r, [{m, f, 0, []}]]) end,
             fun() -> n(erlang, error, [e, [5]]) end],
    [io:format("~p~n", [try X() catch C:R:St -> {C, R, St} end]) || X <- Cases],
    [io:format("~p~n", [X()])
     || X <- [fun() -> t(erlang, atom_to_list, ok) end, fun() -> h(lists, duplicate, 2) end,
              fun() -> t(erlang, binary_to_list, list_to_binary(lists:seq(1, 10))) end,
              fun() -> t(erlang, term_to_binary, lists:seq(1, 5)) end,
              fun() -> k(erlang, exit, [self(), normal]) end]],
    ok.
