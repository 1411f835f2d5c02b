// The terminal's settings as the VM found them, and putting them back on every way out.
//
// erts saves standard input's terminal settings when it starts and restores them when it
// exits (sys_tty_reset), because the tty_sl driver puts the terminal in raw mode (no line
// editing, no echo, no output processing) and a VM that ends without undoing that leaves the
// user's shell unusable. Hamlet does the same on each path out of the process:
//   - a normal end (halt/0,1, init:stop, the last process gone): vm/main.cpp calls
//     restore_initial_mode() after the ports' output is written;
//   - the BREAK menu's (a)bort and a second ^C (ports/tty/break_handler.cpp);
//   - a fatal signal (SIGSEGV, SIGABRT from a failed check, SIGTERM, SIGHUP...): handlers
//     installed once the terminal has been changed restore it, then the signal takes its
//     previous course (the default action, or a sanitizer's handler).
#pragma once

#include <termios.h>

namespace hamlet::tty {

// At VM start, before other threads exist: remembers fd 0's settings if it is a terminal.
void save_initial_mode();
// The settings save_initial_mode() found; false if fd 0 was not a terminal.
bool initial_mode(termios *out);
// The terminal is being changed (tty_sl's raw mode, +Bc): from now on every exit path puts
// the initial settings back. Installs the fatal-signal handlers the first time.
void note_mode_changed();
// Whether anything changed the terminal since the VM started (erts' "not oldshell").
bool mode_changed();
// Puts fd 0's initial settings back if something changed them. Async-signal-safe.
void restore_initial_mode();

} // namespace hamlet::tty
