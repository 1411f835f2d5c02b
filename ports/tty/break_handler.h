// ^C: erts' BREAK menu, and erl's +B flags.
//
// With the default break handler, SIGINT (^C on a terminal whose ISIG is on, which tty_sl
// leaves alone) shows
//     BREAK: (a)bort (A)bort with dump (c)ontinue (p)roc info (i)nfo
//            (l)oaded (v)ersion (k)ill (D)b-tables (d)istribution
// on standard output, with the terminal back in the settings the VM started with, and reads
// one key from standard input: a (or q, *) exits with status 0, c goes on, v prints the
// emulator version, A exits with a crash dump; a second SIGINT while the menu is up exits at
// once with status 0 (iex's "press Ctrl+C to exit"). The menu runs on the I/O thread, so no
// port reads the terminal meanwhile (erts blocks every thread); the fd driver's readers of
// standard input wait for it too (wait_while_break_menu). Processes keep running.
//   +Bi   SIGINT, SIGQUIT and SIGTSTP are ignored (system_info(break_ignored) is true);
//   +Bd   (or +B) no handler: SIGINT ends the VM (the terminal is restored first);
//   +Bc   ^C is not a signal any more (VINTR is cleared): the shell gets it as a character.
#pragma once

namespace hamlet::tty {

enum class BreakMode { Menu, Disabled, Ignored };

// At VM start, after save_initial_mode(), before other threads.
void install_break_handler(BreakMode mode, bool replace_intr);
bool break_ignored();
// For readers of standard input other than the I/O thread: while the BREAK menu is up,
// waits until it is gone and returns true (then look at the descriptor again: the menu may
// have read what was there); false at once otherwise.
bool wait_while_break_menu();

} // namespace hamlet::tty
