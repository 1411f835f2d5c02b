// Term hashing exactly as erts (OTP 25) computes it.
//
//   phash2_hash   erts make_hash2() (utils.c): the portable hash behind erlang:phash2/1,2.
//                 phash2/1 is phash2_hash(T) & (2^27 - 1); phash2(T, R) is phash2_hash(T) % R
//                 (R = 2^32: the full value).
//   phash_hash    erts make_hash() (utils.c): the old hash behind erlang:phash/2, which
//                 returns phash_hash(T) % R + 1 (R = 2^32: phash_hash(T) + 1).
//   internal_hash erts make_internal_hash(Term, Salt) (utils.c): the VM-internal hash that
//                 places keys in HAMT maps. It is not portable: erts hashes immediates by
//                 their raw 64-bit word. Small integers have the same word here as in erts
//                 (value << 4 | 0xF) and nil is hashed as erts' word (0x3B), so numbers,
//                 binaries, lists, tuples, maps and refs (all deterministic) hash exactly as
//                 in erts. Atoms hash their word (index << 6 | 0xB), so they match erts only
//                 if the atom has the same atom-table index; pids and ports (erts' word
//                 holds a process-table index) and external pids/ports/refs and export
//                 funs (erts mixes in memory addresses) cannot match and get stable values
//                 of our own.
//                 Local funs hash as in erts (the module atom by its index, again).
//   map_key_hash  erts make_map_hash(Key, Depth) (utils.c), i.e. internal_hash salted with
//                 the HAMT depth: Depth 0 gives hashmap_make_hash(Key); when the 32 bits of
//                 one hash are used up (8 levels of 4 bits), the trie continues with the
//                 hash of the next depth (erl_map.h hashmap_restore_hash/hashmap_shift_hash).
//                 vm/map.h describes the trie.
//
// All hashes are computed iteratively (explicit stacks): arbitrarily deep terms are fine.
#pragma once

#include "vm/term.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace hamlet {

uint32_t phash2_hash(Term t);
uint32_t phash_hash(Term t);
uint32_t internal_hash(Term t, uint32_t salt);
uint32_t map_key_hash(Term key, uint32_t depth);

// erts atom_hash() (atom.c): hashpjw over the atom's UTF-8 text, with two-byte sequences
// that encode U+0080..U+00FF folded to their Latin-1 byte first. This is the atom's
// "hvalue" that phash/phash2 use.
uint32_t atom_text_hash(std::string_view utf8);

// The 8 nibbles of h in reverse order (nibble 0 becomes the most significant), so that
// comparing the results compares HAMT trie paths level by level (vm/map.h).
constexpr uint32_t nibble_reverse(uint32_t h) {
    uint32_t r = (h >> 24) | ((h >> 8) & 0xFF00u) | ((h << 8) & 0xFF0000u) | (h << 24);
    return ((r & 0x0F0F0F0Fu) << 4) | ((r >> 4) & 0x0F0F0F0Fu);
}

} // namespace hamlet
