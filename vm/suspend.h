// erlang:suspend_process/1,2 and resume_process/1: suspensions held by a suspender and
// counted by the suspendee, as erts keeps them. The suspender owns a count per suspendee
// (Process::suspending); the suspendee learns of each suspender by a Suspend signal, stops
// being scheduled while any suspender holds it (ProcessStatus::Suspended), and answers
// synchronous requests only once it has stopped running. Signals other than messages still
// wake a suspended process long enough to handle them (an exit signal still kills it).
#pragma once

#include "vm/atom_table.h"
#include "vm/mailbox.h"
#include "vm/process.h"

#include <vector>

namespace hamlet {

// The suspender of a process that called a fun of code being purged: the purge's end
// resumes it (vm/module.h suspend_until_purged).
constexpr Term kPurgeSuspender = atom::erts_code_purger;

// erts_internal:suspend_process/2: true, false, a reference to wait for ({Ref, Result}
// arrives once the process has stopped), or the atom badarg / badopt (erlang.erl raises).
Term suspend_request(Process *caller, Term pid, Term options);
// erlang:resume_process/1: false if the caller does not suspend pid (badarg).
bool resume_request(Process *caller, Term pid);

// ---- the suspendee (owner only; vm/signals.cpp and vm/scheduler.cpp) ----
void on_suspend(Process *p, Signal *s);      // SignalKind::Suspend: takes s
void on_resume(Process *p, Signal *s);       // SignalKind::Resume: takes s
void on_sync_suspend(Process *p, Signal *s); // SignalKind::SyncSuspend: takes s
// A Suspend or SyncSuspend signal that reached a dead process (frees s).
void bounce_suspend(Signal *s);
inline bool is_suspended(const Process *p) {
    return !p->suspended_by.empty();
}
// The replies to synchronous requests, taken out under the mailbox lock when the scheduler
// has parked the process, and sent afterwards: `parked` says whether it stopped suspended.
Signal *take_suspend_replies(Process *p);
void send_suspend_replies(Signal *list, bool parked);
// At exit: pending requests are answered as by an exiting process, and the suspensions the
// process held are released.
void suspend_process_exited(Process *p);

// process_info(P, suspending): [{Suspendee, ActiveCount, OutstandingCount}].
Term suspending_info(Process *p);

} // namespace hamlet
