#include "vm/scheduler.h"

#include "emulator/emulator.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/mailbox.h"
#include "vm/module.h"

#include <chrono>
#include <thread>

namespace hamlet {

uint64_t monotonic_us() {
    using namespace std::chrono;
    return uint64_t(duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count());
}

Scheduler &Scheduler::global() {
    static Scheduler s;
    return s;
}

Process *Scheduler::spawn(Term module, Term function, Term args, Process *parent) {
    unsigned n = 0;
    for (Term t = args; is_list(t); t = cdr(t)) ++n;
    {
        Term t = args;
        for (unsigned i = 0; i < n; ++i) t = cdr(t);
        if (!is_nil(t)) return nullptr;
    }
    auto proc = std::make_unique<Process>();
    Process *p = proc.get();
    {
        std::lock_guard lock(mutex_);
        p->pid = make_local_pid(next_pid_++);
        processes_.emplace(p->pid, std::move(proc));
    }
    p->group_leader = parent ? parent->group_leader : p->pid;
    // Arguments are copied into the new process's heap.
    p->saved_x.resize(n);
    Term t = args;
    for (unsigned i = 0; i < n; ++i, t = cdr(t)) {
        Term a = car(t);
        size_t words = copy_size(a);
        p->saved_x[i] = words ? copy_term(a, p->alloc(words), p->off_heap) : a;
    }
    p->arity = n;
    // The first function returns to the normal-exit code.
    --p->stop;
    p->stop[0] = reinterpret_cast<Word>(normal_exit_address());
    Export *e = ExportTable::global().get(module, function, n);
    p->pc = e->address.load(std::memory_order_acquire);
    make_runnable(p);
    return p;
}

Process *Scheduler::lookup(Term pid) {
    std::lock_guard lock(mutex_);
    auto it = processes_.find(pid);
    if (it == processes_.end() || it->second->status == ProcessStatus::Exited) return nullptr;
    return it->second.get();
}

bool Scheduler::register_name(Term name, Term pid) {
    std::lock_guard lock(mutex_);
    if (name == atom::undefined || names_.count(name)) return false;
    auto it = processes_.find(pid);
    if (it == processes_.end() || it->second->registered_name != kNonValue) return false;
    names_[name] = pid;
    it->second->registered_name = name;
    return true;
}

bool Scheduler::unregister_name(Term name) {
    std::lock_guard lock(mutex_);
    auto it = names_.find(name);
    if (it == names_.end()) return false;
    auto p = processes_.find(it->second);
    if (p != processes_.end()) p->second->registered_name = kNonValue;
    names_.erase(it);
    return true;
}

Term Scheduler::whereis(Term name) {
    std::lock_guard lock(mutex_);
    auto it = names_.find(name);
    return it == names_.end() ? atom::undefined : it->second;
}

bool Scheduler::send(Term dest, Term msg) {
    Term pid = dest;
    if (is_atom(dest)) {
        pid = whereis(dest);
        if (pid == atom::undefined) return false;
    } else if (is_tuple(dest) && tuple_arity(dest) == 2 && is_atom(tuple_elements(dest)[0])) {
        // {Name, Node}: only the local node exists for now.
        pid = whereis(tuple_elements(dest)[0]);
        if (pid == atom::undefined) return true;
    } else if (!is_local_pid(dest)) {
        return is_boxed_of(dest, Subtag::ExtPid) || is_boxed_of(dest, Subtag::Ref);
    }
    Process *to = lookup(pid);
    if (!to) return true; // sending to a dead process succeeds silently
    auto *m = new Message;
    size_t words = copy_size(msg);
    if (words) {
        m->fragment = HeapFragment::create(words);
        m->fragment->used = words;
        m->term = copy_term(msg, m->fragment->data, m->fragment->off_heap);
    } else {
        m->fragment = nullptr;
        m->term = msg;
    }
    to->mailbox->push(m);
    std::lock_guard lock(mutex_);
    if (to->status == ProcessStatus::Waiting) {
        to->status = ProcessStatus::Runnable;
        run_queue_.push_back(to);
    }
    return true;
}

void Scheduler::make_runnable(Process *p) {
    std::lock_guard lock(mutex_);
    p->status = ProcessStatus::Runnable;
    run_queue_.push_back(p);
}

void Scheduler::halt(int status) {
    halt_status_ = status;
    halt_requested_.store(true);
}

void Scheduler::finish(Process *p) {
    std::lock_guard lock(mutex_);
    p->status = ProcessStatus::Exited;
    if (p->registered_name != kNonValue) {
        names_.erase(p->registered_name);
        p->registered_name = kNonValue;
    }
}

int Scheduler::run() {
    static Registers regs;
    while (!halt_requested_.load()) {
        Process *p = nullptr;
        {
            std::lock_guard lock(mutex_);
            if (!run_queue_.empty()) {
                p = run_queue_.front();
                run_queue_.pop_front();
            }
        }
        if (!p) {
            // Nothing runnable: wake the earliest receive timeout, or stop when none.
            Process *next = nullptr;
            {
                std::lock_guard lock(mutex_);
                for (auto &[pid, q] : processes_)
                    if (q->status == ProcessStatus::Waiting && q->timer_active &&
                        (!next || q->timer_deadline_us < next->timer_deadline_us))
                        next = q.get();
            }
            if (!next) break;
            uint64_t now = monotonic_us();
            if (next->timer_deadline_us > now)
                std::this_thread::sleep_for(std::chrono::microseconds(next->timer_deadline_us - now));
            next->timer_active = false;
            next->timeout_fired = true;
            make_runnable(next);
            continue;
        }
        if (p->status == ProcessStatus::Exited) continue;
        p->status = ProcessStatus::Running;
        RunResult r = run_process(p, &regs, 4000);
        switch (r) {
        case RunResult::Yielded: make_runnable(p); break;
        case RunResult::Waiting: {
            std::lock_guard lock(mutex_);
            p->status = ProcessStatus::Waiting;
            // A message may have arrived while it ran: look again.
            if (p->mailbox->has_new()) {
                p->status = ProcessStatus::Runnable;
                run_queue_.push_back(p);
            }
            break;
        }
        case RunResult::Exited: finish(p); break;
        }
    }
    return halt_status_;
}

} // namespace hamlet
