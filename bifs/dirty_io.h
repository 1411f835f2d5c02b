// BIFs that block on the file system (prim_file's *_nif functions) run on the I/O pool
// (vm/io_pool.h) instead of the scheduler thread: the BIF table installs dirty_io<F> for
// them. On a scheduler, it copies the arguments, queues F and traps to
// hamlet_process:await_io/1, where the process waits for F's answer like for any message.
// On the pool, F runs with a scratch process as its heap; its result (or exception) is sent
// back as {Ref, {ok, Result}} or {Ref, {raise, Class, Reason}}.
#pragma once

#include "bifs/bif.h"

#include <string_view>

namespace hamlet {

Term run_on_io_thread(Process *p, BifFunction f, unsigned arity, const Term *args);

template <BifFunction F, unsigned Arity> Term dirty_io(Process *p, const Term *args) {
    return run_on_io_thread(p, F, Arity, args);
}

// Which BIFs go to the I/O pool: prim_file's NIFs that touch the file system.
constexpr bool is_dirty_io(std::string_view module, std::string_view name) {
    return module == "prim_file" && name.size() > 4 && name.substr(name.size() - 4) == "_nif";
}

} // namespace hamlet
