// A process: its heap and stack, its exception state, its signal queue, links and monitors.
//
// Memory: one block holds the young heap (growing up from `heap`) and the stack (growing
// down from `hend`); `htop` and `stop` are their tops, so free space is stop - htop. Code that
// cannot garbage-collect (BIFs, builders in the middle of an instruction) allocates with
// alloc(), which falls back to a heap fragment when the heap is full; the next collection
// copies live data out of fragments, as the BEAM does.
#pragma once

#include "vm/binary.h"
#include "vm/pdict.h"
#include "vm/term.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

namespace hamlet {

struct HeapFragment {
    HeapFragment *next;
    size_t size, used;
    OffHeap off_heap; // refc binaries referenced from this fragment
    Word data[1];

    static HeapFragment *create(size_t words); // used = 0
    static void destroy(HeapFragment *f);      // releases its off-heap binaries too
};

// A monitor's {tag, Tag} option (erts 25): the first element of its 'DOWN' message in place
// of 'DOWN'. A tag that is not an immediate is kept in a fragment of its own.
struct MonitorTag {
    Term term = kNonValue; // kNonValue: 'DOWN'
    std::shared_ptr<HeapFragment> memory;
    static MonitorTag of(Term t); // vm/process.cpp
};

enum class ExcClass : uint8_t { Error, Exit, Throw };

class Mailbox;
struct Signal;
struct Export;
// Scheduling state, guarded by the mailbox lock: Runnable means in a run queue.
// Suspended: suspend_process holds it (vm/suspend.h); only signals other than messages wake it.
enum class ProcessStatus : uint8_t { Runnable, Running, Waiting, Suspended, Exited };
enum class Priority : uint8_t { Max, High, Normal, Low };

class Process {
  public:
    // min_heap_words: spawn_opt's min_heap_size (0: the default, 233 words).
    explicit Process(size_t min_heap_words = 0);
    ~Process();
    Process(const Process &) = delete;
    Process &operator=(const Process &) = delete;

    // ---- memory (collected by vm/gc.cpp) ----
    // The young heap; objects below high_water survived a collection already and the next
    // minor collection moves them to the old heap.
    Word *heap = nullptr, *htop = nullptr, *stop = nullptr, *hend = nullptr;
    Word *high_water = nullptr;
    // The old heap (nullptr until the first promotion; freed by every full sweep). It never
    // points into the young heap, so minor collections do not scan it.
    Word *old_heap = nullptr, *old_htop = nullptr, *old_hend = nullptr;
    HeapFragment *fragments = nullptr;
    size_t fragment_words = 0; // total words in fragments (counts toward the next GC)
    // Bytes of the young and old heaps, published by the process itself when they change
    // size (erlang:memory reads it from other threads).
    std::atomic<size_t> heap_bytes{0};
    void publish_heap_bytes() {
        heap_bytes.store(size_t((hend - heap) + (old_hend - old_heap)) * sizeof(Word),
                         std::memory_order_relaxed);
    }
    OffHeap off_heap;     // off-heap objects referenced from the young heap
    OffHeap old_off_heap; // ... and from the old heap
    // Empties a heap that is never scheduled (an I/O thread's scratch heap for building
    // messages): its terms, fragments and off-heap references go; the receivers have copies.
    void clear_scratch_heap();
    size_t min_heap_words = 233; // the heap never shrinks below this (a heap size)
    // fullsweep_after: a full sweep after this many minor collections (0: always full).
    uint32_t fullsweep_after = 65535;
    uint32_t minor_gcs = 0;    // minor collections since the last full sweep
    bool heap_grow = false;    // grow the young heap at the next full sweep (it was 75% full)
    bool gc_requested = false; // garbage_collect/1,2 from another process: collect at once
    Signal *gc_waiters =
        nullptr; // their GarbageCollect signals (linked by next), answered after collecting
    // Virtual binary heaps: bytes of off-heap binaries referenced from the young and the old
    // heap. A minor collection is due when binary_vheap passes its limit and a full sweep when
    // old_binary_vheap passes its, however empty the heaps are (the BEAM's bin_vheap_sz and
    // bin_old_vheap_sz, min_bin_vheap_size words to start, then grown after collections).
    uint64_t min_bin_vheap_words = 46422;
    uint64_t binary_vheap = 0;
    uint64_t binary_vheap_limit = 46422 * sizeof(Word);
    uint64_t old_binary_vheap = 0;
    uint64_t old_binary_vheap_limit = 46422 * sizeof(Word);
    // Fragments count against the free space (the BEAM's rule): a heap with a few words free
    // would otherwise pass every small heap test while BIF results (bignums, binaries) pile
    // up in fragments that nothing collects.
    // The three reasons are folded into gc_slack, so the heap tests of the emulator's
    // hottest instructions compare once: gc_slack is fragment_words, plus kForceGc while the
    // binary heap is past its limit or a collection was requested. Whoever changes
    // fragment_words, binary_vheap, its limit or gc_requested calls update_gc_slack().
    static constexpr size_t kForceGc = size_t(1) << 50;
    size_t gc_slack = 0;
    void update_gc_slack() {
        gc_slack =
            fragment_words + (binary_vheap > binary_vheap_limit || gc_requested ? kForceGc : 0);
    }
    void add_fragment_words(size_t words) {
        fragment_words += words;
        update_gc_slack();
    }
    void add_binary_vheap(uint64_t bytes) {
        binary_vheap += bytes;
        update_gc_slack();
    }
    bool gc_due(size_t need) const { return heap_free() < need + gc_slack; }

    // Allocates `words` words that the caller fills completely before the next GC.
    // Never collects; never fails (throws std::bad_alloc if memory is exhausted).
    // Always leaves one free word: a call may push its return address without checking.
    Word *alloc(size_t words) {
        if (size_t(stop - htop) > words) {
            Word *p = htop;
            htop += words;
            return p;
        }
        return alloc_fragment(words);
    }
    size_t heap_free() const { return size_t(stop - htop); }

    // ---- exceptions ----
    // A failing BIF or instruction records the exception here and returns kNonValue.
    ExcClass exc_class = ExcClass::Error;
    Term exc_reason = kNonValue;
    Term exc_args = kNonValue;  // for error_info: the BIF's arguments, or kNonValue
    Term exc_cause = kNonValue; // for error_info: the cause (an immediate), or kNonValue
    // erlang:error/3's {error_info, Map} option: added to the top frame's location.
    Term exc_error_info = kNonValue;

    // Set by error/exit/throw and friends: the exception belongs to the calling function,
    // so no frame is added for the BIF itself.
    bool exc_in_caller = false;

    Term raise(ExcClass cls, Term reason) {
        exc_class = cls;
        exc_reason = reason;
        exc_args = kNonValue;
        exc_trace = kNonValue;
        exc_in_caller = false;
        exc_cause = kNonValue;
        exc_error_info = kNonValue;
        return kNonValue;
    }
    // badarg with a cause for erl_erts_errors (error_info's #{cause => Cause}).
    Term badarg_cause(Term cause) {
        badarg();
        exc_cause = cause;
        return kNonValue;
    }
    Term error(Term reason) { return raise(ExcClass::Error, reason); }
    Term badarg();
    Term badarith();
    Term system_limit();
    // error({Tag, Value}), e.g. {badmatch, V}
    Term error_tuple(Term tag, Term value);

    // A raw stack trace for the current exception (see emulator/stacktrace.h), or
    // kNonValue to have one built from where the exception happened.
    Term exc_trace = kNonValue;

    // A BIF that continues in Erlang code sets trap_export (and trap_args, trap_arity) and
    // returns kNonValue: the emulator then calls trap_export in place of returning (the
    // BEAM's BIF_TRAP). Used by BIFs that must wait for another process's answer.
    Export *trap_export = nullptr;
    bool trap_yield = false;     // erlang:yield/0: give up the scheduler at the trap
    bool trap_hibernate = false; // erlang:hibernate/3: discard the stack at the trap
    bool trap_gc = false;        // erlang:garbage_collect: a full sweep at the trap
    Term trap_args[3] = {kNonValue, kNonValue, kNonValue};
    Term trap(Export *e, std::initializer_list<Term> args) {
        trap_export = e;
        unsigned i = 0;
        for (Term a : args)
            trap_args[i++] = a;
        return kNonValue;
    }

    // ---- execution state (while not running) ----
    const Word *pc = nullptr;
    uint32_t arity = 0; // live x registers saved in saved_x
    std::vector<Term> saved_x;
    int64_t catches = 0;                           // active catch/try handlers on the stack
    ProcessDict dictionary;
    int64_t reductions = 0;
    // The reductions left in the running time slice when the emulator last called a BIF
    // (erts_debug's reds_left; a BIF that adds to `reductions` takes them from the slice).
    int64_t slice_left = 0;
    // process_flag(message_queue_data, _): kept and shown; Hamlet's messages are stored the
    // same way either way.
    bool mq_off_heap = false;
    // process_flag(sensitive, true): process_info hides the messages, dictionary and stack.
    bool sensitive = false;

    Term pid = kNonValue;
    Term group_leader = kNonValue;
    std::unique_ptr<Mailbox> mailbox;
    // ---- scheduling (status is guarded by the mailbox lock) ----
    ProcessStatus status = ProcessStatus::Runnable;
    Priority priority = Priority::Normal;
    uint16_t home = 0; // the scheduler whose run queue it joins when woken
    uint64_t queued_at = 0; // sched_ticks() when last put in a run queue (halting uses it)
    // process_flag(scheduler, N): N, the one scheduler that runs it (home is N - 1 and no
    // other scheduler steals it); 0: any.
    uint16_t bound_scheduler = 0;
    bool in_wait = false; // stopped in a receive (process_info's status: waiting)
    // Owners: the process table and anyone who looked the process up (ProcessRef).
    std::atomic<uint32_t> refs{1};
    // The initial call, for process_info and crash reports.
    Term parent = kNonValue;
    Term initial_module = kNonValue, initial_function = kNonValue;
    uint32_t initial_arity = 0;

    // ---- exit ----
    Term exit_reason = kNonValue;
    ExcClass exc_class_at_exit = ExcClass::Exit;
    // Set when a signal kills the process; it exits with this reason the next time it
    // runs (or at once, if it is running: see emulator).
    Term pending_exit = kNonValue;

    // ---- links, monitors, aliases (owner only; other processes change them by signals) ----
    bool trap_exit = false;
    // process_flag(error_handler, M): the module whose undefined_function/3 gets calls of
    // functions that are not loaded (error_handler, whose work Hamlet does natively, unless
    // set; the atom error_handler is written into Term at start-up).
    Term error_handler = kNonValue;
    std::vector<Term> links;
    struct Monitor {
        uint64_t ref;
        Term pid;  // the other process
        Term name; // monitors by registered name: the name ('DOWN' names {Name, Node}); else
                   // kNonValue
        bool port = false; // monitor(port, ...): 'DOWN' says port
        // The other process is on another node (dist/engine.h keeps it; pid is the node).
        bool remote = false;
        MonitorTag tag = {};
    };
    std::vector<Monitor> monitoring;   // monitors this process holds
    std::vector<Monitor> monitored_by; // monitors on this process (name unused)
    enum class AliasMode : uint8_t { ExplicitUnalias, Demonitor, ReplyDemonitor };
    struct Alias {
        uint64_t id;
        AliasMode mode;
    };
    std::vector<Alias> aliases;
    uint32_t node_monitors = 0; // process_flag(monitor_nodes, true) subscriptions
    int64_t max_heap_words = 0; // 0: no limit
    bool max_heap_kill = true, max_heap_log = true;

    // erlang:send_after/start_timer timers addressed to this process by pid (guarded by the
    // mailbox lock): cancelled when it exits, as erts ties them to their receiver. Ids of
    // timers that fired or were cancelled are pruned when the list doubles.
    std::vector<uint64_t> bif_timers;
    size_t bif_timers_prune_at = 16;

    // ---- suspend_process (vm/suspend.h; owner only) ----
    struct Suspension {
        Term pid;                                  // the suspendee
        uint32_t count;                            // suspend_process calls not yet resumed
        std::shared_ptr<std::atomic<bool>> active; // set by the suspendee when it takes it on
    };
    std::vector<Suspension> suspending; // processes this one suspends
    std::vector<Term> suspended_by;     // one entry per process that suspends this one
    Signal *suspend_replies = nullptr;  // synchronous requests, answered once it stops

    // ---- receive ... after ----
    uint64_t timer_id = 0; // the pending receive timeout, 0 if none
    // A receive waits with an `after infinity` given at run time (erts' F_TIMO for it):
    // coming back to its wait_timeout must not read the timeout operand again, as x
    // registers do not survive the wait.
    bool infinite_wait = false;
    bool timeout_fired = false;

    // ---- tracing (vm/trace.h): set by erlang:trace/3 from any process ----
    std::atomic<uint32_t> trace_flags{0};
    std::atomic<Term> tracer{kNonValue}; // a local pid, or kNonValue
    // call_time tracing, the process's own: the call_time-traced function running (a
    // trace::TracePoint; nullptr: none) and since when (steady clock, ns).
    const void *call_time_point = nullptr;
    int64_t call_time_since = 0;

  private:
    Word *alloc_fragment(size_t words);
};

} // namespace hamlet
