%% code:load_binary/3 of a module that is loaded (its old code is purged first, as kernel's
%% code server does) and of one that was deleted (old code only: the new code loads beside
%% it), with calls after each step. Elixir's protocol consolidation reloads modules this way.
-module(code_reload_deleted).
-export([main/0]).

main() ->
    Bin = version(1),
    step("load", fun() -> code:load_binary(lbm, "lbm.beam", Bin) end),
    step("purge", fun() -> code:purge(lbm) end),
    step("delete", fun() -> code:delete(lbm) end),
    step("old code", fun() -> erlang:check_old_code(lbm) end),
    step("load deleted", fun() -> code:load_binary(lbm, "lbm.beam", version(2)) end),
    step("old code", fun() -> erlang:check_old_code(lbm) end),
    step("load loaded", fun() -> code:load_binary(lbm, "lbm.beam", version(3)) end),
    step("old code", fun() -> erlang:check_old_code(lbm) end),
    step("load again", fun() -> code:load_binary(lbm, "lbm.beam", version(4)) end),
    step("purge", fun() -> code:purge(lbm) end),
    step("old code", fun() -> erlang:check_old_code(lbm) end),
    step("delete", fun() -> code:delete(lbm) end),
    step("purge", fun() -> code:purge(lbm) end),
    step("loaded", fun() -> code:is_loaded(lbm) end),
    ok.

step(What, F) ->
    R = F(),
    Call = try lbm:f() catch error:undef -> undef end,
    io:format("~s: ~p, lbm:f() = ~p~n", [What, R, Call]).

version(N) ->
    {ok, lbm, Bin} =
        compile:forms([{attribute, 1, module, lbm}, {attribute, 2, export, [{f, 0}]},
                       {function, 3, f, 0, [{clause, 3, [], [], [{integer, 3, N}]}]}], []),
    Bin.
