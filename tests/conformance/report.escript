#!/usr/bin/env escript
%% The conformance report: reads AREA/SUITE lines on standard input and the results that
%% run-suite.sh (OTP's suites) and run-exunit.sh (Elixir's test files, AREA/FILE) left in
%% RESULTS/{erl,hamlet}/AREA/SUITE.res, and prints, for the cases that
%% pass on erl and are not excluded (EXCLUSIONS: "AREA/SUITE[:CASE] reason" lines), how
%% many pass, fail and are skipped on Hamlet, per suite and per area; then the cases that
%% pass on Hamlet but fail on erl, and a last line "N passed, N failed" (a case Hamlet skips
%% counts as failed there, and so does an ExUnit test it excludes). Hamlet's failures with their reasons go to RESULTS/failures.txt.
%%   report.escript RESULTS EXCLUSIONS < suites
-mode(compile).

main([Results, ExclFile]) ->
    Suites = [S || S <- string:lexemes(read_stdin(), "\n"), S =/= ""],
    Excl = exclusions(ExclFile),
    Rows = [row(Results, S, Excl) || S <- Suites],
    case lists:any(fun(R) -> maps:get(hamlet_ran, R) end, Rows) of
        true -> hamlet_report(Results, Rows, Excl);
        false -> erl_report(Rows)
    end.

%% Only erl's results (run.sh --vm erl): erl's own figures.
erl_report(Rows) ->
    io:format("~-52s ~s~n", ["suite", "erl: passed/failed/skipped"]),
    [io:format("~-52s ~w/~w/~w~ts~n", [S, P, F, Sk, note(R)])
     || #{suite := S, erl_counts := {P, F, Sk}} = R <- Rows],
    Tot = fun(I) -> lists:sum([element(I, C) || #{erl_counts := C} <- Rows]) end,
    io:format("erl: ~w passed, ~w failed, ~w skipped~n", [Tot(1), Tot(2), Tot(3)]).

hamlet_report(Results, Rows, Excl) ->
    io:format("~-52s ~s~n", ["suite", "passed/failed/skipped/erl-passed"]),
    [io:format("~-52s ~w/~w/~w/~w~ts~n",
               [S, P, F, Sk, E, note(R)])
     || #{suite := S, passed := P, failed := F, skipped := Sk, erl := E} = R <- Rows],
    io:format("~nper area (cases that pass on erl):~n"),
    Areas = lists:usort([area(S) || #{suite := S} <- Rows]),
    [begin
         In = [R || #{suite := S} = R <- Rows, area(S) =:= A],
         io:format("  ~-10s ~w/~w passed (~s), ~w failed, ~w skipped on Hamlet; ~w suites~n",
                   [A, sum(passed, In), sum(erl, In), pct(sum(passed, In), sum(erl, In)),
                    sum(failed, In), sum(skipped, In), length(In)])
     end || A <- Areas],
    Extra = lists:append([X || #{extra := X} <- Rows]),
    io:format("~npass on Hamlet, fail on erl: ~w~n", [length(Extra)]),
    [io:format("  ~ts~n", [X]) || X <- Extra],
    NExcl = length(Excl),
    Skipped = sum(excluded, Rows),
    io:format("exclusions: ~w entries in the list, ~w cases that pass on erl excluded~n",
              [NExcl, Skipped]),
    Failures = lists:append([Fs || #{failures := Fs} <- Rows]),
    FailFile = filename:join(Results, "failures.txt"),
    ok = file:write_file(FailFile, unicode:characters_to_binary(
                                     [[Id, $\t, St, $\t, Why, $\n] || {Id, St, Why} <- Failures])),
    io:format("failures with reasons: ~s~n", [FailFile]),
    Causes = lists:reverse(lists:keysort(2, count([cause(W) || {_, _, W} <- Failures]))),
    io:format("top causes of failures (cases):~n"),
    [io:format("  ~5w  ~ts~n", [N, C]) || {C, N} <- lists:sublist(Causes, 25)],
    io:format("~w passed, ~w failed~n",
              [sum(passed, Rows), sum(failed, Rows) + sum(skipped, Rows)]).

count(L) ->
    maps:to_list(lists:foldl(fun(K, M) -> M#{K => maps:get(K, M, 0) + 1} end, #{}, L)).

%% A failure's cause, to group them: the error and the function that raised it when the
%% reason starts so (undef [{M,F,A,...}|...]), else the start of the reason.
cause("runner cap" ++ _) -> "the case's hard time limit";
cause("timetrap timeout" ++ _) -> "timetrap timeout";
cause("the VM stopped" ++ _) -> "the VM crashed or hung in the case";
cause("not run" ++ _) -> "not run: the suite stopped before it";
%% Elixir's tests (exunit/conf_formatter.ex): an assertion by its message, an exception by
%% its banner up to where it was raised.
cause("** (ExUnit.AssertionError) " ++ Why) ->
    "ExUnit assertion: " ++ lists:sublist(hd(string:split(Why ++ " code:", " code:")), 50);
cause("** (" ++ _ = Why0) ->
    Why = re:replace(Why0, "#PID<[0-9.]+>", "#PID<...>", [global, unicode, {return, list}]),
    lists:sublist(hd(string:split(Why, " at ", trailing)), 90);
cause("setup_all failed: " ++ Why) -> "setup_all: " ++ cause(Why);
cause(Why0) ->
    %% A function whose NIF is missing: name it rather than erlang:nif_error/1.
    Why = re:replace(Why0, "\\{erlang,nif_error,\\s*\\[[^]]*\\],\\s*\\[[^]]*\\]\\},?\\s*", "",
                     [{return, list}]),
    RE = "^(exit )?(\\{?[a-z_]+)[ ,]*.*?\\{([a-z_A-Z0-9]+),([a-z_A-Z0-9']+),\\s*"
         "(\\[\\s*\\{?([a-zA-Z0-9_]*)|[0-9])",
    case re:run(Why, RE, [{capture, [2, 3, 4, 6], list}]) of
        {match, [E, "erlang", F, A]} when A =/= "" ->
            lists:flatten([E, " in erlang:", F, "(", A, ", ...)"]);
        {match, [E, M, F, _]} -> lists:flatten([E, " in ", M, ":", F]);
        nomatch -> lists:sublist(Why, 70)
    end.

read_stdin() ->
    case io:get_line("") of
        eof -> "";
        L -> L ++ read_stdin()
    end.

note(#{error := none}) -> "";
note(#{error := E}) -> "  (" ++ E ++ ")".

area(S) -> hd(string:split(S, "/")).

sum(K, Rows) -> lists:sum([maps:get(K, R) || R <- Rows]).

pct(_, 0) -> "-";
pct(A, B) -> io_lib:format("~.1f%", [100 * A / B]).

exclusions(File) ->
    {ok, Bin} = file:read_file(File),
    [hd(string:lexemes(L, " \t"))
     || L <- string:lexemes(binary_to_list(Bin), "\n"), L =/= "", hd(L) =/= $#,
        string:trim(L) =/= ""].

excluded(Suite, Id, Excl) ->
    lists:member(Suite, Excl) orelse lists:member(Suite ++ ":" ++ Id, Excl).

row(Results, Suite, Excl) ->
    {ErlCases, ErlErr} = read_res(filename:join([Results, "erl", Suite ++ ".res"])),
    {HamCases, HamErr} = read_res(filename:join([Results, "hamlet", Suite ++ ".res"])),
    HamletRan = HamCases =/= #{} orelse HamErr =/= none,
    ErlPassed = [Id || {Id, {passed, _}} <- lists:sort(maps:to_list(ErlCases))],
    {Counted, Excluded} = lists:partition(fun(Id) -> not excluded(Suite, Id, Excl) end,
                                          ErlPassed),
    Status = fun(Id) -> maps:get(Id, HamCases, {failed, missing_why(HamErr)}) end,
    Passed = [Id || Id <- Counted, element(1, Status(Id)) =:= passed],
    Skipped = [Id || Id <- Counted, lists:member(element(1, Status(Id)),
                                                 [skipped, auto_skipped, excluded])],
    Failed = Counted -- (Passed ++ Skipped),
    Extra = [Suite ++ ":" ++ Id
             || {Id, {passed, _}} <- lists:sort(maps:to_list(HamCases)),
                element(1, maps:get(Id, ErlCases, {missing, ""})) =:= failed],
    Failures = [{Suite ++ ":" ++ Id, atom_to_list(element(1, Status(Id))),
                 element(2, Status(Id))} || Id <- Failed ++ Skipped],
    Error = case {ErlErr, HamErr} of
                {none, none} -> none;
                {none, H} -> "Hamlet: " ++ H;
                {E, _} -> "erl: " ++ E
            end,
    #{suite => Suite, passed => length(Passed), failed => length(Failed),
      skipped => length(Skipped), erl => length(Counted), excluded => length(Excluded),
      extra => Extra, erl_counts => erl_counts(ErlCases), failures => Failures, error => Error, hamlet_ran => HamletRan}.

erl_counts(Cases) ->
    Sts = [St || {St, _} <- maps:values(Cases)],
    {length([x || passed <- Sts]), length([x || failed <- Sts]),
     length([x || St <- Sts, St =/= passed, St =/= failed])}.

missing_why(none) -> "no result";
missing_why(E) -> E.

%% One term a line; a line cut short by a killed VM is ignored.
read_res(File) ->
    case file:read_file(File) of
        {ok, Bin} ->
            lists:foldl(fun(Line, {Cases, Err}) ->
                                case parse(Line) of
                                    {result, Id, St, _Ms, Why} ->
                                        {Cases#{Id => {St, to_list(Why)}}, Err};
                                    {suite_error, Why} when Err =:= none ->
                                        {Cases, to_list(Why)};
                                    {suite_skip, Why} when Err =:= none ->
                                        {Cases, "suite skipped: " ++ to_list(Why)};
                                    _ -> {Cases, Err}
                                end
                        end, {#{}, none}, binary:split(Bin, <<"\n">>, [global]));
        _ -> {#{}, none}
    end.

parse(Line) ->
    case erl_scan:string(unicode:characters_to_list(Line)) of
        {ok, Toks, _} when Toks =/= [] ->
            case erl_parse:parse_term(Toks) of
                {ok, T} -> T;
                _ -> bad
            end;
        _ -> bad
    end.

to_list(X) when is_list(X) -> X;
to_list(X) -> io_lib:format("~p", [X]).
