// The generational collector (vm/gc.cpp): survivors of one collection are promoted to the old
// heap by the next, full sweeps empty the old heap, fullsweep_after bounds the minor
// collections, and whatever mix of collections, heap fragments, off-heap binaries and
// in-place tuple updates a process goes through, its live terms stay intact.
#include "vm/binary.h"
#include "vm/copy.h"
#include "vm/gc.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <vector>

using namespace hamlet;

namespace {

Term int_list(Process *p, int n) {
    Term l = kNil;
    for (int i = n; i > 0; --i)
        l = make_cons(p, make_small(i), l);
    return l;
}

size_t old_used(const Process &p) {
    return size_t(p.old_htop - p.old_heap);
}

// An independent copy of a term, outside any process heap, to compare with after collections.
struct Shadow {
    std::vector<Word> words;
    OffHeap off_heap;
    Term term = kNil;
    void set(Term t) {
        off_heap.release_all();
        words.assign(copy_size(t) + 1, 0);
        term = copy_term(t, words.data(), off_heap);
    }
    ~Shadow() { off_heap.release_all(); }
};

} // namespace

TEST_CASE("survivors are promoted by the second collection and a full sweep empties the old heap") {
    auto p = std::make_unique<Process>();
    Term x[1] = {int_list(p.get(), 1000)};
    garbage_collect(p.get(), 0, x, 1);
    CHECK(p->old_heap == nullptr); // survived once: still young, below the high-water mark
    CHECK(size_t(p->high_water - p->heap) >= 2000);
    CHECK(p->minor_gcs == 1);
    garbage_collect(p.get(), 0, x, 1);
    CHECK(old_used(*p) >= 2000); // survived twice: promoted
    CHECK(p->minor_gcs == 2);
    CHECK(is_list(x[0]));
    Word *cell = list_ptr(x[0]);
    CHECK((cell >= p->old_heap && cell < p->old_htop));

    garbage_collect(p.get(), 0, x, 1, GcKind::Full);
    CHECK(p->old_heap == nullptr);
    CHECK(p->minor_gcs == 0);
    Shadow s;
    s.set(int_list(p.get(), 1000));
    CHECK(compare_exact(x[0], s.term) == 0);
}

TEST_CASE("fullsweep_after bounds the minor collections; 0 makes every collection full") {
    for (uint32_t after : {0u, 1u, 3u}) {
        auto p = std::make_unique<Process>();
        p->fullsweep_after = after;
        Term x[1] = {int_list(p.get(), 300)};
        for (int i = 0; i < 20; ++i) {
            garbage_collect(p.get(), 0, x, 1);
            CHECK(p->minor_gcs <= after);
            if (after == 0) CHECK(p->old_heap == nullptr);
        }
    }
}

TEST_CASE("off-heap binaries are released by the collection that finds them dead, old or young") {
    auto p = std::make_unique<Process>();
    Binary *b = Binary::create(1000);
    b->retain(); // our own reference, to watch the count
    Term x[1] = {make_refc_bin(p->alloc(kRefcBinWords), b, p->off_heap)};
    garbage_collect(p.get(), 0, x, 1);
    garbage_collect(p.get(), 0, x, 1); // promoted: now on the old heap's list
    CHECK(p->old_off_heap.first != nullptr);
    CHECK(b->refc.load() == 2);
    garbage_collect(p.get(), 0, x, 0); // dead, but a minor collection does not look at old data
    CHECK(b->refc.load() == 2);
    garbage_collect(p.get(), 0, x, 0, GcKind::Full);
    CHECK(b->refc.load() == 1);
    b->release();
}

TEST_CASE("random work under every kind of collection keeps live terms intact") {
    std::mt19937 rng(12345);
    for (uint32_t after : {0u, 2u, 65535u}) {
        auto p = std::make_unique<Process>();
        p->fullsweep_after = after;
        constexpr unsigned kRoots = 8;
        Term x[kRoots];
        Shadow shadow[kRoots];
        for (unsigned i = 0; i < kRoots; ++i) {
            x[i] = make_small(i);
            shadow[i].set(x[i]);
        }
        for (int step = 0; step < 3000; ++step) {
            unsigned r = rng() % kRoots, other = rng() % kRoots;
            switch (rng() % 6) {
            case 0: // a list sharing another root as its tail
                x[r] = make_cons(p.get(), make_small(step), x[other]);
                break;
            case 1: // a tuple of two roots
                x[r] = make_tuple(p.get(), {x[other], x[r], make_small(step)});
                break;
            case 2: { // an off-heap binary
                Binary *b = Binary::create(100 + rng() % 1000);
                x[r] = make_tuple(p.get(),
                                  {make_refc_bin(p->alloc(kRefcBinWords), b, p->off_heap), x[r]});
                break;
            }
            case 3: // a big block: lands in a heap fragment when the heap is full
                x[r] = make_tuple(p.get(), {int_list(p.get(), 50 + int(rng() % 200)), x[other]});
                break;
            case 4: // an in-place update of a tuple that may have survived a collection (the
                    // compiler's set_tuple_element only updates young tuples)
                if (is_tuple(x[r]) && tuple_arity(x[r]) == 3 && boxed_ptr(x[r]) >= p->heap &&
                    boxed_ptr(x[r]) < p->htop) {
                    Term fresh = make_cons(p.get(), make_small(step), kNil);
                    tuple_elements(x[r])[2] = fresh;
                    if (other != r) x[other] = fresh;     // may be reached before the tuple
                    for (unsigned i = 0; i < kRoots; ++i) // other roots may share the tuple
                        shadow[i].set(x[i]);
                }
                break;
            case 5: {
                GcKind kind = rng() % 4 == 0 ? GcKind::Full : GcKind::Auto;
                garbage_collect(p.get(), rng() % 100, x, kRoots, kind);
                for (unsigned i = 0; i < kRoots; ++i)
                    REQUIRE(compare_exact(x[i], shadow[i].term) == 0);
                break;
            }
            }
            // Keep the terms from growing without bound (shared subterms make copies grow fast).
            if (rng() % 50 == 0 || copy_size(x[r]) > 5000) x[r] = make_small(step);
            shadow[r].set(x[r]);
        }
        garbage_collect(p.get(), 0, x, kRoots, GcKind::Full);
        for (unsigned i = 0; i < kRoots; ++i)
            REQUIRE(compare_exact(x[i], shadow[i].term) == 0);
    }
}
