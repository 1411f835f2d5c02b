%% Hamlet's helper for BIFs that need another process's answer (process_info/1,2 and
%% is_process_alive/1 on another process). The BIF sends the request signal and continues
%% here, in the calling process, to wait for the reply; the BEAM does the same wait inside
%% its C code.
-module(hamlet_process).
-export([await_reply/1]).

await_reply(Ref) ->
    receive
        {Ref, Answer} -> Answer
    end.
