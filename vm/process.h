// A process: its heap and stack, its exception state, and (later) its mailbox and links.
//
// Memory: one block holds the young heap (growing up from `heap`) and the stack (growing
// down from `hend`); `htop` and `stop` are their tops, so free space is stop - htop. Code that
// cannot garbage-collect (BIFs, builders in the middle of an instruction) allocates with
// alloc(), which falls back to a heap fragment when the heap is full; the next collection
// copies live data out of fragments, as the BEAM does.
#pragma once

#include "vm/binary.h"
#include "vm/term.h"

#include <cstddef>
#include <cstdint>
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

enum class ExcClass : uint8_t { Error, Exit, Throw };

class Mailbox;
enum class ProcessStatus : uint8_t { Runnable, Running, Waiting, Exited };

class Process {
  public:
    Process();
    ~Process();
    Process(const Process &) = delete;
    Process &operator=(const Process &) = delete;

    // ---- memory ----
    Word *heap = nullptr, *htop = nullptr, *stop = nullptr, *hend = nullptr;
    Word *old_heap = nullptr, *old_htop = nullptr, *old_hend = nullptr;
    HeapFragment *fragments = nullptr;
    size_t fragment_words = 0; // total words in fragments (counts toward the next GC)
    OffHeap off_heap;
    uint64_t binary_vheap = 0; // bytes of off-heap binaries referenced (virtual binary heap)
    // A collection is due when binary_vheap passes this, however empty the heap is (the
    // BEAM's bin_vheap_sz: 46422 words to start, then grown after each collection).
    uint64_t binary_vheap_limit = 46422 * sizeof(Word);
    bool gc_due(size_t need) const { return heap_free() < need || binary_vheap > binary_vheap_limit; }

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
    Term exc_args = kNonValue; // for error_info: the BIF's arguments, or kNonValue

    // Set by error/exit/throw and friends: the exception belongs to the calling function,
    // so no frame is added for the BIF itself.
    bool exc_in_caller = false;

    Term raise(ExcClass cls, Term reason) {
        exc_class = cls;
        exc_reason = reason;
        exc_args = kNonValue;
        exc_trace = kNonValue;
        exc_in_caller = false;
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

    // ---- execution state (while not running) ----
    const Word *pc = nullptr;
    uint32_t arity = 0;           // live x registers saved in saved_x
    std::vector<Term> saved_x;
    int64_t catches = 0;          // active catch/try handlers on the stack
    std::vector<std::pair<Term, Term>> dictionary; // the process dictionary, in insertion order
    int64_t reductions = 0;

    Term pid = kNonValue;
    Term group_leader = kNonValue;
    Term registered_name = kNonValue;
    std::unique_ptr<Mailbox> mailbox;
    ProcessStatus status = ProcessStatus::Runnable;
    Term exit_reason = kNonValue; // kept in exit_fragment once the process has exited
    HeapFragment *exit_fragment = nullptr;
    ExcClass exc_class_at_exit = ExcClass::Exit;
    bool trap_exit = false;
    // Monitors, by reference number: who watches this process, and whom it watches.
    struct MonitorLink {
        uint64_t ref;
        Term pid;
    };
    std::vector<MonitorLink> monitored_by, monitoring;
    // receive ... after
    bool timer_active = false, timeout_fired = false;
    uint64_t timer_deadline_us = 0;

  private:
    Word *alloc_fragment(size_t words);
};

} // namespace hamlet
