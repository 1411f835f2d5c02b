#include "vm/pdict.h"

#include "vm/term_compare.h"
#include "vm/term_hash.h"

namespace hamlet {

namespace {

// erts' MAKE_HASH (erl_process_dict.c).
uint32_t key_hash(Term key) {
    if (is_small(key) || is_atom(key)) return uint32_t(key) ^ uint32_t(uint64_t(key) >> 32);
    return internal_hash(key, 0);
}

// Spreads the hash's bits over the slot index (the small-integer hashes are sequential).
size_t slot_of(uint32_t h, size_t mask) {
    return size_t(h * 0x9E3779B1u) & mask;
}

} // namespace

size_t ProcessDict::find(Term key, uint32_t h) const {
    if (slots_.empty()) {
        for (size_t i = 0; i < entries_.size(); ++i) {
            const Entry &e = entries_[i];
            if (e.key != kNonValue && e.hash == h && terms_exact_equal(e.key, key)) return i;
        }
        return SIZE_MAX;
    }
    size_t mask = slots_.size() - 1;
    for (size_t s = slot_of(h, mask);; s = (s + 1) & mask) {
        uint32_t v = slots_[s];
        if (v == kEmpty) return SIZE_MAX;
        if (v == kErased) continue;
        const Entry &e = entries_[v - 1];
        if (e.hash == h && terms_exact_equal(e.key, key)) return v - 1;
    }
}

void ProcessDict::index_insert(uint32_t h, size_t i) {
    size_t mask = slots_.size() - 1;
    size_t s = slot_of(h, mask);
    while (slots_[s] != kEmpty)
        s = (s + 1) & mask;
    slots_[s] = uint32_t(i + 1);
    ++used_slots_;
}

void ProcessDict::rebuild() {
    size_t n = 0;
    for (auto &e : entries_)
        if (e.key != kNonValue) entries_[n++] = e;
    entries_.resize(n);
    slots_.clear();
    used_slots_ = 0;
    if (n < kIndexFrom) {
        slots_.shrink_to_fit();
        return;
    }
    size_t cap = 16;
    while (cap < n * 4)
        cap *= 2;
    slots_.assign(cap, kEmpty);
    for (size_t i = 0; i < n; ++i)
        index_insert(entries_[i].hash, i);
}

Term ProcessDict::get(Term key) const {
    size_t i = find(key, key_hash(key));
    return i == SIZE_MAX ? kNonValue : entries_[i].value;
}

Term ProcessDict::put(Term key, Term value) {
    uint32_t h = key_hash(key);
    size_t i = find(key, h);
    if (i != SIZE_MAX) {
        Term old = entries_[i].value;
        entries_[i].value = value;
        return old;
    }
    entries_.push_back({key, value, h});
    ++live_;
    if (slots_.empty()) {
        if (entries_.size() >= kIndexFrom) rebuild();
    } else if ((used_slots_ + 1) * 2 > slots_.size()) {
        rebuild(); // indexes the new entry too
    } else {
        index_insert(h, entries_.size() - 1);
    }
    return kNonValue;
}

Term ProcessDict::erase(Term key) {
    uint32_t h = key_hash(key);
    size_t i = find(key, h);
    if (i == SIZE_MAX) return kNonValue;
    Term old = entries_[i].value;
    entries_[i].key = kNonValue;
    entries_[i].value = kNonValue;
    --live_;
    if (!slots_.empty()) {
        size_t mask = slots_.size() - 1;
        size_t s = slot_of(h, mask);
        while (slots_[s] != i + 1)
            s = (s + 1) & mask;
        slots_[s] = kErased;
    }
    if (i + 1 == entries_.size()) {
        // The last entry: its hole can go at once (an index slot keeps kErased).
        while (!entries_.empty() && entries_.back().key == kNonValue && slots_.empty())
            entries_.pop_back();
    }
    if (entries_.size() >= 2 * live_ + kIndexFrom) rebuild();
    return old;
}

void ProcessDict::clear() {
    entries_.clear();
    slots_.clear();
    live_ = 0;
    used_slots_ = 0;
}

} // namespace hamlet
