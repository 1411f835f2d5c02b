%% Dirty NIFs (nif/call.cpp): the calling process waits here while its NIF runs on a dirty
%% pool, taking messages and exit signals meanwhile, as an erts process does while a dirty
%% scheduler runs its NIF. finish/1 (a BIF) turns the job's answer into the NIF's result,
%% its exception (with the NIF's own frame on top) or its next step.
-module(hamlet_nif).
-export([await/1]).

await(Ref) ->
    receive
        {Ref, Answer} -> finish(Answer)
    end.

finish(_Answer) -> erlang:nif_error(undef).
