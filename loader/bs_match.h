// The command list of bs_match (opcode 182, OTP 26+), decoded once.
//
// `bs_match Fail Ctx [Commands]` matches a run of fixed-size segments against a match
// context. The list is flat: each command is an atom followed by its operands
// (beam-reference.md §4.9):
//   ensure_at_least u Bits, u Unit         remaining >= Bits and (remaining - Bits) % Unit == 0
//   ensure_exactly  u Bits                 remaining == Bits
//   integer  Live, Flags, u Size, u Unit, Dst   read Size * Unit bits as an integer
//   binary   Live, Flags, u Size, u Unit, Dst   take Size * Unit bits as a sub-bitstring
//   get_tail u Live, u Unit, Dst           the rest as a sub-bitstring
//   skip     u Bits                        advance
//   '=:='    Live, u Bits, u Value         the next Bits (<= 64) bits equal Value
// Live is a u (a GC point in erts) or nil; Flags is nil, a literal list of atoms (little,
// native, signed; others are ignored) or a u of flag bits. Only the ensure commands and
// '=:=' can fail; the compiler guarantees the bits of the reads with an ensure, in this
// instruction or an earlier one on the same context.
//
// The code decoder checks every bs_match with parse_bs_match (a malformed list is a load
// error), and the translator turns the parsed commands into specialised instructions.
#pragma once

#include "loader/beam_file.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hamlet {

struct BsMatchCommand {
    enum Kind : uint8_t { EnsureAtLeast, EnsureExactly, Integer, Binary, GetTail, Skip, Eq };
    Kind kind;
    uint64_t bits = 0;  // ensure size, read or skip size (Size * Unit, saturated), '=:=' width
    uint64_t unit = 1;  // ensure_at_least's unit
    uint64_t value = 0; // '=:=' value
    unsigned flags = 0; // integer: bsflag bits (native resolved to the host's order)
    const Operand *dst = nullptr; // integer, binary, get_tail: the destination register
};

// Parses the list operands of one bs_match (n operands starting at `list`) for file `bf`.
// Returns "" and fills `out`, or describes what is wrong.
std::string parse_bs_match(const BeamFile &bf, const Operand *list, uint64_t n,
                           std::vector<BsMatchCommand> *out);

} // namespace hamlet
