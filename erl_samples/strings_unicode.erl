%% The string module on lists and binaries, unicode conversions, and
%% printing non-ASCII text with ~s/~ts/~p/~tp, first on the default
%% (latin1) standard_io of `erl -noshell`, then after switching it to
%% unicode with io:setopts/1.
-module(strings_unicode).
-export([main/0]).

main() ->
    string_module(),
    unicode_conv(),
    printing(),
    io_lib_strings(),
    ok.

show(Label, Value) ->
    io:format("~-20s ~p~n", [Label, Value]).

string_module() ->
    io:format("-- string module~n"),
    S = "  Hello, World!  ",
    show("trim", string:trim(S)),
    show("trim leading", string:trim(S, leading)),
    show("trim trailing", string:trim(S, trailing)),
    show("trim chars", string:trim("xxabcxx", both, "x")),
    show("trim bin", string:trim(<<"\t bin \n">>)),
    show("uppercase", string:uppercase("hello World 123")),
    show("lowercase", string:lowercase("HELLO World")),
    show("uppercase bin", string:uppercase(<<"abc">>)),
    show("titlecase", string:titlecase("hello")),
    show("casefold", string:casefold("ÀB")),
    show("split", string:split("a,b,c", ",")),
    show("split all", string:split("a,b,,c", ",", all)),
    show("split trailing", string:split("a,b,c", ",", trailing)),
    show("split bin", string:split(<<"key: value">>, ": ")),
    show("find", string:find("hello world", "o w")),
    show("find trailing", string:find("a.b.c", ".", trailing)),
    show("find none", string:find("abc", "z")),
    show("replace", string:replace("a-b-c", "-", "+")),
    show("replace all", string:replace("a-b-c", "-", "+", all)),
    show("lexemes", string:lexemes("  one two   three ", " ")),
    show("tokens", string:tokens("one,two;;three", ",;")),
    show("join", string:join(["x", "y", "z"], ", ")),
    show("pad", string:pad("abc", 8)),
    show("pad leading", string:pad("abc", 8, leading, $.)),
    show("pad both", string:pad("abc", 8, both, $*)),
    show("reverse", string:reverse("stressed")),
    show("length", string:length("hello")),
    show("length unicode", string:length("héllo→")),
    show("length bin", string:length(<<"héllo"/utf8>>)),
    show("slice", string:slice("hello world", 6)),
    show("slice len", string:slice("hello world", 0, 5)),
    show("equal", string:equal("abc", <<"abc">>)),
    show("equal case", string:equal("ABC", "abc", true)),
    show("is_empty", {string:is_empty(""), string:is_empty([[], <<>>]), string:is_empty(" ")}),
    show("prefix", string:prefix("foobar", "foo")),
    show("prefix none", string:prefix("foobar", "bar")),
    show("take", string:take("abc123", lists:seq($a, $z))),
    show("chomp", string:chomp("line\n")),
    show("next_grapheme", string:next_grapheme("abc")),
    show("next_codepoint", string:next_codepoint(<<"€x"/utf8>>)),
    show("to_graphemes", string:to_graphemes("ab")),
    show("nth_lexeme", string:nth_lexeme("a b c", 2, " ")),
    show("to_upper (old)", string:to_upper("old api")),
    show("to_lower (old)", string:to_lower("OLD API")),
    show("str (old)", string:str("hello", "ll")),
    show("chr (old)", string:chr("hello", $l)),
    show("substr (old)", string:substr("hello", 2, 3)),
    show("copies (old)", string:copies("ab", 3)),
    show("centre (old)", string:centre("x", 5)),
    show("left/right (old)", {string:left("ab", 5, $.), string:right("ab", 5, $.)}),
    show("words (old)", string:words("one two three")),
    show("sub_word (old)", string:sub_word("one two three", 2)),
    show("strip (old)", string:strip("..x..", both, $.)).

unicode_conv() ->
    io:format("-- unicode~n"),
    Str = [104, 233, 108, 108, 111, 32, 8594, 32, 19990, 30028, 32, 128512],
    Utf8 = unicode:characters_to_binary(Str),
    show("to utf8 binary", Utf8),
    show("bytes", binary_to_list(Utf8)),
    show("back to list", unicode:characters_to_list(Utf8)),
    show("utf16", unicode:characters_to_binary(Str, unicode, utf16)),
    show("utf16 little", unicode:characters_to_binary("hé", unicode, {utf16, little})),
    show("utf32", unicode:characters_to_binary("a€", unicode, utf32)),
    show("latin1 to utf8", unicode:characters_to_binary(<<"caf", 233>>, latin1, utf8)),
    show("utf8 to latin1", unicode:characters_to_binary(<<"café"/utf8>>, utf8, latin1)),
    show("not latin1", unicode:characters_to_binary([8364], unicode, latin1)),
    show("incomplete", unicode:characters_to_list(<<"ab", 226, 130>>)),
    show("invalid", unicode:characters_to_list(<<"ab", 255, "cd">>)),
    show("mixed iolist", unicode:characters_to_binary(["a", <<"ß"/utf8>>, [8364]])),
    show("list of utf16", unicode:characters_to_list(<<0, 104, 0, 105>>, utf16)),
    show("bom", unicode:encoding_to_bom(utf8)),
    show("bom_to_encoding", unicode:bom_to_encoding(<<239, 187, 191, "x">>)),
    show("nfc", unicode:characters_to_nfc_list([$e, 16#301])),
    show("nfd", unicode:characters_to_nfd_list([16#e9])),
    show("utf8 length", {length(Str), byte_size(Utf8)}),
    show("io_lib:printable", {io_lib:printable_list(Str), io_lib:printable_unicode_list(Str),
                              io_lib:printable_latin1_list("café")}).

printing() ->
    io:format("-- printing (latin1 device)~n"),
    print_all(),
    io:setopts([{encoding, unicode}]),
    io:format("-- printing (unicode device)~n"),
    print_all(),
    io:setopts([{encoding, latin1}]),
    io:format("-- back to latin1~n"),
    io:format("~ts~n", ["café"]).

print_all() ->
    Latin = "café",
    Uni = [19990, 30028, $!, 8594],
    Bin = <<"naïve €"/utf8>>,
    io:format("~s|~ts|~p|~tp~n", [Latin, Latin, Latin, Latin]),
    io:format("~ts|~p|~tp~n", [Uni, Uni, Uni]),
    io:format("~ts|~s|~p|~tp~n", [Bin, Bin, Bin, Bin]),
    io:format("~tp ~p~n", ['atom→x', 'atom→x']),
    io:format("~tp~n", [{[20320, 22909], <<"bin→"/utf8>>, "ascii"}]),
    io:format("[~10ts] [~-10ts] [~.2ts]~n", [Uni, Uni, Uni]),
    io:format("~tc~tc ~c~n", [8364, 955, 233]),
    io:put_chars(unicode:characters_to_binary(["put_chars: ", Uni, "\n"])).

io_lib_strings() ->
    io:format("-- io_lib~n"),
    R = io_lib:format("~s and ~w and ~p", ["text", 'atom', {1, "two"}]),
    show("format result", R),
    show("flattened", lists:flatten(R)),
    show("chardata", unicode:characters_to_binary(io_lib:format("~ts", [[8364]]))),
    show("format ~ts list", io_lib:format("~ts", [[8364]])),
    show("format ~tp list", io_lib:format("~tp", [[8364]])),
    show("format ~p list", io_lib:format("~p", [[8364]])),
    show("write_string", io_lib:write_string("a\"b\\c\n")),
    show("write_char", io_lib:write_char($a)),
    show("format ~c", io_lib:format("~c", [$x])),
    show("quote atom", io_lib:write_atom('Hello')),
    show("deep", io_lib:format("~w~s", [1, [[$a], [[$b]]]])).
