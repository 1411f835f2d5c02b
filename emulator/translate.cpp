// Generic BEAM instructions -> Hamlet's threaded code (emulator/instructions.def).
// Operands are resolved here once: registers to register references, atoms/integers/
// literals to terms, labels to code addresses, imports to Export entries or BIFs.
#include "bifs/bif.h"
#include "emulator/emulator.h"
#include "loader/bs_match.h"
#include "vm/atom_table.h"
#include "vm/coverage.h"
#include "vm/term_compare.h"

#include <algorithm>
#include <array>

namespace hamlet {
namespace {

class Translator {
  public:
    Translator(BeamFile &bf, Module &m) : bf_(bf), m_(m), code_(m.code) {}

    bool run(std::string *error);

  private:
    BeamFile &bf_;
    Module &m_;
    std::vector<Word> &code_;
    std::vector<std::pair<size_t, uint32_t>> label_fixups_; // code position, label
    std::vector<uint32_t> label_offset_;
    std::vector<std::pair<size_t, uint32_t>> lambda_fixups_;
    std::string error_;
    const GenericInstr *next_ = nullptr; // the instruction after the current one, if any
    // Comparisons whose fail label may lead to a move_return (the clause that returns a
    // value when the guard fails, as tak's last does): their position and the variants that
    // do that move_return themselves, for a move_return of an x register or of a constant
    // (the test's own op where there is none). Chosen once labels are resolved.
    struct FailReturn {
        size_t pos;
        Op if_x, if_c;
    };
    std::vector<FailReturn> fail_returns_;
    unsigned skip_next_ = 0; // how many following ones the current one absorbed

    void op(Op o) { code_.push_back(op_word(o)); }
    void word(Word w) { code_.push_back(w); }
    void label(const Operand &o) {
        if (o.value == 0) {
            word(0);
            return;
        }
        label_fixups_.emplace_back(code_.size(), uint32_t(o.value));
        word(0);
    }

    Word src(const Operand &o) {
        switch (o.kind) {
        case OperandKind::X:
            return Word(o.value) << 3;
        case OperandKind::Y:
            return Word(o.value) << 3 | 4;
        case OperandKind::Integer:
        case OperandKind::Atom:
            return o.value;
        case OperandKind::Nil:
            return kNil;
        case OperandKind::BigInt:
        case OperandKind::Literal:
            return bf_.literals[o.value];
        case OperandKind::Unsigned:
            return make_small(SWord(o.value));
        default:
            fail("operand is not a value");
            return kNil;
        }
    }
    void s(const Operand &o) { word(src(o)); }
    // The variant of `base` for these operands' kinds (specialised.def), else base.
    static Op pick(Op base, std::initializer_list<const Operand *> ops);
    void d(const Operand &o) {
        if (o.kind != OperandKind::X && o.kind != OperandKind::Y)
            fail("destination is not a register");
        word(src(o));
    }
    uint64_t heap_need(const Operand &o) {
        if (o.kind == OperandKind::Unsigned) return o.value;
        if (o.kind == OperandKind::AllocList) {
            const AllocList &a = bf_.alloc_lists[o.value];
            return a.words + a.floats * kFloatWords + a.funs * (3 + 255);
        }
        fail("bad heap need operand");
        return 0;
    }
    void fail(const std::string &what) {
        if (error_.empty()) error_ = what;
    }

    void call_import(const BeamFile::Import &imp, int mode, uint64_t dealloc);
    // Every function body has room for a NIF call, [i_call_nif, entry] (nif/load.cpp
    // writes it over the body): a shorter one (a lone return) gets a nop. Labels and line
    // records already placed where the next function starts move past it.
    void pad_function_body() {
        if (m_.functions.empty()) return;
        size_t at = code_.size();
        if (at >= m_.functions.back().code_start + 4 + 2) return;
        for (auto &l : label_offset_)
            if (l == at) ++l;
        for (auto it = m_.lines.rbegin(); it != m_.lines.rend() && it->code_offset == at; ++it)
            ++it->code_offset;
        op(Op::nop);
    }
    void bs_match(const Operand *o);
    void instruction(const GenericInstr &ins);
};

namespace {
bool is_local_call(const GenericInstr *i) {
    return i->op == GenOp::call_ || i->op == GenOp::call_last_ || i->op == GenOp::call_only_;
}
} // namespace

Op Translator::pick(Op base, std::initializer_list<const Operand *> ops) {
    struct Variant {
        Op base;
        char kinds[4];
        Op op;
    };
    static const Variant kVariants[] = {
#define V1(b, w, k1) {Op::b, {#k1[0], 0, 0, 0}, Op::b##_##k1},
#define V2(b, w, k1, k2) {Op::b, {#k1[0], #k2[0], 0, 0}, Op::b##_##k1##k2},
#define V3(b, w, k1, k2, k3) {Op::b, {#k1[0], #k2[0], #k3[0], 0}, Op::b##_##k1##k2##k3},
#define V4(b, w, k1, k2, k3, k4)                                                                   \
    {Op::b, {#k1[0], #k2[0], #k3[0], #k4[0]}, Op::b##_##k1##k2##k3##k4},
#include "emulator/specialised.def"
#undef V1
#undef V2
#undef V3
#undef V4
    };
    char kinds[4] = {0, 0, 0, 0};
    size_t n = 0;
    for (const Operand *o : ops) {
        if (n == 4) return base;
        switch (o->kind) {
        case OperandKind::X:
            kinds[n++] = 'x';
            break;
        case OperandKind::Y:
            kinds[n++] = 'y';
            break;
        case OperandKind::Integer:
        case OperandKind::Atom:
        case OperandKind::Nil:
        case OperandKind::BigInt:
        case OperandKind::Literal:
        case OperandKind::Unsigned:
            kinds[n++] = 'c';
            break;
        default:
            return base;
        }
    }
    // Which variants each base instruction has (the list is grouped by base), built once.
    static const auto kFirst = [] {
        std::array<std::pair<uint16_t, uint16_t>, size_t(Op::kCount)> first{};
        for (size_t i = std::size(kVariants); i-- > 0;) {
            auto &f = first[size_t(kVariants[i].base)];
            f = {uint16_t(i), uint16_t(f.second ? f.second : i + 1)};
        }
        return first;
    }();
    auto [from, to] = kFirst[size_t(base)];
    for (size_t i = from; i < to; ++i)
        if (kVariants[i].base == base && std::equal(kinds, kinds + 4, kVariants[i].kinds))
            return kVariants[i].op;
    return base;
}

// mode: 0 = call (non-tail), 1 = call_last (deallocate, tail), 2 = call_only (tail, no frame)
void Translator::call_import(const BeamFile::Import &imp, int mode, uint64_t dealloc) {
    if (imp.module == atom::erlang && (imp.function == *AtomTable::global().intern("apply")) &&
        (imp.arity == 2 || imp.arity == 3)) {
        // apply/2,3 need the emulator: they call into Erlang code.
        Word how = mode == 0 ? ~Word(0) : (mode == 1 ? dealloc : 0);
        op(imp.arity == 2 ? Op::i_apply2 : Op::i_apply3);
        word(how);
        return;
    }
    if (const BifEntry *bif = find_bif(imp.module, imp.function, imp.arity)) {
        if (mode == 0) {
            op(Op::call_bif);
            word(reinterpret_cast<Word>(bif));
        } else if (mode == 1) {
            op(Op::call_bif_last);
            word(reinterpret_cast<Word>(bif));
            word(dealloc);
            op(Op::return_); // where a trap returns (see ops_control.inc)
        } else {
            op(Op::call_bif_only);
            word(reinterpret_cast<Word>(bif));
            op(Op::return_);
        }
        return;
    }
    Export *e = ExportTable::global().get(imp.module, imp.function, imp.arity);
    if (mode == 0) {
        op(Op::call_ext);
    } else if (mode == 1) {
        op(Op::call_ext_last);
    } else {
        op(Op::call_ext_only);
    }
    word(reinterpret_cast<Word>(e));
    if (mode == 1) word(dealloc);
}

// bs_match Fail Ctx [commands] (loader/bs_match.h): one specialised instruction per
// command, sizes and flags decided here. Reads run unchecked, so each run of reads must
// follow an ensure that covers it; where the compiler relied on an ensure in an earlier
// instruction (or on nothing, in a hostile file), an ensure of the run's total is added.
// It never fails in compiled code; it also checks that Ctx is a match context.
void Translator::bs_match(const Operand *o) {
    std::vector<BsMatchCommand> cmds;
    std::string what = parse_bs_match(bf_, o, o[2].value, &cmds); // checked by the decoder
    if (!what.empty()) {
        fail("bs_match: " + what);
        return;
    }
    auto ensure = [&](uint64_t bits) {
        op(Op::bsm_ensure_bits);
        label(o[0]);
        s(o[1]);
        word(bits);
    };
    bool checked = false; // an ensure ran in this instruction
    uint64_t covered = 0; // bits the last ensure guarantees for the reads still to come
    for (size_t i = 0; i < cmds.size(); ++i) {
        const BsMatchCommand &c = cmds[i];
        switch (c.kind) {
        case BsMatchCommand::EnsureAtLeast:
            if (c.unit == 1) {
                ensure(c.bits);
            } else {
                op(Op::bsm_ensure_bits_unit);
                label(o[0]);
                s(o[1]);
                word(c.bits);
                word(c.unit);
            }
            checked = true;
            covered = c.bits;
            continue;
        case BsMatchCommand::EnsureExactly:
            op(Op::bsm_ensure_exactly);
            label(o[0]);
            s(o[1]);
            word(c.bits);
            checked = true;
            covered = c.bits;
            continue;
        case BsMatchCommand::GetTail:
            if (!checked) ensure(0);
            checked = true;
            op(Op::bsm_get_tail);
            s(o[1]);
            d(*c.dst);
            continue;
        default:
            break;
        }
        if (!checked || c.bits > covered) {
            uint64_t run = 0; // this read and the ones after it, up to the next ensure
            for (size_t k = i; k < cmds.size() && cmds[k].kind != BsMatchCommand::EnsureAtLeast &&
                               cmds[k].kind != BsMatchCommand::EnsureExactly;
                 ++k)
                run = run + cmds[k].bits < run ? ~uint64_t(0) : run + cmds[k].bits;
            ensure(run);
            checked = true;
            covered = run;
        }
        covered -= c.bits;
        switch (c.kind) {
        case BsMatchCommand::Integer:
            if (c.flags == 0 && c.bits < kSmallBits) {
                op(Op::bsm_get_small);
                s(o[1]);
                word(c.bits);
            } else {
                op(Op::bsm_get_integer);
                s(o[1]);
                word(c.bits);
                word(c.flags);
            }
            d(*c.dst);
            break;
        case BsMatchCommand::Binary:
            op(Op::bsm_get_binary);
            s(o[1]);
            word(c.bits);
            d(*c.dst);
            break;
        case BsMatchCommand::Skip:
            if (c.bits == 0) break;
            op(Op::bsm_skip);
            s(o[1]);
            word(c.bits);
            break;
        case BsMatchCommand::Eq:
            op(Op::bsm_eq);
            label(o[0]);
            s(o[1]);
            word(c.bits);
            word(c.value);
            break;
        default:
            break;
        }
    }
}

void Translator::instruction(const GenericInstr &ins) {
    const Operand *o = bf_.ops(ins);
    auto list_len = [&](uint32_t at) { return o[at].value; };
    switch (ins.op) {
    case GenOp::label_:
        label_offset_[o[0].value] = uint32_t(code_.size());
        break;
    case GenOp::line_:
        m_.lines.push_back({uint32_t(code_.size()), uint32_t(o[0].value)});
        break;
    case GenOp::func_info_:
        pad_function_body();
        m_.functions.push_back({uint32_t(code_.size()), o[1].value, uint32_t(o[2].value)});
        op(Op::i_func_info);
        word(o[0].value);
        word(o[1].value);
        word(o[2].value);
        break;
    case GenOp::int_code_end_:
        pad_function_body();
        break;
    case GenOp::call_:
        op(Op::call);
        word(o[0].value);
        label(o[1]);
        break;
    case GenOp::call_last_:
        op(Op::call_last);
        word(o[0].value);
        label(o[1]);
        word(o[2].value);
        break;
    case GenOp::call_only_:
        op(Op::call_only);
        word(o[0].value);
        label(o[1]);
        break;
    case GenOp::call_ext_:
        call_import(bf_.imports[o[1].value], 0, 0);
        break;
    case GenOp::call_ext_last_:
        call_import(bf_.imports[o[1].value], 1, o[2].value);
        break;
    case GenOp::call_ext_only_:
        call_import(bf_.imports[o[1].value], 2, 0);
        break;
    case GenOp::bif0_:
    case GenOp::bif1_:
    case GenOp::bif2_:
    case GenOp::gc_bif1_:
    case GenOp::gc_bif2_:
    case GenOp::gc_bif3_: {
        bool gc =
            ins.op == GenOp::gc_bif1_ || ins.op == GenOp::gc_bif2_ || ins.op == GenOp::gc_bif3_;
        unsigned first = ins.op == GenOp::bif0_ ? 0 : 1; // index of the import operand
        if (gc) first = 2;
        const auto &imp = bf_.imports[o[first].value];
        const BifEntry *bif = find_bif(imp.module, imp.function, imp.arity);
        if (!bif) {
            // Not implemented yet: the module loads; reaching this raises an error naming it.
            op(Op::i_missing_bif);
            word(reinterpret_cast<Word>(
                ExportTable::global().get(imp.module, imp.function, imp.arity)));
            break;
        }
        unsigned n = imp.arity;
        static const Term kLength = *AtomTable::global().intern("length");
        if (ins.op == GenOp::gc_bif1_ && imp.module == atom::erlang && imp.function == kLength &&
            n == 1) {
            // length/1 counts in slices and yields in between (the BEAM's i_length): it keeps
            // its state in the three x registers above the live ones.
            if (o[1].value + 3 > kMaxXRegisters) {
                fail("too many live registers for length/1");
                break;
            }
            op(Op::i_length_setup);
            word(o[1].value);
            s(o[3]);
            op(Op::i_length);
            label(o[0]);
            word(o[1].value);
            d(o[4]);
            break;
        }
        if (ins.op == GenOp::bif0_) {
            op(Op::bif0);
            word(reinterpret_cast<Word>(bif));
            d(o[1]);
            break;
        }
        static constexpr Op kByArity[] = {Op::bif0, Op::bif1, Op::bif2, Op::bif3};
        if (n > 3) {
            fail("BIF arity above 3 in a bif instruction");
            break;
        }
        // The commonest arithmetic gets a small-integer fast path (same operands as bif2).
        static const BifEntry *plus = find_bif(atom::erlang, *AtomTable::global().intern("+"), 2);
        static const BifEntry *minus = find_bif(atom::erlang, *AtomTable::global().intern("-"), 2);
        Op which = bif == plus ? Op::i_plus : bif == minus ? Op::i_minus : kByArity[n];
        if (n == 2 && next_) {
            // The pair with the instruction that follows (which stays, see specialised.def).
            const GenericInstr *end = bf_.code.data() + bf_.code.size();
            Op pair = which == Op::i_plus && next_->op == GenOp::deallocate_ && next_ + 1 < end &&
                              next_[1].op == GenOp::return_
                          ? Op::i_plus_deallocate_return
                      : which == Op::i_minus && next_->op == GenOp::allocate_ ? Op::i_minus_allocate
                                                                              : which;
            Op v = pair != which ? pick(pair, {&o[first + 1], &o[first + 2], &o[first + 3]}) : pair;
            which = v != pair ? v : pick(which, {&o[first + 1], &o[first + 2], &o[first + 3]});
        } else if (n == 2) {
            which = pick(which, {&o[first + 1], &o[first + 2], &o[first + 3]});
        }
        op(which);
        label(o[0]);
        word(reinterpret_cast<Word>(bif));
        for (unsigned i = 0; i < n; ++i)
            s(o[first + 1 + i]);
        d(o[first + 1 + n]);
        break;
    }
    case GenOp::allocate_:
    case GenOp::allocate_zero_:
        op(ins.op == GenOp::allocate_ ? Op::allocate : Op::allocate_zero);
        word(o[0].value);
        word(o[1].value);
        break;
    case GenOp::allocate_heap_:
    case GenOp::allocate_heap_zero_:
        op(ins.op == GenOp::allocate_heap_ ? Op::allocate_heap : Op::allocate_heap_zero);
        word(o[0].value);
        word(heap_need(o[1]));
        word(o[2].value);
        break;
    case GenOp::test_heap_:
        if (next_ && next_->op == GenOp::put_list_ && o[0].kind == OperandKind::Unsigned &&
            o[0].value == 2) {
            // The heap test for one cons, then the cons (building a list): one dispatch.
            const Operand *g = bf_.ops(*next_);
            Op both = pick(Op::test_heap_put_list, {&g[0], &g[1], &g[2]});
            if (both != Op::test_heap_put_list) {
                // Then deallocate N, return: done by this instruction too (specialised.def).
                const GenericInstr *end = bf_.code.data() + bf_.code.size();
                if (next_ + 2 < end && next_[1].op == GenOp::deallocate_ &&
                    next_[2].op == GenOp::return_) {
                    Op all = pick(Op::test_heap_put_list_deallocate_return, {&g[0], &g[1], &g[2]});
                    if (all != Op::test_heap_put_list_deallocate_return) both = all;
                }
                op(both);
                word(o[1].value);
                s(g[0]);
                s(g[1]);
                d(g[2]);
                skip_next_ = 1;
                break;
            }
        }
        op(Op::test_heap);
        word(heap_need(o[0]));
        word(o[1].value);
        break;
    case GenOp::init_: // y(N) := [] — the same as init_yregs of one register
        op(Op::init_yregs);
        word(1);
        d(o[0]);
        break;
    case GenOp::init_yregs_: {
        op(Op::init_yregs);
        uint64_t n = list_len(0);
        word(n);
        for (uint64_t i = 0; i < n; ++i)
            d(o[1 + i]);
        break;
    }
    case GenOp::deallocate_:
        // deallocate then return (erlc's usual function end) is one instruction; nothing
        // can jump between them, as a label would be an instruction of its own.
        if (next_ && next_->op == GenOp::return_) {
            op(Op::deallocate_return);
            word(o[0].value);
            skip_next_ = 1;
            break;
        }
        op(Op::deallocate);
        word(o[0].value);
        break;
    case GenOp::return_:
        op(Op::return_);
        break;
    case GenOp::trim_:
        op(Op::trim);
        word(o[0].value);
        break;
    case GenOp::jump_:
        op(Op::jump);
        label(o[0]);
        break;
    case GenOp::move_:
        if (next_ && next_->op == GenOp::return_ && o[1].kind == OperandKind::X &&
            o[1].value == 0) {
            Op both = pick(Op::move_return, {&o[0]});
            if (both != Op::move_return) {
                op(both);
                s(o[0]);
                skip_next_ = 1;
                break;
            }
        }
        if (next_ && next_->op == GenOp::move_ && next_ + 1 < bf_.code.data() + bf_.code.size() &&
            is_local_call(next_ + 1)) {
            // Two moves then a local call (two arguments set up, as fib's recursive calls do):
            // one dispatch.
            const GenericInstr *call = next_ + 1;
            Op base = call->op == GenOp::call_        ? Op::move2_call
                      : call->op == GenOp::call_last_ ? Op::move2_call_last
                                                      : Op::move2_call_only;
            const Operand *o2 = bf_.ops(*next_);
            Op all = pick(base, {&o[0], &o[1], &o2[0], &o2[1]});
            if (all != base) {
                const Operand *c = bf_.ops(*call);
                op(all);
                s(o[0]);
                d(o[1]);
                s(o2[0]);
                d(o2[1]);
                word(c[0].value);
                label(c[1]);
                if (base == Op::move2_call_last) word(c[2].value);
                skip_next_ = 2;
                break;
            }
        }
        if (next_ && is_local_call(next_)) {
            // A move then a local call (the last argument set up): one dispatch. A line
            // record between them (the call's location) is an instruction of its own, so
            // it prevents this and return addresses keep their line.
            Op base = next_->op == GenOp::call_        ? Op::move_call
                      : next_->op == GenOp::call_last_ ? Op::move_call_last
                                                       : Op::move_call_only;
            Op both = pick(base, {&o[0], &o[1]});
            if (both != base) {
                const Operand *c = bf_.ops(*next_);
                op(both);
                s(o[0]);
                d(o[1]);
                word(c[0].value);
                label(c[1]);
                if (base == Op::move_call_last) word(c[2].value);
                skip_next_ = 1;
                break;
            }
        }
        if (next_ && next_->op == GenOp::move_) {
            // Two moves in a row (argument set-up before calls): one dispatch.
            const Operand *o2 = bf_.ops(*next_);
            Op both = pick(Op::move2, {&o[0], &o[1], &o2[0], &o2[1]});
            if (both != Op::move2) {
                op(both);
                s(o[0]);
                d(o[1]);
                s(o2[0]);
                d(o2[1]);
                skip_next_ = 1;
                break;
            }
        }
        op(pick(Op::move, {&o[0], &o[1]}));
        s(o[0]);
        d(o[1]);
        break;
    case GenOp::swap_:
        op(Op::swap);
        d(o[0]);
        d(o[1]);
        break;
    case GenOp::get_list_:
        op(pick(Op::get_list, {&o[0], &o[1], &o[2]}));
        s(o[0]);
        d(o[1]);
        d(o[2]);
        break;
    case GenOp::get_hd_:
    case GenOp::get_tl_:
        op(pick(ins.op == GenOp::get_hd_ ? Op::get_hd : Op::get_tl, {&o[0], &o[1]}));
        s(o[0]);
        d(o[1]);
        break;
    case GenOp::get_tuple_element_:
        op(pick(Op::get_tuple_element, {&o[0], &o[2]}));
        s(o[0]);
        word(o[1].value);
        d(o[2]);
        break;
    case GenOp::set_tuple_element_:
        op(Op::set_tuple_element);
        s(o[0]);
        s(o[1]);
        word(o[2].value);
        break;
    case GenOp::put_list_:
        op(pick(Op::put_list, {&o[0], &o[1], &o[2]}));
        s(o[0]);
        s(o[1]);
        d(o[2]);
        break;
    case GenOp::put_tuple2_: {
        uint64_t n = list_len(1);
        op(Op::put_tuple2);
        d(o[0]);
        word(n);
        for (uint64_t i = 0; i < n; ++i)
            s(o[2 + i]);
        break;
    }
    case GenOp::update_record_: {
        uint64_t n = list_len(4);
        op(Op::update_record);
        word(o[1].value);
        s(o[2]);
        d(o[3]);
        word(n / 2);
        for (uint64_t i = 0; i < n; i += 2) {
            word(o[5 + i].value);
            s(o[6 + i]);
        }
        break;
    }
    case GenOp::is_nonempty_list_:
        if (next_ && next_->op == GenOp::allocate_ && o[1].kind == OperandKind::X &&
            next_ + 1 < bf_.code.data() + bf_.code.size() && next_[1].op == GenOp::get_list_) {
            // The head of a body-recursive list clause: test, frame and split, one dispatch.
            // The list must be live across the frame's collection (an x register below live).
            const Operand *a = bf_.ops(*next_);
            const Operand *g = bf_.ops(next_[1]);
            Op all = pick(Op::is_nonempty_list_allocate_get_list, {&o[1], &g[1], &g[2]});
            if (all != Op::is_nonempty_list_allocate_get_list && g[0].kind == o[1].kind &&
                g[0].value == o[1].value && o[1].value < a[1].value) {
                op(all);
                label(o[0]);
                s(o[1]);
                word(a[0].value);
                word(a[1].value);
                d(g[1]);
                d(g[2]);
                skip_next_ = 2;
                break;
            }
        }
        if (next_ && next_->op == GenOp::get_list_) {
            // The usual head of a list clause: test and split in one dispatch.
            const Operand *g = bf_.ops(*next_);
            Op both = pick(Op::is_nonempty_list_get_list, {&o[1], &g[1], &g[2]});
            if (both != Op::is_nonempty_list_get_list && g[0].kind == o[1].kind &&
                g[0].value == o[1].value) {
                op(both);
                label(o[0]);
                s(o[1]);
                d(g[1]);
                d(g[2]);
                skip_next_ = 1;
                break;
            }
        }
        op(pick(Op::is_nonempty_list, {&o[1]}));
        label(o[0]);
        s(o[1]);
        break;
#define TEST1(name)                                                                                \
    case GenOp::name##_:                                                                           \
        op(pick(Op::name, {&o[1]}));                                                               \
        label(o[0]);                                                                               \
        s(o[1]);                                                                                   \
        break;
        TEST1(is_integer)
        TEST1(is_float)
        TEST1(is_number)
        TEST1(is_atom)
        TEST1(is_pid)
        TEST1(is_reference)
        TEST1(is_port)
        TEST1(is_nil)
        TEST1(is_binary)
        TEST1(is_list)
        TEST1(is_tuple)
        TEST1(is_bitstr)
        TEST1(is_boolean)
        TEST1(is_map)
        TEST1(is_function)
#undef TEST1
#define TEST2(name)                                                                                \
    case GenOp::name##_:                                                                           \
        op(pick(Op::name, {&o[1], &o[2]}));                                                        \
        label(o[0]);                                                                               \
        s(o[1]);                                                                                   \
        s(o[2]);                                                                                   \
        break;
    case GenOp::is_lt_:
    case GenOp::is_ge_: {
        // A comparison followed by return (a guarded clause returning its argument, as fib's
        // first clause does): on success the test returns itself. The return stays in the
        // code after the test's 4 words for the generic handler (specialised.def).
        bool lt = ins.op == GenOp::is_lt_;
        Op which = lt ? Op::is_lt : Op::is_ge;
        if (next_ && next_->op == GenOp::return_) {
            Op pair = lt ? Op::is_lt_return : Op::is_ge_return;
            Op v = pick(pair, {&o[1], &o[2]});
            which = v != pair ? v : pick(which, {&o[1], &o[2]});
        } else {
            which = pick(which, {&o[1], &o[2]});
            Op pair = lt ? Op::is_lt_move_return : Op::is_ge_move_return;
            Operand rx{OperandKind::X}, rc{OperandKind::Integer};
            Op vx = pick(pair, {&o[1], &o[2], &rx}), vc = pick(pair, {&o[1], &o[2], &rc});
            if (vx != pair || vc != pair)
                fail_returns_.push_back(
                    {code_.size(), vx != pair ? vx : which, vc != pair ? vc : which});
        }
        op(which);
        label(o[0]);
        s(o[1]);
        s(o[2]);
        break;
    }
        TEST2(is_eq)
        TEST2(is_ne)
        TEST2(is_eq_exact)
        TEST2(is_ne_exact)
        TEST2(is_function2)
#undef TEST2
    case GenOp::test_arity_:
        op(pick(Op::test_arity, {&o[1]}));
        label(o[0]);
        s(o[1]);
        word(o[2].value);
        break;
    case GenOp::is_tagged_tuple_:
        op(pick(Op::is_tagged_tuple, {&o[1]}));
        label(o[0]);
        s(o[1]);
        word(o[2].value);
        word(o[3].value);
        break;
    case GenOp::select_val_:
    case GenOp::select_tuple_arity_: {
        uint64_t n = list_len(2) / 2;
        std::vector<std::pair<Word, const Operand *>> pairs; // value, label
        for (uint64_t i = 0; i < n; ++i) {
            const Operand &v = o[3 + 2 * i];
            Word val = ins.op == GenOp::select_val_ ? src(v) : make_small(SWord(v.value));
            pairs.push_back({val, &o[4 + 2 * i]});
        }
        if (ins.op == GenOp::select_val_ && n > 0 &&
            std::all_of(pairs.begin(), pairs.end(), [](auto &pr) { return is_small(pr.first); })) {
            // Small integers close together: a jump table over min..max, holes to the fail
            // label (fib's `0 -> ...; 1 -> ...` clauses; erts' loader does the same).
            SWord lo = small_value(pairs[0].first), hi = lo;
            for (auto &pr : pairs) {
                lo = std::min(lo, small_value(pr.first));
                hi = std::max(hi, small_value(pr.first));
            }
            uint64_t span = uint64_t(hi - lo) + 1;
            if (span <= std::max<uint64_t>(8, 2 * n)) {
                std::vector<const Operand *> table(span, &o[1]);
                for (auto it = pairs.rbegin(); it != pairs.rend(); ++it) // the first one wins
                    table[uint64_t(small_value(it->first) - lo)] = it->second;
                op(Op::select_val_range);
                s(o[0]);
                label(o[1]);
                word(Word(lo));
                word(span);
                for (const Operand *l : table)
                    label(*l);
                break;
            }
        }
        // Sorted so the handler can search: immediates by word (they are equal exactly when
        // their words are), others in exact term order.
        Op which = ins.op == GenOp::select_tuple_arity_ ? Op::select_tuple_arity : Op::select_val;
        if (ins.op == GenOp::select_val_ && std::all_of(pairs.begin(), pairs.end(), [](auto &pr) {
                return is_immediate(pr.first);
            })) {
            which = Op::select_val_imm;
            std::stable_sort(pairs.begin(), pairs.end(),
                             [](auto &a, auto &b) { return a.first < b.first; });
        } else {
            std::stable_sort(pairs.begin(), pairs.end(),
                             [](auto &a, auto &b) { return compare_exact(a.first, b.first) < 0; });
        }
        op(which);
        s(o[0]);
        label(o[1]);
        word(n);
        for (auto &[val, lbl] : pairs)
            word(val);
        for (auto &[val, lbl] : pairs)
            label(*lbl);
        break;
    }
    case GenOp::badmatch_:
    case GenOp::case_end_:
    case GenOp::try_case_end_:
    case GenOp::badrecord_: {
        Op which = ins.op == GenOp::badmatch_       ? Op::badmatch
                   : ins.op == GenOp::case_end_     ? Op::case_end
                   : ins.op == GenOp::try_case_end_ ? Op::try_case_end
                                                    : Op::badrecord;
        op(which);
        s(o[0]);
        break;
    }
    case GenOp::if_end_:
        op(Op::if_end);
        break;
    case GenOp::catch_:
    case GenOp::try_:
        op(Op::catch_);
        d(o[0]);
        label(o[1]);
        break;
    case GenOp::catch_end_:
        op(Op::catch_end);
        d(o[0]);
        break;
    case GenOp::try_end_:
        op(Op::try_end);
        d(o[0]);
        break;
    case GenOp::try_case_:
        op(Op::try_case);
        d(o[0]);
        break;
    case GenOp::raise_:
        op(Op::raise);
        s(o[0]);
        s(o[1]);
        break;
    case GenOp::build_stacktrace_:
        op(Op::build_stacktrace);
        break;
    case GenOp::raw_raise_:
        op(Op::raw_raise);
        break;
    case GenOp::call_fun_:
    case GenOp::call_fun2_: {
        Word arity = ins.op == GenOp::call_fun_ ? o[0].value : o[1].value;
        if (ins.op == GenOp::call_fun2_) {
            // The fun may be in any register: move it to x(Arity), then call it.
            op(Op::move);
            s(o[2]);
            word(arity << 3);
        }
        // Followed by [deallocate N,] return: a tail call, whose frame goes before the fun
        // runs (a loop through funs runs in constant stack, as on erts).
        const GenericInstr *after = next_;
        Word frame = 0;
        if (after && after->op == GenOp::deallocate_ &&
            after + 1 < bf_.code.data() + bf_.code.size() && after[1].op == GenOp::return_) {
            frame = bf_.ops(*after)[0].value;
            op(Op::call_fun_last);
            word(arity);
            word(frame);
            skip_next_ = 2;
            break;
        }
        if (after && after->op == GenOp::return_) {
            op(Op::call_fun_last);
            word(arity);
            word(0);
            skip_next_ = 1;
            break;
        }
        op(Op::call_fun);
        word(arity);
        break;
    }
    case GenOp::make_fun2_:
    case GenOp::make_fun3_: {
        uint32_t index = uint32_t(o[0].value);
        const auto &l = bf_.lambdas[index];
        op(Op::make_fun);
        lambda_fixups_.emplace_back(code_.size(), index);
        word(0);
        if (ins.op == GenOp::make_fun2_) {
            word(Word(0) << 3); // destination x0
            word(l.num_free);
            for (uint32_t i = 0; i < l.num_free; ++i)
                word(Word(i) << 3);
        } else {
            d(o[1]);
            uint64_t n = list_len(2);
            if (n != l.num_free) fail("make_fun3 environment size differs from the lambda table");
            word(n);
            for (uint64_t i = 0; i < n; ++i)
                s(o[3 + i]);
        }
        break;
    }
    case GenOp::apply_:
        op(Op::apply);
        word(o[0].value);
        break;
    case GenOp::apply_last_:
        op(Op::apply_last);
        word(o[0].value);
        word(o[1].value);
        break;
    case GenOp::put_map_assoc_:
    case GenOp::put_map_exact_: {
        uint64_t n = list_len(4);
        op(ins.op == GenOp::put_map_assoc_ ? Op::put_map_assoc : Op::put_map_exact);
        label(o[0]);
        s(o[1]);
        d(o[2]);
        word(o[3].value);
        word(n / 2);
        // Pairs with literal keys only are sorted by key (exact term order), as erts' loader
        // does: an update of several missing keys then fails with the same badkey as erts.
        if (n % 2) fail("map update with a key and no value");
        std::vector<std::pair<Word, Word>> pairs;
        bool literal_keys = true;
        for (uint64_t i = 0; i + 1 < n; i += 2) {
            const Operand &key = o[5 + i];
            if (key.kind == OperandKind::X || key.kind == OperandKind::Y) literal_keys = false;
            pairs.push_back({src(key), src(o[6 + i])});
        }
        if (literal_keys)
            std::stable_sort(pairs.begin(), pairs.end(),
                             [](auto &a, auto &b) { return compare_exact(a.first, b.first) < 0; });
        for (auto &[key, value] : pairs) {
            word(key);
            word(value);
        }
        break;
    }
    case GenOp::has_map_fields_: {
        uint64_t n = list_len(2);
        op(Op::has_map_fields);
        label(o[0]);
        s(o[1]);
        word(n);
        for (uint64_t i = 0; i < n; ++i)
            s(o[3 + i]);
        break;
    }
    case GenOp::get_map_elements_: {
        uint64_t n = list_len(2);
        op(Op::get_map_elements);
        label(o[0]);
        s(o[1]);
        word(n / 2);
        for (uint64_t i = 0; i < n; i += 2) {
            s(o[3 + i]);
            d(o[4 + i]);
        }
        break;
    }
    case GenOp::fmove_: {
        bool from_fr = o[0].kind == OperandKind::FloatReg,
             to_fr = o[1].kind == OperandKind::FloatReg;
        if (from_fr && to_fr) {
            op(Op::fmove_fr);
            word(o[0].value);
            word(o[1].value);
        } else if (from_fr) {
            op(Op::fmove_from_fr);
            word(o[0].value);
            d(o[1]);
        } else if (to_fr) {
            op(Op::fmove_to_fr);
            s(o[0]);
            word(o[1].value);
        } else {
            fail("fmove without a float register");
        }
        break;
    }
    case GenOp::fconv_:
        op(Op::fconv);
        s(o[0]);
        word(o[1].value);
        break;
    case GenOp::fadd_:
    case GenOp::fsub_:
    case GenOp::fmul_:
    case GenOp::fdiv_:
        op(ins.op == GenOp::fadd_   ? Op::fadd
           : ins.op == GenOp::fsub_ ? Op::fsub
           : ins.op == GenOp::fmul_ ? Op::fmul
                                    : Op::fdiv);
        word(o[1].value);
        word(o[2].value);
        word(o[3].value);
        break;
    case GenOp::fnegate_:
        op(Op::fnegate);
        word(o[1].value);
        word(o[2].value);
        break;
    case GenOp::bs_start_match3_:
        op(Op::bs_start_match);
        label(o[0]);
        s(o[1]);
        word(o[2].value);
        d(o[3]);
        break;
    case GenOp::bs_start_match4_:
        // Fail is a label, or the atom no_fail (known bitstring) / resume (already a context).
        op(Op::bs_start_match);
        if (o[0].kind == OperandKind::Label)
            label(o[0]);
        else
            word(o[0].value == atom::resume ? 1 : 0);
        s(o[2]);
        word(o[1].value);
        d(o[3]);
        break;
    case GenOp::bs_get_integer2_:
    case GenOp::bs_get_float2_:
    case GenOp::bs_get_binary2_:
        op(ins.op == GenOp::bs_get_integer2_ ? Op::bs_get_integer
           : ins.op == GenOp::bs_get_float2_ ? Op::bs_get_float
                                             : Op::bs_get_binary);
        label(o[0]);
        s(o[1]);
        word(o[2].value);
        s(o[3]);
        word(o[4].value);
        word(o[5].value);
        d(o[6]);
        break;
    case GenOp::bs_skip_bits2_:
        op(Op::bs_skip_bits);
        label(o[0]);
        s(o[1]);
        s(o[2]);
        word(o[3].value);
        word(o[4].value);
        break;
    case GenOp::bs_test_tail2_:
    case GenOp::bs_test_unit_:
        op(ins.op == GenOp::bs_test_tail2_ ? Op::bs_test_tail : Op::bs_test_unit);
        label(o[0]);
        s(o[1]);
        word(o[2].value);
        break;
    case GenOp::bs_match_string_:
        op(Op::bs_match_string);
        label(o[0]);
        s(o[1]);
        word(o[2].value);
        word(reinterpret_cast<Word>(m_.strings.data() + o[3].value));
        break;
    case GenOp::bs_get_tail_:
    case GenOp::bs_get_position_:
        op(ins.op == GenOp::bs_get_tail_ ? Op::bs_get_tail : Op::bs_get_position);
        s(o[0]);
        d(o[1]);
        word(o[2].value);
        break;
    case GenOp::bs_set_position_:
        op(Op::bs_set_position);
        s(o[0]);
        s(o[1]);
        break;
    case GenOp::bs_get_utf8_:
    case GenOp::bs_get_utf16_:
    case GenOp::bs_get_utf32_:
        op(ins.op == GenOp::bs_get_utf8_    ? Op::bs_get_utf8
           : ins.op == GenOp::bs_get_utf16_ ? Op::bs_get_utf16
                                            : Op::bs_get_utf32);
        label(o[0]);
        s(o[1]);
        word(o[2].value);
        word(o[3].value);
        d(o[4]);
        break;
    case GenOp::bs_skip_utf8_:
    case GenOp::bs_skip_utf16_:
    case GenOp::bs_skip_utf32_:
        op(ins.op == GenOp::bs_skip_utf8_    ? Op::bs_skip_utf8
           : ins.op == GenOp::bs_skip_utf16_ ? Op::bs_skip_utf16
                                             : Op::bs_skip_utf32);
        label(o[0]);
        s(o[1]);
        word(o[2].value);
        word(o[3].value);
        break;
    case GenOp::bs_create_bin_: {
        // [fail, live, dst, nsegs, (type, unit, flags | segment << 8, value, size)*]
        uint64_t n = list_len(5) / 6;
        op(Op::bs_create_bin);
        label(o[0]);
        word(o[2].value);
        d(o[4]);
        word(n);
        static const Term kTypes[] = {atom::integer, atom::float_, atom::binary,
                                      atom::utf8,    atom::utf16,  atom::utf32,
                                      atom::string,  atom::append, atom::private_append};
        for (uint64_t i = 0; i < n; ++i) {
            const Operand *seg = o + 6 + 6 * i;
            Word type = ~Word(0);
            for (Word t = 0; t < 9; ++t)
                if (seg[0].value == kTypes[t]) type = t;
            if (type == ~Word(0)) fail("unknown bs_create_bin segment type");
            Word flags = 0;
            if (seg[3].kind == OperandKind::Literal) {
                for (Term f = bf_.literals[seg[3].value]; is_list(f); f = cdr(f)) {
                    if (car(f) == atom::little)
                        flags |= 0x02;
                    else if (car(f) == atom::signed_)
                        flags |= 0x04;
                    else if (car(f) == atom::native)
                        flags |= 0x10;
                }
            }
            word(type);
            word(seg[2].value);
            word(flags | seg[1].value << 8); // the segment number, for error_info
            if (type == 6) {
                word(reinterpret_cast<Word>(m_.strings.data() + seg[4].value));
            } else {
                s(seg[4]);
            }
            s(seg[5]);
        }
        break;
    }
    case GenOp::bs_match_:
        bs_match(o);
        break;
    case GenOp::bs_init_writable_:
        op(Op::bs_init_writable);
        break;
    // The OTP 24 construction family: a binary of known size is allocated first (bs_init2,
    // bs_init_bits, bs_append) and the bs_put_* instructions that follow fill it.
    case GenOp::bs_init2_:
    case GenOp::bs_init_bits_:
        op(Op::bs_init);
        label(o[0]);
        s(o[1]);
        word(heap_need(o[2]));
        word(o[3].value);
        d(o[5]);
        word(ins.op == GenOp::bs_init2_ ? 8 : 1); // unit of Size
        break;
    case GenOp::bs_put_integer_:
    case GenOp::bs_put_float_:
    case GenOp::bs_put_binary_:
        op(ins.op == GenOp::bs_put_integer_ ? Op::bs_put_integer
           : ins.op == GenOp::bs_put_float_ ? Op::bs_put_float
                                            : Op::bs_put_binary);
        label(o[0]);
        s(o[1]);
        word(o[2].value);
        word(o[3].value);
        s(o[4]);
        break;
    case GenOp::bs_put_string_:
        op(Op::bs_put_string);
        word(o[0].value);
        word(reinterpret_cast<Word>(m_.strings.data() + o[1].value));
        break;
    case GenOp::bs_put_utf8_:
    case GenOp::bs_put_utf16_:
    case GenOp::bs_put_utf32_:
        op(ins.op == GenOp::bs_put_utf8_    ? Op::bs_put_utf8
           : ins.op == GenOp::bs_put_utf16_ ? Op::bs_put_utf16
                                            : Op::bs_put_utf32);
        label(o[0]);
        word(o[1].value);
        s(o[2]);
        break;
    case GenOp::bs_add_:
        op(Op::bs_add);
        label(o[0]);
        s(o[1]);
        s(o[2]);
        word(o[3].value);
        d(o[4]);
        break;
    case GenOp::bs_utf8_size_:
    case GenOp::bs_utf16_size_:
        op(ins.op == GenOp::bs_utf8_size_ ? Op::bs_utf8_size : Op::bs_utf16_size);
        label(o[0]);
        s(o[1]);
        d(o[2]);
        break;
    case GenOp::bs_append_:
        // [fail, size (bits to add), extra, live, unit, bin, dst]
        op(Op::bs_append);
        label(o[0]);
        s(o[1]);
        word(heap_need(o[2]));
        word(o[3].value);
        word(o[4].value);
        s(o[5]);
        d(o[7]);
        word(1); // may collect
        break;
    case GenOp::bs_private_append_:
        op(Op::bs_append);
        label(o[0]);
        s(o[1]);
        word(0);
        word(0);
        word(o[2].value);
        s(o[3]);
        d(o[5]);
        word(0); // no collection
        break;
    case GenOp::send_:
        op(Op::send);
        break;
    case GenOp::remove_message_:
        op(Op::remove_message);
        break;
    case GenOp::timeout_:
        op(Op::timeout);
        break;
    case GenOp::loop_rec_:
        op(Op::loop_rec);
        label(o[0]);
        d(o[1]);
        break;
    case GenOp::loop_rec_end_:
        op(Op::loop_rec_end);
        label(o[0]);
        break;
    case GenOp::wait_:
        op(Op::wait);
        label(o[0]);
        break;
    case GenOp::wait_timeout_:
        op(Op::wait_timeout);
        label(o[0]);
        s(o[1]);
        break;
    case GenOp::recv_marker_reserve_:
        op(Op::recv_marker_reserve);
        d(o[0]);
        break;
    // Pure hints and markers: no code.
    case GenOp::recv_marker_bind_:
    case GenOp::recv_marker_clear_:
    case GenOp::recv_marker_use_:
    case GenOp::executable_line_:
    case GenOp::debug_line_:
        break;
    case GenOp::nif_start_:
        if (!m_.functions.empty()) m_.functions.back().nif = true;
        m_.has_nifs = true;
        break;
    case GenOp::on_load_:
        m_.on_load = reinterpret_cast<const Word *>(code_.size()); // fixed up after translation
        break;
    default:
        // Not implemented yet: loads, and raises a clear error if it is ever reached.
        op(Op::i_unsupported);
        word(Word(ins.op));
        break;
    }
}

// Generic instructions that are markers for the loader (labels, lines, on_load, the end)
// count as executed when loaded; a function's header runs only to raise function_clause
// (i_func_info counts it). No counting instruction goes before either kind.
bool counted(GenOp op) {
    switch (op) {
    case GenOp::label_:
    case GenOp::line_:
    case GenOp::on_load_:
    case GenOp::int_code_end_:
        coverage::op_counts[Word(op)].fetch_add(1, std::memory_order_relaxed);
        return false;
    case GenOp::func_info_:
        return false;
    default:
        return true;
    }
}

bool Translator::run(std::string *error) {
    label_offset_.assign(bf_.label_count, ~0u);
    code_.reserve(bf_.code.size() * 4);
    for (size_t i = 0; i < bf_.code.size(); ++i) {
        const GenericInstr &ins = bf_.code[i];
        if (skip_next_) { // fused into the previous instruction
            --skip_next_;
            continue;
        }
        next_ = i + 1 < bf_.code.size() ? &bf_.code[i + 1] : nullptr;
        if (coverage::enabled) {
            // Count every generic instruction that does something when it runs, and fuse
            // none, so each one's count is its own (vm/coverage.h).
            next_ = nullptr;
            if (counted(ins.op)) {
                op(Op::i_count_op);
                word(Word(ins.op));
            }
        }
        instruction(ins);
        if (!error_.empty()) {
            if (error)
                *error = bf_.name + ": " + error_ + " (at byte " + std::to_string(ins.code_offset) +
                         " of Code)";
            return false;
        }
    }
    code_.shrink_to_fit(); // from here on, code addresses are stable
    const Word *base = code_.data();
    for (auto [pos, lbl] : label_fixups_)
        code_[pos] = reinterpret_cast<Word>(base + label_offset_[lbl]);
    for (const FailReturn &f : fail_returns_) {
        const Word *target = reinterpret_cast<const Word *>(code_[f.pos + 1]);
        if (!target) continue;
        if (target[0] == op_word(Op::move_return_x)) code_[f.pos] = op_word(f.if_x);
        if (target[0] == op_word(Op::move_return_c)) code_[f.pos] = op_word(f.if_c);
    }
    m_.lambdas.reserve(bf_.lambdas.size());
    for (const auto &l : bf_.lambdas)
        m_.lambdas.push_back({&m_, l.index, l.arity - l.num_free, l.num_free, l.old_uniq,
                              l.function, base + label_offset_[l.label],
                              uint32_t(m_.lambdas.size())});
    for (auto [pos, index] : lambda_fixups_)
        code_[pos] = reinterpret_cast<Word>(&m_.lambdas[index]);
    for (const auto &e : bf_.exports) {
        Export *ex = ExportTable::global().get(bf_.module, e.function, e.arity);
        m_.exports.push_back({ex, base + label_offset_[e.label]});
    }
    for (const FunctionInfo &f : m_.functions) {
        // A function that is a BIF, or a NIF such as prim_file's local *_nif functions, has
        // only a stub body in Erlang (erlang:nif_error(undef)); as the BEAM's loader does,
        // every call into it, exported or local, goes to the BIF instead. The entry point
        // follows the func_info instruction, and the body's first instruction has room for
        // the two words.
        if (const BifEntry *bif = find_bif(bf_.module, f.name, f.arity)) {
            size_t entry = f.code_start + 4;
            code_[entry] = op_word(Op::i_call_bif_stub);
            code_[entry + 1] = reinterpret_cast<Word>(bif);
        }
    }
    if (m_.on_load) m_.on_load = base + reinterpret_cast<uintptr_t>(m_.on_load);
    return true;
}

} // namespace

std::unique_ptr<Module> translate_module(BeamFile &bf, std::string *error) {
    auto m = std::make_unique<Module>();
    m->name = bf.module;
    m->md5 = bf.md5;
    m->attributes = bf.attributes;
    m->compile_info = bf.compile_info;
    m->line_files = bf.line_files;
    for (const auto &li : bf.line_items)
        m->line_items.push_back({li.file, li.line});
    m->strings = bf.strings;
    Translator t(bf, *m);
    if (!t.run(error)) return nullptr;
    m->literals = std::move(bf.literal_area);
    return m;
}

} // namespace hamlet
