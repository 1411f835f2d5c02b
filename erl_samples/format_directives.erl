%% io:format / io_lib:format control sequences: field widths, precision,
%% padding, adjustment, ~f ~e ~g ~s ~w ~p ~P ~W ~c ~i ~b ~B ~# ~+ ~n ~~.
-module(format_directives).
-export([main/0]).

main() ->
    floats(),
    strings(),
    chars(),
    terms(),
    ints(),
    misc(),
    ok.

floats() ->
    io:format("-- floats~n"),
    Vals = [0.0, 1.0, -1.5, 3.14159265358979, 123456.789, 1.0e-7, 2.5e20, -0.001, 1/3, 0.5, 99.995],
    lists:foreach(
      fun(V) ->
              io:format("~f|~.2f|~.1f|~10.3f|~-10.1f|~e|~.3e|~.10e|~g|~.3g|~15g|~.1g~n",
                        [V, V, V, V, V, V, V, V, V, V, V, V])
      end, Vals),
    io:format("[~12.4.0f] [~*.*f] [~-12.2.*f]~n", [3.14159, 9, 3, 2.71828, $#, 1.5]),
    io:format("[~3.1f] [~2e]~n", [123.456, 1.0]),
    io:format("~p~n", [try_fmt("~f", [5])]),
    io:format("~p~n", [try_fmt("~q", [5])]),
    io:format("~p~n", [try_fmt("~s", [{not_a_string}])]),
    io:format("~p~n", [try_fmt("~w ~w", [too_few])]),
    io:format("~p~n", [io_lib:format("~.1f", [0.05])]),
    io:format("~s~n", [io_lib:format("~g ~g ~g ~g", [0.0001, 0.1, 12345678.0, 1.0e10])]).

try_fmt(Fmt, Args) ->
    try lists:flatten(io_lib:format(Fmt, Args))
    catch C:R -> {C, R}
    end.

strings() ->
    io:format("-- strings~n"),
    io:format("[~s] [~10s] [~-10s] [~.3s] [~10.3s] [~-10.3s] [~10..-s]~n",
              ["abc", "abc", "abc", "abcdef", "abcdef", "abcdef", "xy"]),
    io:format("[~s] [~s] [~s]~n", [<<"binary">>, hello_atom, ["io", [$l, "is"], <<"t">>]]),
    io:format("[~10..*s] [~*s] [~10.2.xs]~n", [$*, "pad", 6, "ab", "abc"]),
    io:format("[~2s]~n", ["toolong"]),
    io:format("[~ts] [~10ts]~n", ["plain", <<"bin">>]),
    io:format("[~-5s|~5s]~n", ["", ""]).

chars() ->
    io:format("-- chars~n"),
    io:format("[~c] [~5c] [~-5c] [~.3c] [~5.3c] [~c~c~c]~n",
              [$a, $b, $c, $d, $e, $x, $y, $z]),
    io:format("[~c] [~c]~n", [$\n, 255]),
    io:format("[~~] [~n]~n", []).

terms() ->
    io:format("-- terms~n"),
    T = {tag, [1, 2, 3], "str", <<"bin">>, 3.5, -7, atom, 'Quoted atom', #{a => 1}},
    io:format("~w~n~p~n", [T, T]),
    io:format("[~40p]~n", [T]),
    io:format("[~50w]~n", [small]),
    io:format("[~-15w] [~15p] ~p~n", [x, y, try_fmt("~-15p", [z])]),
    Long = lists:seq(1, 40),
    io:format("~p~n", [Long]),
    io:format("~w~n", [Long]),
    io:format("~P~n", [Long, 5]),
    io:format("~W~n", [{a, {b, {c, {d, {e, f}}}}}, 4]),
    io:format("~P~n", [[{x, "deep string"}, [a, [b, [c, [d]]]]], 6]),
    Nested = [{key_number_one, "value one", [1, 2, 3]},
              {key_number_two, {nested, tuple, with, several, elements}, <<"bin">>},
              {key_number_three, lists:seq(1, 25)}],
    io:format("~p~n", [Nested]),
    io:format("~p~n", [{"a string that is rather long so that it needs wrapping", "and another string here"}]),
    io:format("~p ~w~n", [[65, 66, 67], [65, 66, 67]]),
    io:format("~p ~p ~p~n", [[], "", [7, 8, 9]]),
    io:format("~p ~p~n", ["tab\there", "nl\nhere"]),
    io:format("~w~n", ["tab\there"]),
    io:format("~p ~p ~p~n", ['hello world', 'UPPER', 'a-b']),
    io:format("~p ~p ~p ~p~n", ['', 'x@y', 'if', 'é']),
    io:format("~i[~w]~n", [ignored, shown]),
    io:format("~p~n", [[{a, 1} | improper]]),
    io:format("~p~n", [{[$a | $b], [1 | 2]}]),
    Bin = list_to_binary(lists:seq(32, 126)),
    io:format("~p~n", [Bin]),
    io:format("~p~n", [[Bin, Bin]]),
    io:format("~p~n", [list_to_tuple(lists:seq(1, 30))]),
    io:format("~p~n", [#{alpha => "first", beta => [1, 2, 3], gamma => {x, y},
                         delta => <<"bytes">>, epsilon => 2.5, zeta => #{inner => map}}]).

ints() ->
    io:format("-- ints~n"),
    io:format("~b ~B ~.16b ~.16B ~.2B ~8.16.0B ~-8.2b|~n",
              [255, 255, 255, 255, 5, 48879, 5]),
    io:format("~# ~.16# ~+ ~.8+~n", [255, 255, 255, 255]),
    io:format("~w ~p ~s~n", [-1 bsl 70, 1 bsl 70, integer_to_list(12)]),
    io:format("[~5w] [~-5w] [~5p]~n", [42, 42, -42]).

misc() ->
    io:format("-- misc~n"),
    S = io_lib:format("~w-~s-~p", [1, "two", three]),
    io:format("~p~n", [S]),
    io:format("~p~n", [lists:flatten(S)]),
    io:format("~s~n", [io_lib:write([1, {2}, "3"])]),
    io:format("~s~n", [io_lib:print({a, "b"})]),
    io:format("~p~n", [io_lib:write_atom('needs quote')]),
    io:format("~p~n", [io_lib:write_string("q\"s")]),
    io:format("~p~n", [io_lib:char_list("abc")]),
    io:format("~p~n", [io_lib:printable_list([1, 2, 3])]),
    io:format("~p~n", [io_lib:fread("~d ~s", "42 word")]),
    io:format("~s", ["no newline then "]),
    io:put_chars("put_chars\n"),
    io:put_chars([<<"io">>, "list", $\n]),
    io:nl(),
    io:write({written, term}),
    io:nl(),
    io:format("done~n").
