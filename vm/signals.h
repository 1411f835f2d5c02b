// Signals between processes: sending them (any thread) and handling them (the receiver's
// own scheduler thread). See vm/mailbox.h for the queue; the BEAM's rules for links, exit
// signals, monitors and aliases are implemented here, in one place.
#pragma once

#include "vm/mailbox.h"
#include "vm/process.h"

namespace hamlet {

// ---- sending ----

// `dest ! msg`: dest is a pid, a registered name, {Name, Node} or an alias reference.
// Returns false for an unregistered name (the caller raises badarg); sending to a dead
// process or an inactive alias succeeds and does nothing, as on the BEAM.
bool send_message(Term dest, Term msg);

// Sends a signal of `kind` to the local process `to`. `term` is copied (with `spare` extra
// words reserved in its fragment for the receiver). If `to` does not exist or has exited,
// the signal is answered as a dead process answers it (a Link gets an exit signal with
// reason noproc, a Monitor a 'DOWN' with noproc, an InfoRequest the reply undefined).
void send_signal(Term to, SignalKind kind, Term from, uint64_t ref, Term term);

// Puts msg first in the message queue of a process that has not run yet (a remote spawn's
// argument list, which erts_internal:dist_spawn_init/1 receives).
void deliver_first_message(Process *p, Term msg);

// ---- handling (owner only) ----

// Handles every signal that has arrived: messages join the message queue, links and
// monitors are updated, exit signals become 'EXIT' messages or set p->pending_exit.
void handle_incoming_signals(Process *p);

// Answers a GarbageCollect, CheckProcessCode or CopyLiterals signal: its reply tuple with the
// last element replaced by `result` (true once collected, false if the process is not alive;
// the check's answer; ok), sent to the requester. Frees the signal.
void answer_gc_request(Signal *s, Term result);

// The process has finished with p->exit_reason: refuses further signals, answers those
// still queued, sends exit signals to its links and 'DOWN' to its monitors, removes it from
// the tables. The caller then drops the table's reference.
void process_exited(Process *p);

// Builds the answer to process_info(P, What) or is_process_alive (What = true) for the
// process p itself, on p's heap (bifs/process_info.cpp).
Term process_info_answer(Process *p, Term what);

// Where the VM's own log events go: the system logger (erlang:system_flag(system_logger,
// _), the process registered as logger by default; bifs/system.cpp).
Term system_logger();

// Logs as the VM itself does: {log, Level, Format, Args, Metadata} to the system logger.
// Level is error (kNonValue) or warning (erts' warnings to the logger, tag warning_msg).
void send_vm_log(Process *p, const char *format, Term args, Term level = kNonValue);

// Removes a monitor p holds (demonitor/1,2): true if it was active.
bool remove_monitor(Process *p, uint64_t ref);
// Deactivates one of p's aliases (unalias/1): true if it was active.
bool remove_alias(Process *p, uint64_t id);

} // namespace hamlet
