// Hash-array-mapped tries: the node-level operations behind maps of more than 32 keys (the
// layout is in vm/map.h). Every operation keeps the trie in the canonical shape erts
// (OTP 25, erl_map.c) gives it, so iteration order, term_to_binary and map_next paths match.
#pragma once

#include "vm/map.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hamlet {

class Process;

// Map keys match when they are exactly equal (=:=): 1 and 1.0 are different keys.
bool map_keys_equal(Term a, Term b);

// A map's pairs in the BEAM's iteration order (maps:iterator/next, maps:fold, io_lib's
// printing): a flatmap in key order; a HAMT depth first, slots in ascending order.
// maps:keys/1, maps:values/1, maps:to_list/1 and term_to_binary/1 of a HAMT give the
// reverse of this order.
class MapIterator {
  public:
    explicit MapIterator(Term map);
    bool next(Term &key, Term &value);

  private:
    struct Frame {
        const Word *node;
        unsigned next, count;
    };
    Term map_;
    Word index_ = 0, size_ = 0; // flatmaps
    std::vector<Frame> stack_;  // HAMTs
};

// Keys and values of a map in iteration order.
void map_pairs(Term map, std::vector<Term> &keys, std::vector<Term> &values);

// Appends the leaves ([Key | Value] cons cells) of a HAMT to out, in iteration order.
void hamt_leaves(Term map, std::vector<Term> &out);

// The value slot of key in a HAMT, or nullptr.
const Term *hamt_lookup(Term map, Term key);

// Builds the canonical trie over a set of leaves (cons cells [Key | Value], any order), in
// two steps so that callers can place the memory: plan(), then emit() into
// head_words() + node_words() words.
class HamtBuilder {
  public:
    enum class Duplicates { KeepLast, Reject };
    // Orders and de-duplicates the leaves (a later leaf replaces an earlier one with an
    // equal key) and lays out the trie. With Reject, returns false on equal keys.
    bool plan(const Term *leaves, size_t n, Duplicates dups);
    size_t size() const { return items_.size(); } // distinct keys
    // The distinct leaves (in no particular order), e.g. to make a flatmap instead.
    std::vector<Term> leaves() const;
    size_t head_words() const;
    size_t node_words() const;
    // Writes the head at `head` and the inner nodes at `nodes`; returns the map.
    Term emit(Word *head, Word *nodes) const;

  private:
    struct Item {
        Term leaf;
        uint32_t path; // nibble_reverse of the key's hash at the depth being laid out
        uint32_t order;
    };
    struct Ref { // a child: a leaf, or (node >= 0) a planned node
        Term leaf;
        int32_t node;
    };
    struct Node {
        unsigned bitmap;
        uint32_t first; // children in refs_[first, first + popcount(bitmap))
    };
    int32_t plan_node(size_t lo, size_t hi, unsigned level);
    Ref plan_child(size_t lo, size_t hi, unsigned level);
    std::vector<Item> items_;
    std::vector<Node> nodes_; // children before parents; the head is last
    std::vector<Ref> refs_;
};

// A HAMT on p's heap from leaves (later leaves win over earlier ones with equal keys).
Term hamt_from_leaves(Process *p, const Term *leaves, size_t n);

enum class HamtPut {
    Put,      // add or replace
    Update,   // replace only: kNonValue if the key is absent
    IfAbsent, // add only: the map unchanged if the key is present
};
// map with key => value; the same map if nothing changes.
Term hamt_put(Process *p, Term map, Term key, Term value, HamtPut mode);

// map without key as a HAMT (whatever its size), or kNonValue if key is absent. With
// `value`, receives the removed value.
Term hamt_remove(Process *p, Term map, Term key, Term *value = nullptr);

} // namespace hamlet
