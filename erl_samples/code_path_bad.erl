%% Code path requests with entries that are no directory or no file name: the code server
%% answers {error, bad_directory} (or code's function_clause before asking it) and goes on
%% serving; the path is unchanged.
-module(code_path_bad).
-export([main/0]).

main() ->
    P = code:get_path(),
    Server = whereis(code_server),
    lists:foreach(fun({Name, F}) ->
                          R = try F() catch C:E -> {C, E} end,
                          io:format("~s: ~p~n", [Name, R])
                  end,
                  [{"set_path([{a}])", fun() -> code:set_path([{a}]) end},
                   {"set_path({a})", fun() -> code:set_path({a}) end},
                   {"set_path(nonexistent)", fun() -> code:set_path(["/nonexistent/dir"]) end},
                   {"add_patha([x])", fun() -> code:add_patha([x]) end},
                   {"add_pathz(42)", fun() -> code:add_pathz(42) end},
                   {"add_paths([{a}])", fun() -> code:add_paths([{a}]) end},
                   {"add_pathsa([[1.5]])", fun() -> code:add_pathsa([[1.5]]) end}]),
    io:format("same server: ~p, same path: ~p~n", [whereis(code_server) =:= Server, code:get_path() =:= P]),
    io:format("set_path(P): ~p~n", [code:set_path(P)]),
    %% Each directory of add_paths in turn, bad ones skipped: added first, the last named
    %% ends first; added last, one already in the path stays where it is.
    Lib = code:lib_dir(),
    Root = code:root_dir(),
    io:format("add_pathsa: ~p ~p~n",
              [code:add_pathsa([Lib, "/nonexistent/dir", {}, Root]),
               lists:sublist(code:get_path(), 2) =:= [Root, Lib]]),
    code:set_path(P),
    io:format("add_pathsz: ~p ~p~n",
              [code:add_pathsz([Lib, {}, Root, hd(P)]), code:get_path() =:= P ++ [Lib, Root]]),
    code:set_path(P),
    io:format("add_patha twice: ~p ~p ~p~n",
              [code:add_patha(Lib), code:add_patha(Lib), code:get_path() =:= [Lib | P]]),
    io:format("add_pathz of a member: ~p ~p~n",
              [code:add_pathz(Lib), code:get_path() =:= [Lib | P]]),
    io:format("set_path(P): ~p~n", [code:set_path(P)]).
