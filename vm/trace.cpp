// Tracing: process events, trace messages and call-trace breakpoints (see vm/trace.h).
#include "vm/trace.h"

#include "dist/node.h"
#include "emulator/emulator.h"
#include "vm/atom_table.h"
#include "vm/bits.h"
#include "vm/copy.h"
#include "vm/match_spec.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/scheduler.h"
#include "vm/signals.h"
#include "vm/term_build.h"
#include "vm/term_print.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

namespace hamlet::trace {

namespace {

// Flag names in the order erts lists them in trace_info(_, flags) (last first).
struct FlagName {
    uint32_t bit;
    const char *name;
};
const FlagName kFlagNames[] = {
    {kRunningProcs, "running_procs"},
    {kRunningPorts, "running_ports"},
    {kPorts, "ports"},
    {kSchedulerId, "scheduler_id"},
    {kSilent, "silent"},
    {kReturnTo, "return_to"},
    {kArity, "arity"},
    {kGc, "garbage_collection"},
    {kExiting, "exiting"},
    {kRunning, "running"},
    {kSol1, "set_on_first_link"},
    {kSol, "set_on_link"},
    {kSos1, "set_on_first_spawn"},
    {kProcs, "procs"},
    {kCall, "call"},
    {kSos, "set_on_spawn"},
    {kReceive, "receive"},
    {kSend, "send"},
    {kMonTs, "monotonic_timestamp"},
    {kStrictMonTs, "strict_monotonic_timestamp"},
    {kNowTs, "timestamp"},
};

struct Atoms {
    Term trace = atom_of("trace"), trace_ts = atom_of("trace_ts"), send = atom_of("send"),
         send_to_non_existing_process = atom_of("send_to_non_existing_process"),
         receive = atom_of("receive"), call = atom_of("call"), return_from = atom_of("return_from"),
         exception_from = atom_of("exception_from"), spawn = atom_of("spawn"),
         spawned = atom_of("spawned"), link = atom_of("link"),
         getting_linked = atom_of("getting_linked"), exit = atom_of("exit"),
         nanosecond = atom_of("nanosecond"), underscore = atom_of("_");
};
const Atoms &atoms() {
    static const Atoms a;
    return a;
}

// trace(all, true, [cpu_timestamp]): timestamps are the threads' CPU time.
std::atomic<bool> g_cpu_timestamp{false};

const BifEntry *bif(const char *name, unsigned arity) {
    return find_bif(atom::erlang, atom_of(name), arity);
}

// The timestamp the flags ask for, or kNonValue; timestamp wins over
// strict_monotonic_timestamp, which wins over monotonic_timestamp (as in erts).
Term timestamp(Process *p, uint32_t flags) {
    if (flags & kNowTs) {
        if (g_cpu_timestamp.load(std::memory_order_relaxed)) {
            // cpu_timestamp: the CPU time of the thread, as {Mega, Sec, Micro}
            timespec ts{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            int64_t us = int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
            return make_tuple(p, {make_small(us / 1000000000000),
                                  make_small(us / 1000000 % 1000000), make_small(us % 1000000)});
        }
        static const BifEntry *now = bif("now", 0);
        return now->function(p, nullptr);
    }
    if (flags & (kMonTs | kStrictMonTs)) {
        static const BifEntry *mono = bif("monotonic_time", 1);
        Term unit = atoms().nanosecond;
        Term t = mono->function(p, &unit);
        if (!(flags & kStrictMonTs)) return t;
        static const BifEntry *unique = bif("unique_integer", 1);
        Term opts = make_cons(p, atom_of("monotonic"), kNil);
        return make_tuple(p, {t, unique->function(p, &opts)});
    }
    return kNonValue;
}

// Whether p's tracer is alive; a dead tracer's tracee loses its tracing (as erts finds out
// when it next has something to send).
Term live_tracer(Process *p) {
    Term t = p->tracer.load(std::memory_order_acquire);
    if (t == kNonValue) return kNonValue;
    if (ProcessTable::global().lookup(t)) return t;
    p->trace_flags.fetch_and(kExceptionFrames, std::memory_order_relaxed);
    p->tracer.compare_exchange_strong(t, kNonValue);
    return kNonValue;
}

// {trace, Pid, Tag, Args...} (or trace_ts with the timestamp last) about `subject` to its
// tracer, built on the heap of `builder` (the process running: the subject itself, or a
// process acting on it, such as one registering it).
// tracer: the subject's tracer as it was before a match specification changed it (else
// kNonValue: the present one).
void emit_as(Process *builder, Process *subject, Term tag, std::initializer_list<Term> args,
             Term tracer = kNonValue, Term extra = kNonValue) {
    // process_flag(sensitive, true): nothing is traced (a field of the subject's own)
    if (builder == subject && subject->sensitive) return;
    if (tracer == kNonValue) tracer = live_tracer(subject);
    // No trace messages go to a process about itself (erl_tracer's enabled/3 discards them).
    if (tracer == kNonValue || tracer == subject->pid) return;
    Process *p = builder;
    uint32_t flags = flags_of(subject);
    Term ts = timestamp(p, flags);
    size_t n =
        3 + args.size() + (extra != kNonValue) + ((flags & kSchedulerId) != 0) + (ts != kNonValue);
    Term t = alloc_tuple(p, n);
    Term *e = tuple_elements(t);
    e[0] = ts != kNonValue ? atoms().trace_ts : atoms().trace;
    e[1] = subject->pid;
    e[2] = tag;
    size_t i = 3;
    for (Term a : args)
        e[i++] = a;
    if (extra != kNonValue) e[i++] = extra;
    if (flags & kSchedulerId) e[i++] = make_small(SWord(std::max(1u, current_scheduler_id())));
    if (ts != kNonValue) e[i] = ts;
    send_message(tracer, t);
}

void emit(Process *p, Term tag, std::initializer_list<Term> args, Term tracer = kNonValue,
          Term extra = kNonValue) {
    emit_as(p, p, tag, args, tracer, extra);
}

// ---- default tracing of new processes ----
std::mutex g_new_mutex;
std::atomic<uint32_t> g_new_flags{0};
Term g_new_tracer = kNonValue; // guarded by g_new_mutex

} // namespace

void set_cpu_timestamp(bool on) {
    g_cpu_timestamp.store(on, std::memory_order_relaxed);
}

Term flag_atom(uint32_t bit) {
    for (const FlagName &f : kFlagNames)
        if (f.bit == bit) return atom_of(f.name);
    return kNonValue;
}

uint32_t flag_of(Term a) {
    if (!is_atom(a)) return 0;
    if (a == atom_of("all")) {
        uint32_t all = 0;
        for (const FlagName &f : kFlagNames)
            all |= f.bit;
        return all;
    }
    std::string_view text = AtomTable::global().text(a);
    for (const FlagName &f : kFlagNames)
        if (text == f.name) return f.bit;
    return 0;
}

bool set_process_tracing(Process *p, bool on, uint32_t mask, Term tracer) {
    constexpr uint32_t kUser = ~kExceptionFrames;
    Term current = p->tracer.load(std::memory_order_acquire);
    if (tracer != kNonValue && (flags_of(p) & kUser) && current != kNonValue && current != tracer &&
        ProcessTable::global().lookup(current))
        return false; // traced by another tracer still alive
    uint32_t flags = on ? flags_of(p) | mask : flags_of(p) & ~mask;
    if ((flags & kUser) == 0)
        p->tracer.store(kNonValue, std::memory_order_release);
    else if (tracer != kNonValue)
        p->tracer.store(tracer, std::memory_order_release);
    p->trace_flags.store(flags, std::memory_order_release);
    return true;
}

void set_new_tracing(bool on, uint32_t mask, Term tracer) {
    std::lock_guard lock(g_new_mutex);
    uint32_t flags = on ? g_new_flags.load() | mask : g_new_flags.load() & ~mask;
    if (flags == 0)
        g_new_tracer = kNonValue;
    else if (tracer != kNonValue)
        g_new_tracer = tracer;
    g_new_flags.store(flags, std::memory_order_release);
}

void new_tracing(uint32_t *flags, Term *tracer) {
    std::lock_guard lock(g_new_mutex);
    if (g_new_tracer != kNonValue && !ProcessTable::global().lookup(g_new_tracer)) {
        // the tracer died: new processes are no longer traced
        g_new_tracer = kNonValue;
        g_new_flags.store(0, std::memory_order_release);
    }
    *flags = g_new_flags.load();
    *tracer = g_new_tracer;
}

// ---- process events ----

void procs(Process *p, Term what, Term arg) {
    emit(p, what, {arg});
}

void procs_of(Process *running, Term pid, Term what, Term arg) {
    if (pid == running->pid) {
        if (flags_of(running) & kProcs) emit(running, what, {arg});
        return;
    }
    if (!is_local_pid(pid)) return;
    ProcessRef o = ProcessTable::global().lookup(pid);
    if (o && (flags_of(o.get()) & kProcs)) emit_as(running, o.get(), what, {arg});
}

bool spawn_tracing_possible(const Process *parent) {
    return (parent && (flags_of(parent) & ~kExceptionFrames)) ||
           g_new_flags.load(std::memory_order_relaxed) != 0;
}

void spawned(Process *parent, Process *child, Term module, Term function, Term args, bool link) {
    uint32_t pf = parent ? flags_of(parent) & ~kExceptionFrames : 0;
    Term ptracer = parent ? live_tracer(parent) : kNonValue;
    if (ptracer == kNonValue) pf = 0;
    // The child's tracing: its parent's with set_on_spawn (once with set_on_first_spawn),
    // else that of new processes.
    uint32_t cf = 0;
    Term ctracer = kNonValue;
    if (pf & kSos) {
        cf = pf;
        ctracer = ptracer;
    } else if (pf & kSos1) {
        cf = (pf & ~kSos1);
        ctracer = ptracer;
        parent->trace_flags.fetch_and(~kSos1, std::memory_order_relaxed);
    } else if (link && (pf & (kSol | kSol1))) {
        // spawn_link: set_on_link passes the flags on as link/1 does
        cf = pf & ~kSol1;
        ctracer = ptracer;
        if (pf & kSol1) parent->trace_flags.fetch_and(~kSol1, std::memory_order_relaxed);
    } else {
        new_tracing(&cf, &ctracer);
    }
    if (cf && ctracer != kNonValue) {
        child->tracer.store(ctracer, std::memory_order_relaxed);
        child->trace_flags.store(cf, std::memory_order_release);
    }
    if (pf & kProcs) {
        // args live on the parent's heap.
        emit(parent, atoms().spawn, {child->pid, make_tuple(parent, {module, function, args})});
    }
    if (cf & kProcs) {
        size_t words = copy_size(args);
        Term a = words ? copy_term(args, child->alloc(words), child->off_heap) : args;
        emit(child, atoms().spawned,
             {parent ? parent->pid : atom::undefined, make_tuple(child, {module, function, a})});
    }
    if (link && parent) {
        if (pf & kProcs) emit(parent, atoms().link, {child->pid});
        if (cf & kProcs) emit(child, atoms().getting_linked, {parent->pid});
    }
}

void linked(Process *p, Term other) {
    uint32_t f = flags_of(p);
    if (f & kProcs) emit(p, atoms().link, {other});
    if (f & (kSol | kSol1)) {
        ProcessRef o = ProcessTable::global().lookup(other);
        Term tracer = live_tracer(p);
        if (o && tracer != kNonValue) {
            uint32_t of = f & ~kExceptionFrames;
            if (f & kSol1) {
                of &= ~kSol1;
                p->trace_flags.fetch_and(~kSol1, std::memory_order_relaxed);
            }
            set_process_tracing(o.get(), true, of, tracer);
        }
    }
}

void scheduled(Process *p, bool in) {
    static const Term kIn = atom_of("in"), kOut = atom_of("out");
    static const Term kShim = atom_of("hamlet_process");
    Term where = make_small(0);
    const Word *at = p->pc;
    Module *m = ModuleTable::global().module_at(at);
    if (m && m->name == kShim && p->stop < p->hend) {
        // Trapped into the shim (erlang:yield/0 and friends), where erts is still in the
        // BIF's caller: the caller's function.
        at = reinterpret_cast<const Word *>(p->stop[0]);
        m = ModuleTable::global().module_at(at);
    }
    if (const FunctionInfo *fi = m ? m->function_at(at) : nullptr) {
        where = make_tuple(p, {m->name, fi->name, make_small(SWord(fi->arity))});
    } else if (!m && at && at[0] == op_word(Op::i_call_bif_stub)) {
        // a long BIF waiting for its next slice at its export stub: the BIF, as in erts
        auto *bif = reinterpret_cast<const BifEntry *>(at[1]);
        where = make_tuple(p, {bif->module, bif->name, make_small(SWord(bif->arity))});
    }
    emit(p, in ? kIn : kOut, {where});
}

void exited(Process *p, Term reason) {
    emit(p, atoms().exit, {reason});
}

// ---- call tracing ----

// A match specification kept for a trace point, with its own copy of the term.
struct StoredMs {
    HeapFragment *memory = nullptr;
    Term term = kNil;
    MatchSpec ms;
    ~StoredMs() {
        if (memory) HeapFragment::destroy(memory);
    }
};

struct TracePoint {
    Term m, f;
    uint32_t arity;
    Word *entry;                  // the function's first instruction word
    Word original = 0;            // what the local breakpoint replaced
    Export *exp = nullptr;        // a global point's export entry
    const Word *target = nullptr; // ... and the address it had
    Word stub[2];                 // the trampoline [i_trace_global, this]
    bool local = false, global = false, meta = false, counting = false;
    std::shared_ptr<const StoredMs> ms, meta_ms; // nullptr: no specification
    Term meta_tracer = kNonValue;
    std::atomic<int64_t> count{0};
    bool count_paused = false;
    // call_time: calls and time per process (pid -> item), kept after the process ends.
    std::atomic<bool> timing{false}, time_paused{false};
    std::mutex times_mutex;
    struct TimeItem {
        int64_t count = 0, ns = 0;
    };
    std::unordered_map<Term, TimeItem> times; // guarded by times_mutex
    bool patched() const { return local || meta || counting || timing.load(); }
};

namespace {

std::shared_mutex g_points_mutex;
// Every function that ever had a point, by its entry address. Points are never freed: a
// process may be inside a handler with one, or have it in a return-trace frame.
std::unordered_map<const Word *, TracePoint *> g_points;

std::shared_ptr<const StoredMs> store_ms(Term ms, MsEvent event = MsEvent::Call) {
    if (is_nil(ms)) return nullptr;
    auto s = std::make_shared<StoredMs>();
    size_t words = copy_size(ms);
    if (words) {
        s->memory = HeapFragment::create(words);
        s->term = copy_term(ms, s->memory->data, s->memory->off_heap);
        s->memory->used = words;
    } else {
        s->term = ms;
    }
    s->ms.compile(s->term, true, nullptr, event);
    return s;
}

// ---- send and 'receive' events, and their trace patterns ----

// trace_pattern(send | 'receive', ...): on (erts' default) with no specification.
struct EventPattern {
    std::mutex mutex;
    bool on = true;
    std::shared_ptr<const StoredMs> ms;
};
EventPattern g_send_pattern, g_receive_pattern;

// What process_dump() gives: erts' text dump of the process, here its first lines.
Term process_dump(Process *p) {
    std::string text = "=proc:" + display_text(p->pid) + "\nState: Running\n";
    return make_binary(p, text.data(), text.size());
}

// Runs the event's specification on args: false when no message is to go; *extra: what
// message(M) gave, the message's extra element (kNonValue: none).
bool event_passes(Process *p, EventPattern &ev, Term args, Term *extra) {
    std::shared_ptr<const StoredMs> ms;
    {
        std::lock_guard lock(ev.mutex);
        if (!ev.on) return false;
        ms = ev.ms;
    }
    *extra = kNonValue;
    if (!ms) return true;
    MsTraceActions acts;
    acts.process_dump = process_dump(p);
    Term result;
    if (!ms->ms.run(p, args, false, &result, &acts)) return false;
    if (acts.silent == 1)
        p->trace_flags.fetch_or(kSilent, std::memory_order_relaxed);
    else if (acts.silent == 0)
        p->trace_flags.fetch_and(~kSilent, std::memory_order_relaxed);
    if (acts.message == atom::false_ || (flags_of(p) & kSilent)) return false;
    if (acts.message != atom::true_) *extra = acts.message;
    return true;
}

} // namespace

void send(Process *p, Term dest, Term msg) {
    Term extra;
    if (!event_passes(p, g_send_pattern, make_term_list(p, {dest, msg}), &extra)) return;
    bool exists = true;
    if (is_local_pid(dest)) exists = bool(ProcessTable::global().lookup(dest));
    emit(p, exists ? atoms().send : atoms().send_to_non_existing_process, {msg, dest}, kNonValue,
         extra);
}

void receive(Process *p, Term from, Term msg) {
    // The specification sees [Node, Sender, Msg]: the sender's node and pid, or the atom
    // standing for the runtime (clock_service) and undefined.
    Term node = this_node(), sender = atom::undefined;
    if (is_atom(from))
        node = from;
    else if (is_local_pid(from))
        sender = from;
    Term extra;
    if (!event_passes(p, g_receive_pattern, make_term_list(p, {node, sender, msg}), &extra)) return;
    emit(p, atoms().receive, {msg}, kNonValue, extra);
}

void set_event_pattern(bool send, bool on, Term ms) {
    EventPattern &ev = send ? g_send_pattern : g_receive_pattern;
    std::shared_ptr<const StoredMs> stored =
        on ? store_ms(ms, send ? MsEvent::Send : MsEvent::Receive) : nullptr;
    std::lock_guard lock(ev.mutex);
    ev.on = on;
    ev.ms = std::move(stored);
}

Term event_pattern_info(Process *p, bool send) {
    EventPattern &ev = send ? g_send_pattern : g_receive_pattern;
    std::shared_ptr<const StoredMs> ms;
    {
        std::lock_guard lock(ev.mutex);
        if (!ev.on) return atom::false_;
        ms = ev.ms;
    }
    if (!ms) return atom::true_;
    size_t words = copy_size(ms->term);
    return words ? copy_term(ms->term, p->alloc(words), p->off_heap) : ms->term;
}

// ---- trace_pattern(on_load, ...): kept as erts keeps it (erts_default_*) ----

namespace {
struct OnLoadPattern {
    bool is_on = false;
    bool breakpoint = false, local = false, meta = false, call_count = false, call_time = false;
    std::shared_ptr<const StoredMs> ms, meta_ms;
    Term meta_tracer = kNonValue;
};
std::mutex g_on_load_mutex;
OnLoadPattern g_on_load; // guarded by g_on_load_mutex
} // namespace

void set_on_load_pattern(const PatternRequest &r, int on) {
    std::shared_ptr<const StoredMs> ms = on ? store_ms(r.ms) : nullptr;
    bool bp = r.local || r.meta || r.call_count || r.call_time;
    std::lock_guard lock(g_on_load_mutex);
    OnLoadPattern &d = g_on_load;
    if (r.local || !bp) d.ms = ms;
    if (r.meta) {
        d.meta_ms = ms;
        d.meta_tracer = r.meta_tracer;
    } else if (!bp) {
        d.meta_ms = nullptr;
        d.meta_tracer = kNonValue;
    }
    if (d.breakpoint && bp) {
        if (on) {
            d.local |= r.local;
            d.meta |= r.meta;
            d.call_count |= on == 1 && r.call_count;
            d.call_time |= on == 1 && r.call_time;
        } else {
            if (r.local) d.local = false;
            if (r.meta) d.meta = false;
            if (r.call_count) d.call_count = false;
            if (r.call_time) d.call_time = false;
            d.breakpoint = d.local || d.meta || d.call_count || d.call_time;
            if (!d.breakpoint) d.is_on = false;
        }
    } else if (!d.breakpoint && !bp) {
        d.is_on = on != 0;
    } else if (d.breakpoint && !bp) {
        if (on) {
            d.local = d.meta = d.call_count = d.call_time = d.breakpoint = false;
            d.is_on = true;
        }
    } else if (on) {
        d.local = r.local;
        d.meta = r.meta;
        d.call_count = on == 1 && r.call_count;
        d.call_time = on == 1 && r.call_time;
        d.breakpoint = d.local || d.meta || d.call_count || d.call_time;
        d.is_on = d.breakpoint;
    }
}

Term on_load_info(Process *p, Term item) {
    static const Term traced = atom_of("traced"), match_spec = atom_of("match_spec"),
                      meta = atom_of("meta"), meta_match_spec = atom_of("meta_match_spec"),
                      call_count = atom_of("call_count"), call_time = atom_of("call_time"),
                      all = atom_of("all"), global = atom_of("global"), local = atom_of("local");
    std::lock_guard lock(g_on_load_mutex);
    const OnLoadPattern &d = g_on_load;
    if (!d.is_on) return make_tuple(p, {item, atom::false_});
    auto ms_term = [&](const std::shared_ptr<const StoredMs> &s) -> Term {
        if (!s) return kNil;
        size_t words = copy_size(s->term);
        return words ? copy_term(s->term, p->alloc(words), p->off_heap) : s->term;
    };
    Term tr = !d.breakpoint ? global : d.local ? local : atom::false_;
    Term ms = (d.local || !d.breakpoint) ? ms_term(d.ms) : atom::false_;
    Term mt = d.meta ? d.meta_tracer : atom::false_;
    Term mms = d.meta ? ms_term(d.meta_ms) : atom::false_;
    Term v;
    if (item == all) {
        Term l = kNil;
        l = make_cons(p, make_tuple(p, {call_count, d.call_count ? atom::true_ : atom::false_}), l);
        l = make_cons(p, make_tuple(p, {meta_match_spec, mms}), l);
        l = make_cons(p, make_tuple(p, {meta, mt}), l);
        l = make_cons(p, make_tuple(p, {match_spec, ms}), l);
        l = make_cons(p, make_tuple(p, {traced, tr}), l);
        return make_tuple(p, {item, l});
    }
    if (item == traced)
        v = tr;
    else if (item == match_spec)
        v = ms;
    else if (item == meta)
        v = mt;
    else if (item == meta_match_spec)
        v = mms;
    else if (item == call_count)
        v = d.call_count ? atom::true_ : atom::false_;
    else if (item == call_time)
        v = d.call_time ? atom::true_ : atom::false_;
    else
        return kNonValue;
    return make_tuple(p, {item, v});
}

namespace {

// A match context passed along a binary-matching loop shows as the rest of its binary, as
// erts shows it; the context keeps its position.
Term rest_of(Process *p, Term ctx) {
    Word *w = boxed_ptr(ctx);
    Word offset = w[2];
    Term rest = bs_get_tail(p, ctx);
    w[2] = offset;
    return rest;
}

Term args_list(Process *p, const Term *x, uint32_t arity) {
    Term l = kNil;
    for (uint32_t i = arity; i-- > 0;)
        l = make_cons(p, is_match_ctx(x[i]) ? rest_of(p, x[i]) : x[i], l);
    return l;
}

Term mfa_tuple(Process *p, const TracePoint *tp) {
    return make_tuple(p, {tp->m, tp->f, make_small(SWord(tp->arity))});
}

// The return address under the trace frames on top of the stack (erts skips them for
// caller() and the return_to decision too); *return_to: a return-to frame was among them.
const Word *real_cp(const Word *stack, const Word *end, bool *return_to) {
    const Word rt = reinterpret_cast<Word>(return_trace_address(false));
    const Word et = reinterpret_cast<Word>(return_trace_address(true));
    const Word tt = reinterpret_cast<Word>(return_time_address());
    const Word to = reinterpret_cast<Word>(return_to_address());
    const Word mr = reinterpret_cast<Word>(return_trace_address(false, true));
    const Word me = reinterpret_cast<Word>(return_trace_address(true, true));
    const Word *w = stack;
    while (w < end) {
        if (*w == rt || *w == et || *w == tt || *w == mr || *w == me) {
            w += 2;
        } else if (*w == to) {
            *return_to = true;
            w += 1;
        } else {
            return reinterpret_cast<const Word *>(*w);
        }
    }
    return nullptr;
}

// {Class, Value} of the exception being raised, as exception_from shows it: a throw that
// no catch will handle is already error:{nocatch, Value} (erts converts it first).
Term exception_value(Process *p) {
    static const Term kThrow = atom_of("throw"), kNocatch = atom_of("nocatch");
    if (p->exc_class == ExcClass::Throw && p->catches <= 0)
        return make_tuple(p, {atom::error, make_tuple(p, {kNocatch, p->exc_reason})});
    Term cls = p->exc_class == ExcClass::Error  ? atom::error
               : p->exc_class == ExcClass::Exit ? atom::exit
                                                : kThrow;
    return make_tuple(p, {cls, p->exc_reason});
}

// What caller() gives: the function the return address is in.
Term caller_of(Process *p, const Word *cp) {
    if (!cp) return atom::undefined;
    Module *m = ModuleTable::global().module_at(cp);
    const FunctionInfo *fi = m ? m->function_at(cp) : nullptr;
    if (!fi) return atom::undefined;
    return make_tuple(p, {m->name, fi->name, make_small(SWord(fi->arity))});
}

// One traced call: runs the specification, sends the call message, says which frame to push.
CallOutcome call(Process *p, const TracePoint *tp, std::shared_ptr<const StoredMs> ms, bool local,
                 const Term *x, const Word *stack, const Word *direct_cp = nullptr) {
    CallOutcome out;
    bool has_return_to = false;
    const Word *cp = stack ? real_cp(stack, p->hend, &has_return_to) : direct_cp;
    out.arity = tp->arity;
    uint32_t flags = flags_of(p);
    if (!(flags & kCall)) return out;
    // The message goes to this tracer even when the specification turns the tracing off
    // ({disable_trace, call}), as in erts.
    Term tracer = live_tracer(p);
    if (tracer == kNonValue) return out;
    Term args = args_list(p, x, tp->arity);
    MsTraceActions acts;
    acts.caller = caller_of(p, cp);
    acts.caller_pc = cp;
    if (ms) {
        Term result;
        if (!ms->ms.run(p, args, false, &result, &acts)) return out; // no clause matched
    }
    if (acts.silent == 1)
        p->trace_flags.fetch_or(kSilent, std::memory_order_relaxed);
    else if (acts.silent == 0)
        p->trace_flags.fetch_and(~kSilent, std::memory_order_relaxed);
    flags = flags_of(p);
    if (flags & kSilent) return out; // no call message, return_to or return_from (as erts)
    if (local && (flags & kReturnTo) && !has_return_to && acts.message != atom::false_) {
        out.return_to = true;
        p->trace_flags.fetch_or(kExceptionFrames, std::memory_order_relaxed);
    }
    if (acts.message != atom::false_) {
        Term what =
            make_tuple(p, {tp->m, tp->f, (flags & kArity) ? make_small(SWord(tp->arity)) : args});
        if (acts.message == atom::true_)
            emit(p, atoms().call, {what}, tracer);
        else
            emit(p, atoms().call, {what, acts.message}, tracer);
    }
    if (acts.exception_trace || acts.return_trace) {
        out.frame = tp;
        out.exception = acts.exception_trace;
        if (out.exception) p->trace_flags.fetch_or(kExceptionFrames, std::memory_order_relaxed);
    }
    return out;
}

} // namespace

namespace {

// Meta tracing: {trace_ts, Pid, call, {M, F, Args}, Now} to the point's meta tracer, for
// every process (return_to and return_trace frames are not kept for meta tracers).
// Returns the frame the specification asked for: 0 none, 1 return_trace, 2 exception_trace
// (pushed even when message(false) dropped the call message, as erts does).
int meta_call(Process *p, const TracePoint *tp, const std::shared_ptr<const StoredMs> &ms,
              Term tracer, const Term *x, const Word *cp) {
    // A meta tracer does not trace its own calls (erts neither).
    if (p->sensitive || tracer == p->pid || !is_local_pid(tracer)) return 0;
    if (!ProcessTable::global().lookup(tracer)) {
        // The meta tracer died: the point keeps its pattern with [] as its tracer (erts).
        std::unique_lock lock(g_points_mutex);
        auto *t = const_cast<TracePoint *>(tp);
        if (t->meta_tracer == tracer) t->meta_tracer = kNil;
        return 0;
    }
    Term args = args_list(p, x, tp->arity);
    MsTraceActions acts;
    acts.caller = caller_of(p, cp);
    acts.caller_pc = cp;
    Term result;
    if (ms && !ms->ms.run(p, args, false, &result, &acts)) return 0;
    int frame = acts.exception_trace ? 2 : acts.return_trace ? 1 : 0;
    if (acts.message == atom::false_) return frame;
    static const BifEntry *now = bif("now", 0);
    Term what = make_tuple(p, {tp->m, tp->f, args});
    Term ts = now->function(p, nullptr);
    Term msg =
        acts.message == atom::true_
            ? make_tuple(p, {atoms().trace_ts, p->pid, atoms().call, what, ts})
            : make_tuple(p, {atoms().trace_ts, p->pid, atoms().call, what, acts.message, ts});
    send_message(tracer, msg);
    return frame;
}

// A meta tracer's return_from or exception_from, always with a now() timestamp.
void meta_emit(Process *p, const TracePoint *tp, Term tag, Term value) {
    Term tracer;
    {
        std::shared_lock lock(g_points_mutex);
        tracer = tp->meta ? tp->meta_tracer : kNonValue;
    }
    if (!is_local_pid(tracer) || tracer == p->pid || p->sensitive ||
        !ProcessTable::global().lookup(tracer))
        return;
    static const BifEntry *now = bif("now", 0);
    Term ts = now->function(p, nullptr);
    send_message(tracer,
                 make_tuple(p, {atoms().trace_ts, p->pid, tag, mfa_tuple(p, tp), value, ts}));
}

} // namespace

namespace {

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Adds calls and time to p's item of a call_time point; nothing when the point's call_time
// was turned off meanwhile (erts' time breakpoint is gone then too).
void add_time(const TracePoint *tp, Term pid, int64_t calls, int64_t ns) {
    auto *t = const_cast<TracePoint *>(tp);
    if (!t->timing.load(std::memory_order_acquire)) return;
    std::lock_guard lock(t->times_mutex);
    TracePoint::TimeItem &item = t->times[pid];
    item.count += calls;
    item.ns += ns;
}

// A call of a call_time-traced function: the time since the last event goes to the
// function running until now; returns that function (nullptr: none), which the return
// frame brings back.
const TracePoint *time_call(Process *p, const TracePoint *tp) {
    int64_t now = now_ns();
    auto *prev = static_cast<const TracePoint *>(p->call_time_point);
    if (prev) add_time(prev, p->pid, 0, now - p->call_time_since);
    add_time(tp, p->pid, 1, 0);
    p->call_time_point = tp;
    p->call_time_since = now;
    return prev;
}

// Stands for "no call_time function" in a return-time frame (a frame word is never 0).
const TracePoint g_no_point{};
// The function timed before a call_time-traced BIF, from its call to its return.
thread_local const TracePoint *t_bif_time_prev = nullptr;

} // namespace

void returned_to(Process *p, const Word *rest) {
    uint32_t f = flags_of(p);
    if (!(f & kReturnTo) || (f & kSilent)) return;
    bool ignored = false;
    const Word *cp = real_cp(rest, p->hend, &ignored);
    emit(p, atom_of("return_to"), {caller_of(p, cp)});
}

void time_returned(Process *p, const TracePoint *prev) {
    if (!p->call_time_point) return;
    int64_t now = now_ns();
    add_time(static_cast<const TracePoint *>(p->call_time_point), p->pid, 0,
             now - p->call_time_since);
    p->call_time_point = prev == &g_no_point ? nullptr : prev;
    p->call_time_since = now;
}

void time_scheduled(Process *p, bool in) {
    int64_t now = now_ns();
    if (!in)
        add_time(static_cast<const TracePoint *>(p->call_time_point), p->pid, 0,
                 now - p->call_time_since);
    p->call_time_since = now;
}

CallOutcome enter_local(Process *p, const Word *entry, const Term *x, const Word *stack) {
    TracePoint *tp;
    std::shared_ptr<const StoredMs> ms, meta_ms;
    Term meta_tracer = kNonValue;
    Word original;
    bool local;
    {
        std::shared_lock lock(g_points_mutex);
        auto it = g_points.find(entry);
        if (it == g_points.end() || !it->second->patched()) return {};
        tp = it->second;
        ms = tp->ms;
        original = tp->original;
        local = tp->local;
        if (tp->meta) {
            meta_ms = tp->meta_ms;
            meta_tracer = tp->meta_tracer;
        }
        if (tp->counting && !tp->count_paused) tp->count.fetch_add(1, std::memory_order_relaxed);
    }
    int meta_frame = 0;
    if (meta_tracer != kNonValue) {
        bool ignored = false;
        meta_frame = meta_call(p, tp, meta_ms, meta_tracer, x, real_cp(stack, p->hend, &ignored));
    }
    CallOutcome out;
    if (local) out = call(p, tp, ms, true, x, stack);
    out.original = original;
    out.arity = tp->arity;
    if (meta_frame) {
        out.meta_frame = tp;
        out.meta_exception = meta_frame == 2;
        if (out.meta_exception)
            p->trace_flags.fetch_or(kExceptionFrames, std::memory_order_relaxed);
    }
    // call_time counts processes traced for calls only (as erts).
    if (tp->timing.load(std::memory_order_acquire) && !tp->time_paused.load() &&
        (flags_of(p) & kCall) && live_tracer(p) != kNonValue) {
        const TracePoint *prev = time_call(p, tp);
        out.time_prev = prev ? prev : &g_no_point;
        out.arity = tp->arity;
    }
    return out;
}

int bif_call(Process *p, const BifEntry *bif, const Term *args) {
    TracePoint *tp;
    std::shared_ptr<const StoredMs> ms, meta_ms;
    Term meta_tracer = kNonValue;
    bool traced, local;
    {
        std::shared_lock lock(g_points_mutex);
        auto it = g_points.find(reinterpret_cast<const Word *>(bif));
        if (it == g_points.end()) return 0;
        tp = it->second;
        traced = tp->local || tp->global;
        local = tp->local; // return_to is for local patterns only
        ms = tp->ms;
        if (tp->meta) {
            meta_ms = tp->meta_ms;
            meta_tracer = tp->meta_tracer;
        }
        if (tp->counting && !tp->count_paused) tp->count.fetch_add(1, std::memory_order_relaxed);
    }
    int kinds = 0;
    // The caller is the function calling the BIF (p->pc is the call instruction).
    if (traced && (flags_of(p) & kCall)) {
        CallOutcome out = call(p, tp, ms, local, args, nullptr, p->pc);
        if (out.frame) kinds |= out.exception ? kBifException : kBifReturn;
        if (out.return_to) kinds |= kBifReturnTo;
    }
    if (meta_tracer != kNonValue) {
        int f = meta_call(p, tp, meta_ms, meta_tracer, args, p->pc);
        if (f) kinds |= f == 2 ? kBifMetaException : kBifMetaReturn;
    }
    // call_time: the BIF is timed until it returns (the call and its return run on this
    // thread one after the other, so the function timed before waits here).
    if (tp->timing.load(std::memory_order_acquire) && !tp->time_paused.load() &&
        (flags_of(p) & kCall) && live_tracer(p) != kNonValue) {
        t_bif_time_prev = time_call(p, tp);
        kinds |= kBifTime;
    }
    return kinds;
}

void bif_returned(Process *p, const BifEntry *bif, Term result, int kinds) {
    if (kinds & kBifTime) time_returned(p, t_bif_time_prev ? t_bif_time_prev : &g_no_point);
    // Trapped into Erlang code: its return is not seen here (no return_from).
    if (result == kNonValue && p->trap_export) return;
    const TracePoint *tp;
    {
        std::shared_lock lock(g_points_mutex);
        auto it = g_points.find(reinterpret_cast<const Word *>(bif));
        if (it == g_points.end()) return;
        tp = it->second;
    }
    if (result != kNonValue) {
        // the meta frame is above the local one in erts: reported first
        if (kinds & (kBifMetaReturn | kBifMetaException)) returned(p, tp, result, true);
        if (kinds & (kBifReturn | kBifException)) returned(p, tp, result, false);
        // return_to: back in the function that called the BIF (p->pc is in it)
        if ((kinds & kBifReturnTo) && (flags_of(p) & kReturnTo) && !(flags_of(p) & kSilent))
            emit(p, atom_of("return_to"), {caller_of(p, p->pc)});
        return;
    }
    // The BIF raised: exception_trace reports it at once (erts does the same for BIFs).
    if (kinds & kBifMetaException) meta_emit(p, tp, atoms().exception_from, exception_value(p));
    if ((kinds & kBifException) && (flags_of(p) & kCall) && !(flags_of(p) & kSilent))
        emit(p, atoms().exception_from, {mfa_tuple(p, tp), exception_value(p)});
}

CallOutcome enter_global(Process *p, const Word *stub, const Term *x, const Word *stack,
                         const Word **target) {
    const TracePoint *tp = reinterpret_cast<const TracePoint *>(stub[1]);
    std::shared_ptr<const StoredMs> ms;
    {
        std::shared_lock lock(g_points_mutex);
        ms = tp->ms;
        *target = tp->target;
    }
    return call(p, tp, ms, false, x, stack);
}

void returned(Process *p, const TracePoint *tp, Term value, bool meta) {
    if (meta) return meta_emit(p, tp, atoms().return_from, value);
    if (!(flags_of(p) & kCall)) return;
    if (flags_of(p) & kSilent) return;
    emit(p, atoms().return_from, {mfa_tuple(p, tp), value});
}

void unwinding(Process *p, const Word *stack) {
    const Word rt = reinterpret_cast<Word>(return_trace_address(false));
    const Word exc = reinterpret_cast<Word>(return_trace_address(true));
    const Word time = reinterpret_cast<Word>(return_time_address());
    const Word to = reinterpret_cast<Word>(return_to_address());
    const Word mr = reinterpret_cast<Word>(return_trace_address(false, true));
    const Word me = reinterpret_cast<Word>(return_trace_address(true, true));
    // return_to: when the frame nearest the catch was entered under a return-to frame,
    // execution goes on in that function (erts' next_catch).
    bool have_return_to = false;
    const Word *return_to_cp = nullptr;
    for (const Word *w = stack; w < p->hend; ++w) {
        if (is_catch(*w)) {
            if (return_to_cp && (flags_of(p) & kReturnTo) && !(flags_of(p) & kSilent))
                emit(p, atom_of("return_to"), {caller_of(p, return_to_cp)});
            return;
        }
        if (*w == 0 || !is_header(*w)) continue; // y registers; return addresses are raw pointers
        if (*w == exc && w + 1 < p->hend) {
            const TracePoint *tp = reinterpret_cast<const TracePoint *>(w[1]);
            if ((flags_of(p) & kCall) && !(flags_of(p) & kSilent)) {
                emit(p, atoms().exception_from, {mfa_tuple(p, tp), exception_value(p)});
            }
            ++w;
        } else if (*w == me && w + 1 < p->hend) {
            meta_emit(p, reinterpret_cast<const TracePoint *>(w[1]), atoms().exception_from,
                      exception_value(p));
            ++w;
        } else if (*w == rt || *w == time || *w == mr) {
            ++w; // the frame's second word
        } else if (*w == to) {
            have_return_to = true;
            return_to_cp = nullptr;
        } else {
            return_to_cp = have_return_to ? reinterpret_cast<const Word *>(*w) : nullptr;
            have_return_to = false;
        }
    }
}

// ---- setting patterns ----

namespace {

bool matches(const PatternRequest &r, Term m, Term f, uint32_t a) {
    return (r.module == kNonValue || r.module == m) &&
           (r.function == kNonValue || r.function == f) && (r.arity < 0 || uint32_t(r.arity) == a);
}

// The point of a function; with create false, nullptr if it never had one.
TracePoint *point_for(Module *m, const FunctionInfo &fi, bool create = true) {
    Word *entry = m->code.data() + fi.code_start + 4;
    if (!create) {
        auto it = g_points.find(entry);
        return it == g_points.end() ? nullptr : it->second;
    }
    auto [it, fresh] = g_points.try_emplace(entry, nullptr);
    if (fresh) {
        auto *tp = new TracePoint;
        tp->m = m->name;
        tp->f = fi.name;
        tp->arity = fi.arity;
        tp->entry = entry;
        tp->stub[0] = op_word(Op::i_trace_global);
        tp->stub[1] = reinterpret_cast<Word>(tp);
        it->second = tp;
    }
    return it->second;
}

// Gives a global point's export its address back, unless a new version of the module
// has replaced it meanwhile.
void unhook(TracePoint *tp) {
    const Word *stub = tp->stub;
    tp->exp->address.compare_exchange_strong(stub, tp->target, std::memory_order_acq_rel);
}

// Patches or unpatches the entry word after a point's local/meta/count state changed.
void sync_patch(TracePoint *tp, bool was_patched) {
    const Word bp = op_word(Op::i_trace_local);
    if (tp->patched() && !was_patched) {
        tp->original = std::atomic_ref<Word>(*tp->entry).load(std::memory_order_acquire);
        std::atomic_ref<Word>(*tp->entry).store(bp, std::memory_order_release);
    } else if (!tp->patched() && was_patched) {
        std::atomic_ref<Word>(*tp->entry).store(tp->original, std::memory_order_release);
    }
}

// The meta, call_count and call_time parts of a pattern, the same for BIFs and functions.
// call_count and call_time as erts sets them: an existing one is paused by pause and else
// restarted from zero; a new one starts active (even with pause).
void set_meta_count_time(TracePoint *tp, const PatternRequest &r,
                         const std::shared_ptr<const StoredMs> &ms) {
    if (r.meta) {
        tp->meta = r.enable;
        tp->meta_ms = r.enable ? ms : nullptr;
        tp->meta_tracer = r.enable ? r.meta_tracer : kNonValue;
    }
    if (r.call_time) {
        if (!r.enable) {
            tp->timing.store(false, std::memory_order_release);
            std::lock_guard tl(tp->times_mutex);
            tp->times.clear();
        } else if (tp->timing.load() && r.count_pause) {
            tp->time_paused.store(true);
        } else {
            {
                std::lock_guard tl(tp->times_mutex);
                tp->times.clear();
            }
            tp->time_paused.store(false);
            tp->timing.store(true, std::memory_order_release);
        }
    }
    if (r.call_count) {
        if (!r.enable) {
            tp->counting = false;
            tp->count.store(0);
        } else if (tp->counting && r.count_pause) {
            tp->count_paused = true;
        } else {
            tp->count.store(0);
            tp->counting = true;
            tp->count_paused = false;
        }
    }
}

} // namespace

int64_t set_pattern(const PatternRequest &r) {
    std::shared_ptr<const StoredMs> ms = r.enable ? store_ms(r.ms) : nullptr;
    std::unique_lock lock(g_points_mutex);
    int64_t n = 0;
    // BIFs: the emulator asks at each BIF call while any is traced (g_bifs_traced).
    for (const BifEntry &b : bif_entries()) {
        if (b.nif || !matches(r, b.module, b.name, b.arity)) continue;
        ++n;
        if (!(r.local || r.global || r.meta || r.call_count || r.call_time)) continue;
        auto [it, fresh] = g_points.try_emplace(reinterpret_cast<const Word *>(&b), nullptr);
        if (fresh) {
            auto *tp = new TracePoint;
            tp->m = b.module;
            tp->f = b.name;
            tp->arity = b.arity;
            tp->entry = nullptr;
            it->second = tp;
        }
        TracePoint *tp = it->second;
        bool was = tp->local || tp->global || tp->meta || tp->counting || tp->timing.load();
        if (r.local || r.global) {
            tp->local = r.enable && r.local;
            tp->global = r.enable && r.global;
            tp->ms = r.enable ? ms : nullptr;
        }
        set_meta_count_time(tp, r, ms);
        bool now = tp->local || tp->global || tp->meta || tp->counting || tp->timing.load();
        if (now != was) g_bifs_traced.fetch_add(now ? 1 : -1, std::memory_order_relaxed);
    }
    for (auto &[name, file] : ModuleTable::global().loaded()) {
        (void)file;
        if (r.module != kNonValue && name != r.module) continue;
        Module *m = ModuleTable::global().find(name);
        if (!m) continue;
        if (r.global) {
            // Setting a global pattern clears every breakpoint (local, meta, call_count,
            // call_time) of the functions it matches, exported or not (erts too).
            for (const FunctionInfo &fi : m->functions) {
                if (!r.enable || !matches(r, m->name, fi.name, fi.arity)) continue;
                TracePoint *tp = point_for(m, fi, false);
                if (!tp || !tp->patched()) continue;
                tp->local = tp->meta = tp->counting = false;
                tp->meta_ms = nullptr;
                tp->meta_tracer = kNonValue;
                tp->timing.store(false, std::memory_order_release);
                if (!tp->global) tp->ms = nullptr;
                sync_patch(tp, true);
            }
            for (auto &[e, addr] : m->exports) {
                if (!matches(r, e->module, e->function, e->arity)) continue;
                const FunctionInfo *fi = m->function_at(addr);
                if (!fi || fi->nif || find_bif(e->module, e->function, e->arity)) continue;
                TracePoint *tp = point_for(m, *fi, r.enable);
                ++n;
                if (!tp) continue; // disabling what was never traced
                bool was = tp->patched();
                if (r.enable) {
                    tp->ms = ms;
                    if (tp->local) tp->local = false;
                    if (!tp->global) {
                        tp->global = true;
                        tp->exp = e;
                        tp->target = e->address.load(std::memory_order_acquire);
                        e->address.store(tp->stub, std::memory_order_release);
                    }
                } else if (tp->global) {
                    tp->global = false;
                    unhook(tp);
                    if (!tp->local) tp->ms = nullptr;
                }
                sync_patch(tp, was);
            }
            continue;
        }
        for (const FunctionInfo &fi : m->functions) {
            if (!matches(r, m->name, fi.name, fi.arity)) continue;
            if (fi.nif || find_bif(m->name, fi.name, fi.arity)) continue;
            TracePoint *tp = point_for(m, fi, r.enable);
            ++n;
            if (!tp) continue; // disabling what was never traced
            bool was = tp->patched();
            if (r.local) {
                if (r.enable) {
                    if (tp->global) {
                        tp->global = false;
                        unhook(tp);
                    }
                    tp->local = true;
                    tp->ms = ms;
                } else {
                    tp->local = false;
                    if (!tp->global) tp->ms = nullptr;
                }
            }
            set_meta_count_time(tp, r, ms);
            sync_patch(tp, was);
        }
    }
    return n;
}

Term function_info(Process *p, Term m, Term f, uint32_t a, Term item) {
    static const Term traced = atom_of("traced"), match_spec = atom_of("match_spec"),
                      meta = atom_of("meta"), meta_match_spec = atom_of("meta_match_spec"),
                      call_count = atom_of("call_count"), call_time = atom_of("call_time"),
                      all = atom_of("all"), global = atom_of("global"), local = atom_of("local");
    Module *mod = ModuleTable::global().find(m);
    const TracePoint *tp = nullptr;
    bool exists = false;
    const BifEntry *bif = find_bif(m, f, a);
    bool is_bif = bif != nullptr;
    if (bif) {
        std::shared_lock lock(g_points_mutex);
        auto it = g_points.find(reinterpret_cast<const Word *>(bif));
        if (it != g_points.end()) tp = it->second;
    } else if (mod) {
        for (const FunctionInfo &fi : mod->functions)
            if (fi.name == f && fi.arity == a) {
                exists = true;
                std::shared_lock lock(g_points_mutex);
                auto it = g_points.find(mod->code.data() + fi.code_start + 4);
                if (it != g_points.end()) tp = it->second;
            }
    }
    std::shared_lock lock(g_points_mutex);
    auto ms_term = [&](const std::shared_ptr<const StoredMs> &s) -> Term {
        if (!s) return kNil;
        size_t words = copy_size(s->term);
        return words ? copy_term(s->term, p->alloc(words), p->off_heap) : s->term;
    };
    auto value = [&](Term what) -> Term {
        if (!exists && !is_bif) return atom::undefined;
        if (what == traced)
            return tp && tp->global ? global : tp && tp->local ? local : atom::false_;
        if (what == match_spec)
            return tp && (tp->global || tp->local) ? ms_term(tp->ms) : atom::false_;
        if (what == meta) return tp && tp->meta ? tp->meta_tracer : atom::false_;
        if (what == meta_match_spec) return tp && tp->meta ? ms_term(tp->meta_ms) : atom::false_;
        if (what == call_count)
            return tp && tp->counting ? make_small(tp->count.load()) : atom::false_;
        if (what == call_time) {
            if (!tp || !tp->timing.load()) return atom::false_;
            auto *t = const_cast<TracePoint *>(tp);
            std::vector<std::pair<Term, TracePoint::TimeItem>> items;
            {
                std::lock_guard tl(t->times_mutex);
                items.assign(t->times.begin(), t->times.end());
            }
            Term l = kNil;
            for (auto &[pid, item] : items) {
                int64_t us = item.ns / 1000;
                l = make_cons(p,
                              make_tuple(p, {pid, make_small(item.count), make_small(us / 1000000),
                                             make_small(us % 1000000)}),
                              l);
            }
            return l;
        }
        return kNonValue;
    };
    if (item == all) {
        if (!exists && !is_bif) return make_tuple(p, {all, atom::undefined});
        if (!tp || !(tp->global || tp->local || tp->meta || tp->counting || tp->timing.load()))
            return make_tuple(p, {all, atom::false_});
        std::vector<Term> items;
        for (Term k : {traced, match_spec, meta, meta_match_spec, call_time, call_count})
            items.push_back(make_tuple(p, {k, value(k)}));
        return make_tuple(p, {all, make_term_list(p, items)});
    }
    Term v = value(item);
    if (v == kNonValue) return kNonValue;
    return make_tuple(p, {item, v});
}

} // namespace hamlet::trace
