// The process dictionary (erlang:get/put/erase): its entries in insertion order (the order
// get/0 and get_keys/0 list them), each with its key's hash, and past a few entries an
// open-addressing index from hash to entry, so that one key's get, put or erase takes
// constant time however large the dictionary grows (kernel's pdict_SUITE puts 500,000 keys).
// The hash is erts' (small integers and atoms by their word, other terms by internal_hash):
// it only has to agree with exact equality, and it depends on the key's content, never on
// its address, so a garbage collection that moves the terms leaves the index valid.
// Erased entries stay as holes until they are as many as the live ones, then the entries
// are packed and the index rebuilt.
#pragma once

#include "vm/term.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hamlet {

class ProcessDict {
  public:
    // The value of key, or kNonValue.
    Term get(Term key) const;
    // Sets key to value; the old value, or kNonValue for a new key (added last).
    Term put(Term key, Term value);
    // Removes key; its value, or kNonValue.
    Term erase(Term key);
    void clear();
    size_t size() const { return live_; }
    // Words of memory held (process_info's memory).
    size_t words() const { return entries_.capacity() * 3 + slots_.capacity() / 2; }

    // f(key, value) for each entry in insertion order; the references may be updated (the
    // garbage collector moves the terms).
    template <class F> void for_each(F &&f) {
        for (auto &e : entries_)
            if (e.key != kNonValue) f(e.key, e.value);
    }
    template <class F> void for_each(F &&f) const {
        for (auto &e : entries_)
            if (e.key != kNonValue) f(e.key, e.value);
    }

  private:
    struct Entry {
        Term key; // kNonValue: erased
        Term value;
        uint32_t hash;
    };
    static constexpr uint32_t kEmpty = 0, kErased = UINT32_MAX; // slot values; else index + 1
    static constexpr size_t kIndexFrom = 8; // smaller dictionaries are searched in order

    size_t find(Term key, uint32_t h) const; // entry index, or SIZE_MAX
    void rebuild();                          // packs the entries and builds the index
    void index_insert(uint32_t h, size_t i);

    std::vector<Entry> entries_;
    std::vector<uint32_t> slots_; // empty while entries_ is small
    size_t live_ = 0;
    size_t used_slots_ = 0; // slots not kEmpty (erased ones included)
};

} // namespace hamlet
