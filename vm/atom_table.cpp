#include "vm/atom_table.h"

#include "vm/utf8.h"

namespace hamlet {

AtomTable &AtomTable::global() {
    static AtomTable table;
    return table;
}

AtomTable::AtomTable() {
    static constexpr const char *kWellKnown[] = {
#define X(id, text) text,
#include "vm/atoms.def"
#undef X
    };
    for (const char *t : kWellKnown) intern(t);
}

std::string_view AtomTable::text_of(uint32_t index) const {
    if (index >= size()) return {};
    Entry *chunk = chunks_[index >> kChunkBits].load(std::memory_order_acquire);
    const Entry &e = chunk[index & (kChunkSize - 1)];
    return {e.text, e.length};
}

std::optional<Term> AtomTable::find(std::string_view utf8) const {
    std::lock_guard lock(mutex_);
    auto it = by_text_.find(utf8);
    if (it == by_text_.end()) return std::nullopt;
    return make_atom(it->second);
}

std::optional<Term> AtomTable::intern(std::string_view utf8) {
    auto chars = utf8_length(utf8);
    if (!chars || *chars > kMaxChars) return std::nullopt;
    std::lock_guard lock(mutex_);
    if (auto it = by_text_.find(utf8); it != by_text_.end()) return make_atom(it->second);
    uint32_t index = count_.load(std::memory_order_relaxed);
    if (index >= kMaxAtoms) return std::nullopt;
    auto &slot = chunks_[index >> kChunkBits];
    Entry *chunk = slot.load(std::memory_order_relaxed);
    if (!chunk) {
        chunk = new Entry[kChunkSize];
        slot.store(chunk, std::memory_order_release);
    }
    // Atom text lives as long as the VM; it is never freed.
    char *copy = new char[utf8.size() + 1];
    std::memcpy(copy, utf8.data(), utf8.size());
    copy[utf8.size()] = 0;
    chunk[index & (kChunkSize - 1)] = Entry{copy, uint32_t(utf8.size())};
    by_text_.emplace(std::string_view(copy, utf8.size()), index);
    count_.store(index + 1, std::memory_order_release);
    return make_atom(index);
}

std::optional<Term> AtomTable::intern_latin1(std::string_view latin1) { return intern(latin1_to_utf8(latin1)); }

} // namespace hamlet
