%% Mini program: word frequency counter over a hard-coded text, with a
%% histogram, plus a few other text statistics.
-module(word_freq).
-export([main/0]).

text() ->
    "It was a bright cold day in April, and the clocks were striking thirteen. "
    "The hallway smelt of boiled cabbage and old rag mats. At one end of it a "
    "coloured poster, too large for indoor display, had been tacked to the wall. "
    "It depicted simply an enormous face, more than a metre wide: the face of a "
    "man of about forty-five, with a heavy black moustache and ruggedly handsome "
    "features. The flat was seven flights up, and the man who was thirty-nine "
    "and had a varicose ulcer above his right ankle, went slowly, resting "
    "several times on the way. On each landing, opposite the lift-shaft, the "
    "poster with the enormous face gazed from the wall. It was one of those "
    "pictures which are so contrived that the eyes follow you about when you move.".

main() ->
    Words = words(string:lowercase(text())),
    io:format("total words: ~b~n", [length(Words)]),
    Counts = lists:foldl(fun(W, M) -> maps:update_with(W, fun(C) -> C + 1 end, 1, M) end,
                         #{}, Words),
    io:format("distinct words: ~b~n", [map_size(Counts)]),
    Sorted = lists:sort(fun({W1, C1}, {W2, C2}) -> {-C1, W1} =< {-C2, W2} end,
                        maps:to_list(Counts)),
    io:format("~nTop 15:~n"),
    lists:foreach(
      fun({W, C}) ->
              io:format("  ~-10s ~3b ~s~n", [W, C, lists:duplicate(C, $#)])
      end, lists:sublist(Sorted, 15)),
    ByLen = lists:foldl(fun(W, M) -> maps:update_with(length(W), fun(C) -> C + 1 end, 1, M) end,
                        #{}, Words),
    io:format("~nWord lengths:~n"),
    [io:format("  ~2b: ~b~n", [L, C]) || {L, C} <- lists:sort(maps:to_list(ByLen))],
    Longest = lists:foldl(fun(W, Best) when length(W) > length(Best) -> W;
                             (_, Best) -> Best end, "", Words),
    io:format("longest word: ~s (~b)~n", [Longest, length(Longest)]),
    Letters = [C || C <- string:lowercase(text()), C >= $a, C =< $z],
    LetterCounts = lists:foldl(fun(C, T) -> setelement(C - $a + 1, T, element(C - $a + 1, T) + 1) end,
                               erlang:make_tuple(26, 0), Letters),
    io:format("letters: ~b~n", [length(Letters)]),
    Top5 = lists:sublist(lists:reverse(lists:keysort(2, lists:zip(lists:seq($a, $z),
                                                                  tuple_to_list(LetterCounts)))), 5),
    io:format("top letters: ~s~n", [string:join([io_lib:format("~c=~b", [L, N]) || {L, N} <- Top5], ", ")]),
    Sentences = [S || S <- string:lexemes(text(), "."), string:trim(S) =/= ""],
    io:format("sentences: ~b~n", [length(Sentences)]),
    lists:foreach(fun({I, S}) ->
                          T = string:trim(S),
                          io:format("  ~b. ~s...~n", [I, string:slice(T, 0, 30)])
                  end, lists:zip(lists:seq(1, length(Sentences)), Sentences)),
    Bigrams = bigrams(Words, #{}),
    TopB = lists:sublist(lists:sort(fun({B1, C1}, {B2, C2}) -> {-C1, B1} =< {-C2, B2} end,
                                    maps:to_list(Bigrams)), 5),
    io:format("top bigrams: ~p~n", [TopB]),
    ok.

words(Text) ->
    string:lexemes([case is_word_char(C) of true -> C; false -> $\s end || C <- Text], " ").

is_word_char(C) -> (C >= $a andalso C =< $z) orelse C =:= $-.

bigrams([A, B | Rest], M) ->
    bigrams([B | Rest], maps:update_with({A, B}, fun(C) -> C + 1 end, 1, M));
bigrams(_, M) -> M.
