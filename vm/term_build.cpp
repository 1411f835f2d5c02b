#include "vm/term_build.h"

#include "vm/bignum.h"

namespace hamlet {

Term make_binary(Process *p, size_t size, uint8_t **data) {
    if (size <= kHeapBinLimit) return make_heap_bin(p->alloc(heap_bin_words(size)), size, data);
    Binary *b = Binary::create(size);
    *data = b->data;
    p->add_binary_vheap(size);
    return make_refc_bin(p->alloc(kRefcBinWords), b, p->off_heap);
}

Term make_binary(Process *p, const void *bytes, size_t size) {
    uint8_t *d;
    Term t = make_binary(p, size, &d);
    if (size) std::memcpy(d, bytes, size);
    return t;
}

Term make_string(Process *p, std::string_view text) {
    if (text.empty()) return kNil;
    Word *hp = p->alloc(2 * text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        hp[2 * i] = make_small(static_cast<unsigned char>(text[i]));
        hp[2 * i + 1] = i + 1 < text.size() ? make_list(hp + 2 * (i + 1)) : kNil;
    }
    return make_list(hp);
}

Term make_uint64(Process *p, uint64_t v) {
    if (v <= uint64_t(kMaxSmall)) return make_small(SWord(v));
    return make_integer(p->alloc(bignum_words(1)), &v, 1, false);
}

Term make_int64(Process *p, int64_t v) {
    if (fits_small(v)) return make_small(v);
    bool negative = v < 0;
    Word m = negative ? Word(-(v + 1)) + 1 : Word(v);
    return make_integer(p->alloc(bignum_words(1)), &m, 1, negative);
}

} // namespace hamlet
