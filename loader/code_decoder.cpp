#include "loader/code_decoder.h"

#include "loader/bs_match.h"
#include "loader/compact_term.h"
#include "vm/atom_table.h"
#include "vm/bignum.h"

#include <string>

namespace hamlet {

CodeHeader read_code_header(ByteReader &r) {
    uint32_t sub_size = r.u32();
    if (sub_size < 16) r.fail("code header shorter than 16 bytes");
    uint32_t version = r.u32();
    if (version != 0)
        r.fail("instruction set version " + std::to_string(version) + " (expected 0)");
    CodeHeader h{};
    h.max_opcode = r.u32();
    h.label_count = r.u32();
    h.function_count = r.u32();
    if (h.max_opcode > kMaxGenericOpcode)
        r.fail("compiled for a newer runtime: highest opcode " + std::to_string(h.max_opcode) +
               ", Hamlet knows up to " + std::to_string(kMaxGenericOpcode));
    if (h.label_count == 0 || h.label_count > r.size()) r.fail("label count out of range");
    r.bytes(sub_size - 16, "code header");
    h.code_start = r.pos();
    return h;
}

namespace {

struct Decoder {
    BeamFile &bf;
    ByteReader &r;
    const CodeHeader &h;

    [[noreturn]] void fail_at(size_t at, const std::string &what) { throw ChunkError{what, at}; }

    Term big_literal(const CompactValue &v) {
        // Two's complement big-endian bytes -> sign + little-endian limbs.
        std::vector<uint8_t> mag(v.big);
        bool negative = mag[0] & 0x80;
        if (negative) { // magnitude = ~bytes + 1
            for (auto &b : mag)
                b = uint8_t(~b);
            for (size_t i = mag.size(); i-- > 0;)
                if (++mag[i] != 0) break;
        }
        size_t limbs = (mag.size() + 7) / 8;
        std::vector<Word> w(limbs, 0);
        for (size_t i = 0; i < mag.size(); ++i)
            w[i / 8] |= Word(mag[mag.size() - 1 - i]) << (8 * (i % 8));
        while (!w.empty() && w.back() == 0)
            w.pop_back();
        Word *at = bf.literal_area->alloc(bignum_words(w.size()));
        return make_integer(at, w.data(), w.size(), negative);
    }

    Operand register_operand(const CompactValue &v, size_t at) {
        if (v.tag == kTagX) {
            if (v.value >= kMaxXRegs)
                fail_at(at, "x register " + std::to_string(v.value) + " out of range");
            return {OperandKind::X, false, 0, v.value};
        }
        if (v.tag == kTagY) {
            if (v.value >= kMaxYRegs) fail_at(at, "y register out of range");
            return {OperandKind::Y, false, 0, v.value};
        }
        fail_at(at, "typed register operand is not a register");
    }

    // Reads one operand; list elements are appended after it by the caller.
    // wide_u: an unsigned operand wider than 64 bits is read as 2^64 - 1 (bs_test_tail2's
    // size: no binary has that many bits, so the test fails, as on erts).
    Operand operand(bool allow_list, bool wide_u = false) {
        size_t at = r.pos();
        CompactValue v = read_compact(r);
        if (v.is_big() && v.tag != kTagI && !(wide_u && v.tag == kTagU))
            fail_at(at, "operand value does not fit 64 bits");
        switch (v.tag) {
        case kTagU:
            return {OperandKind::Unsigned, false, 0, v.is_big() ? ~uint64_t(0) : v.value};
        case kTagI:
            if (v.is_big() || !fits_small(SWord(v.value))) {
                Term lit = v.is_big() ? big_literal(v) : int64_literal(SWord(v.value));
                bf.literals.push_back(lit);
                return {OperandKind::BigInt, false, 0, bf.literals.size() - 1};
            }
            return {OperandKind::Integer, false, 0, make_small(SWord(v.value))};
        case kTagA:
            if (v.value == 0) return {OperandKind::Nil, false, 0, kNil};
            if (v.value >= bf.atoms.size())
                fail_at(at, "atom index " + std::to_string(v.value) + " out of range");
            return {OperandKind::Atom, false, 0, bf.atoms[v.value]};
        case kTagX:
        case kTagY:
            return register_operand(v, at);
        case kTagF:
            if (v.value >= h.label_count)
                fail_at(at, "label " + std::to_string(v.value) + " out of range");
            return {OperandKind::Label, false, 0, v.value};
        case kTagH:
            fail_at(at, "character operand (tag h) is not allowed");
        case kTagZ:
            break;
        }
        switch (v.value) {
        case 1: {
            if (!allow_list) fail_at(at, "operand list not in last position");
            uint64_t n = read_compact_expect(r, kTagU, "list length");
            if (n > r.remaining()) fail_at(at, "list longer than the code");
            return {OperandKind::List, false, 0, n};
        }
        case 2: {
            uint64_t n = read_compact_expect(r, kTagU, "float register");
            if (n >= kMaxFloatRegs) fail_at(at, "float register out of range");
            return {OperandKind::FloatReg, false, 0, n};
        }
        case 3: {
            uint64_t n = read_compact_expect(r, kTagU, "allocation list length");
            if (n > 3) fail_at(at, "allocation list too long");
            AllocList a;
            for (uint64_t i = 0; i < n; ++i) {
                uint64_t kind = read_compact_expect(r, kTagU, "allocation kind");
                uint64_t amount = read_compact_expect(r, kTagU, "allocation amount");
                if (amount > (1u << 30)) fail_at(at, "allocation amount too large");
                if (kind == 0)
                    a.words += amount;
                else if (kind == 1)
                    a.floats += amount;
                else if (kind == 2)
                    a.funs += amount;
                else
                    fail_at(at, "unknown allocation kind " + std::to_string(kind));
            }
            bf.alloc_lists.push_back(a);
            return {OperandKind::AllocList, false, 0, bf.alloc_lists.size() - 1};
        }
        case 4: {
            uint64_t n = read_compact_expect(r, kTagU, "literal index");
            if (n >= bf.file_literal_count)
                fail_at(at, "literal index " + std::to_string(n) + " out of range");
            return {OperandKind::Literal, false, 0, n};
        }
        case 5: {
            size_t reg_at = r.pos();
            CompactValue reg = read_compact(r);
            if (reg.is_big()) fail_at(reg_at, "operand value does not fit 64 bits");
            Operand o = register_operand(reg, reg_at);
            uint64_t type = read_compact_expect(r, kTagU, "type index");
            if (bf.type_count && bf.type_version == 1 && type >= bf.type_count)
                fail_at(at, "type index out of range");
            o.typed = true;
            o.type_index = uint32_t(type);
            return o;
        }
        case 0:
            fail_at(at, "old-style float operand (before R16) is not supported");
        default:
            fail_at(at, "unknown extended operand tag " + std::to_string(v.value));
        }
    }

    Term int64_literal(SWord v) {
        bool negative = v < 0;
        Word magnitude = negative ? Word(-(v + 1)) + 1 : Word(v);
        return make_integer(bf.literal_area->alloc(bignum_words(1)), &magnitude, 1, negative);
    }

    void check_role(char role, const Operand &o, size_t at, const GenOpInfo &info) {
        auto bad = [&](const char *what) {
            fail_at(at, std::string(info.name) + ": operand should be " + what);
        };
        switch (role) {
        case 'u':
            if (o.kind != OperandKind::Unsigned) bad("an unsigned integer");
            break;
        case 'f':
            if (o.kind != OperandKind::Label) bad("a label");
            break;
        case 'm':
            if (o.kind != OperandKind::Unsigned) bad("an import index");
            if (o.value >= bf.imports.size())
                fail_at(at, "import index " + std::to_string(o.value) + " out of range");
            break;
        case 'L':
            if (o.kind != OperandKind::Unsigned) bad("a lambda index");
            if (o.value >= bf.lambdas.size())
                fail_at(at, "lambda index " + std::to_string(o.value) + " out of range");
            break;
        case 'A':
            if (o.kind != OperandKind::Atom) bad("an atom");
            break;
        case 'd':
            if (o.kind != OperandKind::X && o.kind != OperandKind::Y) bad("a register");
            break;
        case 'l':
            if (o.kind != OperandKind::List) bad("a list");
            break;
        case 's':
            if (o.kind == OperandKind::List || o.kind == OperandKind::Label) bad("a value");
            break;
        default:
            break;
        }
    }

    void check_string_ref(uint64_t offset, uint64_t length, size_t at) {
        if (offset > bf.strings.size() || length > bf.strings.size() - offset)
            fail_at(at, "string reference outside the StrT chunk");
    }

    void run() {
        bf.label_instr.assign(h.label_count, ~0u);
        // Every operand takes at least one byte and every instruction one more, so these never
        // grow (growing them copied everything read so far, a good part of loading a module).
        bf.operands.reserve(bf.operands.size() + r.remaining());
        bf.code.reserve(bf.code.size() + r.remaining() / 2 + 1);
        bool ended = false;
        while (!r.at_end()) {
            size_t at = r.pos();
            unsigned opcode = r.u8();
            const GenOpInfo &info = generic_op_info(opcode);
            if (!info.name) fail_at(at, "unknown opcode " + std::to_string(opcode));
            if (!info.accepted)
                fail_at(at, std::string("obsolete instruction ") + info.name + " (opcode " +
                                std::to_string(opcode) +
                                "); recompile the module with a newer compiler");
            if (opcode > h.max_opcode)
                fail_at(at,
                        "opcode " + std::to_string(opcode) + " above the header's highest opcode");
            GenericInstr ins{GenOp(opcode), uint32_t(bf.operands.size()), 0, uint32_t(at)};
            for (unsigned i = 0; i < info.arity; ++i) {
                size_t op_at = r.pos();
                bool last = i + 1 == info.arity;
                Operand o = operand(last, ins.op == GenOp::bs_test_tail2_ && i == 2);
                check_role(info.roles[i], o, op_at, info);
                bf.operands.push_back(o);
                if (o.kind == OperandKind::List) {
                    for (uint64_t k = 0; k < o.value; ++k) {
                        bf.operands.push_back(operand(false));
                    }
                }
            }
            ins.operand_count = uint32_t(bf.operands.size() - ins.first_operand);
            const Operand *ops = bf.operands.data() + ins.first_operand;
            switch (ins.op) {
            case GenOp::label_: {
                uint64_t l = ops[0].value;
                if (l == 0 || l >= h.label_count)
                    fail_at(at, "label " + std::to_string(l) + " out of range");
                if (bf.label_instr[l] != ~0u)
                    fail_at(at, "label " + std::to_string(l) + " defined twice");
                bf.label_instr[l] = uint32_t(bf.code.size());
                break;
            }
            case GenOp::line_:
                if (bf.has_line_table && ops[0].value >= bf.line_items.size())
                    fail_at(at, "line item " + std::to_string(ops[0].value) + " out of range");
                break;
            case GenOp::bs_put_string_:
                check_string_ref(ops[1].value, ops[0].value, at);
                break;
            case GenOp::bs_match_string_: // bits rounded up to bytes without overflowing near 2^64
                check_string_ref(ops[3].value, ops[2].value / 8 + (ops[2].value % 8 != 0), at);
                break;
            case GenOp::bs_create_bin_: {
                // Segments of six operands; a string segment is (string, _, _, _, u Offset, i
                // Bytes).
                static const Term kString = *AtomTable::global().intern("string");
                uint64_t n = ops[5].value;
                if (n % 6) fail_at(at, "bs_create_bin segment list is not a multiple of 6");
                for (uint64_t i = 0; i < n; i += 6) {
                    const Operand *seg = ops + 6 + i;
                    if (seg[0].kind != OperandKind::Atom)
                        fail_at(at, "bs_create_bin segment type is not an atom");
                    if (seg[0].value == kString) {
                        if (seg[4].kind != OperandKind::Unsigned ||
                            seg[5].kind != OperandKind::Integer)
                            fail_at(at, "bad bs_create_bin string segment");
                        SWord len = small_value(seg[5].value);
                        if (len < 0) fail_at(at, "negative string segment length");
                        check_string_ref(seg[4].value, uint64_t(len), at);
                    }
                }
                break;
            }
            case GenOp::bs_match_: {
                std::vector<BsMatchCommand> commands;
                std::string what = parse_bs_match(bf, ops, ops[2].value, &commands);
                if (!what.empty()) fail_at(at, "bs_match: " + what);
                break;
            }
            case GenOp::update_record_: {
                // [Hint, u Size, Src, Dst, List(n), (u Index, Value)*]: 1 <= Index <= Size.
                uint64_t n = ops[4].value;
                if (n % 2) fail_at(at, "update_record: odd update list");
                for (uint64_t i = 0; i < n; i += 2) {
                    const Operand &index = ops[5 + i];
                    if (index.kind != OperandKind::Unsigned || index.value == 0 ||
                        index.value > ops[1].value)
                        fail_at(at, "update_record: field index outside the record");
                    if (ops[6 + i].kind == OperandKind::List ||
                        ops[6 + i].kind == OperandKind::Label)
                        fail_at(at, "update_record: an update value is not a value");
                }
                break;
            }
            default:
                break;
            }
            bf.code.push_back(ins);
            if (ins.op == GenOp::int_code_end_) {
                ended = true;
                break;
            }
        }
        if (!ended) r.fail("code does not end with int_code_end");
        // Every label an instruction refers to must exist.
        for (const GenericInstr &ins : bf.code) {
            for (uint32_t i = 0; i < ins.operand_count; ++i) {
                const Operand &o = bf.operands[ins.first_operand + i];
                if (o.kind == OperandKind::Label && o.value != 0 && bf.label_instr[o.value] == ~0u)
                    fail_at(ins.code_offset, "jump to undefined label " + std::to_string(o.value));
            }
        }
    }
};

} // namespace

void decode_code(BeamFile &bf, ByteReader &r, const CodeHeader &h) {
    r.bytes(h.code_start - r.pos(), "code header");
    Decoder{bf, r, h}.run();
}

} // namespace hamlet
