// Code purging and the release of literal areas, done as erts does them.
//
// erts_code_purger (OTP's own preloaded module, run as a system process started by
// vm/main.cpp) purges a module in steps (erts_internal:purge_module/2, ModuleTable's purge_*):
// it asks every process whether it still runs the old code (check_process_code, answered by
// each process itself, on its own thread, between instructions) and on a hard purge kills
// those that do before the code goes. Literals of purged code and of erased or replaced
// persistent terms cannot be freed at once, since processes may still hold them: their areas
// queue here for erts_literal_area_collector (OTP's module, the other system process), which
// asks every process to copy what it holds of the current area into its own heap (a full
// sweep that copies out of the area, vm/gc.cpp) and frees the area once all have answered.
#pragma once

#include "vm/literal_area.h"
#include "vm/process.h"

#include <memory>
#include <utility>
#include <vector>

namespace hamlet {

// The areas being released together: every area queued when the collector started on them
// (erts takes one at a time; taking all that wait makes thousands of erased persistent terms
// one round of requests instead of thousands).
struct ReleasedLiterals {
    std::vector<std::unique_ptr<LiteralArea>> areas;
    std::vector<std::pair<const Word *, const Word *>> ranges; // of all of them, sorted
};

// Queues an area for release and tells the literal area collector. Without a collector
// (unit tests) the area stays queued.
void release_literal_area(std::unique_ptr<LiteralArea> area);
// erts_literal_area_collector:release_area_switch/0: frees the areas being released (every
// process has answered for them) and makes those queued meanwhile current; true if any.
bool switch_literal_area();
// The areas being released now, or nullptr.
const ReleasedLiterals *current_literal_areas();

// The system processes: erts_code_purger and erts_literal_area_collector (vm/main.cpp).
void set_system_processes(Term purger, Term literal_collector);
bool is_system_process(Term pid);
Term literal_area_collector_pid();
Term code_purger_pid();

// erts' check_process_code: whether p is running, or will return to, the code of module's
// old version (its program counter, return addresses and catches). Run by p itself.
bool process_runs_old_code(Process *p, Term module);

} // namespace hamlet
