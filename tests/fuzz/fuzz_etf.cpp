// libFuzzer entry point for the external term format decoder: etf_decode() on arbitrary bytes
// must decode or report an error, never crash, hang, recurse without bound or allocate far
// more than the input justifies. A successful decode must also be reproducible: decoding
// just the consumed bytes, and decoding again with the `safe` option (every atom exists by
// then, export funs aside), must give a structurally identical term, which term_compare must
// find =:= and ==. Decoding in small time slices (EtfDecodeJob) must give the same term, or
// the same error; and the term must encode, and decode back to an =:= term.
// Seeds: tests/fuzz/corpus/etf/; run via tools/fuzz-smoke.sh.
#include "vm/binary.h"
#include "vm/etf_decode.h"
#include "vm/etf_encode.h"
#include "vm/literal_area.h"
#include "vm/map.h"
#include "vm/term_compare.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

using namespace hamlet;

namespace {

[[noreturn]] void die(const char *what, const std::string &detail = {}) {
    std::fprintf(stderr, "fuzz_etf: %s %s\n", what, detail.c_str());
    std::abort();
}

// Refuses allocations far beyond what the input could describe: the decoder measures
// before it allocates, so a term needs at most a few words per input byte (a compressed
// input may expand ~1032x). Besides the term's block, each map of more than 32 keys (at
// least 33 * 2 input bytes) gets one block for its trie nodes.
class BoundedSink final : public TermSink {
  public:
    explicit BoundedSink(size_t input_size)
        : limit_(64 + input_size * 1032 * 4), max_calls_(1 + input_size * 1032 / 66) {}
    Word *alloc(size_t words) override {
        total_ += words;
        if (total_ > 2 * limit_) die("allocations larger than the input justifies:", std::to_string(total_));
        ++calls_;
        if (calls_ > max_calls_) die("more allocations than maps in the input");
        return area_.alloc(words);
    }
    OffHeap &off_heap() override { return area_.off_heap(); }

  private:
    LiteralArea area_;
    size_t limit_, max_calls_;
    size_t calls_ = 0, total_ = 0;
};

// Structural identity of two decoded terms, iteratively (terms can be nested a million deep).
// Deliberately independent of vm/term_compare: this checks the decoder, not the comparison.
bool same_term(Term a, Term b) {
    std::vector<std::pair<Term, Term>> work{{a, b}};
    while (!work.empty()) {
        auto [x, y] = work.back();
        work.pop_back();
        if (x == y) continue;
        if ((x & tag::kPrimaryMask) != (y & tag::kPrimaryMask)) return false;
        if (is_list(x)) {
            work.push_back({cdr(x), cdr(y)});
            work.push_back({car(x), car(y)});
            continue;
        }
        if (!is_boxed(x)) return false; // different immediates
        const Word *p = boxed_ptr(x), *q = boxed_ptr(y);
        if (p[0] != q[0]) return false;
        Word n = header_arity(p[0]);
        switch (header_subtag(p[0])) {
        case Subtag::Tuple:
            for (Word i = 1; i <= n; ++i) work.push_back({p[i], q[i]});
            break;
        case Subtag::Export:
            for (Word i = 1; i <= 3; ++i) work.push_back({p[i], q[i]});
            break;
        case Subtag::Fun: // the same fun entry, creator and environment
            if (p[1] != q[1]) return false;
            for (Word i = 2; i <= n; ++i) work.push_back({p[i], q[i]});
            break;
        case Subtag::Map:
            if (p[1] != q[1]) return false;
            for (Word i = 2; i <= n; ++i) work.push_back({p[i], q[i]});
            break;
        case Subtag::HeapBin:
        case Subtag::RefcBin:
        case Subtag::SubBin: {
            BitView u = bit_view(x), v = bit_view(y);
            if (u.bit_size != v.bit_size) return false;
            for (size_t i = 0; i < u.bit_size; ++i) {
                size_t bu = u.bit_offset + i, bv = v.bit_offset + i;
                if (((u.base[bu / 8] >> (7 - bu % 8)) & 1) != ((v.base[bv / 8] >> (7 - bv % 8)) & 1)) return false;
            }
            break;
        }
        default: // numbers, external pids/ports/refs: flat words
            if (std::memcmp(p + 1, q + 1, n * sizeof(Word)) != 0) return false;
            break;
        }
    }
    return true;
}

} // namespace

static void check_slices(const uint8_t *data, size_t size, const EtfResult &whole);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    BoundedSink sink(size);
    EtfResult r = etf_decode(data, size, sink);
    check_slices(data, size, r);
    if (!r.ok()) {
        if (r.term != kNonValue) die("error with a term");
        return 0;
    }
    if (r.term == kNonValue || r.consumed == 0 || r.consumed > size) die("bad result");

    BoundedSink again_sink(r.consumed);
    EtfResult again = etf_decode(data, r.consumed, again_sink);
    if (!again.ok()) die("decoding only the consumed bytes failed:", again.error);
    if (again.consumed != r.consumed || !same_term(again.term, r.term)) die("decoding is not reproducible");
    // Two decodes of the same bytes are =:= and == (a check on vm/term_compare as well).
    if (compare_exact(again.term, r.term) != 0 || compare_terms(again.term, r.term) != 0)
        die("two decodes of the same bytes do not compare equal");

    EtfOptions safe;
    safe.safe = true;
    BoundedSink safe_sink(size);
    EtfResult s = etf_decode(data, size, safe_sink, safe);
    // safe also refuses export funs of functions that are not loaded (none are, here)
    if (!s.ok() && s.error.find("export fun") == std::string::npos)
        die("safe decoding of a term whose atoms all exist failed:", s.error);
    if (s.ok() && (s.consumed != r.consumed || !same_term(s.term, r.term))) die("safe decoding differs");

    std::vector<uint8_t> encoded;
    if (etf_encode(r.term, {}, encoded) != EtfEncodeStatus::Ok) die("a decoded term does not encode");
    LiteralArea back_area;
    EtfResult back = etf_decode(encoded.data(), encoded.size(), back_area);
    if (!back.ok()) die("term_to_binary's output does not decode:", back.error);
    if (back.consumed != encoded.size() || compare_exact(back.term, r.term) != 0)
        die("decode(encode(T)) is not T");
    return 0;
}

// Decoding in slices of a few units of work gives what one go gives.
static void check_slices(const uint8_t *data, size_t size, const EtfResult &whole) {
    EtfDecodeJob job(data, size, {});
    LiteralArea area;
    EtfDecodeJob::Step step;
    do {
        int64_t budget = 3;
        step = job.run(budget, &area);
    } while (step == EtfDecodeJob::Step::Yield || step == EtfDecodeJob::Step::Measured);
    if (whole.ok() != (step == EtfDecodeJob::Step::Done)) die("decoding in slices succeeds differently");
    if (!whole.ok()) {
        if (job.error() != whole.error) die("decoding in slices fails differently:", job.error());
        return;
    }
    if (job.consumed() != whole.consumed || !same_term(job.result(), whole.term))
        die("decoding in slices gives another term");
}
