%% Hamlet's shim for the init module, which erts preloads on the BEAM.
%%
%% It boots the VM the way erl's init does for what Hamlet supports so far: it starts the
%% standard I/O servers, runs the -s/-run calls in order, in this process, and then waits
%% for init:stop/0,1. An exception escaping a boot call ends the VM as erl's init does:
%% the reason is displayed on stdout and the halt slogan names it on stderr (status 1).
%%
%% Compiled with +no_line_info so its stack frames carry no location, like the preloaded
%% original ({init,start_em,1,[]}, {init,do_boot,3,[]}).
-module(init).
-export([boot/1, stop/0, stop/1, get_argument/1, get_arguments/0, get_plain_arguments/0,
         get_status/0, script_id/0, notify_when_started/1, wait_until_started/0,
         reboot/0, restart/0, objfile_extension/0, archive_extension/0, code_path_choice/0,
         fetch_loaded/0]).

%% Calls: [{Module, Function, ArgumentList}] from the command line. As in erl, init traps
%% exits and runs the calls in a linked boot process (which traps exits too); the boot
%% process ending with a reason other than normal ends the VM.
boot(Calls) ->
    register(init, self()),
    process_flag(trap_exit, true),
    User = hamlet_stdio:start(),
    group_leader(User, self()),
    start_kernel_services(),
    Self = self(),
    BootPid = spawn_link(fun() -> do_boot(Self, [], Calls) end),
    boot_loop(BootPid).

%% What erl's boot script starts before the -s calls, as far as Hamlet runs it: the logger
%% server, the real application_controller with the kernel and stdlib applications loaded
%% (libraries read their keys and environment from its ac_tab table), and the logger's
%% default handler as the kernel application configures it. The rest of the kernel
%% application's supervision tree is not started; of its servers, file_server_2 (the real
%% one) runs, and the code server is Hamlet's (vm/shim/code_server.erl).
start_kernel_services() ->
    {ok, _} = code_server:start_link([root_dir(), interactive]),
    {ok, _} = file_server:start_link(),
    {ok, _} = logger_server:start_link(),
    {ok, _} = application_controller:start(app_spec(kernel)),
    ok = application:load(app_spec(stdlib)),
    ok = logger:internal_init_logger(),
    {ok, _} = logger_sup:start_link(),
    ok = logger:add_handlers(kernel).

%% The OTP root: the directory above the lib/ holding kernel's ebin.
root_dir() ->
    {ok, Path} = erl_prim_loader:get_path(),
    [Root | _] = [filename:dirname(filename:dirname(filename:dirname(D)))
                  || D <- Path, lists:prefix("kernel-", filename:basename(filename:dirname(D)))],
    Root.

%% The application resource file App.app from the code path, as erl_prim_loader reads it.
app_spec(App) ->
    {ok, Path} = erl_prim_loader:get_path(),
    Name = atom_to_list(App) ++ ".app",
    [Bin | _] = [B || Dir <- Path, {ok, B, _} <- [erl_prim_loader:get_file(Dir ++ "/" ++ Name)]],
    {ok, Tokens, _} = erl_scan:string(binary_to_list(Bin)),
    {ok, Spec} = erl_parse:parse_term(Tokens),
    Spec.

do_boot(_Init, _Flags, Calls) ->
    process_flag(trap_exit, true),
    start_em(Calls),
    %% Not a tail call (the compiler would make it one if nothing followed), so that
    %% do_boot/3 is in stack traces as in erl's.
    erlang:yield(),
    ok.

start_em([{M, F, Args} | Rest]) ->
    apply(M, F, Args),
    start_em(Rest);
start_em([]) ->
    ok.

boot_loop(BootPid) ->
    receive
        {'EXIT', BootPid, normal} -> loop();
        {'EXIT', BootPid, Reason} -> boot_crashed(Reason);
        {stop, stop} -> wait_boot(BootPid), shutdown(0);
        {stop, {stop, Status}} -> wait_boot(BootPid), shutdown(Status);
        {From, get_status} -> From ! {init, {starting, starting}}, boot_loop(BootPid);
        _ -> boot_loop(BootPid)
    end.

boot_crashed(Reason) ->
    erlang:display({"init terminating in do_boot", Reason}),
    erlang:halt("init terminating in do_boot (" ++ slogan_term(Reason, 0) ++ ")").

loop() ->
    receive
        {stop, stop} -> shutdown(0);
        {stop, {stop, Status}} -> shutdown(Status);
        {From, get_status} -> From ! {init, {started, started}}, loop();
        _ -> loop()
    end.

%% erl's init stops the applications before it halts, which takes long enough for the boot
%% process to finish what it does after init:stop/0,1 returned. Hamlet has no applications to
%% stop; it gives the boot process the same chance (up to 200 ms).
wait_boot(BootPid) ->
    receive
        {'EXIT', BootPid, _} -> ok
    after 200 -> ok
    end.

shutdown(Status) ->
    erlang:halt(Status).

stop() -> init ! {stop, stop}, ok.

stop(Status) when is_integer(Status), Status >= 0 -> init ! {stop, {stop, Status}}, ok;
stop(Status) when is_list(Status) ->
    case lists:all(fun(C) -> is_integer(C) andalso C >= 0 andalso C < 256 end, Status) of
        true -> init ! {stop, {stop, Status}}, ok;
        false -> erlang:error(badarg)
    end;
stop(_) -> erlang:error(badarg).

reboot() -> stop().
restart() -> stop().

objfile_extension() -> ".beam".
archive_extension() -> ".ez".
code_path_choice() -> relaxed.
fetch_loaded() -> hamlet:all_loaded().

get_argument(_Name) -> error.
get_arguments() -> [].
get_plain_arguments() -> [].
get_status() -> {started, started}.
script_id() -> {"Hamlet", "0.1"}.
notify_when_started(_Pid) -> started.
wait_until_started() -> ok.

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
