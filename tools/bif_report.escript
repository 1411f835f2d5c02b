#!/usr/bin/env escript
%% -*- erlang -*-
%% What erts implements natively that Hamlet does not: compares Hamlet's BIF table
%% (bifs/bif_table.def) with
%%   1. every BIF of erts 25's own list, erts/emulator/beam/bif.tab of the OTP source, and
%%   2. every NIF of the preloaded modules (the functions of lib/erts-*/ebin/*.beam whose
%%      body is a call to erlang:nif_error, the stub erts replaces), except the modules
%%      that Hamlet's shim replaces (vm/shim/*.erl).
%% A function missing from the table is either documented in bifs/not_implemented.txt
%% ("M:F/A  reason", the README's differences refer to it) or missing silently; the report
%% lists both and exits with status 1 when something is missing silently.
%%
%%   tools/bif_report.escript BIF_TAB [--verbose]
%% BIF_TAB is bif.tab of OTP 25.2.3's source (tools/otp-source.sh prints where the source is).
-mode(compile).

main([BifTab | Opts]) ->
    Root = filename:dirname(filename:dirname(filename:absname(escript:script_name()))),
    Hamlet = hamlet_table(filename:join(Root, "bifs/bif_table.def")),
    Shimmed = [list_to_atom(filename:basename(F, ".erl"))
               || F <- filelib:wildcard(filename:join(Root, "vm/shim/*.erl"))],
    Documented = documented(filename:join(Root, "bifs/not_implemented.txt")),
    Bifs = bif_tab(BifTab),
    Nifs = [MFA || {M, _, _} = MFA <- preloaded_nifs(), not lists:member(M, Shimmed)],
    Native = lists:usort(Bifs ++ Nifs),
    Missing = [MFA || MFA <- Native, not sets:is_element(MFA, Hamlet)],
    Silent = [MFA || MFA <- Missing, not maps:is_key(MFA, Documented)],
    Stale = [MFA || MFA <- maps:keys(Documented), sets:is_element(MFA, Hamlet)],
    Verbose = lists:member("--verbose", Opts),
    io:format("erts 25 native functions: ~p (bif.tab ~p, preloaded NIFs ~p, "
              "shimmed modules skipped: ~p)~n",
              [length(Native), length(Bifs), length(Nifs), Shimmed]),
    io:format("in Hamlet's BIF table: ~p; missing: ~p (documented ~p, silent ~p)~n~n",
              [length(Native) - length(Missing), length(Missing),
               length(Missing) - length(Silent), length(Silent)]),
    per_module(Native, Missing),
    Verbose andalso
        section("Missing, documented in bifs/not_implemented.txt",
                [io_lib:format("~s  ~s", [mfa(MFA), maps:get(MFA, Documented)])
                 || MFA <- Missing, maps:is_key(MFA, Documented)]),
    section("Missing silently (implement them, or document them in bifs/not_implemented.txt)",
            [mfa(MFA) || MFA <- Silent]),
    section("Documented as missing but in the table (remove them from not_implemented.txt)",
            [mfa(MFA) || MFA <- Stale]),
    halt(case Silent ++ Stale of [] -> 0; _ -> 1 end);
main(_) ->
    io:format(standard_error, "usage: bif_report.escript BIF_TAB [--verbose]~n", []),
    halt(2).

%% BIF("module", "name", arity, function, guard) and NIF("module", "name", arity, function)
%% lines.
hamlet_table(File) ->
    {ok, Bin} = file:read_file(File),
    {ok, Re} = re:compile(<<"^[BN]IF\\(\"([^\"]+)\", \"([^\"]+)\", ([0-9]+),">>, [multiline]),
    {match, Ms} = re:run(Bin, Re, [global, {capture, all_but_first, list}]),
    sets:from_list([{list_to_atom(M), list_to_atom(F), list_to_integer(A)} || [M, F, A] <- Ms]).

%% "bif M:F/A", "ubif ..." and "gcbif ..." lines; names may be quoted ('+').
bif_tab(File) ->
    {ok, Bin} = file:read_file(File),
    {ok, Re} = re:compile(<<"^(?:u|gc)?bif\\s+('[^']+'|[a-z_0-9]+):('[^']+'|[a-z_0-9]+)/([0-9]+)">>,
                          [multiline]),
    {match, Ms} = re:run(Bin, Re, [global, {capture, all_but_first, list}]),
    lists:usort([{unquote(M), unquote(F), list_to_integer(A)} || [M, F, A] <- Ms]).

unquote("'" ++ Rest) -> list_to_atom(lists:droplast(Rest));
unquote(Name) -> list_to_atom(Name).

%% Functions of the preloaded modules whose code calls erlang:nif_error/1,2.
preloaded_nifs() ->
    [Ebin] = filelib:wildcard(filename:join(code:root_dir(), "lib/erts-*/ebin")),
    lists:append([nif_stubs(B) || B <- filelib:wildcard(filename:join(Ebin, "*.beam"))]).

nif_stubs(Beam) ->
    {beam_file, Mod, _Exports, _Attr, _Info, Code} = beam_disasm:file(Beam),
    [{Mod, Name, Arity}
     || {function, Name, Arity, _Entry, Is} <- Code,
        lists:any(fun is_nif_error/1, Is)].

is_nif_error({call_ext, _, {extfunc, erlang, nif_error, _}}) -> true;
is_nif_error({call_ext_only, _, {extfunc, erlang, nif_error, _}}) -> true;
is_nif_error({call_ext_last, _, {extfunc, erlang, nif_error, _}, _}) -> true;
is_nif_error(_) -> false.

%% "M:F/A  reason" lines; '#' starts a comment.
documented(File) ->
    case file:read_file(File) of
        {ok, Bin} ->
            Lines = [string:trim(L) || L <- string:split(binary_to_list(Bin), "\n", all)],
            maps:from_list([parse_documented(L) || L <- Lines, L =/= [], hd(L) =/= $#]);
        {error, enoent} ->
            #{}
    end.

parse_documented(Line) ->
    {Spec, Reason} = lists:splitwith(fun(C) -> C =/= $\s andalso C =/= $\t end, Line),
    [MF, A] = string:split(Spec, "/", trailing),
    [M, F] = string:split(MF, ":"),
    {{unquote(M), unquote(F), list_to_integer(A)}, string:trim(Reason)}.

per_module(Native, Missing) ->
    Mods = lists:usort([M || {M, _, _} <- Native]),
    io:format("~-32s ~6s ~8s~n", ["module", "erts", "missing"]),
    [io:format("~-32s ~6B ~8B~n", [M, count(M, Native), count(M, Missing)]) || M <- Mods],
    io:nl().

count(M, L) -> length([x || {M1, _, _} <- L, M1 =:= M]).

section(_, []) -> ok;
section(Title, Lines) ->
    io:format("~s (~p):~n", [Title, length(Lines)]),
    [io:format("  ~s~n", [L]) || L <- Lines],
    io:nl().

mfa({M, F, A}) -> io_lib:format("~w:~w/~B", [M, F, A]).
