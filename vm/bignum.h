// Bignums: [header(PosBig or NegBig, limb count), limbs...], magnitude in 64-bit limbs,
// least significant first, normalised (no leading zero limb, never a value that fits a
// small integer). GMP's mpn_* functions work directly on these limbs.
#pragma once

#include "vm/term.h"

#include <string>

namespace hamlet {

inline bool bignum_negative(Term t) { return boxed_subtag(t) == Subtag::NegBig; }
inline Word bignum_limb_count(Term t) { return header_arity(boxed_ptr(t)[0]); }
inline const Word *bignum_limbs(Term t) { return boxed_ptr(t) + 1; }

// Words needed for a magnitude of `limbs` limbs (limbs already normalised).
constexpr Word bignum_words(Word limbs) { return 1 + limbs; }

// Writes an integer with the given normalised magnitude at `at` and returns it; if it fits a
// small integer, returns the small instead and writes nothing. `limbs` may alias `at + 1`.
Term make_integer(Word *at, const Word *limbs, Word count, bool negative);
// How many words make_integer will use for this normalised magnitude (0 if it is small).
Word integer_words(const Word *limbs, Word count, bool negative);

std::string integer_to_string(Term integer, int base = 10);

} // namespace hamlet
