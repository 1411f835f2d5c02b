#include "vm/term_dump.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/bits.h"
#include "vm/bignum.h"
#include "vm/hamt.h"
#include "vm/map.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <vector>

namespace hamlet {

void append_quoted_atom(std::string &out, std::string_view text) {
    out.push_back('\'');
    for (char ch : text) {
        if (ch == '\\' || ch == '\'') out.push_back('\\');
        out.push_back(ch);
    }
    out.push_back('\'');
}

namespace {

void append_hex(std::string &out, const uint8_t *p, size_t n) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; ++i) {
        out.push_back(kHex[p[i] >> 4]);
        out.push_back(kHex[p[i] & 15]);
    }
}

// Recursion depth here is bounded by the nesting of the term; the callers are tools and
// tests that print module literals, whose nesting the compiler bounds.
void dump(std::string &out, Term t) {
    if (is_small(t) || is_bignum(t)) {
        out += integer_to_string(t);
    } else if (is_atom(t)) {
        append_quoted_atom(out, AtomTable::global().text(t));
    } else if (is_nil(t)) {
        out += "[]";
    } else if (is_list(t)) {
        out.push_back('[');
        dump(out, car(t));
        Term rest = cdr(t);
        while (is_list(rest)) {
            out.push_back(',');
            dump(out, car(rest));
            rest = cdr(rest);
        }
        if (!is_nil(rest)) {
            out.push_back('|');
            dump(out, rest);
        }
        out.push_back(']');
    } else if (is_float(t)) {
        double d = float_value(t);
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        char buf[24];
        std::snprintf(buf, sizeof buf, "f:%016" PRIX64, bits);
        out += buf;
    } else if (is_tuple(t)) {
        out.push_back('{');
        for (Word i = 0; i < tuple_arity(t); ++i) {
            if (i) out.push_back(',');
            dump(out, tuple_elements(t)[i]);
        }
        out.push_back('}');
    } else if (is_bitstring(t)) {
        std::vector<uint8_t> bytes;
        BitView v{nullptr, 0, bitstring_to_bytes(t, bytes)};
        size_t nbytes = bytes.size();
        out += "<<";
        append_hex(out, bytes.data(), nbytes);
        if (v.bit_size % 8) out += ":" + std::to_string(v.bit_size);
        out += ">>";
    } else if (is_map(t)) {
        std::vector<std::string> pairs;
        MapIterator it(t);
        Term k, v;
        while (it.next(k, v)) {
            std::string pair;
            dump(pair, k);
            pair += "=>";
            dump(pair, v);
            pairs.push_back(std::move(pair));
        }
        std::sort(pairs.begin(), pairs.end());
        out += "#{";
        for (size_t i = 0; i < pairs.size(); ++i) {
            if (i) out.push_back(',');
            out += pairs[i];
        }
        out.push_back('}');
    } else if (is_boxed_of(t, Subtag::Export)) {
        Word *p = boxed_ptr(t);
        out += "fun";
        dump(out, p[1]);
        out.push_back(':');
        dump(out, p[2]);
        out += "/" + std::to_string(small_value(p[3]));
    } else {
        out.push_back('?');
    }
}

} // namespace

std::string dump_term(Term t) {
    std::string out;
    dump(out, t);
    return out;
}

} // namespace hamlet
