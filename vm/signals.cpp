#include "vm/signals.h"

#include "dist/engine.h"
#include "dist/node.h"
#include "inet/socket/socket.h"
#include "nif/call.h"
#include "ports/port.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/ets_table.h"
#include "vm/process_table.h"
#include "vm/purge.h"
#include "vm/ref.h"
#include "vm/scheduler.h"
#include "vm/suspend.h"
#include "vm/system_monitor.h"
#include "vm/term_build.h"
#include "vm/timer_service.h"
#include "vm/trace.h"

#include <algorithm>
#include <chrono>
#include <string>

namespace hamlet {

namespace {

// Words the receiver may need beside the copied term: {'DOWN', Ref, process, {Name, Node},
// Reason} is 6 + 4 + 3, {'EXIT', From, Reason} is 4.
constexpr size_t kSpareWords = 13;

Signal *make_signal(SignalKind kind, Term from, uint64_t ref, Term term, size_t spare) {
    auto *s = new Signal;
    s->kind = kind;
    s->from = from;
    s->ref = ref;
    // A sender of another node is an external pid: copied too, so that it lives as long
    // as the signal (it becomes the From of {'EXIT', From, Reason}).
    size_t from_words = is_boxed(from) ? copy_size(from) : 0;
    size_t words = copy_size(term);
    if (words + from_words + spare) {
        HeapFragment *f = HeapFragment::create(words + from_words + spare);
        f->used = words + from_words;
        s->term = words ? copy_term(term, f->data, f->off_heap) : term;
        if (from_words) s->from = copy_term(from, f->data + words, f->off_heap);
        s->fragment = f;
    } else {
        s->term = term;
    }
    return s;
}

Word *spare(Signal *s, size_t words) {
    HeapFragment *f = s->fragment;
    Word *w = f->data + f->used;
    f->used += words;
    return w;
}

// Appends s to `to`'s queue and wakes `to` if it waits. False if `to` has exited.
bool deliver(Process *to, Signal *s) {
    bool wake = false;
    {
        std::lock_guard lock(to->mailbox->lock());
        if (!to->mailbox->push_locked(s)) return false;
        // A suspended process still handles signals other than messages (an exit signal
        // still kills it; a Resume ends the suspension).
        if (to->status == ProcessStatus::Waiting ||
            (to->status == ProcessStatus::Suspended && s->kind != SignalKind::Message)) {
            to->status = ProcessStatus::Runnable;
            wake = true;
        }
    }
    if (wake) Scheduler::global().enqueue(to);
    return true;
}

Term dead_answer(Term what) {
    return what == atom::true_ ? atom::false_ : atom::undefined;
}

} // namespace

// The answer to garbage_collect/1,2: the request's reply tuple with its last element (true)
// replaced by `result` (false when the process was not alive). Frees the signal.
void answer_gc_request(Signal *s, Term result) {
    const Term *e = tuple_elements(s->term);
    Word arity = tuple_arity(s->term);
    Word tuple[4] = {make_header(Subtag::Tuple, arity)};
    for (Word i = 0; i < arity && i < 3; ++i)
        tuple[1 + i] = e[i];
    tuple[arity] = result;
    send_message(s->from, make_boxed(tuple));
    Mailbox::free_signal(s);
}

namespace {

// A signal that reached a process that no longer exists: answer for the dead process.
void bounce(Term dead, Signal *s) {
    switch (s->kind) {
    case SignalKind::Link:
        send_signal(s->from, SignalKind::LinkExit, dead, 0, atom::noproc);
        break;
    case SignalKind::Monitor:
        send_signal(s->from, SignalKind::Down, dead, s->ref, atom::noproc);
        break;
    case SignalKind::GarbageCollect:
    case SignalKind::CheckProcessCode:
        answer_gc_request(s, atom::false_);
        return;
    case SignalKind::CopyLiterals: // nothing to copy
        answer_gc_request(s, atom::ok);
        return;
    case SignalKind::Suspend:
    case SignalKind::SyncSuspend:
        return bounce_suspend(s);
    case SignalKind::RemoteMonitored:
        dist::remote_monitor_fired(s->ref, atom::noproc);
        break;
    case SignalKind::InfoRequest: {
        // term = {Ref, What}: reply {Ref, undefined | false}
        const Term *e = tuple_elements(s->term);
        Word tuple[3] = {make_header(Subtag::Tuple, 2), e[0], dead_answer(e[1])};
        send_message(s->from, make_boxed(tuple));
        break;
    }
    default:
        break;
    }
    Mailbox::free_signal(s);
}

void adopt_fragment(Process *p, Signal *s) {
    if (HeapFragment *f = s->fragment) {
        f->next = p->fragments;
        p->fragments = f;
        p->add_fragment_words(f->size);
        s->fragment = nullptr;
    }
}

void set_pending_exit(Process *p, Signal *s, Term reason) {
    if (p->pending_exit == kNonValue) {
        p->pending_exit = reason;
        adopt_fragment(p, s); // the reason lives in the signal's fragment
    }
    Mailbox::free_signal(s);
}

// An exit signal that the process traps: the message {'EXIT', From, Reason}.
void exit_to_message(Process *p, Signal *s) {
    Word *w = spare(s, 4);
    w[0] = make_header(Subtag::Tuple, 3);
    w[1] = atom::EXIT;
    w[2] = s->from;
    w[3] = s->term;
    s->term = make_boxed(w);
    s->kind = SignalKind::Message;
    s->ref = 0;
    // An exit signal turned into a message is traced as a message received (erts too).
    if (trace::flags_of(p) & trace::kReceive) [[unlikely]]
        trace::receive(p, s->from, s->term);
    p->mailbox->append_message(s);
}

Process::Alias *find_alias(Process *p, uint64_t id) {
    for (auto &a : p->aliases)
        if (a.id == id) return &a;
    return nullptr;
}

void drop_alias(Process *p, uint64_t id) {
    auto it =
        std::find_if(p->aliases.begin(), p->aliases.end(), [&](auto &a) { return a.id == id; });
    if (it == p->aliases.end()) return;
    p->aliases.erase(it);
    ProcessTable::global().remove_alias(id);
}

void handle_down(Process *p, Signal *s) {
    auto it = std::find_if(p->monitoring.begin(), p->monitoring.end(),
                           [&](auto &m) { return m.ref == s->ref; });
    if (it == p->monitoring.end()) {
        Mailbox::free_signal(s); // demonitored meanwhile
        return;
    }
    Term name = it->name;
    bool port = it->port, remote = it->remote;
    MonitorTag tag = std::move(it->tag);
    if (tag.memory) {
        // The tag goes into the message: a signal with room for a copy of it too.
        size_t words = copy_size(tag.term);
        Signal *n = make_signal(s->kind, s->from, s->ref, s->term, kSpareWords + words);
        tag.term = copy_term(tag.term, spare(n, words), n->fragment->off_heap);
        Mailbox::free_signal(s);
        s = n;
    }
    Term node = remote ? it->pid : atom::nonode_nohost;
    p->monitoring.erase(it);
    if (Process::Alias *a = find_alias(p, s->ref);
        a && a->mode != Process::AliasMode::ExplicitUnalias)
        drop_alias(p, s->ref);
    Term object = s->from;
    if (remote) {
        // The engine sent {Object, Reason}: the remote pid or {Name, Node}, and the reason.
        object = tuple_elements(s->term)[0];
        s->term = tuple_elements(s->term)[1];
    } else if (name != kNonValue) {
        Word *t = spare(s, 3);
        t[0] = make_header(Subtag::Tuple, 2);
        t[1] = name;
        t[2] = node;
        object = make_boxed(t);
    }
    Term ref = make_ref_at(spare(s, kRefWords), s->ref);
    Word *w = spare(s, 6);
    static const Term kPort = *AtomTable::global().intern("port");
    w[0] = make_header(Subtag::Tuple, 5);
    w[1] = tag.term != kNonValue ? tag.term : atom::DOWN;
    w[2] = ref;
    w[3] = port ? kPort : atom::process;
    w[4] = object;
    w[5] = s->term;
    s->term = make_boxed(w);
    s->kind = SignalKind::Message;
    s->ref = 0;
    if (trace::flags_of(p) & trace::kReceive) [[unlikely]]
        trace::receive(p, s->from, s->term);
    p->mailbox->append_message(s);
}

void handle_one(Process *p, Signal *s) {
    switch (s->kind) {
    case SignalKind::Message:
        if (s->ref) {
            // Sent to an alias: only delivered while the alias is active.
            Process::Alias *a = find_alias(p, s->ref);
            if (!a) {
                Mailbox::free_signal(s);
                return;
            }
            if (a->mode == Process::AliasMode::ReplyDemonitor) {
                uint64_t id = s->ref;
                drop_alias(p, id);
                remove_monitor(p, id);
            }
            s->ref = 0;
        }
        if (trace::flags_of(p) & trace::kReceive) [[unlikely]]
            trace::receive(p, s->from, s->term);
        p->mailbox->append_message(s);
        return;
    case SignalKind::Exit: {
        // exit/2: kill is untrappable; normal only ends the process that sent it to itself.
        Term reason = s->term;
        if (reason == atom::kill) return set_pending_exit(p, s, atom::killed);
        if (p->trap_exit) return exit_to_message(p, s);
        if (reason == atom::normal && s->from != p->pid) return Mailbox::free_signal(s);
        return set_pending_exit(p, s, reason);
    }
    case SignalKind::LinkExit: {
        auto it = std::find(p->links.begin(), p->links.end(), s->from);
        if (it == p->links.end()) return Mailbox::free_signal(s); // unlinked meanwhile
        p->links.erase(it);
        // getting_unlinked is traced unless the signal ends the process (as erts), after
        // the {'EXIT', ...} message it became.
        bool traced = trace::flags_of(p) & trace::kProcs;
        Term from = s->from;
        if (p->trap_exit) {
            exit_to_message(p, s);
        } else if (s->term == atom::normal) {
            Mailbox::free_signal(s);
        } else {
            return set_pending_exit(p, s, s->term);
        }
        if (traced) [[unlikely]]
            trace::procs(p, *AtomTable::global().intern("getting_unlinked"), from);
        return;
    }
    case SignalKind::RemoteLinkExit: // the engine has removed the link already
        if (p->trap_exit) return exit_to_message(p, s);
        if (s->term == atom::normal) return Mailbox::free_signal(s);
        return set_pending_exit(p, s, s->term);
    case SignalKind::Link:
        if (std::find(p->links.begin(), p->links.end(), s->from) == p->links.end()) {
            p->links.push_back(s->from);
            if (trace::flags_of(p) & trace::kProcs) [[unlikely]]
                trace::procs(p, *AtomTable::global().intern("getting_linked"), s->from);
        }
        break;
    case SignalKind::Unlink: {
        auto it = std::find(p->links.begin(), p->links.end(), s->from);
        if (it != p->links.end()) {
            p->links.erase(it);
            if (trace::flags_of(p) & trace::kProcs) [[unlikely]]
                trace::procs(p, *AtomTable::global().intern("getting_unlinked"), s->from);
        }
        break;
    }
    case SignalKind::Monitor:
        p->monitored_by.push_back({s->ref, s->from, kNonValue});
        break;
    case SignalKind::Demonitor: {
        auto &v = p->monitored_by;
        auto it = std::find_if(v.begin(), v.end(), [&](auto &m) { return m.ref == s->ref; });
        if (it != v.end()) v.erase(it);
        break;
    }
    case SignalKind::Down:
        return handle_down(p, s);
    case SignalKind::RemoteMonitor:
        // A tag from spawn_request's {monitor, [{tag, T}]} comes as {T}.
        p->monitoring.push_back(
            {s->ref, s->from, kNonValue, false, true,
             is_tuple(s->term) ? MonitorTag::of(tuple_elements(s->term)[0]) : MonitorTag{}});
        break;
    case SignalKind::RemoteMonitored:
        if (p->pending_exit != kNonValue) return bounce(p->pid, s);
        p->monitored_by.push_back({s->ref, s->from, kNonValue, false, true});
        break;
    case SignalKind::GroupLeader:
        p->group_leader = s->from;
        // A group leader of another node is an external pid in the signal's fragment,
        // which then joins the heap.
        if (is_boxed(s->from)) adopt_fragment(p, s);
        break;
    case SignalKind::InfoRequest: {
        // A process that an exit signal has already killed answers as a dead one.
        if (p->pending_exit != kNonValue) return bounce(p->pid, s);
        const Term *e = tuple_elements(s->term);
        Term answer = process_info_answer(p, e[1]);
        Word *w = p->alloc(3);
        w[0] = make_header(Subtag::Tuple, 2);
        w[1] = e[0];
        w[2] = answer;
        send_message(s->from, make_boxed(w));
        break;
    }
    case SignalKind::CheckProcessCode:
        if (p->pending_exit != kNonValue) return bounce(p->pid, s);
        answer_gc_request(s, process_runs_old_code(p, Term(s->ref)) ? atom::true_ : atom::false_);
        return;
    case SignalKind::GarbageCollect:
    case SignalKind::CopyLiterals:
        if (p->pending_exit != kNonValue) return bounce(p->pid, s);
        p->gc_requested = true; // the scheduler collects before the process runs again
        p->update_gc_slack();
        s->next = p->gc_waiters;
        p->gc_waiters = s;
        return;
    case SignalKind::Suspend:
        return on_suspend(p, s);
    case SignalKind::Resume:
        return on_resume(p, s);
    case SignalKind::SyncSuspend:
        return on_sync_suspend(p, s);
    case SignalKind::Timeout:
        if (s->ref == kExpireReceiveTimeout && p->timer_id) {
            TimerService::global().cancel(p->timer_id); // the wait ends now
            s->ref = p->timer_id;
        }
        if (s->ref == p->timer_id) {
            p->timer_id = 0;
            p->timeout_fired = true;
        }
        break;
    }
    Mailbox::free_signal(s);
}

} // namespace

void send_signal(Term to, SignalKind kind, Term from, uint64_t ref, Term term) {
    if (is_local_port(to)) return send_port_signal(to, kind, from, ref, term);
    if (!is_local_pid(to)) {
        // A message to a process of another node (a group leader's io request, a reply).
        if (kind == SignalKind::Message && is_boxed_of(to, Subtag::ExtPid))
            dist::send_to_pid(kNonValue, to, term);
        return;
    }
    size_t extra = (kind == SignalKind::Exit || kind == SignalKind::LinkExit ||
                    kind == SignalKind::Down || kind == SignalKind::RemoteLinkExit)
                       ? kSpareWords
                       : 0;
    Signal *s = make_signal(kind, from, ref, term, extra);
    ProcessRef p = ProcessTable::global().lookup(to);
    if (!p || !deliver(p.get(), s)) bounce(to, s);
}

bool send_message(Term dest, Term msg) {
    Term pid = dest;
    uint64_t alias = 0;
    if (is_local_pid(dest)) {
        // the common case
    } else if (is_atom(dest)) {
        pid = ProcessTable::global().whereis(dest);
        if (pid == atom::undefined) return false;
        if (is_local_port(pid)) {
            send_to_port(pid, msg);
            return true;
        }
    } else if (is_local_port(dest)) {
        send_to_port(dest, msg);
        return true;
    } else if (is_tuple(dest) && tuple_arity(dest) == 2 && is_atom(tuple_elements(dest)[0]) &&
               is_atom(tuple_elements(dest)[1])) {
        // {Name, Node}: another node's process goes through the engine; an unknown name
        // drops the message.
        if (tuple_elements(dest)[1] != this_node()) {
            dist::send_to_name(running_pid(), tuple_elements(dest)[0], tuple_elements(dest)[1],
                               msg);
            return true;
        }
        pid = ProcessTable::global().whereis(tuple_elements(dest)[0]);
        if (pid == atom::undefined) return true;
        if (is_local_port(pid)) {
            send_to_port(pid, msg);
            return true;
        }
    } else if (ref_id(dest, &alias)) {
        pid = ProcessTable::global().alias_owner(alias);
        if (pid == kNonValue) return true; // not an active alias: dropped
    } else if (is_boxed_of(dest, Subtag::ExtPid)) {
        dist::send_to_pid(running_pid(), dest, msg);
        return true;
    } else if (is_boxed_of(dest, Subtag::ExtRef)) {
        dist::send_to_alias(running_pid(), dest, msg);
        return true;
    } else {
        return false;
    }
    ProcessRef p = ProcessTable::global().lookup(pid);
    if (!p) return true; // a dead process: nothing happens
    // The sender (for 'receive' trace specifications, which match on it).
    Signal *s = make_signal(SignalKind::Message, running_pid(), alias, msg, 0);
    if (!deliver(p.get(), s)) Mailbox::free_signal(s);
    return true;
}

void deliver_first_message(Process *p, Term msg) {
    p->mailbox->append_message(make_signal(SignalKind::Message, kNonValue, 0, msg, 0));
}

void handle_incoming_signals(Process *p) {
    for (Signal *s = p->mailbox->take_incoming(); s;) {
        Signal *next = s->next;
        s->next = nullptr;
        handle_one(p, s);
        s = next;
    }
}

bool remove_monitor(Process *p, uint64_t ref) {
    auto it = std::find_if(p->monitoring.begin(), p->monitoring.end(),
                           [&](auto &m) { return m.ref == ref; });
    if (it == p->monitoring.end()) return false;
    Term target = it->pid;
    bool remote = it->remote;
    p->monitoring.erase(it);
    if (Process::Alias *a = find_alias(p, ref); a && a->mode != Process::AliasMode::ExplicitUnalias)
        drop_alias(p, ref);
    if (remote)
        dist::demonitor(p, ref);
    else
        send_signal(target, SignalKind::Demonitor, p->pid, ref, kNil);
    return true;
}

bool remove_alias(Process *p, uint64_t id) {
    if (!find_alias(p, id)) return false;
    drop_alias(p, id);
    return true;
}

namespace {

// The metadata the BEAM gives its own log events:
// #{error_logger => #{emulator => true, tag => error}, gl => GL, pid => Pid, time => Us}
// A node that is alive names itself in the message, as erts does.
void log_crash(Process *p) {
    if (node_alive())
        send_vm_log(
            p, "Error in process ~p on node ~p with exit value:~n~p~n",
            make_cons(p, p->pid, make_cons(p, this_node(), make_cons(p, p->exit_reason, kNil))));
    else
        send_vm_log(p, "Error in process ~p with exit value:~n~p~n",
                    make_cons(p, p->pid, make_cons(p, p->exit_reason, kNil)));
}

} // namespace

// The VM's own log event: {log, error, Format, Args, Metadata} to the system logger, with the
// metadata the BEAM gives it:
// #{error_logger => #{emulator => true, tag => error}, gl => GL, pid => Pid, time => Us}.
// Dropped when there is no system logger.
void send_vm_log(Process *p, const char *format_text, Term args, Term level) {
    static const Term kLog = *AtomTable::global().intern("log"),
                      kErrorLogger = *AtomTable::global().intern("error_logger"),
                      kEmulator = *AtomTable::global().intern("emulator"),
                      kTag = *AtomTable::global().intern("tag"),
                      kGl = *AtomTable::global().intern("gl"),
                      kPid = *AtomTable::global().intern("pid"),
                      kTime = *AtomTable::global().intern("time"),
                      kWarningMsg = *AtomTable::global().intern("warning_msg");
    if (level == kNonValue) level = atom::error;
    // #{emulator => true, tag => error | warning_msg}
    Word *inner_keys = p->alloc(3), *inner = p->alloc(5);
    inner_keys[0] = make_header(Subtag::Tuple, 2);
    inner_keys[1] = kEmulator;
    inner_keys[2] = kTag;
    inner[0] = make_header(Subtag::Map, 4);
    inner[1] = Word(2) << 2;
    inner[2] = make_boxed(inner_keys);
    inner[3] = atom::true_;
    inner[4] = level == atom::error ? atom::error : kWarningMsg;
    // #{error_logger => ..., gl => GL, pid => Pid, time => Microseconds} (keys in term order)
    using namespace std::chrono;
    int64_t us = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    Word *keys = p->alloc(5), *md = p->alloc(7);
    keys[0] = make_header(Subtag::Tuple, 4);
    keys[1] = kErrorLogger;
    keys[2] = kGl;
    keys[3] = kPid;
    keys[4] = kTime;
    md[0] = make_header(Subtag::Map, 6);
    md[1] = Word(4) << 2;
    md[2] = make_boxed(keys);
    md[3] = make_boxed(inner);
    md[4] = p->group_leader;
    md[5] = p->pid;
    md[6] = make_int64(p, us);
    Term format = make_string(p, format_text);
    send_message(system_logger(), make_tuple(p, {kLog, level, format, args, make_boxed(md)}));
}

// An uncaught error or throw is logged as the BEAM logs it: the message
// {log, error, "Error in process ~p with exit value:~n~p~n", [Pid, Reason], Metadata} goes to
// the system logger (dropped when there is none).
void max_heap_size_reached(Process *p, size_t total_words) {
    if (p->max_heap_log) {
        bool alive = node_alive();
        Term values[] = {p->pid,
                         this_node(),
                         make_small(p->max_heap_words),
                         make_small(SWord(total_words)),
                         p->max_heap_kill ? atom::true_ : atom::false_,
                         atom::true_,
                         make_small(SWord(p->mailbox->length())),
                         kNil};
        Term args = kNil;
        for (size_t i = std::size(values); i-- > 0;)
            if (i != 1 || alive) args = make_cons(p, values[i], args);
        // As erts: a node that is alive names itself after the pid.
        std::string format = std::string("     Process:            ~p ") +
                             (alive ? "on node ~p" : "") +
                             "~n"
                             "     Context:            maximum heap size reached~n"
                             "     Max Heap Size:      ~p~n"
                             "     Total Heap Size:    ~p~n"
                             "     Kill:               ~p~n"
                             "     Error Logger:       ~p~n"
                             "     Message Queue Len:  ~p~n"
                             "     GC Info:            ~p~n";
        send_vm_log(p, format.c_str(), args);
    }
    if (p->max_heap_kill) p->pending_exit = atom::killed;
}

void process_exited(Process *p) {
    if (trace::flags_of(p) & trace::kProcs) [[unlikely]] {
        trace::exited(p, p->exit_reason);
        // its registered name goes with it: traced as unregister, after exit (as erts)
        Term name = ProcessTable::global().name_of(p->pid);
        if (name != kNonValue)
            trace::procs(p, *AtomTable::global().intern("unregister"), name);
    }
    if (p->exc_class_at_exit == ExcClass::Error || p->exc_class_at_exit == ExcClass::Throw)
        log_crash(p);
    Term reason = p->exit_reason;
    Signal *rest;
    std::vector<uint64_t> bif_timers;
    {
        std::lock_guard lock(p->mailbox->lock());
        p->status = ProcessStatus::Exited;
        bif_timers.swap(p->bif_timers);
    }
    rest = p->mailbox->close();
    ProcessTable::global().remove(p);
    ProcessTable::global().unregister_pid(p->pid);
    if (p->timer_id) TimerService::global().cancel(p->timer_id);
    for (uint64_t id : bif_timers)
        TimerService::global().cancel(id);
    for (auto &a : p->aliases)
        ProcessTable::global().remove_alias(a.id);
    // Signals that arrived too late are answered as by a process that does not exist.
    for (Signal *s = p->gc_waiters; s;) {
        Signal *next = s->next;
        s->next = nullptr;
        bounce(p->pid, s);
        s = next;
    }
    p->gc_waiters = nullptr;
    suspend_process_exited(p);
    sysmon::process_exited(p->pid);
    while (rest) {
        Signal *next = rest->next;
        rest->next = nullptr;
        bounce(p->pid, rest);
        rest = next;
    }
    dist::process_exiting(p->pid); // net_kernel ends the distribution before its links hear
    for (Term l : p->links)
        send_signal(l, SignalKind::LinkExit, p->pid, 0, reason);
    for (auto &m : p->monitored_by)
        if (m.remote)
            dist::remote_monitor_fired(m.ref, reason);
        else
            send_signal(m.pid, SignalKind::Down, p->pid, m.ref, reason);
    for (auto &m : p->monitoring)
        if (m.remote)
            dist::demonitor(p, m.ref);
        else
            send_signal(m.pid, SignalKind::Demonitor, p->pid, m.ref, kNil);
    if (p->node_monitors) dist::process_gone(p->pid);
    dist::process_exited(p->pid, reason); // links to other nodes' processes
    p->links.clear();
    p->monitored_by.clear();
    p->monitoring.clear();
    p->aliases.clear();
    ets_on_process_exit(p->pid);   // tables it owned go to their heirs or are deleted
    nif_process_exited(p->pid);    // NIF resources monitoring it get their down callbacks
    socket_process_exited(p->pid); // sockets it owned close (inet/socket/)
}

} // namespace hamlet
