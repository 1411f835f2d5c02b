#include "vm/term_compare.h"

#include "dist/node.h"
#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/bignum.h"
#include "vm/hamt.h"
#include "vm/magic_ref.h"
#include "vm/map.h"
#include "vm/module.h"

#include <algorithm>
#include <cmath>
#include <gmp.h>
#include <vector>

namespace hamlet {
namespace {

enum TypeRank { kNumber, kAtom, kRef, kFun, kPort, kPid, kTuple, kMap, kNilRank, kList, kBits };

int type_rank(Term t) {
    if (is_small(t)) return kNumber;
    if (is_atom(t)) return kAtom;
    if (is_nil(t)) return kNilRank;
    if (is_list(t)) return kList;
    if (is_local_pid(t)) return kPid;
    if (is_local_port(t)) return kPort;
    switch (boxed_subtag(t)) {
    case Subtag::Tuple: return kTuple;
    case Subtag::PosBig:
    case Subtag::NegBig:
    case Subtag::Float: return kNumber;
    case Subtag::Ref:
    case Subtag::ExtRef: return kRef;
    case Subtag::Fun:
    case Subtag::Export: return kFun;
    case Subtag::ExtPort: return kPort;
    case Subtag::ExtPid: return kPid;
    case Subtag::Map: return kMap;
    default: return kBits;
    }
}

template <typename T> int three_way(T a, T b) { return a < b ? -1 : (a > b ? 1 : 0); }

// Loads an integer term into an mpz (caller clears it).
void load_mpz(mpz_t z, Term t) {
    if (is_small(t)) {
        mpz_init_set_si(z, long(small_value(t)));
        return;
    }
    mpz_init(z);
    mpz_import(z, bignum_limb_count(t), -1, sizeof(Word), 0, 0, bignum_limbs(t));
    if (bignum_negative(t)) mpz_neg(z, z);
}

int compare_integers(Term a, Term b) {
    if (is_small(a) && is_small(b)) return three_way(small_value(a), small_value(b));
    // A bignum is always beyond every small in magnitude.
    if (is_small(a)) return bignum_negative(b) ? 1 : -1;
    if (is_small(b)) return bignum_negative(a) ? -1 : 1;
    bool na = bignum_negative(a), nb = bignum_negative(b);
    if (na != nb) return na ? -1 : 1;
    Word la = bignum_limb_count(a), lb = bignum_limb_count(b);
    int mag = 0;
    if (la != lb) {
        mag = la < lb ? -1 : 1;
    } else {
        for (Word i = la; i-- > 0;) {
            Word x = bignum_limbs(a)[i], y = bignum_limbs(b)[i];
            if (x != y) {
                mag = x < y ? -1 : 1;
                break;
            }
        }
    }
    return na ? -mag : mag;
}

// Exact comparison of an integer with a float, by value.
int compare_integer_float(Term i, double f) {
    if (is_small(i)) {
        SWord v = small_value(i);
        if (v > -(SWord(1) << 53) && v < (SWord(1) << 53)) return three_way(double(v), f);
    }
    mpz_t z;
    load_mpz(z, i);
    int c = mpz_cmp_d(z, f);
    mpz_clear(z);
    return c > 0 ? 1 : (c < 0 ? -1 : 0);
}

int compare_numbers(Term a, Term b, bool exact) {
    bool fa = is_float(a), fb = is_float(b);
    if (!fa && !fb) return compare_integers(a, b);
    if (fa && fb) return three_way(float_value(a), float_value(b));
    if (exact) return fa ? 1 : -1; // map-key order: every integer before every float
    return fa ? -compare_integer_float(b, float_value(a)) : compare_integer_float(a, float_value(b));
}

int compare_atoms(Term a, Term b) {
    auto &tab = AtomTable::global();
    std::string_view x = tab.text(a), y = tab.text(b);
    return three_way(x.compare(y), 0);
}

uint8_t bit_byte(const BitView &v, size_t byte_index) {
    size_t bit = v.bit_offset + byte_index * 8;
    size_t shift = bit % 8;
    const uint8_t *p = v.base + bit / 8;
    if (shift == 0) return p[0];
    // The second byte is read only if some of its bits belong to this 8-bit window.
    return uint8_t((p[0] << shift) | (p[1] >> (8 - shift)));
}

int compare_bitstrings(Term a, Term b) {
    // The common case without bit_view calls: two heap binaries (whole bytes, in place).
    const Word *pa = boxed_ptr(a), *pb = boxed_ptr(b);
    if (header_subtag(pa[0]) == Subtag::HeapBin && header_subtag(pb[0]) == Subtag::HeapBin) {
        size_t la = size_t(pa[1]), lb = size_t(pb[1]);
        int c = std::memcmp(pa + 2, pb + 2, std::min(la, lb));
        if (c) return c < 0 ? -1 : 1;
        return three_way(la, lb);
    }
    BitView x = bit_view(a), y = bit_view(b);
    size_t common = std::min(x.bit_size, y.bit_size);
    size_t full = common / 8;
    if (x.byte_aligned() && y.byte_aligned()) {
        int c = std::memcmp(x.bytes(), y.bytes(), full);
        if (c) return c < 0 ? -1 : 1;
    } else {
        for (size_t i = 0; i < full; ++i) {
            uint8_t p = bit_byte(x, i), q = bit_byte(y, i);
            if (p != q) return p < q ? -1 : 1;
        }
    }
    for (size_t bit = full * 8; bit < common; ++bit) {
        size_t bx = x.bit_offset + bit, by = y.bit_offset + bit;
        int p = (x.base[bx / 8] >> (7 - bx % 8)) & 1;
        int q = (y.base[by / 8] >> (7 - by % 8)) & 1;
        if (p != q) return p < q ? -1 : 1;
    }
    return three_way(x.bit_size, y.bit_size);
}

struct Pending {
    Term a, b;
    bool exact;
};

// Two maps of the same size, at least one a HAMT. The order is the same as for flatmaps:
// the keys in map-key order, then the values in that key order. Equal key sets give the
// same trie, so walking both in iteration order finds them; then the value pairs that are
// not the same word go onto `work` in key order. Otherwise the smallest key in only one of
// the maps decides.
int compare_large_maps(Term a, Term b, bool exact, std::vector<Pending> &work) {
    std::vector<Term> ka, va, kb, vb;
    map_pairs(a, ka, va);
    map_pairs(b, kb, vb);
    size_t n = ka.size();
    bool same_keys = true;
    for (size_t i = 0; i < n && same_keys; ++i) same_keys = map_keys_equal(ka[i], kb[i]);
    std::vector<size_t> ia, ib;
    if (!same_keys) {
        ia.resize(n);
        ib.resize(n);
        for (size_t i = 0; i < n; ++i) ia[i] = ib[i] = i;
        std::sort(ia.begin(), ia.end(), [&](size_t x, size_t y) { return compare_exact(ka[x], ka[y]) < 0; });
        std::sort(ib.begin(), ib.end(), [&](size_t x, size_t y) { return compare_exact(kb[x], kb[y]) < 0; });
        for (size_t i = 0; i < n; ++i)
            if (int c = compare_exact(ka[ia[i]], kb[ib[i]])) return c;
        // The same keys after all (a flatmap and a HAMT).
    } else {
        for (size_t i = 0; i < n; ++i)
            if (va[i] != vb[i]) ia.push_back(i);
        std::sort(ia.begin(), ia.end(), [&](size_t x, size_t y) { return compare_exact(ka[x], ka[y]) < 0; });
        ib = ia;
    }
    for (size_t i = ia.size(); i-- > 0;) work.push_back({va[ia[i]], vb[ib[i]], exact});
    return 0;
}

// Compares two terms of the same type rank that are not both immediates of equal value.
// Compound children are pushed onto `work` (in reverse, so they pop in order).
int compare_one(Term a, Term b, bool exact, std::vector<Pending> &work) {
    int ra = type_rank(a), rb = type_rank(b);
    if (ra != rb) return three_way(ra, rb);
    switch (ra) {
    case kNumber: return compare_numbers(a, b, exact);
    case kAtom: return compare_atoms(a, b);
    case kNilRank: return 0;
    case kBits: return compare_bitstrings(a, b);
    case kPid:
    case kPort: {
        if (is_immediate(a) && is_immediate(b)) {
            if (ra == kPort) return three_way(a >> 4, b >> 4);
            // Pids: serial (high half of the number), then the process number.
            Word na = local_pid_number(a), nb = local_pid_number(b);
            if ((na >> 32) != (nb >> 32)) return three_way(na >> 32, nb >> 32);
            return three_way(na & 0xFFFFFFFF, nb & 0xFFFFFFFF);
        }
        // erts' order: pids by serial, then number, then node; ports by node, then number;
        // a node by its name, then its creation. global's locker relies on this: both nodes
        // must sort the two lockers' pids alike to agree on the lock's id.
        struct Ident {
            Term node;
            Word creation, serial, number;
        };
        auto ident = [&](Term t) -> Ident {
            if (is_immediate(t)) {
                Word n = t >> 4;
                return ra == kPort ? Ident{this_node(), this_creation(), 0, n}
                                   : Ident{this_node(), this_creation(), n >> 32, n & 0xFFFFFFFF};
            }
            Word *w = boxed_ptr(t);
            return ra == kPort ? Ident{w[1], w[3], 0, w[2]} : Ident{w[1], w[4], w[3], w[2]};
        };
        Ident x = ident(a), y = ident(b);
        if (ra == kPid) {
            if (x.serial != y.serial) return three_way(x.serial, y.serial);
            if (x.number != y.number) return three_way(x.number, y.number);
        }
        if (x.node != y.node) return compare_atoms(x.node, y.node);
        if (x.creation != y.creation) return three_way(x.creation, y.creation);
        return three_way(x.number, y.number);
    }
    case kTuple: {
        Word na = tuple_arity(a), nb = tuple_arity(b);
        if (na != nb) return three_way(na, nb);
        for (Word i = na; i-- > 0;) work.push_back({tuple_elements(a)[i], tuple_elements(b)[i], exact});
        return 0;
    }
    case kList:
        // Tail first onto the stack so the heads are compared before it.
        work.push_back({cdr(a), cdr(b), exact});
        work.push_back({car(a), car(b), exact});
        return 0;
    case kMap: {
        Word na = map_size(a), nb = map_size(b);
        if (na != nb) return three_way(na, nb);
        if (!is_flatmap(a) || !is_flatmap(b)) return compare_large_maps(a, b, exact, work);
        // All keys (in map-key order, compared exactly) before any value.
        Term *ka = tuple_elements(flatmap_keys(a)), *kb = tuple_elements(flatmap_keys(b));
        for (Word i = na; i-- > 0;) work.push_back({flatmap_values(a)[i], flatmap_values(b)[i], exact});
        for (Word i = na; i-- > 0;) work.push_back({ka[i], kb[i], true});
        return 0;
    }
    case kFun: {
        bool ea = boxed_subtag(a) == Subtag::Export, eb = boxed_subtag(b) == Subtag::Export;
        if (ea != eb) return ea ? 1 : -1; // local funs sort before external funs
        if (ea) {
            Word *x = boxed_ptr(a), *y = boxed_ptr(b);
            for (int i = 3; i >= 1; --i) work.push_back({x[i], y[i], exact});
            return 0;
        }
        // Local funs: by module name, fun index, old uniq, then the captured environment.
        Word *x = boxed_ptr(a), *y = boxed_ptr(b);
        auto *la = reinterpret_cast<const Lambda *>(x[1]), *lb = reinterpret_cast<const Lambda *>(y[1]);
        if (la->module->name != lb->module->name) return compare_atoms(la->module->name, lb->module->name);
        if (la->index != lb->index) return three_way(la->index, lb->index);
        if (la->old_uniq != lb->old_uniq) return three_way(la->old_uniq, lb->old_uniq);
        if (la->num_free != lb->num_free) return three_way(la->num_free, lb->num_free);
        for (uint32_t i = la->num_free; i-- > 0;) work.push_back({x[3 + i], y[3 + i], exact});
        return 0;
    }
    case kRef: {
        // erts' order: by node (name, then creation), then the numbers from the last one
        // down, a missing number counting as 0.
        struct Parts {
            Term node;
            Word creation;
            const Word *nums;
            Word count;
        };
        auto parts = [](Term t) -> Parts {
            Word *w = boxed_ptr(t);
            if (boxed_subtag(t) == Subtag::ExtRef)
                return {w[1], w[2], w + 3, header_arity(w[0]) - 2};
            return {this_node(), this_creation(), w + 1, ref_number_count(w[0])};
        };
        Parts x = parts(a), y = parts(b);
        if (x.node != y.node) return compare_atoms(x.node, y.node);
        if (x.creation != y.creation) return three_way(x.creation, y.creation);
        for (Word i = std::max(x.count, y.count); i-- > 0;) {
            Word u = i < x.count ? x.nums[i] : 0, v = i < y.count ? y.nums[i] : 0;
            if (u != v) return three_way(u, v);
        }
        return 0;
    }
    }
    return 0;
}

int compare_with(Term a, Term b, bool exact) {
    if (a == b) return 0;
    std::vector<Pending> work;
    int c = compare_one(a, b, exact, work);
    while (c == 0 && !work.empty()) {
        Pending p = work.back();
        work.pop_back();
        if (p.a != p.b) c = compare_one(p.a, p.b, p.exact, work);
    }
    return c;
}

} // namespace

int compare_terms(Term a, Term b) { return compare_with(a, b, false); }
int compare_exact(Term a, Term b) { return compare_with(a, b, true); }

} // namespace hamlet
