elixir -e 'IO.puts 1 + 1
IO.inspect(Enum.map(1..3, &(&1 * 2)))
IO.inspect(:erlang.system_info(:otp_release))
IO.inspect(System.argv())' -- a b
echo "status $?"
elixir -e 'raise "boom"'
echo "status $?"
elixir -e 'System.halt(3)'
echo "status $?"
