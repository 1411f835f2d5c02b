%% Erased and replaced persistent terms: processes that hold the old values keep them
%% intact (the literal area collector has them copied into their heaps before the memory is
%% freed), and a value read again after put is the new one.
-module(persistent_term_release).
-export([main/0]).

main() ->
    Key = {?MODULE, key},
    Value = {<<1:80000>>, lists:seq(1, 1000), "text", make_ref()},
    persistent_term:put(Key, Value),
    Parent = self(),
    Holders = [spawn(fun() -> holder(Parent, Key) end) || _ <- lists:seq(1, 5)],
    [receive {H, holding} -> ok end || H <- Holders],
    show("shared before", erts_debug:size_shared(persistent_term:get(Key))),
    persistent_term:put(Key, replaced),
    show("replaced", persistent_term:get(Key)),
    wait_literal_collector(),
    [H ! {check, Value} || H <- Holders],
    show("holders after replace", [receive {H, R} -> R end || H <- Holders]),
    persistent_term:put(Key, Value),
    Holders2 = [spawn(fun() -> holder(Parent, Key) end) || _ <- lists:seq(1, 5)],
    [receive {H, holding} -> ok end || H <- Holders2],
    show("erase", persistent_term:erase(Key)),
    show("get after erase", persistent_term:get(Key, none)),
    wait_literal_collector(),
    [H ! {check, Value} || H <- Holders2],
    show("holders after erase", [receive {H, R} -> R end || H <- Holders2]),
    ok.

holder(Parent, Key) ->
    T = persistent_term:get(Key),
    Parent ! {self(), holding},
    receive
        {check, Expected} ->
            Parent ! {self(), {T =:= Expected, erts_debug:size_shared(T) > 0}}
    end.

wait_literal_collector() ->
    [LAC] = [P || P <- processes(),
                  process_info(P, initial_call) =:= {initial_call, {erts_literal_area_collector, start, 0}}],
    wait_idle(LAC).

wait_idle(LAC) ->
    Ref = make_ref(),
    LAC ! {get_status, Ref, self()},
    receive
        {Ref, idle} -> ok;
        {Ref, _} -> receive after 10 -> wait_idle(LAC) end
    end.

show(What, Value) ->
    io:format("~s: ~p~n", [What, Value]).
