%% re:split and re:replace (Erlang code in re.erl running on the re BIFs).
-module(re_split_replace).
-export([main/0]).

show(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

main() ->
    Text = "Hello, world! It's 2024",
    show("split", re:split(Text, "[^a-zA-Z']+")),
    show("split trim", re:split(Text, "[^a-zA-Z']+", [trim])),
    show("split list", re:split(Text, "[^a-zA-Z']+", [{return, list}, trim])),
    show("split binary", re:split(<<"a,b,,c,,">>, ",", [{return, binary}])),
    show("split binary trim", re:split(<<"a,b,,c,,">>, ",", [{return, binary}, trim])),
    show("split parts", re:split("a,b,c,d", ",", [{parts, 2}, {return, list}])),
    show("split parts 0", re:split("a,b,,", ",", [{parts, 0}, {return, list}])),
    show("split parts infinity", re:split("a,b,,", ",", [{parts, infinity}, {return, list}])),
    show("split group", re:split("a1b2c", "(\\d)", [group, {return, list}])),
    show("split subpatterns", re:split("a1b2c", "(\\d)", [{return, list}])),
    show("split empty pattern", re:split("abc", "", [{return, list}])),
    show("split empty subject", re:split("", ",", [{return, list}])),
    show("split nomatch", re:split("abc", ",", [{return, list}])),
    show("split compiled", re:split("a b  c", element(2, re:compile("\\s+")), [{return, list}])),
    show("split caseless", re:split("aXbxc", "x", [caseless, {return, list}])),
    show("split iodata", re:split([<<"a,">>, "b", [$,, $c]], ",")),
    show("split unicode", re:split("åäö, ü", ",\\s*", [unicode, {return, list}])),
    show("split unicode binary", re:split(<<"α β γ"/utf8>>, " ", [unicode, {return, binary}])),
    show("split lookahead", re:split("aAbBcC", "(?=[A-Z])", [{return, list}])),
    show("replace", re:replace("abcabc", "b", "X")),
    show("replace list", re:replace("abcabc", "b", "X", [{return, list}])),
    show("replace global", re:replace("abcabc", "b", "X", [global, {return, list}])),
    show("replace binary", re:replace(<<"abcabc">>, "b", "X", [global, {return, binary}])),
    show("replace &", re:replace("abc", "b", "[&]", [{return, list}])),
    show("replace groups", re:replace("john smith", "(\\w+) (\\w+)", "\\2, \\1", [{return, list}])),
    show("replace \\g", re:replace("ab", "(a)(b)", "\\g{2}\\g1", [{return, list}])),
    show("replace escaped", re:replace("ab", "a", "\\&\\\\", [{return, list}])),
    show("replace empty", re:replace("abc", "", "-", [global, {return, list}])),
    show("replace caseless", re:replace("ABC", "b", "x", [caseless, {return, binary}])),
    show("replace unicode", re:replace("åäö", "ä", "a", [unicode, {return, list}])),
    show("replace unicode global empty", re:replace("åä", "", "|", [unicode, global, {return, binary}])),
    show("replace fun", try re:replace("a1b22", "\\d+", fun(D) -> [$<, D, $>] end, [global, {return, list}])
                        catch C:_ -> C end),
    show("replace offset", re:replace("aaaa", "a", "b", [{offset, 2}, global, {return, list}])),
    show("replace compiled", re:replace("x1y2", element(2, re:compile("\\d")), "#", [global, {return, list}])),
    show("replace nomatch", re:replace("abc", "z", "y", [{return, list}])),
    ok.
