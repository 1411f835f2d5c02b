// Which words of a heap object hold terms. The garbage collector and the term copier both
// walk objects with this, so it is the one place that knows each object's layout.
#pragma once

#include "vm/term.h"

namespace hamlet {

// Every heap object occupies header_arity + 1 words.
inline Word object_words(Word header) { return header_arity(header) + 1; }

// The range [first, first + count) of word indices (from the header) that hold terms.
struct TermSlots {
    Word first, count;
};

inline TermSlots term_slots(Word header) {
    Word arity = header_arity(header);
    switch (header_subtag(header)) {
    case Subtag::Tuple: return {1, arity};
    case Subtag::SubBin: return {3, 1};   // [hdr, bit size, bit offset, original]
    case Subtag::MatchCtx: return {1, 1}; // [hdr, original, offset, end]
    case Subtag::Map: return {2, arity - 1}; // [hdr, info, terms...] (vm/map.h)
    case Subtag::Fun: return {2, arity - 1}; // [hdr, Lambda*, creator pid, env...]
    case Subtag::Export: return {1, 3};      // [hdr, M, F, A, Export*]
    default: return {0, 0}; // numbers, binaries' data, refs, pids, ports, Free (filler words)
    }
}

} // namespace hamlet
