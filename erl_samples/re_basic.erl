%% The re module: compile, run with every capture form, inspect, global matching, and
%% compiled patterns shared between processes.
-module(re_basic).
-export([main/0]).

show(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

main() ->
    S = "the quick brown fox jumps over the lazy dog",
    B = list_to_binary(S),
    show("run/2", re:run(S, "o(.)")),
    show("run/2 nomatch", re:run(S, "cat")),
    show("run binary", re:run(B, <<"q(u)(i)">>)),
    show("run iodata", re:run([<<"ab">>, $c, ["de"]], [$c | <<"d">>])),
    show("capture all list", re:run(S, "(\\w+) (\\w+)", [{capture, all, list}])),
    show("capture all binary", re:run(B, "(\\w+) (\\w+)", [{capture, all, binary}])),
    show("capture first", re:run(S, "b(r)own", [{capture, first}])),
    show("capture all_but_first", re:run(S, "b(r)(o)wn", [{capture, all_but_first, list}])),
    show("capture all_but_first none", re:run(S, "brown", [{capture, all_but_first}])),
    show("capture none", re:run(S, "fox", [{capture, none}])),
    show("capture []", re:run(S, "fox", [{capture, []}])),
    show("capture indices", re:run(S, "(q)(u)(i)", [{capture, [3, 1, 0, 7], binary}])),
    show("capture names", re:run(S, "(?<adj>\\w+) (?<animal>fox)",
                                 [{capture, [animal, "adj", <<"animal">>, nope], list}])),
    show("capture all_names", re:run(S, "(?<z>o)(?<a>v)", [{capture, all_names, index}])),
    show("all_names no names", re:run(S, "(o)(v)", [{capture, all_names}])),
    show("unset group", re:run("b", "(a)|(b)")),
    show("unset trailing", re:run("a", "(a)|(b)")),
    show("unset list", re:run("b", "(a)|(b)", [{capture, [1, 2], list}])),
    show("unset binary", re:run("b", "(a)|(b)", [{capture, all, binary}])),
    show("global", re:run(S, "o", [global])),
    show("global list", re:run(S, "(\\w)o(\\w)", [global, {capture, all, list}])),
    show("global binary first", re:run(B, "\\w+", [global, {capture, first, binary}])),
    show("global none", re:run(S, "the", [global, {capture, none}])),
    show("global nomatch", re:run(S, "xyz", [global])),
    show("global empty matches", re:run("abc", "x*", [global])),
    show("global empty and nonempty", re:run("aba", "a*", [global, {capture, all, list}])),
    show("global offset", re:run(S, "the", [global, {offset, 5}])),
    show("offset", re:run(S, "o", [{offset, 15}])),
    {ok, MP} = re:compile("(?<word>[a-z]+)-(?<num>\\d+)"),
    {re_pattern, Groups, Uni, CRLF, _} = MP,
    show("compiled fields", {Groups, Uni, CRLF}),
    show("inspect", re:inspect(MP, namelist)),
    show("run compiled", re:run("item-42 and box-7", MP, [{capture, all, list}])),
    show("run compiled global", re:run("item-42 and box-7", MP,
                                       [global, {capture, [num, word], binary}])),
    show("compile/1 groups", element(2, element(2, re:compile("(a)(b)(?:c)")))),
    show("no_auto_capture groups",
         element(2, element(2, re:compile("(a)(?<n>b)", [no_auto_capture])))),
    show("crlf flag", element(4, element(2, re:compile("a", [{newline, anycrlf}])))),
    show("crlf flag inline", element(4, element(2, re:compile("(*CRLF)a")))),
    %% A compiled pattern works in another process, and through a message.
    Self = self(),
    spawn(fun() -> Self ! {other, re:run("abc-123", MP, [{capture, all_but_first, list}])} end),
    receive {other, R1} -> show("other process", R1) end,
    Pid = spawn(fun() -> receive {P, From} -> From ! {back, re:run("zz-9", P)} end end),
    Pid ! {MP, self()},
    receive {back, R2} -> show("sent pattern", R2) end,
    %% The same source pattern many times (compiled once, then from the cache).
    show("repeated", lists:usort([re:run(integer_to_list(N), "^(\\d)\\d*$", [{capture, all_but_first, list}])
                                  || N <- lists:seq(1, 500)])),
    show("many sources", length([ok || N <- lists:seq(1, 2000),
                                       {match, _} <- [re:run("x" ++ integer_to_list(N), "x" ++ integer_to_list(N))]])),
    %% Larger subject: sub binaries for binary captures.
    Big = binary:copy(<<"0123456789">>, 20),
    {match, [Part]} = re:run(Big, "3.{70}", [{capture, first, binary}]),
    show("big part", {byte_size(Part), binary:part(Part, 0, 5)}),
    show("big global count", length(element(2, re:run(Big, "5", [global])))),
    ok.
