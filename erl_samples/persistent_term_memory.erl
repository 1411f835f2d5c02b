%% persistent_term:info/0's memory: the hash table's buckets (doubling when half full,
%% halving when a quarter full) and each term's literal area, as erts counts them.
-module(persistent_term_memory).
-export([main/0]).

main() ->
    #{count := C0, memory := M0} = persistent_term:info(),
    Steps = lists:foldl(
              fun(N, Acc) ->
                      ok = persistent_term:put({?MODULE, N}, lists:seq(1, N)),
                      #{count := C, memory := M} = persistent_term:info(),
                      [{C - C0, M - M0} | Acc]
              end, [], lists:seq(1, 40)),
    %% Each put adds the area of {Key, Value} (an overhead plus 2 words a list cell); when
    %% the table doubles, its new buckets too (2 words for each term it held). The count
    %% of terms there before (OTP's own) varies, so only the rule is printed.
    {_, Deltas} = lists:foldl(fun({C, M}, {{PC, PM}, Acc}) -> {{C, M}, [{C, M - PM, PC} | Acc]} end,
                              {{0, 0}, []}, lists:reverse(Steps)),
    Overheads = [D - 16 * N || {N, D, _} <- Deltas],
    Overhead = lists:min(Overheads),
    io:format("overhead ~w; every other put doubles the table: ~w~n",
              [Overhead, lists:all(fun({{N, D, PC}, O}) -> O =:= Overhead orelse
                                                            D - 16 * N - Overhead =:= 16 * (PC + C0)
                                   end, lists:zip(Deltas, Overheads))]),
    ok = persistent_term:put({?MODULE, 1}, lists:seq(1, 1)),
    #{memory := Same} = persistent_term:info(),
    ok = persistent_term:put({?MODULE, 1}, {other, value}),
    #{memory := Replaced} = persistent_term:info(),
    {_, Last} = hd(Steps),
    io:format("same value: ~w, replaced: ~w~n", [Same - M0 - Last, Replaced - M0 - Last]),
    Erased = lists:foldl(
               fun(N, Acc) ->
                       true = persistent_term:erase({?MODULE, N}),
                       #{count := C, memory := M} = persistent_term:info(),
                       [{C - C0, M - M0} | Acc]
               end, [], lists:seq(1, 40)),
    io:format("after erases: ~w~n", [hd(Erased)]),
    io:format("erase again: ~w~n", [persistent_term:erase({?MODULE, 1})]),
    ok.
