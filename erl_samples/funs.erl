%% Funs and higher-order programming: closures, fun M:F/A, apply/2,3,
%% erlang:fun_info/2, recursion (tail, body, mutual, very deep).
-module(funs).
-export([main/0, double/1, add/2, even/1, odd/1]).

main() ->
    closures(),
    external_funs(),
    applying(),
    info(),
    recursion(),
    ok.

double(X) -> X * 2.
add(X, Y) -> X + Y.

closures() ->
    io:format("-- closures~n"),
    N = 10,
    AddN = fun(X) -> X + N end,
    io:format("addN ~p~n", [AddN(5)]),
    MakeAdder = fun(K) -> fun(X) -> X + K end end,
    Add3 = MakeAdder(3),
    Add7 = MakeAdder(7),
    io:format("adders ~p ~p~n", [Add3(1), Add7(1)]),
    Compose = fun(F, G) -> fun(X) -> F(G(X)) end end,
    io:format("compose ~p~n", [(Compose(Add3, fun double/1))(5)]),
    Counter = make_counter(0),
    {V1, C1} = Counter(),
    {V2, C2} = C1(),
    {V3, _} = C2(),
    io:format("counter ~p ~p ~p~n", [V1, V2, V3]),
    Fact = fun F(0) -> 1; F(K) -> K * F(K - 1) end,
    io:format("named fun fact ~p~n", [Fact(25)]),
    Fib = fun Fb(0) -> 0; Fb(1) -> 1; Fb(K) -> Fb(K - 1) + Fb(K - 2) end,
    io:format("named fun fib ~p~n", [[Fib(I) || I <- lists:seq(0, 15)]]),
    Captured = [fun() -> I * I end || I <- lists:seq(1, 5)],
    io:format("captured ~p~n", [[F() || F <- Captured]]),
    Curry = fun(A) -> fun(B) -> fun(C) -> A * 100 + B * 10 + C end end end,
    io:format("curry ~p~n", [((Curry(1))(2))(3)]),
    Big = 1 bsl 80,
    CapBig = fun() -> {Big, "string", <<"bin">>, #{k => v}} end,
    io:format("capture terms ~p~n", [CapBig()]),
    io:format("fun equality ~p ~p~n", [AddN =:= AddN, fun double/1 =:= fun double/1]),
    io:format("is_function ~p ~p ~p~n", [is_function(AddN), is_function(AddN, 1), is_function(AddN, 2)]),
    Pipeline = [fun(X) -> X + 1 end, fun double/1, fun(X) -> X - 3 end],
    io:format("pipeline ~p~n", [lists:foldl(fun(F, Acc) -> F(Acc) end, 5, Pipeline)]),
    io:format("sort with fun ~p~n", [lists:sort(fun({_, A}, {_, B}) -> A =< B end,
                                                [{x, 3}, {y, 1}, {z, 2}])]).

make_counter(N) -> fun() -> {N, make_counter(N + 1)} end.

external_funs() ->
    io:format("-- external funs~n"),
    D = fun funs:double/1,
    L = fun lists:reverse/1,
    io:format("~p ~p~n", [D(21), L([1, 2, 3])]),
    io:format("~p~n", [lists:map(fun erlang:abs/1, [-1, 2, -3])]),
    io:format("~p~n", [lists:foldl(fun ?MODULE:add/2, 0, [1, 2, 3, 4])]),
    M = id(lists), F = id(seq),
    Dyn = fun M:F/2,
    io:format("dynamic ~p~n", [Dyn(1, 5)]),
    io:format("printed ~p ~w~n", [D, L]),
    io:format("printed ~p~n", [fun erlang:'+'/2]).

id(X) -> X.

applying() ->
    io:format("-- apply~n"),
    io:format("~p~n", [apply(fun(A, B) -> A - B end, [10, 3])]),
    io:format("~p~n", [apply(lists, sum, [[1, 2, 3]])]),
    io:format("~p~n", [apply(?MODULE, double, [4])]),
    io:format("~p~n", [erlang:apply(erlang, list_to_tuple, [[a, b]])]),
    Mod = id(string), Fun = id(uppercase),
    io:format("~p~n", [Mod:Fun("dynamic call")]),
    io:format("~p~n", [apply(fun() -> no_args end, [])]),
    R = try apply(?MODULE, no_such_fun, []) catch C:E -> {C, E} end,
    io:format("~p~n", [R]),
    R2 = try apply(fun(X) -> X end, [1, 2]) catch C2:E2 -> {C2, element(1, E2)} end,
    io:format("~p~n", [R2]),
    R3 = try apply(id(not_a_module_atom_xyz), f, [1]) catch C3:E3 -> {C3, E3} end,
    io:format("~p~n", [R3]).

info() ->
    io:format("-- fun_info~n"),
    Ext = fun lists:map/2,
    io:format("~p~n", [erlang:fun_info(Ext, module)]),
    io:format("~p~n", [erlang:fun_info(Ext, name)]),
    io:format("~p~n", [erlang:fun_info(Ext, arity)]),
    io:format("~p~n", [erlang:fun_info(Ext, type)]),
    io:format("~p~n", [erlang:fun_info(Ext, env)]),
    Y = 5,
    Loc = fun(A, B, C) -> A + B + C + Y end,
    io:format("~p~n", [erlang:fun_info(Loc, arity)]),
    io:format("~p~n", [erlang:fun_info(Loc, module)]),
    io:format("~p~n", [erlang:fun_info(Loc, type)]),
    io:format("~p~n", [erlang:fun_info(Loc, env)]),
    io:format("~p~n", [erlang:fun_info(fun double/1, arity)]),
    io:format("~p~n", [erlang:fun_info(fun double/1, type)]),
    {arity, Ar} = erlang:fun_info(fun(_, _) -> ok end, arity),
    io:format("arity ~p~n", [Ar]).

even(0) -> true;
even(N) -> odd(N - 1).
odd(0) -> false;
odd(N) -> even(N - 1).

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

sum_tail([], Acc) -> Acc;
sum_tail([H | T], Acc) -> sum_tail(T, Acc + H).

build(0) -> [];
build(N) -> [N | build(N - 1)].

ackermann(0, N) -> N + 1;
ackermann(M, 0) -> ackermann(M - 1, 1);
ackermann(M, N) -> ackermann(M - 1, ackermann(M, N - 1)).

hanoi(0, _, _, _) -> 0;
hanoi(N, From, To, Via) ->
    hanoi(N - 1, From, Via, To) + 1 + hanoi(N - 1, Via, To, From).

recursion() ->
    io:format("-- recursion~n"),
    io:format("even/odd ~p ~p ~p~n", [even(10), odd(7), even(100001)]),
    Long = lists:seq(1, 100000),
    io:format("len ~p~n", [len(Long)]),
    io:format("sum_tail ~p~n", [sum_tail(Long, 0)]),
    Built = build(100000),
    io:format("build ~p ~p ~p~n", [length(Built), hd(Built), lists:last(Built)]),
    io:format("deep 300000 ~p~n", [len(build(300000))]),
    io:format("ackermann(2,3) ~p ackermann(3,3) ~p~n", [ackermann(2, 3), ackermann(3, 3)]),
    io:format("hanoi 16 ~p~n", [hanoi(16, a, c, b)]),
    io:format("tail loop ~p~n", [loop(1000000, 0)]),
    io:format("fold deep ~p~n", [lists:foldr(fun(X, A) -> X + A end, 0, Long)]).

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + (N band 3)).
