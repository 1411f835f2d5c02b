defmodule ReLiteral do
  # Precompiled regex literals (stored as PCRE 8.44 bytecode by elixirc on the BEAM).
  def words(text), do: String.split(text, ~r/[^a-zA-Z']+/, trim: true)

  def more do
    [
      String.split("a  b\tc\n", ~r/\s+/, trim: true),
      Regex.run(~r/(?<year>\d{4})-(?<month>\d\d)/, "on 2024-05-17"),
      Regex.named_captures(~r/(?<year>\d{4})-(?<month>\d\d)/, "on 2024-05-17"),
      Regex.scan(~r/\w+/u, "grüße aus köln"),
      Regex.replace(~r/o/, "foo boo", "0"),
      Regex.match?(~r/^hello$/i, "HELLO"),
      String.replace("a-b_c", ~r/[-_]/, " "),
      Regex.names(~r/(?<a>x)(?<b>y)/),
      Regex.split(~r//, "abc"),
      Regex.scan(~r/a(b)?/, "ab a", return: :index)
    ]
  end
end
