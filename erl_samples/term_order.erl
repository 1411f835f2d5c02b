%% Atoms, conversions between atoms and strings/binaries, and the standard
%% term order (number < atom < reference < fun < port < pid < tuple < map
%% < nil < list < bitstring), exact and arithmetic equality.
-module(term_order).
-export([main/0]).

main() ->
    atoms(),
    order(),
    equality(),
    ok.

atoms() ->
    io:format("-- atoms~n"),
    As = [ok, 'hello world', 'Capital', '', 'with\'quote', 'tab\t', a@b, 'a.b',
          'if', 'end', 'fun', '_under', abc123, 'ñandú', 'hello_World'],
    lists:foreach(
      fun(A) ->
              io:format("~p | ~w | ~s | ~p | ~p | ~p~n",
                        [A, A, atom_to_list(A), atom_to_list(A),
                         atom_to_binary(A), atom_to_binary(A, latin1)])
      end, As),
    io:format("~p~n", [list_to_atom("made_" ++ integer_to_list(42))]),
    io:format("~p~n", [list_to_atom("Made Up")]),
    io:format("~p~n", [binary_to_atom(<<"from_bin">>)]),
    io:format("~p~n", [binary_to_atom(<<"latin1 é"/utf8>>, utf8)]),
    io:format("~p~n", [binary_to_atom(<<"caf", 233>>, latin1)]),
    io:format("~p~n", [list_to_existing_atom("ok")]),
    io:format("~p~n", [binary_to_existing_atom(<<"error">>, utf8)]),
    R = try list_to_existing_atom("surely_this_atom_does_not_exist_xyzzy")
        catch C:E -> {C, E} end,
    io:format("~p~n", [R]),
    R2 = try list_to_atom(lists:duplicate(256, $a)) catch C2:E2 -> {C2, E2} end,
    io:format("~p~n", [R2]),
    R3 = try atom_to_list(id("notatom")) catch C3:E3 -> {C3, E3} end,
    io:format("~p~n", [R3]),
    io:format("length 255 ok: ~p~n", [length(atom_to_list(list_to_atom(lists:duplicate(255, $z))))]),
    io:format("is_atom ~p ~p ~p~n", [is_atom(true), is_atom("str"), is_atom([])]),
    io:format("booleans ~p ~p ~p ~p~n", [true and false, true or false, not true, true xor true]),
    io:format("andalso ~p orelse ~p~n", [false andalso error(x), true orelse error(y)]),
    UA = list_to_atom([16#3bb, $x, 16#2192]),
    io:format("~w~n", [atom_to_list(UA)]),
    io:format("~w~n", [atom_to_binary(UA)]),
    io:format("~tp~n", [length(atom_to_list(UA))]).

order() ->
    io:format("-- order~n"),
    Fun = fun() -> ok end,
    Terms = [<<"bin">>, [1, 2], "abc", [], #{}, #{a => 1}, {}, {1}, {1, 2}, {0, 0, 0},
             atom, 'Atom', aardvark, 42, -1, 3.5, 1 bsl 80, 1.0, 1,
             <<1:3>>, <<>>, [a | b], {a, b}, zzz, Fun, 0.0, -0.0,
             #{b => 1}, #{a => 2}, #{a => 1, b => 1}, [0], [[]], <<0>>, <<"a">>],
    Sorted = lists:sort(Terms),
    lists:foreach(fun(T) -> io:format("  ~s~n", [describe(T)]) end, Sorted),
    io:format("reverse sorted: ~s~n",
              [string:join([describe(T) || T <- lists:reverse(Sorted)], " ")]),
    Pairs = [{1, a}, {a, {}}, {{}, #{}}, {#{}, []}, {[], <<>>}, {{1, 2}, {2}},
             {{2}, {1, 2}}, {[1, 2], [1, 3]}, {[1], [1, 0]}, {"b", "ab"},
             {<<"b">>, <<"ab">>}, {<<1:1>>, <<0>>}, {<<1>>, <<1:1>>},
             {#{a => 2}, #{b => 1}}, {#{a => 1, b => 2}, #{c => 0}},
             {#{1 => a}, #{1.0 => a}}, {#{a => 1}, #{a => 1.0}},
             {1, 1.0}, {2, 1.5}, {abc, abd}, {ab, abc}, {'B', a}],
    lists:foreach(
      fun({A, B}) ->
              io:format("~w < ~w: ~w, > ~w, =< ~w, >= ~w~n",
                        [A, B, A < B, A > B, A =< B, A >= B])
      end, Pairs),
    io:format("usort: ~w~n", [lists:usort([b, a, 1, 1.0, "x", <<"x">>, {x}, a, 1])]),
    io:format("max/min: ~w ~w ~w~n", [max(atom, 99999), min({a}, [a]), max(<<>>, [])]).

describe(T) when is_function(T) -> "#Fun";
describe(T) -> io_lib:format("~w", [T]).

equality() ->
    io:format("-- equality~n"),
    Pairs = [{1, 1}, {1, 1.0}, {[1], [1.0]}, {{1, a}, {1.0, a}},
             {#{1 => 1}, #{1 => 1.0}}, {#{1 => x}, #{1.0 => x}},
             {<<1>>, <<1>>}, {"abc", <<"abc">>}, {"abc", [$a, $b, $c]},
             {0.0, -0.0}, {1 bsl 64, (1 bsl 64) + 0}, {a, 'a'}, {[], ""}],
    lists:foreach(
      fun({A, B}) ->
              io:format("~w ~w: == ~w /= ~w =:= ~w =/= ~w~n",
                        [A, B, A == B, A /= B, A =:= B, A =/= B])
      end, Pairs).

id(X) -> X.
