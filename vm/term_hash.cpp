// Term hashes, reproducing erts' make_hash2 / make_hash / make_internal_hash (OTP 25,
// erts/emulator/beam/utils.c) value for value. The constants and the order in which the
// parts of a term are mixed are facts about those functions; the code is our own.
#include "vm/term_hash.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/bignum.h"
#include "vm/magic_ref.h"
#include "vm/map.h"
#include "vm/module.h"
#include "vm/term_compare.h"

#include <cstring>
#include <vector>

namespace hamlet {
namespace {

// ---- Bob Jenkins' mix and the constants erts uses --------------------------------------

constexpr uint32_t kGolden = 0x9e3779b9u; // HCONST
// kGolden * n mod 2^32 for n = 2..22 (HCONST_n)
constexpr uint32_t hconst(unsigned n) { return uint32_t(kGolden * n); }

inline void mix(uint32_t &a, uint32_t &b, uint32_t &c) {
    a -= b; a -= c; a ^= (c >> 13);
    b -= c; b -= a; b ^= (a << 8);
    c -= a; c -= b; c ^= (b >> 13);
    a -= b; a -= c; a ^= (c >> 12);
    b -= c; b -= a; b ^= (a << 16);
    c -= a; c -= b; c ^= (b >> 5);
    a -= b; a -= c; a ^= (c >> 3);
    b -= c; b -= a; b ^= (a << 10);
    c -= a; c -= b; c ^= (b >> 15);
}

// UINT32_HASH_2 / UINT32_HASH of utils.c
inline void mix2(uint32_t &hash, uint32_t x, uint32_t y, uint32_t k) {
    uint32_t a = k + x, b = k + y;
    mix(a, b, hash);
}
inline void mix1(uint32_t &hash, uint32_t x, uint32_t k) { mix2(hash, x, 0, k); }

// block_hash(): Jenkins' lookup2 over bytes, 12 at a time, seeded with `initval`.
uint32_t block_hash(const uint8_t *k, size_t length, uint32_t initval) {
    uint32_t a = kGolden, b = kGolden, c = initval;
    size_t len = length;
    while (len >= 12) {
        a += k[0] + (uint32_t(k[1]) << 8) + (uint32_t(k[2]) << 16) + (uint32_t(k[3]) << 24);
        b += k[4] + (uint32_t(k[5]) << 8) + (uint32_t(k[6]) << 16) + (uint32_t(k[7]) << 24);
        c += k[8] + (uint32_t(k[9]) << 8) + (uint32_t(k[10]) << 16) + (uint32_t(k[11]) << 24);
        mix(a, b, c);
        k += 12;
        len -= 12;
    }
    c += uint32_t(length);
    switch (len) { // every case falls through
    case 11: c += uint32_t(k[10]) << 24; [[fallthrough]];
    case 10: c += uint32_t(k[9]) << 16; [[fallthrough]];
    case 9: c += uint32_t(k[8]) << 8; [[fallthrough]];
    case 8: b += uint32_t(k[7]) << 24; [[fallthrough]];
    case 7: b += uint32_t(k[6]) << 16; [[fallthrough]];
    case 6: b += uint32_t(k[5]) << 8; [[fallthrough]];
    case 5: b += k[4]; [[fallthrough]];
    case 4: a += uint32_t(k[3]) << 24; [[fallthrough]];
    case 3: a += uint32_t(k[2]) << 16; [[fallthrough]];
    case 2: a += uint32_t(k[1]) << 8; [[fallthrough]];
    case 1: a += k[0]; [[fallthrough]];
    default: break;
    }
    mix(a, b, c);
    return c;
}

// ---- term access helpers -----------------------------------------------------------------

inline bool is_byte(Term t) { return is_small(t) && small_value(t) >= 0 && small_value(t) < 256; }

// A bitstring's bits as bytes starting at a byte boundary: `whole` full bytes, then (if
// `bits` > 0) one byte whose high `bits` bits are the tail. Copies only when unaligned.
struct AlignedBits {
    const uint8_t *data;
    size_t whole;
    unsigned bits;
    std::vector<uint8_t> copy;
};

void aligned_bits(Term t, AlignedBits &out) {
    BitView v = bit_view(t);
    out.whole = v.bit_size / 8;
    out.bits = unsigned(v.bit_size % 8);
    if (v.byte_aligned()) {
        out.data = v.bytes();
        return;
    }
    size_t n = out.whole + (out.bits ? 1 : 0);
    out.copy.assign(n, 0);
    const uint8_t *src = v.base + v.bit_offset / 8;
    unsigned shift = unsigned(v.bit_offset % 8);
    size_t last = (v.bit_offset % 8 + v.bit_size - 1) / 8; // last source byte index used
    for (size_t i = 0; i < n; ++i) {
        uint8_t hi = uint8_t(src[i] << shift);
        uint8_t lo = i + 1 <= last ? uint8_t(src[i + 1] >> (8 - shift)) : 0;
        out.copy[i] = hi | lo;
    }
    if (out.bits) out.copy[n - 1] &= uint8_t(0xFF << (8 - out.bits));
    out.data = out.copy.data();
}

inline uint64_t double_bits(Term t) {
    double d = float_value(t);
    if (d == 0.0) d = 0.0; // -0.0 hashes as +0.0
    uint64_t u;
    std::memcpy(&u, &d, 8);
    return u;
}

uint32_t atom_hvalue(Term a) { return atom_text_hash(AtomTable::global().text(a)); }

// References: ExtRef is [header, node, creation, n1, n2, ...] (vm/etf_decode.cpp); an
// internal Ref is assumed to be [header, n1, n2, ...] (one 32-bit number per word).
struct RefParts {
    const Word *nums;
    size_t count;
    bool local;
    Term node;
};
RefParts ref_parts(Term t) {
    Word *p = boxed_ptr(t);
    Word arity = header_arity(p[0]);
    if (header_subtag(p[0]) == Subtag::ExtRef)
        return {p + 3, size_t(arity - 2), p[1] == atom::nonode_nohost && p[2] == 0, p[1]};
    return {p + 1, size_t(ref_number_count(p[0])), true, atom::nonode_nohost};
}
inline uint32_t ref_num(const RefParts &r, size_t i) { return i < r.count ? uint32_t(r.nums[i]) : 0; }

// Export fun: [header, module, function, arity, entry]
inline Term export_module(Term t) { return boxed_ptr(t)[1]; }
inline Term export_function(Term t) { return boxed_ptr(t)[2]; }
inline uint32_t export_arity(Term t) { return uint32_t(small_value(boxed_ptr(t)[3])); }

// External pid [header, node, id, serial, creation]; external port [header, node, id, creation].
inline uint32_t ext_pid_number(Term t) { return uint32_t(boxed_ptr(t)[2]); }
inline uint32_t ext_pid_serial(Term t) { return uint32_t(boxed_ptr(t)[3]); }
inline uint64_t ext_port_number(Term t) { return boxed_ptr(t)[2]; }
inline Term ext_node(Term t) { return boxed_ptr(t)[1]; }

inline uint32_t local_pid_id(Term t) { return uint32_t(local_pid_number(t)); }

} // namespace

uint32_t atom_text_hash(std::string_view text) {
    uint32_t h = 0;
    const auto *p = reinterpret_cast<const uint8_t *>(text.data());
    size_t len = text.size();
    while (len--) {
        uint8_t v = *p++;
        if (len && (v & 0xFE) == 0xC2 && (*p & 0xC0) == 0x80) { // Latin-1 character
            v = uint8_t((v << 6) | (*p & 0x3F));
            p++;
            len--;
        }
        h = (h << 4) + v;
        if (uint32_t g = h & 0xF0000000u) {
            h ^= g >> 24;
            h ^= g;
        }
    }
    return h;
}

// ---- make_hash2 ----------------------------------------------------------------------------

uint32_t phash2_hash(Term term) {
    constexpr uint32_t kNilDef = 2; // NIL_DEF in erl_term.h
    auto small_hash = [](uint32_t &hash, SWord v) {
        if (v < -(SWord(1) << 27) || v >= (SWord(1) << 27)) {
            uint64_t t = v < 0 ? uint64_t(-v) : uint64_t(v);
            mix2(hash, uint32_t(t), uint32_t(t >> 32), v < 0 ? hconst(10) : hconst(11));
        } else {
            int32_t y = int32_t(v);
            if (y < 0) mix1(hash, uint32_t(-y), kGolden);
            mix1(hash, uint32_t(y), kGolden);
        }
    };
    if (is_atom(term)) return atom_hvalue(term);
    if (is_small(term)) {
        uint32_t hash = 0;
        small_hash(hash, small_value(term));
        return hash;
    }

    enum Op : uint8_t { kTerm, kMapTail, kMapPair };
    struct Item {
        Op op;
        Term term;
        uint32_t saved_hash, saved_xor;
    };
    std::vector<Item> stack;
    uint32_t hash = 0, xor_pairs = 0;

    for (;;) {
        bool common = true; // false: `term` holds the next term to hash
        if (is_list(term)) {
            Term cell = term;
            uint32_t sh = 0;
            int c = 0;
            while (is_byte(car(cell))) {
                sh = (sh << 8) + uint32_t(small_value(car(cell)));
                if (c == 3) {
                    mix1(hash, sh, hconst(4));
                    c = 0;
                    sh = 0;
                } else {
                    c++;
                }
                term = cdr(cell);
                if (!is_list(term)) break;
                cell = term;
            }
            if (c > 0) mix1(hash, sh, hconst(4));
            if (is_list(term)) {
                stack.push_back({kTerm, cdr(cell), 0, 0});
                term = car(cell);
            }
            common = false;
        } else if (is_immediate(term)) {
            if (is_small(term)) {
                small_hash(hash, small_value(term));
            } else if (is_atom(term)) {
                if (hash == 0)
                    hash = atom_hvalue(term);
                else
                    mix1(hash, atom_hvalue(term), hconst(3));
            } else if (is_nil(term)) {
                if (hash == 0)
                    hash = 3468870702u;
                else
                    mix1(hash, kNilDef, hconst(2));
            } else if (is_local_pid(term)) {
                mix1(hash, local_pid_id(term), hconst(5));
            } else if (is_local_port(term)) {
                uint64_t n = local_port_number(term);
                mix2(hash, uint32_t(n), uint32_t(n >> 32), hconst(6));
            }
        } else {
            switch (boxed_subtag(term)) {
            case Subtag::Tuple: {
                Word arity = tuple_arity(term);
                mix1(hash, uint32_t(arity), hconst(9));
                if (arity == 0) break;
                Term *e = tuple_elements(term);
                for (Word i = arity; i-- > 1;) stack.push_back({kTerm, e[i], 0, 0});
                term = e[0];
                common = false;
                break;
            }
            case Subtag::Map: {
                // The pair hashes are xor-ed (order independent). An inner HAMT node only
                // adds its pairs and nodes to the same xor.
                const Word *m = boxed_ptr(term);
                Word kind = m[1] & 3;
                if (kind != kHamtNodeKind) {
                    Word n = map_size(term);
                    mix1(hash, uint32_t(n), hconst(16));
                    if (n == 0) break;
                    stack.push_back({kMapTail, 0, hash, xor_pairs});
                    hash = 0;
                    xor_pairs = 0;
                }
                auto pair = [&](Term k, Term v) {
                    stack.push_back({kMapPair, 0, 0, 0});
                    stack.push_back({kTerm, v, 0, 0});
                    stack.push_back({kTerm, k, 0, 0});
                };
                if (kind == kFlatmapKind) {
                    Term *ks = tuple_elements(flatmap_keys(term));
                    Term *vs = flatmap_values(term);
                    for (Word i = map_size(term); i-- > 0;) pair(ks[i], vs[i]);
                } else {
                    const Term *kids = hamt_node_children(m);
                    for (unsigned i = hamt_node_count(m); i-- > 0;) {
                        if (is_list(kids[i])) pair(car(kids[i]), cdr(kids[i]));
                        else stack.push_back({kTerm, kids[i], 0, 0});
                    }
                }
                break;
            }
            case Subtag::Export:
                mix2(hash, export_arity(term), atom_hvalue(export_module(term)), kGolden);
                mix1(hash, atom_hvalue(export_function(term)), hconst(14));
                break;
            case Subtag::Fun: {
                // A local fun: its free-variable count and module, its fun entry's index and
                // old_uniq (FunT), then the free variables in order as a tuple's elements.
                const Word *p = boxed_ptr(term);
                auto *l = reinterpret_cast<const Lambda *>(p[1]);
                Word nf = header_arity(p[0]) - 2;
                mix2(hash, uint32_t(nf), atom_hvalue(l->module->name), kGolden);
                mix2(hash, l->index, l->old_uniq, kGolden);
                if (nf == 0) break;
                for (Word i = nf; i-- > 1;) stack.push_back({kTerm, p[3 + i], 0, 0});
                term = p[3];
                common = false;
                break;
            }
            case Subtag::HeapBin:
            case Subtag::RefcBin:
            case Subtag::SubBin: {
                AlignedBits b;
                aligned_bits(term, b);
                uint32_t con = hconst(13) + hash;
                // erts truncates the byte count to 32 bits here.
                size_t sz = b.whole & 0xFFFFFFFFu;
                if (b.whole == 0 && b.bits == 0) {
                    hash = con;
                } else {
                    hash = block_hash(b.data, sz, con);
                    if (b.bits > 0) mix2(hash, b.bits, uint32_t(b.data[b.whole] >> (8 - b.bits)), hconst(15));
                }
                break;
            }
            case Subtag::PosBig:
            case Subtag::NegBig: {
                uint32_t con = bignum_negative(term) ? hconst(10) : hconst(11);
                const Word *l = bignum_limbs(term);
                for (Word i = 0, n = bignum_limb_count(term); i < n; ++i)
                    mix2(hash, uint32_t(l[i]), uint32_t(l[i] >> 32), con);
                break;
            }
            case Subtag::Ref:
            case Subtag::ExtRef: mix1(hash, ref_num(ref_parts(term), 0), hconst(7)); break;
            case Subtag::ExtPid: mix1(hash, ext_pid_number(term), hconst(5)); break;
            case Subtag::ExtPort: {
                uint64_t n = ext_port_number(term);
                mix2(hash, uint32_t(n), uint32_t(n >> 32), hconst(6));
                break;
            }
            case Subtag::Float: {
                uint64_t u = double_bits(term);
                mix2(hash, uint32_t(u >> 32), uint32_t(u), hconst(12));
                break;
            }
            default: break;
            }
        }
        if (!common) continue;
        // hash2_common: pop the next term, folding finished map pairs.
        for (;;) {
            if (stack.empty()) return hash;
            Item it = stack.back();
            stack.pop_back();
            if (it.op == kMapTail) {
                hash = it.saved_hash;
                mix1(hash, xor_pairs, hconst(19));
                xor_pairs = it.saved_xor;
            } else if (it.op == kMapPair) {
                xor_pairs ^= hash;
                hash = 0;
            } else {
                term = it.term;
                break;
            }
        }
    }
}

// ---- make_hash (erlang:phash/2) ------------------------------------------------------------

namespace {
constexpr uint32_t kFunny1 = 268440163u, kFunny2 = 268439161u, kFunny3 = 268435459u,
                   kFunny4 = 268436141u, kFunny5 = 268438633u, kFunny6 = 268437017u,
                   kFunny8 = 268437511u, kFunny9 = 268439627u, kFunny10 = 268440479u,
                   kFunny11 = 268440577u, kFunny12 = 268440581u, kFunny13 = 268440593u,
                   kFunny14 = 268440611u;

// UINT32_HASH_STEP of make_hash: the four bytes of x, least significant first.
inline void step32(uint32_t &hash, uint32_t x, uint32_t prime) {
    hash = (((hash * prime + (x & 0xFF)) * prime + ((x >> 8) & 0xFF)) * prime + ((x >> 16) & 0xFF)) * prime +
           (x >> 24);
}
} // namespace

uint32_t phash_hash(Term term) {
    enum Op : uint8_t { kTerm, kCdrPre, kCdrPost, kTuplePost };
    std::vector<std::pair<Op, Term>> stack;
    uint32_t hash = 0;
    Op op = kTerm;

    for (;;) {
        bool next = true; // false: hash `term` (op kTerm) right away
        switch (op) {
        case kCdrPost: hash *= kFunny8; break;
        case kTuplePost: hash = hash * kFunny9 + uint32_t(term); break;
        case kCdrPre:
            if (!is_list(term)) {
                stack.push_back({kCdrPost, 0});
                op = kTerm;
                next = false;
                break;
            }
            [[fallthrough]];
        case kTerm:
            if (is_list(term)) {
                Term cell = term;
                bool done = false;
                while (is_byte(car(cell))) {
                    hash = hash * kFunny2 + uint32_t(small_value(car(cell)));
                    if (!is_list(cdr(cell))) {
                        stack.push_back({kCdrPost, 0});
                        term = cdr(cell);
                        done = true;
                        break;
                    }
                    cell = cdr(cell);
                }
                if (!done) {
                    stack.push_back({kCdrPre, cdr(cell)});
                    term = car(cell);
                }
                op = kTerm;
                next = false;
            } else if (is_immediate(term)) {
                if (is_nil(term)) {
                    hash = hash * kFunny3 + 1;
                } else if (is_atom(term)) {
                    hash = hash * kFunny1 + atom_hvalue(term);
                } else if (is_small(term)) {
                    SWord y = small_value(term);
                    uint64_t m = y < 0 ? uint64_t(-y) : uint64_t(y);
                    step32(hash, uint32_t(m), kFunny2);
                    if (m >> 32) step32(hash, uint32_t(m >> 32), kFunny2);
                    hash *= y < 0 ? kFunny4 : kFunny3;
                } else if (is_local_pid(term)) {
                    step32(hash, local_pid_id(term), kFunny5);
                    hash *= kFunny6;
                } else if (is_local_port(term)) {
                    uint64_t n = local_port_number(term);
                    if (n >> 32) step32(hash, uint32_t(n >> 32), kFunny11);
                    step32(hash, uint32_t(n), kFunny9);
                    hash *= kFunny10;
                }
            } else {
                switch (boxed_subtag(term)) {
                case Subtag::Tuple: {
                    Word arity = tuple_arity(term);
                    Term *e = tuple_elements(term);
                    stack.push_back({kTuplePost, Term(uint32_t(arity))});
                    if (arity > 0) {
                        for (Word i = arity; i-- > 1;) stack.push_back({kTerm, e[i]});
                        term = e[0];
                        op = kTerm;
                        next = false;
                    }
                    break;
                }
                case Subtag::HeapBin:
                case Subtag::RefcBin:
                case Subtag::SubBin: {
                    AlignedBits b;
                    aligned_bits(term, b);
                    for (size_t i = 0; i < b.whole; ++i) hash = hash * kFunny1 + b.data[i];
                    if (b.bits > 0) {
                        uint8_t last = uint8_t(b.data[b.whole] >> (8 - b.bits));
                        hash = (hash * kFunny1 + last) * kFunny12 + b.bits;
                    }
                    hash = hash * kFunny4 + uint32_t(b.whole);
                    break;
                }
                case Subtag::Export:
                    hash = hash * kFunny11 + export_arity(term);
                    hash = hash * kFunny1 + atom_hvalue(export_module(term));
                    hash = hash * kFunny1 + atom_hvalue(export_function(term));
                    break;
                case Subtag::Fun: {
                    // A local fun: as erts' make_hash, the free-variable count, module, fun
                    // entry index and old_uniq, then the free variables in order.
                    const Word *p = boxed_ptr(term);
                    auto *l = reinterpret_cast<const Lambda *>(p[1]);
                    Word nf = header_arity(p[0]) - 2;
                    hash = hash * kFunny10 + uint32_t(nf);
                    hash = hash * kFunny1 + atom_hvalue(l->module->name);
                    hash = hash * kFunny2 + l->index;
                    hash = hash * kFunny2 + l->old_uniq;
                    if (nf > 0) {
                        for (Word i = nf; i-- > 1;) stack.push_back({kTerm, p[3 + i]});
                        term = p[3];
                        op = kTerm;
                        next = false;
                    }
                    break;
                }
                case Subtag::ExtPid:
                    step32(hash, ext_pid_number(term), kFunny5);
                    hash *= kFunny6;
                    break;
                case Subtag::ExtPort: {
                    uint64_t n = ext_port_number(term);
                    if (n >> 32) step32(hash, uint32_t(n >> 32), kFunny11);
                    step32(hash, uint32_t(n), kFunny9);
                    hash *= kFunny10;
                    break;
                }
                case Subtag::Ref:
                case Subtag::ExtRef:
                    step32(hash, ref_num(ref_parts(term), 0), kFunny9);
                    hash *= kFunny10;
                    break;
                case Subtag::Float: {
                    uint64_t u = double_bits(term);
                    hash = hash * kFunny6 + (uint32_t(u) ^ uint32_t(u >> 32));
                    break;
                }
                case Subtag::PosBig:
                case Subtag::NegBig: {
                    const Word *l = bignum_limbs(term);
                    Word n = bignum_limb_count(term);
                    for (Word i = 0; i < n; ++i) {
                        Word d = l[i];
                        int bytes = (i + 1 < n || (d >> 32)) ? 8 : 4;
                        for (int j = 0; j < bytes; ++j, d >>= 8) hash = hash * kFunny2 + uint32_t(d & 0xFF);
                    }
                    hash *= bignum_negative(term) ? kFunny4 : kFunny3;
                    break;
                }
                case Subtag::Map: hash = hash * kFunny13 + kFunny14 + phash2_hash(term); break;
                default: break;
                }
            }
            break;
        }
        if (!next) continue;
        if (stack.empty()) return hash;
        op = stack.back().first;
        term = stack.back().second;
        stack.pop_back();
    }
}

// ---- make_internal_hash --------------------------------------------------------------------

uint32_t internal_hash(Term term, uint32_t salt) {
    constexpr uint32_t kInternalSalt = 3432918353u;
    uint32_t hash = salt ^ kInternalSalt;
    // erts hashes an immediate's raw word. Ours are laid out like erts' 64-bit ones except
    // nil, which erts represents as just its tag (0x3B).
    auto immediate = [&](Term t) {
        if (is_nil(t)) t = tag::kNilTag;
        mix2(hash, uint32_t(t), uint32_t(t >> 32), kGolden);
    };
    auto const_hash = [&](uint32_t k) {
        hash ^= k;
        hash = (hash << 17) ^ (hash >> 15);
    };
    if (is_immediate(term)) {
        immediate(term);
        return hash;
    }

    constexpr Term kCdrMarker = 0; // a header word: never a term
    std::vector<Term> stack;

    for (;;) {
        bool pop = true;
        if (is_list(term)) {
            Term cell = term;
            uint32_t sh = 0;
            uint32_t c = 0;
            while (is_byte(car(cell))) {
                sh = (sh << 8) + uint32_t(small_value(car(cell)));
                if (c == 3) {
                    mix1(hash, sh, hconst(4));
                    c = 0;
                    sh = 0;
                } else {
                    c++;
                }
                term = cdr(cell);
                if (!is_list(term)) break;
                cell = term;
            }
            if (c > 0) mix2(hash, sh, c, hconst(22));
            if (is_list(term)) {
                Term tail = cdr(cell);
                const_hash(hconst(17));
                stack.push_back(tail);
                if (!is_list(tail)) stack.push_back(kCdrMarker);
                term = car(cell);
            }
            pop = false;
        } else if (is_immediate(term)) {
            immediate(term);
        } else {
            switch (boxed_subtag(term)) {
            case Subtag::Tuple: {
                Word arity = tuple_arity(term);
                mix1(hash, uint32_t(arity), hconst(9));
                if (arity == 0) break;
                Term *e = tuple_elements(term);
                for (Word i = arity; i-- > 1;) stack.push_back(e[i]);
                term = e[0];
                pop = false;
                break;
            }
            case Subtag::Map: {
                // Pairs are hashed in the order erts pops them: a flatmap's in key order,
                // a HAMT's children last to first (inner nodes are pushed as terms and
                // hashed like maps without a size).
                const Word *m = boxed_ptr(term);
                Word kind = m[1] & 3;
                if (kind != kHamtNodeKind) {
                    Word n = map_size(term);
                    mix1(hash, uint32_t(n), hconst(16));
                    if (n == 0) break;
                }
                if (kind == kFlatmapKind) {
                    Term *ks = tuple_elements(flatmap_keys(term));
                    Term *vs = flatmap_values(term);
                    for (Word i = map_size(term); i-- > 0;) {
                        stack.push_back(vs[i]);
                        stack.push_back(ks[i]);
                    }
                } else {
                    const Term *kids = hamt_node_children(m);
                    for (unsigned i = 0, n = hamt_node_count(m); i < n; ++i) {
                        if (is_list(kids[i])) {
                            stack.push_back(cdr(kids[i]));
                            stack.push_back(car(kids[i]));
                        } else {
                            stack.push_back(kids[i]);
                        }
                    }
                }
                break;
            }
            case Subtag::Export: {
                // erts hashes the export entry's address; any stable value that tells
                // every module, function and arity apart will do.
                Word *p = boxed_ptr(term);
                mix2(hash, uint32_t(p[1] >> 6), uint32_t(p[2] >> 6), hconst(14));
                mix1(hash, export_arity(term), hconst(14));
                break;
            }
            case Subtag::Fun: {
                // As erts: the free-variable count, module, fun index and old uniq, then
                // the environment (module atoms, as all atoms, hash by their index).
                const Word *f = boxed_ptr(term);
                auto *l = reinterpret_cast<const Lambda *>(f[1]);
                mix2(hash, l->num_free, uint32_t(l->module->name), hconst(20));
                mix2(hash, l->index, l->old_uniq, hconst(21));
                for (uint32_t i = l->num_free; i-- > 0;) stack.push_back(f[3 + i]);
                break;
            }
            case Subtag::HeapBin:
            case Subtag::RefcBin:
            case Subtag::SubBin: {
                AlignedBits b;
                aligned_bits(term, b);
                uint32_t con = hconst(13) + hash;
                if (b.whole == 0 && b.bits == 0) {
                    hash = con;
                } else {
                    hash = block_hash(b.data, b.whole, con);
                    if (b.bits > 0) mix2(hash, b.bits, uint32_t(b.data[b.whole] >> (8 - b.bits)), hconst(15));
                }
                break;
            }
            case Subtag::PosBig:
            case Subtag::NegBig: {
                uint32_t con = bignum_negative(term) ? hconst(10) : hconst(11);
                const Word *l = bignum_limbs(term);
                for (Word i = 0, n = bignum_limb_count(term); i < n; ++i)
                    mix2(hash, uint32_t(l[i]), uint32_t(l[i] >> 32), con);
                break;
            }
            case Subtag::Ref:
            case Subtag::ExtRef: {
                // erts mixes the node entry's address, one per node name and creation; we
                // mix those two. Every bit that tells keys apart must reach the hash (map
                // keys are told apart by it), so numbers beyond erts' three are mixed too.
                RefParts r = ref_parts(term);
                if (!r.local) mix2(hash, uint32_t(r.node), uint32_t(boxed_ptr(term)[2]), hconst(7));
                mix1(hash, ref_num(r, 0), hconst(7));
                mix2(hash, ref_num(r, 1), ref_num(r, 2), hconst(8));
                for (size_t i = 3; i < r.count; i += 2) mix2(hash, ref_num(r, i), ref_num(r, i + 1), hconst(8));
                break;
            }
            case Subtag::ExtPid: { // [header, node, id, serial, creation]
                mix2(hash, uint32_t(ext_node(term)), uint32_t(boxed_ptr(term)[4]), hconst(5));
                mix2(hash, ext_pid_number(term), ext_pid_serial(term), hconst(5));
                break;
            }
            case Subtag::ExtPort: { // [header, node, id, creation]
                uint64_t n = ext_port_number(term);
                mix2(hash, uint32_t(ext_node(term)), uint32_t(boxed_ptr(term)[3]), hconst(6));
                mix2(hash, uint32_t(n), uint32_t(n >> 32), hconst(6));
                break;
            }
            case Subtag::Float: {
                uint64_t u = double_bits(term);
                mix2(hash, uint32_t(u), uint32_t(u >> 32), hconst(12));
                break;
            }
            default: break;
            }
        }
        if (!pop) continue;
        for (;;) {
            if (stack.empty()) return hash;
            term = stack.back();
            stack.pop_back();
            if (term != kCdrMarker) break;
            const_hash(hconst(18));
        }
    }
}

uint32_t map_key_hash(Term key, uint32_t depth) {
    uint32_t salt = 0;
    if (depth > 0) mix2(salt, depth, 1, hconst(22));
    return internal_hash(key, salt);
}

} // namespace hamlet
