%% BIFs that compiled code rarely reaches through the BIF table (the compiler turns most
%% calls to them into instructions, or programs call them through other modules), called
%% here through apply/3 so the table's entries run: results, and errors for bad arguments.
%% Clock readings print only their shape.
-module(bif_apply_misc).
-export([main/0]).

call(M, F, A) ->
    try apply(M, F, A) of
        R -> R
    catch
        C:E -> {C, E}
    end.

shape(T) when is_tuple(T) -> list_to_tuple([shape(E) || E <- tuple_to_list(T)]);
shape(I) when is_integer(I) -> int;
shape(X) -> X.

main() ->
    Show = fun(What, R) -> io:format("~p: ~p~n", [What, R]) end,
    Bin = binary:copy(<<"abcdefgh">>, 100),
    <<Sub:100/binary, _/binary>> = Bin, % (over 64 bytes: erts copies shorter ones)
    Show(referenced_byte_size, call(binary, referenced_byte_size, [Sub])),
    Show(referenced_bad, call(binary, referenced_byte_size, [foo])),
    Show(send, call(erlang, '!', [self(), hello])),
    receive hello -> ok end,
    Show(send_bad, call(erlang, '!', [foo, hello])),
    Show(append, call(erlang, append, [[1, 2], [3]])),
    Show(append_bad, call(erlang, append, [improper, [3]])),
    Show(subtract, call(erlang, subtract, [[1, 2, 3, 2], [2]])),
    Show(subtract_bad, call(erlang, subtract, [[1], x])),
    Show(binary_to_float, [call(erlang, binary_to_float, [B]) || B <- [<<"1.5">>, <<"-2.0e3">>, <<"1">>, <<"x">>]]),
    Show(binary_to_integer, [call(erlang, binary_to_integer, [B]) || B <- [<<"42">>, <<"-7">>, <<"99999999999999999999">>, <<"4x">>]]),
    Show(float_to_binary, [call(erlang, float_to_binary, [F]) || F <- [1.5, 0.1, -1.0e300, 3]]),
    Show(external_size, [call(erlang, external_size, [T, O]) || {T, O} <- [{{a, "b", 1.0}, []}, {Bin, [compressed]}, {x, [bad]}]]),
    Show(term_to_iovec, [iolist_to_binary(call(erlang, term_to_iovec, [T, O])) || {T, O} <- [{{a, <<"bin">>}, []}, {[1, 2], [{minor_version, 1}]}]]),
    Show(term_to_iovec_bad, call(erlang, term_to_iovec, [x, [bad]])),
    Show(maps_get, [call(maps, get, A) || A <- [[a, #{a => 1}], [b, #{a => 1}], [a, notmap]]]),
    Show(maps_is_key, [call(maps, is_key, A) || A <- [[a, #{a => 1}], [b, #{}], [a, notmap]]]),
    Show(math, [call(math, F, [X]) || F <- [sin, cos, atan], X <- [0, 0.5, -1.0]] ++ [call(math, sin, [a])]),
    Show(nif_error, call(erlang, nif_error, [undef, [args]])),
    Show(loaded, lists:member(?MODULE, call(erlang, loaded, []))),
    Show(date, shape(call(erlang, date, []))),
    Show(time, shape(call(erlang, time, []))),
    Show(localtime, shape(call(erlang, localtime, []))),
    Show(universaltime, shape(call(erlang, universaltime, []))),
    Show(localtime_to_universaltime, [shape(call(erlang, localtime_to_universaltime, [{{2024, 6, 1}, {12, 0, 0}}, D])) || D <- [true, false, undefined]]),
    Show(localtime_to_universaltime_bad, call(erlang, localtime_to_universaltime, [{{2024, 13, 1}, {12, 0, 0}}, false])),
    Show(universaltime_to_posixtime, call(erlang, universaltime_to_posixtime, [{{2024, 6, 1}, {12, 0, 0}}])),
    Show(universaltime_to_posixtime_bad, call(erlang, universaltime_to_posixtime, [{{2024, 2, 30}, {0, 0, 0}}])),
    Show(os_getpid, is_list(call(os, getpid, []))),
    Show(perf_counter, is_integer(call(os, perf_counter, []))),
    Show(system_time, is_integer(call(os, system_time, []))),
    Show(unsetenv, {call(os, putenv, ["HAMLET_BIF_APPLY", "1"]), call(os, unsetenv, ["HAMLET_BIF_APPLY"]), os:getenv("HAMLET_BIF_APPLY")}),
    Show(persistent_term_info, lists:sort(maps:keys(call(persistent_term, info, [])))),
    Ref = call(erlang, start_timer, [3600000, self(), msg, []]),
    Show(read_timer, shape(call(erlang, read_timer, [Ref, [{async, false}]]))),
    Show(cancel, shape(erlang:cancel_timer(Ref))),
    Show(read_timer_gone, call(erlang, read_timer, [Ref, []])),
    Show(start_timer_bad, call(erlang, start_timer, [-1, self(), msg, []])),
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    Show(inflate_reset, call(zlib, inflateReset, [Z])),
    zlib:close(Z),
    call(erlang, display_string, ["display_string\n"]),
    call(erlang, display_nl, []),
    io:format("halting~n"),
    call(erlang, halt, [0, [{flush, true}]]).
