%% Every error erlang:load_nif/2 gives, as erl gives it (tests/nif/record.sh records erl's
%% output). Run from the directory of the errs_*.so libraries.
-module(nif_errs_test).
-export([main/0]).

main() ->
    [show(V, fun() -> nif_errs:try_load(V) end)
     || V <- ["./errs_nothere", "./errs_noinit", "./errs_nullinit", "./errs_newer",
              "./errs_older", "./errs_v25", "./errs_variant", "./errs_name", "./errs_notfound",
              "./errs_noatom", "./errs_notnif", "./errs_flags", "./errs_dup", "./errs_loadfail"]],
    show("bad path", fun() -> nif_errs:try_load({not_a_path}) end),
    show("before loading", fun() -> nif_errs:f(1) end),
    show("./errs_ok", fun() -> nif_errs:try_load("./errs_ok") end),
    show("loaded", fun() -> {nif_errs:f(1), nif_errs:g(1), nif_errs:h(2)} end),
    show("./errs_ok again", fun() -> nif_errs:try_load("./errs_ok") end),
    Self = self(),
    Old = spawn(fun() -> nif_errs:wait_and_load(Self, "./errs_ok") end),
    show("reload module", fun() -> code:load_file(nif_errs) end),
    show("new version not loaded", fun() -> nif_errs:f(1) end),
    show("upgrade unsupported", fun() -> nif_errs:try_load("./errs_ok") end),
    show("upgrade fails", fun() -> nif_errs:try_load("./errs_upfail") end),
    Old ! go,
    show("old code", fun() -> receive {old_load, R} -> R after 20000 -> timeout end end),
    ok.

show(Label, F) ->
    R = try F() of V -> V
        catch C:E:St -> {C, E, hd(St)}
        end,
    io:format("~s: ~p~n", [Label, R]).
