// term_to_binary and binary_to_term in time slices (EtfBinaryJob, EtfDecodeJob): with any
// budget, and with the process collected between slices (which moves the term being
// encoded and the job's pending work), the result is exactly what one go gives.
#include "vm/binary.h"
#include "vm/etf_decode.h"
#include "vm/etf_encode.h"
#include "vm/gc.h"
#include "vm/literal_area.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <vector>

using namespace hamlet;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes u32be(uint32_t v) {
    return {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
}
void put(Bytes &b, const Bytes &more) {
    b.insert(b.end(), more.begin(), more.end());
}

class HeapSink final : public TermSink {
  public:
    explicit HeapSink(Process *p) : p_(p) {}
    Word *alloc(size_t words) override { return p_->alloc(words); }
    OffHeap &off_heap() override { return p_->off_heap; }

  private:
    Process *p_;
};

// A term with a bit of everything the encoder stacks up work for: a long list, nested
// tuples, a large map (HAMT) and small maps, binaries and bitstrings, floats, bignums,
// atoms and a local fun with an environment.
Bytes sample_term() {
    Bytes b{131, 104, 6};
    // a list of 3000 integers, improper tail
    put(b, {108});
    put(b, u32be(3000));
    for (uint32_t i = 0; i < 3000; ++i) {
        put(b, {98});
        put(b, u32be(i * 7919));
    }
    put(b, {100, 0, 4, 't', 'a', 'i', 'l'});
    // 500 nested 2-tuples {N, {N-1, ... {}}} with floats and bignums
    for (uint32_t i = 0; i < 500; ++i) {
        put(b,
            {104, 3, 70, 0x40, 0x09, 0x21, 0xF9, 0xF0, 0x1B, 0x86, 0x6E, 110, 9, uint8_t(i & 1)});
        for (int k = 0; k < 9; ++k)
            b.push_back(uint8_t(i + k));
    }
    put(b, {104, 0});
    // a map of 200 keys (a HAMT), values small maps
    put(b, {116});
    put(b, u32be(200));
    for (uint32_t i = 0; i < 200; ++i) {
        put(b, {98});
        put(b, u32be(i * 31));
        put(b, {116, 0, 0, 0, 1, 100, 0, 1, 'k', 97, uint8_t(i)});
    }
    // binaries: a large one and a bitstring
    put(b, {109});
    put(b, u32be(1000));
    for (int i = 0; i < 1000; ++i)
        b.push_back(uint8_t(i * 13));
    put(b, {77, 0, 0, 0, 3, 5, 1, 2, 0xF8});
    // a local fun with two free variables
    Bytes fun{112};
    Bytes body{2};
    put(body, Bytes(16, 0xAB));
    put(body, u32be(1));
    put(body, u32be(2));
    put(body, {100, 0, 6, 'n', 'o', 'm', 'o', 'd', 'x', 97, 1, 98});
    put(body, u32be(99999));
    put(body, {88, 100, 0, 13});
    for (char c : std::string("nonode@nohost"))
        body.push_back(uint8_t(c));
    put(body, u32be(5));
    put(body, u32be(0));
    put(body, u32be(0));
    put(body, {97, 1, 107, 0, 2, 'h', 'i'});
    put(fun, u32be(uint32_t(4 + body.size())));
    put(fun, body);
    put(b, fun);
    return b;
}

Term decode_on(Process *p, const Bytes &b) {
    HeapSink sink(p);
    EtfResult r = etf_decode(b.data(), b.size(), sink);
    REQUIRE(r.ok());
    return r.term;
}

Bytes binary_bytes(Term bin) {
    BitView v = bit_view(bin);
    REQUIRE(v.byte_aligned());
    return Bytes(v.bytes(), v.bytes() + v.byte_size());
}

// term_to_binary in slices of `budget`, collecting the process between slices.
Bytes encode_in_slices(Process *p, Term t, const EtfEncodeOptions &opts, int64_t budget,
                       int &slices) {
    EtfBinaryJob job(opts);
    Term roots[2] = {t, kNil}; // the term and the pending work: what the BIF's trap keeps
    Term result = kNonValue;
    slices = 0;
    for (;;) {
        ++slices;
        EtfBinaryJob::Step s = job.run(p, roots[0], roots[1], budget, &result);
        if (s == EtfBinaryJob::Step::Done) break;
        REQUIRE(s == EtfBinaryJob::Step::Yield);
        garbage_collect(p, 0, roots, 2);
    }
    roots[0] = result;
    garbage_collect(p, 0, roots, 1); // the result survives a collection too
    return binary_bytes(roots[0]);
}

} // namespace

TEST_CASE("etf in slices: term_to_binary gives the same bytes whatever the slices",
          "[etf][yield]") {
    auto p = std::make_unique<Process>();
    Bytes src = sample_term();
    Term t = decode_on(p.get(), src);
    std::vector<EtfEncodeOptions> options(6);
    options[1].compression = -1;
    options[2].compression = 1;
    options[3].minor_version = 0;
    options[4].deterministic = true;
    options[5].minor_version = 2;
    options[5].compression = 9;
    for (const EtfEncodeOptions &opts : options) {
        Bytes whole;
        REQUIRE(etf_encode(t, opts, whole) == EtfEncodeStatus::Ok);
        for (int64_t budget : {7, 97, 1000, 1 << 30}) {
            INFO("budget " << budget << " compression " << opts.compression << " minor "
                           << opts.minor_version);
            int slices = 0;
            Term roots[1] = {t};
            Bytes got = encode_in_slices(p.get(), roots[0], opts, budget, slices);
            CHECK(got == whole);
            if (budget < 1000) CHECK(slices > 10);
            if (budget == 1 << 30) CHECK(slices == 1);
            // The term moved with the collections: find it again for the next round.
            t = decode_on(p.get(), src);
        }
    }
}

TEST_CASE("etf in slices: binary_to_term gives the same term whatever the slices", "[etf][yield]") {
    Bytes plain = sample_term();
    std::vector<Bytes> inputs{plain};
    {
        Bytes packed;
        LiteralArea area;
        EtfResult r = etf_decode(plain.data(), plain.size(), area);
        REQUIRE(r.ok());
        EtfEncodeOptions opts;
        opts.compression = 6;
        REQUIRE(etf_encode(r.term, opts, packed) == EtfEncodeStatus::Ok);
        REQUIRE(packed[1] == 80);
        inputs.push_back(packed);
        Bytes trailing = plain;
        put(trailing, {1, 2, 3});
        inputs.push_back(trailing);
    }
    for (const Bytes &in : inputs) {
        LiteralArea ref_area;
        EtfResult ref = etf_decode(in.data(), in.size(), ref_area);
        REQUIRE(ref.ok());
        for (int64_t budget : {1, 5, 64, 4000}) {
            INFO("budget " << budget << " input " << in.size());
            EtfDecodeJob job(in.data(), in.size(), {});
            LiteralArea area;
            int slices = 0;
            EtfDecodeJob::Step s;
            do {
                ++slices;
                int64_t b = budget;
                s = job.run(b, &area);
            } while (s == EtfDecodeJob::Step::Yield || s == EtfDecodeJob::Step::Measured);
            REQUIRE(s == EtfDecodeJob::Step::Done);
            CHECK(compare_exact(job.result(), ref.term) == 0);
            CHECK(job.consumed() == ref.consumed);
            if (budget < 64) CHECK(slices > 10);
        }
    }
    // Errors are the same too, wherever they are found.
    for (size_t cut : {size_t(5), plain.size() / 2, plain.size() - 1}) {
        Bytes bad(plain.begin(), plain.begin() + ptrdiff_t(cut));
        EtfDecodeJob job(bad.data(), bad.size(), {});
        LiteralArea area;
        EtfDecodeJob::Step s;
        do {
            int64_t b = 3;
            s = job.run(b, &area);
        } while (s == EtfDecodeJob::Step::Yield || s == EtfDecodeJob::Step::Measured);
        CHECK(s == EtfDecodeJob::Step::Error);
        LiteralArea a2;
        CHECK(job.error() == etf_decode(bad.data(), bad.size(), a2).error);
    }
}

TEST_CASE("etf in slices: deflating in chunks gives zlib's one-shot stream", "[etf][yield]") {
    // Data that compresses to something, with a long period (zlib's window matters).
    auto p = std::make_unique<Process>();
    Term list = kNil;
    uint32_t x = 12345;
    for (int i = 0; i < 30000; ++i) {
        x = x * 1103515245 + 12345;
        list = make_cons(p.get(), make_small(SWord((x >> 16) % 1000)), list);
    }
    for (int level : {1, 6, 9}) {
        EtfEncodeOptions opts;
        opts.compression = level;
        Bytes whole;
        REQUIRE(etf_encode(list, opts, whole) == EtfEncodeStatus::Ok);
        REQUIRE(whole[1] == 80);
        int slices = 0;
        Bytes got = encode_in_slices(p.get(), list, opts, 1000, slices);
        CHECK(got == whole);
        CHECK(slices > 20);
        list = kNil; // collected: rebuild for the next level
        x = 12345;
        for (int i = 0; i < 30000; ++i) {
            x = x * 1103515245 + 12345;
            list = make_cons(p.get(), make_small(SWord((x >> 16) % 1000)), list);
        }
    }
}
