#!/usr/bin/env bash
# CTest entry: the module MD5 Hamlet computes equals beam_lib:md5/1 for a few installed
# beams of both compiler generations.
set -euo pipefail
hamlet=$1
files=(/usr/lib/erlang/lib/stdlib-*/ebin/lists.beam /usr/lib/erlang/lib/kernel-*/ebin/code.beam
       /usr/lib/elixir/lib/elixir/ebin/Elixir.Enum.beam /usr/lib/elixir/lib/elixir/ebin/Elixir.Map.beam)
expected=$(erl -noshell -eval '
  [io:format("~s~n", [binary:encode_hex(element(2, element(2, beam_lib:md5(F))))])
   || F <- init:get_plain_arguments()], halt().' -extra "${files[@]}")
got=$(for f in "${files[@]}"; do "$hamlet" --disasm "$f" | sed -n 's/^md5 //p'; done)
if [ "$expected" != "$got" ]; then
  echo "md5 mismatch"; echo "beam_lib: $expected"; echo "hamlet:   $got"; echo "0 passed, 1 failed"; exit 1
fi
echo "md5 of ${#files[@]} modules equals beam_lib:md5/1"
