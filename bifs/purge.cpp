// The BIFs behind code purging and literal-area release (vm/purge.h): the steps that OTP's
// erts_code_purger and erts_literal_area_collector modules call, check_process_code and the
// system tasks of erts_internal:request_system_task/3,4.
#include "vm/purge.h"
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/module.h"
#include "vm/signals.h"
#include "vm/term_build.h"

namespace hamlet {

namespace {

Term notsup(Process *p) {
    static const Term kNotsup = atom_of("notsup");
    return p->error(kNotsup);
}

} // namespace

// erts_internal:purge_module(Module, prepare | prepare_on_load | complete | abort): only the
// code purger may call it (notsup for others, as in erts); badarg for a step out of turn.
Term erts_internal_purge_module_2(Process *p, const Term *args) {
    if (p->pid != code_purger_pid()) return notsup(p);
    if (!is_atom(args[0])) return p->badarg();
    static const Term kPrepare = atom_of("prepare"), kPrepareOnLoad = atom_of("prepare_on_load"),
                      kComplete = atom_of("complete"), kAbort = atom_of("abort");
    auto &table = ModuleTable::global();
    std::optional<bool> r;
    if (args[1] == kPrepare || args[1] == kPrepareOnLoad)
        r = table.purge_prepare(args[0], args[1] == kPrepareOnLoad);
    else if (args[1] == kComplete)
        r = table.purge_complete(args[0]);
    else if (args[1] == kAbort)
        r = table.purge_abort(args[0]);
    if (!r) return p->badarg();
    return *r ? atom::true_ : atom::false_;
}

// erts_internal:check_process_code(Module): the calling process's own check.
Term erts_internal_check_process_code_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    return process_runs_old_code(p, args[0]) ? atom::true_ : atom::false_;
}

namespace {

// request_system_task: the target answers {Kind, ReqId, Result} to the requester when it
// handles the request, or at once if it does not exist (false for a check or a collection).
Term request_system_task(Process *p, Term requester, Term target, Term prio, Term request) {
    static const Term kMax = atom_of("max"), kHigh = atom_of("high"), kNormal = atom_of("normal"),
                      kLow = atom_of("low"), kInherit = atom_of("inherit"),
                      kGarbageCollect = atom_of("garbage_collect"),
                      kCheckProcessCode = atom_of("check_process_code"), kMajor = atom_of("major"),
                      kMinor = atom_of("minor");
    if (!is_local_pid(target) || !is_local_pid(requester)) return p->badarg();
    if (prio != kMax && prio != kHigh && prio != kNormal && prio != kLow && prio != kInherit)
        return p->badarg();
    if (!is_tuple(request) || tuple_arity(request) != 3) return p->badarg();
    const Term *e = tuple_elements(request);
    if (e[0] == kGarbageCollect && (e[2] == kMajor || e[2] == kMinor)) {
        send_signal(target, SignalKind::GarbageCollect, requester, 0,
                    make_tuple(p, {kGarbageCollect, e[1], atom::true_}));
        return atom::ok;
    }
    if (e[0] == kCheckProcessCode && is_atom(e[2])) {
        send_signal(target, SignalKind::CheckProcessCode, requester, e[2],
                    make_tuple(p, {kCheckProcessCode, e[1], atom::false_}));
        return atom::ok;
    }
    return p->badarg();
}

} // namespace

Term erts_internal_request_system_task_3(Process *p, const Term *args) {
    return request_system_task(p, p->pid, args[0], args[1], args[2]);
}

Term erts_internal_request_system_task_4(Process *p, const Term *args) {
    return request_system_task(p, args[0], args[1], args[2], args[3]);
}

// erts_literal_area_collector:release_area_switch(): the collector's only.
Term erts_literal_area_collector_release_area_switch_0(Process *p, const Term *) {
    if (p->pid != literal_area_collector_pid()) return notsup(p);
    return switch_literal_area() ? atom::true_ : atom::false_;
}

// erts_literal_area_collector:send_copy_request(Pid, AreaId, init | check_gc | need_gc): Pid
// copies what it holds of the current area at its next full sweep, then answers
// {copy_literals, {AreaId, How, Pid}, ok} (Hamlet's process always completes in one step).
Term erts_literal_area_collector_send_copy_request_3(Process *p, const Term *args) {
    if (p->pid != literal_area_collector_pid()) return notsup(p);
    static const Term kInit = atom_of("init"), kCheckGc = atom_of("check_gc"),
                      kNeedGc = atom_of("need_gc"), kCopyLiterals = atom_of("copy_literals");
    if (!is_local_pid(args[0]) || (args[2] != kInit && args[2] != kCheckGc && args[2] != kNeedGc))
        return p->badarg();
    Term id = make_tuple(p, {args[1], args[2], args[0]});
    send_signal(args[0], SignalKind::CopyLiterals, p->pid,
                reinterpret_cast<uint64_t>(current_literal_areas()),
                make_tuple(p, {kCopyLiterals, id, atom::ok}));
    return atom::ok;
}

} // namespace hamlet
