%% erlang:halt/2 checks its options before stopping: a proper list of {flush, Bool}.
-module(halt_options).
-export([main/0]).

main() ->
    [io:format("halt(~w, ~w): ~w~n", [S, O, try erlang:halt(S, O) catch C:E -> {C, E} end])
     || {S, O} <- [{undefined, []}, {0, undefined}, {0, [undefined]}, {0, [{undefined, true}]},
                   {0, [{flush, undefined}]}, {0, [{flush, true, undefined}]},
                   {0, [{flush, true} | tail]}, {a, [{flush, true}]}]],
    io:format("now halting with 3~n"),
    erlang:halt(3, [{flush, true}, {flush, true}]).
