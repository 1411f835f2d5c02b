// ETS storage and ownership, from C++: reference counts of binaries stored in tables,
// what ets_on_process_exit does, the BEAM's hash layout under growth and shrinking, and
// several threads using one table at once (run under ASan/TSan in the sanitizer builds).
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/ets_table.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

using namespace hamlet;

namespace {

Term list(Process *p, std::initializer_list<Term> items) {
    std::vector<Term> v(items);
    Term l = kNil;
    for (size_t i = v.size(); i-- > 0;)
        l = make_cons(p, v[i], l);
    return l;
}

Term new_table(Process *p, const char *name, std::initializer_list<Term> opts) {
    Term args[2] = {atom_of(name), list(p, opts)};
    Term t = ets_new_2(p, args);
    REQUIRE(t != kNonValue);
    return t;
}

size_t list_length(Term l) {
    size_t n = 0;
    for (; is_list(l); l = cdr(l))
        ++n;
    return n;
}

} // namespace

TEST_CASE("binaries stored in a table keep a reference until the object goes", "[ets]") {
    Process p;
    p.pid = make_local_pid(900001);
    Term t = new_table(&p, "ets_unit_bins", {});
    uint8_t *data;
    Term bin = make_binary(&p, 1000, &data);
    std::memset(data, 'x', 1000);
    Binary *b = reinterpret_cast<Binary *>(boxed_ptr(bin)[2]);
    REQUIRE(b->refc.load() == 1);
    Term ins[2] = {t, make_tuple(&p, {atom_of("k"), bin, make_tuple(&p, {bin})})};
    REQUIRE(ets_insert_2(&p, ins) == atom::true_);
    CHECK(b->refc.load() == 3); // the object holds the binary twice
    Term key[2] = {t, atom_of("k")};
    REQUIRE(ets_delete_2(&p, key) == atom::true_);
    CHECK(b->refc.load() == 1);
    REQUIRE(ets_insert_2(&p, ins) == atom::true_);
    CHECK(b->refc.load() == 3);
    Term del[1] = {t};
    REQUIRE(ets_delete_1(&p, del) == atom::true_);
    CHECK(b->refc.load() == 1);
}

TEST_CASE("a process's tables are deleted when it exits without a live heir", "[ets]") {
    Process owner, other;
    owner.pid = make_local_pid(900002);
    other.pid = make_local_pid(900003);
    Term mine = new_table(&owner, "ets_unit_mine", {atom_of("public")});
    Term theirs = new_table(&other, "ets_unit_theirs", {});
    // An heir that is not alive does not keep the table.
    Term heir =
        new_table(&owner, "ets_unit_heir",
                  {make_tuple(&owner, {atom_of("heir"), make_local_pid(900099), atom_of("data")})});
    Term fix[2] = {theirs, atom::true_};
    REQUIRE(ets_safe_fixtable_2(&owner, fix) == atom::true_);
    ets_on_process_exit(owner.pid);
    Term a[1] = {mine};
    CHECK(ets_info_1(&other, a) == atom::undefined);
    a[0] = heir;
    CHECK(ets_info_1(&other, a) == atom::undefined);
    Term fixed[2] = {theirs, atom_of("fixed")};
    CHECK(ets_info_2(&other, fixed) == atom::false_); // the exited process's fixation is gone
    a[0] = theirs;
    CHECK(ets_delete_1(&other, a) == atom::true_);
}

TEST_CASE("hash tables grow and shrink and keep every object", "[ets]") {
    Process p;
    p.pid = make_local_pid(900004);
    Term t = new_table(&p, "ets_unit_grow", {atom_of("bag")});
    for (int i = 0; i < 10000; ++i) {
        Term args[2] = {t, make_tuple(&p, {make_small(i % 5000), make_small(i)})};
        REQUIRE(ets_insert_2(&p, args) == atom::true_);
    }
    Term size[2] = {t, atom_of("size")};
    CHECK(ets_info_2(&p, size) == make_small(10000));
    for (int i = 0; i < 5000; i += 2) {
        Term args[2] = {t, make_small(i)};
        REQUIRE(ets_delete_2(&p, args) == atom::true_);
    }
    CHECK(ets_info_2(&p, size) == make_small(5000));
    for (int i = 1; i < 5000; i += 2) {
        Term args[2] = {t, make_small(i)};
        Term r = ets_lookup_2(&p, args);
        REQUIRE(list_length(r) == 2);
        CHECK(tuple_elements(car(r))[1] == make_small(i)); // oldest first
    }
    Term all[2] = {t, atom_of("_")};
    CHECK(list_length(ets_match_object_2(&p, all)) == 5000);
    Term del[1] = {t};
    ets_delete_1(&p, del);
}

TEST_CASE("threads share a public table", "[ets]") {
    Process creator;
    creator.pid = make_local_pid(900005);
    Term name = atom_of("ets_unit_shared");
    new_table(&creator, "ets_unit_shared", {atom_of("public"), atom_of("named_table")});
    {
        Term args[2] = {name, make_tuple(&creator, {atom_of("hits"), make_small(0)})};
        REQUIRE(ets_insert_2(&creator, args) == atom::true_);
    }
    constexpr int kThreads = 4, kRounds = 2000;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0}; // Catch2 assertions are not thread-safe: count, check later
    for (int n = 0; n < kThreads; ++n) {
        threads.emplace_back([n, name, &failures] {
            Process p;
            p.pid = make_local_pid(900100 + n);
            for (int i = 0; i < kRounds; ++i) {
                Term inc[3] = {name, atom_of("hits"), make_small(1)};
                if (ets_update_counter_3(&p, inc) == kNonValue) ++failures;
                Term ins[2] = {name, make_tuple(&p, {make_small(n * kRounds + i), make_small(n)})};
                if (ets_insert_2(&p, ins) != atom::true_) ++failures;
                Term look[2] = {name, make_small(n * kRounds + i / 2)};
                if (list_length(ets_lookup_2(&p, look)) != 1) ++failures;
            }
        });
    }
    for (auto &t : threads)
        t.join();
    CHECK(failures.load() == 0);
    Term look[3] = {name, atom_of("hits"), make_small(2)};
    CHECK(ets_lookup_element_3(&creator, look) == make_small(kThreads * kRounds));
    Term size[2] = {name, atom_of("size")};
    CHECK(ets_info_2(&creator, size) == make_small(kThreads * kRounds + 1));
    // A reader that still holds the table while it is deleted sees it as gone.
    auto held = ets_find_table(name);
    Term del[1] = {name};
    REQUIRE(ets_delete_1(&creator, del) == atom::true_);
    CHECK(held->deleted.load());
    CHECK(held->size() == 0);
}
