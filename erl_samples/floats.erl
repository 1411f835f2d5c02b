%% Floating point arithmetic, conversions, rounding, comparisons and math.
-module(floats).
-export([main/0]).

main() ->
    arith(),
    rounding(),
    compare(),
    conversions(),
    math_funs(),
    errors(),
    ok.

id(X) -> X.

arith() ->
    io:format("-- arith~n"),
    Pairs = [{1.5, 2.25}, {-0.1, 0.2}, {1.0e150, 1.0e10}, {3, 0.5},
             {1 bsl 70, 2.0}, {7.0, -3}, {1.0e-300, 1.0e-300}, {0.0, -2.5}],
    lists:foreach(
      fun({A, B}) ->
              io:format("~p ~p: + ~p - ~p * ~p / ~p~n",
                        [A, B, A + B, A - B, A * B, A / B])
      end, Pairs),
    io:format("7 / 2 = ~p, 6 / 3 = ~p, -1 / 4 = ~p~n", [7 / 2, 6 / 3, -1 / 4]),
    io:format("0.1 + 0.2 = ~p~n", [0.1 + 0.2]),
    io:format("1/3 = ~p, 2/3 = ~p~n", [1 / 3, 2 / 3]),
    io:format("big/big = ~p~n", [(1 bsl 200) / (1 bsl 100)]),
    io:format("abs(-2.5) = ~p, -(-0.0) = ~p~n", [abs(-2.5), -(id(-0.0))]),
    io:format("float(5) = ~p, float(1 bsl 64) = ~p~n", [float(5), float(1 bsl 64)]),
    io:format("~w ~w ~w ~w~n", [1.0e15, 1.0e16, 123456789.125, 1.0e-5]),
    io:format("~p ~p ~p ~p~n", [5.0e-324, 2.2250738585072014e-308,
                                1.7976931348623157e308, 4.9406564584124654e-324]),
    io:format("~p ~p ~p~n", [0.1, 100.0, 1.0e100]),
    io:format("~p ~p ~p~n", [123.456, 9007199254740993.0, 0.000123]).

rounding() ->
    io:format("-- rounding~n"),
    Vals = [0.0, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, -2.4999, 3.7, -3.7,
            1.0e20, -1.0e20, 123456789.987, 4503599627370497.0],
    lists:foreach(
      fun(V) ->
              io:format("~p: round ~p trunc ~p floor ~p ceil ~p~n",
                        [V, round(V), trunc(V), floor(V), ceil(V)])
      end, Vals),
    io:format("round(7) ~p floor(-7) ~p ceil(1 bsl 70) ~p~n",
              [round(7), floor(-7), ceil(1 bsl 70)]).

compare() ->
    io:format("-- compare~n"),
    Pairs = [{1, 1.0}, {1.0, 1}, {0, 0.0}, {0.0, -0.0}, {1, 1.5},
             {2.0, 1}, {1 bsl 64, 18446744073709551616.0},
             {(1 bsl 64) + 1, 18446744073709551616.0},
             {9007199254740993, 9007199254740992.0}, {1.0e300, 1 bsl 900}],
    lists:foreach(
      fun({A, B}) ->
              io:format("~p vs ~p: == ~p =:= ~p /= ~p =/= ~p < ~p > ~p =< ~p~n",
                        [A, B, A == B, A =:= B, A /= B, A =/= B, A < B, A > B, A =< B])
      end, Pairs),
    io:format("sort: ~p~n", [lists:sort([3, 2.5, 1, 1.0, -0.5, 2, 2.0, 1 bsl 70, 1.0e30])]),
    io:format("usort: ~p~n", [lists:usort([1, 1.0, 2, 2.0, 1])]),
    io:format("max(1,1.0)=~p min(1,1.0)=~p max(1.0,1)=~p~n",
              [max(1, 1.0), min(1, 1.0), max(1.0, 1)]),
    io:format("is_float ~p ~p~n", [is_float(1.0), is_float(1)]).

conversions() ->
    io:format("-- conversions~n"),
    Fs = [0.0, 1.0, -1.0, 0.1, 3.14159265358979, 2.5e-10, -1.0e22, 123456.789,
          1.0e15, 1.0e16, 0.1 + 0.2, 1/3, 5.0e-324, 1.7976931348623157e308, 100.5,
          0.125, 2.675, -0.0, 1.0e21, 1.0e22, 9.999e-5],
    lists:foreach(
      fun(F) ->
              io:format("~w~n  default ~s~n  short ~s~n  dec0 ~s dec2 ~s dec6c ~s~n"
                        "  sci0 ~s sci3 ~s sci10 ~s~n  bin ~p ~p~n",
                        [F, f2l(F, none), f2l(F, [short]),
                         f2l(F, [{decimals, 0}]),
                         f2l(F, [{decimals, 2}]),
                         f2l(F, [{decimals, 6}, compact]),
                         f2l(F, [{scientific, 0}]),
                         f2l(F, [{scientific, 3}]),
                         f2l(F, [{scientific, 10}]),
                         f2b(F, [short]),
                         f2b(F, [{decimals, 4}, compact])])
      end, Fs),
    io:format("binary default ~p~n", [float_to_binary(2.5)]),
    io:format("dec 20 ~s~n", [float_to_list(0.1, [{decimals, 20}])]),
    io:format("sci 17 ~s~n", [float_to_list(0.1, [{scientific, 17}])]),
    io:format("compact ~s ~s~n", [float_to_list(1.5, [{decimals, 10}, compact]),
                                  float_to_list(100.0, [{decimals, 3}, compact])]),
    io:format("l2f ~p ~p ~p ~p~n", [list_to_float("1.5"), list_to_float("-0.25e3"),
                                    list_to_float("1.0E-2"), binary_to_float(<<"6.02e23">>)]),
    lists:foreach(
      fun(S) ->
              R = try list_to_float(S) catch C:E -> {C, E} end,
              io:format("list_to_float(~p) -> ~p~n", [S, R])
      end, ["1", "1.", ".5", "1e5", "abc", "1.0e400"]),
    io:format("string:to_float ~p ~p~n", [string:to_float("2.5xyz"), string:to_float("7")]),
    io:format("~p~n", [[io_lib:format("~f", [X]) || X <- [1.0, 0.125, -3.3]]]).

%% Returns the formatted string, or a printable error description.
f2l(F, none) -> float_to_list(F);
f2l(F, Opts) ->
    try float_to_list(F, Opts)
    catch C:R -> io_lib:format("~p", [{C, R}])
    end.

f2b(F, Opts) ->
    try float_to_binary(F, Opts)
    catch C:R -> {C, R}
    end.

math_funs() ->
    io:format("-- math~n"),
    P = fun(Name, V) -> io:format("~-12s ~p~n", [Name, V]) end,
    P("pi", math:pi()),
    P("sqrt 2", math:sqrt(2)),
    P("sqrt 16", math:sqrt(16)),
    P("pow 2 0.5", math:pow(2, 0.5)),
    P("pow 2 10", math:pow(2, 10)),
    P("pow 10 -2", math:pow(10, -2)),
    P("exp 1", math:exp(1)),
    P("log e", math:log(math:exp(1))),
    P("log 10", math:log(10)),
    P("log2 1024", math:log2(1024)),
    P("log10 1e6", math:log10(1.0e6)),
    P("sin 0", math:sin(0)),
    P("sin pi/2", math:sin(math:pi() / 2)),
    P("sin 1", math:sin(1)),
    P("cos pi", math:cos(math:pi())),
    P("tan 1", math:tan(1)),
    P("atan2 1 1", math:atan2(1, 1)),
    P("asin 1", math:asin(1)),
    P("floor 2.7", math:floor(2.7)),
    P("ceil 2.1", math:ceil(2.1)),
    P("fmod 7.5 2", math:fmod(7.5, 2)),
    P("sinh 1", math:sinh(1)),
    P("tanh 0.5", math:tanh(0.5)).

errors() ->
    io:format("-- errors~n"),
    Ops = [{"1.0 / 0", fun() -> 1.0 / id(0) end},
           {"1 / 0.0", fun() -> 1 / id(0.0) end},
           {"0.0 / 0.0", fun() -> id(0.0) / id(0.0) end},
           {"overflow", fun() -> id(1.0e300) * id(1.0e300) end},
           {"sqrt -1", fun() -> math:sqrt(id(-1)) end},
           {"log 0", fun() -> math:log(id(0)) end},
           {"float big", fun() -> float(id(1 bsl 1100)) end},
           {"big / 1", fun() -> id(1 bsl 1100) / 1 end},
           {"round atom", fun() -> round(id(a)) end},
           {"pow overflow", fun() -> math:pow(10, id(400)) end}],
    lists:foreach(
      fun({Label, F}) ->
              Res = try F() of V -> {ok, V} catch C:R -> {C, R} end,
              io:format("~-12s -> ~p~n", [Label, Res])
      end, Ops).
