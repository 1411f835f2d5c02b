-module(long_bifs).
-export([main/0]).
%% Long BIFs give up their scheduler between slices of work instead of holding it: each
%% runs in this process while a counter process keeps counting, and the counter must
%% advance while the BIF runs. With one scheduler that only happens if the BIF yields:
%% the sample asks for one (the test also runs Hamlet with +S 1, as Hamlet keeps its
%% scheduler count). Results and errors must be erl's: printed as sizes, hashes and error
%% shapes (never timings), with the stack trace's arguments hashed.

main() ->
    erlang:system_flag(schedulers_online, 1),
    C = atomics:new(1, []),
    Counter = spawn(fun() -> count(C) end),
    wait_counting(C),
    lists:foreach(fun({Name, F}) -> report(Name, measure(C, F)) end, cases()),
    reductions(),
    current_functions(),
    Counter ! stop,
    ok.

count(C) ->
    atomics:add(C, 1, 1),
    receive stop -> ok after 0 -> count(C) end.

wait_counting(C) ->
    case atomics:get(C, 1) of
        0 -> erlang:yield(), wait_counting(C);
        _ -> ok
    end.

%% Runs F with a fresh time slice: nothing but F can give up the scheduler between the
%% two readings of the counter (atomics:get/2 is a BIF: calling it is no place to yield,
%% even when F has used up the time slice).
measure(C, F) ->
    erlang:yield(),
    N0 = atomics:get(C, 1),
    R = try {ok, F()} catch Class:Reason:Stack -> {Class, Reason, Stack} end,
    N1 = atomics:get(C, 1),
    {R, N1 > N0}.

report(Name, {R, Advanced}) ->
    io:format("~s: ~p, counter advanced: ~p~n", [Name, describe(R), Advanced]).

describe({ok, V}) -> summary(V);
describe({Class, Reason, Stack}) -> {Class, summary(Reason), [frame(F) || F <- Stack]}.

frame({M, F, Args, Loc}) when is_list(Args) -> {M, F, [summary(A) || A <- Args], Loc};
frame(F) -> F.

%% Small terms as they are, others by kind, size and hash.
summary(T) when is_list(T) ->
    case cells(T, 0) of
        N when N > 8 -> {list, N, erlang:phash2(T)};
        _ -> summary_cells(T)
    end;
summary(T) when is_binary(T), byte_size(T) > 16 -> {binary, byte_size(T), erlang:phash2(T)};
summary(T) when is_bitstring(T), bit_size(T) > 128 -> {bitstring, bit_size(T), erlang:phash2(T)};
summary(T) when is_tuple(T), tuple_size(T) > 8 -> {tuple, tuple_size(T), erlang:phash2(T)};
summary(T) when is_tuple(T) -> list_to_tuple([summary(E) || E <- tuple_to_list(T)]);
summary(T) -> T.

%% Each fun is one BIF call on inputs made beforehand (Erlang code in the fun would give
%% up the scheduler by itself).
cases() ->
    N = 300000,
    L = lists:seq(1, N),
    Tuples = [{X} || X <- L],
    Improper = L ++ tail,
    %% '--' on 100000 elements: erts yields there too.
    M = lists:seq(1, 100000),
    MR = lists:reverse(M),
    Odd = lists:seq(1, 100000, 2),
    Dups = [X rem 1000 || X <- M],
    DupsPart = lists:sublist(Dups, 30000),
    ManyDups = DupsPart ++ DupsPart,
    %% -1 is not in Dups: the whole of it is searched (erts stops when nothing is left to remove).
    FewDups = lists:sublist(Dups, 50000, 2000) ++ [-1],
    Mixed = [case X rem 4 of 0 -> X; 1 -> float(X); 2 -> {X}; 3 -> integer_to_list(X) end || X <- M],
    Floats = [float(X) || X <- lists:seq(1, 100000, 3)],
    Deep = [[X rem 256, <<"ab">>, [[]], [<<"cdefgh">> | <<"ij">>]] || X <- lists:seq(1, 100000)],
    Bits = [<<X:3>> || X <- lists:seq(1, 100000)],
    BadBits = [Bits | Bits] ++ [x],
    Bin = binary:copy(<<"abcdefghij">>, 100000),
    Big = binary:copy(Bin, 3),
    Small = binary:copy(<<"abcdefghij">>, 30000),
    [{"lists:reverse/1", fun() -> lists:reverse(L) end},
     {"lists:member/2", fun() -> lists:member(0, L) end},
     {"lists:keyfind/3", fun() -> lists:keyfind(N, 1, Tuples) end},
     {"++", fun() -> L ++ L end},
     {"improper ++ L", fun() -> Improper ++ L end},
     {"[] ++ L", fun() -> [] ++ L end},
     %% erlang:'--'/2: a multiset of the right side, a scan of a short side, duplicates
     %% (the first ones go), exact equality (1 and 1.0 differ), errors after many slices.
     {"M -- reverse(M)", fun() -> M -- MR end},
     {"M -- odd", fun() -> M -- Odd end},
     {"L -- short", fun() -> L -- [5, 7, 7, 100000, -1] end},
     {"short -- L", fun() -> [5, 7, 7, 100000, -1, 5] -- L end},
     {"dups -- dups", fun() -> Dups -- FewDups end},
     {"dups -- many dups", fun() -> Dups -- ManyDups end},
     {"mixed -- floats", fun() -> Mixed -- Floats end},
     {"improper -- L", fun() -> Improper -- L end},
     {"L -- improper", fun() -> L -- Improper end},
     {"short -- improper", fun() -> [1, 2, 3] -- Improper end},
     {"improper -- short", fun() -> Improper -- [1, 2] end},
     %% length/1: compiled code, a guard, and through apply.
     {"length/1", fun() -> length(L) end},
     {"length/1 in a guard", fun() -> guard_length(L) end},
     {"length/1 in a guard, improper", fun() -> guard_length(Improper) end},
     {"length/1, improper", fun() -> length(Improper) end},
     {"apply length/1", fun() -> apply(erlang, length, [L]) end},
     {"apply length/1, improper", fun() -> apply(erlang, length, [Improper]) end},
     %% iolists
     {"iolist_to_binary/1", fun() -> iolist_to_binary(Deep) end},
     {"list_to_binary/1", fun() -> list_to_binary(Deep) end},
     {"binary:list_to_bin/1", fun() -> binary:list_to_bin(Deep) end},
     {"iolist_size/1", fun() -> iolist_size(Deep) end},
     {"list_to_bitstring/1", fun() -> list_to_bitstring([Bits, <<"x">> | Deep]) end},
     {"iolist_to_binary/1, big binaries", fun() -> iolist_to_binary([Big, [Big | Big]]) end},
     {"list_to_bitstring/1, big bitstrings", fun() -> <<_:1, B7/bitstring>> = Big, list_to_bitstring([B7, <<1:1>> | B7]) end},
     {"iolist_to_binary/1, bad at the end", fun() -> iolist_to_binary([Deep, 256]) end},
     {"list_to_binary/1, bad tail", fun() -> list_to_binary([Deep | foo]) end},
     {"iolist_size/1, bad at the end", fun() -> iolist_size([Deep | [[[-1]]]]) end},
     {"list_to_bitstring/1, bad at the end", fun() -> list_to_bitstring(BadBits) end},
     {"iolist_to_binary/1, bitstring", fun() -> iolist_to_binary([Deep, <<1:1>>]) end},
     %% binaries to lists
     {"binary_to_list/1", fun() -> binary_to_list(Big) end},
     {"binary_to_list/3", fun() -> binary_to_list(Big, 7, 2900007) end},
     {"bitstring_to_list/1", fun() -> bitstring_to_list(<<Big/binary, 5:3>>) end},
     %% the binary module
     {"binary:match/2, none", fun() -> binary:match(Bin, <<"x">>) end},
     {"binary:match/2, at the end", fun() -> binary:match(<<Bin/binary, "xyz">>, <<"yz">>) end},
     {"binary:match/3, scope", fun() -> binary:match(Bin, [<<"jax">>, <<"ja">>], [{scope, {999990, -999000}}]) end},
     {"binary:match/3, none in scope", fun() -> binary:match(Bin, [<<"jax">>, <<"x">>], [{scope, {100, 999000}}]) end},
     {"binary:matches/2", fun() -> binary:matches(Bin, <<"j">>) end},
     {"binary:matches/2, several", fun() -> binary:matches(Bin, [<<"ij">>, <<"cd">>, <<"cde">>]) end},
     {"binary:split/3, global", fun() -> binary:split(Bin, <<"e">>, [global]) end},
     {"binary:split/3, trim_all", fun() -> binary:split(<<Bin/binary, "jjj">>, <<"j">>, [global, trim_all]) end},
     {"binary:split/2, none", fun() -> binary:split(Bin, <<"jj">>) end},
     {"binary:replace/4", fun() -> binary:replace(Bin, <<"c">>, <<"CC">>, [global]) end},
     {"binary:copy/2", fun() -> binary:copy(<<"xyz">>, 2000000) end},
     {"binary:copy/2, long", fun() -> binary:copy(Bin, 5) end},
     {"binary:copy/2, unaligned", fun() -> <<_:3, U/binary>> = <<0:3, Bin/binary>>, binary:copy(U, 3) end},
     %% re: a global run yields between matches
     {"re:run/3, global", fun() -> re:run(Small, "[ej]", [global]) end},
     {"re:run/3, none", fun() -> re:run(Bin, "x") end},
     {"re:split/3", fun() -> re:split(Small, "e", [{return, binary}]) end},
     {"re:replace/4", fun() -> re:replace(Small, "ab", "-", [global, {return, binary}]) end}].

summary_cells([H | T]) -> [summary(H) | summary_cells(T)];
summary_cells([]) -> [];
summary_cells(Tail) -> summary(Tail).

%% List cells, of a proper or improper list.
cells([_ | T], N) -> cells(T, N + 1);
cells(_, N) -> N.

guard_length(L) when length(L) > 5 -> long;
guard_length(_) -> short_or_improper.

%% Long BIFs charge reductions for their work (F is one BIF call: a plain call costs one).
reductions() ->
    L = lists:seq(1, 100000),
    R = lists:reverse(L),
    Bin = binary:copy(<<"abc">>, 200000),
    IoList = [[X rem 256 || X <- L] | [Bin]],
    Charged = [charged(F) || F <- [fun() -> L -- R end,
                                   fun() -> iolist_to_binary(IoList) end,
                                   fun() -> binary:matches(Bin, <<"b">>) end]],
    io:format("reductions charged: ~p~n", [Charged]).

charged(F) ->
    {reductions, R0} = process_info(self(), reductions),
    F(),
    {reductions, R1} = process_info(self(), reductions),
    R1 - R0 > 10000.

%% While a process is in the middle of a long BIF, process_info(P, current_function)
%% names the BIF or its continuation (erts' trap functions), as on the BEAM.
current_functions() ->
    L = lists:seq(1, 300000),
    Short = lists:seq(1, 100000),
    R = lists:reverse(Short),
    Deep = [[X rem 256, <<"ab">>] || X <- L],
    Deep2 = [Deep, Deep],
    Bin = binary:copy(<<"abcdefghij">>, 400000),
    [io:format("current_function in ~s: ~p~n", [Name, seen(F)])
     || {Name, F} <- [{"--", fun() -> Short -- R end},
                      {"++", fun() -> L ++ R end},
                      {"length", fun() -> length(L) end},
                      {"iolist_to_binary", fun() -> iolist_to_binary(Deep) end},
                      {"iolist_size", fun() -> iolist_size(Deep2) end},
                      {"binary:matches", fun() -> binary:matches(Bin, <<"j">>) end},
                      {"binary:copy", fun() -> binary:copy(Bin, 5) end},
                      {"binary_to_list", fun() -> binary_to_list(Bin) end}]].

%% The functions a worker running F is seen in (other than this module's own).
seen(F) ->
    Self = self(),
    W = spawn(fun() -> Self ! {ready, self()}, receive go -> ok end, F(), Self ! {done, self()} end),
    receive {ready, W} -> ok end,
    W ! go,
    Seen = sample(W, []),
    lists:usort([MFA || {M, _, _} = MFA <- Seen, M =/= ?MODULE]).

sample(W, Acc) ->
    receive
        {done, W} -> Acc
    after 0 ->
        case process_info(W, current_function) of
            {current_function, MFA} -> sample(W, [MFA | Acc]);
            undefined -> Acc
        end
    end.
