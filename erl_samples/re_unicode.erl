%% re with unicode subjects and patterns: charlists, binaries, byte offsets.
-module(re_unicode).
-export([main/0]).

show(Label, Value) -> io:format("~ts: ~tp~n", [Label, Value]).

main() ->
    S = "grüße aus köln, ελληνικά",
    B = unicode:characters_to_binary(S),
    show("charlist index", re:run(S, "ö", [unicode])),
    show("binary index", re:run(B, "ö", [unicode])),
    show("binary pattern", re:run(B, <<"köln"/utf8>>, [unicode, {capture, all, binary}])),
    show("charlist list", re:run(S, "(\\w+)", [unicode, ucp, {capture, all, list}])),
    show("charlist binary", re:run(S, "k(.)ln", [unicode, {capture, all, binary}])),
    show("greek", re:run(S, "ε(λ+)", [unicode, {capture, all, list}])),
    show("global words", re:run(S, "\\w+", [unicode, ucp, global, {capture, first, list}])),
    show("global no ucp", re:run(S, "\\w+", [unicode, global, {capture, first, list}])),
    show("global empty", re:run(<<"åäö"/utf8>>, "", [unicode, global])),
    show("global empty list", re:run("åäö", "x*", [unicode, global, {capture, all, list}])),
    show("caseless", re:run("ÅÄÖ", "åäö", [unicode, caseless, {capture, all, list}])),
    show("dot", re:run("€x", "^.", [unicode, {capture, all, binary}])),
    show("dot bytes", re:run(<<"€x"/utf8>>, "^.", [{capture, all, binary}])),
    show("class", re:run("a€b", "[€]", [unicode])),
    show("offset", re:run(B, "\\w+", [unicode, ucp, {offset, 7}, {capture, first, list}])),
    {ok, MP} = re:compile("(?<w>\\p{L}+)", [unicode]),
    show("compiled unicode", element(3, MP)),
    show("compiled charlist", re:run("日本語 text", MP, [{capture, all_names, list}])),
    show("compiled global", re:run("日本語 text", MP, [global, {capture, [w], binary}])),
    show("compiled index", re:run("日本語 text", MP, [global])),
    show("compile charlist", element(1, re:compile("ä+", [unicode]))),
    show("pattern charlist", re:run(<<"ää"/utf8>>, [$ä, $+], [unicode, {capture, first, binary}])),
    show("crlf global empty", re:run("a\r\nb", "", [global, {newline, crlf}])),
    show("crlf global empty any", re:run("a\r\nb", "(*ANY)", [global])),
    show("latin1 bytes", re:run(<<"caf", 233>>, "caf.", [{capture, all, list}])),
    show("split unicode", re:split("日本 語", " ", [unicode, {return, list}])),
    show("replace unicode", re:replace("ab€cd", "€", "ö", [unicode, {return, list}])),
    ok.
