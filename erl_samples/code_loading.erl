-module(code_loading).
%% The code module on Hamlet's code server: ensure_loaded, which, lib_dir, load_binary and
%% load_file with old and new versions, purge, delete, sticky directories, undef.
-export([main/0]).
main() ->
    %% The reports code loading logs carry a timestamp: keep them out of the output.
    ok = logger:set_primary_config(level, critical),
    io:format("ensure lists: ~p~n", [code:ensure_loaded(lists)]),
    io:format("ensure missing: ~p~n", [code:ensure_loaded(no_such_module_xyz)]),
    io:format("is_loaded: ~p~n", [element(1, code:is_loaded(lists))]),
    io:format("which lists: ~p~n", [filename:basename(code:which(lists))]),
    io:format("which erlang: ~p~n", [code:which(erlang)]),
    io:format("which missing: ~p~n", [code:which(no_such_module_xyz)]),
    io:format("lib_dir kernel: ~p~n", [filename:basename(code:lib_dir(kernel))]),
    io:format("priv_dir bad: ~p~n", [code:priv_dir(no_such_app)]),
    io:format("root_dir: ~p~n", [code:root_dir()]),
    io:format("all_loaded has lists: ~p~n", [lists:keymember(lists, 1, code:all_loaded())]),
    io:format("delete code_loading_none: ~p~n", [code:delete(code_loading_none)]),
    {cprof, Bin, File} = code:get_object_code(cprof),
    io:format("object code file: ~p~n", [filename:basename(File)]),
    io:format("load_binary: ~p~n", [code:load_binary(cprof, File, Bin)]),
    io:format("old code: ~p~n", [erlang:check_old_code(cprof)]),
    io:format("reload not purged: ~p~n", [code:load_binary(cprof, File, Bin)]),
    io:format("purge: ~p~n", [code:purge(cprof)]),
    io:format("old code after purge: ~p~n", [erlang:check_old_code(cprof)]),
    io:format("load_file: ~p~n", [code:load_file(cprof)]),
    io:format("delete with old code: ~p~n", [code:delete(cprof)]),
    timer:sleep(100),
    io:format("soft_purge: ~p~n", [code:soft_purge(cprof)]),
    io:format("delete: ~p~n", [code:delete(cprof)]),
    io:format("is_loaded after delete: ~p~n", [code:is_loaded(cprof)]),
    io:format("cprof works again: ~p~n", [cprof:module_info(module)]),
    io:format("load missing: ~p~n", [code:load_file(no_such_module_xyz)]),
    io:format("module_info: ~p~n", [lists:sort(proplists:get_keys(lists:module_info()))]),
    io:format("undef: ~p~n", [catch no_such_module_xyz:f(1)]),
    ok.
