# Required by tests/conformance/run-exunit.sh after the application's test_helper.exs (which
# starts ExUnit with Elixir's own options) and before the test file: the conformance
# formatter beside the usual one, tests in a fixed order (seed 0), and on a slower VM the
# per-test timeout and assert_receive's default wait multiplied by HAMLET_EXUNIT_MULT.
mult = String.to_integer(System.get_env("HAMLET_EXUNIT_MULT", "1"))
config = ExUnit.configuration()

ExUnit.configure(
  formatters: [ExUnit.CLIFormatter, Hamlet.ConfFormatter],
  seed: 0,
  timeout: Keyword.get(config, :timeout, 60_000) * mult,
  assert_receive_timeout: Keyword.get(config, :assert_receive_timeout, 100) * mult
)
