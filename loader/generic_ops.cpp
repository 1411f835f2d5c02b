#include "loader/generic_ops.h"

namespace hamlet {

namespace {
struct Table {
    GenOpInfo entries[256] = {};
    constexpr Table() {
#define OP(num, name, arity, roles, accepted) entries[num] = {#name, arity, roles, accepted != 0};
#include "loader/generic_ops.def"
#undef OP
    }
};
constexpr Table kTable;
static_assert(kTable.entries[kMaxGenericOpcode].name != nullptr);
} // namespace

const GenOpInfo &generic_op_info(unsigned opcode) {
    static constexpr GenOpInfo kUnknown = {nullptr, 0, "", false};
    return opcode < 256 && kTable.entries[opcode].name ? kTable.entries[opcode] : kUnknown;
}

} // namespace hamlet
