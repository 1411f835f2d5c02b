// Map operations over both kinds of map (vm/map.h). They switch between flatmaps and
// HAMTs exactly where erts (OTP 25) does: a map is built as a flatmap when it ends up with
// at most 32 keys and as a HAMT above; a HAMT that drops to 32 keys on removal becomes a
// flatmap again. So a map is a HAMT exactly when it has more than 32 keys.
#pragma once

#include "vm/hamt.h"
#include "vm/map.h"
#include "vm/process.h"

#include <utility>
#include <vector>

namespace hamlet {

// The value slot for key, or nullptr. Keys compare exactly (1 and 1.0 differ).
const Term *map_lookup(Term map, Term key);

// A new map from (key, value) pairs in any order; a later pair wins over an earlier one
// with the same key (maps:from_list/1).
Term make_map(Process *p, std::vector<std::pair<Term, Term>> pairs);

// map with the pairs kvs[0..2n) added or replaced, in order (the put_map_* instructions,
// maps:put/3, maps:update/3). With `exact`, every key must already be present: otherwise
// returns kNonValue and sets *missing to the first absent key.
Term map_update(Process *p, Term map, const Term *kvs, size_t n, bool exact, Term *missing);

// map without key (the same map if key is absent); with `value`, receives the removed value.
Term map_remove(Process *p, Term map, Term key, Term *value = nullptr);

// maps:merge/2: the keys of both, b's values winning.
Term map_merge(Process *p, Term a, Term b);

} // namespace hamlet
