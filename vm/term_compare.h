// Term order and equality, exactly as the BEAM defines them:
//   number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring
// compare_terms:  arithmetic order (1 == 1.0), used by <, ==, lists:sort.
// compare_exact:  map-key order (all integers before all floats, no int/float equality),
//                 used by =:=, flatmap key order and map comparison of keys.
#pragma once

#include "vm/term.h"

namespace hamlet {

int compare_terms(Term a, Term b);
int compare_exact(Term a, Term b);
inline bool terms_equal(Term a, Term b) { return a == b || compare_terms(a, b) == 0; }
inline bool terms_exact_equal(Term a, Term b) { return a == b || compare_exact(a, b) == 0; }

} // namespace hamlet
