// What bifs/processes.cpp shares with the other process BIFs (bifs/process_info.cpp).
#pragma once

#include "vm/process.h"

namespace hamlet {

// Asks another process for information (process_info, is_process_alive): sends the request
// signal and traps to hamlet_process:await_reply/1 to wait for the answer.
Term request_from_process(Process *p, Term pid, Term what);
// hamlet_process:await_reply/1, where a BIF waits for another process's {Ref, Answer}.
struct Export;
Export *await_reply_export();
// hamlet_process:yield_return/0, which returns true: where erlang:yield/0 and
// garbage_collect/0 continue after their trap.
Export *yield_return_export();
// #{error_logger => Bool, kill => Bool, size => Size}, as process_info and process_flag show it.
Term max_heap_size_map(Process *p);
Term max_heap_size_map(Process *p, int64_t size, bool kill, bool log);
// Reads a max_heap_size setting (spawn_opt, process_flag, system_flag); false when bad.
bool parse_max_heap_size(Term t, int64_t *size, bool *kill, bool *log);
// The atom for a priority level.
Term priority_atom(Priority pr);
// spawn_opt/4,5's option list into o (link, monitor, priority, heap and message queue
// options); false on a bad option or an improper list. A remote SPAWN_REQUEST's options are
// checked with it (dist/engine.cpp).
struct SpawnOptions;
bool parse_spawn_options(Term opts, SpawnOptions &o);

} // namespace hamlet
