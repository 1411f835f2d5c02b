// The VM-wide atom table: text <-> index, shared by every scheduler.
//
// Atoms are never removed, so an index, once handed out, names the same text forever.
// Lookups by index are lock-free (entries live in fixed-size chunks that never move);
// interning takes a mutex only when it has to insert.
#pragma once

#include "vm/term.h"
#include "vm/utf8.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hamlet {

namespace atom {
enum : uint32_t {
#define X(id, text) id##_index,
#include "vm/atoms.def"
#undef X
    kWellKnownCount
};
#define X(id, text) constexpr Term id = make_atom(id##_index);
#include "vm/atoms.def"
#undef X
} // namespace atom

class AtomTable {
  public:
    // The BEAM's limits: at most 255 characters per atom, 1,048,576 atoms by default.
    static constexpr size_t kMaxChars = 255;
    static constexpr uint32_t kMaxAtoms = 1u << 20;

    static AtomTable &global();

    // Returns the atom for UTF-8 text, creating it if needed; nullopt if the text is not
    // valid UTF-8, is longer than 255 characters, or the table is full.
    std::optional<Term> intern(std::string_view utf8);
    // Latin-1 text (old ATOM_EXT encodings): converted to UTF-8 first.
    std::optional<Term> intern_latin1(std::string_view latin1);
    // Returns the atom only if it already exists (binary_to_existing_atom, safe decoding).
    std::optional<Term> find(std::string_view utf8) const;

    std::string_view text(Term atom) const { return text_of(atom_index(atom)); }
    std::string_view text_of(uint32_t index) const;
    uint32_t size() const { return count_.load(std::memory_order_acquire); }

  private:
    AtomTable();
    static constexpr uint32_t kChunkBits = 12;
    static constexpr uint32_t kChunkSize = 1u << kChunkBits;
    struct Entry {
        const char *text;
        uint32_t length;
    };
    std::atomic<Entry *> chunks_[kMaxAtoms / kChunkSize] = {};
    std::atomic<uint32_t> count_{0};
    mutable std::mutex mutex_;
    std::unordered_map<std::string_view, uint32_t> by_text_; // guarded by mutex_
};

// The atom named by text the VM's own source spells (valid UTF-8 of at most 255 characters,
// so interning cannot fail but for a full table, which aborts).
inline Term atom_of(std::string_view text) {
    return *AtomTable::global().intern(text);
}

} // namespace hamlet
