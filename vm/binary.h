// Binaries and bitstrings.
//
// Three heap shapes, one view:
//   heap binary  [header(HeapBin, 1 + data words), byte size, bytes...]  for <= 64 bytes
//   refc binary  [header(RefcBin, 3), byte size, Binary*, next off-heap]  handle to shared data
//   sub binary   [header(SubBin, 3), bit size, bit offset, original]      slice or bitstring
// An off-heap Binary is shared between processes and freed when its last handle dies; each
// heap (process, literal area, message) links its refc handles into an off-heap list so it
// can release them when it is collected.
#pragma once

#include "vm/term.h"

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace hamlet {

constexpr size_t kHeapBinLimit = 64;
constexpr Word kRefcBinWords = 4;
constexpr Word kSubBinWords = 4;

struct Binary {
    std::atomic<int64_t> refc;
    size_t size;
    uint8_t data[1];

    static Binary *create(size_t size); // refc = 1, data uninitialised
    // Resizes an unshared binary (refc 1), keeping its bytes; nullptr (b untouched) when
    // memory runs out.
    static Binary *resize(Binary *b, size_t size);
    void retain() { refc.fetch_add(1, std::memory_order_relaxed); }
    void release();
};

constexpr Word heap_bin_words(size_t bytes) { return 2 + (bytes + 7) / 8; }

// Words needed on a heap for a byte-aligned binary of this size.
constexpr Word binary_words(size_t bytes) {
    return bytes <= kHeapBinLimit ? heap_bin_words(bytes) : kRefcBinWords;
}

// Off-heap list: the heap objects that hold a counted pointer to shared memory, refc binary
// handles [hdr, size, Binary*, next] and magic references [hdr, n0, n1, n2, MagicObject*,
// next] (vm/magic_ref.h), singly linked through their last word; the pointer is the word
// before it.
constexpr Word kMagicRefArity = 5;
inline bool is_off_heap_header(Word header) {
    return header_subtag(header) == Subtag::RefcBin ||
           (header_subtag(header) == Subtag::Ref && header_arity(header) == kMagicRefArity);
}
// The link word of an off-heap object whose header is `header`.
inline Word &off_heap_link(Word *object, Word header) { return object[header_arity(header)]; }
// Drops the object's reference to its shared memory.
void release_off_heap_object(const Word *object, Word header);

struct OffHeap {
    Word *first = nullptr;
    void link(Word *object) { // the object's header is already in place
        off_heap_link(object, object[0]) = reinterpret_cast<Word>(first);
        first = object;
    }
    void release_all(); // drops one reference per object; the list becomes empty
};

// Builds a heap binary at `at` (heap_bin_words(size) words); returns its term and the data.
Term make_heap_bin(Word *at, size_t size, uint8_t **data);
// Builds a refc handle at `at` (kRefcBinWords words) taking over one reference of `bin`.
Term make_refc_bin(Word *at, Binary *bin, OffHeap &off_heap);
// Builds a sub binary at `at` (kSubBinWords words).
Term make_sub_bin(Word *at, Term original, size_t bit_offset, size_t bit_size);

inline bool is_bitstring(Term t) {
    if (!is_boxed(t)) return false;
    Subtag st = boxed_subtag(t);
    return st == Subtag::HeapBin || st == Subtag::RefcBin || st == Subtag::SubBin;
}

// A flat view of any bitstring's bits.
struct BitView {
    const uint8_t *base; // byte containing the first bit is base[bit_offset / 8]
    size_t bit_offset;
    size_t bit_size;
    bool byte_aligned() const { return bit_offset % 8 == 0; }
    bool is_binary() const { return bit_size % 8 == 0; }
    const uint8_t *bytes() const { return base + bit_offset / 8; } // valid if byte_aligned
    size_t byte_size() const { return bit_size / 8; }
};
BitView bit_view(Term bitstring);

inline bool is_binary(Term t) { return is_bitstring(t) && bit_view(t).bit_size % 8 == 0; }

} // namespace hamlet
