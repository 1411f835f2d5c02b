%% erlang:error/3's options (only a proper list of {error_info, Map} counts), erlang:raise/3's
%% checks and its cutting of a trace to the backtrace depth, system_flag(backtrace_depth, N),
%% and a line number too large for erts' location table (dropped).
-module(exception_options).
-export([main/0]).

err3(Opts) ->
    {'EXIT', {r, [{?MODULE, err3, Args, Extra} | _]}} = (catch error(r, [Opts], Opts)),
    {length(Args), lists:keyfind(error_info, 1, Extra)}.

depth(D, F) ->
    Old = erlang:system_flag(backtrace_depth, D),
    try F() of
        _ -> no_exception
    catch
        _:_:Stk -> length(Stk)
    after
        erlang:system_flag(backtrace_depth, Old)
    end.

deep(0) -> error(reason);
deep(N) -> [deep(N - 1)].

raise(Trace) ->
    try erlang:raise(error, r, Trace) of
        Other -> {returned, Other}
    catch
        error:r:Stk -> {raised, Stk}
    end.

bad_flag(V) ->
    try erlang:system_flag(backtrace_depth, V) catch C:R:Stk -> {C, R, element(3, hd(Stk))} end.

main() ->
    [io:format("error/3 ~w: ~w~n", [O, err3(O)])
     || O <- [[], [{error_info, #{}}], [{error_info, #{cause => c}}],
              [{error_info, not_map}], [{bad, tuple}], [bad],
              [{error_info, #{a => 1}}, {error_info, #{b => 2}}],
              [{error_info, #{a => 1}}, bad], [{error_info, #{a => 1}} | tail]]],
    [io:format("depth ~w: ~w ~w~n", [D, depth(D, fun() -> deep(20) end),
                                      depth(D, fun() -> erlang:raise(error, r, lists:duplicate(30, {m, f, 1, []})) end)])
     || D <- [0, 1, 2, 5, 8, 20, 64, 100]],
    io:format("set 100 reads back ~w~n",
              [begin Old = erlang:system_flag(backtrace_depth, 100),
                     R = erlang:system_flag(backtrace_depth, Old), R end]),
    io:format("bad depth: ~w ~w~n",
              [bad_flag(-1), bad_flag(a)]),
    F = fun(X) -> X end,
    [io:format("raise ~w: ~w~n", [T, raise(T)])
     || T <- [[], [{m, f, 1}], [{m, f, [a], [{line, 3}]}], [{F, [1]}], [{F, [1], []}],
              [{m, f, 1, not_list}], [{1, f, 1, []}], [{m, f}], [{F, 1, 2, 3, 4}], [x],
              [{m, f, 1, []} | tail], not_list, [{"m", f, 1}]]],
    io:format("raise with bad class: ~w~n", [erlang:raise(bad, r, [])]),
    {'EXIT', {crash, [Top | _]}} = (catch crash_huge_line(x)),
    io:format("huge line: ~w~n", [Top]),
    ok.

-file("huge_lines.erl", 100000000).

crash_huge_line(_) ->
    erlang:error(crash).
