defmodule Lab.Fibonacci do
  @moduledoc "Scenario 2: Fibonacci numbers with bignums, tail-recursive."
  def fib(0), do: 0
  def fib(1), do: 1
  def fib(n), do: fib(0, 1, n - 2)

  # (previous-but-one, previous, counter): the counter runs from n-2 down to -1.
  def fib(_a, b, -1), do: b
  def fib(a, b, counter), do: fib(b, a + b, counter - 1)
end
