// Magic references (vm/magic_ref.h): the shared object lives exactly as long as some term
// refers to it, through garbage collections, copies into other heaps and process exit;
// and such a reference prints, compares and hashes like an ordinary one.
#include "vm/copy.h"
#include "vm/gc.h"
#include "vm/magic_ref.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"
#include "vm/term_print.h"

#include <catch2/catch.hpp>

#include <memory>

using namespace hamlet;

namespace {

struct Probe : MagicObject {
    int *alive;
    explicit Probe(int *counter) : alive(counter) { ++*alive; }
    ~Probe() override { --*alive; }
};

} // namespace

TEST_CASE("a magic reference keeps its object alive while a term refers to it") {
    int alive = 0;
    auto p = std::make_unique<Process>();
    auto *probe = new Probe(&alive);
    Term x[1] = {make_tuple(p.get(), {make_magic_ref(p.get(), probe), make_small(1)})};
    REQUIRE(alive == 1);
    CHECK(magic_cast<Probe>(tuple_elements(x[0])[0]) == probe);
    CHECK(magic_object(make_ref(p.get(), new_ref_id())) == nullptr);

    garbage_collect(p.get(), 0, x, 1); // live: survives, moves
    REQUIRE(alive == 1);
    Term ref = tuple_elements(x[0])[0];
    CHECK(magic_cast<Probe>(ref) == probe);

    // A copy in another heap (a message, an ETS object) holds its own reference.
    size_t words = copy_size(ref);
    auto block = std::make_unique<Word[]>(words);
    OffHeap elsewhere;
    Term copy = copy_term(ref, block.get(), elsewhere);
    CHECK(probe->refc.load() == 2);
    CHECK(compare_exact(copy, ref) == 0);

    garbage_collect(p.get(), 0, x, 0); // nothing live in the process any more
    CHECK(alive == 1);                 // the copy still refers to it
    elsewhere.release_all();
    CHECK(alive == 0);
}

TEST_CASE("process exit releases magic references on its heap and in fragments") {
    int alive = 0;
    {
        auto p = std::make_unique<Process>();
        make_magic_ref(p.get(), new Probe(&alive));
        p->alloc(1'000'000); // the next one lands in a heap fragment
        make_magic_ref(p.get(), new Probe(&alive));
        REQUIRE(alive == 2);
    }
    CHECK(alive == 0);
}

TEST_CASE("a magic reference is an ordinary reference to print and compare") {
    int alive = 0;
    auto p = std::make_unique<Process>();
    auto *probe = new Probe(&alive);
    Term magic = make_magic_ref(p.get(), probe);
    Term plain = make_ref(p.get(), probe->ref_number);
    CHECK(compare_exact(magic, plain) == 0);
    CHECK(display_text(magic) == display_text(plain));
}
