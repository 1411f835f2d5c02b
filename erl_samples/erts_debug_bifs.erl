%% erts_debug's BIFs that OTP's test suites call: the internal-state switch (undef until
%% turned on, the warning it logs), flat_size/1 and size_shared/1 of terms with and
%% without sharing, same/2, display/1.
-module(erts_debug_bifs).
-export([main/0, log/2]).

main() ->
    %% display/1 writes straight to standard output: first, before any io output.
    Displayed = erts_debug:display({hello, [1, 2.5, <<"bin">>], "text"}),
    %% The warning goes to a handler of this module instead of the default one (whose
    %% output has a timestamp).
    ok = logger:remove_handler(default),
    ok = logger:add_handler(sample, ?MODULE, #{config => self()}),
    show(get_before, catch erts_debug:get_internal_state(available_internal_state)),
    show(key_before, catch erts_debug:get_internal_state(reds_left_unknown)),
    show(set_before, catch erts_debug:set_internal_state(sleep, 1)),
    show(enable, erts_debug:set_internal_state(available_internal_state, true)),
    receive
        {logged, Level, Meta, Text} ->
            show(logged, {Level, maps:get(error_logger, Meta), Text})
    after 10000 -> show(logged, nothing)
    end,
    show(enable_again, erts_debug:set_internal_state(available_internal_state, true)),
    flush_logged(),
    show(get_after, erts_debug:get_internal_state(available_internal_state)),
    show(sleep, erts_debug:set_internal_state(sleep, 1)),
    show(ets_force_trap, erts_debug:set_internal_state(ets_force_trap, true)),
    Big = list_to_binary(lists:duplicate(100, $x)),
    <<_:10/binary, Sub/binary>> = Big,
    show(binary_info, [erts_debug:get_internal_state({binary_info, B})
                       || B <- [Big, Sub, <<"small">>, binary:copy(<<"x">>, 64)]]),
    show(bad_key, catch erts_debug:set_internal_state(no_such_key, 1)),
    show(bad_sleep, catch erts_debug:set_internal_state(sleep, -1)),
    show(disable, erts_debug:set_internal_state(available_internal_state, false)),
    show(set_disabled, catch erts_debug:set_internal_state(sleep, 1)),
    sizes(),
    L = lists:seq(1, 10),
    Shared = {L, L, [L | L]},
    show(shared, {erts_debug:flat_size(Shared), erts_debug:size_shared(Shared),
                  erts_debug:size(Shared)}),
    Copy = binary_to_term(term_to_binary(Shared)),
    show(copied, {erts_debug:flat_size(Copy), erts_debug:size_shared(Copy)}),
    show(same, {erts_debug:same(L, L), erts_debug:same(Copy, Shared),
                erts_debug:same(element(1, Shared), element(2, Shared)), erts_debug:same(a, a)}),
    show(display, Displayed),
    ok.

sizes() ->
    %% Not {} and sub-binaries such as <<1:3>>: Hamlet's sizes differ (README).
    Terms = [atom, 42, [], "abc", [1 | 2], {a, b, c}, 1.5, 1 bsl 70, -(1 bsl 130),
             <<>>, <<"twelve bytes">>, [{k, v}, {k2, [x, y]}],
             {nested, {tuple, [list, {'of', things}]}}],
    [show(flat_size, {T, erts_debug:flat_size(T), erts_debug:size_shared(T)}) || T <- Terms],
    ok.

flush_logged() ->
    receive {logged, _, _, _} -> flush_logged() after 100 -> ok end.

show(Tag, Value) -> io:format("~p: ~p~n", [Tag, Value]).

%% The logger handler: the formatted message, with the process masked.
log(#{level := Level, msg := {Format, Args}, meta := Meta}, #{config := Pid}) ->
    Text = lists:flatten(io_lib:format(Format, Args)),
    Masked = re:replace(Text, "<[0-9]+\\.[0-9]+\\.[0-9]+>", "PID", [global, {return, list}]),
    Pid ! {logged, Level, Meta, Masked};
log(_, _) ->
    ok.
