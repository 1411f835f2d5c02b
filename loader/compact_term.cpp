#include "loader/compact_term.h"

namespace hamlet {

CompactValue read_compact(ByteReader &r) {
    uint8_t b = r.u8();
    CompactValue v;
    v.tag = CompactTag(b & 7);
    if ((b & 0x08) == 0) {
        v.value = b >> 4;
        return v;
    }
    if ((b & 0x10) == 0) {
        v.value = (uint64_t(b & 0xE0) << 3) | r.u8();
        return v;
    }
    size_t n = size_t(b >> 5) + 2;
    if (n == 9) {
        // The byte count itself follows as a u value; values that long are only legal for
        // the i tag (bignums).
        uint64_t m = read_compact_expect(r, kTagU, "length of a long operand");
        if (m > 1 << 20) r.fail("operand longer than 1 MiB");
        n = size_t(m) + 9;
    }
    const uint8_t *p = r.bytes(n, "operand");
    size_t skip = 0;
    if (v.tag != kTagI) {
        while (skip < n && p[skip] == 0)
            ++skip; // unsigned: leading zeros are padding
        if (n - skip > 8) {
            // Wider than 64 bits (erts' overflow tag o): kept in `big` for the one place
            // that accepts it (bs_test_tail2's size, loader/code_decoder.cpp); every other
            // reader rejects it.
            v.big.assign(p + skip, p + n);
            return v;
        }
    } else if (n > 8) {
        // Strip redundant sign bytes to see whether it still fits 64 bits.
        while (n - skip > 8 && ((p[skip] == 0x00 && !(p[skip + 1] & 0x80)) ||
                                (p[skip] == 0xFF && (p[skip + 1] & 0x80))))
            ++skip;
        if (n - skip > 8) {
            v.big.assign(p + skip, p + n);
            return v;
        }
    }
    uint64_t x = (v.tag == kTagI && (p[skip] & 0x80)) ? ~uint64_t(0) : 0;
    for (size_t i = skip; i < n; ++i)
        x = (x << 8) | p[i];
    v.value = x;
    return v;
}

uint64_t read_compact_expect(ByteReader &r, CompactTag tag, const char *what) {
    size_t at = r.pos();
    CompactValue v = read_compact(r);
    if (v.tag != tag || v.is_big()) throw ChunkError{std::string("bad ") + what, at};
    return v.value;
}

} // namespace hamlet
