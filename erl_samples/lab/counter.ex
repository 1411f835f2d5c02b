defmodule Lab.Counter do
  @moduledoc "Scenario 5: a GenServer counter that can be told to crash."
  use GenServer

  def start_link(initial \\ 0), do: GenServer.start_link(__MODULE__, initial, name: __MODULE__)
  def read, do: GenServer.call(__MODULE__, :read)
  def increment, do: GenServer.cast(__MODULE__, :increment)
  def crash, do: GenServer.cast(__MODULE__, :crash)

  @impl true
  def init(initial), do: {:ok, initial}

  @impl true
  def handle_call(:read, _from, value), do: {:reply, value, value}

  @impl true
  def handle_cast(:increment, value), do: {:noreply, value + 1}
  def handle_cast(:crash, _value), do: raise("Boom! (I was told to crash)")
end

defmodule Lab.Counter.Supervisor do
  @moduledoc "Scenario 6: the counter under a one_for_one supervisor."
  use Supervisor

  def start_link(initial \\ 0), do: Supervisor.start_link(__MODULE__, initial, name: __MODULE__)

  @impl true
  def init(initial), do: Supervisor.init([{Lab.Counter, initial}], strategy: :one_for_one)
end
