#include "vm/suspend.h"

#include "vm/atom_table.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <algorithm>

namespace hamlet {

namespace {

Process::Suspension *find(Process *p, Term pid) {
    for (auto &s : p->suspending)
        if (s.pid == pid) return &s;
    return nullptr;
}

// The Suspend signal carries the suspension's "active" flag, which the suspendee raises
// when it takes the suspension on (process_info(_, suspending) tells active from
// outstanding counts, as erts does).
using ActiveFlag = std::shared_ptr<std::atomic<bool>>;

uint64_t flag_ref(const ActiveFlag &f) {
    return reinterpret_cast<uint64_t>(new ActiveFlag(f));
}

ActiveFlag take_flag(Signal *s) {
    auto *f = reinterpret_cast<ActiveFlag *>(s->ref);
    ActiveFlag r = *f;
    delete f;
    s->ref = 0;
    return r;
}

// A request's reply {Tag, Result}: ref is 1 for an asynchronous request (Result defaults to
// suspended), 0 for a synchronous one (Result is the caller's true or false).
void reply(Signal *s, Term result) {
    const Term *e = tuple_elements(s->term);
    Word tuple[3] = {make_header(Subtag::Tuple, 2), e[0], result != kNonValue ? result : e[1]};
    send_message(s->from, make_boxed(tuple));
    Mailbox::free_signal(s);
}

bool is_async(const Signal *s) {
    return s->ref != 0;
}

// Sends the {Tag, Reply} request to the suspendee, or answers it here if the suspendee is
// gone.
void request_reply(Process *caller, Term pid, Term tag, Term result, bool async) {
    Word tuple[3] = {make_header(Subtag::Tuple, 2), tag, result};
    send_signal(pid, SignalKind::SyncSuspend, caller->pid, async ? 1 : 0, make_boxed(tuple));
}

} // namespace

Term suspend_request(Process *caller, Term pid, Term options) {
    if (pid == caller->pid || !is_local_pid(pid)) return atom::badarg;
    static const Term kUnless = atom_of("unless_suspending"), kAsync = atom_of("asynchronous"),
                      kBadopt = atom_of("badopt"), kSuspended = atom_of("suspended");
    bool unless = false, async = false;
    Term tag = kNonValue;
    Term o = options;
    for (; is_list(o); o = cdr(o)) {
        Term opt = car(o);
        if (opt == kUnless) {
            unless = true;
        } else if (opt == kAsync) {
            async = true;
        } else if (is_tuple(opt) && tuple_arity(opt) == 2 && tuple_elements(opt)[0] == kAsync) {
            async = true;
            tag = tuple_elements(opt)[1];
        } else {
            return kBadopt;
        }
    }
    if (!is_nil(o)) return kBadopt;

    Process::Suspension *held = find(caller, pid);
    bool suspend = false, sync = false;
    Term result = atom::true_;
    if (held && unless) {
        result = atom::false_;
        sync = !async && !held->active->load(std::memory_order_acquire);
    } else if (held) {
        ++held->count;
        sync = !async && !held->active->load(std::memory_order_acquire);
    } else {
        suspend = true;
    }
    if (suspend) {
        if (!ProcessTable::global().lookup(pid)) {
            // Not alive: a synchronous request fails; an asynchronous one has nothing to do.
            if (!async) return atom::badarg;
        } else {
            auto flag = std::make_shared<std::atomic<bool>>(false);
            caller->suspending.push_back({pid, 1, flag});
            send_signal(pid, SignalKind::Suspend, caller->pid, flag_ref(flag), kNil);
            sync = !async;
        }
    }
    if (sync) {
        // Answered by the suspendee once it has stopped running.
        uint64_t id = new_ref_id();
        Word ref[kRefWords];
        request_reply(caller, pid, make_ref_at(ref, id), result, false);
        return make_ref(caller, id);
    }
    if (tag != kNonValue) request_reply(caller, pid, tag, kSuspended, true);
    return result;
}

bool resume_request(Process *caller, Term pid) {
    if (pid == caller->pid || !is_local_pid(pid)) return false;
    auto it = std::find_if(caller->suspending.begin(), caller->suspending.end(),
                           [&](auto &s) { return s.pid == pid; });
    if (it == caller->suspending.end()) return false;
    if (!ProcessTable::global().lookup(pid)) {
        // erts drops a suspension when its suspendee dies.
        caller->suspending.erase(it);
        return false;
    }
    if (--it->count == 0) {
        caller->suspending.erase(it);
        send_signal(pid, SignalKind::Resume, caller->pid, 0, kNil);
    }
    return true;
}

void on_suspend(Process *p, Signal *s) {
    ActiveFlag flag = take_flag(s);
    if (p->pending_exit == kNonValue) {
        p->suspended_by.push_back(s->from);
        flag->store(true, std::memory_order_release);
    }
    Mailbox::free_signal(s);
}

void on_resume(Process *p, Signal *s) {
    auto it = std::find(p->suspended_by.begin(), p->suspended_by.end(), s->from);
    if (it != p->suspended_by.end()) p->suspended_by.erase(it);
    Mailbox::free_signal(s);
}

void on_sync_suspend(Process *p, Signal *s) {
    if (p->pending_exit != kNonValue) {
        static const Term kExited = atom_of("exited");
        return reply(s, is_async(s) ? kExited : atom::badarg);
    }
    Signal **tail = &p->suspend_replies;
    while (*tail)
        tail = &(*tail)->next;
    *tail = s;
}

void bounce_suspend(Signal *s) {
    if (s->kind == SignalKind::Suspend) {
        take_flag(s);
        return Mailbox::free_signal(s);
    }
    static const Term kExited = atom_of("exited");
    reply(s, is_async(s) ? atom::badarg : kExited);
}

Signal *take_suspend_replies(Process *p) {
    Signal *list = p->suspend_replies;
    p->suspend_replies = nullptr;
    return list;
}

namespace {

// Answers every request of the list: an asynchronous one with `async`, a synchronous one
// with `sync` (kNonValue: the reply prepared by the requester).
void answer_all(Signal *list, Term async, Term sync) {
    while (list) {
        Signal *next = list->next;
        list->next = nullptr;
        reply(list, is_async(list) ? async : sync);
        list = next;
    }
}

} // namespace

void send_suspend_replies(Signal *list, bool parked) {
    static const Term kNotSuspended = atom_of("not_suspended"),
                      kInternalError = atom_of("internal_error");
    if (parked)
        answer_all(list, kNonValue, kNonValue);
    else
        answer_all(list, kNotSuspended, kInternalError);
}

void suspend_process_exited(Process *p) {
    static const Term kExited = atom_of("exited");
    answer_all(take_suspend_replies(p), kExited, atom::badarg);
    p->suspended_by.clear();
    for (auto &h : p->suspending)
        send_signal(h.pid, SignalKind::Resume, p->pid, 0, kNil);
    p->suspending.clear();
}

Term suspending_info(Process *p) {
    std::vector<Term> v;
    for (auto &h : p->suspending) {
        bool active = h.active->load(std::memory_order_acquire);
        Term n = make_small(SWord(h.count));
        v.push_back(make_tuple(p, {h.pid, active ? n : make_small(0), active ? make_small(0) : n}));
    }
    return make_term_list(p, v);
}

} // namespace hamlet
