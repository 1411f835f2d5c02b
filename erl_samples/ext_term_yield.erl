%% term_to_binary and binary_to_term on large terms work in time slices and yield between
%% them, as on the BEAM: another process keeps running meanwhile even on one scheduler.
%% On several schedulers that would prove nothing (and an overloaded machine may not run
%% the other scheduler's thread at all meanwhile), so the sample asks for one scheduler
%% online; Hamlet does not honour that flag yet, so ctest runs this sample with +S 1. Results, options ({compressed, N},
%% {minor_version, N}, deterministic, safe, used) and errors are the same as in one go.
-module(ext_term_yield).
-export([main/0]).

main() ->
    Online = erlang:system_flag(schedulers_online, 1),
    run(),
    erlang:system_flag(schedulers_online, Online),
    ok.

run() ->
    L = lists:seq(1, 1000000),
    Nest = nest(100000),
    Small = nest(20000),
    Map = maps:from_list([{I, {I, float(I)}} || I <- lists:seq(1, 100000)]),
    encode("list", L, []),
    encode("nested tuples", Nest, []),
    encode("map", Map, []),
    encode("map, deterministic", Map, [deterministic]),
    encode("nested tuples, minor_version 0", Nest, [{minor_version, 0}]),
    encode("list, compressed", L, [compressed]),
    encode("nested tuples, compressed 1", Nest, [{compressed, 1}]),
    encode("nested tuples, compressed 9", Small, [{compressed, 9}, {minor_version, 2}]),
    encode("binaries, compressed 0", [<<I:32>> || I <- lists:seq(1, 300000)], [{compressed, 0}]),
    Tuples = tuples(600000),
    Ten = term_to_binary(Tuples),
    io:format("a binary of ~w MB~n", [byte_size(Ten) div 1000000]),
    decode("10 MB of nested tuples", Tuples, Ten, []),
    decode("list", L, term_to_binary(L), []),
    decode("map", Map, term_to_binary(Map), []),
    decode("list, compressed", L, term_to_binary(L, [compressed]), []),
    decode("nested, compressed", Small, term_to_binary(Small, [{compressed, 9}]), [used]),
    decode("list, used, trailing bytes", L, <<(term_to_binary(L))/binary, "trailing">>, [used]),
    decode("list, safe", L, term_to_binary(L), [safe]),
    NB = term_to_binary(Nest),
    decode("sub binary", Nest, binary:part(<<0, NB/binary>>, 1, byte_size(NB)), []),
    errors(L),
    ok.

nest(0) -> [];
nest(N) -> {N, [nest(N - 1), <<N:64>>, 1.5, -N * 1000000000000]}.

tuples(0) -> {};
tuples(N) -> {tuples(N - 1), N}.

%% Runs F while a counter process counts as fast as it can. On one scheduler (+S 1) the
%% counter only moves if F gives up the scheduler: erlang:yield() first, so that this
%% process starts F with a fresh time slice and is not preempted before F begins.
watch(F) ->
    Ref = atomics:new(1, []),
    Counter = spawn(fun() -> count(Ref) end),
    erlang:yield(),
    Before = atomics:get(Ref, 1),
    R = (catch F()),
    After = atomics:get(Ref, 1),
    exit(Counter, kill),
    {R, After > Before}.

count(Ref) ->
    atomics:add(Ref, 1, 1),
    count(Ref).

encode(What, T, Opts) ->
    {B, Yielded} = watch(fun() -> term_to_binary(T, Opts) end),
    io:format("term_to_binary ~s: ~w bytes, checksum ~w, head ~w, yielded ~w, back ~w~n",
              [What, byte_size(B), erlang:phash2(B), binary_to_list(binary:part(B, 0, 8)), Yielded,
               binary_to_term(B) =:= T]).

decode(What, Term, B, Opts) ->
    {T, Yielded} = watch(fun() -> binary_to_term(B, Opts) end),
    Result = case lists:member(used, Opts) of
                 true -> {element(1, T) =:= Term, element(2, T)};
                 false -> T =:= Term
             end,
    io:format("binary_to_term ~s: ~w, yielded ~w~n", [What, Result, Yielded]).

%% A failure found late (after yielding) is the same badarg, raised for the call as made.
errors(L) ->
    B = term_to_binary(L),
    Bad = <<(binary:part(B, 0, byte_size(B) - 3))/binary, 255, 0, 0>>,
    Short = binary:part(B, 0, byte_size(B) - 1),
    Packed = term_to_binary(L, [compressed]),
    lists:foreach(
      fun({What, Call, Args}) ->
              {R, Yielded} = watch(fun() ->
                                           try apply(erlang, binary_to_term, Args)
                                           catch C:E:S ->
                                                   [{M, F, A, Info} | _] = S,
                                                   {C, E, M, F, A =:= Args, Info}
                                           end
                                   end),
              io:format("~s (~s): ~w, yielded ~w~n", [What, Call, R, Yielded])
      end,
      [{"bad tag at the end", "binary_to_term/1", [Bad]},
       {"bad tag at the end", "binary_to_term/2", [Bad, [used]]},
       {"truncated", "binary_to_term/1", [Short]},
       {"truncated", "binary_to_term/2", [Short, [safe]]},
       {"truncated compressed", "binary_to_term/1", [binary:part(Packed, 0, byte_size(Packed) - 100)]},
       {"bad option", "binary_to_term/2", [B, [safe, bad]]}]).
