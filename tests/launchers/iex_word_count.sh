# The word count typed into iex writes out.txt as on erl.
elixirc "$LAB/word_count.ex" </dev/null >/dev/null
mkdir data
for i in $(seq 1 400); do echo "the quick brown fox $i jumps over the lazy dog $((i % 7)) the end"; done > data/Word_count.txt
iex
md5sum out.txt
