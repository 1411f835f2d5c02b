// List BIFs: ++ and --, the lists module BIFs, and iolist/binary <-> list conversions.
//
// All list walks are loops (never recursion on list length); nested iolists use an
// explicit stack, so arbitrarily long and deep inputs are fine.
#include "bifs/bif.h"

#include "vm/atom_table.h"
#include "vm/module.h"
#include "vm/binary.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <algorithm>
#include <vector>

namespace hamlet {

namespace {

inline Term boolean(bool b) { return b ? atom::true_ : atom::false_; }

// Length of a proper list, or -1 if `l` is not one.
SWord proper_length(Term l) {
    SWord n = 0;
    for (; is_list(l); l = cdr(l)) ++n;
    return is_nil(l) ? n : -1;
}

// Copies `bits` bits starting at bit `src_off` of src to bit `dst_off` of dst (MSB first).
void copy_bits(uint8_t *dst, size_t dst_off, const uint8_t *src, size_t src_off, size_t bits) {
    if (dst_off % 8 == 0 && src_off % 8 == 0) {
        std::memcpy(dst + dst_off / 8, src + src_off / 8, bits / 8);
        size_t done = bits / 8 * 8;
        dst_off += done, src_off += done, bits -= done;
    }
    for (size_t i = 0; i < bits; ++i) {
        size_t s = src_off + i, d = dst_off + i;
        int bit = (src[s / 8] >> (7 - s % 8)) & 1;
        uint8_t mask = uint8_t(0x80 >> (d % 8));
        if (bit) dst[d / 8] |= mask;
        else dst[d / 8] &= uint8_t(~mask);
    }
}

// Walks an iolist (bytes 0..255, binaries, nested lists, binary tails) without recursion.
// With `allow_bits`, bitstrings of any length are accepted wherever binaries are. Calls
// on_byte(uint8_t) and on_bits(const BitView &) in order; returns false if `t` is not an
// iolist (the callbacks may have seen a prefix).
template <class OnByte, class OnBits>
bool walk_iolist(Term t, bool allow_bits, OnByte &&on_byte, OnBits &&on_bits) {
    std::vector<Term> stack; // tails still to visit
    Term cur = t;
    for (;;) {
        if (is_list(cur)) {
            Term h = car(cur);
            cur = cdr(cur);
            if (is_small(h)) {
                SWord v = small_value(h);
                if (v < 0 || v > 255) return false;
                on_byte(uint8_t(v));
            } else if (is_list(h)) {
                stack.push_back(cur);
                cur = h;
            } else if (is_nil(h)) {
                // nothing
            } else if (is_bitstring(h)) {
                BitView v = bit_view(h);
                if (!allow_bits && !v.is_binary()) return false;
                on_bits(v);
            } else {
                return false;
            }
            continue;
        }
        if (is_bitstring(cur)) {
            BitView v = bit_view(cur);
            if (!allow_bits && !v.is_binary()) return false;
            on_bits(v);
        } else if (!is_nil(cur)) {
            return false;
        }
        if (stack.empty()) return true;
        cur = stack.back();
        stack.pop_back();
    }
}

// Total size in bits of an iolist, or false if it is not one.
bool iolist_bits(Term t, bool allow_bits, size_t *bits) {
    size_t n = 0;
    bool ok = walk_iolist(
        t, allow_bits, [&](uint8_t) { n += 8; }, [&](const BitView &v) { n += v.bit_size; });
    *bits = n;
    return ok;
}

// Builds the bitstring of an iolist already known to be valid and `bits` long.
Term build_from_iolist(Process *p, Term t, bool allow_bits, size_t bits) {
    uint8_t *data;
    size_t bytes = (bits + 7) / 8;
    Term bin = make_binary(p, bytes, &data);
    if (bytes) data[bytes - 1] = 0;
    size_t off = 0;
    walk_iolist(
        t, allow_bits,
        [&](uint8_t b) {
            if (off % 8 == 0) data[off / 8] = b;
            else copy_bits(data, off, &b, 0, 8);
            off += 8;
        },
        [&](const BitView &v) {
            copy_bits(data, off, v.base, v.bit_offset, v.bit_size);
            off += v.bit_size;
        });
    if (bits % 8 == 0) return bin;
    return make_sub_bin(p->alloc(kSubBinWords), bin, 0, bits);
}

// A list of the bytes base[0..n) in front of `tail`.
Term bytes_to_list(Process *p, const uint8_t *base, size_t bit_offset, size_t n, Term tail) {
    if (n == 0) return tail;
    Word *hp = p->alloc(2 * n);
    unsigned shift = bit_offset % 8;
    const uint8_t *s = base + bit_offset / 8;
    for (size_t i = 0; i < n; ++i) {
        uint8_t b = shift ? uint8_t(s[i] << shift | s[i + 1] >> (8 - shift)) : s[i];
        hp[2 * i] = make_small(b);
        hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * (i + 1)) : tail;
    }
    return make_list(hp);
}

// Small positive integer argument (>= 1), or 0.
inline SWord pos_arg(Term t) { return is_small(t) && small_value(t) >= 1 ? small_value(t) : 0; }

// lists:keyfind/keymember/keysearch: the first tuple whose Nth element == key, kNil if
// none, kNonValue (badarg recorded) on bad arguments or an improper list reached first.
// Elements a list BIF handles in one time slice before it continues in the next one (the
// BEAM's long BIFs yield in the same way), so a huge list never holds a scheduler long.
constexpr size_t kSliceElements = 4000;

// Continues M:F(Args) later: the BIF traps to itself with its remaining work and gives up
// the scheduler on the way.
Term continue_later(Process *p, const char *module, const char *function, std::initializer_list<Term> args) {
    Export *e = ExportTable::global().get(*AtomTable::global().intern(module), *AtomTable::global().intern(function),
                                          uint32_t(args.size()));
    p->trap_yield = true;
    return p->trap(e, args);
}

// lists:keyfind/keymember/keysearch: the tuple found, [] if none, kNonValue on badarg; with
// more of the list than one slice, *rest is set to what is left (and [] returned).
Term keyfind(Process *p, const Term *args, Term *rest) {
    *rest = kNonValue;
    Term key = args[0];
    SWord n = pos_arg(args[1]);
    if (!n) return p->badarg();
    Term l = args[2];
    // == differs from =:= only for numbers (possibly nested); immediates other than small
    // integers compare by identity.
    bool simple = is_immediate(key) && !is_small(key);
    for (size_t seen = 0; is_list(l); l = cdr(l), ++seen) {
        if (seen == kSliceElements) {
            *rest = l;
            return kNil;
        }
        Term e = car(l);
        if (!is_tuple(e) || tuple_arity(e) < Word(n)) continue;
        Term k = tuple_elements(e)[n - 1];
        if (simple ? k == key : terms_equal(k, key)) return e;
    }
    if (!is_nil(l)) return p->badarg();
    return kNil;
}

} // namespace

// ---- ++ and -- -------------------------------------------------------------------------

Term erlang_append_2(Process *p, const Term *args) {
    Term a = args[0], b = args[1];
    SWord n = proper_length(a);
    if (n < 0) return p->badarg();
    if (n == 0) return b;
    if (size_t(n) > kSliceElements) {
        // Long: reverse twice with lists:reverse/2, which yields between slices.
        static Export *append = ExportTable::global().get(*AtomTable::global().intern("hamlet_process"),
                                                          *AtomTable::global().intern("append"), 2);
        return p->trap(append, {a, b});
    }
    Word *hp = p->alloc(2 * size_t(n));
    Term l = a;
    for (SWord i = 0; i < n; ++i, l = cdr(l)) {
        hp[2 * i] = car(l);
        hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * (i + 1)) : b;
    }
    return make_list(hp);
}

// A -- B: removes from A, for each element of B, the first remaining element =:= to it.
// That is: each value v loses its first min(count_A(v), count_B(v)) occurrences in A.
// Small inputs are done directly; larger ones count B's values in a sorted table.
Term erlang_subtract_2(Process *p, const Term *args) {
    Term a = args[0], b = args[1];
    SWord na = proper_length(a), nb = proper_length(b);
    if (na < 0 || nb < 0) return p->badarg();
    if (na == 0 || nb == 0) return a;

    std::vector<Term> keep;
    keep.reserve(size_t(na));
    if (na <= 256 / nb) {
        std::vector<Term> remove;
        for (Term l = b; is_list(l); l = cdr(l)) remove.push_back(car(l));
        std::vector<bool> used(remove.size(), false);
        size_t left = remove.size();
        for (Term l = a; is_list(l); l = cdr(l)) {
            Term e = car(l);
            bool dropped = false;
            if (left) {
                for (size_t i = 0; i < remove.size(); ++i) {
                    if (!used[i] && terms_exact_equal(remove[i], e)) {
                        used[i] = true;
                        --left;
                        dropped = true;
                        break;
                    }
                }
            }
            if (!dropped) keep.push_back(e);
        }
    } else {
        std::vector<std::pair<Term, SWord>> counts;
        counts.reserve(size_t(nb));
        for (Term l = b; is_list(l); l = cdr(l)) counts.push_back({car(l), 1});
        std::stable_sort(counts.begin(), counts.end(),
                         [](const auto &x, const auto &y) { return compare_exact(x.first, y.first) < 0; });
        size_t u = 0;
        for (size_t i = 1; i < counts.size(); ++i) {
            if (compare_exact(counts[u].first, counts[i].first) == 0) ++counts[u].second;
            else counts[++u] = counts[i];
        }
        counts.resize(u + 1);
        for (Term l = a; is_list(l); l = cdr(l)) {
            Term e = car(l);
            auto it = std::lower_bound(counts.begin(), counts.end(), e,
                                       [](const auto &x, Term key) { return compare_exact(x.first, key) < 0; });
            if (it != counts.end() && it->second > 0 && compare_exact(it->first, e) == 0) --it->second;
            else keep.push_back(e);
        }
    }
    if (keep.empty()) return kNil;
    Word *hp = p->alloc(2 * keep.size());
    for (size_t i = 0; i < keep.size(); ++i) {
        hp[2 * i] = keep[i];
        hp[2 * i + 1] = i + 1 < keep.size() ? make_list(hp + 2 * (i + 1)) : kNil;
    }
    return make_list(hp);
}

// ---- lists module ------------------------------------------------------------------------

Term lists_reverse_2(Process *p, const Term *args) {
    Term l = args[0], r = args[1];
    size_t n = 0;
    for (Term t = l; is_list(t) && n < kSliceElements; t = cdr(t)) ++n;
    Word *hp = n ? p->alloc(2 * n) : nullptr;
    for (size_t i = 0; i < n; ++i, l = cdr(l), hp += 2) {
        hp[0] = car(l);
        hp[1] = r;
        r = make_list(hp);
    }
    if (is_list(l)) return continue_later(p, "lists", "reverse", {l, r});
    if (!is_nil(l)) return p->badarg();
    return r;
}

Term lists_member_2(Process *p, const Term *args) {
    Term e = args[0], l = args[1];
    for (size_t seen = 0; is_list(l); l = cdr(l), ++seen) {
        if (seen == kSliceElements) return continue_later(p, "lists", "member", {e, l});
        if (terms_exact_equal(car(l), e)) return atom::true_;
    }
    if (!is_nil(l)) return p->badarg();
    return atom::false_;
}

Term lists_keyfind_3(Process *p, const Term *args) {
    Term rest, r = keyfind(p, args, &rest);
    if (rest != kNonValue) return continue_later(p, "lists", "keyfind", {args[0], args[1], rest});
    return r == kNil ? atom::false_ : r;
}

Term lists_keymember_3(Process *p, const Term *args) {
    Term rest, r = keyfind(p, args, &rest);
    if (rest != kNonValue) return continue_later(p, "lists", "keymember", {args[0], args[1], rest});
    if (r == kNonValue) return r;
    return boolean(r != kNil);
}

Term lists_keysearch_3(Process *p, const Term *args) {
    Term rest, r = keyfind(p, args, &rest);
    if (rest != kNonValue) return continue_later(p, "lists", "keysearch", {args[0], args[1], rest});
    if (r == kNonValue) return r;
    if (r == kNil) return atom::false_;
    static const Term value = *AtomTable::global().intern("value");
    return make_tuple(p, {value, r});
}

// ---- iolists and binaries <-> lists ----------------------------------------------------

Term erlang_list_to_binary_1(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_list(t) && !is_nil(t)) return p->badarg();
    size_t bits;
    if (!iolist_bits(t, false, &bits)) return p->badarg();
    return build_from_iolist(p, t, false, bits);
}

Term erlang_iolist_to_binary_1(Process *p, const Term *args) {
    Term t = args[0];
    if (is_bitstring(t)) return is_binary(t) ? t : p->badarg();
    return erlang_list_to_binary_1(p, args);
}

Term erlang_list_to_bitstring_1(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_list(t) && !is_nil(t)) return p->badarg();
    size_t bits;
    if (!iolist_bits(t, true, &bits)) return p->badarg();
    return build_from_iolist(p, t, true, bits);
}

Term erlang_iolist_size_1(Process *p, const Term *args) {
    size_t bits;
    if (!iolist_bits(args[0], false, &bits)) return p->badarg();
    return make_uint64(p, bits / 8);
}

Term erlang_binary_to_list_1(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_bitstring(t)) return p->badarg();
    BitView v = bit_view(t);
    if (!v.is_binary()) return p->badarg();
    return bytes_to_list(p, v.base, v.bit_offset, v.byte_size(), kNil);
}

// binary_to_list(Bin, Start, Stop): bytes Start..Stop (1-based, inclusive, Start =< Stop);
// a bitstring is fine as long as the range lies within its whole bytes.
Term erlang_binary_to_list_3(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_bitstring(t)) return p->badarg();
    BitView v = bit_view(t);
    SWord start = pos_arg(args[1]), stop = pos_arg(args[2]);
    if (!start || !stop || start > stop || size_t(stop) > v.byte_size()) return p->badarg();
    return bytes_to_list(p, v.base, v.bit_offset + size_t(start - 1) * 8, size_t(stop - start + 1), kNil);
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
    return bytes_to_list(p, v.base, v.bit_offset, v.byte_size(), tail);
}

} // namespace hamlet
