# :crypto from Elixir, run with a plain VM command line (tests/nif/run.sh).
defmodule NifCryptoEx do
  def main do
    IO.inspect(:crypto.hash(:sha256, "abc"))
    IO.puts(Base.encode16(:crypto.hash(:sha256, "abc"), case: :lower))
    IO.inspect(:crypto.mac(:hmac, :sha, "key", "data") |> byte_size())
  end
end
