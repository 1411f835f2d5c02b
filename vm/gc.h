// Per-process generational garbage collection (copying, Cheney's algorithm).
//
// A minor collection copies the live data of the young heap and of the heap fragments: what
// lies below the high-water mark (data that survived one collection already) goes to the old
// heap, the rest to a new young heap. The old heap is not looked at, because it never points
// into the young heap. A full sweep copies everything live, old heap included, into a new
// young heap and frees the old one. Full sweeps happen after fullsweep_after minor ones, when
// the old heap (or its virtual binary heap) is full, and on request (garbage_collect/0,
// hibernation). The roots are the live x registers, the stack, the process dictionary and
// the process's exception state. Module literals and messages not yet received stay where
// they are.
#pragma once

#include "vm/process.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace hamlet {

// Hibernate: a full sweep that leaves the young heap just large enough for the live data
// and the stack (erlang:hibernate/3), whatever the minimum heap size.
enum class GcKind : uint8_t { Auto, Full, Hibernate };

// Collects p so that at least `need` free words follow; x[0..live) are roots and are
// updated. p->stop must be current (the stack is moved with the heap).
void garbage_collect(Process *p, size_t need, Term *x, unsigned live, GcKind kind = GcKind::Auto);

// When the only collection requested of a process not running (its saved registers are the
// roots) is the literal area collector's and nothing of it refers to the areas, answers the
// requests without collecting, as erts does; false if a collection is still needed.
bool answer_literal_requests(Process *p);

// The process outgrew its max_heap_size (spawn_opt/process_flag): logs the BEAM's report
// (unless disabled) and, with kill (the default), makes the process exit with `killed`
// (vm/signals.cpp).
void max_heap_size_reached(Process *p, size_t total_words);

// The heap size (in words) the BEAM would choose for at least `words`, and the first one
// above `words`.
size_t next_heap_size(size_t words);
size_t larger_heap_size(size_t words);
// Every heap size the collector chooses from, smallest first
// (erlang:system_info(heap_sizes)).
const std::vector<size_t> &heap_sizes();

// The defaults of new processes (erlang:system_flag/2 changes them).
struct GcDefaults {
    std::atomic<uint32_t> fullsweep_after{65535};
    std::atomic<uint64_t> min_heap_size{233};
    std::atomic<uint64_t> min_bin_vheap_size{46422};
    // system_flag(max_heap_size, _): a new process's max_heap_size (0: none) and the flags
    // a max_heap_size setting without them starts from.
    std::atomic<int64_t> max_heap_size{0};
    std::atomic<bool> max_heap_kill{true}, max_heap_log{true};
};
GcDefaults &gc_defaults();

// For erlang:statistics(garbage_collection): collections done and words reclaimed.
struct GcCounters {
    std::atomic<uint64_t> collections{0};
    std::atomic<uint64_t> words_reclaimed{0};
};
GcCounters &gc_counters();

} // namespace hamlet
