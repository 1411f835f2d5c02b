%% Mini program: tokenizer, recursive-descent parser and evaluator for
%% arithmetic expressions with variables, plus a tiny stack machine that
%% runs compiled expressions.
-module(expr_calc).
-export([main/0]).

main() ->
    Env = #{"x" => 3, "y" => 4, "big" => 1 bsl 70},
    Exprs = ["1 + 2 * 3",
             "(1 + 2) * 3",
             "x * x + y * y",
             "2 ^ 10",
             "2 ^ 3 ^ 2",
             "-x + 10",
             "big * big",
             "100 / 7",
             "100 % 7",
             "((((1))))",
             "7 / (x - 3)",
             "1 +",
             "z * 2",
             "3 $ 4"],
    lists:foreach(
      fun(S) ->
              Result = try
                           Tokens = tokenize(S),
                           {Ast, []} = parse_expr(Tokens),
                           Val = eval(Ast, Env),
                           Code = compile(Ast),
                           Val = run(Code, Env, []),
                           {ok, Val, show(Ast), length(Code)}
                       catch
                           throw:Err -> {error, Err};
                           error:badarith -> {error, arithmetic};
                           error:{badmatch, _} -> {error, trailing_input}
                       end,
              io:format("~-16s => ~p~n", [S, Result])
      end, Exprs),
    io:format("compiled: ~p~n", [compile(element(1, parse_expr(tokenize("(x + 1) * -y"))))]),
    ok.

%% ---- tokenizer ----
tokenize([]) -> [];
tokenize([C | R]) when C =:= $\s -> tokenize(R);
tokenize([C | _] = S) when C >= $0, C =< $9 ->
    {Digits, Rest} = lists:splitwith(fun(D) -> D >= $0 andalso D =< $9 end, S),
    [{num, list_to_integer(Digits)} | tokenize(Rest)];
tokenize([C | _] = S) when C >= $a, C =< $z ->
    {Name, Rest} = lists:splitwith(fun(D) -> D >= $a andalso D =< $z end, S),
    [{var, Name} | tokenize(Rest)];
tokenize([C | R]) ->
    case lists:member(C, "+-*/%^()") of
        true -> [{op, C} | tokenize(R)];
        false -> throw({bad_char, [C]})
    end.

%% ---- parser: expr = term {(+|-) term}; term = unary {(*|/|%) unary};
%%      unary = - unary | power; power = atom [^ unary]
parse_expr(Ts) ->
    {L, R} = parse_term(Ts),
    expr_tail(L, R).

expr_tail(L, [{op, Op} | R]) when Op =:= $+; Op =:= $- ->
    {Rt, R2} = parse_term(R),
    expr_tail({binop, Op, L, Rt}, R2);
expr_tail(L, R) -> {L, R}.

parse_term(Ts) ->
    {L, R} = parse_unary(Ts),
    term_tail(L, R).

term_tail(L, [{op, Op} | R]) when Op =:= $*; Op =:= $/; Op =:= $% ->
    {Rt, R2} = parse_unary(R),
    term_tail({binop, Op, L, Rt}, R2);
term_tail(L, R) -> {L, R}.

parse_unary([{op, $-} | R]) ->
    {E, R2} = parse_unary(R),
    {{neg, E}, R2};
parse_unary(Ts) -> parse_power(Ts).

parse_power(Ts) ->
    {Base, R} = parse_atom(Ts),
    case R of
        [{op, $^} | R2] ->
            {Exp, R3} = parse_unary(R2),
            {{binop, $^, Base, Exp}, R3};
        _ -> {Base, R}
    end.

parse_atom([{num, N} | R]) -> {{num, N}, R};
parse_atom([{var, V} | R]) -> {{var, V}, R};
parse_atom([{op, $(} | R]) ->
    case parse_expr(R) of
        {E, [{op, $)} | R2]} -> {E, R2};
        _ -> throw(missing_paren)
    end;
parse_atom([]) -> throw(unexpected_end);
parse_atom([T | _]) -> throw({unexpected, T}).

%% ---- evaluator ----
eval({num, N}, _) -> N;
eval({var, V}, Env) ->
    case maps:find(V, Env) of
        {ok, X} -> X;
        error -> throw({unbound, V})
    end;
eval({neg, E}, Env) -> -eval(E, Env);
eval({binop, Op, L, R}, Env) -> apply_op(Op, eval(L, Env), eval(R, Env)).

apply_op($+, A, B) -> A + B;
apply_op($-, A, B) -> A - B;
apply_op($*, A, B) -> A * B;
apply_op($/, A, B) -> A div B;
apply_op($%, A, B) -> A rem B;
apply_op($^, A, B) -> pow(A, B).

pow(_, 0) -> 1;
pow(A, B) when B > 0 -> A * pow(A, B - 1).

show({num, N}) -> integer_to_list(N);
show({var, V}) -> V;
show({neg, E}) -> "(-" ++ show(E) ++ ")";
show({binop, Op, L, R}) -> "(" ++ show(L) ++ [$\s, Op, $\s] ++ show(R) ++ ")".

%% ---- stack machine ----
compile({num, N}) -> [{push, N}];
compile({var, V}) -> [{load, V}];
compile({neg, E}) -> compile(E) ++ [neg];
compile({binop, Op, L, R}) -> compile(L) ++ compile(R) ++ [{op, Op}].

run([], _, [V]) -> V;
run([{push, N} | C], Env, S) -> run(C, Env, [N | S]);
run([{load, V} | C], Env, S) -> run(C, Env, [eval({var, V}, Env) | S]);
run([neg | C], Env, [A | S]) -> run(C, Env, [-A | S]);
run([{op, Op} | C], Env, [B, A | S]) -> run(C, Env, [apply_op(Op, A, B) | S]).
