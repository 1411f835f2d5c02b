%% re errors: bad options, bad patterns and subjects, compile errors.
-module(re_errors).
-export([main/0]).

show(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

t(F) ->
    try F() of
        V -> V
    catch
        C:R:St -> {C, R, cause(St)}
    end.

cause([{_, _, _, Info} | _]) ->
    case proplists:get_value(error_info, Info) of
        #{cause := C} -> C;
        _ -> none
    end;
cause(_) -> none.

%% Class and reason only (for errors raised by re.erl's Erlang code).
t2(F) ->
    try F() of
        V -> V
    catch
        C:R -> {C, R}
    end.

%% Compile error messages and positions are PCRE's own text, which differs between PCRE
%% versions: show only their shape.
shape({error, {compile, {Msg, Pos}}}) when is_list(Msg), is_integer(Pos) -> compile_error;
shape({error, {Msg, Pos}}) when is_list(Msg), is_integer(Pos) -> error;
shape(Other) -> Other.

main() ->
    show("bad option", t(fun() -> re:run("a", "a", [bad]) end)),
    show("bad option tuple", t(fun() -> re:run("a", "a", [{bad, 1}]) end)),
    show("bad newline", t(fun() -> re:run("a", "a", [{newline, foo}]) end)),
    show("negative offset", t(fun() -> re:run("a", "a", [{offset, -1}]) end)),
    show("improper options", t(fun() -> re:run("a", "a", [global | x]) end)),
    show("options not a list", t(fun() -> re:run("a", "a", x) end)),
    show("compile bad option", t(fun() -> re:compile("a", [global]) end)),
    show("compile report_errors", t(fun() -> re:compile("a", [report_errors]) end)),
    show("bad capture type", t(fun() -> re:run("abc", "b", [{capture, all, bad}]) end)),
    show("bad capture values", t(fun() -> re:run("abc", "b", [{capture, foo}]) end)),
    show("bad capture float", t(fun() -> re:run("abc", "b", [{capture, [1.0]}]) end)),
    show("negative capture", t(fun() -> re:run("abc", "b", [{capture, [-1]}]) end)),
    show("bad subject", t(fun() -> re:run(foo, "a") end)),
    show("subject > 255", t(fun() -> re:run([1000], "a") end)),
    show("bad pattern", t(fun() -> re:run("a", foo) end)),
    show("bad pattern tuple", t(fun() -> re:run("a", {re_pattern, a, 0, 0, <<>>}) end)),
    show("compile error", shape(t(fun() -> re:compile("(") end))),
    show("compile error 2", shape(t(fun() -> re:compile("a)") end))),
    show("compile error 3", shape(t(fun() -> re:compile("[a") end))),
    show("compile error 4", shape(t(fun() -> re:compile("a{2,1}") end))),
    show("compile error pos", element(2, element(2, re:compile("(")))),
    show("run compile error", t(fun() -> re:run("a", "(") end)),
    show("run report_errors", shape(t(fun() -> re:run("a", "(", [report_errors]) end))),
    show("global report_errors", shape(t(fun() -> re:run("a", "(", [global, report_errors]) end))),
    show("bad utf8 subject", t(fun() -> re:run(<<255, 254>>, <<"a">>, [unicode]) end)),
    show("bad utf8 pattern", shape(t(fun() -> re:compile(<<255>>, [unicode]) end))),
    show("unicode in latin1", shape(t(fun() -> re:compile("\\x{100}") end))),
    show("compile option with compiled", t(fun() -> re:run("a", element(2, re:compile("a")), [unicode]) end)),
    show("inspect bad", t(fun() -> re:inspect(foo, namelist) end)),
    show("inspect bad key", t(fun() -> re:inspect(element(2, re:compile("a")), foo) end)),
    show("split bad", t(fun() -> re:split("a", "(") end)),
    show("split bad option", t2(fun() -> re:split("a", "a", [{return, foo}]) end)),
    show("replace bad", t(fun() -> re:replace("a", "(", "b") end)),
    show("replace bad option", t2(fun() -> re:replace("a", "a", "b", [{capture, all}]) end)),
    show("internal_run bad", t(fun() -> re:internal_run("a", "a", [], maybe) end)),
    ok.
