# elixirc on Hamlet writes the beams elixirc writes on erl (same compiler, same source
# paths, other VM), and elixir then runs them from the current folder and through -pa.
# Lab.WordCount is compiled but not compared: its ~r regexes are stored precompiled, and
# Hamlet's re is PCRE2 with its own re:version (README, differences from the BEAM).
cp "$LAB"/hello.ex "$LAB"/fibonacci.ex "$LAB"/counter.ex "$LAB"/slow.ex "$LAB"/word_count.ex .
PATH=$REAL_PATH elixirc *.ex
mkdir on_erl && mv *.beam on_erl/
elixirc *.ex
for b in on_erl/*.beam; do
  [[ $b == *WordCount.beam ]] && continue
  if cmp -s "$b" "$(basename "$b")"; then echo "same $(basename "$b")"; else echo "differs $(basename "$b")"; fi
done
elixir -e 'Lab.Hello.run'
mkdir ebin && mv *.beam ebin/
elixir -pa ebin -e 'IO.puts Lab.Fibonacci.fib(100)'
