// HAMT nodes (vm/hamt.h): the trie shapes erl 25 builds, kept by every operation.
//
// The expected shapes come from erl 25 by walking erts_internal:map_hashmap_children/1:
// a node prints as [child, ...] in slot order, a leaf as its key.
#include "vm/atom_table.h"
#include "vm/hamt.h"
#include "vm/map.h"
#include "vm/map_ops.h"
#include "vm/process.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"
#include "vm/term_hash.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace hamlet;

namespace {

// Keys here are small integers, or tuples and lists of them, printed as erl's ~w does.
std::string key_text(Term k) {
    if (is_small(k)) return std::to_string(small_value(k));
    std::string s;
    if (is_tuple(k)) {
        s = "{";
        for (Word i = 0; i < tuple_arity(k); ++i) s += (i ? "," : "") + key_text(tuple_elements(k)[i]);
        return s + "}";
    }
    s = "[";
    for (bool first = true; is_list(k); k = cdr(k), first = false) s += (first ? "" : ",") + key_text(car(k));
    return s + "]";
}

std::string shape(Term node) {
    std::string s = "[";
    const Word *n = boxed_ptr(node);
    for (unsigned i = 0; i < hamt_node_count(n); ++i) {
        Term c = hamt_node_children(n)[i];
        s += (i ? "," : "") + (is_list(c) ? key_text(car(c)) : shape(c));
    }
    return s + "]";
}

// Like shape(), with every node's bitmap: two tries print the same iff they are identical.
std::string exact_shape(Term node) {
    const Word *n = boxed_ptr(node);
    std::string s = std::to_string(hamt_node_bitmap(n)) + "[";
    for (unsigned i = 0; i < hamt_node_count(n); ++i) {
        Term c = hamt_node_children(n)[i];
        s += (i ? "," : "") + (is_list(c) ? key_text(car(c)) : exact_shape(c));
    }
    return s + "]";
}

unsigned nibble(Term key, unsigned level) { return (map_key_hash(key, level / 8) >> (4 * (level % 8))) & 0xF; }

// Checks the trie under node (at `level`) and returns how many keys it holds.
size_t check_node(Term node, unsigned level, std::vector<unsigned> &path) {
    const Word *n = boxed_ptr(node);
    REQUIRE(is_map(node));
    REQUIRE(hamt_node_is_head(n) == (level == 0));
    unsigned bitmap = hamt_node_bitmap(n), count = hamt_node_count(n);
    REQUIRE(header_arity(n[0]) == 1 + count);
    size_t keys = 0;
    unsigned slot = 0;
    for (unsigned i = 0; i < count; ++i, ++slot) {
        while (!(bitmap & (1u << slot))) ++slot;
        Term c = hamt_node_children(n)[i];
        path.push_back(slot);
        if (is_list(c)) {
            for (unsigned l = 0; l < path.size(); ++l) REQUIRE(nibble(car(c), l) == path[l]);
            ++keys;
        } else {
            keys += check_node(c, level + 1, path);
        }
        path.pop_back();
    }
    if (level > 0) {
        // Canonical: an inner node covers at least two keys, and a lone child is a node.
        REQUIRE(keys >= 2);
        if (count == 1) REQUIRE(!is_list(hamt_node_children(n)[0]));
    }
    return keys;
}

void check_trie(Term map) {
    REQUIRE(is_hamt(map));
    std::vector<unsigned> path;
    CHECK(check_node(map, 0, path) == map_size(map));
}

std::vector<std::pair<Term, Term>> int_pairs(const std::vector<SWord> &keys) {
    std::vector<std::pair<Term, Term>> pairs;
    for (SWord k : keys) pairs.push_back({make_small(k), make_small(k)});
    return pairs;
}

std::vector<SWord> range(SWord from, SWord to) {
    std::vector<SWord> v;
    for (SWord i = from; i <= to; ++i) v.push_back(i);
    return v;
}

Term put(Process &p, Term map, Term k, Term v) {
    Term kv[2] = {k, v};
    return map_update(&p, map, kv, 1, false, nullptr);
}

Term empty_map(Process &p) { return make_map(&p, {}); }

const char *const kShape40 = "[[16,18,5],[19,27],[35,[10,24],36],[4,21],[22,17],[3,8,1],[7,2,14,15,20],[40,[13,38]],6,"
                             "[28,25,34],[32,9,37,11],31,26,[39,30,[29,23]],[12,33]]";
const char *const kShape100 =
    "[[16,79,[18,54],5],[65,93,67,[19,42],92,[94,84],27],[49,62],[56,[70,35],[10,24],66,[50,53],36,82],[4,96,"
    "21,87],[52,22,17,55,58],[[90,75,3],8,97,1,99,74,83],[7,2,60,14,15,78,20],[41,[95,77],[[40,59]],[13,38],[80,"
    "51],86,68,72],[6,64,91],[85,28,25,34],[32,[76,9],37,11,81,98],[31,46,71,100,63],[88,69,26,57],[48,45,39,[["
    "43,30]],61,[89,47,29,23]],[44,73,12,33]]";

} // namespace

TEST_CASE("HAMT shapes built from many keys match erl 25", "[hamt]") {
    Process p;
    Term m40 = make_map(&p, int_pairs(range(1, 40)));
    check_trie(m40);
    CHECK(shape(m40) == kShape40);
    Term m100 = make_map(&p, int_pairs(range(1, 100)));
    check_trie(m100);
    CHECK(shape(m100) == kShape100);

    // 40660 and 59671 have equal depth-0 hashes: one-child nodes down to level 8.
    std::vector<SWord> collide = {40660, 59671};
    for (SWord i = 1; i <= 40; ++i) collide.push_back(i);
    Term mc = make_map(&p, int_pairs(collide));
    check_trie(mc);
    CHECK(shape(mc) == "[[16,18,5],[19,27],[35,[10,24],36],[4,21],[22,17],[3,8,1],[7,2,14,15,20],[40,[13,38]],6,"
                       "[28,25,34],[32,9,37,11],[31,[[[[[[[59671,40660]]]]]]]],26,[39,30,[29,23]],[12,33]]");
    Term removed = map_remove(&p, mc, make_small(40660));
    check_trie(removed);
    CHECK(shape(removed) == "[[16,18,5],[19,27],[35,[10,24],36],[4,21],[22,17],[3,8,1],[7,2,14,15,20],[40,[13,38]],"
                            "6,[28,25,34],[32,9,37,11],[31,59671],26,[39,30,[29,23]],[12,33]]");

    // {I, "k"} keys: tuples with a string.
    std::vector<std::pair<Term, Term>> tuples;
    for (SWord i = 1; i <= 50; ++i) tuples.push_back({make_tuple(&p, {make_small(i), make_string(&p, "k")}), kNil});
    Term mt = make_map(&p, tuples);
    check_trie(mt);
    CHECK(shape(mt) ==
          "[[{39,[107]},{3,[107]},{34,[107]}],{2,[107]},[{14,[107]},{28,[107]},{37,[107]}],[{38,[107]},{32,[107]},"
          "{45,[107]}],[{30,[107]},{7,[107]},{4,[107]}],[{6,[107]},{35,[107]}],[{8,[107]},{26,[107]}],[[{33,[107]},"
          "{29,[107]}],{47,[107]},{42,[107]}],[{17,[107]},{27,[107]},{36,[107]},{40,[107]}],[{1,[107]},{19,[107]},"
          "{43,[107]}],[{22,[107]},{24,[107]},{50,[107]},{15,[107]}],[{48,[107]},{21,[107]},{20,[107]}],[{46,[107]},"
          "{25,[107]},{41,[107]},{44,[107]},[{11,[107]},{18,[107]}]],{16,[107]},[{49,[107]},{10,[107]},{5,[107]}],"
          "[{23,[107]},{31,[107]},[{13,[107]},{12,[107]}],{9,[107]}]]");
}

TEST_CASE("HAMT: inserting one key at a time gives the same trie in any order", "[hamt]") {
    Process p;
    std::vector<SWord> keys = range(1, 100);
    keys.push_back(40660);
    keys.push_back(59671);
    std::string expected = exact_shape(make_map(&p, int_pairs(keys)));
    std::mt19937 rng(7);
    for (int round = 0; round < 4; ++round) {
        if (round == 1) std::reverse(keys.begin(), keys.end());
        if (round >= 2) std::shuffle(keys.begin(), keys.end(), rng);
        Term m = empty_map(p);
        for (SWord k : keys) {
            m = put(p, m, make_small(k), make_small(k));
            CHECK(is_flatmap(m) == (map_size(m) <= kMaxFlatmapSize));
        }
        check_trie(m);
        CHECK(exact_shape(m) == expected);
    }
}

TEST_CASE("HAMT: removals collapse the trie as erl does, down to any size", "[hamt]") {
    Process p;
    Term m100 = make_map(&p, int_pairs(range(1, 100)));
    Term m = m100;
    for (SWord k = 1; k <= 60; ++k) m = map_remove(&p, m, make_small(k));
    check_trie(m);
    CHECK(shape(m) == "[79,[65,93,67,92,[94,84]],62,[70,66,82],[96,87],[[90,75],97,99,74,83],78,[[95,77],80,86,68,"
                      "72],[64,91],85,[76,81,98],[71,100,63],[88,69],[61,89],73]");

    // hamt_remove itself works at every size; each result equals a fresh build.
    std::vector<SWord> keys = range(1, 300);
    std::shuffle(keys.begin(), keys.end(), std::mt19937(11));
    std::vector<Term> leaves;
    for (SWord k : keys) leaves.push_back(make_cons(&p, make_small(k), make_small(-k)));
    Term t = hamt_from_leaves(&p, leaves.data(), leaves.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        Term v = kNonValue;
        Term r = hamt_remove(&p, t, make_small(keys[i]), &v);
        REQUIRE(r != kNonValue);
        CHECK(v == make_small(-keys[i]));
        CHECK(hamt_remove(&p, r, make_small(keys[i])) == kNonValue);
        t = r;
        if (map_size(t) > 0) check_trie(t);
        Term fresh = hamt_from_leaves(&p, leaves.data() + i + 1, leaves.size() - i - 1);
        REQUIRE(exact_shape(t) == exact_shape(fresh));
    }
    CHECK(map_size(t) == 0);
}

TEST_CASE("HAMT: lookups, updates and sharing", "[hamt]") {
    Process p;
    Term m = make_map(&p, int_pairs(range(1, 1000)));
    check_trie(m);
    for (SWord k = 1; k <= 1000; ++k) {
        const Term *v = map_lookup(m, make_small(k));
        REQUIRE(v);
        CHECK(*v == make_small(k));
    }
    CHECK(map_lookup(m, make_small(0)) == nullptr);
    CHECK(map_lookup(m, make_small(1001)) == nullptr);
    CHECK(map_lookup(m, make_float(&p, 5.0)) == nullptr); // 5.0 is not the key 5

    // Same value: the same map. Update of a missing key: kNonValue.
    CHECK(hamt_put(&p, m, make_small(5), make_small(5), HamtPut::Put) == m);
    CHECK(hamt_put(&p, m, make_small(5000), kNil, HamtPut::Update) == kNonValue);
    CHECK(hamt_put(&p, m, make_small(5), kNil, HamtPut::IfAbsent) == m);
    Term u = hamt_put(&p, m, make_small(5), kNil, HamtPut::Update);
    CHECK(map_size(u) == 1000);
    CHECK(*map_lookup(u, make_small(5)) == kNil);
    CHECK(*map_lookup(m, make_small(5)) == make_small(5)); // the original is unchanged
    CHECK(exact_shape(u) == exact_shape(m));

    // Iteration visits every key once, in slot order; maps:keys order is its reverse.
    MapIterator it(m);
    Term k, v;
    std::vector<SWord> seen;
    while (it.next(k, v)) seen.push_back(small_value(k));
    CHECK(seen.size() == 1000);
    std::sort(seen.begin(), seen.end());
    CHECK(seen == range(1, 1000));
}

TEST_CASE("HAMT: building rejects or replaces equal keys", "[hamt]") {
    Process p;
    std::vector<Term> leaves;
    for (SWord k = 1; k <= 40; ++k) leaves.push_back(make_cons(&p, make_small(k), make_small(k)));
    leaves.push_back(make_cons(&p, make_small(7), atom::ok));
    HamtBuilder b;
    CHECK_FALSE(b.plan(leaves.data(), leaves.size(), HamtBuilder::Duplicates::Reject));
    REQUIRE(b.plan(leaves.data(), leaves.size(), HamtBuilder::Duplicates::KeepLast));
    CHECK(b.size() == 40);
    Term m = hamt_from_leaves(&p, leaves.data(), leaves.size());
    CHECK(*map_lookup(m, make_small(7)) == atom::ok);
    CHECK(shape(m) == kShape40);
    // Many copies of one key (a long run of equal hashes) leave one.
    std::vector<Term> same(5000, make_cons(&p, make_small(1), kNil));
    same.push_back(make_cons(&p, make_small(1), atom::ok));
    std::vector<std::pair<Term, Term>> pairs;
    for (Term l : same) pairs.push_back({car(l), cdr(l)});
    Term m1 = make_map(&p, pairs);
    CHECK(is_flatmap(m1));
    CHECK(map_size(m1) == 1);
    CHECK(*map_lookup(m1, make_small(1)) == atom::ok);
}

TEST_CASE("HAMT: merges keep the canonical trie", "[hamt]") {
    Process p;
    Term a = make_map(&p, int_pairs(range(1, 200)));
    Term b = make_map(&p, int_pairs(range(150, 400)));
    Term small = make_map(&p, int_pairs(range(390, 410)));
    for (auto [x, y] : {std::pair{a, b}, {b, a}, {a, small}, {small, a}, {b, small}}) {
        Term m = map_merge(&p, x, y);
        check_trie(m);
        // The same keys inserted one by one.
        Term ref = x;
        MapIterator it(y);
        Term k, v;
        while (it.next(k, v)) ref = put(p, ref, k, v);
        CHECK(exact_shape(m) == exact_shape(ref));
        CHECK(compare_exact(m, ref) == 0);
    }
}
