// The schedulers: N threads (erl's +S, default one per core), each with a run queue per
// priority, that run processes for a budget of reductions, steal work when idle and sleep
// when there is none.
//
// A process is in at most one run queue, and only while its status is Runnable; the status
// changes under its mailbox lock, so a sender waking it and its scheduler putting it to
// sleep never both enqueue it (vm/signals.cpp, deliver()).
#pragma once

#include "vm/process.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace hamlet {

struct SpawnOptions {
    bool link = false;
    bool monitor = false;
    Priority priority = Priority::Normal;
    size_t min_heap_size = 0;        // 0: the system default (vm/gc.h gc_defaults)
    int64_t min_bin_vheap_size = -1; // -1: the system default
    int64_t fullsweep_after = -1;    // -1: the system default
    int64_t max_heap_size = 0;
    bool mq_off_heap = false; // {message_queue_data, off_heap}
    uint16_t scheduler = 0; // {scheduler, N}: bound to scheduler N (0: not bound)
    bool max_heap_kill = true, max_heap_log = true;
    bool max_heap_set = false; // else the system's (system_flag(max_heap_size, _))
    // With monitor: the alias mode of the monitor (0 none, else AliasMode + 1).
    int monitor_alias = 0;
    Term monitor_tag = kNonValue; // {monitor, [{tag, Tag}]}: copied, so it may be on any heap
    // spawn_request: the request's reference number (also the monitor's reference), and the
    // tag of the {Tag, ReqId, ok, Pid} reply the parent gets before the child can run
    // (kNonValue: no reply on success).
    uint64_t request_id = 0;
    Term reply_tag = kNonValue;
    // Called on the new process before it can run (a remote spawn's group leader, monitor
    // and first message; dist/engine.cpp).
    void (*setup)(Process *, void *) = nullptr;
    void *setup_arg = nullptr;
};

// The pid of the process the calling scheduler thread is running, else kNonValue.
Term running_pid();
// The calling scheduler thread's number, 1..count (erlang:system_info(scheduler_id)); 0 on a
// thread that is not a scheduler.
unsigned current_scheduler_id();

struct SpawnResult {
    Term pid = kNonValue;
    uint64_t monitor_ref = 0;
    bool system_limit = false; // the process table is full
};

class Scheduler {
  public:
    static Scheduler &global();

    // Reductions a process may use before it is preempted (the BEAM's CONTEXT_REDS,
    // erlang:system_info(context_reductions)).
    static constexpr int64_t kContextReductions = 4000;
    // The reductions the running process p has used in its time slice so far, for a BIF it
    // calls (the emulator adds them to p->reductions only when the slice ends).
    static int64_t slice_reductions(const Process *p) {
        int64_t used = kContextReductions - p->slice_left;
        return used < 0 ? 0 : used > kContextReductions ? kContextReductions : used;
    }

    // Number of scheduler threads; set before run().
    void set_count(unsigned n);
    unsigned count() const { return count_; }

    // A new process calling Module:Function(Args...) (args: a proper list, checked by the
    // caller). `parent` (may be null) is the spawning process, running on this thread.
    SpawnResult spawn(Term module, Term function, Term args, Process *parent,
                      const SpawnOptions &opts = {});

    // Puts a process whose status was just set to Runnable into a run queue.
    void enqueue(Process *p);

    // Runs until halt() or until no process can ever run again. Returns the exit status.
    int run();
    void halt(int status); // from any process: stop the VM after flushing output
    // erlang:halt/0,1 (flush): the halting process stops at once and never runs again. As in
    // erts, where each scheduler stops taking processes once it sees the halt, what other
    // schedulers are running finishes its time slice; and the processes that were already
    // waiting in a run queue when the halting process's slice began, at its priority or a
    // higher one, get one slice too, as one run queue in order would have run them first.
    // So user_drv writes the echo of the line that called halt() (the line's reader woke it
    // before the shell), and a process the halting one spawned or woke never runs, as on erl.
    // Then the VM stops.
    void halt_when_settled(Process *halter, int status);
    // Whether p called halt_when_settled: its "error" only ends its run (RunResult::Halted).
    bool is_halting_process(const Process *p);
    // Wakes one idle scheduler so that it looks again whether any process can still run
    // (work outside the schedulers, such as the I/O thread's, ended without waking one).
    void poke();
    // erts_debug:set_internal_state(block, Ms): no scheduler starts running a process for
    // ms milliseconds (one running now finishes its time slice); the caller sleeps as long.
    void block_all(int64_t ms);

    // statistics
    uint64_t total_reductions() const;
    size_t run_queue_length();
    uint64_t context_switches() const { return context_switches_.load(std::memory_order_relaxed); }

  private:
    struct RunQueue {
        std::mutex mutex;
        std::deque<Process *> queue[4]; // by Priority
        unsigned normal_picks = 0;      // low runs once per 8 normal picks
        std::atomic<size_t> length{0};
        std::atomic<size_t> bound{0}; // of length: bound to this scheduler, not to steal
    };
    struct Worker;
    void worker_loop(unsigned index);
    Process *pop(RunQueue &q);
    Process *steal(unsigned thief);
    bool any_work();
    bool any_work_for(unsigned index); // in its own queue or one it may steal from
    void run_one(Worker &w, Process *p);
    void terminate(Process *p);
    void stop_all(int status);

    unsigned count_ = 1;
    std::vector<std::unique_ptr<RunQueue>> queues_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::atomic<unsigned> next_home_{0};

    // Sleeping: idle workers wait on sleep_cv_; sleeping_ counts them.
    std::mutex sleep_mutex_;
    std::condition_variable sleep_cv_;
    std::atomic<unsigned> sleeping_{0};

    std::atomic<bool> halt_requested_{false};
    // Set by halt_when_settled, under done_mutex_; settling_ and settle_cutoff_ (set before
    // settling_ is) are read without it.
    std::atomic<bool> settling_{false};
    std::atomic<uint64_t> settle_cutoff_{0}; // processes queued since then do not run,
    std::atomic<Priority> settle_priority_{Priority::Normal}; // nor those of lower priority
    bool runs_while_settling(const Process *p) const {
        return p->queued_at < settle_cutoff_.load() && p->priority <= settle_priority_.load();
    }
    int settle_status_ = 0;
    std::vector<const Process *> halters_;
    int settle_status();
    std::atomic<bool> done_{false};
    std::atomic<int64_t> blocked_until_{0}; // steady_clock nanoseconds; 0: not blocked
    int halt_status_ = 0;
    std::mutex done_mutex_;
    std::condition_variable done_cv_;

    std::atomic<uint64_t> exited_reductions_{0};
    std::atomic<uint64_t> context_switches_{0};
};

} // namespace hamlet
