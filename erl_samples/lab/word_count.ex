defmodule Lab.WordCount.Supervisor do
  @moduledoc "A dynamic supervisor for word-count work."
  use DynamicSupervisor

  def start_link(arg \\ []), do: DynamicSupervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg), do: DynamicSupervisor.init(strategy: :one_for_one)
end

defmodule Lab.WordCount do
  @moduledoc "Scenario 7: word count over tasks and :rpc."

  def count_words(input, nodes \\ [Node.self()])

  def count_words({:file, path, destination}, nodes) do
    {:ok, text} = File.read(path)
    count_words({:content, text, destination}, nodes)
  end

  def count_words({:content, text, destination}, nodes) do
    text
    |> String.split(~r/[^a-zA-Z']+/, trim: true)
    |> Enum.chunk_every(128)
    |> Enum.map(&Enum.join(&1, " "))
    |> Enum.with_index()
    |> Enum.map(fn {chunk, i} ->
      node = Enum.at(nodes, rem(i, length(nodes)))
      Task.async(fn -> :rpc.call(node, Lab.WordCount, :map_chunk, [chunk]) end)
    end)
    |> Task.await_many(:infinity)
    |> Enum.reduce(%{}, fn counts, acc -> Map.merge(acc, counts, fn _word, a, b -> a + b end) end)
    |> output(destination)
  end

  def map_chunk(chunk) do
    chunk
    |> String.split(~r/\s+/, trim: true)
    |> Enum.reduce(%{}, fn word, acc -> Map.update(acc, String.downcase(word), 1, &(&1 + 1)) end)
  end

  defp output(counts, :stdio) do
    IO.inspect(counts, label: "Final Word Count")
    :ok
  end

  defp output(counts, path) do
    content = counts |> Enum.map(fn {word, count} -> "#{word}: #{count}" end) |> Enum.join("\n")
    File.write(path, content)
  end
end
