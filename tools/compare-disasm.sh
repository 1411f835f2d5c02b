#!/usr/bin/env bash
# Cross-check Hamlet's loader/disassembler against OTP's beam_disasm.
#
# usage: tools/compare-disasm.sh HAMLET_DISASM_BINARY FILE.beam...
#
# For every FILE, `HAMLET_DISASM_BINARY --canonical FILE` must print exactly
# what tools/beam_disasm_canonical.escript prints for it (the same canonical
# instruction listing, derived from beam_disasm:file/1).  Prints one line per
# file:
#   ok PATH N instructions
#   DIFF PATH ...            followed by a few indented lines saying why
# then a summary line "N passed, M failed".  Exit status 1 if any file
# failed (including files the reference escript cannot handle), 2 on usage
# errors.  Set DIFF_LINES to change how many diff lines are shown (default 12).
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 HAMLET_DISASM_BINARY FILE.beam..." >&2
    exit 2
fi
hamlet=$1
shift
if [ ! -x "$hamlet" ]; then
    echo "$0: $hamlet: not an executable" >&2
    exit 2
fi
escript_path="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/beam_disasm_canonical.escript"
diff_lines=${DIFF_LINES:-12}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/compare-disasm.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ref" "$tmp/got"

# One erl start-up for all files: the escript writes ref/<N>.txt (or
# ref/<N>.err) for the N-th file.  Its exit status only says whether some
# file failed, which is reported per file below.
escript "$escript_path" -o "$tmp/ref" "$@"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
    echo "$0: reference escript failed (status $rc)" >&2
    exit 2
fi

indent() { sed 's/^/  /'; }

passed=0
failed=0
n=0
for f in "$@"; do
    n=$((n + 1))
    ref="$tmp/ref/$n.txt"
    got="$tmp/got/$n.txt"
    err="$tmp/got/$n.err"
    if [ -e "$tmp/ref/$n.err" ]; then
        echo "DIFF $f"
        { printf 'reference (beam_disasm) failed: '; head -c 2000 "$tmp/ref/$n.err"; } | indent
        failed=$((failed + 1))
        continue
    fi
    "$hamlet" --canonical "$f" >"$got" 2>"$err"
    hrc=$?
    if [ $hrc -ne 0 ]; then
        echo "DIFF $f"
        { echo "hamlet-disasm exited with status $hrc"; head -n 5 "$err"; } | indent
        failed=$((failed + 1))
        continue
    fi
    if cmp -s "$ref" "$got"; then
        echo "ok $f $(wc -l <"$ref") instructions"
        passed=$((passed + 1))
    else
        nd=$(diff "$ref" "$got" | grep -c '^[<>]')
        echo "DIFF $f (expected $(wc -l <"$ref") lines, got $(wc -l <"$got"); $nd differing line(s); - expected, + hamlet)"
        diff -U0 "$ref" "$got" | tail -n +3 | head -n "$diff_lines" | indent
        if [ -s "$got" ] && [ -n "$(tail -c 1 "$got")" ]; then
            echo "  (hamlet output does not end with a newline)"
        fi
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
