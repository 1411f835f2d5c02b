// Magic references: reference terms that also hold a counted pointer to a shared C++ object
// (a NIF resource on the BEAM), such as an open file, a prim_buffer or a counters array.
//
// Layout: [header(Ref, 5), n0, n1, n2, MagicObject*, next off-heap]. The three numbers make
// it a reference like any other (printing, comparison, hashing and term_to_binary only see
// them); the last two words are the same as a refc binary handle's, so the garbage
// collector, the term copier and OffHeap lists keep the object alive while a term refers to
// it and release it when the last one dies (vm/binary.h).
#pragma once

#include "vm/process.h"
#include "vm/ref.h"
#include "vm/term.h"

#include <atomic>
#include <cstdint>

namespace hamlet {

struct MagicObject {
    std::atomic<int64_t> refc{1};
    uint64_t ref_number = new_ref_id(); // the number every term referring to it carries

    virtual ~MagicObject() = default;
    void retain() { refc.fetch_add(1, std::memory_order_relaxed); }
    void release() {
        if (refc.fetch_sub(1, std::memory_order_acq_rel) == 1) last_reference_dropped();
    }

  protected:
    // No term or holder refers to the object any more. NIF resources override this to run
    // their destructor callback later, outside the collector (nif/resources.cpp).
    virtual void last_reference_dropped() { delete this; }
};

constexpr size_t kMagicRefWords = kMagicRefArity + 1;

inline bool is_magic_ref_header(Word header) {
    return header_subtag(header) == Subtag::Ref && header_arity(header) == kMagicRefArity;
}

// How many reference numbers an internal reference with this header carries.
inline Word ref_number_count(Word header) {
    return is_magic_ref_header(header) ? 3 : header_arity(header);
}

// A magic reference on p's heap; takes over one reference to obj.
Term make_magic_ref(Process *p, MagicObject *obj);

// The object behind a magic reference, or nullptr for any other term.
inline MagicObject *magic_object(Term t) {
    if (!is_boxed_of(t, Subtag::Ref)) return nullptr;
    const Word *w = boxed_ptr(t);
    return is_magic_ref_header(w[0]) ? reinterpret_cast<MagicObject *>(w[4]) : nullptr;
}

// The object behind a magic reference if it is a T (a resource of that type), else nullptr.
template <typename T> T *magic_cast(Term t) {
    return dynamic_cast<T *>(magic_object(t));
}

} // namespace hamlet
