%% Integer arithmetic on small and big integers, bit operations,
%% division semantics, base conversion and arithmetic errors.
-module(integers).
-export([main/0]).

main() ->
    basic(),
    division(),
    bitops(),
    powers(),
    factorials(),
    bases(),
    conversions(),
    comparisons(),
    errors(),
    ok.

show(Label, Value) ->
    io:format("~-24s ~p~n", [Label, Value]).

basic() ->
    io:format("-- basic~n"),
    Xs = [0, 1, -1, 7, -7, 42, 576460752303423487, 576460752303423488,
          -576460752303423488, -576460752303423489,
          9223372036854775807, 9223372036854775808, -9223372036854775808,
          18446744073709551615, 18446744073709551616,
          123456789012345678901234567890],
    lists:foreach(
      fun(X) ->
              io:format("~w: +1=~w -1=~w *3=~w neg=~w abs=~w sq=~w~n",
                        [X, X + 1, X - 1, X * 3, -X, abs(X), X * X])
      end, Xs),
    show("min(3,-4)", min(3, -4)),
    show("max(3,-4)", max(3, -4)),
    show("min(2,2.0)", min(2, 2.0)),
    show("max(2,2.0)", max(2, 2.0)),
    show("max(1 bsl 70, 5)", max(1 bsl 70, 5)),
    show("+(-5)", +(-5)),
    show("sum big", lists:sum([1 bsl 64, 1 bsl 65, -(1 bsl 66)])),
    show("big - big", (1 bsl 100) - (1 bsl 100)),
    show("big * 0", (1 bsl 100) * 0),
    show("small * small ovf", 4294967296 * 4294967296),
    show("neg mult", -3037000500 * 3037000500),
    ok.

division() ->
    io:format("-- division~n"),
    Pairs = [{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {0, 5}, {1, 3},
             {100, 7}, {-100, 7}, {1 bsl 64, 3}, {-(1 bsl 64), 3},
             {1 bsl 64, -(1 bsl 32)}, {123456789012345678901234567890, 987654321},
             {-123456789012345678901234567890, 987654321987654321},
             {5, 1 bsl 80}, {-5, 1 bsl 80}],
    lists:foreach(
      fun({A, B}) ->
              io:format("~w div ~w = ~w, rem = ~w~n", [A, B, A div B, A rem B])
      end, Pairs).

bitops() ->
    io:format("-- bitops~n"),
    Vals = [0, 1, -1, 255, -256, 16#F0F0, 1 bsl 60, -(1 bsl 60),
            (1 bsl 64) - 1, -(1 bsl 64), 16#123456789ABCDEF0123],
    lists:foreach(
      fun(A) ->
              io:format("~w: band ~w bor ~w bxor ~w bnot ~w~n",
                        [A, A band 16#FF00FF, A bor 16#0F, A bxor -1, bnot A])
      end, Vals),
    Shifts = [0, 1, 3, 31, 32, 59, 60, 63, 64, 65, 100, -1, -4],
    lists:foreach(
      fun(S) ->
              io:format("shift ~w: 1 bsl=~w -1 bsl=~w 12345 bsr=~w -12345 bsr=~w big bsr=~w~n",
                        [S, 1 bsl S, -1 bsl S, 12345 bsr S, -12345 bsr S,
                         (1 bsl 100) bsr S])
      end, Shifts),
    show("big band big", (1 bsl 100 + 12345) band ((1 bsl 100) - 1)),
    show("neg big band", -(1 bsl 100) band 16#FFFF),
    show("neg big bor", -(1 bsl 100) bor 16#FFFF),
    show("neg big bxor", -(1 bsl 70) bxor (1 bsl 69)),
    show("bsr to -1", -5 bsr 1000),
    show("bsr to 0", 5 bsr 1000).

powers() ->
    io:format("-- powers of two~n"),
    lists:foreach(
      fun(N) ->
              P = 1 bsl N,
              io:format("2^~w = ~w (~w) ~s~n",
                        [N, P, P - 1, integer_to_list(-P, 16)])
      end, [27, 28, 31, 32, 58, 59, 60, 61, 62, 63, 64, 65, 127, 128, 200]).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

factorials() ->
    io:format("-- factorials~n"),
    lists:foreach(fun(N) -> io:format("~w! = ~w~n", [N, fact(N)]) end,
                  [0, 1, 5, 10, 20, 21, 25, 30, 50]),
    F100 = fact(100),
    io:format("100! = ~w~n", [F100]),
    io:format("100! digits = ~w~n", [length(integer_to_list(F100))]),
    io:format("100! div 98! = ~w~n", [F100 div fact(98)]),
    io:format("100! rem 101 = ~w~n", [F100 rem 101]),
    io:format("3^200 = ~w~n", [pow(3, 200)]),
    io:format("-7^33 = ~w~n", [pow(-7, 33)]),
    io:format("big gcd-ish = ~w~n", [gcd(fact(60), pow(2, 70) * pow(3, 5))]).

gcd(A, 0) -> A;
gcd(A, B) -> gcd(B, A rem B).

bases() ->
    io:format("-- bases~n"),
    lists:foreach(
      fun(Base) ->
              io:format("base ~2w: ~s ~s ~s ~s~n",
                        [Base, integer_to_list(255, Base),
                         integer_to_list(-1000, Base),
                         integer_to_binary(1 bsl 64, Base),
                         integer_to_list(123456789012345678901234567890, Base)])
      end, lists:seq(2, 36)),
    io:format("~b ~.2b ~.8b ~.16b ~.36b ~.16B ~.16# ~.2# ~#~n",
              [1000, 1000, 1000, 1000, 1000, 48879, 48879, -5, 99]),
    io:format("[~10b] [~-10b] [~10.16b] [~.10.0b] [~10.16.0b] [~-8.2.*b]~n",
              [42, 42, 255, 42, 255, $_, 5]),
    io:format("~.16+ ~.16+ ~+ ~.36b ~.36B~n", [16#ABC, -16#ABC, 77, 1295, 1295]),
    io:format("[~3b] [~3b]~n", [12345, -12345]).

conversions() ->
    io:format("-- conversions~n"),
    show("l2i", list_to_integer("12345")),
    show("l2i neg", list_to_integer("-12345")),
    show("l2i plus", list_to_integer("+77")),
    show("l2i big", list_to_integer("999999999999999999999999999999")),
    show("l2i base 16", list_to_integer("ff", 16)),
    show("l2i base 16 up", list_to_integer("DEADBEEF", 16)),
    show("l2i base 2", list_to_integer("-101010", 2)),
    show("l2i base 36", list_to_integer("Zz", 36)),
    show("l2i base 36 big", list_to_integer("HAMLETBEAMVMHAMLETBEAMVM", 36)),
    show("b2i", binary_to_integer(<<"-42">>)),
    show("b2i base 8", binary_to_integer(<<"777">>, 8)),
    show("i2l", integer_to_list(-987654321)),
    show("i2b", integer_to_binary(1 bsl 70)),
    show("string:to_integer", string:to_integer("123abc")),
    show("string:to_integer bad", string:to_integer("abc")),
    lists:foreach(
      fun(S) ->
              R = try list_to_integer(S) catch C:E -> {C, E} end,
              io:format("list_to_integer(~p) -> ~p~n", [S, R])
      end, ["", "-", "12a", " 1", "1.0", "0000017"]),
    R2 = try list_to_integer("12", id(37)) catch C2:E2 -> {C2, E2} end,
    io:format("base 37 -> ~p~n", [R2]).

comparisons() ->
    io:format("-- comparisons~n"),
    Pairs = [{1, 2}, {2, 1}, {1 bsl 64, 1 bsl 63}, {-(1 bsl 64), 1},
             {5, 5}, {1 bsl 70, 1 bsl 70}],
    lists:foreach(
      fun({A, B}) ->
              io:format("~w vs ~w: < ~w =< ~w == ~w /= ~w =:= ~w >= ~w~n",
                        [A, B, A < B, A =< B, A == B, A /= B, A =:= B, A >= B])
      end, Pairs),
    show("is_integer big", is_integer(1 bsl 100)),
    show("is_number", is_number(-3)),
    show("sign sort", lists:sort([3, -1 bsl 65, 0, 1 bsl 65, -2, 7])).

errors() ->
    io:format("-- errors~n"),
    Ops = [{"1 div 0", fun() -> 1 div zero() end},
           {"1 rem 0", fun() -> 1 rem zero() end},
           {"big div 0", fun() -> (1 bsl 80) div zero() end},
           {"atom + 1", fun() -> atm() + 1 end},
           {"1 bsl atom", fun() -> 1 bsl atm() end},
           {"bnot float", fun() -> bnot flt() end},
           {"1.5 div 1", fun() -> flt() div 1 end},
           {"abs atom", fun() -> abs(atm()) end},
           {"huge shift", fun() -> 1 bsl id(1 bsl 40) end}],
    lists:foreach(
      fun({Label, F}) ->
              Res = try F() of V -> {ok, V}
                    catch Class:Reason -> {Class, Reason}
                    end,
              io:format("~-12s -> ~p~n", [Label, Res])
      end, Ops),
    Caught = (catch 10 div zero()),
    io:format("catch: ~p~n", [element(1, Caught)]).

zero() -> id(0).
atm() -> id(foo).
flt() -> id(1.5).
id(X) -> X.
