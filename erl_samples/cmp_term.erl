%% erts_internal:cmp_term/2, which the compiler uses to sort map keys: -1, 0 or 1 in the
%% exact term order (integers before floats, 1 and 1.0 differ).
-module(cmp_term).
-export([main/0]).

main() ->
    Terms = [1, 1.0, -1, 2, 2.5, 0, 0.0, -0.0, 1 bsl 70, -(1 bsl 70), 1.0e30, a, b, "a", <<"a">>,
             {1}, {1.0}, [1], [1.0], #{1 => a}, #{1.0 => a}, self(), make_ref()],
    Rows = [[erts_internal:cmp_term(A, B) || B <- Terms] || A <- Terms],
    [io:format("~w~n", [R]) || R <- Rows],
    io:format("~w~n", [lists:sort(fun(A, B) -> erts_internal:cmp_term(A, B) =< 0 end,
                                  [2.0, 2, 1.0, 1, a, {1.0}, {1}])]),
    ok.
