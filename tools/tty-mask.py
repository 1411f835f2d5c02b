#!/usr/bin/env python3
"""Compares two terminal transcripts (tools/tty-case.sh) after masking what varies.

    tools/tty-mask.py EXPECTED ACTUAL [SCRIPT]

Masked in both: the banner's "[smp:N:N] [ds:N:N:N]" (the machine's cores) and erl's
" [jit:ns]" (Hamlet is an interpreter; its banner is otherwise erl's), pids, references and
port numbers; and each "#! mask REGEX => TEXT" line of the case's SCRIPT. On a difference, both are shown line by line (Python's notation, the line
ends kept) from the first differing line, and the exit status is 1.
"""
import re
import sys

MASKS = [
    (rb"\[smp:\d+:\d+\] \[ds:\d+:\d+:\d+\]", b"[smp:N:N] [ds:N:N:N]"),
    (rb" \[jit(:[a-z]+)?\]", b""),
    (rb"<\d+\.\d+\.\d+>", b"<PID>"),
    (rb"#Ref<[\d.]+>", b"#Ref<REF>"),
    (rb"#Port<\d+\.\d+>", b"#Port<PORT>"),
]


def mask(data, extra=()):
    for pattern, repl in list(MASKS) + list(extra):
        data = re.sub(pattern, repl, data)
    return data


def main():
    extra = []
    if len(sys.argv) > 3:
        for line in open(sys.argv[3], "rb"):
            if line.startswith(b"#! mask "):
                pattern, _, repl = line[len(b"#! mask "):].rstrip(b"\n").partition(b" => ")
                extra.append((pattern, repl))
    expected = mask(open(sys.argv[1], "rb").read(), extra)
    actual = mask(open(sys.argv[2], "rb").read(), extra)
    if expected == actual:
        return 0
    e_lines = expected.splitlines(keepends=True)
    a_lines = actual.splitlines(keepends=True)
    first = 0
    while first < min(len(e_lines), len(a_lines)) and e_lines[first] == a_lines[first]:
        first += 1
    print(f"transcripts differ from line {first + 1} (masked; expected, then actual):")
    for i in range(first, min(first + 12, max(len(e_lines), len(a_lines)))):
        e = e_lines[i] if i < len(e_lines) else b"<none>"
        a = a_lines[i] if i < len(a_lines) else b"<none>"
        mark = "  " if e == a else "! "
        print(f"{mark}e {e!r}\n{mark}a {a!r}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
