// What the ETS BIF files (bifs/ets.cpp, bifs/ets_select.cpp) share: finding a table with
// the access a BIF needs and locking it, failing with the BEAM's error cause, and copying
// objects out of the table.
#pragma once

#include "bifs/bif.h"
#include "vm/ets_table.h"

#include <memory>
#include <mutex>
#include <shared_mutex>

namespace hamlet {

enum class EtsNeed : uint8_t { Info, Read, Write };

// A table found and locked for a BIF: shared for Info and Read, exclusive for Write.
struct EtsLocked {
    std::shared_ptr<EtsTable> t;
    std::shared_lock<std::shared_mutex> read;
    std::unique_lock<std::shared_mutex> write;
    EtsTable *operator->() const { return t.get(); }
    explicit operator bool() const { return t != nullptr; }
};

// Finds tab and locks it; on failure records the cause (type, id or access) and returns
// an empty EtsLocked.
EtsLocked ets_acquire(Process *p, Term tab, EtsNeed need);
// badarg with an error_info cause (kNonValue for none).
Term ets_badarg(Process *p, Term cause = kNonValue);
// badarg with the cause the last failed ets_acquire recorded.
Term ets_acquire_failed(Process *p);

// A copy of the stored term on p's heap.
Term ets_copy_out(Process *p, const EtsObject *o);
// How the table is named in results and messages: its name if named, else its reference.
Term ets_table_term(Process *p, const EtsTable &t);

namespace ets_atoms {
struct Set {
    Term set, ordered_set, bag, duplicate_bag, public_, protected_, private_, named_table, keypos,
        heir, none, read_concurrency, write_concurrency, compressed, decentralized_counters, auto_,
        id, name, type, size, owner, memory, node, protection, fixed, safe_fixed,
        safe_fixed_monotonic_time, stats, end_of_table, access, badkey, position, table_type,
        not_owner, already_exists, compiled_ms, binary;
    Set();
};
const Set &get();
} // namespace ets_atoms

} // namespace hamlet
