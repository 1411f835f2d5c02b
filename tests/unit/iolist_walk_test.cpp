// The resumable iolist walk (vm/iolist.h) behind list_to_binary & co: stopped after every
// few units of work, saved as a term, garbage-collected in between (as a yielding BIF's
// trap arguments could be) and resumed, it measures and copies exactly what a walk in one
// go does, including binaries copied in several pieces and bitstrings at odd bit offsets.
#include "vm/atom_table.h"
#include "vm/bits.h"
#include "vm/gc.h"
#include "vm/iolist.h"
#include "vm/term_build.h"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

using namespace hamlet;

namespace {

// A binary of n bytes b, b+1, ...
Term bytes_bin(Process *p, size_t n, uint8_t b) {
    std::vector<uint8_t> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = uint8_t(b + i);
    return make_binary(p, v.data(), n);
}

// [1, <<heap>>, [[], [2 | <<refc>>]], <<unaligned sub binary>>, [[[3]]] | <<tail>>]
Term sample_iolist(Process *p) {
    Term heap = bytes_bin(p, 10, 40);
    Term refc = bytes_bin(p, 3000, 7);
    Term big = bytes_bin(p, 200, 100);
    Term sub = make_sub_binary(p, big, 3, 8 * 150); // starts 3 bits in
    Term tail = bytes_bin(p, 70, 200);
    Term inner = make_cons(p, kNil, make_cons(p, make_cons(p, make_small(2), refc), kNil));
    Term deep = make_cons(p, make_cons(p, make_cons(p, make_small(3), kNil), kNil), kNil);
    return make_cons(
        p, make_small(1),
        make_cons(p, heap, make_cons(p, inner, make_cons(p, sub, make_cons(p, deep, tail)))));
}

// Walks `whole` with `budget` units per slice; between slices the walk is saved and a
// collection moves everything (whole too, so it is updated). Returns the bytes.
std::string sliced_copy(Process *p, Term &whole, int64_t per_slice, bool allow_bits,
                        uint64_t *bits_out) {
    Term x[3];
    // Measure.
    uint64_t bits = 0;
    Term saved = kNonValue;
    for (;;) {
        IolistWalk w(saved == kNonValue ? whole : saved, saved != kNonValue);
        int64_t budget = per_slice;
        auto s = w.measure(allow_bits, budget, bits);
        REQUIRE(s != IolistWalk::Status::NotIolist);
        if (s == IolistWalk::Status::Done) break;
        x[0] = w.save(p);
        x[1] = whole;
        garbage_collect(p, 0, x, 2);
        saved = x[0];
        whole = x[1];
    }
    *bits_out = bits;
    // Copy into a binary that the collections move too when it is on the heap.
    uint8_t *data;
    size_t bytes = size_t((bits + 7) / 8);
    Term result = make_binary(p, bytes, &data);
    if (bytes) data[bytes - 1] = 0;
    uint64_t pos = 0, partial = 0;
    saved = kNonValue;
    for (;;) {
        IolistWalk w(saved == kNonValue ? whole : saved, saved != kNonValue);
        int64_t budget = per_slice;
        auto s =
            w.copy(allow_bits, budget, const_cast<uint8_t *>(bit_view(result).base), pos, partial);
        REQUIRE(s != IolistWalk::Status::NotIolist);
        if (s == IolistWalk::Status::Done) break;
        x[0] = w.save(p);
        x[1] = whole;
        x[2] = result;
        garbage_collect(p, 0, x, 3);
        saved = x[0];
        whole = x[1];
        result = x[2];
    }
    REQUIRE(pos == bits);
    const uint8_t *r = bit_view(result).base;
    return std::string(reinterpret_cast<const char *>(r), bytes);
}

} // namespace

TEST_CASE("an iolist walked in slices, collected in between, gives the bytes of one walk") {
    auto p = std::make_unique<Process>();
    Term whole = sample_iolist(p.get());
    std::string expected;
    // Not an iolist as such (the sub binary is not byte-aligned, which iolist_to_bytes
    // handles byte by byte): compare with its bytes.
    REQUIRE(iolist_to_bytes(whole, expected));
    for (int64_t per_slice : {1, 2, 3, 7, 64, 100000}) {
        uint64_t bits;
        std::string got = sliced_copy(p.get(), whole, per_slice, false, &bits);
        CAPTURE(per_slice);
        REQUIRE(bits == expected.size() * 8);
        REQUIRE(got == expected);
    }
}

TEST_CASE("a bitstring list walked in slices keeps every bit") {
    auto p = std::make_unique<Process>();
    // [<<5:3>>, 255, <<big, 1:1>> | <<6:5>>] with a 3000-byte binary in the middle
    Term big = bytes_bin(p.get(), 3000, 9);
    Term odd = make_sub_binary(p.get(), big, 5, 8 * 2000 + 1);
    uint8_t three = 5 << 5, five = 6 << 3;
    Term a = make_sub_binary(p.get(), make_binary(p.get(), &three, 1), 0, 3);
    Term tail = make_sub_binary(p.get(), make_binary(p.get(), &five, 1), 0, 5);
    Term l =
        make_cons(p.get(), a, make_cons(p.get(), make_small(255), make_cons(p.get(), odd, tail)));
    // The expected bits, appended one by one.
    std::vector<uint8_t> want((3 + 8 + 16001 + 5 + 7) / 8, 0);
    size_t at = 0;
    auto append = [&](Term bits) {
        BitView v = bit_view(bits);
        copy_bits(want.data(), at, v.base, v.bit_offset, v.bit_size);
        at += v.bit_size;
    };
    append(a);
    uint8_t ff = 255;
    copy_bits(want.data(), at, &ff, 0, 8);
    at += 8;
    append(odd);
    append(tail);
    std::string expected(reinterpret_cast<const char *>(want.data()), want.size());
    for (int64_t per_slice : {1, 5, 64, 100000}) {
        uint64_t bits;
        std::string got = sliced_copy(p.get(), l, per_slice, true, &bits);
        CAPTURE(per_slice);
        REQUIRE(bits == at);
        REQUIRE(got == expected);
    }
}

TEST_CASE("a walk reports what is not an iolist, wherever it is") {
    auto p = std::make_unique<Process>();
    Term bad =
        make_cons(p.get(), sample_iolist(p.get()), make_cons(p.get(), make_small(256), kNil));
    IolistWalk w(bad, false);
    int64_t budget = 1000000;
    uint64_t bits = 0;
    REQUIRE(w.measure(false, budget, bits) == IolistWalk::Status::NotIolist);
    Term tail = make_cons(p.get(), make_small(1), atom::true_);
    IolistWalk w2(tail, false);
    REQUIRE(w2.measure(false, budget, bits) == IolistWalk::Status::NotIolist);
}
