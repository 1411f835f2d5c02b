// Building terms on a process heap (with Process::alloc, so never collecting).
#pragma once

#include "vm/process.h"

#include <string_view>
#include <vector>

namespace hamlet {

inline Term make_tuple(Process *p, std::initializer_list<Term> elems) {
    Word *hp = p->alloc(1 + elems.size());
    hp[0] = make_header(Subtag::Tuple, elems.size());
    size_t i = 1;
    for (Term e : elems)
        hp[i++] = e;
    return make_boxed(hp);
}

// A tuple with `arity` elements left for the caller to fill (tuple_elements()).
inline Term alloc_tuple(Process *p, size_t arity) {
    Word *hp = p->alloc(1 + arity);
    hp[0] = make_header(Subtag::Tuple, arity);
    return make_boxed(hp);
}

inline Term make_cons(Process *p, Term head, Term tail) {
    Word *hp = p->alloc(2);
    hp[0] = head;
    hp[1] = tail;
    return make_list(hp);
}

// A proper list of the terms in v, in order.
inline Term make_term_list(Process *p, const std::vector<Term> &v) {
    Term l = kNil;
    for (auto it = v.rbegin(); it != v.rend(); ++it)
        l = make_cons(p, *it, l);
    return l;
}

inline Term make_float(Process *p, double d) {
    Word *hp = p->alloc(kFloatWords);
    hp[0] = make_header(Subtag::Float, 1);
    std::memcpy(hp + 1, &d, sizeof d);
    return make_boxed(hp);
}

// A byte-aligned binary of `size` bytes (heap or off-heap by size); *data receives the
// bytes to fill.
Term make_binary(Process *p, size_t size, uint8_t **data);
Term make_binary(Process *p, const void *bytes, size_t size);

// A list of byte values (an Erlang string) from text.
Term make_string(Process *p, std::string_view text);

// An integer from a 64-bit value (small or bignum).
Term make_int64(Process *p, int64_t v);
Term make_uint64(Process *p, uint64_t v);

} // namespace hamlet
