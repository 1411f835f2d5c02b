%% code:load_binary/3 with the file name given as an atom (as cover does with
%% cover_compiled): code:is_loaded/1 and code:all_loaded/0 answer that atom, until the
%% module is loaded again from a file named by a string.
-module(code_load_binary_atom_file).
-export([main/0]).

-define(M, code_load_binary_atom_file_m).

main() ->
    {ok, ?M, Bin} = compile:forms([{attribute, 1, module, ?M}], [binary]),
    show("load", code:load_binary(?M, cover_compiled, Bin)),
    show("is_loaded", code:is_loaded(?M)),
    show("all_loaded", lists:keyfind(?M, 1, code:all_loaded())),
    code:purge(?M),
    show("load", code:load_binary(?M, "somewhere/m.beam", Bin)),
    show("is_loaded", code:is_loaded(?M)),
    code:purge(?M),
    show("load", code:load_binary(?M, other_tag, Bin)),
    show("is_loaded", code:is_loaded(?M)),
    ok.

show(Label, Value) ->
    io:format("~s: ~p~n", [Label, Value]).
