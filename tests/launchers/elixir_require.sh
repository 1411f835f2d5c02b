# elixir -r FILE -e EXPR, and a script file with arguments.
elixir -r "$LAB/hello.ex" -e Lab.Hello.run
elixir -r "$LAB/fibonacci.ex" -e 'IO.puts Lab.Fibonacci.fib(300)'
cat > script.exs <<'EXS'
IO.inspect(System.argv(), label: "argv")
IO.puts(Enum.sum(1..100))
EXS
elixir script.exs one two
