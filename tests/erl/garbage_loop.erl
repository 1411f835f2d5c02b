%% Produces garbage for a given number of seconds: lists, tuples, binaries over 64 bytes
%% (off-heap) and floats, keeping only a small live set. Used by tools/check-gc-flat.sh,
%% which samples the VM's resident memory meanwhile.
-module(garbage_loop).
-export([main/1]).

main([SecondsAtom]) ->
    Seconds = list_to_integer(atom_to_list(SecondsAtom)),
    Deadline = erlang:monotonic_time(millisecond) + Seconds * 1000,
    N = loop(Deadline, 0, []),
    io:format("rounds ~p~n", [N > 0]).

loop(Deadline, N, Keep) ->
    case N rem 1000 =:= 0 andalso erlang:monotonic_time(millisecond) > Deadline of
        true -> N;
        false ->
            L = lists:seq(1, 200),
            T = list_to_tuple(L),
            B = list_to_binary(lists:duplicate(300, N rem 256)),
            F = float(N) * 1.5,
            Keep1 = case N rem 100 of
                        0 -> [{element(7, T), byte_size(B), F} | lists:sublist(Keep, 50)];
                        _ -> Keep
                    end,
            loop(Deadline, N + 1, Keep1)
    end.
