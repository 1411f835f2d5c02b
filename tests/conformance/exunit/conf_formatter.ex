defmodule Hamlet.ConfFormatter do
  @moduledoc false
  # The conformance runner's ExUnit formatter (tests/conformance/run-exunit.sh): one line
  # per test in the file named by HAMLET_EXUNIT_RESULTS, as Erlang terms that
  # report.escript reads like the OTP stand-in's results:
  #   {start,"Module/test name"}.                     when a test starts
  #   {result,"Module/test name",Status,Ms,"reason"}. Status: passed, failed, skipped,
  #                                                   excluded
  #   done.                                           when the suite has finished
  # A line is written as soon as its event arrives, so a VM that dies leaves what it did.
  # ExUnit's own tests run suites of their own inside a test (ExUnit.run/0 with the
  # configured formatters): only the outermost run is recorded, by the instance that holds
  # the registered name; the others ignore their events.
  use GenServer

  @impl true
  def init(_opts) do
    try do
      Process.register(self(), __MODULE__)
    rescue
      ArgumentError -> {:ok, :inner_run}
    else
      true ->
        {:ok, io} = File.open(System.fetch_env!("HAMLET_EXUNIT_RESULTS"), [:append, :utf8])
        {:ok, io}
    end
  end

  @impl true
  def handle_cast(_event, :inner_run), do: {:noreply, :inner_run}

  def handle_cast({:test_started, test}, io) do
    line(io, ["{start,", str(id(test)), "}."])
    {:noreply, io}
  end

  def handle_cast({:test_finished, test}, io) do
    {status, why} = status(test.state)
    ms = div(test.time, 1000)
    line(io, ["{result,", str(id(test)), ",", status, ",", "#{ms}", ",", str(why), "}."])
    {:noreply, io}
  end

  def handle_cast({:suite_finished, _times}, io) do
    line(io, ["done."])
    {:noreply, io}
  end

  def handle_cast(_event, io), do: {:noreply, io}

  defp id(test), do: "#{inspect(test.module)}/#{test.name}"

  defp status(nil), do: {"passed", ""}
  defp status({:skipped, why}), do: {"skipped", to_text(why)}
  defp status({:excluded, why}), do: {"excluded", to_text(why)}
  defp status({:failed, failures}), do: {"failed", failures_text(failures)}

  # The tests of a module whose setup_all failed.
  defp status({:invalid, module}) do
    case module.state do
      {:failed, failures} -> {"failed", "setup_all failed: " <> failures_text(failures)}
      _ -> {"failed", "invalid"}
    end
  end

  # The first failure on one line: the exception's banner and where it was raised.
  defp failures_text([{kind, reason, stack} | _]) do
    banner =
      case reason do
        %ExUnit.AssertionError{} = e -> "** (ExUnit.AssertionError) " <> assertion(e)
        _ -> Exception.format_banner(kind, reason, stack)
      end

    at =
      case stack do
        [entry | _] -> " at " <> Exception.format_stacktrace_entry(entry)
        _ -> ""
      end

    String.slice(one_line(banner), 0, 600) <> String.slice(at, 0, 200)
  end

  defp failures_text(other), do: to_text(other)

  # An assertion's message, then its code and values when it has them.
  defp assertion(e) do
    none = ExUnit.AssertionError.no_value()

    parts =
      for {label, value, show} <- [
            {"code", e.expr, &Macro.to_string/1},
            {"left", e.left, &inspect(&1, limit: 8, printable_limit: 80)},
            {"right", e.right, &inspect(&1, limit: 8, printable_limit: 80)}
          ],
          value != none,
          do: " #{label}: " <> String.slice(one_line(show.(value)), 0, 150)

    Enum.join([e.message | parts])
  end

  defp to_text(x) when is_binary(x), do: one_line(x)
  defp to_text(x), do: one_line(inspect(x))

  defp one_line(s), do: s |> String.replace(~r/\s+/u, " ") |> String.trim()

  # An Erlang string literal (erl_scan reads the line back).
  defp str(s) do
    escaped =
      for <<c::utf8 <- s>>, into: "" do
        case c do
          ?" -> "\\\""
          ?\\ -> "\\\\"
          c when c < 32 or c == 127 -> "\\x{" <> Integer.to_string(c, 16) <> "}"
          c -> <<c::utf8>>
        end
      end

    "\"" <> escaped <> "\""
  end

  defp line(io, parts), do: IO.write(io, [parts, "\n"])
end
