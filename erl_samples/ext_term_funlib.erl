%% Funs for ext_term_funs: that sample builds NEW_FUN_EXT bytes for the funs of this
%% module from its .beam (without loading it), and decodes them before it is loaded.
-module(ext_term_funlib).
-export([main/0, adder/1, pair/2, constant/0]).

main() ->
    io:format("~p ~p ~p~n", [(adder(1))(2), (pair(a, b))(c), (constant())()]).

adder(N) -> fun(X) -> X + N end.
pair(A, B) -> fun(C) -> {A, B, C} end.
constant() -> fun() -> constant end.
