#include "vm/scheduler.h"

#include "emulator/emulator.h"
#include "ports/io_thread.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/gc.h"
#include "vm/io_pool.h"
#include "vm/mailbox.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/signals.h"
#include "vm/suspend.h"
#include "vm/system_monitor.h"
#include "vm/timer_service.h"
#include "vm/trace.h"

#include <chrono>
#include <cstdio>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace hamlet {

namespace {
// Reductions a process may use before it is preempted (the BEAM's CONTEXT_REDS).
constexpr int64_t kBudget = Scheduler::kContextReductions;
} // namespace

struct Scheduler::Worker {
    unsigned index = 0;
    std::thread thread;
    std::unique_ptr<Registers> regs = std::make_unique<Registers>();
    std::atomic<uint64_t> reductions{0};
    // Guarded by sleep_mutex_.
    bool asleep = false, wake = false;
    std::condition_variable cv;
};

Scheduler &Scheduler::global() {
    static Scheduler s;
    return s;
}

void Scheduler::set_count(unsigned n) {
    count_ = n ? n : 1;
    queues_.clear();
    workers_.clear();
    for (unsigned i = 0; i < count_; ++i) {
        queues_.push_back(std::make_unique<RunQueue>());
        workers_.push_back(std::make_unique<Worker>());
        workers_.back()->index = i;
    }
}

namespace {
// The process this scheduler thread runs (the sender of `!`, which the send instruction
// does not name; distribution needs it for REG_SEND).
thread_local Term t_running = kNonValue;
// 1 + the index of this scheduler thread's worker; 0 on other threads.
thread_local unsigned t_scheduler_id = 0;

namespace {
// A clock cheap enough to read on every enqueue, ordered across threads (the invariant TSC on
// x86-64; elsewhere the steady clock).
inline uint64_t sched_ticks() {
#if defined(__x86_64__)
    return __rdtsc();
#else
    return uint64_t(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}
// When the process this thread runs began its time slice.
thread_local uint64_t t_slice_began = 0;
} // namespace
} // namespace

Term running_pid() {
    return t_running;
}

// The run queue a process joins after running on scheduler `index`: its bound scheduler's,
// else that one.
static uint16_t home_after_run(const Process *p, unsigned index) {
    return uint16_t(p->bound_scheduler ? p->bound_scheduler - 1 : index);
}

unsigned current_scheduler_id() {
    return t_scheduler_id;
}

SpawnResult Scheduler::spawn(Term module, Term function, Term args, Process *parent,
                             const SpawnOptions &opts) {
    if (queues_.empty()) set_count(1);
    unsigned n = 0;
    for (Term t = args; is_list(t); t = cdr(t))
        ++n;
    GcDefaults &gc = gc_defaults();
    auto *p = new Process(opts.min_heap_size ? opts.min_heap_size : gc.min_heap_size.load());
    p->fullsweep_after =
        uint32_t(opts.fullsweep_after >= 0 ? opts.fullsweep_after : gc.fullsweep_after.load());
    p->min_bin_vheap_words = opts.min_bin_vheap_size >= 0
                                 ? next_heap_size(size_t(opts.min_bin_vheap_size))
                                 : gc.min_bin_vheap_size.load();
    p->binary_vheap_limit = p->old_binary_vheap_limit = p->min_bin_vheap_words * sizeof(Word);
    p->update_gc_slack();
    if (!ProcessTable::global().add(p)) {
        delete p;
        SpawnResult r;
        r.system_limit = true;
        return r;
    }
    SpawnResult result;
    result.pid = p->pid;
    p->group_leader = parent ? parent->group_leader : p->pid;
    if (is_boxed(p->group_leader)) {
        // An external pid (a group leader on another node) lives on the parent's heap: the
        // child gets its own copy.
        Term gl = p->group_leader;
        p->group_leader = copy_term(gl, p->alloc(copy_size(gl)), p->off_heap);
    }
    p->parent = parent ? parent->pid : kNonValue;
    p->priority = opts.priority;
    p->bound_scheduler = opts.scheduler;
    p->mq_off_heap = opts.mq_off_heap;
    if (opts.max_heap_set) {
        p->max_heap_words = opts.max_heap_size;
        p->max_heap_kill = opts.max_heap_kill;
        p->max_heap_log = opts.max_heap_log;
    } else {
        GcDefaults &gc = gc_defaults();
        p->max_heap_words = gc.max_heap_size.load();
        p->max_heap_kill = gc.max_heap_kill.load();
        p->max_heap_log = gc.max_heap_log.load();
    }
    p->initial_module = module;
    p->initial_function = function;
    p->initial_arity = n;
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
    if (trace::spawn_tracing_possible(parent)) [[unlikely]]
        trace::spawned(parent, p, module, function, args, opts.link);
    // Links and monitors are in place before the child can run, so its exit is never missed.
    if (parent && opts.link) {
        p->links.push_back(parent->pid);
        parent->links.push_back(p->pid);
    }
    if (parent && opts.monitor) {
        uint64_t id = opts.request_id ? opts.request_id : new_ref_id();
        p->monitored_by.push_back({id, parent->pid, kNonValue});
        parent->monitoring.push_back(
            {id, p->pid, kNonValue, false, false, MonitorTag::of(opts.monitor_tag)});
        if (opts.monitor_alias) {
            parent->aliases.push_back({id, Process::AliasMode(opts.monitor_alias - 1)});
            ProcessTable::global().add_alias(id, parent->pid);
        }
        result.monitor_ref = id;
    }
    if (parent && opts.reply_tag != kNonValue) {
        // Sent before the child can run, so it comes before any exit signal or 'DOWN' of it.
        Word ref[kRefWords];
        Word msg[5] = {make_header(Subtag::Tuple, 4), opts.reply_tag,
                       make_ref_at(ref, opts.request_id), atom::ok, p->pid};
        send_message(parent->pid, make_boxed(msg));
    }
    // A new process starts on its bound scheduler or its parent's; idle schedulers steal it
    // from there (not a bound one).
    p->home = p->bound_scheduler ? uint16_t(p->bound_scheduler - 1) : parent ? parent->home : 0;
    if (opts.setup) opts.setup(p, opts.setup_arg);
    // status is Runnable from construction; it is not written here because the process is in
    // the table already and other schedulers read status under its mailbox lock.
    enqueue(p);
    return result;
}

void Scheduler::enqueue(Process *p) {
    p->queued_at = sched_ticks();
    unsigned h = p->home < count_ ? p->home : 0;
    RunQueue &q = *queues_[h];
    size_t len;
    {
        std::lock_guard lock(q.mutex);
        q.queue[size_t(p->priority)].push_back(p);
        if (p->bound_scheduler) q.bound.fetch_add(1);
        len = q.length.fetch_add(1) + 1;
    }
    if (sleeping_.load() == 0) return;
    std::lock_guard lock(sleep_mutex_);
    Worker &home = *workers_[h];
    if (home.asleep) {
        home.wake = true;
        home.cv.notify_one();
        return;
    }
    if (len < 2) return; // the home scheduler is awake and will run it
    for (auto &w : workers_)
        if (w->asleep && !w->wake) {
            w->wake = true; // there is surplus work: let an idle scheduler steal it
            w->cv.notify_one();
            return;
        }
}

Process *Scheduler::pop(RunQueue &q) {
    std::lock_guard lock(q.mutex);
    if (q.length.load(std::memory_order_relaxed) == 0) return nullptr;
    std::deque<Process *> *from = nullptr;
    auto &max = q.queue[size_t(Priority::Max)], &high = q.queue[size_t(Priority::High)],
         &normal = q.queue[size_t(Priority::Normal)], &low = q.queue[size_t(Priority::Low)];
    if (!max.empty())
        from = &max;
    else if (!high.empty())
        from = &high;
    else if (!normal.empty() && (low.empty() || ++q.normal_picks % 8 != 0))
        from = &normal;
    else if (!low.empty())
        from = &low;
    else
        from = &normal;
    Process *p = from->front();
    from->pop_front();
    if (p->bound_scheduler) q.bound.fetch_sub(1);
    q.length.fetch_sub(1);
    return p;
}

Process *Scheduler::steal(unsigned thief) {
    for (unsigned k = 1; k < count_; ++k) {
        RunQueue &q = *queues_[(thief + k) % count_];
        if (q.length.load() == q.bound.load()) continue;
        std::unique_lock lock(q.mutex, std::try_to_lock);
        if (!lock.owns_lock()) continue;
        for (auto &dq : q.queue) {
            // The newest process not bound to its scheduler (process_flag(scheduler, N)).
            for (auto it = dq.rbegin(); it != dq.rend(); ++it) {
                Process *p = *it;
                if (p->bound_scheduler) continue;
                dq.erase(std::next(it).base());
                q.length.fetch_sub(1);
                p->home = uint16_t(thief);
                return p;
            }
        }
    }
    return nullptr;
}

bool Scheduler::any_work() {
    for (auto &q : queues_)
        if (q->length.load() != 0) return true;
    return false;
}

bool Scheduler::any_work_for(unsigned index) {
    for (unsigned i = 0; i < count_; ++i) {
        RunQueue &q = *queues_[i];
        if (q.length.load() != (i == index ? 0 : q.bound.load())) return true;
    }
    return false;
}

void Scheduler::terminate(Process *p) {
    process_exited(p);
    exited_reductions_.fetch_add(uint64_t(p->reductions), std::memory_order_relaxed);
    release_process(p); // the process table's reference
    if (ProcessTable::global().count() == 0) stop_all(0);
}

void Scheduler::run_one(Worker &w, Process *p) {
    context_switches_.fetch_add(1, std::memory_order_relaxed);
    for (;;) {
        handle_incoming_signals(p);
        if (p->pending_exit != kNonValue) {
            p->exit_reason = p->pending_exit;
            p->exc_class_at_exit = ExcClass::Exit;
            terminate(p);
            return;
        }
        if (!is_suspended(p) && !p->suspend_replies) [[likely]]
            break;
        if (!is_suspended(p)) { // suspended and resumed before it stopped
            send_suspend_replies(take_suspend_replies(p), false);
            break;
        }
        // Suspended: it stops here until a signal wakes it. Requests waiting for it to stop
        // are taken under the lock, as another scheduler may run it as soon as it is released.
        Signal *replies;
        {
            std::lock_guard lock(p->mailbox->lock());
            if (p->mailbox->has_incoming_locked()) continue; // perhaps a Resume
            p->status = ProcessStatus::Suspended;
            replies = take_suspend_replies(p);
        }
        send_suspend_replies(replies, true);
        return;
    }
    // garbage_collect/1,2 from another process: the saved registers are the roots.
    if (p->gc_requested && !answer_literal_requests(p))
        garbage_collect(p, 0, nullptr, 0, GcKind::Full);
    int64_t before = p->reductions;
    t_running = p->pid;
    t_slice_began = sched_ticks();
    constexpr uint32_t kSchedTrace = trace::kRunning | trace::kRunningProcs;
    if (trace::flags_of(p) & kSchedTrace) [[unlikely]]
        trace::scheduled(p, true);
    if (p->call_time_point) [[unlikely]] // call_time counts no time spent out
        trace::time_scheduled(p, true);
    int64_t slice_start =
        sysmon::g_long_schedule.load(std::memory_order_relaxed) ? sysmon::now_ns() : 0;
    const Word *slice_in = p->pc;
    RunResult r = run_process(p, w.regs.get(), kBudget);
    if (slice_start) [[unlikely]]
        sysmon::slice_finished(p, slice_start, slice_in);
    if (r != RunResult::Exited && r != RunResult::Halted && (trace::flags_of(p) & kSchedTrace))
        [[unlikely]]
        trace::scheduled(p, false);
    if (r != RunResult::Exited && p->call_time_point) [[unlikely]]
        trace::time_scheduled(p, false);
    t_running = kNonValue;
    w.reductions.fetch_add(uint64_t(p->reductions - before), std::memory_order_relaxed);
    switch (r) {
    case RunResult::Yielded:
        // A loop without heap tests (tail calls and BIFs only) never reaches a collection
        // point: collect the fragments its BIFs made at the end of its time slice (the saved
        // registers are the roots).
        if (p->fragment_words > p->heap_free()) garbage_collect(p, 0, nullptr, 0);
        p->home = home_after_run(p, w.index);
        enqueue(p);
        break;
    case RunResult::Waiting: {
        bool again;
        Signal *replies = nullptr;
        {
            std::lock_guard lock(p->mailbox->lock());
            // A signal may have arrived while it ran: look again rather than sleep. Suspend
            // requests it took while running are answered now that it has stopped.
            again = p->mailbox->has_incoming_locked() || (p->suspend_replies && !is_suspended(p));
            if (!again) {
                p->status = is_suspended(p) ? ProcessStatus::Suspended : ProcessStatus::Waiting;
                replies = take_suspend_replies(p);
            }
        }
        if (replies) send_suspend_replies(replies, true);
        if (again) {
            p->home = home_after_run(p, w.index);
            enqueue(p);
        }
        break;
    }
    case RunResult::Exited:
        terminate(p);
        break;
    case RunResult::Halted:
        // It called halt(): it keeps its Running status, so nothing puts it in a queue again,
        // and it sends no exit signals while the others settle.
        break;
    }
}

void Scheduler::worker_loop(unsigned index) {
    t_scheduler_id = index + 1;
    Worker &w = *workers_[index];
    RunQueue &own = *queues_[index];
    while (!done_.load()) {
        if (int64_t until = blocked_until_.load(std::memory_order_acquire)) {
            // block_all: wait before taking a process (erts stops its schedulers so).
            auto end = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(until));
            if (std::chrono::steady_clock::now() < end) {
                std::this_thread::sleep_until(end);
                continue;
            }
        }
        Process *p = pop(own);
        if (!p) p = steal(index);
        if (p) {
            // Halting: a process queued after the halting process's slice began stays out.
            if (!settling_.load(std::memory_order_relaxed) || runs_while_settling(p)) [[likely]]
                run_one(w, p);
            continue;
        }
        std::unique_lock lock(sleep_mutex_);
        w.asleep = true;
        unsigned asleep = sleeping_.fetch_add(1) + 1;
        if (!any_work_for(index) && !done_.load()) {
            // Every scheduler idle, no timer or file operation pending: no process can ever run
            // again. (A process bound to another scheduler wakes that one when enqueued.)
            bool settling = settling_.load();
            if (asleep == count_ && !any_work() &&
                (settling ||
                 (TimerService::global().pending() == 0 && IoPool::global().pending() == 0 &&
                  IoThread::global().pending() == 0))) {
                // (Halting: what waits for timers or file operations is not waited for.)
                lock.unlock();
                stop_all(settling ? settle_status() : 0);
                lock.lock();
            }
            while (!w.wake && !done_.load())
                w.cv.wait(lock);
        }
        w.wake = false;
        w.asleep = false;
        sleeping_.fetch_sub(1);
    }
}

void Scheduler::block_all(int64_t ms) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    int64_t until =
        std::chrono::duration_cast<std::chrono::nanoseconds>(end.time_since_epoch()).count();
    int64_t old = blocked_until_.load();
    while (old < until && !blocked_until_.compare_exchange_weak(old, until)) {
    }
    std::this_thread::sleep_until(end);
}

void Scheduler::stop_all(int status) {
    {
        std::lock_guard lock(done_mutex_);
        if (done_.load()) return;
        halt_status_ = status;
        done_.store(true);
    }
    done_cv_.notify_all();
    std::lock_guard lock(sleep_mutex_);
    for (auto &w : workers_)
        w->cv.notify_all();
}

void Scheduler::poke() {
    if (sleeping_.load() == 0) return;
    std::lock_guard lock(sleep_mutex_);
    for (auto &w : workers_)
        if (w->asleep && !w->wake) {
            w->wake = true;
            w->cv.notify_one();
            return;
        }
}

void Scheduler::halt(int status) {
    halt_requested_.store(true);
    stop_all(status);
}

void Scheduler::halt_when_settled(Process *halter, int status) {
    {
        std::lock_guard lock(done_mutex_);
        halters_.push_back(halter);
        if (!settling_.load()) { // the first halt's status wins, as in erts
            settle_status_ = status;
            settle_cutoff_.store(t_slice_began);
            settle_priority_.store(halter->priority);
            settling_.store(true);
        }
    }
    halt_requested_.store(true);
}

bool Scheduler::is_halting_process(const Process *p) {
    if (!halt_requested_.load(std::memory_order_relaxed)) return false;
    std::lock_guard lock(done_mutex_);
    for (const Process *h : halters_)
        if (h == p) return true;
    return false;
}

int Scheduler::settle_status() {
    std::lock_guard lock(done_mutex_);
    return settle_status_;
}

int Scheduler::run() {
    if (queues_.empty()) set_count(1);
    for (unsigned i = 0; i < count_; ++i)
        workers_[i]->thread = std::thread([this, i] { worker_loop(i); });
    {
        std::unique_lock lock(done_mutex_);
        done_cv_.wait(lock, [this] { return done_.load(); });
    }
    // Workers still running a process are not joined: the caller exits the program.
    std::lock_guard lock(done_mutex_);
    return halt_status_;
}

uint64_t Scheduler::total_reductions() const {
    uint64_t n = 0;
    for (auto &w : workers_)
        n += w->reductions.load(std::memory_order_relaxed);
    return n;
}

size_t Scheduler::run_queue_length() {
    size_t n = 0;
    for (auto &q : queues_)
        n += q->length.load(std::memory_order_relaxed);
    return n;
}

} // namespace hamlet
