%% Stack traces captured with `catch Class:Reason:Stacktrace`, printed with
%% ~p. Entries carry {file,...},{line,...} and, for BIF errors, error_info.
-module(stacktraces).
-export([main/0, level1/1, exported_crash/1]).

main() ->
    show(fun() -> level1(error) end),
    show(fun() -> level1(throw) end),
    show(fun() -> level1(exit) end),
    show(fun() -> level1(badarith) end),
    show(fun() -> level1(badarg) end),
    show(fun() -> level1(fc) end),
    show(fun() -> level1(case_clause) end),
    show(fun() -> level1(badmatch) end),
    show(fun() -> lists:map(fun(X) -> 1 / X end, [1, 0]) end),
    show(fun() -> lists:foldl(fun(X, A) -> X + A end, 0, [1, a]) end),
    show(fun() -> ?MODULE:exported_crash(arg) end),
    show(fun() -> erlang:apply(?MODULE, exported_crash, [apply]) end),
    show(fun() -> (id(nomod)):f(1, 2) end),
    show(fun() -> binary_to_atom(id(<<255>>), utf8) end),
    show(fun() -> atom_to_list(id("x")) end),
    show(fun() -> maps:get(k, id(#{})) end),
    show(fun() -> erlang:raise(error, custom, [{fake, frame, 2, [{file, "fake.erl"}, {line, 7}]}]) end),
    show_with_depth(),
    ok.

id(X) -> X.

show(F) ->
    try F() of
        V -> io:format("no exception: ~p~n", [V])
    catch
        Class:Reason:Stack ->
            io:format("~p:~p~n", [Class, Reason]),
            lists:foreach(fun(Frame) -> io:format("  ~p~n", [Frame]) end, Stack),
            io:format("  (~w frames)~n", [length(Stack)])
    end.

level1(What) ->
    R = level2(What),
    {level1, R}.

level2(What) ->
    R = level3(What),
    [R].

level3(error) -> error(deep_error);
level3(throw) -> throw(deep_throw);
level3(exit) -> exit(deep_exit);
level3(badarith) -> id(1) + id(foo);
level3(badarg) -> list_to_integer(id("nope"));
level3(fc) -> only_ints(id(atom));
level3(case_clause) -> case id(3) of 1 -> one end;
level3(badmatch) -> {ok, V} = id(error), V.

only_ints(N) when is_integer(N) -> N.

exported_crash(Arg) ->
    Result = {crashing, Arg},
    error(Result, [Arg]).

show_with_depth() ->
    %% Self-recursion: the BEAM records only non-duplicate consecutive
    %% return addresses, so the 20 recursive frames collapse into one.
    try recurse(20)
    catch error:R:St ->
            io:format("deep: ~p, ~w frames~n", [R, length(St)]),
            lists:foreach(fun(Fr) -> io:format("  ~p~n", [Fr]) end, St)
    end,
    %% Mutual recursion: return addresses alternate, so the trace is cut
    %% at the default backtrace depth (8 frames).
    try ping(20)
    catch error:R2:St2 ->
            io:format("mutual: ~p, ~w frames~n", [R2, length(St2)]),
            lists:foreach(fun(Fr) -> io:format("  ~p~n", [Fr]) end, St2)
    end.

%% maybe_fail/1 can return normally, so the compiler cannot turn these
%% body-recursive calls into tail calls.
recurse(0) -> maybe_fail(id(bottom));
recurse(N) -> [N | recurse(N - 1)].

ping(0) -> maybe_fail(id(ping_bottom));
ping(N) -> [ping | pong(N - 1)].

pong(0) -> maybe_fail(id(pong_bottom));
pong(N) -> [pong | ping(N - 1)].

maybe_fail(ok) -> [];
maybe_fail(Reason) -> error(Reason).
