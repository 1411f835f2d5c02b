// Maps.
//
// A flatmap (up to 32 keys) is [header(Map, 2 + n), n << 2 | kFlatmap, keys tuple, values...]
// with the keys tuple sorted in map-key order (vm/term_compare.h), as the BEAM keeps it: this
// order is what maps:keys/1, maps:to_list/1 and term_to_binary/1 expose for small maps.
//
// Not yet implemented: hash-array-mapped tries for maps over 32 keys. Until they exist,
// every map is a flatmap (correct lookups and equality, but the iteration order of large
// maps is sorted rather than the BEAM's hash order).
#pragma once

#include "vm/term.h"

namespace hamlet {

constexpr Word kFlatmapKind = 0;
constexpr Word kMaxFlatmapSize = 32;

inline bool is_map(Term t) { return is_boxed_of(t, Subtag::Map); }
inline Word map_kind(Term t) { return boxed_ptr(t)[1] & 3; }
inline bool is_flatmap(Term t) { return map_kind(t) == kFlatmapKind; }
inline Word flatmap_size(Term t) { return boxed_ptr(t)[1] >> 2; }
inline Term flatmap_keys(Term t) { return boxed_ptr(t)[2]; }
inline Term *flatmap_values(Term t) { return boxed_ptr(t) + 3; }

// Words for a flatmap of n keys including its keys tuple.
constexpr Word flatmap_words(Word n) { return 3 + n + 1 + n; }

} // namespace hamlet
