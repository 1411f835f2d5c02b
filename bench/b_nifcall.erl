%% nifcall: N calls of a trivial NIF (tests/nif/bench_nif.c, built by CMake into
%% build/tests/nif; HAMLET_NIF_DIR names another directory). The cost of a call through
%% erlang:load_nif's binding, Hamlet against erl on the same .so.
-module(b_nifcall).
-export([run/1, nop/1]).
-nifs([nop/1]).
-on_load(init/0).

init() ->
    Dir = case os:getenv("HAMLET_NIF_DIR") of false -> "build/tests/nif"; D -> D end,
    erlang:load_nif(filename:join(Dir, "b_nifcall"), 0).

run(N) -> loop(N, 0).

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, nop(Acc) + 1).

nop(_) -> erlang:nif_error(not_loaded).
