defmodule Lab.Hello do
  @moduledoc "Scenario 1: printing through IO.puts."
  def run, do: IO.puts("Hello World!")
end
