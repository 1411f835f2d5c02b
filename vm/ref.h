// References: every reference the VM makes (make_ref, monitors, aliases, timers) takes its
// number from one VM-wide counter, so a number names one reference and can be rebuilt into
// an equal term anywhere (a 'DOWN' message carries the same ref monitor/2 returned).
// Layout: [header(Ref, 3), low 32 bits, high 32 bits, 0].
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <atomic>
#include <cstdint>

namespace hamlet {

inline std::atomic<uint64_t> g_next_ref_id{1};

inline uint64_t new_ref_id() {
    return g_next_ref_id.fetch_add(1, std::memory_order_relaxed);
}

constexpr size_t kRefWords = 4;

inline Term make_ref_at(Word *hp, uint64_t id) {
    hp[0] = make_header(Subtag::Ref, 3);
    hp[1] = id & 0xFFFFFFFF;
    hp[2] = id >> 32;
    hp[3] = 0;
    return make_boxed(hp);
}

inline Term make_ref(Process *p, uint64_t id) {
    return make_ref_at(p->alloc(kRefWords), id);
}

// The number of a local reference; false for anything else.
inline bool ref_id(Term t, uint64_t *id) {
    if (!is_boxed_of(t, Subtag::Ref)) return false;
    const Word *w = boxed_ptr(t);
    *id = w[1] | (w[2] << 32);
    return true;
}

} // namespace hamlet
