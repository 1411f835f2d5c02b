#include "vm/term_print.h"

#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/binary.h"
#include "vm/bits.h"
#include "vm/magic_ref.h"
#include "vm/map.h"
#include "vm/module.h"

#include <cstdio>
#include <map>
#include <mutex>

namespace hamlet {

namespace {

// The number that names another node in printed pids, ports and references (erts prints
// its distribution entry's channel number there): 1, 2... in the order nodes are first
// printed, fixed for the VM's life; 0 is this node.
Word node_print_number(Term node, Word creation) {
    static std::mutex mutex;
    static std::map<std::pair<Term, Word>, Word> numbers;
    std::lock_guard lock(mutex);
    auto [it, added] = numbers.try_emplace({node, creation}, numbers.size() + 1);
    return it->second;
}

bool printable_char(Word c) {
    return (c >= 32 && c <= 126) || (c >= 8 && c <= 13) || c == 27 || (c >= 160 && c <= 255);
}

bool is_printable_list(Term t) {
    if (!is_list(t)) return false;
    for (; is_list(t); t = cdr(t)) {
        Term h = car(t);
        if (!is_small(h) || !printable_char(Word(small_value(h)))) return false;
    }
    return is_nil(t);
}

bool is_reserved_word(std::string_view s) {
    static constexpr const char *kWords[] = {
        "after", "and",    "andalso", "band", "begin", "bnot", "bor", "bsl",   "bsr", "bxor",
        "case",  "catch",  "cond",    "div",  "end",   "fun",  "if",  "let",   "not", "of",
        "or",    "orelse", "receive", "rem",  "try",   "when", "xor", "maybe", "else"};
    for (const char *w : kWords)
        if (s == w) return true;
    return false;
}

void print(std::string &out, Term t);

void print_tail(std::string &out, Term t) {
    out.push_back('[');
    bool first = true;
    for (; is_list(t); t = cdr(t)) {
        if (!first) out.push_back(',');
        first = false;
        print(out, car(t));
    }
    if (!is_nil(t)) {
        out.push_back('|');
        print(out, t);
    }
    out.push_back(']');
}

// An atom as the runtime's own printer writes it (erts' erl_printf_term.c, for
// erlang:display/1 and the VM's log lines): quoted unless it starts with a lowercase
// Latin-1 letter and goes on with Latin-1 letters, digits and '_' (so 'a@b' is quoted and
// reserved words are not); control characters as octal escapes.
std::string runtime_atom_text(Term atom) {
    std::string_view s = AtomTable::global().text(atom);
    if (s.empty()) return "''";
    auto latin1 = [&](size_t i) -> int { // the code point at i if it is Latin-1
        auto c = uint8_t(s[i]);
        if (c < 0x80) return c;
        if ((c & 0xE0) == 0xC0 && i + 1 < s.size())
            return (c & 0x1F) << 6 | (uint8_t(s[i + 1]) & 0x3F);
        if ((c & 0xC0) == 0x80) return 'a'; // a continuation byte: allowed
        return 0;                           // 3 or 4 bytes: quoted
    };
    auto lower = [](int c) {
        return (c >= 'a' && c <= 'z') || (c >= 128 + 95 && c <= 255 && c != 247);
    };
    auto upper = [](int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 128 + 64 && c <= 128 + 94 && c != 247 - 32);
    };
    bool quote = !lower(latin1(0));
    for (size_t i = 1; !quote && i < s.size(); ++i) {
        int c = latin1(i);
        if (!(lower(c) || upper(c) || (c >= '0' && c <= '9') || c == '_')) quote = true;
    }
    std::string out;
    if (quote) out.push_back('\'');
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = uint8_t(s[i]);
        const char *esc = c == '\''   ? "\\'"
                          : c == '\\' ? "\\\\"
                          : c == '\n' ? "\\n"
                          : c == '\f' ? "\\f"
                          : c == '\t' ? "\\t"
                          : c == '\r' ? "\\r"
                          : c == '\b' ? "\\b"
                          : c == '\v' ? "\\v"
                                      : nullptr;
        if (esc) {
            out += esc;
        } else if (c < ' ') {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\%03o", c);
            out += buf;
        } else if (c == 0xC2 && i + 1 < s.size() && uint8_t(s[i + 1]) < 0xA0) {
            char buf[8]; // 128-159: control characters
            std::snprintf(buf, sizeof buf, "\\%03o", uint8_t(s[++i]));
            out += buf;
        } else {
            out.push_back(char(c));
        }
    }
    if (quote) out.push_back('\'');
    return out;
}

void print(std::string &out, Term t) {
    if (is_small(t) || is_bignum(t)) {
        out += integer_to_string(t);
    } else if (is_atom(t)) {
        out += runtime_atom_text(t);
    } else if (is_nil(t)) {
        out += "[]";
    } else if (is_list(t)) {
        if (is_printable_list(t)) {
            out.push_back('"');
            for (; is_list(t); t = cdr(t))
                out.push_back(char(small_value(car(t))));
            out.push_back('"');
        } else {
            print_tail(out, t);
        }
    } else if (is_float(t)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%e", float_value(t));
        out += buf;
    } else if (is_tuple(t)) {
        out.push_back('{');
        for (Word i = 0; i < tuple_arity(t); ++i) {
            if (i) out.push_back(',');
            print(out, tuple_elements(t)[i]);
        }
        out.push_back('}');
    } else if (is_bitstring(t)) {
        std::vector<uint8_t> data;
        BitView v{nullptr, 0, bitstring_to_bytes(t, data)};
        size_t bytes = v.bit_size / 8;
        data.push_back(0);
        bool printable = bytes > 0 && v.bit_size % 8 == 0;
        for (size_t i = 0; i < bytes && printable; ++i)
            printable = printable_char(data[i]);
        out += "<<";
        if (printable) {
            out.push_back('"');
            out.append(reinterpret_cast<const char *>(data.data()), bytes);
            out.push_back('"');
        } else {
            for (size_t i = 0; i < bytes; ++i) {
                if (i) out.push_back(',');
                out += std::to_string(data[i]);
            }
            if (v.bit_size % 8) {
                if (bytes) out.push_back(',');
                unsigned rest = unsigned(v.bit_size % 8);
                out += std::to_string(data[bytes] >> (8 - rest)) + ":" + std::to_string(rest);
            }
        }
        out += ">>";
    } else if (is_map(t) && is_flatmap(t)) {
        out += "#{";
        for (Word i = 0; i < flatmap_size(t); ++i) {
            if (i) out.push_back(',');
            print(out, tuple_elements(flatmap_keys(t))[i]);
            out += "=>";
            print(out, flatmap_values(t)[i]);
        }
        out.push_back('}');
    } else if (is_map(t)) {
        // erts prints a HAMT as its trie: #<bitmap>{...} for the head, <bitmap>{...} for
        // inner nodes, the leaves as the [Key | Value] cells they are.
        const Word *n = boxed_ptr(t);
        char bitmap[8];
        std::snprintf(bitmap, sizeof bitmap, "%x", hamt_node_bitmap(n));
        out += hamt_node_is_head(n) ? "#<" : "<";
        out += bitmap;
        out += ">{";
        for (unsigned i = 0; i < hamt_node_count(n); ++i) {
            if (i) out.push_back(',');
            print(out, hamt_node_children(n)[i]);
        }
        out.push_back('}');
    } else if (is_local_pid(t)) {
        Word n = local_pid_number(t);
        out += "<0." + std::to_string(n & 0xFFFFFFFF) + "." + std::to_string(n >> 32) + ">";
    } else if (is_boxed_of(t, Subtag::Export)) {
        Word *p = boxed_ptr(t);
        out += "fun " + atom_source_text(p[1]) + ":" + atom_source_text(p[2]) + "/" +
               std::to_string(small_value(p[3]));
    } else if (is_boxed_of(t, Subtag::Fun)) {
        auto *l = reinterpret_cast<const Lambda *>(boxed_ptr(t)[1]);
        // As erts: the old index and old uniq, as signed 32-bit numbers.
        out += "#Fun<" + std::string(AtomTable::global().text(l->module->name)) + "." +
               std::to_string(int32_t(l->old_index)) + "." + std::to_string(int32_t(l->old_uniq)) +
               ">";
    } else if (is_boxed_of(t, Subtag::Ref)) {
        Word *p = boxed_ptr(t);
        out += "#Ref<0";
        for (Word i = ref_number_count(p[0]); i >= 1; --i)
            out += "." + std::to_string(p[i] & 0xFFFFFFFF);
        out += ">";
    } else if (is_boxed_of(t, Subtag::ExtRef)) { // node, creation, numbers
        Word *p = boxed_ptr(t);
        out += "#Ref<" + std::to_string(node_print_number(p[1], p[2]));
        for (Word i = header_arity(p[0]); i >= 3; --i)
            out += "." + std::to_string(p[i] & 0xFFFFFFFF);
        out += ">";
    } else if (is_boxed_of(t, Subtag::ExtPid)) { // node, number, serial, creation
        Word *p = boxed_ptr(t);
        out += "<" + std::to_string(node_print_number(p[1], p[4])) + "." + std::to_string(p[2]) +
               "." + std::to_string(p[3]) + ">";
    } else if (is_local_port(t)) {
        out += "#Port<0." + std::to_string(local_port_number(t)) + ">";
    } else { // an external port: node, number, creation
        Word *p = boxed_ptr(t);
        out += "#Port<" + std::to_string(node_print_number(p[1], p[3])) + "." +
               std::to_string(p[2]) + ">";
    }
}

} // namespace

std::string atom_source_text(Term atom) {
    std::string_view s = AtomTable::global().text(atom);
    bool plain = !s.empty() && s[0] >= 'a' && s[0] <= 'z' && !is_reserved_word(s);
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '@'))
            plain = false;
    if (plain) return std::string(s);
    std::string out = "'";
    for (char c : s) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

std::string display_text(Term t) {
    std::string out;
    print(out, t);
    return out;
}

} // namespace hamlet
