%% procmem (not timed): spawns N idle processes and waits until all exist, so that the
%% VM's peak memory minus that of N = 0 gives the memory per process (tools/bench.sh).
-module(b_procmem).
-export([main/1]).

main([NStr]) ->
    N = list_to_integer(atom_to_list(NStr)),
    Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)],
    N = length(Pids),
    timer:sleep(200),
    [P ! stop || P <- Pids],
    halt(0).
