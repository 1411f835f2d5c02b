%% The Rust NIF (rust_nif.rs) gives erl's results.
-module(rust_nif_test).
-export([main/0]).

main() ->
    [show(L, F) || {L, F} <- [{"mul", fun() -> rust_nif:mul(6, 7) end},
                              {"mul negative", fun() -> rust_nif:mul(-3, 1 bsl 40) end},
                              {"mul overflow", fun() -> rust_nif:mul(1 bsl 40, 1 bsl 40) end},
                              {"mul badarg", fun() -> rust_nif:mul(a, 1) end},
                              {"upcase", fun() -> rust_nif:upcase(<<"hamlet">>) end},
                              {"upcase long", fun() -> rust_nif:upcase(binary:copy(<<"ab">>, 50)) end},
                              {"upcase badarg", fun() -> rust_nif:upcase("list") end}]],
    ok.

show(Label, F) ->
    R = try F() of V -> V
        catch C:E:St -> {C, E, hd(St)}
        end,
    io:format("~s: ~p~n", [Label, R]).
