%% Exceptions: error/throw/exit, try/catch/after, old-style catch, the
%% standard error reasons, erlang:raise/3, nested handlers.
-module(exceptions).
-export([main/0, undef_target/0]).

main() ->
    classes(),
    reasons(),
    old_catch(),
    after_clauses(),
    nesting(),
    raise(),
    ok.

id(X) -> X.

run(Label, F) ->
    Res = try F() of
              V -> {returned, V}
          catch
              error:R -> {error, R};
              throw:R -> {throw, R};
              exit:R -> {exit, R}
          end,
    io:format("~-22s ~p~n", [Label, Res]).

classes() ->
    io:format("-- classes~n"),
    run("error atom", fun() -> error(my_error) end),
    run("error tuple", fun() -> error({my, error, 42}) end),
    run("error/2", fun() -> error(with_args, [a, b]) end),
    run("throw", fun() -> throw(ball) end),
    run("throw complex", fun() -> throw({result, [1, 2, 3]}) end),
    run("exit", fun() -> exit(goodbye) end),
    run("exit normal", fun() -> exit(normal) end),
    run("erlang:error", fun() -> erlang:error("string reason") end),
    run("no exception", fun() -> fine end),
    run("catch all class", fun() ->
                                   try throw(x) catch Class:Reason -> {caught, Class, Reason} end
                           end),
    run("catch _:_", fun() -> try exit(x) catch _:_ -> anything end end),
    run("throw default class", fun() -> try throw(x) catch Y -> {default_is_throw, Y} end end),
    run("error not caught", fun() -> try error(e) catch throw:_ -> wrong end end).

reasons() ->
    io:format("-- reasons~n"),
    run("badarg", fun() -> atom_to_list(id(123)) end),
    run("badarg 2", fun() -> list_to_atom(id(not_a_list)) end),
    run("badarith", fun() -> id(1) + id(a) end),
    run("badmatch", fun() -> {ok, _} = id({error, nope}) end),
    run("badmatch 2", fun() -> [_, _] = id([1, 2, 3]) end),
    run("case_clause", fun() -> case id(7) of 1 -> one; 2 -> two end end),
    run("case_clause tuple", fun() -> case id({a, b}) of {b, _} -> no end end),
    run("function_clause", fun() -> only_positive(id(-5)) end),
    run("if_clause", fun() -> X = id(3), if X > 5 -> big; X < 0 -> neg end end),
    run("try_clause", fun() -> try id(unexpected) of expected -> ok catch _:_ -> caught end end),
    run("badfun", fun() -> (id(not_a_fun))(1) end),
    run("badfun int", fun() -> (id(42))() end),
    run("badarity", fun() -> (id(fun(A) -> A end))(1, 2) end),
    run("undef", fun() -> (id(no_such_module)):no_such_function(1) end),
    run("undef fn", fun() -> (id(exceptions)):undef_target_missing() end),
    run("badkey", fun() -> maps:get(missing, id(#{})) end),
    run("badkey :=", fun() -> (id(#{a => 1}))#{b := 2} end),
    run("badmap", fun() -> (id([]))#{a => 1} end),
    run("element badarg", fun() -> element(1, id(nope)) end),
    run("system_limit", fun() -> list_to_atom(lists:duplicate(id(300), $x)) end),
    run("bad guard bif", fun() -> guarded(id(foo)) end),
    run("nocatch inside catch", fun() -> catch throw(inner) end),
    run("unicode badarg", fun() -> unicode:characters_to_binary(id({bad})) end),
    run("exit via BIF", fun() -> erlang:exit(id({shutdown, reason})) end),
    run("deep badmatch", fun() -> <<A:8>> = id(<<1, 2>>), A end).

only_positive(N) when N > 0 -> N.

guarded(X) when length(X) > 0 -> list;
guarded(X) when X + 1 > 0 -> number;
guarded(_) -> fallthrough.

undef_target() -> ok.

old_catch() ->
    io:format("-- old-style catch~n"),
    P = fun(L, V) -> io:format("~-22s ~p~n", [L, V]) end,
    P("catch value", catch id(42)),
    P("catch throw", catch throw(thrown)),
    P("catch exit", catch exit(exited)),
    P("catch error", element(1, catch error(errored))),
    {'EXIT', {Reason, Stack}} = (catch error(errored)),
    P("catch error reason", Reason),
    P("stack is list", is_list(Stack)),
    P("catch badarith", element(1, element(2, catch id(1) / id(0)))),
    P("catch in expr", [catch throw(a), catch b, catch throw(c)]),
    P("catch nested", catch (catch throw(inner))),
    P("catch exit tuple", catch exit({a, b})).

after_clauses() ->
    io:format("-- after~n"),
    R1 = try
             io:format("  body runs~n"),
             body_value
         after
             io:format("  after runs (normal)~n")
         end,
    io:format("  result ~p~n", [R1]),
    R2 = (catch try
                    throw(boom)
                after
                    io:format("  after runs (throw)~n")
                end),
    io:format("  result ~p~n", [R2]),
    R3 = try
             try error(inner) after io:format("  inner after~n") end
         catch
             error:E -> {outer_caught, E}
         after
             io:format("  outer after~n")
         end,
    io:format("  result ~p~n", [R3]),
    R4 = try id(5) of
             5 -> five
         catch
             _:_ -> never
         after
             io:format("  after with of~n")
         end,
    io:format("  result ~p~n", [R4]),
    R5 = try
             try throw(first) after throw(second) end
         catch
             throw:T -> {which, T}
         end,
    io:format("  after overrides: ~p~n", [R5]),
    R6 = try
             io:format("  side effect order 1~n"),
             erlang:exit(ex)
         catch
             exit:ex -> io:format("  side effect order 2~n"), handled
         after
             io:format("  side effect order 3~n")
         end,
    io:format("  result ~p~n", [R6]).

nesting() ->
    io:format("-- nesting~n"),
    R = try
            try
                throw(level1)
            catch
                throw:level1 -> error({rethrown, level1})
            end
        catch
            error:{rethrown, X} -> {outer, X}
        end,
    io:format("~p~n", [R]),
    Depth = deep_try(10),
    io:format("deep try ~p~n", [Depth]),
    R2 = try
             lists:map(fun(0) -> throw(zero); (N) -> 10 div N end, [1, 2, 0, 5])
         catch
             throw:zero -> found_zero
         end,
    io:format("throw from map fun ~p~n", [R2]),
    R3 = try lists:foldl(fun(X, Acc) -> X + Acc end, 0, [1, 2, x])
         catch error:badarith -> bad_sum
         end,
    io:format("error in foldl ~p~n", [R3]),
    R4 = try
             try error(a) catch error:a -> throw(b) end
         catch
             throw:b -> try exit(c) catch exit:c -> chain_done end
         end,
    io:format("chain ~p~n", [R4]),
    %% exception in the 'of' section is not caught by the same try
    R5 = try
             try id(1) of
                 1 -> error(in_of)
             catch
                 error:in_of -> wrongly_caught
             end
         catch
             error:in_of -> correctly_propagated
         end,
    io:format("of section ~p~n", [R5]).

deep_try(0) -> throw(bottom);
deep_try(N) ->
    try deep_try(N - 1)
    catch throw:bottom when N =:= 5 -> {caught_at, N}
    end.

raise() ->
    io:format("-- raise~n"),
    R1 = try
             try error(original)
             catch error:Reason:St -> erlang:raise(error, {wrapped, Reason}, St)
             end
         catch
             error:Y -> Y
         end,
    io:format("~p~n", [R1]),
    R2 = try erlang:raise(throw, thrown_by_raise, []) catch throw:T -> {got, T} end,
    io:format("~p~n", [R2]),
    R3 = try erlang:raise(exit, exited_by_raise, []) catch exit:T2 -> {got, T2} end,
    io:format("~p~n", [R3]),
    R4 = try erlang:raise(bad_class, x, []) catch C:E -> {C, E} end,
    io:format("~p~n", [R4]),
    R5 = try erlang:raise(error, x, not_a_stacktrace) catch C2:E2 -> {C2, E2} end,
    io:format("~p~n", [R5]).
