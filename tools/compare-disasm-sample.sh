#!/usr/bin/env bash
# CTest entry: compares hamlet-disasm with OTP's beam_disasm on a fixed selection of
# installed beams: OTP-25-compiled stdlib/kernel modules and OTP-24-compiled Elixir ones.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
disasm=$1
otp=${OTP_ROOT:-/usr/lib/erlang}
elixir=${ELIXIR_ROOT:-/usr/lib/elixir}
files=()
for m in lists maps io_lib io_lib_format gen_server proc_lib supervisor string unicode \
         binary ets re sets dict orddict queue calendar erl_scan erl_parse beam_lib; do
  files+=("$(ls "$otp"/lib/stdlib-*/ebin/$m.beam)")
done
for m in code code_server error_handler application_controller file; do
  files+=("$(ls "$otp"/lib/kernel-*/ebin/$m.beam)")
done
for m in Elixir.Enum Elixir.String Elixir.Map Elixir.Kernel Elixir.GenServer Elixir.Task \
         Elixir.Supervisor Elixir.Regex Elixir.Inspect.Algebra Elixir.IO Elixir.Float \
         Elixir.Integer Elixir.List Elixir.Keyword Elixir.Process Elixir.Agent elixir_erl_pass \
         elixir_tokenizer Elixir.String.Tokenizer Elixir.Base Elixir.URI Elixir.Calendar.ISO; do
  files+=("$elixir/lib/elixir/ebin/$m.beam")
done
exec "$here/compare-disasm.sh" "$disasm" "${files[@]}"
