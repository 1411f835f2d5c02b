%% Hamlet's helper for BIFs that continue in Erlang: waiting for another process's answer (process_info/1,2 and
%% is_process_alive/1 on another process). The BIF sends the request signal and continues
%% here, in the calling process, to wait for the reply; the BEAM does the same wait inside
%% its C code.
-module(hamlet_process).
-export([await_reply/1, yield_return/0, yield_return/1, await_io/1]).

await_reply(Ref) ->
    receive
        {Ref, Answer} -> Answer
    end.

%% erlang:yield/0 returns through here, after the scheduler has run other processes.
yield_return() -> true.

%% process_flag(scheduler, N) returns the old binding through here, once the process runs on
%% scheduler N.
yield_return(Value) -> Value.

%% A file-system BIF running on the I/O pool (bifs/dirty_io.h) answers here.
await_io(Ref) ->
    receive
        {Ref, {ok, Result}} -> Result;
        {Ref, {raise, Class, Reason}} -> erlang:raise(Class, Reason, [])
    end.
