# erl's shell calling the lab's Elixir code: code:add_path to Elixir's ebin, then a call.
elixirc "$LAB/hello.ex" </dev/null >/dev/null
sed "s|@ELIXIR_EBIN@|$(dirname "$(dirname "$(readlink -f "$(command -v elixir)")")")/lib/elixir/ebin|" "$CASE_INPUT" | erl
