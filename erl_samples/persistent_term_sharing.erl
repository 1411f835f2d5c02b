%% persistent_term:put/2 keeps the sharing inside the stored term (erts copies it with
%% copy_shared): a term of 2^20 flat words that shares its subterms stays small, in the
%% table's memory and as read back.
-module(persistent_term_sharing).
-export([main/0]).

main() ->
    Shared = lists:foldl(fun(_, A) -> [A | A] end, [], lists:seq(1, 20)),
    Tuple = {Shared, Shared, <<"bin">>, Shared},
    show("size", erts_debug:size(Shared)),
    show("flat size", erts_debug:flat_size(Shared)),
    #{memory := M0} = persistent_term:info(),
    ok = persistent_term:put({?MODULE, list}, Shared),
    ok = persistent_term:put({?MODULE, tuple}, Tuple),
    #{memory := M1} = persistent_term:info(),
    show("memory grew by less than 1000 bytes", M1 - M0 < 1000),
    Stored = persistent_term:get({?MODULE, list}),
    show("stored size", erts_debug:size(Stored)),
    show("stored tuple size", erts_debug:size(persistent_term:get({?MODULE, tuple}))),
    show("equal", Stored =:= Shared),
    show("in another process", run(fun() -> erts_debug:size(persistent_term:get({?MODULE, list})) end)),
    true = persistent_term:erase({?MODULE, list}),
    true = persistent_term:erase({?MODULE, tuple}),
    show("erased", persistent_term:get({?MODULE, list}, none)),
    ok.

run(F) ->
    Self = self(),
    Pid = spawn(fun() -> Self ! {self(), F()} end),
    receive {Pid, R} -> R end.

show(Label, Value) ->
    io:format("~s: ~p~n", [Label, Value]).
