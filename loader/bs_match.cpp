#include "loader/bs_match.h"

#include "vm/atom_table.h"
#include "vm/bits.h"

#include <array>
#include <iterator>

namespace hamlet {

namespace {

struct CommandInfo {
    const char *name;
    BsMatchCommand::Kind kind;
    unsigned operands;
};

constexpr CommandInfo kCommands[] = {
    {"ensure_at_least", BsMatchCommand::EnsureAtLeast, 2},
    {"ensure_exactly", BsMatchCommand::EnsureExactly, 1},
    {"integer", BsMatchCommand::Integer, 5},
    {"binary", BsMatchCommand::Binary, 5},
    {"get_tail", BsMatchCommand::GetTail, 3},
    {"skip", BsMatchCommand::Skip, 1},
    {"=:=", BsMatchCommand::Eq, 3},
};

const CommandInfo *find_command(Term name) {
    static const auto atoms = [] {
        std::array<Term, std::size(kCommands)> a{};
        for (size_t i = 0; i < a.size(); ++i)
            a[i] = *AtomTable::global().intern(kCommands[i].name);
        return a;
    }();
    for (size_t i = 0; i < atoms.size(); ++i)
        if (atoms[i] == name) return &kCommands[i];
    return nullptr;
}

// Size * Unit, saturated: a product beyond any bitstring can only make an ensure fail.
uint64_t times(uint64_t size, uint64_t unit) {
    unsigned __int128 p = (unsigned __int128)size * unit;
    return p > ~uint64_t(0) ? ~uint64_t(0) : uint64_t(p);
}

bool is_register(const Operand &o) {
    return o.kind == OperandKind::X || o.kind == OperandKind::Y;
}

} // namespace

std::string parse_bs_match(const BeamFile &bf, const Operand *ops, uint64_t n,
                           std::vector<BsMatchCommand> *out) {
    // ops: [Fail, Ctx, List(n), elements...]
    const Operand &fail = ops[0], &ctx = ops[1];
    const Operand *list = ops + 3;
    if (!is_register(ctx)) return "the context is not a register";
    if (n == 0) return "empty command list";
    out->clear();
    for (uint64_t i = 0; i < n;) {
        const Operand &head = list[i];
        const CommandInfo *info =
            head.kind == OperandKind::Atom ? find_command(head.value) : nullptr;
        if (!info) {
            std::string what =
                head.kind == OperandKind::Atom
                    ? "unknown command '" + std::string(AtomTable::global().text(head.value)) + "'"
                    : "command " + std::to_string(out->size() + 1) + " is not an atom";
            return what;
        }
        std::string name = std::string("'") + info->name + "'";
        if (n - i - 1 < info->operands)
            return name + " needs " + std::to_string(info->operands) +
                   " operands, the list ends after " + std::to_string(n - i - 1);
        const Operand *a = list + i + 1;
        auto need_u = [&](unsigned k) { return a[k].kind == OperandKind::Unsigned; };
        auto bad = [&](unsigned k, const char *what) {
            return name + " operand " + std::to_string(k + 1) + " should be " + what;
        };
        BsMatchCommand c{info->kind};
        switch (info->kind) {
        case BsMatchCommand::EnsureAtLeast:
            if (!need_u(0)) return bad(0, "an unsigned bit count");
            if (!need_u(1) || a[1].value == 0) return bad(1, "a unit from 1 up");
            c.bits = a[0].value;
            c.unit = a[1].value;
            break;
        case BsMatchCommand::EnsureExactly:
        case BsMatchCommand::Skip:
            if (!need_u(0)) return bad(0, "an unsigned bit count");
            c.bits = a[0].value;
            break;
        case BsMatchCommand::Integer:
        case BsMatchCommand::Binary: {
            if (!need_u(0) && a[0].kind != OperandKind::Nil) return bad(0, "a live count or []");
            if (!need_u(2)) return bad(2, "an unsigned size");
            if (!need_u(3)) return bad(3, "an unsigned unit");
            if (!is_register(a[4])) return bad(4, "a register");
            unsigned flags = 0;
            if (a[1].kind == OperandKind::Unsigned) {
                flags =
                    unsigned(a[1].value & (bsflag::kLittle | bsflag::kSigned | bsflag::kNative));
            } else if (a[1].kind == OperandKind::Literal) {
                Term l = bf.literals[a[1].value];
                for (; is_list(l); l = cdr(l)) {
                    if (!is_atom(car(l))) return bad(1, "flags (a list of atoms)");
                    if (car(l) == atom::little)
                        flags |= bsflag::kLittle;
                    else if (car(l) == atom::native)
                        flags |= bsflag::kNative;
                    else if (car(l) == atom::signed_)
                        flags |= bsflag::kSigned;
                }
                if (l != kNil) return bad(1, "flags (a list of atoms)");
            } else if (a[1].kind != OperandKind::Nil) {
                return bad(1, "flags ([], a literal list or an unsigned integer)");
            }
            // Native is the host's order, fixed for the life of the loaded code.
            c.flags = (bs_little(flags) ? bsflag::kLittle : 0) | (flags & bsflag::kSigned);
            c.bits = times(a[2].value, a[3].value);
            c.dst = &a[4];
            break;
        }
        case BsMatchCommand::GetTail:
            if (!need_u(0)) return bad(0, "a live count");
            if (!need_u(1)) return bad(1, "an unsigned unit");
            if (!is_register(a[2])) return bad(2, "a register");
            c.unit = a[1].value;
            c.dst = &a[2];
            break;
        case BsMatchCommand::Eq:
            if (!need_u(0) && a[0].kind != OperandKind::Nil) return bad(0, "a live count or []");
            if (!need_u(1) || a[1].value > 64) return bad(1, "a bit count up to 64");
            if (!need_u(2)) return bad(2, "an unsigned value");
            c.bits = a[1].value;
            c.value = a[2].value;
            break;
        }
        bool test = c.kind == BsMatchCommand::EnsureAtLeast ||
                    c.kind == BsMatchCommand::EnsureExactly || c.kind == BsMatchCommand::Eq;
        if (test && fail.value == 0)
            return name + " can fail, but the instruction has no fail label";
        i += 1 + info->operands;
        // Every command reads the context register, so only the last may overwrite it.
        if (c.dst && i < n && c.dst->kind == ctx.kind && c.dst->value == ctx.value)
            return name + " overwrites the context register before the last command";
        out->push_back(c);
    }
    return {};
}

} // namespace hamlet
