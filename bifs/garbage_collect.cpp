// erlang:garbage_collect/0,1,2: a full sweep of the calling process now, or of another process
// before it runs again (vm/gc.h). The caller of garbage_collect/1 waits for the other
// process's answer; with {async, ReqId} the answer comes as {garbage_collect, ReqId, Result}.
#include "bifs/bif.h"
#include "bifs/processes.h"
#include "vm/atom_table.h"
#include "vm/gc.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/signals.h"
#include "vm/term_build.h"

namespace hamlet {

namespace {

Term garbage_collect_atom() {
    static Term a = *AtomTable::global().intern("garbage_collect");
    return a;
}

// The calling process collects at the BIF's trap (emulator/ops_control.inc), where its
// registers and stack are complete, then returns true from hamlet_process:yield_return/0.
Term collect_self(Process *p) {
    p->trap_gc = true;
    return p->trap(yield_return_export(), {});
}

// async: kNonValue, or the request id of {async, ReqId}. Raises badarg (with the BEAM's
// cause, bad_option, for a malformed list or an unknown option).
bool parse_options(Process *p, Term opts, Term *async) {
    static Term bad_option = *AtomTable::global().intern("bad_option");
    static Term type = *AtomTable::global().intern("type");
    static Term major = *AtomTable::global().intern("major");
    static Term minor = *AtomTable::global().intern("minor");
    Term l = opts;
    for (; is_list(l); l = cdr(l)) {
        Term o = car(l);
        if (!is_tuple(o) || tuple_arity(o) != 2) return p->badarg_cause(bad_option), false;
        Term k = tuple_elements(o)[0], v = tuple_elements(o)[1];
        if (k == atom::async) {
            *async = v;
        } else if (k == type) {
            // A minor collection is only a hint; Hamlet always sweeps fully on request.
            if (v != major && v != minor) return p->badarg(), false;
        } else {
            return p->badarg_cause(bad_option), false;
        }
    }
    if (!is_nil(l)) return p->badarg_cause(bad_option), false;
    return true;
}

Term garbage_collect(Process *p, Term pid, Term async) {
    if (!is_local_pid(pid)) return p->badarg();
    if (pid == p->pid) {
        if (async == kNonValue) return collect_self(p);
        send_message(p->pid, make_tuple(p, {garbage_collect_atom(), async, atom::true_}));
        collect_self(p);
        return atom::async;
    }
    if (async != kNonValue) {
        send_signal(pid, SignalKind::GarbageCollect, p->pid, 0,
                    make_tuple(p, {garbage_collect_atom(), async, atom::true_}));
        return atom::async;
    }
    uint64_t id = new_ref_id();
    Term ref = make_ref(p, id);
    send_signal(pid, SignalKind::GarbageCollect, p->pid, 0, make_tuple(p, {ref, atom::true_}));
    return p->trap(await_reply_export(), {ref});
}

} // namespace

Term erlang_garbage_collect_0(Process *p, const Term *) {
    return collect_self(p);
}

Term erlang_garbage_collect_1(Process *p, const Term *args) {
    return garbage_collect(p, args[0], kNonValue);
}

Term erlang_garbage_collect_2(Process *p, const Term *args) {
    Term async = kNonValue;
    if (!parse_options(p, args[1], &async)) return kNonValue;
    return garbage_collect(p, args[0], async);
}

} // namespace hamlet
