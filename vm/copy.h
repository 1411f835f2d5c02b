// Copying terms between heaps (messages, ETS, spawn arguments). Sharing inside the term is
// not preserved (a subterm referenced twice is copied twice), as in the BEAM; literals
// (terms outside any process heap) are copied too, so the copy is self-contained.
#pragma once

#include "vm/binary.h"
#include "vm/term.h"

#include <cstddef>

namespace hamlet {

// Words needed to copy t.
size_t copy_size(Term t);
// Copies t to hp (which has copy_size(t) words); refc binaries gain a reference, linked
// into off_heap.
Term copy_term(Term t, Word *hp, OffHeap &off_heap);

} // namespace hamlet
