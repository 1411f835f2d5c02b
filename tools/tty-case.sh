#!/usr/bin/env bash
# Runs one terminal case of tests/tty with a given VM (erl, or Hamlet) in a pseudo-terminal
# (tools/pty-run.py), and writes what the terminal received to OUT.out and the exit status
# to OUT.status. The case is tests/tty/NAME.script: pty-run steps, and header lines
#   #! env VAR=VALUE   one more environment variable (default: TERM=xterm LANG=C.UTF-8;
#                      VAR= with no value unsets VAR)
#   #! args WORD...    the VM's arguments (@ELIXIR@ is Elixir's lib folder, as for iex)
#   #! cols N / #! rows N   the window (default 80 x 24)
#   #! cmd WORD...     run this command (one of Elixir's scripts, say) instead of the VM;
#                      with Hamlet, its build's bin/ (where erl is Hamlet) comes first in
#                      PATH; @LAB@ is erl_samples/lab
#   #! mask RE => S    tools/tty-mask.py replaces what RE matches by S in both transcripts
# The VM runs in an empty working directory holding a copy of tests/tty/files/, with a
# private HOME and nothing else from the caller's environment but PATH.
#   tools/tty-case.sh VM NAME OUT
set -euo pipefail
vm=$1 name=$2 out=$3
root=$(cd "$(dirname "$0")/.." && pwd)
script=$root/tests/tty/$name.script
[[ -f $script ]] || { echo "tty-case: no $script" >&2; exit 2; }
elixir=${HAMLET_ELIXIR_LIB:-/usr/lib/elixir/lib}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tty-case.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/run"
cp -r "$root/tests/tty/files/." "$scratch/run/"
# PYTHONCOERCECLOCALE=0: Python would otherwise set LC_CTYPE=C.UTF-8 for the VM when the
# case asks for the C locale (PEP 538); tools/pty-run.py removes it before the VM starts.
path=$PATH
env=(HOME="$scratch/home" TERM=xterm LANG=C.UTF-8 PYTHONCOERCECLOCALE=0)
for v in TSAN_OPTIONS ASAN_OPTIONS UBSAN_OPTIONS; do # the sanitizer builds' settings
  [[ -n ${!v:-} ]] && env+=("$v=${!v}")
done
args=() cols=80 rows=24 cmd=()
while IFS= read -r line; do
  case $line in
    "#! env "*) kv=${line#\#! env }
                if [[ $kv == *= ]]; then
                  env=($(printf '%s\n' "${env[@]}" | grep -v "^${kv}"))
                else
                  env+=("$kv")
                fi ;;
    "#! args "*) read -r -a more <<<"${line#\#! args }"
                 args+=("${more[@]//@ELIXIR@/$elixir}") ;;
    "#! cmd "*) read -r -a more <<<"${line#\#! cmd }"
                cmd+=("${more[@]//@LAB@/$root/erl_samples/lab}") ;;
    "#! cols "*) cols=${line#\#! cols } ;;
    "#! rows "*) rows=${line#\#! rows } ;;
  esac
done <"$script"
run=("$vm" "${args[@]}")
if ((${#cmd[@]})); then
  run=("${cmd[@]}")
  [[ $vm == erl ]] || path=$(dirname "$(realpath "$vm")")/bin:$PATH
fi
status=0
result=$(cd "$scratch/run" &&
  env -i PATH="$path" "${env[@]}" "$root/tools/pty-run.py" --cols "$cols" --rows "$rows" --timeout "${HAMLET_TTY_TIMEOUT:-120}" \
    "$script" "$out.out" -- "${run[@]}") || status=$?
if ((status != 0)); then
  echo "tty-case: $name did not run to its end with $vm" >&2
  exit "$status"
fi
echo "${result#status }" >"$out.status"
