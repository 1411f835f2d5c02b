%% A module for load_nif's errors (errs_lib.c): f/1 and h/1 are declared NIFs, g/1 is not.
-module(nif_errs).
-export([try_load/1, f/1, g/1, h/1, wait_and_load/2]).
-nifs([f/1, h/1]).

try_load(Path) -> erlang:load_nif(Path, 0).

%% Waits in this version's code, then loads: old code once the module is reloaded.
wait_and_load(Parent, Path) ->
    receive go -> Parent ! {old_load, erlang:load_nif(Path, 0)} end.

f(_) -> erlang:nif_error(not_loaded).
g(_) -> not_a_nif.
h(_) -> erlang:nif_error(not_loaded).
