#include "vm/binary.h"

#include "vm/magic_ref.h"
#include "vm/memory_stats.h"

#include <cstdlib>
#include <malloc.h>
#include <new>

namespace hamlet {

Binary *Binary::create(size_t size) {
    void *mem = std::malloc(offsetof(Binary, data) + (size ? size : 1));
    if (!mem) throw std::bad_alloc();
    auto *b = static_cast<Binary *>(mem);
    new (&b->refc) std::atomic<int64_t>(1);
    b->size = size;
    // The allocation's own size: a binary's size may shrink after it is made (bits.cpp).
    g_binary_bytes.add(int64_t(malloc_usable_size(mem)));
    return b;
}

Binary *Binary::resize(Binary *b, size_t size) {
    size_t before = malloc_usable_size(b);
    void *mem = std::realloc(b, offsetof(Binary, data) + (size ? size : 1));
    if (!mem) return nullptr;
    g_binary_bytes.add(int64_t(malloc_usable_size(mem)) - int64_t(before));
    b = static_cast<Binary *>(mem);
    b->size = size;
    return b;
}

void Binary::release() {
    if (refc.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        g_binary_bytes.add(-int64_t(malloc_usable_size(this)));
        std::free(this);
    }
}

void release_off_heap_object(const Word *object, Word header) {
    Word pointer = object[header_arity(header) - 1];
    if (header_subtag(header) == Subtag::RefcBin)
        reinterpret_cast<Binary *>(pointer)->release();
    else
        reinterpret_cast<MagicObject *>(pointer)->release();
}

void OffHeap::release_all() {
    for (Word *h = first; h;) {
        Word *next = reinterpret_cast<Word *>(off_heap_link(h, h[0]));
        release_off_heap_object(h, h[0]);
        h = next;
    }
    first = nullptr;
}

Term make_heap_bin(Word *at, size_t size, uint8_t **data) {
    Word words = heap_bin_words(size);
    at[0] = make_header(Subtag::HeapBin, words - 1);
    at[1] = size;
    at[words - 1] = 0; // deterministic padding in the last data word
    *data = reinterpret_cast<uint8_t *>(at + 2);
    return make_boxed(at);
}

Term make_refc_bin(Word *at, Binary *bin, OffHeap &off_heap) {
    at[0] = make_header(Subtag::RefcBin, kRefcBinWords - 1);
    at[1] = bin->size;
    at[2] = reinterpret_cast<Word>(bin);
    off_heap.link(at);
    return make_boxed(at);
}

Term make_sub_bin(Word *at, Term original, size_t bit_offset, size_t bit_size) {
    at[0] = make_header(Subtag::SubBin, kSubBinWords - 1);
    at[1] = bit_size;
    at[2] = bit_offset;
    at[3] = original;
    return make_boxed(at);
}

BitView bit_view(Term t) {
    Word *p = boxed_ptr(t);
    switch (header_subtag(p[0])) {
    case Subtag::HeapBin:
        return {reinterpret_cast<const uint8_t *>(p + 2), 0, size_t(p[1]) * 8};
    case Subtag::RefcBin:
        return {reinterpret_cast<Binary *>(p[2])->data, 0, size_t(p[1]) * 8};
    case Subtag::SubBin: {
        BitView orig = bit_view(p[3]);
        return {orig.base, orig.bit_offset + size_t(p[2]), size_t(p[1])};
    }
    default:
        return {nullptr, 0, 0};
    }
}

} // namespace hamlet
