%% wordcount: counts the words of a generated text of N words. The text is a binary built
%% from a 2,000-word vocabulary picked by a linear congruential generator (deterministic:
%% the same text on every VM); it is split at spaces and newlines and counted into a map.
%% Result: {distinct words, count of the most frequent word, total words}.
-module(b_wordcount).
-export([run/1, text/1]).

run(N) ->
    Text = text(N),
    Words = binary:split(Text, [<<" ">>, <<"\n">>], [global, trim_all]),
    Counts = lists:foldl(fun(W, M) -> maps:update_with(W, fun(C) -> C + 1 end, 1, M) end,
                         #{}, Words),
    {map_size(Counts), lists:max(maps:values(Counts)), length(Words)}.

%% N words, 12 to a line.
text(N) -> iolist_to_binary(words(N, 42, [])).

words(0, _, Acc) -> Acc;
words(N, Seed, Acc) ->
    Next = (Seed * 1103515245 + 12345) band 16#7FFFFFFF,
    Sep = case N rem 12 of 0 -> <<"\n">>; _ -> <<" ">> end,
    words(N - 1, Next, [word((Next bsr 8) rem 2000), Sep | Acc]).

%% Word K of the vocabulary: K in base 26, letters a-z, at least two letters.
word(K) -> list_to_binary(letters(K + 26, [])).

letters(0, Acc) -> Acc;
letters(K, Acc) -> letters(K div 26, [$a + K rem 26 | Acc]).
