%% Hamlet's shim for erl_prim_loader, which erts preloads on the BEAM: the loader that reads
%% files before (and for) the code server. Hamlet loads modules in C++; what libraries ask
%% of erl_prim_loader is files by name (application_controller reads .app files with it)
%% and the code path.
-module(erl_prim_loader).
-export([get_file/1, get_path/0, set_path/1, list_dir/1, read_file_info/1, read_link_info/1,
         get_cwd/0, get_cwd/1, is_basename/1, get_modules/2, get_modules/3]).

get_file(File) ->
    Name = if is_atom(File) -> atom_to_list(File); true -> File end,
    case hamlet:read_file(Name) of
        {ok, Bin} -> {ok, Bin, Name};
        {error, _} -> error
    end.

%% The loader's own path, as erts keeps it beside the code server's: what set_path/1 set,
%% at first the code path at boot without the shim's directory (erl_prim_loader's path
%% holds no such entry). Hamlet's loader finds modules through the code path.
get_path() ->
    case persistent_term:get({?MODULE, path}, none) of
        none -> {ok, boot_path(hamlet:code_path())};
        Path -> {ok, Path}
    end.

set_path(Path) when is_list(Path) ->
    persistent_term:put({?MODULE, path}, Path),
    ok.

boot_path(Path) ->
    Shim = filename:dirname(hamlet:loaded_file(?MODULE)),
    case Path of
        [Shim | Rest] -> Rest;
        _ -> Path
    end.

%% Directory listings, file information and the working directory come from the real
%% prim_file (on Hamlet's file NIFs); erl_prim_loader's answers are {ok, Result} | error.
list_dir(Dir) -> ok_or_error(prim_file:list_dir(Dir)).

read_file_info(File) -> ok_or_error(prim_file:read_file_info(File)).

read_link_info(File) -> ok_or_error(prim_file:read_link_info(File)).

get_cwd() -> ok_or_error(prim_file:get_cwd()).

get_cwd(Drive) -> ok_or_error(prim_file:get_cwd(Drive)).

ok_or_error({ok, Result}) -> {ok, Result};
ok_or_error(_) -> error.

is_basename(File) ->
    filename:basename(File) =:= File.

%% get_modules(Modules, Fun[, Path]): for each module, its .beam from the path given to
%% Fun(Module, File, Binary) (which returns {ok, Result} | {error, Reason});
%% {ok, {[{Module, Result}], [{Module, Reason}]}}. code:ensure_modules_loaded/1 uses it.
get_modules(Modules, Fun) ->
    get_modules(Modules, Fun, hamlet:code_path()).

get_modules(Modules, Fun, Path) ->
    Results = [get_module(M, Fun, Path) || M <- Modules],
    {ok, {[{M, R} || {ok, M, R} <- Results], [{M, R} || {error, M, R} <- Results]}}.

get_module(Mod, Fun, Path) ->
    Name = atom_to_list(Mod) ++ ".beam",
    case [{F, B} || Dir <- Path, F <- [Dir ++ "/" ++ Name], {ok, B} <- [hamlet:read_file(F)]] of
        [{File, Bin} | _] ->
            case Fun(Mod, File, Bin) of
                {ok, Result} -> {ok, Mod, Result};
                {error, Reason} -> {error, Mod, Reason}
            end;
        [] ->
            {error, Mod, nofile}
    end.
