%% Stand-in for common_test's test_server module as the suites use it: config look-up,
%% timetraps (a watcher process kills the case's process with {timetrap_timeout, Ms, Where};
%% the runner's multiplier scales them), sleeps, capture of output through conf_gl, facts
%% about the emulator (not debug, not cover, not valgrind), peers and app_test/1.

-module(test_server).

-export([lookup_config/2,
         fail/0,
         fail/1,
         comment/1,
         format/1,
         format/2,
         format/3,
         timetrap/1,
         timetrap_cancel/0,
         timetrap_cancel/1,
         timetrap_scale_factor/0,
         get_timetrap_info/0,
         time_ms/2,
         seconds/1,
         minutes/1,
         hours/1,
         sleep/1,
         adjusted_sleep/1,
         do_times/2,
         do_times/4,
         timecall/3,
         m_out_of_n/3,
         messages_get/0,
         capture_start/0,
         capture_stop/0,
         capture_get/0,
         temp_name/1,
         is_debug/0,
         is_cover/0,
         is_cover/1,
         is_valgrind/0,
         is_asan/0,
         is_native/1,
         is_commercial/0,
         has_lock_checking/0,
         has_superfluous_schedulers/0,
         memory_checker/0,
         fault/1,
         break/1,
         break/2,
         continue/0,
         start_node/3,
         stop_node/1,
         wait_for_node/1,
         is_release_available/1,
         peer_name/2,
         start_peer/3,
         start_peer/5,
         run_on_shielded_node/2,
         app_test/1,
         app_test/2,
         appup_test/1]).

lookup_config(Key, Config) ->
    case lists:keyfind(Key, 1, Config) of
        {Key, Value} -> Value;
        false -> undefined
    end.

fail() -> exit(suite_failed).

fail(Reason) -> exit({suite_failed, Reason}).

comment(_Comment) -> ok.

format(Format) -> format(Format, []).

format(Detail, Format) when is_integer(Detail); is_atom(Detail) ->
    format(Detail, Format, []);
format(Format, Args) -> format(minor, Format, Args).

format(_Detail, Format, Args) ->
    catch io:format(user, Format ++ "~n", Args),
    ok.

timetrap(Time) ->
    Ms = scaled(time_ms(Time, infinity)),
    Handle = case Ms of
                 infinity -> infinity;
                 _ ->
                     Target = self(),
                     spawn(fun () -> watch(Target, Ms) end)
             end,
    put(conf_timetraps, [Handle | traps()]),
    Handle.

traps() ->
    case get(conf_timetraps) of
        undefined -> [];
        L -> L
    end.

watch(Target, Ms) ->
    process_flag(priority, max),
    Mon = erlang:monitor(process, Target),
    receive
        {'DOWN', Mon, _, _, _} -> ok
        after Ms ->
                  exit(Target, {timetrap_timeout, Ms, catch_loc(Target)}),
                  receive {'DOWN', Mon, _, _, _} -> ok after 10000 -> exit(Target, kill) end
    end.

catch_loc(Pid) ->
    case catch erlang:process_info(Pid, current_stacktrace) of
        {current_stacktrace, [{M, F, A, _} | _]} -> [{M, F, A}];
        _ -> unknown
    end.

timetrap_cancel() ->
    [timetrap_cancel(H) || H <- traps()],
    erase(conf_timetraps),
    ok.

timetrap_cancel(infinity) -> ok;
timetrap_cancel(Handle) when is_pid(Handle) ->
    exit(Handle, kill),
    put(conf_timetraps, lists:delete(Handle, traps())),
    ok;
timetrap_cancel(_) -> ok.

get_timetrap_info() ->
    case traps() of
        [] -> undefined;
        _ -> {infinity, {true, 1}}
    end.

timetrap_scale_factor() -> 1.

scaled(infinity) -> infinity;
scaled(Ms) ->
    case persistent_term:get(conf_timetrap_multiplier, 1) of
        M when is_integer(M), M > 0 -> Ms * M;
        _ -> Ms
    end.

time_ms({hours, N}, _) -> hours(N);
time_ms({minutes, N}, _) -> minutes(N);
time_ms({seconds, N}, _) -> seconds(N);
time_ms(Ms, _) when is_integer(Ms) -> Ms;
time_ms(infinity, _) -> infinity;
time_ms(_, Default) -> Default.

seconds(N) -> trunc(N * 1000).

minutes(N) -> trunc(N * 60 * 1000).

hours(N) -> trunc(N * 60 * 60 * 1000).

sleep(infinity) -> receive  after infinity -> ok end;
sleep(Ms) -> receive  after trunc(Ms) -> ok end.

adjusted_sleep(Ms) -> sleep(Ms).

do_times(0, _) -> ok;
do_times(N, Fun) when N > 0 ->
    Fun(),
    do_times(N - 1, Fun).

do_times(0, _, _, _) -> ok;
do_times(N, M, F, A) when N > 0 ->
    apply(M, F, A),
    do_times(N - 1, M, F, A).

timecall(M, F, A) ->
    T0 = erlang:monotonic_time(microsecond),
    Value = apply(M, F, A),
    T1 = erlang:monotonic_time(microsecond),
    {(T1 - T0) / 1000000, Value}.

m_out_of_n(0, _, _) -> ok;
m_out_of_n(M, 0, _) -> exit({m_out_of_n_failed, {M, left_to_do}});
m_out_of_n(M, N, Fun) ->
    case catch Fun() of
        {'EXIT', _} -> m_out_of_n(M, N - 1, Fun);
        _ -> m_out_of_n(M - 1, N - 1, Fun)
    end.

messages_get() -> receive Msg -> [Msg | messages_get()] after 0 -> [] end.

capture_start() ->
    group_leader() ! {capture, self()},
    ok.

capture_stop() ->
    group_leader() ! {capture, false},
    ok.

capture_get() -> receive {captured, Text} -> [Text | capture_get()] after 0 -> [] end.

temp_name(Stem) ->
    Name = Stem ++ integer_to_list(erlang:unique_integer([positive])),
    case file:read_file_info(Name) of
        {error, enoent} -> Name;
        _ -> temp_name(Stem)
    end.

is_debug() ->
    case catch erlang:system_info(debug_compiled) of
        true -> true;
        _ -> false
    end.

is_cover() -> false.

is_cover(_Node) -> false.

is_valgrind() -> false.

is_asan() -> false.

is_native(_Mod) -> false.

is_commercial() -> false.

has_lock_checking() -> false.

has_superfluous_schedulers() -> false.

memory_checker() -> none.

fault(Reason) -> ct:fail(Reason).

break(_Comment) -> ok.

break(_CBM, _Comment) -> ok.

continue() -> ok.

peer_name(Module, Case) -> peer:random_name(lists:concat([Module, "-", Case])).

start_peer(Args, Module, Case) when is_list(Args) ->
    start_peer(#{args => Args, name => peer_name(Module, Case)}, Module, Case);
start_peer(#{name := _} = Opts, Module, _Case) ->
    Args = maps:get(args, Opts, []),
    Cookie = case lists:member("-setcookie", Args) of
                 true -> [];
                 false -> ["-setcookie", atom_to_list(erlang:get_cookie())]
             end,
    peer:start_link(peer_exec(Opts#{args => Cookie ++
                                        ["-pa", filename:dirname(code:which(Module))] ++ Args}));
start_peer(Opts, Module, Case) ->
    start_peer(Opts#{name => peer_name(Module, Case)}, Module, Case).

start_peer(_Opts, _Module, _Case, _Release, _PrivDir) -> not_available.

%% Peers run on the VM the suite runs on (run-suite.sh names it), as common_test's do.
peer_exec(#{exec := _} = Opts) ->
    Opts;
peer_exec(Opts) ->
    case os:getenv("HAMLET_CONF_PEER_EXEC") of
        Exec when is_list(Exec), Exec =/= "" -> Opts#{exec => Exec};
        _ -> Opts
    end.

is_release_available(_Release) -> false.

start_node(Name, _Type, Options) ->
    Args = string:lexemes(proplists:get_value(args, Options, ""), " "),
    Pa = ["-pa", filename:dirname(code:which(test_server))],
    Cookie = ["-setcookie", atom_to_list(erlang:get_cookie())],
    case catch peer:start(peer_exec(#{name => Name, args => Cookie ++ Pa ++ Args})) of
        {ok, Peer, Node} ->
            persistent_term:put({conf_peer, Node}, Peer),
            {ok, Node};
        {error, Why} -> {error, Why};
        Other -> {error, Other}
    end.

stop_node(Node) ->
    case persistent_term:get({conf_peer, Node}, undefined) of
        undefined ->
            erlang:monitor_node(Node, true),
            rpc:call(Node, erlang, halt, []),
            receive {nodedown, Node} -> true after 30000 -> false end;
        Peer ->
            persistent_term:erase({conf_peer, Node}),
            catch peer:stop(Peer),
            true
    end.

wait_for_node(_Node) -> ok.

run_on_shielded_node(Fun, _CArgs) -> Fun().

app_test(App) -> app_test(App, pedantic).

app_test(App, _Mode) ->
    AppFile = filename:join([code:lib_dir(App), "ebin", atom_to_list(App) ++ ".app"]),
    case file:consult(AppFile) of
        {ok, [{application, App, Props}]} ->
            Missing = [F
                       || F <- [description, modules, registered, applications],
                          not lists:keymember(F, 1, Props)],
            Mods = lists:sort(proplists:get_value(modules, Props, [])),
            Ebin = lists:sort(ebin_modules(App)),
            NotInEbin = Mods -- Ebin,
            NotListed = Ebin -- Mods,
            ExportAll = [M || M <- Mods, export_all(M)],
            NoApp = [A
                     || A <- proplists:get_value(applications, Props, []),
                        code:lib_dir(A) =:= {error, bad_name}],
            Problems = [P
                        || {_, L} = P
                               <- [{missing_fields, Missing},
                                   {missing_modules, NotInEbin},
                                   {superfluous_modules, NotListed},
                                   {export_all_modules, ExportAll},
                                   {missing_applications, NoApp}],
                           L =/= []],
            case Problems of
                [] -> ok;
                _ -> ct:fail({app_test, App, Problems})
            end;
        _ -> ct:fail({error, not_an_application})
    end.

ebin_modules(App) ->
    Dir = filename:join(code:lib_dir(App), "ebin"),
    {ok, Files} = file:list_dir(Dir),
    [list_to_atom(filename:basename(F, ".beam"))
     || F <- Files, filename:extension(F) =:= ".beam"].

export_all(Mod) ->
    case catch Mod:module_info(compile) of
        Info when is_list(Info) ->
            lists:member(export_all, proplists:get_value(options, Info, []));
        _ -> false
    end.

appup_test(App) ->
    AppFile = filename:join([code:lib_dir(App), "ebin", atom_to_list(App) ++ ".app"]),
    Appup = filename:join([code:lib_dir(App), "ebin", atom_to_list(App) ++ ".appup"]),
    case {file:consult(AppFile), file:consult(Appup)} of
        {{ok, [{application, App, Props}]}, {ok, [{Vsn, Up, Down}]}}
            when is_list(Up), is_list(Down) ->
            case proplists:get_value(vsn, Props) of
                Vsn ->
                    case proplists:get_value(mod, Props) of
                        undefined ->
                            Restart = [{<<".*">>, [{restart_application, App}]}],
                            case {Up, Down} of
                                {Restart, Restart} -> ok;
                                _ -> {error, library_instructions_malformed}
                            end;
                        _ -> ok
                    end;
                _ -> {error, appup_version_mismatch}
            end;
        _ -> {error, appup_not_readable}
    end.

