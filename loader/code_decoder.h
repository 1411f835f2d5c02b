// Decoding the Code chunk into generic instructions with checked operands.
#pragma once

#include "loader/beam_file.h"
#include "loader/byte_reader.h"

namespace hamlet {

struct CodeHeader {
    uint32_t max_opcode, label_count, function_count;
    size_t code_start; // offset of the first instruction in the chunk
};

CodeHeader read_code_header(ByteReader &r);
// Fills bf.code, bf.operands, bf.alloc_lists and bf.label_instr. Needs the atom, import,
// lambda, literal, line and type tables already read.
void decode_code(BeamFile &bf, ByteReader &r, const CodeHeader &h);

// Limits the BEAM enforces too.
constexpr uint64_t kMaxXRegs = 1024;
constexpr uint64_t kMaxYRegs = 1u << 20;
constexpr uint64_t kMaxFloatRegs = 1024;

} // namespace hamlet
