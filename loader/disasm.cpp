#include "loader/disasm.h"

#include "vm/atom_table.h"
#include "vm/term_dump.h"

namespace hamlet {
namespace {

std::string atom_text(Term a) {
    std::string s;
    append_quoted_atom(s, AtomTable::global().text(a));
    return s;
}

std::string mfa_text(Term m, Term f, uint32_t arity) {
    return atom_text(m) + ":" + atom_text(f) + "/" + std::to_string(arity);
}

std::string one_operand(const BeamFile &bf, const Operand &o, char role) {
    switch (o.kind) {
    case OperandKind::Unsigned:
        if (role == 'm') {
            const auto &imp = bf.imports[o.value];
            return "imp:" + mfa_text(imp.module, imp.function, imp.arity);
        }
        if (role == 'L') return "fun:" + std::to_string(o.value);
        return std::to_string(o.value);
    case OperandKind::Integer: return "i:" + std::to_string(small_value(o.value));
    case OperandKind::BigInt: return "i:" + dump_term(bf.literals[o.value]);
    case OperandKind::Atom: return "a:" + atom_text(o.value);
    case OperandKind::Nil: return "nil";
    case OperandKind::X: return "x" + std::to_string(o.value);
    case OperandKind::Y: return "y" + std::to_string(o.value);
    case OperandKind::FloatReg: return "fr" + std::to_string(o.value);
    case OperandKind::Label: return "f" + std::to_string(o.value);
    case OperandKind::Literal: return "lit:" + dump_term(bf.literals[o.value]);
    case OperandKind::AllocList: {
        const AllocList &a = bf.alloc_lists[o.value];
        return "alloc:" + std::to_string(a.words) + "/" + std::to_string(a.floats) + "/" + std::to_string(a.funs);
    }
    case OperandKind::List: return "[";
    }
    return "?";
}

std::string instruction_text(const BeamFile &bf, const GenericInstr &ins) {
    const GenOpInfo &info = generic_op_info(unsigned(ins.op));
    std::string line = info.name;
    const Operand *ops = bf.ops(ins);
    for (uint32_t i = 0, role = 0; i < ins.operand_count; ++role) {
        const Operand &o = ops[i++];
        line.push_back(' ');
        if (o.kind != OperandKind::List) {
            line += one_operand(bf, o, info.roles[role]);
            continue;
        }
        line.push_back('[');
        for (uint64_t k = 0; k < o.value; ++k) {
            if (k) line.push_back(' ');
            line += one_operand(bf, ops[i++], '*');
        }
        line.push_back(']');
    }
    return line;
}

} // namespace

std::string canonical_listing(const BeamFile &bf) {
    std::string out;
    for (const GenericInstr &ins : bf.code) {
        if (ins.op == GenOp::int_code_end_) continue;
        out += instruction_text(bf, ins);
        out.push_back('\n');
    }
    return out;
}

std::string human_listing(const BeamFile &bf) {
    std::string out = "module " + atom_text(bf.module) + "\n";
    static constexpr char kHex[] = "0123456789ABCDEF";
    out += "md5 ";
    for (uint8_t b : bf.md5) out += {kHex[b >> 4], kHex[b & 15]};
    out += "\n";
    for (const auto &e : bf.exports)
        out += "export " + atom_text(e.function) + "/" + std::to_string(e.arity) + " -> label " +
               std::to_string(e.label) + "\n";
    for (const auto &i : bf.imports) out += "import " + mfa_text(i.module, i.function, i.arity) + "\n";
    out += "code (" + std::to_string(bf.code.size()) + " instructions, " + std::to_string(bf.label_count - 1) +
           " labels, " + std::to_string(bf.literals.size()) + " literals)\n";
    for (const GenericInstr &ins : bf.code) {
        bool is_label = ins.op == GenOp::label_;
        out += is_label ? "  " : "      ";
        out += instruction_text(bf, ins);
        out.push_back('\n');
    }
    return out;
}

} // namespace hamlet
