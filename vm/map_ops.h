// Map operations over flatmaps (see vm/map.h for the layout and what is not done yet).
#pragma once

#include "vm/map.h"
#include "vm/process.h"

#include <utility>
#include <vector>

namespace hamlet {

// The value slot for key, or nullptr. Keys compare exactly (1 and 1.0 differ).
const Term *map_lookup(Term map, Term key);

// A new map from (key, value) pairs in any order; a later pair wins over an earlier one
// with the same key.
Term make_map(Process *p, std::vector<std::pair<Term, Term>> pairs);

// map with the pairs kvs[0..2n) added or replaced. With `exact`, every key must already be
// present: otherwise returns kNonValue and sets *missing to the first absent key.
Term map_update(Process *p, Term map, const Term *kvs, size_t n, bool exact, Term *missing);

Term map_remove(Process *p, Term map, Term key);

inline Word map_size(Term map) { return flatmap_size(map); }

} // namespace hamlet
