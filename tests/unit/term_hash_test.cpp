// Term hashing (vm/term_hash.h) and the phash/phash2 BIFs against values from the real
// Erlang/OTP 25 (erl 25): the vectors shared with etf_encode_test.cpp (erl25_vectors()),
// the hashing.erl sample, and the HAMT iteration orders printed by maps_large.erl.
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/etf_decode.h"
#include "vm/literal_area.h"
#include "vm/hamt.h"
#include "vm/map.h"
#include "vm/process.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"
#include "vm/term_hash.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace hamlet_test {
struct ErlVector {
    const char *what;
    const char *src_hex;
    const char *plain_hex;
    uint64_t plain_size;
    uint32_t plain_crc;
    uint64_t m0_size;
    uint32_t m0_crc;
    uint32_t m2_crc;
    uint32_t det_crc;
    uint32_t c1_crc;
    uint32_t c9_crc;
    uint64_t c9_size;
    uint32_t phash2;
    uint32_t phash2_7;
    uint32_t phash2_full;
    uint32_t phash_full;
    uint32_t phash_1000;
};
const std::vector<ErlVector> &erl25_vectors(); // in etf_encode_test.cpp
hamlet::Term vector_term(const ErlVector &v, hamlet::LiteralArea &area);
} // namespace hamlet_test

using namespace hamlet;

namespace {

Term mk_atom(const char *s) { return *AtomTable::global().intern(s); }

SWord call2(Term (*bif)(Process *, const Term *), Process &p, Term a, Term b) {
    Term args[2] = {a, b};
    Term r = bif(&p, args);
    REQUIRE(r != kNonValue);
    REQUIRE(is_small(r));
    return small_value(r);
}

bool fails2(Term (*bif)(Process *, const Term *), Process &p, Term a, Term b) {
    Term args[2] = {a, b};
    return bif(&p, args) == kNonValue && p.exc_reason == atom::badarg;
}

// A map built by our decoder from a term_to_binary encoding of #{K => K}.
Term int_map(LiteralArea &a, const std::vector<SWord> &keys) {
    std::vector<uint8_t> b = {131, 116, uint8_t(keys.size() >> 24), uint8_t(keys.size() >> 16),
                              uint8_t(keys.size() >> 8), uint8_t(keys.size())};
    for (SWord k : keys)
        for (int rep = 0; rep < 2; ++rep) {
            b.push_back(98);
            for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(uint32_t(int32_t(k)) >> s));
        }
    EtfResult r = etf_decode(b.data(), b.size(), a);
    REQUIRE(r.ok());
    return r.term;
}

// maps:keys/1 order of a HAMT: the reverse of its iteration order.
std::vector<Term> hamt_keys(Term map) {
    REQUIRE(is_hamt(map));
    std::vector<Term> k, v;
    map_pairs(map, k, v);
    return {k.rbegin(), k.rend()};
}

size_t position(const std::vector<Term> &ks, Term k) {
    return size_t(std::find(ks.begin(), ks.end(), k) - ks.begin());
}

std::vector<Term> smalls(std::initializer_list<SWord> vs) {
    std::vector<Term> out;
    for (SWord v : vs) out.push_back(make_small(v));
    return out;
}

} // namespace

TEST_CASE("phash2 and phash match erl 25", "[hash]") {
    Process p;
    Term two32 = make_small(SWord(1) << 32);
    for (const auto &v : hamlet_test::erl25_vectors()) {
        INFO(v.what);
        LiteralArea area;
        Term t = hamlet_test::vector_term(v, area);
        Term args[1] = {t};
        Term r = bif_phash2_1(&p, args);
        REQUIRE(is_small(r));
        CHECK(small_value(r) == SWord(v.phash2));
        CHECK(call2(bif_phash2_2, p, t, make_small(7)) == SWord(v.phash2_7));
        CHECK(call2(bif_phash2_2, p, t, two32) == SWord(v.phash2_full));
        CHECK(call2(bif_phash_2, p, t, two32) == SWord(v.phash_full));
        CHECK(call2(bif_phash_2, p, t, make_small(1000)) == SWord(v.phash_1000));
        CHECK(phash2_hash(t) == v.phash2_full);
        CHECK(phash_hash(t) + 1 == v.phash_full);
    }
}

TEST_CASE("phash2/phash ranges as in erl 25", "[hash]") {
    Process p;
    Term x = mk_atom("x");
    // erl 25 (hashing.erl and by hand)
    CHECK(call2(bif_phash2_2, p, x, make_small(SWord(1) << 32)) == 120);
    CHECK(call2(bif_phash2_2, p, x, make_small((SWord(1) << 32) - 1)) == 120);
    CHECK(call2(bif_phash_2, p, x, make_small(SWord(1) << 32)) == 121);
    CHECK(call2(bif_phash_2, p, x, make_small(1)) == 1);
    CHECK(call2(bif_phash2_2, p, mk_atom("anything"), make_small(1)) == 0);
    CHECK(call2(bif_phash2_2, p, mk_atom("anything"), make_small(SWord(1) << 32)) == 101378759);
    CHECK(fails2(bif_phash2_2, p, x, make_small(0)));
    CHECK(fails2(bif_phash2_2, p, x, make_small(-1)));
    CHECK(fails2(bif_phash2_2, p, x, make_float(&p, 1.0)));
    CHECK(fails2(bif_phash2_2, p, x, make_small(SWord(1) << 33)));
    Word limbs[2] = {0, 64};
    Term two70 = make_integer(p.alloc(3), limbs, 2, false);
    CHECK(fails2(bif_phash2_2, p, x, two70));
    CHECK(fails2(bif_phash_2, p, x, make_small(0)));
    CHECK(fails2(bif_phash_2, p, x, make_small(SWord(1) << 33)));
    // hashing.erl: buckets of phash2(I, 10) for I in 1..10000
    std::vector<int> buckets(10);
    for (SWord i = 1; i <= 10000; ++i) buckets[size_t(call2(bif_phash2_2, p, make_small(i), make_small(10)))]++;
    CHECK(buckets == std::vector<int>{1004, 996, 1010, 970, 1026, 1024, 984, 1009, 1009, 968});
    // hashing.erl: 1 vs 1.0
    Term args[1] = {make_float(&p, 1.0)};
    CHECK(bif_phash2_1(&p, args) == make_small(77147068));
    args[0] = make_small(1);
    CHECK(bif_phash2_1(&p, args) == make_small(2614250));
}

TEST_CASE("atom hash values are erts' atom_hash", "[hash]") {
    CHECK(atom_text_hash("") == 0);
    CHECK(atom_text_hash("a") == 97);
    CHECK(atom_text_hash("abc") == 26499);           // erl 25: phash2(abc)
    CHECK(atom_text_hash("hello world") == 18131988); // erl 25: phash2('hello world')
    CHECK(atom_text_hash("\xC3\xA9") == 233);         // 'é' hashes its Latin-1 byte
    CHECK(atom_text_hash("true") == 506293);
}

TEST_CASE("nibble_reverse reverses trie paths", "[hash]") {
    CHECK(nibble_reverse(0x12345678u) == 0x87654321u);
    CHECK(nibble_reverse(0x0000000Fu) == 0xF0000000u);
    CHECK(nibble_reverse(nibble_reverse(0xDEADBEEFu)) == 0xDEADBEEFu);
}

TEST_CASE("HAMT order reproduces erl 25's large-map iteration order", "[hash]") {
    LiteralArea a;
    // maps_large.erl (erl 25): maps:keys of maps:from_list([{I, I * I} || I <- lists:seq(1, N)])
    std::vector<SWord> k33, k100, neg;
    for (SWord i = 1; i <= 33; ++i) k33.push_back(i);
    for (SWord i = 1; i <= 100; ++i) k100.push_back(i);
    for (SWord i = 1; i <= 50; ++i) neg.push_back(-i);
    CHECK(hamt_keys(int_map(a, k33)) == smalls({33, 12, 23, 29, 30, 26, 31, 11, 9,  32, 25, 28, 6,  13, 20, 15, 14,
                                                2,  7,  1,  8,  3,  17, 22, 21, 4,  24, 10, 27, 19, 5,  18, 16}));
    CHECK(hamt_keys(int_map(a, k100)) ==
          smalls({33, 12, 73, 44, 23, 29, 47, 89, 61, 30, 43, 39, 45, 48, 57, 26, 69, 88, 63, 100,
                  71, 46, 31, 98, 81, 11, 37, 9,  76, 32, 34, 25, 28, 85, 91, 64, 6,  72, 68, 86,
                  51, 80, 38, 13, 59, 40, 77, 95, 41, 20, 78, 15, 14, 60, 2,  7,  83, 74, 99, 1,
                  97, 8,  3,  75, 90, 58, 55, 17, 22, 52, 87, 21, 96, 4,  82, 36, 53, 50, 66, 24,
                  10, 35, 70, 56, 62, 49, 27, 84, 94, 92, 42, 19, 67, 93, 65, 5,  54, 18, 79, 16}));
    CHECK(hamt_keys(int_map(a, neg)) ==
          smalls({-33, -40, -10, -26, -42, -27, -39, -13, -15, -48, -38, -35, -2,  -29, -43, -5,  -18,
                  -20, -32, -23, -34, -14, -25, -41, -28, -6,  -12, -44, -17, -45, -47, -49, -3,  -21,
                  -30, -37, -50, -31, -1,  -16, -36, -7,  -9,  -8,  -24, -11, -22, -19, -4,  -46}));
    // "at 34": keys I * 7 for I in 1..34
    std::vector<SWord> k7;
    for (SWord i = 1; i <= 34; ++i) k7.push_back(i * 7);
    CHECK(hamt_keys(int_map(a, k7)) ==
          smalls({168, 175, 203, 63, 133, 98,  238, 28, 91, 224, 126, 77,  147, 14, 7,   140, 112,
                  196, 154, 189, 217, 21, 119, 35,  70, 56, 161, 105, 49,  84,  42, 182, 231, 210}));
}

TEST_CASE("internal hash follows erts' make_internal_hash rules", "[hash]") {
    LiteralArea a;
    // Immediates hash their raw word; depth salts differ.
    CHECK(map_key_hash(make_small(1), 0) == internal_hash(make_small(1), 0));
    CHECK(map_key_hash(make_small(1), 1) != map_key_hash(make_small(1), 0));
    // -0.0 and 0.0 are the same key.
    Word *f1 = a.alloc(kFloatWords), *f2 = a.alloc(kFloatWords);
    double z = 0.0, nz = -0.0;
    f1[0] = f2[0] = make_header(Subtag::Float, 1);
    std::memcpy(f1 + 1, &z, 8);
    std::memcpy(f2 + 1, &nz, 8);
    CHECK(internal_hash(make_boxed(f1), 0) == internal_hash(make_boxed(f2), 0));
    CHECK(phash2_hash(make_boxed(f1)) == phash2_hash(make_boxed(f2)));
    CHECK(phash_hash(make_boxed(f1)) == phash_hash(make_boxed(f2)));
}

TEST_CASE("HAMT order continues with the depth-1 hash when 32 bits collide", "[hash]") {
    // Pairs of small integers whose depth-0 map hashes are equal; erl 25 orders them
    // (maps:keys/1 of a 42-key map holding both) as listed.
    LiteralArea arena;
    const SWord pairs[][2] = {{40660, 59671}, {119693, 22575}, {167527, 121236}, {169647, 178740}};
    for (auto &pr : pairs) {
        Term a = make_small(pr[0]), b = make_small(pr[1]);
        INFO(pr[0] << " " << pr[1]);
        CHECK(map_key_hash(a, 0) == map_key_hash(b, 0));
        CHECK(map_key_hash(a, 1) != map_key_hash(b, 1));
        std::vector<SWord> keys{pr[0], pr[1]};
        for (SWord i = 1; i <= 40; ++i) keys.push_back(i);
        std::vector<Term> ks = hamt_keys(int_map(arena, keys));
        CHECK(position(ks, a) < position(ks, b));
    }
}
