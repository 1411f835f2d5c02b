// Generic (file-format) opcodes, expanded from generic_ops.def. Enumerators carry a
// trailing underscore because some opcode names (return, try, catch) are C++ keywords.
#pragma once

#include <cstdint>

namespace hamlet {

enum class GenOp : uint8_t {
#define OP(num, name, arity, roles, accepted) name##_ = num,
#include "loader/generic_ops.def"
#undef OP
};

constexpr unsigned kMaxGenericOpcode = 184;

struct GenOpInfo {
    const char *name; // nullptr for numbers that are not opcodes
    uint8_t arity;
    const char *roles;
    bool accepted;
};

const GenOpInfo &generic_op_info(unsigned opcode); // any opcode number, even unknown

} // namespace hamlet
