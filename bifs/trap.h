// Long BIFs that work in slices and yield in between, as the BEAM's do.
//
// A long BIF does about one time slice of work, charges the reductions for it, then traps
// (p->trap with trap_yield) to its continuation: the scheduler runs other processes and
// the process comes back in the continuation, which is a BIF reached through an export.
// Either the BIF's own export (erlang:'--'/2 continues as erlang:'--'(State, [])) or a trap
// export made here, named as erts names its own (erts_internal:list_to_binary_continue/1,
// erlang:binary_find_trap/3 ...): process_info(P, current_function) shows that name while
// P waits for its next slice, and calling it by name is undef, as on the BEAM.
//
// What a BIF carries from one slice to the next:
//   - terms (the arguments, partial results, where a walk stands) only in the trap
//     arguments, so they live in x registers and a garbage collection between slices
//     would see and move them;
//   - anything else (counters, offsets, indices, bytes) in a MagicObject of its own behind
//     a magic reference among those arguments. Such an object never holds a term.
// A continuation that fails raises the exception as the original BIF would have, with its
// original arguments (fail_as), so a long input fails exactly like a short one.
#pragma once

#include "bifs/bif.h"
#include "vm/magic_ref.h"
#include "vm/module.h"

#include <cstdint>
#include <initializer_list>

namespace hamlet {

// The reductions of a full time slice (erts' CONTEXT_REDS, Hamlet's scheduler budget).
constexpr int64_t kSliceReductions = 4000;

// Charges the reductions of work done (the BEAM's BUMP_REDS): they count in
// process_info(reductions) and come off the process's time slice.
inline void charge_reductions(Process *p, int64_t reductions) {
    p->reductions += reductions;
}

// An export whose code calls fn, named Module:Name/Arity; not in the export table.
// Call once per continuation (e.g. from a function-local static).
Export *make_trap_export(const char *module, const char *name, unsigned arity, BifFunction fn);

// The export of a BIF in the table (its own Erlang stub or the table's stub).
Export *bif_export(const char *module, const char *name, unsigned arity);

// The table entry of a BIF.
const BifEntry *bif_entry(const char *module, const char *name, unsigned arity);

// Gives up the scheduler, then continues in e(args...). Returns kNonValue for the BIF to
// return.
Term yield_to(Process *p, Export *e, std::initializer_list<Term> args);

// For a continuation reached through a trap: the exception recorded in p (p->badarg() ...)
// is raised as if `bif` had failed when called with `args` by the function that called
// the original BIF: the same frames, the same error_info. Returns kNonValue.
Term fail_as(Process *p, const BifEntry *bif, std::initializer_list<Term> args);

// The state object behind a magic reference, if t is one of type T.
template <typename T> T *state_of(Term t) {
    return magic_cast<T>(t);
}

} // namespace hamlet
