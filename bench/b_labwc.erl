%% labwc: the lab's Lab.WordCount (erl_samples/lab/word_count.ex, Elixir) over a text of N
%% words from b_wordcount's generator, its counts written to a scratch file. Needs Elixir's
%% ebin and the lab's (build/lab_ebin) in the code path. Result: the size of the output
%% file (the same whatever order the VM's map iteration gives its lines).
-module(b_labwc).
-export([run/1]).

run(N) ->
    Text = b_wordcount:text(N),
    Path = "/tmp/hamlet-bench-labwc." ++ os:getpid(),
    ok = 'Elixir.Lab.WordCount':count_words({content, Text, list_to_binary(Path)}),
    Size = filelib:file_size(Path),
    ok = file:delete(Path),
    Size.
