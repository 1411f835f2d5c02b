// Terms, atoms and term order.
#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/binary.h"
#include "vm/literal_area.h"
#include "vm/map.h"
#include "vm/term_compare.h"
#include "vm/term_dump.h"

#include <catch2/catch.hpp>
#include <vector>

using namespace hamlet;

namespace {
Term mk_atom(const char *s) { return *AtomTable::global().intern(s); }

Term flt(LiteralArea &a, double d) {
    Word *p = a.alloc(kFloatWords);
    p[0] = make_header(Subtag::Float, 1);
    std::memcpy(p + 1, &d, 8);
    return make_boxed(p);
}

Term big(LiteralArea &a, std::vector<Word> limbs, bool negative) {
    return make_integer(a.alloc(bignum_words(limbs.size())), limbs.data(), limbs.size(), negative);
}

Term tuple(LiteralArea &a, std::vector<Term> elems) {
    Word *p = a.alloc(1 + elems.size());
    p[0] = make_header(Subtag::Tuple, elems.size());
    for (size_t i = 0; i < elems.size(); ++i) p[1 + i] = elems[i];
    return make_boxed(p);
}

Term list(LiteralArea &a, std::vector<Term> elems, Term tail = kNil) {
    Term t = tail;
    for (size_t i = elems.size(); i-- > 0;) {
        Word *c = a.alloc(2);
        c[0] = elems[i];
        c[1] = t;
        t = make_list(c);
    }
    return t;
}

Term bin(LiteralArea &a, std::vector<uint8_t> bytes) {
    uint8_t *d;
    Term t = make_heap_bin(a.alloc(heap_bin_words(bytes.size())), bytes.size(), &d);
    if (!bytes.empty()) std::memcpy(d, bytes.data(), bytes.size()); // data() may be null
    return t;
}
} // namespace

TEST_CASE("small integers keep 60 bits with sign", "[term]") {
    CHECK(small_value(make_small(kMaxSmall)) == kMaxSmall);
    CHECK(small_value(make_small(kMinSmall)) == kMinSmall);
    CHECK(small_value(make_small(-1)) == -1);
    CHECK(fits_small(kMaxSmall));
    CHECK_FALSE(fits_small(kMaxSmall + 1));
    CHECK(is_small(make_small(0)));
    CHECK_FALSE(is_atom(make_small(0)));
    CHECK(is_nil(kNil));
    CHECK_FALSE(is_atom(kNil));
    CHECK(is_atom(atom::ok));
}

TEST_CASE("atom table interns once and checks text", "[atom]") {
    auto &tab = AtomTable::global();
    CHECK(atom::false_ == make_atom(0));
    CHECK(atom::true_ == make_atom(1));
    CHECK(tab.text(atom::nonode_nohost) == "nonode@nohost");
    Term a = mk_atom("hamlet_test_atom");
    CHECK(mk_atom("hamlet_test_atom") == a);
    CHECK(tab.find("hamlet_test_atom") == a);
    CHECK_FALSE(tab.find("hamlet_never_interned_atom").has_value());
    CHECK(tab.intern(std::string(255, 'x')).has_value());
    CHECK_FALSE(tab.intern(std::string(256, 'x')).has_value());
    // 255 two-byte characters are 510 bytes but still 255 characters.
    std::string wide;
    for (int i = 0; i < 255; ++i) wide += "\xC3\xA5";
    CHECK(tab.intern(wide).has_value());
    CHECK_FALSE(tab.intern("\xC3").has_value());         // truncated sequence
    CHECK_FALSE(tab.intern("\xC0\x80").has_value());     // overlong
    CHECK_FALSE(tab.intern("\xED\xA0\x80").has_value()); // surrogate
    CHECK(tab.intern_latin1("\xE5") == tab.intern("\xC3\xA5"));
}

TEST_CASE("bignums print in any base", "[bignum]") {
    LiteralArea a;
    CHECK(integer_to_string(make_small(-255), 16) == "-FF");
    CHECK(integer_to_string(make_small(kMinSmall)) == "-576460752303423488");
    CHECK(integer_to_string(big(a, {0, 1}, false)) == "18446744073709551616");
    CHECK(integer_to_string(big(a, {0, 1}, true), 16) == "-10000000000000000");
    // 2^59 does not fit a positive small; -2^59 does.
    Word m = Word(1) << 59;
    CHECK(is_bignum(big(a, {m}, false)));
    CHECK(is_small(big(a, {m}, true)));
}

TEST_CASE("term order between types", "[compare]") {
    LiteralArea a;
    // number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring
    Word *ref = a.alloc(4);
    ref[0] = make_header(Subtag::ExtRef, 3);
    ref[1] = atom::nonode_nohost, ref[2] = 0, ref[3] = 1;
    Word *exp = a.alloc(kExportWords);
    exp[0] = make_header(Subtag::Export, kExportWords - 1);
    exp[1] = mk_atom("lists"), exp[2] = mk_atom("map"), exp[3] = make_small(2), exp[4] = 0;
    Word *m = a.alloc(flatmap_words(0));
    m[0] = make_header(Subtag::Tuple, 0);
    m[1] = make_header(Subtag::Map, 2);
    m[2] = 0;
    m[3] = make_boxed(m);
    Term empty_map = make_boxed(m + 1);
    std::vector<Term> ordered = {make_small(1), mk_atom("abc"), make_boxed(ref), make_boxed(exp),
                                 make_local_port(1), make_local_pid(1), tuple(a, {}), empty_map,
                                 kNil, list(a, {mk_atom("a")}), bin(a, {1})};
    for (size_t i = 0; i < ordered.size(); ++i)
        for (size_t j = 0; j < ordered.size(); ++j) {
            INFO(i << " vs " << j);
            CHECK(compare_terms(ordered[i], ordered[j]) == (i < j ? -1 : i > j ? 1 : 0));
        }
}

TEST_CASE("numbers compare by value; exactly for map keys", "[compare]") {
    LiteralArea a;
    Term one = make_small(1), onef = flt(a, 1.0);
    CHECK(compare_terms(one, onef) == 0);
    CHECK(compare_exact(one, onef) < 0); // every integer before every float
    CHECK(compare_exact(make_small(2), onef) < 0);
    CHECK(compare_terms(make_small(2), onef) > 0);
    Term two64 = big(a, {0, 1}, false);
    CHECK(compare_terms(two64, flt(a, 18446744073709551616.0)) == 0);
    CHECK(compare_terms(two64, flt(a, 1.0e30)) < 0);
    CHECK(compare_terms(big(a, {0, 1}, true), make_small(kMinSmall)) < 0);
    CHECK(compare_terms(big(a, {0, 2}, false), two64) > 0);
    CHECK(compare_terms(big(a, {0, 2}, true), big(a, {0, 1}, true)) < 0);
    CHECK(compare_terms(flt(a, 0.0), flt(a, -0.0)) == 0); // OTP 25: 0.0 =:= -0.0
}

TEST_CASE("atoms, tuples, lists and bitstrings order", "[compare]") {
    LiteralArea a;
    // 'B' < a < aa < b < 'å'
    std::vector<Term> atoms = {mk_atom("B"), mk_atom("a"), mk_atom("aa"), mk_atom("b"), mk_atom("\xC3\xA5")};
    for (size_t i = 0; i + 1 < atoms.size(); ++i) CHECK(compare_terms(atoms[i], atoms[i + 1]) < 0);
    // {b} < {z} < {a,a}
    CHECK(compare_terms(tuple(a, {mk_atom("b")}), tuple(a, {mk_atom("z")})) < 0);
    CHECK(compare_terms(tuple(a, {mk_atom("z")}), tuple(a, {mk_atom("a"), mk_atom("a")})) < 0);
    // [1|2] < [1] < [1,2] < [2]
    Term l1 = list(a, {make_small(1)}, make_small(2)), l2 = list(a, {make_small(1)}),
         l3 = list(a, {make_small(1), make_small(2)}), l4 = list(a, {make_small(2)});
    CHECK(compare_terms(l1, l2) < 0);
    CHECK(compare_terms(l2, l3) < 0);
    CHECK(compare_terms(l3, l4) < 0);
    // <<>> < <<0:2>> < <<0,0>> < <<1>> < <<1:1>> < <<128>>
    Term b0 = bin(a, {}), b00 = bin(a, {0, 0}), b1 = bin(a, {1}), b128 = bin(a, {128});
    Term bits2 = make_sub_bin(a.alloc(kSubBinWords), bin(a, {0}), 0, 2);
    Term bit1 = make_sub_bin(a.alloc(kSubBinWords), bin(a, {0x80}), 0, 1);
    std::vector<Term> bits = {b0, bits2, b00, b1, bit1, b128};
    for (size_t i = 0; i + 1 < bits.size(); ++i) {
        INFO(i);
        CHECK(compare_terms(bits[i], bits[i + 1]) < 0);
    }
    CHECK(dump_term(bit1) == "<<80:1>>");
}

TEST_CASE("comparing very long and deep terms does not recurse", "[compare]") {
    LiteralArea a;
    std::vector<Term> elems(200000, make_small(7));
    Term x = list(a, elems), y = list(a, elems);
    CHECK(compare_terms(x, y) == 0);
    Term dx = kNil, dy = kNil;
    for (int i = 0; i < 200000; ++i) {
        dx = list(a, {dx});
        dy = list(a, {dy});
    }
    CHECK(compare_terms(dx, dy) == 0);
}
