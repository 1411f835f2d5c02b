%% Exceptions from apply/2,3, dynamic calls M:F(...) and fun calls with a
%% bad module, bad function, bad argument list or wrong arity: the reason
%% and the stack trace (frames from erlang:apply with error_info, and
%% whether the caller's frame appears once or twice) as erts 25 gives them.
-module(apply_errors).
-export([main/0, v/1]).

main() ->
    [show(M, catch apply(M, foo, [])) || M <- [1, [], "x", {a}, v(x)]],
    show(dyn1, catch (v(1)):foo(a)),
    show(erlapply, catch erlang:apply(v(1), foo, [a, b])),
    F = v(fun apply_errors:v/1),
    G = v(fun(X) -> X end),
    show(apply_f0, catch apply(F, [])),
    show(call_f0, catch F()),
    show(call_g0, catch G()),
    show(apply_v, catch apply(v(F), v([]))),
    show(notfun, catch erlang:apply(v(notfun), v([]))),
    show(t, catch t(F)),
    show(a1, catch a1(v(1))),
    show(a2, catch a2(v(1))),
    show(a3, catch a3(v(1))),
    show(a4, catch a4(F)),
    show(a5, catch a5(F)),
    show(a6, catch a6(F)),
    show(a7, catch a7(v(1))),
    show(a8, catch a8(F)),
    show(improper1, catch apply(v(1), foo, v(improper))),
    show(improper2, catch apply(v(m), foo, v([a | b]))),
    show(improper3, catch apply(F, v([a | b]))),
    ok.

show(Tag, R) -> io:format("~p: ~p~n", [Tag, R]).

t(F) -> F(1, 2).
a1(M) -> apply(M, foo, [1]).
a2(M) -> M:foo(1).
a3(M) -> v(1), X = M:foo(1), {X}.
a4(F) -> apply(F, [1, 2]).
a5(F) -> v(1), apply(F, [1, 2]).
a6(F) -> v(1), X = apply(F, [1, 2]), {X}.
a7(M) -> v(1), apply(M, foo, [1]).
a8(F) -> v(1), F(1, 2).
v(X) -> X.
