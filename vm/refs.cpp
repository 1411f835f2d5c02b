#include "vm/refs.h"

#include <atomic>

namespace hamlet {

namespace {
std::atomic<uint64_t> g_next_ref{1};
}

uint64_t new_ref_id() {
    return g_next_ref.fetch_add(1, std::memory_order_relaxed);
}

Term make_ref_term(Process *p, uint64_t id) {
    Word *hp = p->alloc(4);
    hp[0] = make_header(Subtag::Ref, 3);
    hp[1] = id & 0xFFFFFFFF;
    hp[2] = id >> 32;
    hp[3] = 0;
    return make_boxed(hp);
}

bool ref_id(Term t, uint64_t *id) {
    if (!is_boxed_of(t, Subtag::Ref)) return false;
    Word *p = boxed_ptr(t);
    if (header_arity(p[0]) != 3) return false;
    *id = p[1] | (p[2] << 32);
    return true;
}

} // namespace hamlet
