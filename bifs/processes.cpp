// Processes: spawning, links and exit signals, monitors, aliases, registered names, flags.
// The rules for what a signal does at its receiver are in vm/signals.cpp; these BIFs check
// arguments and send.
#include "bifs/processes.h"
#include "bifs/bif.h"
#include "dist/engine.h"
#include "dist/node.h"
#include "emulator/emulator.h"
#include "ports/port.h"
#include "vm/atom_table.h"
#include "vm/gc.h"
#include "vm/mailbox.h"
#include "vm/map_ops.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/purge.h"
#include "vm/ref.h"
#include "vm/scheduler.h"
#include "vm/signals.h"
#include "vm/suspend.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"
#include "vm/term_print.h"
#include "vm/trace.h"

#include <algorithm>

namespace hamlet {

namespace {

bool is_proper(Term l) {
    while (is_list(l))
        l = cdr(l);
    return is_nil(l);
}

bool parse_priority(Term t, Priority *out) {
    if (t == atom::low)
        *out = Priority::Low;
    else if (t == atom::normal)
        *out = Priority::Normal;
    else if (t == atom::high)
        *out = Priority::High;
    else if (t == atom::max)
        *out = Priority::Max;
    else
        return false;
    return true;
}

} // namespace

// The atom for a priority level (process_flag, process_info).
Term priority_atom(Priority p) {
    switch (p) {
    case Priority::Low:
        return atom::low;
    case Priority::High:
        return atom::high;
    case Priority::Max:
        return atom::max;
    default:
        return atom::normal;
    }
}

namespace {

bool parse_alias_mode(Term t, Process::AliasMode *mode) {
    if (t == atom::explicit_unalias)
        *mode = Process::AliasMode::ExplicitUnalias;
    else if (t == atom::demonitor)
        *mode = Process::AliasMode::Demonitor;
    else if (t == atom::reply_demonitor)
        *mode = Process::AliasMode::ReplyDemonitor;
    else
        return false;
    return true;
}

// Monitor options: [{alias, Mode} | {tag, Tag}]; false on anything else.
bool parse_monitor_options(Term opts, int *alias, Term *tag) {
    static const Term kTag = *AtomTable::global().intern("tag");
    for (; is_list(opts); opts = cdr(opts)) {
        Term o = car(opts);
        Process::AliasMode mode;
        if (is_tuple(o) && tuple_arity(o) == 2 && tuple_elements(o)[0] == atom::alias &&
            parse_alias_mode(tuple_elements(o)[1], &mode))
            *alias = int(mode) + 1;
        else if (is_tuple(o) && tuple_arity(o) == 2 && tuple_elements(o)[0] == kTag)
            *tag = tuple_elements(o)[1];
        else
            return false;
    }
    return is_nil(opts);
}

} // namespace

// #{error_logger => Bool, kill => Bool, size => Size}, as process_info and process_flag show it.
Term max_heap_size_map(Process *p) {
    return max_heap_size_map(p, p->max_heap_words, p->max_heap_kill, p->max_heap_log);
}

Term max_heap_size_map(Process *p, int64_t size, bool kill, bool log) {
    static const Term kSize = *AtomTable::global().intern("size"),
                      kErrorLogger = *AtomTable::global().intern("error_logger");
    return make_map(p, {{kErrorLogger, log ? atom::true_ : atom::false_},
                        {atom::kill, kill ? atom::true_ : atom::false_},
                        {kSize, make_small(size)}});
}

// max_heap_size: Size | #{size => Size, kill => Bool, error_logger => Bool}, as erts reads
// it: the flags start from the system's (system_flag(max_heap_size, _)), a map must have a
// size, its other keys are ignored, and the size is not negative.
bool parse_max_heap_size(Term t, int64_t *size, bool *kill, bool *log) {
    static const Term kSize = *AtomTable::global().intern("size"),
                      kErrorLogger = *AtomTable::global().intern("error_logger");
    GcDefaults &gc = gc_defaults();
    *kill = gc.max_heap_kill.load();
    *log = gc.max_heap_log.load();
    SWord sz;
    if (is_small(t)) {
        sz = small_value(t);
    } else if (is_map(t)) {
        const Term *s = map_lookup(t, kSize), *k = map_lookup(t, atom::kill),
                   *l = map_lookup(t, kErrorLogger);
        if (!s || !is_small(*s)) return false;
        sz = small_value(*s);
        if (k) {
            if (*k != atom::true_ && *k != atom::false_) return false;
            *kill = *k == atom::true_;
        }
        if (l) {
            if (*l != atom::true_ && *l != atom::false_) return false;
            *log = *l == atom::true_;
        }
    } else {
        return false;
    }
    if (sz < 0) return false;
    *size = sz;
    return true;
}

namespace {

Term do_spawn(Process *p, const Term *args, const SpawnOptions &opts) {
    if (!is_atom(args[0]) || !is_atom(args[1]) || !is_proper(args[2])) return p->badarg();
    SpawnResult r = Scheduler::global().spawn(args[0], args[1], args[2], p, opts);
    if (r.system_limit) return p->system_limit();
    if (opts.monitor) return make_tuple(p, {r.pid, make_ref(p, r.monitor_ref)});
    return r.pid;
}

} // namespace

Export *yield_return_export() {
    static Export *e = ExportTable::global().get(*AtomTable::global().intern("hamlet_process"),
                                                 *AtomTable::global().intern("yield_return"), 0);
    return e;
}

Export *await_reply_export() {
    static Export *e = ExportTable::global().get(*AtomTable::global().intern("hamlet_process"),
                                                 *AtomTable::global().intern("await_reply"), 1);
    return e;
}

// Asks another process for information (see signals.h) and waits for its answer in Erlang
// (hamlet_process:await_reply/1), so that the answer reflects every signal sent before.
Term request_from_process(Process *p, Term pid, Term what) {
    uint64_t id = new_ref_id();
    Term ref = make_ref(p, id);
    send_signal(pid, SignalKind::InfoRequest, p->pid, 0, make_tuple(p, {ref, what}));
    return p->trap(await_reply_export(), {ref});
}

Term erlang_self_0(Process *p, const Term *) {
    return p->pid;
}
Term erlang_node_0(Process *, const Term *) {
    return this_node();
}
Term erlang_node_1(Process *p, const Term *args) {
    Term t = args[0];
    if (is_local_pid(t) || is_local_port(t) || is_boxed_of(t, Subtag::Ref)) return this_node();
    if (is_boxed_of(t, Subtag::ExtPid) || is_boxed_of(t, Subtag::ExtPort) ||
        is_boxed_of(t, Subtag::ExtRef))
        return boxed_ptr(t)[1];
    return p->badarg();
}

Term erlang_send_2(Process *p, const Term *args) {
    if (trace::flags_of(p) & trace::kSend) [[unlikely]]
        trace::send(p, args[0], args[1]);
    if (!send_message(args[0], args[1])) return p->badarg();
    return args[1];
}

// Options nosuspend (Hamlet's distribution never suspends a sender) and noconnect: a
// message to another node with no connection, up or being set up, is not sent (no
// auto-connect) and the result is noconnect, as erts does (global's volatile sends rely on
// it; gen:call monitors first, which starts a connection, then sends with noconnect).
Term erlang_send_3(Process *p, const Term *args) {
    static const Term kNosuspend = *AtomTable::global().intern("nosuspend"),
                      kNoconnect = *AtomTable::global().intern("noconnect"),
                      kBadopt = *AtomTable::global().intern("badopt");
    bool noconnect = false;
    Term opts = args[2];
    for (; is_list(opts); opts = cdr(opts)) {
        if (car(opts) == kNoconnect)
            noconnect = true;
        else if (car(opts) != kNosuspend)
            return p->badarg_cause(kBadopt);
    }
    if (!is_nil(opts)) return p->badarg_cause(kBadopt);
    if (noconnect) {
        Term dest = args[0], node = kNonValue;
        if (is_boxed_of(dest, Subtag::ExtPid) || is_boxed_of(dest, Subtag::ExtRef))
            node = boxed_ptr(dest)[1];
        else if (is_tuple(dest) && tuple_arity(dest) == 2 && is_atom(tuple_elements(dest)[1]))
            node = tuple_elements(dest)[1];
        if (node != kNonValue && node != this_node() && !dist::has_connection(node))
            return kNoconnect;
    }
    if (trace::flags_of(p) & trace::kSend) [[unlikely]]
        trace::send(p, args[0], args[1]);
    if (!send_message(args[0], args[1])) return p->badarg();
    return atom::ok;
}

// ---- spawning ----

Term erlang_spawn_3(Process *p, const Term *args) {
    return do_spawn(p, args, {});
}

Term erlang_spawn_link_3(Process *p, const Term *args) {
    SpawnOptions o;
    o.link = true;
    return do_spawn(p, args, o);
}

namespace {

// spawn_request's own options: the reply's tag and which outcomes are answered.
struct RequestOptions {
    Term reply_tag;
    bool reply_ok = true, reply_error = true;
    bool bad = false; // a {reply, _} that is not one of the four
};

Term request_atom(const char *text) {
    return *AtomTable::global().intern(text);
}

// spawn_request's {reply_tag, Tag} and {reply, yes | no | error_only | success_only}.
bool request_option(Term opt, RequestOptions *req) {
    static const Term kReplyTag = request_atom("reply_tag"), kReply = request_atom("reply"),
                      kYes = request_atom("yes"), kNo = request_atom("no"),
                      kErrorOnly = request_atom("error_only"),
                      kSuccessOnly = request_atom("success_only");
    if (!is_tuple(opt) || tuple_arity(opt) != 2) return false;
    Term k = tuple_elements(opt)[0], v = tuple_elements(opt)[1];
    if (k == kReplyTag) {
        if (req) req->reply_tag = v;
        return true;
    }
    if (k != kReply) return false;
    if (!req) return true;
    if (v != kYes && v != kNo && v != kErrorOnly && v != kSuccessOnly) {
        req->bad = true;
    } else {
        req->reply_ok = v == kYes || v == kSuccessOnly;
        req->reply_error = v == kYes || v == kErrorOnly;
    }
    return true;
}

// spawn_opt's options into o; false on a bad one. With `request`, spawn_request's own
// options are accepted too (and left to request_option()).
bool parse_spawn_options(Term l, SpawnOptions &o, bool request) {
    static const Term kScheduler = *AtomTable::global().intern("scheduler");
    for (; is_list(l); l = cdr(l)) {
        Term opt = car(l);
        if (opt == atom::link) {
            o.link = true;
        } else if (opt == atom::monitor) {
            o.monitor = true;
        } else if (is_tuple(opt) && tuple_arity(opt) == 2) {
            Term k = tuple_elements(opt)[0], v = tuple_elements(opt)[1];
            if (k == atom::priority) {
                if (!parse_priority(v, &o.priority)) return false;
            } else if (k == atom::monitor) {
                o.monitor = true;
                if (!parse_monitor_options(v, &o.monitor_alias, &o.monitor_tag)) return false;
            } else if (k == atom::min_heap_size || k == atom::min_bin_vheap_size ||
                       k == atom::fullsweep_after) {
                if (!is_small(v) || small_value(v) < 0) return false;
                if (k == atom::min_heap_size) o.min_heap_size = size_t(small_value(v));
                if (k == atom::min_bin_vheap_size) o.min_bin_vheap_size = small_value(v);
                if (k == atom::fullsweep_after) o.fullsweep_after = small_value(v);
            } else if (k == atom::max_heap_size) {
                if (!parse_max_heap_size(v, &o.max_heap_size, &o.max_heap_kill, &o.max_heap_log))
                    return false;
                o.max_heap_set = true;
            } else if (k == atom::message_queue_data) {
                if (v != atom::off_heap && v != atom::on_heap) return false;
                o.mq_off_heap = v == atom::off_heap;
            } else if (k == kScheduler) {
                // {scheduler, N}: as process_flag(scheduler, N), 0..schedulers.
                if (!is_small(v) || small_value(v) < 0 ||
                    small_value(v) > SWord(Scheduler::global().count()))
                    return false;
                o.scheduler = uint16_t(small_value(v));
            } else if (!(request && request_option(opt, nullptr))) {
                return false;
            }
        } else {
            return false;
        }
    }
    return is_nil(l);
}

} // namespace

bool parse_spawn_options(Term opts, SpawnOptions &o) {
    return parse_spawn_options(opts, o, false);
}

Term erlang_spawn_opt_4(Process *p, const Term *args) {
    static const Term badopt = *AtomTable::global().intern("badopt");
    SpawnOptions o;
    if (!parse_spawn_options(args[3], o, false)) return p->badarg_cause(badopt);
    return do_spawn(p, args, o);
}

// erts_internal:spawn_request(M, F, A, Opts): a reference ReqId, or the atom badarg or
// badopt (erlang:spawn_request/4 raises them: a bad M, F or A, an improper option list).
// The child is linked or monitored (with ReqId as the monitor's reference) before it runs,
// and the parent gets {Tag, ReqId, ok, Pid} first (Tag spawn_reply by default); a bad option
// or a full process table is answered {Tag, ReqId, error, badopt | system_limit}, as erts
// does, subject to the {reply, _} option.
Term erts_internal_spawn_request_4(Process *p, const Term *args) {
    static const Term badopt = request_atom("badopt"), kSpawnReply = request_atom("spawn_reply");
    if (!is_atom(args[0]) || !is_atom(args[1]) || !is_proper(args[2])) return atom::badarg;
    if (!is_proper(args[3])) return badopt;
    RequestOptions req{kSpawnReply};
    for (Term l = args[3]; is_list(l); l = cdr(l))
        request_option(car(l), &req);
    SpawnOptions o;
    Term error = kNonValue;
    o.request_id = new_ref_id();
    if (!parse_spawn_options(args[3], o, true) || req.bad) {
        error = badopt;
    } else {
        if (req.reply_ok) o.reply_tag = req.reply_tag;
        if (Scheduler::global().spawn(args[0], args[1], args[2], p, o).system_limit)
            error = atom::system_limit;
    }
    Term ref = make_ref(p, o.request_id);
    if (error != kNonValue && req.reply_error)
        send_message(p->pid, make_tuple(p, {req.reply_tag, ref, atom::error, error}));
    return ref;
}

// A local request is answered before spawn_request returns, so there is never one to
// abandon; anything but a reference is badarg.
Term erlang_spawn_request_abandon_1(Process *p, const Term *args) {
    if (!is_boxed_of(args[0], Subtag::Ref) && !is_boxed_of(args[0], Subtag::ExtRef))
        return p->badarg();
    uint64_t id;
    if (ref_id(args[0], &id) && dist::abandon_spawn(id)) return atom::true_; // another node's
    return atom::false_;
}

// Erts starts its own system processes with this; Hamlet starts its two (the code purger and
// the literal area collector, vm/purge.h) from vm/main.cpp, and a process spawned here is an
// ordinary one.
Term erts_internal_spawn_system_process_3(Process *p, const Term *args) {
    return do_spawn(p, args, {});
}

Term erts_internal_is_system_process_1(Process *p, const Term *args) {
    if (!is_local_pid(args[0])) return p->badarg();
    return is_system_process(args[0]) ? atom::true_ : atom::false_;
}

// ---- links and exit signals ----

Term erlang_link_1(Process *p, const Term *args) {
    Term to = args[0];
    if (!is_local_pid(to) && !is_local_port(to)) {
        if (is_boxed_of(to, Subtag::ExtPid)) {
            dist::link(p, to); // the engine holds links to other nodes' processes
            return atom::true_;
        }
        if (is_boxed_of(to, Subtag::ExtPort)) return atom::true_; // never delivered
        return p->badarg();
    }
    if (to == p->pid || std::find(p->links.begin(), p->links.end(), to) != p->links.end())
        return atom::true_;
    if (is_local_port(to) ? !PortTable::global().lookup(to) : !ProcessTable::global().lookup(to)) {
        // A process known to be dead: the BEAM raises noproc, or (trapping) sends the EXIT.
        if (!p->trap_exit) return p->error(atom::noproc);
        send_message(p->pid, make_tuple(p, {atom::EXIT, to, atom::noproc}));
        return atom::true_;
    }
    p->links.push_back(to);
    if (trace::flags_of(p)) [[unlikely]]
        trace::linked(p, to);
    send_signal(to, SignalKind::Link, p->pid, 0, kNil);
    return atom::true_;
}

Term erlang_unlink_1(Process *p, const Term *args) {
    Term to = args[0];
    if (!is_local_pid(to) && !is_boxed_of(to, Subtag::ExtPid) && !is_local_port(to))
        return p->badarg();
    if (is_boxed_of(to, Subtag::ExtPid)) {
        dist::unlink(p, to);
        return atom::true_;
    }
    auto it = std::find(p->links.begin(), p->links.end(), to);
    if (it != p->links.end()) {
        p->links.erase(it);
        if (trace::flags_of(p) & trace::kProcs) [[unlikely]]
            trace::procs(p, *AtomTable::global().intern("unlink"), to);
        send_signal(to, SignalKind::Unlink, p->pid, 0, kNil);
    }
    return atom::true_;
}

namespace {

Term send_exit(Process *p, const Term *args, bool to_self_at_once) {
    Term to = args[0];
    if (is_boxed_of(to, Subtag::ExtPid)) {
        dist::exit_signal(p->pid, to, args[1]);
        return atom::true_;
    }
    if (is_boxed_of(to, Subtag::ExtPort)) return atom::true_;
    if (!is_local_pid(to) && !is_local_port(to)) return p->badarg();
    send_signal(to, SignalKind::Exit, p->pid, 0, args[1]);
    if (to == p->pid && to_self_at_once) {
        handle_incoming_signals(p);
        if (p->pending_exit != kNonValue) return kNonValue; // the emulator ends the process
    }
    return atom::true_;
}

} // namespace

// exit/2: a signal to itself takes effect before exit/2 returns.
Term erlang_exit_2(Process *p, const Term *args) {
    return send_exit(p, args, true);
}

// erlang:exit_signal/2: the same signal, handled like any other (at the next receive or
// scheduling), as erts does.
Term erlang_exit_signal_2(Process *p, const Term *args) {
    return send_exit(p, args, false);
}

// ---- monitors and aliases ----

namespace {

// A monitor of a process of another node: the engine sends MONITOR_P (connecting first).
Term remote_monitor(Process *p, Term target, Term node, int alias, Term tag) {
    uint64_t id = new_ref_id();
    if (alias) {
        p->aliases.push_back({id, Process::AliasMode(alias - 1)});
        ProcessTable::global().add_alias(id, p->pid);
    }
    dist::monitor(p, target, node, id);
    if (tag != kNonValue) p->monitoring.back().tag = MonitorTag::of(tag);
    return make_ref(p, id);
}

Term do_monitor(Process *p, Term type, Term target, int alias, Term tag) {
    static const Term kPort = *AtomTable::global().intern("port");
    // monitor(process, Pid | Name) and monitor(port, Port | Name): a name must belong to
    // an object of that type.
    if (type != atom::process && type != kPort) return p->badarg();
    bool port = type == kPort;
    Term pid = target, name = kNonValue;
    if (is_atom(target)) {
        name = target;
        pid = ProcessTable::global().whereis(target);
    } else if (is_tuple(target) && tuple_arity(target) == 2 && is_atom(tuple_elements(target)[0]) &&
               is_atom(tuple_elements(target)[1])) {
        if (tuple_elements(target)[1] != this_node()) {
            if (port) return p->badarg();
            return remote_monitor(p, tuple_elements(target)[0], tuple_elements(target)[1], alias,
                                  tag);
        }
        name = tuple_elements(target)[0];
        pid = ProcessTable::global().whereis(name);
    } else if (!port && is_boxed_of(target, Subtag::ExtPid)) {
        return remote_monitor(p, target, boxed_ptr(target)[1], alias, tag);
    } else if (port ? !is_local_port(target) : !is_local_pid(target)) {
        return p->badarg();
    }
    if (pid != atom::undefined && (port ? !is_local_port(pid) : !is_local_pid(pid)))
        return p->badarg();
    uint64_t id = new_ref_id();
    Term ref = make_ref(p, id);
    if (alias) {
        p->aliases.push_back({id, Process::AliasMode(alias - 1)});
        ProcessTable::global().add_alias(id, p->pid);
    }
    if (pid == atom::undefined) {
        // An unregistered name: 'DOWN' at once with noproc, naming {Name, Node}.
        p->monitoring.push_back({id, kNonValue, name, port, false, MonitorTag::of(tag)});
        send_signal(p->pid, SignalKind::Down, kNonValue, id, atom::noproc);
        return ref;
    }
    p->monitoring.push_back({id, pid, name, port, false, MonitorTag::of(tag)});
    if (pid == p->pid) {
        p->monitored_by.push_back({id, pid, kNonValue});
    } else {
        send_signal(pid, SignalKind::Monitor, p->pid, id, kNil);
    }
    return ref;
}

} // namespace

Term erlang_monitor_2(Process *p, const Term *args) {
    return do_monitor(p, args[0], args[1], 0, kNonValue);
}

Term erlang_monitor_3(Process *p, const Term *args) {
    int alias = 0;
    Term tag = kNonValue;
    if (!parse_monitor_options(args[2], &alias, &tag))
        return p->badarg_cause(*AtomTable::global().intern("badopt"));
    return do_monitor(p, args[0], args[1], alias, tag);
}

Term erlang_demonitor_1(Process *p, const Term *args) {
    uint64_t id;
    if (!ref_id(args[0], &id)) return p->badarg();
    remove_monitor(p, id);
    return atom::true_;
}

Term erlang_demonitor_2(Process *p, const Term *args) {
    uint64_t id;
    if (!ref_id(args[0], &id)) return p->badarg();
    bool flush = false, info = false;
    Term o = args[1];
    for (; is_list(o); o = cdr(o)) {
        if (car(o) == atom::flush)
            flush = true;
        else if (car(o) == atom::info)
            info = true;
        else
            return p->badarg();
    }
    if (!is_nil(o)) return p->badarg();
    bool removed = remove_monitor(p, id);
    if (flush) {
        // A 'DOWN' still in the signal queue is dropped when handled (the monitor is gone);
        // one already in the message queue is removed here.
        Term ref = args[0];
        p->mailbox->remove_if([&](Signal *m) {
            Term t = m->term;
            return is_tuple(t) && tuple_arity(t) == 5 &&
                   terms_exact_equal(tuple_elements(t)[1], ref);
        });
    }
    return info ? (removed ? atom::true_ : atom::false_) : atom::true_;
}

Term erlang_alias_0(Process *p, const Term *) {
    uint64_t id = new_ref_id();
    p->aliases.push_back({id, Process::AliasMode::ExplicitUnalias});
    ProcessTable::global().add_alias(id, p->pid);
    return make_ref(p, id);
}

Term erlang_alias_1(Process *p, const Term *args) {
    auto mode = Process::AliasMode::ExplicitUnalias;
    Term o = args[0];
    for (; is_list(o); o = cdr(o)) {
        if (car(o) == atom::explicit_unalias)
            mode = Process::AliasMode::ExplicitUnalias;
        else if (car(o) == atom::reply)
            mode = Process::AliasMode::ReplyDemonitor;
        else
            return p->badarg();
    }
    if (!is_nil(o)) return p->badarg();
    uint64_t id = new_ref_id();
    p->aliases.push_back({id, mode});
    ProcessTable::global().add_alias(id, p->pid);
    return make_ref(p, id);
}

Term erlang_unalias_1(Process *p, const Term *args) {
    uint64_t id;
    if (!ref_id(args[0], &id)) return p->badarg();
    return remove_alias(p, id) ? atom::true_ : atom::false_;
}

// ---- suspending (vm/suspend.h) ----

Term erts_internal_suspend_process_2(Process *p, const Term *args) {
    return suspend_request(p, args[0], args[1]);
}

Term erlang_resume_process_1(Process *p, const Term *args) {
    return resume_request(p, args[0]) ? atom::true_ : p->badarg();
}

Term erlang_make_ref_0(Process *p, const Term *) {
    return make_ref(p, new_ref_id());
}

// ---- names ----

Term erlang_register_2(Process *p, const Term *args) {
    Term cause = ProcessTable::global().register_name(args[0], args[1]);
    if (cause != kNonValue) return p->badarg_cause(cause);
    trace::procs_of(p, args[1], *AtomTable::global().intern("register"), args[0]);
    return atom::true_;
}

Term erlang_unregister_1(Process *p, const Term *args) {
    Term owner = is_atom(args[0]) ? ProcessTable::global().whereis(args[0]) : kNonValue;
    if (!is_atom(args[0]) || !ProcessTable::global().unregister_name(args[0])) return p->badarg();
    trace::procs_of(p, owner, *AtomTable::global().intern("unregister"), args[0]);
    return atom::true_;
}

Term erlang_whereis_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    return ProcessTable::global().whereis(args[0]);
}

Term erlang_registered_0(Process *p, const Term *) {
    Term l = kNil;
    for (Term name : ProcessTable::global().registered())
        l = make_cons(p, name, l);
    return l;
}

Term erlang_processes_0(Process *p, const Term *) {
    return make_term_list(p, ProcessTable::global().all_pids());
}

Term erlang_is_process_alive_1(Process *p, const Term *args) {
    Term pid = args[0];
    if (!is_local_pid(pid)) return p->badarg();
    if (pid == p->pid) return atom::true_;
    if (!ProcessTable::global().lookup(pid)) return atom::false_;
    // Alive in the table; ask it, so that signals this process sent it earlier (an exit
    // signal, say) have taken effect first.
    return request_from_process(p, pid, atom::true_);
}

Term erlang_group_leader_0(Process *p, const Term *) {
    return p->group_leader;
}

Term erlang_group_leader_2(Process *p, const Term *args) {
    Term gl = args[0], pid = args[1];
    if (!is_local_pid(gl) && !is_boxed_of(gl, Subtag::ExtPid)) return p->badarg();
    if (is_boxed_of(pid, Subtag::ExtPid)) { // GROUP_LEADER to the pid's node
        dist::group_leader(gl, pid);
        return atom::true_;
    }
    if (!is_local_pid(pid)) return p->badarg();
    if (pid == p->pid) {
        p->group_leader = gl;
        return atom::true_;
    }
    // The signal carries a copy of a group leader of another node.
    if (!ProcessTable::global().lookup(pid)) return p->badarg();
    send_signal(pid, SignalKind::GroupLeader, gl, 0, kNil);
    return atom::true_;
}

Term erlang_process_flag_2(Process *p, const Term *args) {
    Term flag = args[0], v = args[1];
    if (flag == atom::trap_exit) {
        if (v != atom::true_ && v != atom::false_) return p->badarg();
        Term old = p->trap_exit ? atom::true_ : atom::false_;
        p->trap_exit = v == atom::true_;
        return old;
    }
    if (flag == atom::priority) {
        Priority pr;
        if (!parse_priority(v, &pr)) return p->badarg();
        Term old = priority_atom(p->priority);
        p->priority = pr;
        return old;
    }
    if (flag == atom::min_heap_size || flag == atom::min_bin_vheap_size) {
        if (!is_small(v) || small_value(v) < 0) return p->badarg();
        Term old = make_small(
            SWord(flag == atom::min_heap_size ? p->min_heap_words : p->min_bin_vheap_words));
        size_t size = next_heap_size(size_t(small_value(v)));
        if (flag == atom::min_heap_size) {
            p->min_heap_words =
                std::max<size_t>(size, 233); // the heap grows at the next collection
        } else {
            p->min_bin_vheap_words = size;
            p->binary_vheap_limit = std::max<uint64_t>(p->binary_vheap_limit, size * sizeof(Word));
            p->update_gc_slack();
        }
        return old;
    }
    if (flag == atom::max_heap_size) {
        int64_t size = p->max_heap_words;
        bool kill = p->max_heap_kill, log = p->max_heap_log;
        if (!parse_max_heap_size(v, &size, &kill, &log)) return p->badarg();
        if (size != 0 && size < SWord(p->min_heap_words)) return p->badarg();
        Term old = max_heap_size_map(p);
        p->max_heap_words = size;
        p->max_heap_kill = kill;
        p->max_heap_log = log;
        return old;
    }
    if (flag == atom::message_queue_data) {
        if (v != atom::off_heap && v != atom::on_heap) return p->badarg();
        Term old = p->mq_off_heap ? atom::off_heap : atom::on_heap;
        p->mq_off_heap = v == atom::off_heap;
        return old;
    }
    // monitor_nodes (net_kernel:monitor_nodes/1,2): counted here, and the engine
    // (dist/engine.h) sends nodeup and nodedown to each subscription.
    static const Term kMonitorNodes = *AtomTable::global().intern("monitor_nodes");
    if (flag == kMonitorNodes ||
        (is_tuple(flag) && tuple_arity(flag) == 2 && tuple_elements(flag)[0] == kMonitorNodes &&
         (is_map(tuple_elements(flag)[1]) || is_list(tuple_elements(flag)[1]) ||
          is_nil(tuple_elements(flag)[1])))) {
        if (v != atom::true_ && v != atom::false_) return p->badarg();
        uint32_t old = p->node_monitors;
        if (v == atom::true_)
            ++p->node_monitors;
        else if (p->node_monitors)
            --p->node_monitors;
        dist::subscribe_nodes(p->pid, flag == kMonitorNodes ? kNonValue : tuple_elements(flag)[1],
                              v == atom::true_);
        return make_small(old);
    }
    static const Term kSensitive = *AtomTable::global().intern("sensitive"),
                      kErrorHandler = *AtomTable::global().intern("error_handler"),
                      kSaveCalls = *AtomTable::global().intern("save_calls");
    if (flag == kSensitive) {
        if (v != atom::true_ && v != atom::false_) return p->badarg();
        Term old = p->sensitive ? atom::true_ : atom::false_;
        p->sensitive = v == atom::true_;
        return old;
    }
    if (flag == kErrorHandler) {
        if (!is_atom(v)) return p->badarg();
        Term old = p->error_handler == kNonValue ? kErrorHandler : p->error_handler;
        p->error_handler = v == kErrorHandler ? kNonValue : v;
        return old;
    }
    if (flag == kSaveCalls) {
        if (!is_small(v) || small_value(v) < 0 || small_value(v) > 10000) return p->badarg();
        return make_small(0);
    }
    // scheduler: binds the process to scheduler N (1..schedulers; 0 unbinds it). When it runs
    // elsewhere it gives up this scheduler and returns once scheduler N runs it.
    static const Term kScheduler = *AtomTable::global().intern("scheduler");
    if (flag == kScheduler) {
        if (!is_small(v) || small_value(v) < 0 ||
            small_value(v) > SWord(Scheduler::global().count()))
            return p->badarg();
        Term old = make_small(p->bound_scheduler);
        p->bound_scheduler = uint16_t(small_value(v));
        if (p->bound_scheduler == 0 || p->bound_scheduler == current_scheduler_id()) return old;
        static Export *const kYieldReturn =
            ExportTable::global().get(*AtomTable::global().intern("hamlet_process"),
                                      *AtomTable::global().intern("yield_return"), 1);
        p->trap_yield = true;
        return p->trap(kYieldReturn, {old});
    }
    return p->badarg();
}

// erlang:yield/0: returns true after giving up the scheduler (the BIF traps to an Erlang
// function returning true, and the trap yields).
// Charges N reductions to the running time slice: a count that uses it up (erts' 4000
// reductions) gives up the scheduler, as on the BEAM. (As on erl, process_info's reductions
// do not show the charge.)
// As erts: the count is charged to the time slice, at most what is left of it, so it shows in
// process_info(self(), reductions), and a slice it uses up ends at the next call.
Term erlang_bump_reductions_1(Process *p, const Term *args) {
    Term n = args[0];
    if (!is_small(n) || small_value(n) < 0) return p->badarg();
    p->reductions += std::min<int64_t>(small_value(n), std::max<int64_t>(p->slice_left, 0));
    return atom::true_;
}

Term erlang_yield_0(Process *p, const Term *) {
    p->trap_yield = true;
    return p->trap(yield_return_export(), {});
}

// erlang:hibernate(M, F, A): discards the call stack, waits for a message without taking it,
// then calls M:F(A); when that returns, the process exits normally.
Term erlang_hibernate_3(Process *p, const Term *args) {
    if (!is_atom(args[0]) || !is_atom(args[1]) || !is_proper(args[2])) return p->badarg();
    p->trap_hibernate = true;
    return p->trap(hibernate_export(), {args[0], args[1], args[2]});
}

Term erlang_pid_to_list_1(Process *p, const Term *args) {
    if (!is_local_pid(args[0]) && !is_boxed_of(args[0], Subtag::ExtPid)) return p->badarg();
    return make_string(p, display_text(args[0]));
}

Term erlang_port_to_list_1(Process *p, const Term *args) {
    if (!is_local_port(args[0]) && !is_boxed_of(args[0], Subtag::ExtPort)) return p->badarg();
    return make_string(p, display_text(args[0]));
}

namespace {

// A list of at most `max` bytes as a string; false for anything else.
bool short_byte_list(Term l, size_t max, std::string &out) {
    for (; is_list(l); l = cdr(l)) {
        Term c = car(l);
        if (!is_small(c) || small_value(c) < 0 || small_value(c) > 255 || out.size() == max)
            return false;
        out.push_back(char(small_value(c)));
    }
    return is_nil(l);
}

// Decimal numbers separated by '.', after `prefix` and up to '>' at the very end.
bool dotted_numbers(const std::string &s, std::string_view prefix, std::vector<uint64_t> &out) {
    if (s.compare(0, prefix.size(), prefix) != 0 || s.empty() || s.back() != '>') return false;
    size_t i = prefix.size(), end = s.size() - 1;
    while (true) {
        if (i >= end || s[i] < '0' || s[i] > '9') return false;
        uint64_t v = 0;
        for (; i < end && s[i] >= '0' && s[i] <= '9'; ++i) {
            if (v > (UINT64_MAX - 9) / 10) return false;
            v = v * 10 + uint64_t(s[i] - '0');
        }
        out.push_back(v);
        if (i == end) return true;
        if (s[i++] != '.') return false;
    }
}

} // namespace

// "<0.N.S>": a pid of this node (other node numbers name no connected node: badarg).
Term erlang_list_to_pid_1(Process *p, const Term *args) {
    std::string s;
    std::vector<uint64_t> n;
    if (!short_byte_list(args[0], 64, s) || !dotted_numbers(s, "<", n) || n.size() != 3 ||
        n[0] != 0 || n[1] >= (uint64_t(1) << 32) || n[2] >= (uint64_t(1) << 28))
        return p->badarg();
    return make_local_pid(n[2] << 32 | n[1]);
}

// "#Port<0.N>": a port of this node (erts' 28-bit port numbers; other node numbers name no
// connected node: badarg). The port need not exist, as in erts.
Term erlang_list_to_port_1(Process *p, const Term *args) {
    std::string s;
    std::vector<uint64_t> n;
    if (!short_byte_list(args[0], 38, s) || !dotted_numbers(s, "#Port<", n) || n.size() != 2 ||
        n[0] != 0 || n[1] >= (uint64_t(1) << 28))
        return p->badarg();
    return make_local_port(n[1]);
}

// "#Ref<0.C.B.A>": a reference of this node with numbers A, B, C (as ref_to_list/1 prints it).
Term erlang_list_to_ref_1(Process *p, const Term *args) {
    std::string s;
    std::vector<uint64_t> n;
    if (!short_byte_list(args[0], 128, s) || !dotted_numbers(s, "#Ref<", n) || n.size() != 4 ||
        n[0] != 0 || std::any_of(n.begin() + 1, n.end(), [](uint64_t v) { return v > 0xFFFFFFFF; }))
        return p->badarg();
    Word *hp = p->alloc(kRefWords);
    hp[0] = make_header(Subtag::Ref, 3);
    for (int i = 0; i < 3; ++i)
        hp[1 + i] = n[3 - i];
    return make_boxed(hp);
}

Term erlang_ref_to_list_1(Process *p, const Term *args) {
    if (!is_boxed_of(args[0], Subtag::Ref) && !is_boxed_of(args[0], Subtag::ExtRef))
        return p->badarg();
    return make_string(p, display_text(args[0]));
}

} // namespace hamlet
