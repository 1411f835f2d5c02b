-module(halt_queued).
%% halt/0: a process woken before the halting process began its time slice still runs its
%% slice (it would have run first from one run queue); one the halting process never woke
%% stays waiting. The echo of the line that calls halt() in the shell is such a case.
-export([main/0]).
main() ->
    Printer = spawn(fun() -> receive {print, T} -> erlang:display(T) end end),
    Halter = spawn(fun() -> receive go -> halt() end end),
    Late = spawn(fun() -> receive go -> erlang:display(never_printed) end end),
    Printer ! {print, queued_before_the_halt},
    Halter ! go,
    receive after infinity -> Late ! go end.
