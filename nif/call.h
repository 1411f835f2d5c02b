// The emulator's entry into native code: a function bound to a NIF by erlang:load_nif/2
// starts with [i_call_nif, entry] (emulator/ops_control.inc), where entry is the
// BifEntry at the head of the NIF's nif::Function (nif/nif.h).
#pragma once

#include "bifs/bif.h"
#include "vm/process.h"

namespace hamlet {

// Calls the NIF with its arguments in x[0..arity). Returns its result, or kNonValue with
// an exception recorded in p or a trap set (p->trap_export: enif_schedule_nif, or a
// dirty job that the process waits for), as a BIF does.
Term call_nif(Process *p, Term *x, const BifEntry *entry);

} // namespace hamlet

namespace hamlet {

struct Module;

// erlang:load_nif(Path, LoadInfo) for the module instance calling it (nif/load.cpp).
namespace nif {
Term load_nif(Process *p, Term path, Term load_info);
}

// A module version is forgotten by purge_module (vm/module.cpp): its NIF library, if it
// has one, gets its unload callback.
void nif_module_purged(const Module *m);

// erlang:system_info(taints): the modules that loaded a NIF library, newest first.
Term nif_taints(Process *p);

// A process has exited (vm/signals.cpp): resource monitors on it fire their down callbacks.
void nif_process_exited(Term pid);

} // namespace hamlet
