// Copying terms between heaps (messages, ETS, spawn arguments). Sharing inside the term is
// not preserved (a subterm referenced twice is copied twice), as in the BEAM; literals
// (terms outside any process heap) are copied too, so the copy is self-contained.
#pragma once

#include "vm/binary.h"
#include "vm/term.h"

#include <cstddef>
#include <unordered_map>
#include <unordered_set>

namespace hamlet {

// Words needed to copy t.
size_t copy_size(Term t);
// Copies t to hp (which has copy_size(t) words); refc binaries gain a reference, linked
// into off_heap.
Term copy_term(Term t, Word *hp, OffHeap &off_heap);

// A copy that keeps the sharing inside the terms, as erts' copy_shared does for persistent
// terms: a subterm referenced several times is copied once. Terms copied by the same
// SharedCopy share what they have in common too.
class SharedCopy {
  public:
    // Words needed to copy t (beside what earlier calls counted).
    size_t size(Term t);
    // Copies t to hp (which has the words that size(t) counted).
    Term copy(Term t, Word *&hp, OffHeap &off_heap);

  private:
    std::unordered_set<const Word *> counted_;
    std::unordered_map<const Word *, Term> copied_;
};

} // namespace hamlet
