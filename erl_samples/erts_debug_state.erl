%% erts_debug's internal state keys that OTP's emulator suites use: reds_left (read and set
%% the reductions left in the time slice), {internal_hash, Term}, and module_info's native
%% items (no native code in erts 25).
-module(erts_debug_state).
-export([main/0]).

main() ->
    ok = logger:remove_handler(default), % its warning names a pid
    erts_debug:set_internal_state(available_internal_state, true),
    R = erts_debug:get_internal_state(reds_left),
    io:format("reds_left is an integer in 0..4000: ~w~n", [is_integer(R) andalso R >= 0 andalso R =< 4000]),
    true = erts_debug:set_internal_state(reds_left, 100),
    R2 = erts_debug:get_internal_state(reds_left),
    io:format("after setting 100: at most 100 ~w~n", [R2 =< 100 andalso R2 >= 90]),
    io:format("set out of range: ~w ~w~n", [erts_debug:set_internal_state(reds_left, 5000),
                                           erts_debug:set_internal_state(reds_left, -1)]),
    io:format("set non-integer: ~w~n",
              [try erts_debug:set_internal_state(reds_left, a) catch C:E -> {C, E} end]),
    %% a time slice set to 1 ends at once; the process goes on afterwards
    erts_debug:set_internal_state(reds_left, 1),
    io:format("still running: ~w~n", [lists:sum(lists:seq(1, 100))]),
    [io:format("internal_hash ~w: ~w~n", [T, erts_debug:get_internal_state({internal_hash, T})])
     || T <- [0, 1, -1, [], {}, {1, 2}, [1, 2, 3], <<"bin">>, 1.5, 1 bsl 70,
              #{1 => 2}, "hello", {3, [4, <<1:3>>]}]], % atoms hash by their index
    io:format("native: ~w ~w~n", [?MODULE:module_info(native),
                                   erlang:get_module_info(lists, native_addresses)]),
    ok.
