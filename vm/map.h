// Maps: the one definition of their heap layout.
//
// Like the BEAM, a map of up to 32 keys is a flatmap and a larger one a hash-array-mapped
// trie (HAMT). Every map object is [header(Map, arity), info, term slots...]: word 1 (the
// "info" word) is never a term, its low 2 bits give the kind, and every later word is a
// term (vm/heap_layout.h relies on this).
//
//   flatmap    [hdr(Map, 2 + n), n << 2 | kFlatmapKind, keys tuple, v1 .. vn]
//              keys sorted in map-key order (vm/term_compare.h): this order is what
//              maps:keys/1, maps:to_list/1 and term_to_binary/1 expose for small maps.
//   HAMT head  [hdr(Map, 1 + k), size << 18 | bitmap << 2 | kHamtHeadKind, child1 .. childk]
//   HAMT node  [hdr(Map, 1 + k), bitmap << 2 | kHamtNodeKind, child1 .. childk]
//
// A HAMT is a 16-way trie over the keys' internal map hash (vm/term_hash.h map_key_hash):
// level L indexes with nibble (L mod 8) of map_key_hash(Key, L div 8), least significant
// nibble first, so keys whose 32-bit hashes collide continue with the next depth's hash.
// The bitmap says which of the 16 slots are used; the k = popcount(bitmap) children follow
// in slot order. A child is either a leaf, a cons cell [Key | Value] (a list term), or a
// deeper node (a boxed term). The head is the root (level 0) and also holds the size; it
// is the only node a map term points to. Inner nodes never appear as values.
//
// The shape is canonical, as in erts: a slot holds a leaf when exactly one key of the map
// falls under it and a node otherwise, so a chain of one-child nodes leads down to where
// two keys' hash nibbles first differ. erts tags a head with all 16 slots used as an
// "array" head (inner nodes stay bitmap nodes even when full); here every node is a bitmap
// node and a full one has bitmap 0xFFFF. erts keeps the bitmap in the header word; Hamlet's
// headers hold only the arity, hence the info word.
#pragma once

#include "vm/term.h"

#include <bit>

namespace hamlet {

constexpr Word kFlatmapKind = 0;
constexpr Word kHamtHeadKind = 1;
constexpr Word kHamtNodeKind = 2;
constexpr Word kMaxFlatmapSize = 32;

inline bool is_map(Term t) { return is_boxed_of(t, Subtag::Map); }
inline Word map_info(Term t) { return boxed_ptr(t)[1]; }
inline Word map_kind(Term t) { return map_info(t) & 3; }
inline bool is_flatmap(Term t) { return map_kind(t) == kFlatmapKind; }
inline bool is_hamt(Term t) { return map_kind(t) == kHamtHeadKind; }

// ---- flatmaps ----------------------------------------------------------------------------

inline Word flatmap_size(Term t) { return map_info(t) >> 2; }
inline Term flatmap_keys(Term t) { return boxed_ptr(t)[2]; }
inline Term *flatmap_values(Term t) { return boxed_ptr(t) + 3; }

// Words for a flatmap of n keys including its keys tuple.
constexpr Word flatmap_words(Word n) { return 3 + n + 1 + n; }

// ---- HAMT nodes (head or inner node; `node` points at the header word) --------------------

constexpr unsigned kHamtSizeShift = 18;
constexpr Word kFullBitmap = 0xFFFF;
// The most words a head can take (16 children); inner nodes take the same.
constexpr Word kHamtNodeMaxWords = 2 + 16;

inline bool hamt_node_is_head(const Word *node) { return (node[1] & 3) == kHamtHeadKind; }
inline unsigned hamt_node_bitmap(const Word *node) { return unsigned(node[1] >> 2) & 0xFFFF; }
inline unsigned hamt_node_count(const Word *node) { return unsigned(std::popcount(hamt_node_bitmap(node))); }
inline Term *hamt_node_children(Word *node) { return node + 2; }
inline const Term *hamt_node_children(const Word *node) { return node + 2; }
inline Word hamt_head_size(const Word *head) { return head[1] >> kHamtSizeShift; }
constexpr Word hamt_node_words(unsigned children) { return 2 + children; }

// Position of slot `nibble` among a node's children, or -1 if the slot is empty.
inline int hamt_child_index(unsigned bitmap, unsigned nibble) {
    unsigned bit = 1u << nibble;
    if (!(bitmap & bit)) return -1;
    return std::popcount(bitmap & (bit - 1));
}

// Writes a node's header and info word; the caller writes the children.
inline void hamt_write_node(Word *at, unsigned bitmap, bool head, Word size) {
    at[0] = make_header(Subtag::Map, 1 + Word(std::popcount(bitmap)));
    at[1] = head ? (size << kHamtSizeShift | Word(bitmap) << 2 | kHamtHeadKind) : (Word(bitmap) << 2 | kHamtNodeKind);
}

inline Word map_size(Term map) {
    return is_flatmap(map) ? flatmap_size(map) : hamt_head_size(boxed_ptr(map));
}

} // namespace hamlet
