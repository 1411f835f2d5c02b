defmodule Lab.Slow do
  @moduledoc "Scenarios 3 and 4: a slow task, run in sequence or concurrently."
  def run(item) do
    :timer.sleep(1000)
    IO.puts("Processed #{item}")
  end
end
