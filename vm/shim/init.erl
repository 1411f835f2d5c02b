%% Hamlet's shim for the init module, which erts preloads on the BEAM.
%%
%% It boots the VM as erl's init does: it runs the boot script (erl's start.boot, or the
%% one -boot names), whose commands start the kernel processes (the logger server, the real
%% application_controller with the kernel application's resource) and the kernel and
%% stdlib applications through the application controller (so kernel_sup's whole tree runs:
%% code_server, file_server_2, inet_db, global, rex, the logger, standard_error, user...),
%% then runs the -s/-run/-eval calls in order in the boot process. init:stop/0,1 shuts the
%% kernel processes down (the application controller stops the applications in the reverse
%% order of their start), kills what is left and halts, as erl's init does. What differs
%% from erl's: modules are not loaded by the script's primLoad commands (Hamlet loads a
%% module when it is first called, from the code path the command line gave), and the
%% command line's words come from the VM (vm/command_line.h) instead of erl_init.
%%
%% An exception escaping a boot call ends the VM as erl's init does: the reason is
%% displayed on stdout and the halt slogan names it on stderr (status 1).
%%
%% Compiled with +no_line_info so its stack frames carry no location, like the preloaded
%% original ({init,start_em,1,[]}, {init,do_boot,3,[]}).
-module(init).
-export([boot/1, stop/0, stop/1, get_argument/1, get_arguments/0, get_plain_arguments/0,
         get_status/0, script_id/0, notify_when_started/1, wait_until_started/0,
         reboot/0, restart/0, restart/1, objfile_extension/0, archive_extension/0,
         code_path_choice/0, fetch_loaded/0, script_name/0, get_configfd/1, set_configfd/2,
         ensure_loaded/1, run_on_load_handlers/0]).

-record(state, {kernel = [],                 % [{Name, Pid}] of kernel processes, newest first
                bootpid,
                status = {starting, starting},
                script_id = [],
                subscribed = [],              % notify_when_started/1 callers
                configfds = #{}}).

%% Words: the command line's words for init (vm/command_line.h), as strings. They are read
%% with erl's rules: -s, -run and -eval (each up to the next word starting with '-') are
%% run in order by the boot process; other -Flag words are flags (init:get_argument/1);
%% other words, the ones after "--" and everything after -extra are plain arguments. As
%% in erl, init traps exits and runs the boot script and the calls in a linked boot process
%% (which traps exits too); the boot process ending with a reason other than normal ends
%% the VM.
boot(Words) ->
    register(init, self()),
    %% As erl_init: the socket NIFs' on_load (starts socket_registry, fills prim_socket's
    %% tables).
    prim_socket:on_load(),
    prim_net:on_load(),
    process_flag(trap_exit, true),
    {Start0, Flags, _Args} = parse_boot_args([list_to_binary(W) || W <- Words]),
    Start = try
                map(fun prepare_run_args/1, Start0)
            catch
                %% -eval with more than one word: erts ends the VM when init dies so.
                error:Reason:Stack -> system_process_terminated({Reason, Stack})
            end,
    Self = self(),
    BootPid = spawn_link(fun() -> do_boot(Self, Flags, Start) end),
    boot_loop(BootPid, #state{bootpid = BootPid}).

%% The boot script: -boot File (File.boot, or $ROOT/bin/File.boot), else $ROOT/bin/start.boot.
boot_script(Flags) ->
    {ok, [[Root]]} = get_argument(root),
    File = case [V || {boot, [V]} <- Flags] of
               [B | _] -> b2s(B);
               [] -> Root ++ "/bin/start"
           end,
    Candidates = [File ++ ".boot", Root ++ "/bin/" ++ File ++ ".boot"],
    case [Bin || F <- Candidates, {ok, Bin, _} <- [erl_prim_loader:get_file(F)]] of
        [Bin | _] ->
            case binary_to_term(Bin) of
                {script, Id, Commands} when is_list(Commands) ->
                    init ! {self(), {script_id, Id}},
                    Commands;
                _ ->
                    exit({'bootfile format error', list_to_atom(File ++ ".boot")})
            end;
        [] ->
            exit({'cannot get bootfile', list_to_atom(File ++ ".boot")})
    end.

%% The script's commands, as erl's init evaluates them; code loading (path, primLoad) is
%% left to Hamlet's loader, which loads each module when it is first called.
eval_script([{progress, Info} | T], Init) ->
    Init ! {self(), progress, Info},
    eval_script(T, Init);
eval_script([{preLoaded, _} | T], Init) -> eval_script(T, Init);
eval_script([{path, _} | T], Init) -> eval_script(T, Init);
eval_script([{primLoad, Mods} | T], Init) when is_list(Mods) -> eval_script(T, Init);
eval_script([{kernel_load_completed} | T], Init) -> eval_script(T, Init);
eval_script([{kernelProcess, Server, {Mod, Fun, Args}} | T], Init) ->
    start_in_kernel(Server, Mod, Fun, Args, Init),
    eval_script(T, Init);
eval_script([{apply, {c, erlangrc, []}} | T], Init) ->
    %% The user's .erlang file, run when there is one. c:erlangrc/0 looks for it in the
    %% home directory and the user config directory; when neither holds one it does nothing,
    %% so it is not called then (which spares loading c and erl_eval at every start).
    case erlangrc_exists() of
        true -> c:erlangrc();
        false -> ok
    end,
    eval_script(T, Init);
eval_script([{apply, {Mod, Fun, Args}} | T], Init) ->
    apply(Mod, Fun, Args),
    eval_script(T, Init);
eval_script([], _Init) ->
    ok;
eval_script(What, _Init) ->
    exit({'unexpected command in bootfile', What}).

erlangrc_exists() ->
    case get_argument(home) of
        {ok, [[Home]]} ->
            Dirs = [Home, filename:basedir(user_config, "erlang")],
            lists:any(fun(D) -> erl_prim_loader:read_file_info(filename:join(D, ".erlang")) =/= error end,
                      Dirs);
        _ ->
            false
    end.

%% A kernel process: started by the boot process, then linked to init, which halts the VM
%% if it dies.
start_in_kernel(Server, Mod, Fun, Args, Init) ->
    Res = apply(Mod, Fun, Args),
    Init ! {self(), started, {Server, Res}},
    receive
        {Init, ok, Pid} -> unlink(Pid), ok;
        {Init, ignore} -> ignore
    end.

do_boot(Init, Flags, Calls) ->
    process_flag(trap_exit, true),
    eval_script(boot_script(Flags), Init),
    %% A failing -s/-run/-eval ends the VM at once ("init terminating in do_boot"). erts
    %% also logs the uncaught error, but halts before the logger prints it; here the two
    %% would race, so the boot process exits with the same reason without the log.
    try
        start_em(Calls)
    catch
        error:Reason:Stack -> exit({Reason, Stack});
        throw:Value:Stack -> exit({{nocatch, Value}, Stack})
    end,
    %% Not a tail call (the compiler would make it one if nothing followed), so that
    %% do_boot/3 is in stack traces as in erl's.
    erlang:yield(),
    ok.

%% Each -s, -run and -eval in command-line order, as erl's init runs them (same functions,
%% so that stack traces show the same frames).
start_em([S | Tail]) ->
    case whereis(user) of
        undefined -> ok;
        P when is_pid(P) -> group_leader(P, self())
    end,
    start_it(S),
    start_em(Tail);
start_em([]) ->
    ok.

start_it([]) ->
    ok;
start_it({eval, Bin}) ->
    %% The expression is read by the real erl_scan/erl_parse and run by erl_eval; a missing
    %% final dot is added. A scan or parse error is a badmatch, as in erl.
    Str = b2s(Bin),
    {ok, Ts, _} = erl_scan:string(Str),
    Ts1 = case lists:reverse(Ts) of
              [{dot, _} | _] -> Ts;
              TsR -> lists:reverse([{dot, erl_anno:new(1)} | TsR])
          end,
    {ok, Expr} = erl_parse:parse_exprs(Ts1),
    {value, _Value, _Bs} = erl_eval:exprs(Expr, erl_eval:new_bindings()),
    ok;
start_it([_ | _] = MFA) ->
    case MFA of
        [M] -> M:start();
        [M, F] -> M:F();
        [M, F | Args] -> M:F(Args)
    end.

%% {eval, [Expr]} becomes {eval, Expr}; -s M F Args gives atoms, -run M F Args strings.
%% -eval with more than one word fails here (function_clause), as in erl.
prepare_run_args({eval, [Expr]}) -> {eval, Expr};
prepare_run_args({_, L = []}) -> bs2as(L);
prepare_run_args({_, L = [_]}) -> bs2as(L);
prepare_run_args({s, [M, F | Args]}) -> [b2a(M), b2a(F) | bs2as(Args)];
prepare_run_args({run, [M, F | Args]}) -> [b2a(M), b2a(F) | bs2ss(Args)].

map(F, [H | T]) -> [F(H) | map(F, T)];
map(_, []) -> [].

b2a(Bin) when is_binary(Bin) -> list_to_atom(b2s(Bin));
b2a(A) when is_atom(A) -> A.

b2s(Bin) when is_binary(Bin) ->
    try unicode:characters_to_list(Bin, file:native_name_encoding()) of
        L when is_list(L) -> L;
        _ -> binary_to_list(Bin)
    catch
        _:_ -> binary_to_list(Bin)
    end;
b2s(L) when is_list(L) -> L.

bs2as(L) when is_list(L) -> [b2a(B) || B <- L];
bs2as(L) -> L.

bs2ss(L) when is_list(L) -> [b2s(B) || B <- L];
bs2ss(L) -> L.

%% The command line's words: {Start, Flags, PlainArgs}, with erl's grouping rules. Start
%% holds {s | run | eval, Words} in order; Flags {Flag, Words} in order.
parse_boot_args(Args) ->
    parse_boot_args(Args, [], [], []).

parse_boot_args([B | Bs], Ss, Fs, As) ->
    case check(B) of
        start_extra_arg -> {lists:reverse(Ss), lists:reverse(Fs), lists:reverse(As, Bs)};
        start_arg ->
            {S, Rest} = get_args(Bs, []),
            parse_boot_args(Rest, [{s, S} | Ss], Fs, As);
        start_arg2 ->
            {S, Rest} = get_args(Bs, []),
            parse_boot_args(Rest, [{run, S} | Ss], Fs, As);
        eval_arg ->
            {Expr, Rest} = get_args(Bs, []),
            parse_boot_args(Rest, [{eval, Expr} | Ss], Fs, As);
        {flag, A} ->
            {F, Rest} = get_args(Bs, []),
            parse_boot_args(Rest, Ss, [{A, F} | Fs], As);
        arg -> parse_boot_args(Bs, Ss, Fs, [B | As]);
        end_args -> parse_boot_args(Bs, Ss, Fs, As)
    end;
parse_boot_args([], Ss, Fs, As) ->
    {lists:reverse(Ss), lists:reverse(Fs), lists:reverse(As)}.

check(<<"-extra">>) -> start_extra_arg;
check(<<"-s">>) -> start_arg;
check(<<"-run">>) -> start_arg2;
check(<<"-eval">>) -> eval_arg;
check(<<"--">>) -> end_args;
check(<<"-", Flag/binary>>) -> {flag, b2a(Flag)};
check(_) -> arg.

%% A group's words: up to the next word starting with '-' ("--" is dropped).
get_args([B | Bs], As) ->
    case check(B) of
        arg -> get_args(Bs, [B | As]);
        end_args -> {lists:reverse(As), Bs};
        _ -> {lists:reverse(As), [B | Bs]}
    end;
get_args([], As) ->
    {lists:reverse(As), []}.

%% init:get_argument/1 & co. read the words again (they never change after boot), so any
%% process may ask, the init process itself included, without a request to init.
flags() ->
    {_, Flags, _} = parse_boot_args(hamlet:init_arguments()),
    Flags.

get_argument(Flag) ->
    case [bs2ss(V) || {F, V} <- flags(), F =:= Flag] of
        [] -> error;
        Values -> {ok, Values}
    end.

get_arguments() ->
    [{F, bs2ss(V)} || {F, V} <- flags()].

get_plain_arguments() ->
    {_, _, Args} = parse_boot_args(hamlet:init_arguments()),
    bs2ss(Args).

%% While the boot script and the -s calls run. The boot process reports its progress and
%% the kernel processes it starts; init links to those and halts the VM if one dies.
boot_loop(BootPid, State) ->
    receive
        {BootPid, started, KernelPid} ->
            boot_loop(BootPid, new_kernel_pid(KernelPid, BootPid, State));
        {BootPid, progress, started} ->
            {InS, _} = State#state.status,
            notify(State#state.subscribed),
            boot_loop(BootPid, State#state{status = {InS, started}, subscribed = []});
        {BootPid, progress, Progress} ->
            {InS, _} = State#state.status,
            boot_loop(BootPid, State#state{status = {InS, Progress}});
        {BootPid, {script_id, Id}} ->
            boot_loop(BootPid, State#state{script_id = Id});
        {'EXIT', BootPid, normal} ->
            {_, Progress} = State#state.status,
            notify(State#state.subscribed),
            loop(State#state{status = {started, Progress}, subscribed = []});
        {'EXIT', BootPid, Reason} ->
            boot_crashed(Reason);
        {'EXIT', Pid, Reason} ->
            kernel_pid_exited(Pid, Reason, State),
            boot_loop(BootPid, State);
        {stop, Reason} ->
            stop(Reason, State);
        Msg ->
            boot_loop(BootPid, handle_msg(Msg, State))
    end.

new_kernel_pid({Name, {ok, Pid}}, BootPid, State) when is_pid(Pid) ->
    link(Pid),
    BootPid ! {self(), ok, Pid},
    State#state{kernel = [{Name, Pid} | State#state.kernel]};
new_kernel_pid({_Name, ignore}, BootPid, State) ->
    BootPid ! {self(), ignore},
    State;
new_kernel_pid({Name, What}, _BootPid, _State) ->
    erlang:display({"could not start kernel pid", Name, What}),
    erlang:halt("could not start kernel pid (" ++ slogan_term(Name, 0) ++ ") (" ++
                    slogan_term(What, 0) ++ ")").

notify(Pids) ->
    [Pid ! {init, started} || Pid <- Pids],
    ok.

%% After the boot process has finished.
loop(State) ->
    receive
        {'EXIT', Pid, Reason} ->
            kernel_pid_exited(Pid, Reason, State),
            loop(State);
        {stop, Reason} ->
            stop(Reason, State);
        Msg ->
            loop(handle_msg(Msg, State))
    end.

kernel_pid_exited(Pid, Reason, State) ->
    case lists:keyfind(Pid, 2, State#state.kernel) of
        {Name, Pid} ->
            receive after 500 -> ok end, % as erl: let error reports be printed
            erlang:display({"Kernel pid terminated", Name, Reason}),
            erlang:halt("Kernel pid terminated (" ++ slogan_term(Name, 0) ++ ") (" ++
                            slogan_term(Reason, 0) ++ ")");
        false ->
            ok
    end.

%% Requests to init (init:get_status/0, notify_when_started/1...); io requests that reach
%% init (the group leader of application masters) go to user, as in erl.
handle_msg({From, get_status}, State) ->
    From ! {init, State#state.status},
    State;
handle_msg({From, script_id}, State) ->
    From ! {init, State#state.script_id},
    State;
handle_msg({From, {notify_when_started, Pid}}, State) ->
    case State#state.status of
        {InS, PS} when InS =:= started; PS =:= started ->
            From ! {init, started},
            State;
        _ ->
            From ! {init, ok},
            State#state{subscribed = [Pid | State#state.subscribed]}
    end;
handle_msg({From, fetch_loaded}, State) ->
    From ! {init, hamlet:all_loaded()},
    State;
handle_msg({From, {ensure_loaded, _}}, State) ->
    From ! {init, not_allowed},
    State;
handle_msg({From, {get_configfd, Id}}, State) ->
    From ! {init, maps:get(Id, State#state.configfds, none)},
    State;
handle_msg({From, {set_configfd, Id, Config}}, State) ->
    From ! {init, ok},
    State#state{configfds = maps:put(Id, Config, State#state.configfds)};
handle_msg({From, get_script_name}, State) ->
    From ! {init, {[], []}},
    State;
handle_msg(Msg, State) when element(1, Msg) =:= io_request ->
    case whereis(user) of
        undefined -> ok;
        User -> User ! Msg
    end,
    State;
handle_msg(_Msg, State) ->
    State.

system_process_terminated(Reason) ->
    erlang:halt(lists:flatten(io_lib:format("System process ~w terminated: ~1000000p", [self(), Reason]))).

boot_crashed(Reason) ->
    erlang:display({"init terminating in do_boot", Reason}),
    erlang:halt("init terminating in do_boot (" ++ slogan_term(Reason, 0) ++ ")").

%% init:stop/0,1 as erl's init: each kernel process but the logger (the application
%% controller, which stops the applications in the reverse order of their start) gets the
%% exit signal {'EXIT', BootPid, shutdown} and init waits for it to end; then every other
%% process and port is killed, the logger last, and the VM halts (writing what ports still
%% hold, as halt/1 does).
stop(Reason, State) ->
    BootPid = State#state.bootpid,
    Kernel = State#state.kernel,
    [shutdown_kernel_pid(Pid, BootPid) || {Name, Pid} <- Kernel, Name =/= heart, Name =/= logger],
    Logger = case lists:keyfind(logger, 1, Kernel) of
                 {logger, L} -> L;
                 false -> undefined
             end,
    kill_all_pids(Logger),
    [exit(P, kill) || P <- erlang:ports()],
    case Logger of
        undefined -> ok;
        _ -> exit(Logger, kill)
    end,
    case Reason of
        {stop, Status} -> erlang:halt(Status);
        _ -> erlang:halt()
    end.

shutdown_kernel_pid(Pid, BootPid) ->
    Pid ! {'EXIT', BootPid, shutdown},
    shutdown_loop(Pid, []).

%% Other exits that arrive meanwhile are kept and sent again afterwards.
shutdown_loop(Pid, Exits) ->
    receive
        {'EXIT', Pid, _} ->
            [self() ! E || E <- lists:reverse(Exits)],
            ok;
        {stop, _} ->
            shutdown_loop(Pid, Exits);
        {'EXIT', _, _} = E ->
            shutdown_loop(Pid, [E | Exits]);
        {From, get_status} ->
            From ! {init, {stopping, stopping}},
            shutdown_loop(Pid, Exits);
        Msg ->
            _ = handle_msg(Msg, #state{status = {stopping, stopping}}),
            shutdown_loop(Pid, Exits)
    after 1 ->
        end_user_sup_wait(),
        shutdown_loop(Pid, Exits)
    end.

%% Kernel's user_sup, stopped with the kernel application, sleeps a second before it kills
%% the user server, so that user can write what it was asked to write. erl's init:stop
%% always takes that second; Hamlet's ends the sleep as soon as user has no request left
%% (user_sup then goes on as after its second: it kills user and ends with reason
%% shutdown, and user's port writes what it holds before the VM halts).
end_user_sup_wait() ->
    Idle = case whereis(user) of
               undefined -> true;
               User -> process_info(User, message_queue_len) =:= {message_queue_len, 0}
           end,
    Idle andalso
        [hamlet:expire_receive_timeout(P) || P <- processes(),
                                              process_info(P, current_function) =:=
                                                  {current_function, {user_sup, terminate, 2}}],
    ok.

kill_all_pids(Logger) ->
    case [P || P <- processes(), P =/= self(), P =/= Logger] of
        [] ->
            ok;
        Pids ->
            [exit(P, kill) || P <- Pids],
            kill_all_pids(Logger)
    end.

stop() -> init ! {stop, stop}, ok.

stop(Status) when is_integer(Status), Status >= 0 -> init ! {stop, {stop, Status}}, ok;
stop(Status) when is_list(Status) ->
    case lists:all(fun(C) -> is_integer(C) andalso C >= 0 andalso C < 256 end, Status) of
        true -> init ! {stop, {stop, Status}}, ok;
        false -> erlang:error(badarg)
    end;
stop(_) -> erlang:error(badarg).

%% Restarting the system in the same VM is not supported: these stop it.
reboot() -> init ! {stop, reboot}, ok.
restart() -> init ! {stop, restart}, ok.
restart(_Options) -> restart().

%% kernel_sup calls it once the code server runs: erl's init then runs the on_load
%% functions of the modules its boot script loaded. Hamlet's code server runs each on_load
%% function when its module loads, so none is pending.
run_on_load_handlers() -> ok.

objfile_extension() -> ".beam".
archive_extension() -> ".ez".
code_path_choice() -> relaxed.
fetch_loaded() -> request(fetch_loaded).
ensure_loaded(Module) -> code:ensure_loaded(Module).
script_name() -> request(get_script_name).
get_configfd(Id) -> request({get_configfd, Id}).
set_configfd(Id, Config) -> request({set_configfd, Id, Config}).

get_status() -> request(get_status).
script_id() -> request(script_id).
notify_when_started(Pid) -> request({notify_when_started, Pid}).
wait_until_started() ->
    receive
        {init, started} -> ok
    end.

request(Req) ->
    init ! {self(), Req},
    receive
        {init, Reply} -> Reply
    end.

%% The halt slogan's rendering of a term: nesting deeper than four levels is elided
%% ("[_]", "{_}"), strings are shown as text, and what cannot be shown simply (binaries,
%% maps, funs) is left out.
slogan_term(X, Depth) when is_list(X), Depth < 4 ->
    Flat = flat(X),
    case Flat =/= [] andalso plain_text(Flat) of
        true -> Flat;
        false -> "[" ++ comma_join([slogan_term(E, Depth + 1) || E <- X]) ++ "]"
    end;
slogan_term(X, _) when is_list(X) -> "[_]";
slogan_term(X, _) when is_atom(X) -> atom_to_list(X);
slogan_term(X, _) when is_pid(X) -> pid_to_list(X);
slogan_term(X, _) when is_float(X) -> float_to_list(X);
slogan_term(X, _) when is_integer(X) -> integer_to_list(X);
slogan_term(X, Depth) when is_tuple(X), Depth < 4 ->
    "{" ++ comma_join([slogan_term(E, Depth + 1) || E <- tuple_to_list(X)]) ++ "}";
slogan_term(X, _) when is_tuple(X) -> "{_}";
slogan_term(_, _) -> "".

flat(L) -> flat(L, []).
flat([H | T], Acc) when is_list(H) -> flat(H, flat(T, Acc));
flat([H | T], Acc) -> [H | flat(T, Acc)];
flat([], Acc) -> Acc.

plain_text([C | T]) when is_integer(C), C >= 32, C =< 126 -> plain_text(T);
plain_text([C | T]) when C =:= $\n; C =:= $\r; C =:= $\t -> plain_text(T);
plain_text([]) -> true;
plain_text(_) -> false.

comma_join([]) -> "";
comma_join([X]) -> X;
comma_join([X | T]) -> X ++ "," ++ comma_join(T).
