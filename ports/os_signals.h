// Operating-system signals as erts delivers them to Erlang code.
//
// erts catches SIGTERM and SIGUSR1 (and SIGQUIT when ^C has its break handler) and sends
// {notify, Signal} to the process registered as erl_signal_server, whose default handler
// (kernel's erl_signal_handler) answers sigterm with init:stop(), sigusr1 with a crash dump
// and sigquit with halt(); with no such process the signal is dropped. os:set_signal/2
// makes a signal handled that way, ignored, or given back its default action.
// The handler only writes the signal's number to a pipe; a thread of ours reads it and
// the I/O thread sends the message.
#pragma once

#include "vm/term.h"

namespace hamlet {

// At VM start, after the break handler (which decides SIGQUIT's fate: handled with the
// BREAK menu, ignored with +Bi, default with +Bd).
void os_signals_init(bool quit_handled);

// sigaction with `handler` (or SIG_DFL, SIG_IGN), an empty mask and SA_RESTART: how the VM
// installs every signal handler of its own.
void set_signal_handler(int number, void (*handler)(int));

// os:set_signal(Signal, How): false when Signal is not one erts lets Erlang set.
// How is handle, ignore or default.
bool os_set_signal(Term signal, Term how);

} // namespace hamlet
