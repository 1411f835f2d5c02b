// The tracing BIFs: erlang:trace/3 (erts_internal:trace/3), trace_pattern/3
// (erts_internal:trace_pattern/3), trace_info/2, trace_delivered/1 and system_monitor/0,1,2.
// Argument checking and results as erts gives them; the work is in vm/trace.cpp and
// vm/system_monitor.cpp.
#include "vm/trace.h"
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/match_spec.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/signals.h"
#include "vm/system_monitor.h"
#include "vm/term_build.h"

namespace hamlet {

namespace {

struct Atoms {
    Term tracer = atom_of("tracer"), all = atom_of("all"), processes = atom_of("processes"),
         existing = atom_of("existing"), existing_processes = atom_of("existing_processes"),
         new_ = atom_of("new"), new_processes = atom_of("new_processes"), ports = atom_of("ports"),
         existing_ports = atom_of("existing_ports"), new_ports = atom_of("new_ports"),
         cpu_timestamp = atom_of("cpu_timestamp"), flags = atom_of("flags"),
         badopt = atom_of("badopt"), underscore = atom_of("_"), global = atom_of("global"),
         local = atom_of("local"), meta = atom_of("meta"), call_count = atom_of("call_count"),
         call_time = atom_of("call_time"), restart = atom_of("restart"), pause = atom_of("pause"),
         trace_delivered = atom_of("trace_delivered"), on_load = atom_of("on_load");
};
const Atoms &atoms() {
    static const Atoms a;
    return a;
}

// The flag list of trace/3: false when it is not one.
bool parse_flags(Term list, uint32_t *mask, Term *tracer, bool *cpu_ts) {
    for (; is_list(list); list = cdr(list)) {
        Term item = car(list);
        if (uint32_t bit = trace::flag_of(item)) {
            *mask |= bit;
        } else if (item == atoms().cpu_timestamp) {
            *cpu_ts = true;
        } else if (is_tuple(item) && tuple_arity(item) == 2 &&
                   tuple_elements(item)[0] == atoms().tracer &&
                   is_local_pid(tuple_elements(item)[1])) {
            *tracer = tuple_elements(item)[1];
        } else {
            return false;
        }
    }
    return is_nil(list);
}

} // namespace

Term erts_internal_trace_3(Process *p, const Term *args) {
    const Atoms &a = atoms();
    uint32_t mask = 0;
    Term tracer = kNonValue;
    bool cpu_ts = false;
    if (!parse_flags(args[2], &mask, &tracer, &cpu_ts)) return p->badarg_cause(a.badopt);
    bool on;
    if (args[1] == atom::true_) {
        on = true;
        if (tracer == kNonValue) tracer = p->pid;
    } else if (args[1] == atom::false_) {
        on = false;
    } else {
        return p->badarg();
    }
    if (on && !ProcessTable::global().lookup(tracer)) return p->badarg();
    Term spec = args[0];
    // cpu_timestamp is a switch of the whole runtime: only with all (as erts).
    if (cpu_ts && spec != a.all) return p->badarg();
    if (cpu_ts && on) trace::set_cpu_timestamp(true);
    if (is_local_pid(spec)) {
        ProcessRef t = ProcessTable::global().lookup(spec);
        if (!t) return p->badarg();
        if (!trace::set_process_tracing(t.get(), on, mask, tracer)) return p->badarg();
        return make_small(1);
    }
    if (is_local_port(spec)) return make_small(1); // ports are not traced (README)
    bool existing =
        spec == a.all || spec == a.existing || spec == a.processes || spec == a.existing_processes;
    bool fresh = spec == a.all || spec == a.new_ || spec == a.processes || spec == a.new_processes;
    bool ports_only = spec == a.ports || spec == a.existing_ports || spec == a.new_ports;
    if (!existing && !fresh && !ports_only) return p->badarg();
    int64_t n = 0;
    if (existing && mask) {
        for (Term pid : ProcessTable::global().all_pids()) {
            ProcessRef t = ProcessTable::global().lookup(pid);
            if (t && trace::set_process_tracing(t.get(), on, mask, tracer)) ++n;
        }
    }
    if (fresh) trace::set_new_tracing(on, mask, tracer);
    if (cpu_ts && !on) trace::set_cpu_timestamp(false);
    return make_small(n);
}

Term erlang_trace_info_2(Process *p, const Term *args) {
    const Atoms &a = atoms();
    Term spec = args[0], item = args[1];
    static const Term kSend = atom_of("send"), kReceive = atom_of("receive"),
                      kMatchSpec = atom_of("match_spec");
    if (spec == a.on_load) {
        Term r = trace::on_load_info(p, item);
        return r == kNonValue ? p->badarg() : r;
    }
    if (spec == kSend || spec == kReceive) {
        if (item != kMatchSpec) return p->badarg();
        return make_tuple(p, {item, trace::event_pattern_info(p, spec == kSend)});
    }
    if (is_tuple(spec) && tuple_arity(spec) == 3) {
        const Term *e = tuple_elements(spec);
        if (!is_atom(e[0]) || !is_atom(e[1]) || !is_small(e[2]) || small_value(e[2]) < 0)
            return p->badarg();
        Term r = trace::function_info(p, e[0], e[1], uint32_t(small_value(e[2])), item);
        return r == kNonValue ? p->badarg() : r;
    }
    if (item != a.flags && item != a.tracer) return p->badarg();
    uint32_t flags = 0;
    Term tracer = kNonValue;
    if (spec == a.new_ || spec == a.new_processes) {
        trace::new_tracing(&flags, &tracer);
    } else if (is_local_pid(spec)) {
        ProcessRef t = ProcessTable::global().lookup(spec);
        if (!t) return atom::undefined;
        flags = trace::flags_of(t.get());
        tracer = t->tracer.load(std::memory_order_acquire);
        if (tracer != kNonValue && !ProcessTable::global().lookup(tracer)) {
            flags = 0;
            tracer = kNonValue;
        }
    } else if (is_local_port(spec) || spec == a.new_ports) {
        // ports are not traced
    } else {
        return p->badarg_cause(a.badopt);
    }
    if (item == a.tracer) return make_tuple(p, {item, tracer == kNonValue ? kNil : tracer});
    // In erts' order.
    static const uint32_t kOrder[] = {trace::kRunningProcs, trace::kRunningPorts, trace::kPorts,
                                      trace::kSchedulerId,  trace::kSilent,       trace::kReturnTo,
                                      trace::kArity,        trace::kGc,           trace::kExiting,
                                      trace::kRunning,      trace::kSol1,         trace::kSol,
                                      trace::kSos1,         trace::kProcs,        trace::kCall,
                                      trace::kSos,          trace::kReceive,      trace::kSend,
                                      trace::kMonTs,        trace::kStrictMonTs,  trace::kNowTs};
    Term res = kNil;
    for (size_t i = std::size(kOrder); i-- > 0;)
        if (flags & kOrder[i]) res = make_cons(p, trace::flag_atom(kOrder[i]), res);
    return make_tuple(p, {item, res});
}

Term erts_internal_trace_pattern_3(Process *p, const Term *args) {
    // Checked in erts' order, each failure with its cause: the specification, the flags,
    // then the function pattern.
    const Atoms &a = atoms();
    static const Term kMatchSpec = atom_of("match_spec"), kNone = atom_of("none");
    trace::PatternRequest r;
    Term mfa = args[0], ms = args[1];
    bool has_ms = false;
    static const Term kSend = atom_of("send"), kReceive = atom_of("receive");
    MsEvent event = mfa == kSend      ? MsEvent::Send
                    : mfa == kReceive ? MsEvent::Receive
                                      : MsEvent::Call;
    int on = 1; // erts' 0 off, 1 on, 2 restart, 3 pause
    if (ms == atom::true_) {
        r.ms = kNil;
    } else if (ms == atom::false_) {
        r.enable = false;
        on = 0;
    } else if (ms == a.restart || ms == a.pause) {
        r.count_restart = ms == a.restart;
        r.count_pause = ms == a.pause;
        on = ms == a.restart ? 2 : 3;
    } else {
        MatchSpec check;
        if (!is_list(ms) && !is_nil(ms)) return p->badarg_cause(kMatchSpec);
        MsStatus status = check.compile(ms, true, nullptr, event);
        if (status == MsStatus::TooDeep) return p->system_limit(); // as erts
        if (status != MsStatus::Ok) return p->badarg_cause(kMatchSpec);
        r.ms = ms;
        has_ms = true;
    }
    Term l = args[2];
    for (; is_list(l); l = cdr(l)) {
        Term f = car(l);
        if (is_tuple(f)) {
            if (!(tuple_arity(f) == 2 && tuple_elements(f)[0] == a.meta &&
                  is_local_pid(tuple_elements(f)[1])))
                return p->badarg_cause(a.badopt);
            r.meta = true;
            r.meta_tracer = tuple_elements(f)[1];
        } else if (f == a.global) {
            if (r.local || r.meta || r.call_count || r.call_time) return p->badarg_cause(a.badopt);
            r.global = true;
        } else if (f == a.local || f == a.meta || f == a.call_count || f == a.call_time) {
            if (r.global) return p->badarg_cause(a.badopt);
            if (f == a.local) r.local = true;
            if (f == a.meta) {
                r.meta = true;
                if (r.meta_tracer == kNonValue) r.meta_tracer = p->pid;
            }
            if (f == a.call_count) r.call_count = true;
            if (f == a.call_time) r.call_time = true;
        } else {
            return p->badarg_cause(a.badopt);
        }
    }
    if (!is_nil(l)) return p->badarg_cause(a.badopt);
    if (has_ms && !r.local && !r.meta && (r.call_count || r.call_time))
        return p->badarg_cause(a.call_count);
    if (mfa == a.on_load) {
        trace::set_on_load_pattern(r, on);
        return make_small(0);
    }
    if (mfa == kSend || mfa == kReceive) {
        // Event patterns take no flags and no call_count states.
        if (r.global || r.local || r.meta || r.call_count || r.call_time || on > 1)
            return p->badarg_cause(kNone);
        trace::set_event_pattern(mfa == kSend, on != 0, r.ms);
        return make_small(1);
    }
    if (!is_tuple(mfa) || tuple_arity(mfa) != 3) return p->badarg_cause(kNone);
    const Term *e = tuple_elements(mfa);
    // {M, F, A} with '_' only at the end: {M, '_', '_'}, {'_', '_', '_'}.
    if (!is_atom(e[0]) || !is_atom(e[1])) return p->badarg_cause(kNone);
    if (e[2] != a.underscore && !is_small(e[2])) return p->badarg_cause(kNone);
    if (e[0] == a.underscore && (e[1] != a.underscore || e[2] != a.underscore))
        return p->badarg_cause(kNone);
    if (e[1] == a.underscore && e[2] != a.underscore) return p->badarg_cause(kNone);
    r.module = e[0] == a.underscore ? kNonValue : e[0];
    r.function = e[1] == a.underscore ? kNonValue : e[1];
    r.arity = e[2] == a.underscore ? -1 : small_value(e[2]);
    if (!r.local && !r.meta && !r.call_count && !r.call_time) r.global = true;
    if ((r.count_restart || r.count_pause) && !r.call_count && !r.call_time) {
        r.count_restart = r.count_pause = false; // other kinds of trace take them as "on"
    }
    return make_small(trace::set_pattern(r));
}

Term erlang_trace_delivered_1(Process *p, const Term *args) {
    // Trace messages go straight to their tracer's queue: those generated so far are
    // delivered already.
    if (!is_local_pid(args[0]) && args[0] != atoms().all) return p->badarg();
    Term ref = make_ref(p, new_ref_id());
    send_message(p->pid, make_tuple(p, {atoms().trace_delivered, args[0], ref}));
    return ref;
}

Term erlang_system_monitor_0(Process *p, const Term *) {
    return sysmon::get(p);
}

// system_monitor(undefined | {MonitorPid, Options}).
Term erlang_system_monitor_1(Process *p, const Term *args) {
    Term spec = args[0];
    Term r = kNonValue;
    if (spec == atom::undefined)
        r = sysmon::set(p, spec, kNil);
    else if (is_tuple(spec) && tuple_arity(spec) == 2)
        r = sysmon::set(p, tuple_elements(spec)[0], tuple_elements(spec)[1]);
    return r == kNonValue ? p->badarg() : r;
}

Term erlang_system_monitor_2(Process *p, const Term *args) {
    Term r = sysmon::set(p, args[0], args[1]);
    return r == kNonValue ? p->badarg() : r;
}

} // namespace hamlet
