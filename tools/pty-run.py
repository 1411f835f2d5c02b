#!/usr/bin/env python3
"""Runs a command in a pseudo-terminal and types into it like a person, recording the bytes.

    tools/pty-run.py [--cols 80] [--rows 24] [--timeout 120] SCRIPT OUT -- CMD [ARGS...]

The command starts in a new pseudo-terminal of COLS x ROWS (the window size is set on the
terminal before the command runs) as its controlling terminal, with the caller's
environment (set TERM, LANG... there). SCRIPT is a list of steps, one a line (blank lines
and lines starting with '#' are skipped):

    expect REGEX   wait until the output after the previous match matches REGEX (a Python
                   regular expression over bytes: \\r, \\n, \\xNN, \\( work)
    send TEXT      write TEXT to the terminal in one write (escapes as in Python strings:
                   \\r is Enter, \\x03 is ^C, \\x07 is ^G, \\t is Tab, \\x1b[D is left...)
    mode raw       wait until the terminal is in raw mode (canonical mode off), as a
                   program that has just set it; "mode cooked" for canonical mode on (the
                   terminal's settings have no event to wait for: they are looked at every
                   10 ms until the timeout); after eof, checks what the command left
    resize C R     give the terminal C columns and R rows (the command gets SIGWINCH)
    eof            wait until the command has closed the terminal and exited

Every byte the command wrote to the terminal goes to OUT; its exit status (or 128+N for a
signal N) is printed on standard output as "status N". A step that waits never sleeps for a
fixed time: it returns as soon as the awaited output or exit has happened, and fails after
TIMEOUT seconds (then what was seen is printed on standard error and the exit status is 3).
"""
import argparse
import codecs
import errno
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time


def unescape(text):
    return codecs.decode(text, "unicode_escape").encode("latin-1")


def parse_script(path):
    steps = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            if word == "expect":
                steps.append(("expect", re.compile(rest.encode("utf-8"))))
            elif word == "send":
                steps.append(("send", unescape(rest)))
            elif word == "mode" and rest in ("raw", "cooked"):
                steps.append(("mode", rest == "raw"))
            elif word == "resize" and len(rest.split()) == 2:
                steps.append(("resize", tuple(int(n) for n in rest.split())))
            elif word == "eof":
                steps.append(("eof", None))
            else:
                sys.exit(f"{path}:{lineno}: unknown step {word!r}")
    return steps


class Session:
    def __init__(self, argv, cols, rows):
        pid, fd = pty.fork()
        if pid == 0:
            try:
                # Set only so that Python left LC_CTYPE alone (PEP 538): not the command's.
                os.environ.pop("PYTHONCOERCECLOCALE", None)
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.execvp(argv[0], argv)
            except OSError as e:
                os.write(2, f"pty-run: cannot run {argv[0]}: {e}\n".encode())
            os._exit(127)
        self.pid, self.fd = pid, fd
        self.out = bytearray()
        self.closed = False
        self.status = None

    def read_some(self, deadline):
        """Reads what is available, waiting until the deadline; False at the deadline."""
        if self.closed:
            return False
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([self.fd], [], [], left)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            data = b""
        if not data:  # the slave side is closed everywhere: the command has gone
            self.closed = True
            return True
        self.out += data
        return True

    def wait_exit(self, deadline):
        while not self.closed:
            if not self.read_some(deadline):
                return False
        # The terminal is closed: wait for the process itself (a pidfd is readable once
        # it has exited).
        pidfd = os.pidfd_open(self.pid)
        try:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([pidfd], [], [], left)[0]:
                return False
        finally:
            os.close(pidfd)
        _, status = os.waitpid(self.pid, 0)
        self.status = (os.WEXITSTATUS(status) if os.WIFEXITED(status)
                       else 128 + os.WTERMSIG(status))
        return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("script")
    ap.add_argument("out")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        ap.error("no command")
    steps = parse_script(a.script)
    s = Session(cmd, a.cols, a.rows)
    mark = 0  # where the next expect starts looking
    failed = None
    for i, (kind, arg) in enumerate(steps):
        deadline = time.monotonic() + a.timeout
        if kind == "send":
            os.write(s.fd, arg)
        elif kind == "expect":
            while True:
                m = arg.search(bytes(s.out), mark)
                if m:
                    mark = m.end()
                    break
                if not s.read_some(deadline):
                    failed = f"step {i + 1}: expect {arg.pattern!r}"
                    break
        elif kind == "mode":
            # After eof this checks the settings the command left on the terminal.
            while bool(termios.tcgetattr(s.fd)[3] & termios.ICANON) == arg:
                if time.monotonic() >= deadline or s.closed:
                    failed = f"step {i + 1}: mode {'raw' if arg else 'cooked'}"
                    break
                # Keep reading what comes meanwhile, for at most 10 ms at a time.
                s.read_some(min(deadline, time.monotonic() + 0.01))
        elif kind == "resize":
            cols, rows = arg
            fcntl.ioctl(s.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        elif kind == "eof":
            if not s.wait_exit(deadline):
                failed = f"step {i + 1}: eof"
        if failed:
            break
    if failed is None and s.status is None:
        # The script ended without eof: end the command.
        os.kill(s.pid, signal.SIGKILL)
        s.wait_exit(time.monotonic() + a.timeout)
    with open(a.out, "wb") as f:
        f.write(s.out)
    if failed:
        if s.status is None:
            os.kill(s.pid, signal.SIGKILL)
        sys.stderr.write(f"pty-run: timed out at {failed}; output after the last match:\n"
                         f"{bytes(s.out[mark:])!r}\n")
        sys.exit(3)
    print(f"status {s.status}")


if __name__ == "__main__":
    main()
