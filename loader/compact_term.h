// Compact-term operands of the Code and Line chunks (beam-reference.md §2).
#pragma once

#include "loader/byte_reader.h"

#include <cstdint>
#include <vector>

namespace hamlet {

enum CompactTag : uint8_t { kTagU = 0, kTagI, kTagA, kTagX, kTagY, kTagF, kTagH, kTagZ };

struct CompactValue {
    CompactTag tag = kTagU;
    // The value when it fits 64 bits (for i: sign-extended, as a two's complement int64).
    uint64_t value = 0;
    // For an i value wider than 64 bits: its two's complement bytes, big-endian; for
    // another tag's value wider than 64 bits, its bytes (the value is then meaningless).
    std::vector<uint8_t> big;
    bool is_big() const { return !big.empty(); }
};

// Reads one tag and value. Extended (z) operands are returned with tag kTagZ and the
// extension number as value; their payload is read by the caller.
CompactValue read_compact(ByteReader &r);
// Reads a value that must carry the given tag and fit 64 bits.
uint64_t read_compact_expect(ByteReader &r, CompactTag tag, const char *what);

} // namespace hamlet
