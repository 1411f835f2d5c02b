%% A fun called in tail position (call_fun then deallocate and return) is a real tail call,
%% as erts makes it: a loop through funs runs in constant stack, and a failure in the
%% called fun or BIF does not show the calling function's frame (a badarity or badfun
%% raised by the call itself does).
-module(fun_tail_calls).
-export([main/0, a/2, b/2, c/2, z/1]).

a(F, X) -> F(X).
b(F, X) -> Y = F(X), {Y}.
c(F, X) -> apply(F, [X]).
z(X) when is_atom(X) -> X.

loop(0, _F, Max) -> Max;
loop(N, F, Max) ->
    {stack_size, S} = process_info(self(), stack_size),
    F(N - 1, F, max(S, Max)).

main() ->
    F = fun loop/3,
    io:format("constant stack: ~p~n", [F(100000, F, 0) < 100]),
    G = fun(N, H, Acc) when N > 0 -> H(N - 1, H, Acc + 1); (_, _, Acc) -> Acc end,
    io:format("anonymous: ~p~n", [G(100000, G, 0)]),
    Cases = [fun() -> a(fun erlang:error/1, x) end, fun() -> b(fun erlang:error/1, x) end,
             fun() -> c(fun erlang:error/1, x) end, fun() -> a(fun erlang:atom_to_list/1, 1) end,
             fun() -> c(fun erlang:atom_to_list/1, 1) end, fun() -> a(fun erlang:exit/1, q) end,
             fun() -> a(fun lists:reverse/1, 8) end, fun() -> a(fun ?MODULE:z/1, 8) end,
             fun() -> a(fun(Q) when is_atom(Q) -> Q end, 8) end,
             fun() -> a(fun(P, Q) -> {P, Q} end, 8) end, fun() -> a(not_a_fun, 8) end,
             fun() -> a(fun ?MODULE:z/2, 8) end, fun() -> a(fun no_such_module:f/1, 8) end],
    [io:format("~p~n", [try X() catch C:R:St -> {C, R, St} end]) || X <- Cases],
    ok.
