%% The conformance runner's suite driver: runs one OTP test suite inside the VM under test,
%% without common_test. It expands all/0 and groups/0 (nested groups, group properties),
%% calls init/end_per_suite, init/end_per_group and init/end_per_testcase, and runs every case
%% in its own process under a timetrap and a hard per-case cap. Each event is appended to the
%% result file as one Erlang term per line ({plan, Ids}, {start, Id}, {result, Id, Status,
%% Ms, Why}, done), so tests/conformance/run.sh can see where a VM crashed or hung and
%% start it again with the finished cases listed in the done file.
%% Arguments: Suite ResultFile DataDir PrivDir CaseCapSeconds DoneFile TimetrapMultiplier.

-module(conf_run).

-export([main/1]).

-record(rs, {suite, out, cap_ms, done, default_tt}).

main([SuiteS, Out, DataDir, PrivDir, CapS, DoneFile, MultS]) ->
    process_flag(trap_exit, true),
    Suite = list_to_atom(SuiteS),
    persistent_term:put(conf_timetrap_multiplier, list_to_integer(MultS)),
    Done = read_done(DoneFile),
    Rs = #rs{suite = Suite, out = Out, cap_ms = list_to_integer(CapS) * 1000, done = Done},
    try run_suite(Rs, DataDir, PrivDir) catch
        C:R:St -> emit(Rs, {suite_error, fmt("runner crashed: ~p:~p ~p", [C, R, St])})
    end,
    emit(Rs, done),
    erlang:halt(0).

read_done(File) ->
    case file:read_file(File) of
        {ok, Bin} ->
            sets:from_list([binary_to_list(L)
                            || L <- binary:split(Bin, <<"\n">>, [global]), L =/= <<>>]);
        _ -> sets:new()
    end.

run_suite(#rs{suite = Suite} = Rs, DataDir, PrivDir) ->
    case code:ensure_loaded(Suite) of
        {module, _} ->
            case catch Suite:all() of
                {skip, Why} -> emit(Rs, {suite_skip, to_text(Why)});
                All when is_list(All) ->
                    Groups = case erlang:function_exported(Suite, groups, 0) of
                                 true -> Suite:groups();
                                 false -> []
                             end,
                    Tree = number(expand(All, Groups, Suite, []), []),
                    emit(Rs, {plan, ids(Tree)}),
                    Info = info(Suite, suite, []),
                    Rs1 = Rs#rs{default_tt = timetrap_of(Info, 30 * 60 * 1000)},
                    Config0 = [{data_dir, slash(DataDir)}, {priv_dir, slash(PrivDir)}
                               | hook_config(Info)],
                    run_top(Rs1, Tree, Info, Config0);
                Other -> emit(Rs, {suite_error, fmt("all/0 returned ~P", [Other, 20])})
            end;
        Error -> emit(Rs, {suite_error, fmt("cannot load the suite: ~p", [Error])})
    end.

slash(Dir) -> filename:join(Dir, "") ++ "/".

expand(Items, Groups, Suite, Path) ->
    lists:append([expand1(I, Groups, Suite, Path) || I <- Items]).

expand1(Case, _Groups, _Suite, Path) when is_atom(Case) -> [{tc, Case, Path}];
expand1({testcase, Case, _Props}, _Groups, _Suite, Path) -> [{tc, Case, Path}];
expand1({group, Name}, Groups, Suite, Path) ->
    group(Name, [], undefined, Groups, Suite, Path);
expand1({group, Name, Props}, Groups, Suite, Path) ->
    group(Name, Props, undefined, Groups, Suite, Path);
expand1({group, Name, Props, Sub}, Groups, Suite, Path) ->
    group(Name, Props, Sub, Groups, Suite, Path);
expand1({Name, Props, Members}, Groups, Suite, Path)
    when is_atom(Name), is_list(Members) ->
    inline_group(Name, Props, Members, Groups, Suite, Path);
expand1({Name, Members}, Groups, Suite, Path) when is_atom(Name), is_list(Members) ->
    inline_group(Name, [], Members, Groups, Suite, Path);
expand1(Other, _Groups, _Suite, _Path) -> error({bad_test_spec, Other}).

group(Name, Props0, _Sub, Groups, Suite, Path) ->
    case lists:keyfind(Name, 1, Groups) of
        {Name, Props, Members} ->
            inline_group(Name, merge_props(Props0, Props), Members, Groups, Suite, Path);
        {Name, Members} -> inline_group(Name, Props0, Members, Groups, Suite, Path);
        false -> error({undefined_group, Name})
    end.

inline_group(Name, Props, Members, Groups, Suite, Path) ->
    [{group, Name, Props, expand(Members, Groups, Suite, Path ++ [Name])}].

merge_props(Override, Props) ->
    Override ++
        [P || P <- Props, not lists:keymember(key(P), 1, [{key(O)} || O <- Override])].

key(P) when is_tuple(P) -> element(1, P);
key(P) -> P.

number(Tree, Seen0) ->
    {T, _} = number(Tree, Seen0, []),
    T.

number([], Seen, Acc) -> {lists:reverse(Acc), Seen};
number([{tc, Case, Path} | Rest], Seen, Acc) ->
    Base = string:join([atom_to_list(G) || G <- Path] ++ [atom_to_list(Case)], "/"),
    N = length([S || S <- Seen, S =:= Base]),
    Id = case N of
             0 -> Base;
             _ -> Base ++ "#" ++ integer_to_list(N + 1)
         end,
    number(Rest, [Base | Seen], [{tc, Case, Id} | Acc]);
number([{group, Name, Props, Members} | Rest], Seen, Acc) ->
    {M, Seen1} = number(Members, Seen, []),
    number(Rest, Seen1, [{group, Name, Props, M} | Acc]).

ids(Tree) ->
    lists:append([case I of
                      {tc, _, Id} -> [Id];
                      {group, _, _, M} -> ids(M)
                  end
                  || I <- Tree]).

run_top(#rs{suite = Suite} = Rs, Tree, Info, Config0) ->
    Pending = [Id || Id <- ids(Tree), not sets:is_element(Id, Rs#rs.done)],
    case {Pending, required_missing(Info)} of
        {[], _} -> ok;
        {_, [Missing | _]} ->
            skip_all(Rs, Tree, auto_skipped, fmt("missing required config ~p", [Missing]));
        _ ->
            case conf_call(Rs, Suite, init_per_suite, [Config0], Rs#rs.default_tt) of
                {ok, Config} when is_list(Config) ->
                    run_items(Rs, Tree, Config, []),
                    end_conf(Rs, end_per_suite, [Config]);
                {ok, {skip, Why}} -> skip_all(Rs, Tree, skipped, to_text(Why));
                {ok, {skipped, Why}} -> skip_all(Rs, Tree, skipped, to_text(Why));
                {ok, Other} ->
                    skip_all(Rs,
                             Tree,
                             auto_skipped,
                             fmt("init_per_suite returned ~P", [Other, 20]));
                {skip, Why} -> skip_all(Rs, Tree, skipped, to_text(Why));
                {failed, Why} -> skip_all(Rs, Tree, auto_skipped, "init_per_suite failed: " ++ Why)
            end
    end.

run_items(Rs, Items, Config, GroupPath) ->
    lists:foreach(fun (I) -> run_item(Rs, I, Config, GroupPath) end, Items).

run_item(Rs, {tc, Case, Id}, Config, _GroupPath) ->
    case sets:is_element(Id, Rs#rs.done) of
        true -> ok;
        false -> run_case(Rs, Case, Id, Config)
    end;
run_item(#rs{suite = Suite} = Rs, {group, Name, Props, Members} = G, Config0,
         GroupPath) ->
    case [Id || Id <- ids([G]), not sets:is_element(Id, Rs#rs.done)] of
        [] -> ok;
        _ ->
            GProps = [{name, Name} | Props],
            Inherited = [C || C <- Config0, not is_group_key(C)],
            Config1 = [{tc_group_properties, GProps}, {tc_group_path, GroupPath} | Inherited],
            Info = info(Suite, group, [Name]),
            TT = timetrap_of(Info, Rs#rs.default_tt),
            case conf_call(Rs, Suite, init_per_group, [Name, Config1], TT) of
                {ok, Config} when is_list(Config) ->
                    run_items(Rs, Members, Config, [GProps | GroupPath]),
                    end_conf(Rs, end_per_group, [Name, Config]);
                {ok, {Skip, Why}} when Skip =:= skip; Skip =:= skipped ->
                    skip_all(Rs, Members, skipped, to_text(Why));
                {ok, Other} ->
                    skip_all(Rs,
                             Members,
                             auto_skipped,
                             fmt("init_per_group returned ~P", [Other, 20]));
                {skip, Why} -> skip_all(Rs, Members, skipped, to_text(Why));
                {failed, Why} ->
                    skip_all(Rs, Members, auto_skipped, "init_per_group failed: " ++ Why)
            end
    end.

is_group_key({tc_group_properties, _}) -> true;
is_group_key({tc_group_path, _}) -> true;
is_group_key(_) -> false.

skip_all(Rs, Items, Status, Why) ->
    [emit(Rs, {result, Id, Status, 0, Why})
     || Id <- ids(Items), not sets:is_element(Id, Rs#rs.done)],
    ok.

conf_call(#rs{suite = Suite} = Rs, Suite, F, Args, TT) ->
    case erlang:function_exported(Suite, F, length(Args)) of
        false -> {ok, lists:last(Args)};
        true ->
            case in_process(Rs, fun () -> catch_skip(fun () -> apply(Suite, F, Args) end) end, TT)
                of
                {returned, {caught_skip, Why}} -> {skip, Why};
                {returned, {value, V}} -> {ok, V};
                {returned, {raised, C, R, St}} -> {failed, fmt("~p:~P ~P", [C, R, 30, St, 30])};
                {died, Why} -> {failed, Why}
            end
    end.

end_conf(#rs{suite = Suite} = Rs, F, Args) ->
    case erlang:function_exported(Suite, F, length(Args)) of
        false -> ok;
        true ->
            case in_process(Rs,
                            fun () -> catch_skip(fun () -> apply(Suite, F, Args) end) end,
                            Rs#rs.default_tt)
                of
                {returned, {raised, C, R, St}} ->
                    emit(Rs, {note, fmt("~p crashed: ~p:~P ~P", [F, C, R, 30, St, 20])});
                {died, Why} -> emit(Rs, {note, fmt("~p died: ~s", [F, Why])});
                _ -> ok
            end
    end.

catch_skip(Fun) ->
    try Fun() of
        V -> {value, V}
    catch
        {Skip, Why} when Skip =:= skip; Skip =:= skipped -> {caught_skip, Why};
        exit:{Skip, Why} when Skip =:= skip; Skip =:= skipped -> {caught_skip, Why};
        C:R:St -> {raised, C, R, St}
    end.

run_case(#rs{suite = Suite} = Rs, Case, Id, Config0) ->
    emit(Rs, {start, Id}),
    Info = info(Suite, Case, []),
    TT = timetrap_of(Info, Rs#rs.default_tt),
    Runner = self(),
    T0 = erlang:monotonic_time(millisecond),
    Body = fun () -> case_body(Runner, Suite, Case, Config0) end,
    Result = in_process(Rs, Body, TT),
    Ms = erlang:monotonic_time(millisecond) - T0,
    {Status, Why} = case Result of
                        {returned, R} -> R;
                        {died, DiedWhy} ->
                            Config = receive {conf_tc_config, C} -> C after 0 -> Config0 end,
                            after_death(Rs, Case, Config, DiedWhy),
                            {failed, DiedWhy}
                    end,
    flush_tc_config(),
    emit(Rs, {result, Id, Status, Ms, Why}).

flush_tc_config() -> receive {conf_tc_config, _} -> flush_tc_config() after 0 -> ok end.

after_death(#rs{suite = Suite} = Rs, Case, Config, Why) ->
    case erlang:function_exported(Suite, end_per_testcase, 2) of
        true ->
            Conf = [{tc_status, {failed, Why}} | Config],
            _ = in_process(Rs,
                           fun () -> catch Suite:end_per_testcase(Case, Conf) end,
                           Rs#rs.default_tt),
            ok;
        false -> ok
    end.

case_body(Runner, Suite, Case, Config0) ->
    case init_tc(Suite, Case, Config0) of
        {ok, Config} ->
            Runner ! {conf_tc_config, Config},
            Return = try {value, Suite:Case(Config)} catch
                         {Sk, W} when Sk =:= skip; Sk =:= skipped -> {skip, W};
                         exit:{Sk, W} when Sk =:= skip; Sk =:= skipped -> {skip, W};
                         C:R:St -> {raised, C, R, St}
                     end,
            {Status, Why, TcStatus} = case Return of
                                          {skip, W1} -> {skipped, to_text(W1), {skipped, W1}};
                                          {value, {Sk1, W1}} when Sk1 =:= skip; Sk1 =:= skipped ->
                                              {skipped, to_text(W1), {skipped, W1}};
                                          {value, {skip_and_save, W1, _}} ->
                                              {skipped, to_text(W1), {skipped, W1}};
                                          {value, {E, W1}}
                                              when E =:= 'EXIT'; E =:= failed; E =:= fail ->
                                              {failed,
                                               fmt("returned ~P", [{E, W1}, 30]),
                                               {failed, W1}};
                                          {value, _} -> {passed, "", ok};
                                          {raised, throw, R1, St1} ->
                                              {failed,
                                               fmt("thrown ~P ~P", [R1, 30, St1, 20]),
                                               {failed, {thrown, R1}}};
                                          {raised, error, R1, St1} ->
                                              {failed,
                                               fmt("~P ~P", [R1, 30, St1, 20]),
                                               {failed, {R1, St1}}};
                                          {raised, exit, R1, St1} ->
                                              {failed,
                                               fmt("exit ~P ~P", [R1, 30, St1, 20]),
                                               {failed, R1}}
                                      end,
            end_tc(Suite, Case, [{tc_status, TcStatus} | Config], Status, Why);
        {skip, Why} -> {skipped, to_text(Why)};
        {fail, Why} -> {failed, "init_per_testcase: " ++ to_text(Why)};
        {auto_skip, Why} -> {auto_skipped, Why}
    end.

init_tc(Suite, Case, Config) ->
    case erlang:function_exported(Suite, init_per_testcase, 2) of
        false -> {ok, Config};
        true ->
            try Suite:init_per_testcase(Case, Config) of
                {Sk, W} when Sk =:= skip; Sk =:= skipped -> {skip, W};
                {skip_and_save, W, _} -> {skip, W};
                {fail, W} -> {fail, W};
                New when is_list(New) -> {ok, New};
                Other -> {auto_skip, fmt("init_per_testcase returned ~P", [Other, 20])}
            catch
                {Sk, W} when Sk =:= skip; Sk =:= skipped -> {skip, W};
                exit:{Sk, W} when Sk =:= skip; Sk =:= skipped -> {skip, W};
                C:R:St ->
                    {auto_skip, fmt("init_per_testcase crashed: ~p:~P ~P", [C, R, 30, St, 20])}
            end
    end.

end_tc(Suite, Case, Config, Status, Why) ->
    case erlang:function_exported(Suite, end_per_testcase, 2) of
        false -> {Status, Why};
        true ->
            try Suite:end_per_testcase(Case, Config) of
                {fail, W} when Status =:= passed -> {failed, "end_per_testcase: " ++ to_text(W)};
                _ -> {Status, Why}
            catch
                C:R:St when Status =:= passed ->
                    {failed, fmt("end_per_testcase crashed: ~p:~P ~P", [C, R, 30, St, 20])};
                _:_ -> {Status, Why}
            end
    end.

in_process(#rs{cap_ms = Cap}, Fun, TT) ->
    Ref = make_ref(),
    GL = conf_gl:start(group_leader()),
    Pid = spawn_link(fun () ->
                             group_leader(GL, self()),
                             _ = test_server:timetrap(TT),
                             Value = Fun(),
                             test_server:timetrap_cancel(),
                             exit({Ref, Value})
                     end),
    receive
        {'EXIT', Pid, {Ref, Value}} -> {returned, Value};
        {'EXIT', Pid, {timetrap_timeout, T, _}} -> {died, fmt("timetrap timeout (~p ms)", [T])};
        {'EXIT', Pid, Why} -> {died, fmt("process died: ~P", [Why, 30])}
        after Cap ->
                  Where = catch erlang:process_info(Pid, current_stacktrace),
                  unlink(Pid),
                  exit(Pid, kill),
                  receive {'EXIT', Pid, _} -> ok after 0 -> ok end,
                  {died, fmt("runner cap (~p s) reached at ~P", [Cap div 1000, Where, 20])}
    end.

info(Suite, suite, []) -> call_info(Suite, suite, []);
info(Suite, group, [Name]) -> call_info(Suite, group, [Name]);
info(Suite, Case, []) -> call_info(Suite, Case, []).

call_info(M, F, A) ->
    case erlang:function_exported(M, F, length(A)) of
        true ->
            case catch apply(M, F, A) of
                L when is_list(L) -> L;
                _ -> []
            end;
        false -> []
    end.

timetrap_of(Info, Default) ->
    case lists:keyfind(timetrap, 1, Info) of
        {timetrap, T} -> test_server:time_ms(T, Default);
        false -> Default
    end.

required_missing(Info) -> [R || {require, R} <- Info] ++ [R || {require, _, R} <- Info].

hook_config(Info) ->
    Hooks = lists:append([H || {ct_hooks, H} <- Info]),
    case [proplists:get_value(nodenames, Opts, 0) || {ts_install_cth, Opts} <- Hooks] of
        [N | _] when N > 0 ->
            [{nodenames,
              [list_to_atom(fmt("conf_node_~w_~w", [I, erlang:unique_integer([positive])]))
               || I <- lists:seq(1, N)]}];
        _ -> []
    end.

emit(#rs{out = Out}, Term) ->
    Text = io_lib_pretty:print(Term,
                               [{column, 1},
                                {line_length, 1 bsl 24},
                                {depth, -1},
                                {encoding, unicode}]),
    ok = file:write_file(Out, unicode:characters_to_binary([Text, ".\n"]), [append]).

fmt(F, A) ->
    S = lists:flatten(io_lib:format(F, A)),
    oneline(S).

to_text(T) when is_list(T) ->
    case io_lib:printable_unicode_list(T) of
        true -> oneline(T);
        false -> fmt("~P", [T, 30])
    end;
to_text(T) -> fmt("~P", [T, 30]).

oneline(S) ->
    L = string:join(string:lexemes(S, " \t\n"), " "),
    case length(L) > 600 of
        true -> lists:sublist(L, 600) ++ "...";
        false -> L
    end.

