%% Hamlet's code server. On the BEAM, kernel's code_server loads modules through
%% erl_prim_loader and erts' loading BIFs; in Hamlet the loader is C++ (vm/module.h), which
%% also loads modules on first call. This process answers the requests of the real `code`
%% module ({code_call, From, Request} -> {code_server, Reply}) from that loader, so
%% code:ensure_loaded/which/load_file/load_binary/delete/purge/all_loaded, the code path
%% functions and code:lib_dir/priv_dir/root_dir behave as erl's.
-module(code_server).
-export([start_link/1, call/1, init/2]).

-define(ROOT, "/usr/lib/erlang").

%% Args: [Root, Mode], as code:start_link/0 (kernel_sup's child) passes them. Returns once
%% the server is registered.
start_link(Args) ->
    Pid = spawn_link(?MODULE, init, [self(), Args]),
    receive
        {Pid, started} -> {ok, Pid}
    end.

call(Request) ->
    Ref = erlang:monitor(process, ?MODULE),
    ?MODULE ! {code_call, self(), Request},
    receive
        {?MODULE, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, process, _, _} ->
            exit({'DOWN', code_server, Request})
    end.

init(Parent, [Root, Mode]) ->
    register(?MODULE, self()),
    process_flag(trap_exit, true),
    Parent ! {self(), started},
    %% sticky: the modules that may not be reloaded (code:stick_dir/1 ... as code:start_link/0
    %% calls it for kernel, stdlib and compiler; preloaded modules always are).
    loop(#{root => Root, mode => Mode, on_load => [], parent => Parent,
           sticky => maps:from_list([{M, true} || M <- erlang:pre_loaded()]),
           atom_files => #{}});
init(Parent, _) ->
    init(Parent, [?ROOT, interactive]).

loop(State) ->
    receive
        {code_call, From, Request} ->
            case handle_load(Request, From, State) of
                {reply, Reply, State1} ->
                    From ! {?MODULE, Reply},
                    loop(State1);
                {noreply, State1} ->
                    loop(State1);
                other ->
                    From ! {?MODULE, handle(Request, State)},
                    loop(State)
            end;
        {'DOWN', Ref, process, Pid, Res} ->
            loop(finish_on_load({Pid, Ref}, Res, State));
        {'EXIT', Parent, Reason} when Parent =:= map_get(parent, State) ->
            exit(Reason); % its supervisor stops it (init:stop/0,1)
        _ ->
            loop(State)
    end.

%% The requests that load code. A module with an -on_load function is not callable after
%% loading (hamlet:load_* return {error, on_load}): as kernel's code server does, this one
%% runs the function in a new process and answers when it is done; requests for a module
%% whose on_load function runs wait for it (an Action to run with its outcome).
handle_load({ensure_loaded, Mod}, From, St) when is_atom(Mod) ->
    Action = fun(_, S) ->
                     case erlang:module_loaded(Mod) of
                         true -> {reply, {module, Mod}, S};
                         false -> load_reply(hamlet:ensure_loaded(Mod), Mod, From, S)
                     end
             end,
    handle_pending_on_load(Action, Mod, From, St);
handle_load({load_file, Mod}, From, St) when is_atom(Mod) ->
    Action = fun(_, S) ->
                     case sticky(Mod, S) of
                         true -> {reply, sticky_error(Mod), S};
                         false ->
                             case not_purged(Mod) of
                                 true -> {reply, {error, not_purged}, S};
                                 false -> load_reply(hamlet:load_file(Mod), Mod, From, S)
                             end
                     end
             end,
    handle_pending_on_load(Action, Mod, From, St);
handle_load({load_abs, File, Mod}, From, St) when is_atom(Mod) ->
    Action = fun(_, S) ->
                     %% A name the file system cannot take is no file either.
                     case catch hamlet:read_file(File ++ ".beam") of
                         {ok, Bin} -> load_binary(Mod, File ++ ".beam", Bin, From, S);
                         _ -> {reply, {error, nofile}, S}
                     end
             end,
    handle_pending_on_load(Action, Mod, From, St);
handle_load({load_binary, Mod, File, Bin}, From, St) when is_atom(Mod) ->
    Action = fun(_, S) -> load_binary(Mod, File, Bin, From, S) end,
    handle_pending_on_load(Action, Mod, From, St);
handle_load({Stick, What}, _From, #{sticky := Sticky} = St)
  when Stick =:= stick_dir; Stick =:= unstick_dir; Stick =:= stick_mod; Stick =:= unstick_mod ->
    case stick(Stick, What, Sticky) of
        {ok, Reply, Sticky1} -> {reply, Reply, St#{sticky := Sticky1}};
        Error -> {reply, Error, St}
    end;
handle_load({finish_loading, Prepared, _}, _From, #{on_load := OnLoad} = St) when OnLoad =/= [] ->
    case [{M, pending_on_load} || {M, _} <- Prepared, lists:keymember(M, 2, OnLoad)] of
        [] -> other;
        Pending -> {reply, {error, Pending}, St}
    end;
handle_load(_, _, _) ->
    other.

load_reply({error, on_load}, Mod, From, St) ->
    handle_on_load({error, on_load}, fun(Res, S) -> {reply, Res, S} end, Mod, From, St);
load_reply(Res, _Mod, _From, St) ->
    {reply, Res, St}.

load_binary(Mod, File, Bin, From, #{atom_files := AtomFiles} = St0) ->
    %% A file name given as an atom (cover_compiled) is what is_loaded/1 answers after.
    St = case is_atom(File) of
             true -> St0#{atom_files := AtomFiles#{Mod => File}};
             false -> St0#{atom_files := maps:remove(Mod, AtomFiles)}
         end,
    case load_binary(Mod, File, Bin, St) of
        {error, on_load} = Res -> load_reply(Res, Mod, From, St);
        Res -> {reply, Res, St}
    end.

%% The file name of a loaded module as it was given: an atom if it was one, unless the
%% module was loaded again from another file since.
file_name(Mod, File, #{atom_files := AtomFiles}) ->
    case AtomFiles of
        #{Mod := Atom} when is_list(File) ->
            case atom_to_list(Atom) =:= File of
                true -> Atom;
                false -> File
            end;
        _ -> File
    end.

handle_pending_on_load(Action, Mod, From, #{on_load := OnLoad} = St) ->
    case lists:keyfind(Mod, 2, OnLoad) of
        false ->
            Action(ok, St);
        {{From, _Ref}, Mod, _Waiting} ->
            %% The on_load function called its own module: that would never end.
            {reply, {error, deadlock}, St};
        {PidRef, Mod, Waiting} ->
            {noreply, St#{on_load := lists:keyreplace(PidRef, 1, OnLoad, {PidRef, Mod, [{From, Action} | Waiting]})}}
    end.

%% The on_load process has ended with the function's result (ok keeps the module).
finish_on_load(PidRef, Res, #{on_load := OnLoad} = St) ->
    case lists:keyfind(PidRef, 1, OnLoad) of
        false ->
            St;
        {PidRef, Mod, Waiting} ->
            Keep = Res =:= ok,
            erts_code_purger:finish_after_on_load(Mod, Keep),
            Outcome = case Keep of
                          true -> {module, Mod};
                          false -> on_load_report(Mod, Res), {error, on_load_failure}
                      end,
            St1 = St#{on_load := lists:keydelete(PidRef, 1, OnLoad)},
            lists:foldl(fun({From, Action}, S0) ->
                                case Action(Outcome, S0) of
                                    {reply, Reply, S} -> From ! {?MODULE, Reply}, S;
                                    {noreply, S} -> S
                                end
                        end, St1, lists:reverse(Waiting))
    end.

%% As kernel's code server: no report for an atom, a warning for other results (from
%% another process, so the code server never waits for the logger).
on_load_report(_Mod, Atom) when is_atom(Atom) ->
    ok;
on_load_report(Mod, Term) ->
    spawn(fun() ->
                  error_logger:warning_msg("The on_load function for module ~s returned:~n~P\n",
                                           [Mod, Term, 10])
          end),
    ok.
handle({is_loaded, Mod}, St) when is_atom(Mod) ->
    case lists:member(Mod, erlang:pre_loaded()) of
        true -> {file, preloaded};
        false ->
            case hamlet:loaded_file(Mod) of
                false -> false;
                File -> {file, file_name(Mod, File, St)}
            end
    end;
handle(all_loaded, St) ->
    %% erts loads every preloaded module at boot, Hamlet when first called: load those
    %% not yet loaded, so that all of them are listed as on erl.
    Pre = erlang:pre_loaded(),
    _ = [catch hamlet:ensure_loaded(M) || M <- Pre, not erlang:module_loaded(M)],
    [{M, case lists:member(M, Pre) of true -> preloaded; false -> file_name(M, F, St) end}
     || {M, F} <- hamlet:all_loaded()];
handle({delete, Mod}, St) when is_atom(Mod) ->
    case sticky(Mod, St) of
        true -> false;
        false ->
            %% erlang:delete_module/1 fails (and logs why) when old code remains.
            case catch erlang:delete_module(Mod) of
                true -> true;
                _ -> false
            end
    end;
handle({purge, Mod}, _) when is_atom(Mod) ->
    %% As kernel's code server: true when processes running the old code were killed.
    {_WasOld, DidKill} = erts_code_purger:purge(Mod),
    DidKill;
handle({soft_purge, Mod}, _) when is_atom(Mod) ->
    erts_code_purger:soft_purge(Mod);
handle({get_object_code, Mod}, _) when is_atom(Mod) ->
    Name = atom_to_list(Mod) ++ ".beam",
    case [{B, F} || Dir <- hamlet:code_path(), F <- [Dir ++ "/" ++ Name], {ok, B} <- [hamlet:read_file(F)]] of
        [{Bin, File} | _] -> {Mod, Bin, File};
        [] -> error
    end;
handle(get_path, _) ->
    user_path();
handle({set_path, Dirs}, _) ->
    set_path(Dirs);
handle({add_path, Where, Dir}, _) ->
    {Reply, Path} = add_path(Where, Dir, user_path()),
    set_user_path(Path),
    Reply;
handle({add_paths, Where, Dirs}, _) ->
    add_paths(Where, Dirs), ok;
handle({del_path, Name}, _) ->
    del_path(Name);
handle({replace_path, Name, Dir}, _) ->
    replace_path(Name, Dir);
handle({dir, root_dir}, #{root := Root}) ->
    Root;
handle({dir, lib_dir}, #{root := Root}) ->
    filename:append(Root, "lib");
handle({dir, compiler_dir}, #{root := Root}) ->
    case lib_dir(compiler) of
        {error, _} -> Root ++ "/lib/compiler";
        Dir -> Dir
    end;
handle({dir, {lib_dir, Name}}, _) ->
    lib_dir(Name);
handle({dir, {lib_dir, Name, SubDir}}, _) ->
    case lib_dir(Name) of
        {error, _} = E -> E;
        Dir -> filename:join(Dir, atom_to_list(SubDir))
    end;
handle({dir, {priv_dir, Name}}, _) ->
    case lib_dir(Name) of
        {error, _} = E -> E;
        Dir -> filename:join(Dir, "priv")
    end;
handle({dir, _}, _) ->
    'bad request to code';
handle({finish_loading, Prepared, EnsureLoaded}, St) ->
    %% Prepared: [{Module, {PreparedCode, File}}] from erlang:prepare_loading/2.
    Errors = [{M, E} || {M, {Code, File}} <- Prepared,
                        not (EnsureLoaded andalso erlang:module_loaded(M)),
                        {error, E} <- [load_prepared(M, Code, File, St)]],
    case Errors of
        [] -> ok;
        _ -> {error, Errors}
    end;
handle({is_sticky, Mod}, St) ->
    sticky(Mod, St);
handle(get_mode, #{mode := Mode}) ->
    Mode;
handle(_Other, _) ->
    {error, unsupported}.

load_prepared(Mod, Code, File, St) ->
    case sticky(Mod, St) of
        true -> sticky_error(Mod);
        false ->
            case not_purged(Mod) of
                true -> {error, not_purged};
                false -> hamlet:load_prepared(Code, File)
            end
    end.

load_binary(Mod, File, Bin, St) when is_binary(Bin) ->
    case sticky(Mod, St) of
        true -> sticky_error(Mod);
        false ->
            %% As kernel's code server: a module that is loaded has its old code purged
            %% first; a deleted one (old code only) is loaded beside its old code.
            _ = erlang:module_loaded(Mod) andalso erts_code_purger:purge(Mod),
            hamlet:load_binary(Mod, File, Bin)
    end;
load_binary(_, _, _, _) ->
    {error, badarg}.

%% erts' finish_loading refuses a module only when it has both current and old code.
not_purged(Mod) ->
    erlang:module_loaded(Mod) andalso erlang:check_old_code(Mod).

%% As kernel's code server: a module is sticky when it is loaded and was made sticky.
sticky(Mod, #{sticky := Sticky}) ->
    erlang:module_loaded(Mod) andalso maps:is_key(Mod, Sticky).

%% stick_dir/unstick_dir: the modules whose object files are in Dir (ok, or the error of
%% listing it); stick_mod/unstick_mod: true.
stick(Stick, Dir, Sticky) when Stick =:= stick_dir; Stick =:= unstick_dir ->
    case catch erl_prim_loader:list_dir(Dir) of
        {ok, Files} ->
            Mods = [list_to_atom(filename:basename(F, ".beam")) || F <- Files,
                                                                  filename:extension(F) =:= ".beam"],
            {ok, ok, stick_mods(Stick =:= stick_dir, Mods, Sticky)};
        {'EXIT', _} -> error;
        Error -> Error
    end;
stick(Stick, Mod, Sticky) ->
    {ok, true, stick_mods(Stick =:= stick_mod, [Mod], Sticky)}.

stick_mods(true, Mods, Sticky) ->
    maps:merge(Sticky, maps:from_list([{M, true} || M <- Mods]));
stick_mods(false, Mods, Sticky) ->
    maps:without(Mods, Sticky).

sticky_error(Mod) ->
    error_logger:error_msg("Can't load module '~w' that resides in sticky dir\n", [Mod]),
    {error, sticky_directory}.

%% The code path as code:get_path/0 shows it and code:set_path/1 ... change it: without the
%% shim's directory, which stays first (its modules stand for erts' preloaded ones and must
%% shadow OTP's own code_server, init and erl_prim_loader), as erl's path has no such entry.
user_path() ->
    Shim = shim_dir(),
    case hamlet:code_path() of
        [Shim | Path] -> Path;
        Path -> Path
    end.

set_user_path(Path) ->
    hamlet:set_code_path([shim_dir() | Path]).

shim_dir() ->
    filename:dirname(hamlet:loaded_file(?MODULE)).

%% As kernel's code server, the entries are normalized (atoms become strings, a trailing
%% slash goes).
set_path(Dirs0) ->
    Dirs = [normalize(D) || D <- Dirs0],
    case lists:all(fun is_dir/1, Dirs) of
        true -> set_user_path(Dirs), true;
        false -> {error, bad_directory}
    end.

%% As kernel's code server: Name is an application's name (.../Name[-Vsn][/ebin]) or a
%% whole directory; only the first entry that matches goes.
del_path(Name0) ->
    case catch filename:join([to_list(Name0)]) of
        {'EXIT', _} -> {error, bad_name};
        Name ->
            Path = user_path(),
            case del_first(Name, Path) of
                Path -> false;
                Keep -> set_user_path(Keep), true
            end
    end.

del_first(Name, [D | Path]) ->
    case path_name(D) =:= Name orelse D =:= Name of
        true -> Path;
        false -> [D | del_first(Name, Path)]
    end;
del_first(_, []) ->
    [].

%% As kernel's code server: Dir (which must exist) must be named Name; it takes the place of
%% the first entry of that name, or goes last when there is none.
replace_path(Name, Dir) ->
    case catch replace_args(Name, Dir) of
        {ok, N, D} ->
            set_user_path(replace_first(N, D, user_path())),
            true;
        {'EXIT', _} -> {error, {badarg, [Name, Dir]}};
        Error -> Error
    end.

replace_args(Name, Dir) ->
    N = to_list(Name),
    D = filename:join([to_list(Dir)]),
    case path_name(Dir) of
        N ->
            case is_dir(D) of
                true -> {ok, N, D};
                false -> {error, bad_directory}
            end;
        _ -> {error, bad_name}
    end.

replace_first(Name, Dir, [D | Path]) ->
    case path_name(D) of
        Name -> [Dir | Path];
        _ -> [D | replace_first(Name, Dir, Path)]
    end;
replace_first(_, Dir, []) ->
    [Dir].

to_list(X) when is_list(X) -> X;
to_list(X) when is_atom(X) -> atom_to_list(X).

%% The name kernel's code server gives a path entry: its last component (the one before
%% when that is ebin) up to the first hyphen.
path_name(Dir) ->
    case lists:reverse(filename:split(Dir)) of
        ["ebin", Base | _] -> before_hyphen(Base);
        [Base | _] -> before_hyphen(Base);
        [] -> ""
    end.

before_hyphen(Base) ->
    lists:takewhile(fun(C) -> C =/= $- end, Base).

%% As kernel's code server: each directory in turn, a bad one skipped; added first, a
%% directory moves to the front; added last, one already in the path stays where it is.
add_paths(Where, Dirs) ->
    set_user_path(lists:foldl(fun(Dir, Path) -> element(2, add_path(Where, Dir, Path)) end,
                              user_path(), Dirs)).

add_path(Where, Dir, Path) when is_atom(Dir) ->
    add_path(Where, atom_to_list(Dir), Path);
add_path(Where, Dir0, Path) ->
    case io_lib:char_list(Dir0) andalso is_dir(Dir0) of
        false ->
            {{error, bad_directory}, Path};
        true ->
            Dir = filename:join([Dir0]),
            case Where of
                first -> {true, [Dir | lists:delete(Dir, Path)]};
                last ->
                    case lists:member(Dir, Path) of
                        true -> {true, Path};
                        false -> {true, Path ++ [Dir]}
                    end
            end
    end.

normalize(Dir) when is_atom(Dir) ->
    normalize(atom_to_list(Dir));
normalize(Dir) ->
    case io_lib:char_list(Dir) of
        true -> filename:join([Dir]);
        false -> Dir
    end.

%% A path entry that is no file name ({a}) is a bad directory too, as for kernel's server
%% (the request must not stop the server).
is_dir(Dir) when is_list(Dir); is_atom(Dir); is_binary(Dir) ->
    (catch hamlet:file_type(Dir)) =:= directory;
is_dir(_) ->
    false.

%% The library directory of an application: the directory named Name or Name-Vsn in the
%% code path, or above an ebin there (kernel's code server names path entries so; erl's
%% path holds the directory itself of an application without ebin).
lib_dir(Name) when is_atom(Name) ->
    lib_dir(atom_to_list(Name));
lib_dir(Name) when is_list(Name) ->
    case [app_dir(D) || D <- hamlet:code_path(), lib_named(D, Name)] of
        [Dir | _] -> Dir;
        [] -> {error, bad_name}
    end;
lib_dir(_) ->
    {error, bad_name}.

app_dir(Dir) ->
    case filename:basename(Dir) of
        "ebin" -> filename:dirname(Dir);
        _ -> Dir
    end.

lib_named(Dir, Name) ->
    Base = filename:basename(app_dir(Dir)),
    Base =:= Name orelse lists:prefix(Name ++ "-", Base).

%% Runs the on_load function of Mod in a new process; Action gets the outcome. Placed last
%% with the location of kernel's own handle_on_load/5 (code_server.erl, line 1317 for the
%% call): the runner's stack frame ({code_server,'-handle_on_load/5-fun-0-',1,...}) shows
%% in the crash report of an on_load function that raises, as with erl.
-file("code_server.erl", 1314).
handle_on_load({error, on_load}, Action, Mod, From, #{on_load := OnLoad} = St) ->
    Fun = fun() ->
                  Res = erlang:call_on_load_function(Mod),
                  exit(Res)
          end,
    PidRef = spawn_monitor(Fun),
    {noreply, St#{on_load := [{PidRef, Mod, [{From, Action}]} | OnLoad]}}.
