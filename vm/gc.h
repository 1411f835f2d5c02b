// Per-process garbage collection: a copying (Cheney) collector over the young heap and heap
// fragments. The roots are the live x registers, the stack, the process dictionary and the
// process's exception state. Terms outside the collected areas (module literals, messages
// not yet received) are left where they are.
//
// Not yet generational: every collection copies all live data (fullsweep); the old heap
// and fullsweep_after come with the process issue.
#pragma once

#include "vm/process.h"

namespace hamlet {

// Collects p so that at least `need` free words follow; x[0..live) are roots and are
// updated. p->stop must be current (the stack is moved with the heap).
void garbage_collect(Process *p, size_t need, Term *x, unsigned live);

// The process outgrew its max_heap_size (spawn_opt/process_flag): logs the BEAM's report
// (unless disabled) and, with kill (the default), makes the process exit with `killed`
// (vm/signals.cpp).
void max_heap_size_reached(Process *p, size_t total_words);

// The heap size (in words) the BEAM would choose for at least `words`.
size_t next_heap_size(size_t words);

} // namespace hamlet
