#include "vm/iolist.h"

#include "vm/binary.h"

#include <vector>

namespace hamlet {

static void append_bits(std::string &out, const BitView &v) {
    if (v.byte_aligned()) {
        out.append(reinterpret_cast<const char *>(v.bytes()), v.byte_size());
        return;
    }
    for (size_t i = 0; i < v.byte_size(); ++i) {
        size_t bit = v.bit_offset + i * 8, shift = bit % 8;
        const uint8_t *p = v.base + bit / 8;
        out.push_back(char(uint8_t((p[0] << shift) | (p[1] >> (8 - shift)))));
    }
}

bool iolist_to_bytes(Term t, std::string &out) {
    std::vector<Term> rest; // tails still to visit
    for (;;) {
        if (is_list(t)) {
            Term h = car(t);
            if (is_small(h)) {
                SWord c = small_value(h);
                if (c < 0 || c > 255) return false;
                out.push_back(char(c));
            } else if (is_binary(h)) {
                append_bits(out, bit_view(h));
            } else if (is_list(h) || is_nil(h)) {
                rest.push_back(cdr(t));
                t = h;
                continue;
            } else {
                return false;
            }
            t = cdr(t);
            continue;
        }
        if (is_binary(t)) {
            append_bits(out, bit_view(t));
        } else if (!is_nil(t)) {
            return false;
        }
        if (rest.empty()) return true;
        t = rest.back();
        rest.pop_back();
    }
}

} // namespace hamlet
