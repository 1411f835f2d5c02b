%% case over literal values, as erlc compiles it to select_val: small integers in a dense
%% range (a jump table, holes included), sparse and negative integers, many atoms, atoms
%% mixed with integers, big integers, and inputs of every other kind that must not match
%% (1.0 is not 1, a bignum is not a small).
-module(select_val_kinds).
-export([main/0]).

dense(0) -> zero;
dense(1) -> one;
dense(2) -> two;
dense(4) -> four;
dense(5) -> five;
dense(_) -> other.

negative(-3) -> m3;
negative(-1) -> m1;
negative(0) -> z;
negative(2) -> p2;
negative(_) -> other.

sparse(1) -> a;
sparse(1000) -> b;
sparse(-1000000) -> c;
sparse(576460752303423487) -> max_small;
sparse(_) -> other.

big(18446744073709551616) -> two64;
big(-18446744073709551616) -> minus_two64;
big(7) -> seven;
big(_) -> other.

atoms(a) -> 1; atoms(b) -> 2; atoms(c) -> 3; atoms(d) -> 4; atoms(e) -> 5;
atoms(f) -> 6; atoms(g) -> 7; atoms(h) -> 8; atoms(i) -> 9; atoms(j) -> 10;
atoms(k) -> 11; atoms(l) -> 12; atoms('') -> 13; atoms(true) -> 14; atoms(_) -> 0.

few_atoms(ok) -> 1; few_atoms(error) -> 2; few_atoms(_) -> 0.

mixed(1) -> int; mixed(one) -> atom; mixed([]) -> nil; mixed(_) -> other.

inputs() ->
    [0, 1, 2, 3, 4, 5, 6, -1, -2, -3, -4, 1000, -1000000, 576460752303423487,
     576460752303423488, 18446744073709551616, -18446744073709551616, 7, 1.0, 0.0, -0.0,
     a, f, j, l, m, '', true, false, ok, error, one, [], [1], {1}, <<1>>, self(), make_ref(),
     #{1 => 2}, fun dense/1].

main() ->
    [io:format("~w~n", [[F(X) || X <- inputs()]])
     || F <- [fun dense/1, fun negative/1, fun sparse/1, fun big/1, fun atoms/1,
              fun few_atoms/1, fun mixed/1]],
    ok.
