#include "vm/atom_table.h"

namespace hamlet {

std::optional<size_t> utf8_length(std::string_view s) {
    size_t chars = 0;
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    const auto *end = p + s.size();
    while (p < end) {
        unsigned c = *p;
        int extra;
        uint32_t cp;
        if (c < 0x80) {
            extra = 0, cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, cp = c & 0x07;
        } else {
            return std::nullopt;
        }
        if (end - p < extra + 1) return std::nullopt;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMinForLength[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return std::nullopt;
        p += extra + 1;
        ++chars;
    }
    return chars;
}

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

std::optional<Term> AtomTable::intern_latin1(std::string_view latin1) {
    std::string utf8;
    utf8.reserve(latin1.size() * 2);
    for (unsigned char c : latin1) {
        if (c < 0x80) {
            utf8.push_back(char(c));
        } else {
            utf8.push_back(char(0xC0 | (c >> 6)));
            utf8.push_back(char(0x80 | (c & 0x3F)));
        }
    }
    return intern(utf8);
}

} // namespace hamlet
