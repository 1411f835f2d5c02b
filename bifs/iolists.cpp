// iolists to binaries and back: list_to_binary/1, iolist_to_binary/1, list_to_bitstring/1,
// binary:list_to_bin/1, iolist_size/1, binary_to_list/1,3 and bitstring_to_list/1.
//
// Long inputs are handled a time slice at a time (bifs/trap.h), as erts does:
//   - the iolist BIFs first measure the iolist, then copy it into the result binary, both
//     with vm/iolist.h's IolistWalk, continuing in erts_internal:list_to_binary_continue/1
//     (iolist_size/1 continues in itself); a failure after a slice names the BIF called,
//     with its argument, as a failure at once would;
//   - binary_to_list and friends build the list from its end, continuing in
//     erts_internal:binary_to_list_continue/1.
#include "bifs/bif.h"
#include "bifs/trap.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/iolist.h"
#include "vm/term_build.h"

#include <algorithm>

namespace hamlet {

namespace {

// Work units (vm/iolist.h) per reduction, and per time slice.
constexpr int64_t kUnitsPerReduction = 16;
constexpr int64_t kSliceUnits = kSliceReductions * kUnitsPerReduction;

// The BIFs that turn an iolist into a binary, or measure it.
enum class IolistBif { ListToBinary, IolistToBinary, ListToBitstring, ListToBin, IolistSize };

const BifEntry *entry_of(IolistBif b) {
    static const BifEntry *entries[] = {
        bif_entry("erlang", "list_to_binary", 1), bif_entry("erlang", "iolist_to_binary", 1),
        bif_entry("erlang", "list_to_bitstring", 1), bif_entry("binary", "list_to_bin", 1),
        bif_entry("erlang", "iolist_size", 1)};
    return entries[int(b)];
}

// What a long conversion keeps between slices besides terms.
struct IolistState : MagicObject {
    IolistBif bif = IolistBif::ListToBinary;
    bool copying = false; // measured: now copying into the result
    uint64_t bits = 0;    // the size so far (measuring) or in all (copying)
    uint64_t pos = 0;     // copying: bits written
    uint64_t partial = 0; // copying: bits of the current binary written (IolistWalk::copy)
};

// The terms a long conversion carries (a tuple of this arity; iolist_size has no result).
enum : unsigned { kRef, kWhole, kWalk, kResult, kIolistTerms };

Term iolist_continue(Process *p, const Term *args);

// One slice of a conversion of `whole` (the walk starts afresh unless `walk` is a saved
// position); `ref` is kNonValue until st has a magic reference (then the BIF has trapped).
Term iolist_slice(Process *p, IolistState *st, Term ref, Term whole, Term walk, Term result) {
    bool trapped = ref != kNonValue;
    bool bits_ok = st->bif == IolistBif::ListToBitstring;
    int64_t budget = kSliceUnits;
    IolistWalk w(walk == kNonValue ? whole : walk, walk != kNonValue);
    IolistWalk::Status s;
    if (!st->copying) {
        s = w.measure(bits_ok, budget, st->bits);
        if (s == IolistWalk::Status::Done) {
            if (st->bif == IolistBif::IolistSize) {
                charge_reductions(p, (kSliceUnits - budget) / kUnitsPerReduction);
                uint64_t bytes = st->bits / 8;
                if (!trapped) st->release();
                return make_uint64(p, bytes);
            }
            uint8_t *data;
            size_t bytes = size_t((st->bits + 7) / 8);
            result = make_binary(p, bytes, &data);
            if (bytes) data[bytes - 1] = 0;
            st->copying = true;
            w = IolistWalk(whole, false);
        }
    }
    if (st->copying) {
        // The result is not visible to anyone yet: it is filled in place.
        BitView v = bit_view(result);
        s = w.copy(bits_ok, budget, const_cast<uint8_t *>(v.base), st->pos, st->partial);
    }
    charge_reductions(p, (kSliceUnits - budget) / kUnitsPerReduction);
    if (s == IolistWalk::Status::Paused) {
        if (!trapped) ref = make_magic_ref(p, st); // takes st over
        Term saved = w.save(p);
        if (st->bif == IolistBif::IolistSize) {
            static Export *self = bif_export("erlang", "iolist_size", 1);
            return yield_to(p, self, {make_tuple(p, {ref, whole, saved})});
        }
        static Export *cont =
            make_trap_export("erts_internal", "list_to_binary_continue", 1, iolist_continue);
        return yield_to(p, cont, {make_tuple(p, {ref, whole, saved, result})});
    }
    IolistBif bif = st->bif;
    uint64_t bits = st->bits;
    if (!trapped) st->release();
    if (s == IolistWalk::Status::NotIolist) {
        p->badarg();
        return trapped ? fail_as(p, entry_of(bif), {whole}) : kNonValue;
    }
    if (bits % 8 == 0) return result;
    return make_sub_bin(p->alloc(kSubBinWords), result, 0, bits);
}

// The state behind a continuation's tuple argument, or nullptr.
IolistState *iolist_state(Term t, Word arity) {
    if (!is_tuple(t) || tuple_arity(t) != arity) return nullptr;
    return state_of<IolistState>(tuple_elements(t)[kRef]);
}

// erts_internal:list_to_binary_continue/1 ({Ref, Whole, Walk, Result}).
Term iolist_continue(Process *p, const Term *args) {
    IolistState *st = iolist_state(args[0], kIolistTerms);
    if (!st) return p->badarg();
    const Term *e = tuple_elements(args[0]);
    return iolist_slice(p, st, e[kRef], e[kWhole], e[kWalk], e[kResult]);
}

Term iolist_start(Process *p, IolistBif bif, Term whole) {
    auto *st = new IolistState;
    st->bif = bif;
    return iolist_slice(p, st, kNonValue, whole, kNonValue, kNonValue);
}

// list_to_binary and friends on a list: [Bin] is Bin itself (as erts, when it starts on a
// byte boundary), anything else is measured and copied.
Term list_to_bits(Process *p, IolistBif bif, Term t) {
    if (is_nil(t)) return make_binary(p, nullptr, 0);
    if (!is_list(t)) return p->badarg();
    Term h = car(t);
    if (is_nil(cdr(t)) && is_bitstring(h)) {
        BitView v = bit_view(h);
        if (bif == IolistBif::ListToBitstring || (v.is_binary() && v.byte_aligned())) return h;
    }
    return iolist_start(p, bif, t);
}

} // namespace

Term erlang_list_to_binary_1(Process *p, const Term *args) {
    return list_to_bits(p, IolistBif::ListToBinary, args[0]);
}

Term binary_list_to_bin_1(Process *p, const Term *args) {
    return list_to_bits(p, IolistBif::ListToBin, args[0]);
}

Term erlang_iolist_to_binary_1(Process *p, const Term *args) {
    Term t = args[0];
    if (is_bitstring(t)) return is_binary(t) ? t : p->badarg();
    return list_to_bits(p, IolistBif::IolistToBinary, t);
}

Term erlang_list_to_bitstring_1(Process *p, const Term *args) {
    return list_to_bits(p, IolistBif::ListToBitstring, args[0]);
}

Term erlang_iolist_size_1(Process *p, const Term *args) {
    if (IolistState *st = iolist_state(args[0], kResult)) {
        // The next slice of a long iolist ({Ref, Whole, Walk}).
        const Term *e = tuple_elements(args[0]);
        return iolist_slice(p, st, e[kRef], e[kWhole], e[kWalk], kNonValue);
    }
    return iolist_start(p, IolistBif::IolistSize, args[0]);
}

// ---- binaries to lists -----------------------------------------------------------------

namespace {

// Bytes turned into list cells per reduction, and per time slice.
constexpr int64_t kBytesPerReduction = 16;
constexpr size_t kSliceBytes = size_t(kSliceReductions * kBytesPerReduction);

Term to_list_continue(Process *p, const Term *args);

// Bytes [first, end) of bitstring `bin` (whole bytes from bit offset `bit_offset` of the
// underlying data) as integers in front of `tail`, built from the end a slice at a time.
Term to_list_slice(Process *p, Term bin, size_t first, size_t end, Term tail) {
    size_t n = std::min(end - first, kSliceBytes);
    if (n) {
        BitView v = bit_view(bin);
        Word *hp = p->alloc(2 * n);
        unsigned shift = v.bit_offset % 8;
        const uint8_t *s = v.base + v.bit_offset / 8;
        for (size_t i = end; i-- > end - n; hp += 2) {
            hp[0] = make_small(shift ? uint8_t(s[i] << shift | s[i + 1] >> (8 - shift)) : s[i]);
            hp[1] = tail;
            tail = make_list(hp);
        }
        end -= n;
    }
    charge_reductions(p, int64_t(n) / kBytesPerReduction);
    if (end == first) return tail;
    static Export *cont =
        make_trap_export("erts_internal", "binary_to_list_continue", 1, to_list_continue);
    Term state = make_tuple(p, {bin, make_small(SWord(first)), make_small(SWord(end)), tail});
    return yield_to(p, cont, {state});
}

// erts_internal:binary_to_list_continue/1 ({Bin, First, End, Tail}); reached only through
// the trap (it is in no export table), after the arguments were checked.
Term to_list_continue(Process *p, const Term *args) {
    const Term *e = tuple_elements(args[0]);
    return to_list_slice(p, e[0], size_t(small_value(e[1])), size_t(small_value(e[2])), e[3]);
}

// Small positive integer argument (>= 1), or 0.
inline SWord pos_arg(Term t) {
    return is_small(t) && small_value(t) >= 1 ? small_value(t) : 0;
}

} // namespace

Term erlang_binary_to_list_1(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_bitstring(t)) return p->badarg();
    BitView v = bit_view(t);
    if (!v.is_binary()) return p->badarg();
    return to_list_slice(p, t, 0, v.byte_size(), kNil);
}

// binary_to_list(Bin, Start, Stop): bytes Start..Stop (1-based, inclusive, Start =< Stop);
// a bitstring is fine as long as the range lies within its whole bytes.
Term erlang_binary_to_list_3(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_bitstring(t)) return p->badarg();
    BitView v = bit_view(t);
    SWord start = pos_arg(args[1]), stop = pos_arg(args[2]);
    if (!start || !stop || start > stop || size_t(stop) > v.byte_size()) return p->badarg();
    return to_list_slice(p, t, size_t(start - 1), size_t(stop), kNil);
}

// The whole bytes as integers, then the remaining bits (if any) as one bitstring.
Term erlang_bitstring_to_list_1(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_bitstring(t)) return p->badarg();
    BitView v = bit_view(t);
    Term tail = kNil;
    if (v.bit_size % 8) {
        size_t rest = v.bit_size % 8;
        Term orig = t;
        size_t off = v.bit_offset;
        // Refer to the underlying binary directly rather than to a sub binary.
        if (boxed_subtag(t) == Subtag::SubBin) {
            Word *sb = boxed_ptr(t);
            orig = sb[3];
            off = size_t(sb[2]);
            while (boxed_subtag(orig) == Subtag::SubBin) {
                off += size_t(boxed_ptr(orig)[2]);
                orig = boxed_ptr(orig)[3];
            }
        }
        Term last = make_sub_bin(p->alloc(kSubBinWords), orig, off + v.bit_size - rest, rest);
        tail = make_cons(p, last, kNil);
    }
    return to_list_slice(p, t, 0, v.byte_size(), tail);
}

} // namespace hamlet
