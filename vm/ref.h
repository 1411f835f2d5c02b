// References: every reference the VM makes (make_ref, monitors, aliases, timers) takes its
// number from one VM-wide counter, so a number names one reference and can be rebuilt into
// an equal term anywhere (a 'DOWN' message carries the same ref monitor/2 returned).
// Layout: [header(Ref, 3), low 32 bits, high 32 bits, 1]. The third number is never 0, as
// in erts' references, so none equals a reference decoded from the old one-number format
// (REFERENCE_EXT), whose missing numbers are zeros.
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

constexpr Word kRefThirdNumber = 1;

// The three numbers of reference `id` (also those of magic references and ETS table ids).
inline void write_ref_numbers(Word *w, uint64_t id) {
    w[0] = id & 0xFFFFFFFF;
    w[1] = id >> 32;
    w[2] = kRefThirdNumber;
}

inline Term make_ref_at(Word *hp, uint64_t id) {
    hp[0] = make_header(Subtag::Ref, 3);
    write_ref_numbers(hp + 1, id);
    return make_boxed(hp);
}

inline Term make_ref(Process *p, uint64_t id) {
    return make_ref_at(p->alloc(kRefWords), id);
}

// The number of a reference this VM made (make_ref, monitors, aliases, timers, tables, magic
// references); false for anything else (such as a reference decoded from another node's
// numbers).
inline bool ref_id(Term t, uint64_t *id) {
    if (!is_boxed_of(t, Subtag::Ref)) return false;
    const Word *w = boxed_ptr(t);
    if (w[3] != kRefThirdNumber) return false;
    *id = w[1] | (w[2] << 32);
    return true;
}

} // namespace hamlet
