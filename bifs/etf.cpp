// External term format and hashing BIFs: term_to_binary/1,2, term_to_iovec/1,2,
// binary_to_term/1,2, external_size/1,2, phash/2, phash2/1,2.
#include "bifs/bif.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/etf_decode.h"
#include "vm/etf_encode.h"
#include "vm/term_build.h"
#include "vm/term_hash.h"

#include <vector>

namespace hamlet {
namespace {

Term atom_named(const char *text) { return *AtomTable::global().intern(text); }

struct EtfAtoms {
    Term compressed = atom_named("compressed");
    Term minor_version = atom_named("minor_version");
    Term deterministic = atom_named("deterministic");
    Term used = atom_named("used");
    Term safe = atom::safe;
};
const EtfAtoms &etf_atoms() {
    static const EtfAtoms atoms;
    return atoms;
}

bool is_pair_with(Term t, Term tag) {
    return is_tuple(t) && tuple_arity(t) == 2 && tuple_elements(t)[0] == tag;
}

// Options of term_to_binary/2 and term_to_iovec/2 (erts parse_t2b_opts without iovec and
// fragment, which only erts_debug accepts). Later options override earlier ones.
bool parse_t2b_options(Term opts, EtfEncodeOptions &out) {
    const EtfAtoms &a = etf_atoms();
    for (; is_list(opts); opts = cdr(opts)) {
        Term o = car(opts);
        if (o == a.compressed) {
            out.compression = -1; // Z_DEFAULT_COMPRESSION
        } else if (o == a.deterministic) {
            out.deterministic = true;
        } else if (is_pair_with(o, a.minor_version) && is_small(tuple_elements(o)[1])) {
            SWord v = small_value(tuple_elements(o)[1]);
            if (v < 0 || v > 2) return false;
            out.minor_version = int(v);
        } else if (is_pair_with(o, a.compressed) && is_small(tuple_elements(o)[1])) {
            SWord v = small_value(tuple_elements(o)[1]);
            if (v < 0 || v > 9) return false;
            out.compression = int(v);
        } else {
            return false;
        }
    }
    return is_nil(opts);
}

// A hash range argument: 1..2^32-1, or 2^32 (returned as 0: the full 32-bit range).
bool parse_range(Term t, uint32_t &range) {
    if (!is_small(t)) return false;
    SWord v = small_value(t);
    if (v == (SWord(1) << 32)) {
        range = 0;
        return true;
    }
    if (v <= 0 || v >= (SWord(1) << 32)) return false;
    range = uint32_t(v);
    return true;
}

// Decoded terms go straight onto the process heap (never collecting).
class ProcessSink final : public TermSink {
  public:
    explicit ProcessSink(Process *p) : p_(p) {}
    Word *alloc(size_t words) override { return p_->alloc(words); }
    OffHeap &off_heap() override { return p_->off_heap; }

  private:
    Process *p_;
};

Term do_binary_to_term(Process *p, Term bin, bool safe, bool used) {
    if (!is_binary(bin)) return p->badarg();
    BitView v = bit_view(bin);
    size_t size = v.byte_size();
    std::vector<uint8_t> copy;
    const uint8_t *data = v.bytes();
    if (!v.byte_aligned()) {
        copy.resize(size);
        const uint8_t *src = v.base + v.bit_offset / 8;
        unsigned shift = unsigned(v.bit_offset % 8);
        for (size_t i = 0; i < size; ++i) copy[i] = uint8_t(src[i] << shift | src[i + 1] >> (8 - shift));
        data = copy.data();
    }
    EtfOptions opts;
    opts.safe = safe;
    ProcessSink sink(p);
    EtfResult r = etf_decode(data, size, sink, opts);
    if (!r.ok()) return p->badarg();
    // Like erts, bytes after the term are ignored (binary_to_term/2 `used` reports them).
    if (!used) return r.term;
    return make_tuple(p, {r.term, make_uint64(p, r.consumed)});
}

Term size_result(Process *p, Term t, const EtfEncodeOptions &opts) {
    uint64_t size;
    EtfEncodeStatus s = etf_encoded_size(t, opts, size);
    if (s == EtfEncodeStatus::SystemLimit) return p->system_limit();
    if (s != EtfEncodeStatus::Ok) return p->badarg();
    return make_uint64(p, size);
}

} // namespace

Term bif_term_to_binary_1(Process *p, const Term *args) { return term_to_binary(p, args[0], {}); }

Term bif_term_to_binary_2(Process *p, const Term *args) {
    EtfEncodeOptions opts;
    if (!parse_t2b_options(args[1], opts)) return p->badarg();
    return term_to_binary(p, args[0], opts);
}

Term bif_term_to_iovec_1(Process *p, const Term *args) { return term_to_iovec(p, args[0], {}); }

Term bif_term_to_iovec_2(Process *p, const Term *args) {
    EtfEncodeOptions opts;
    if (!parse_t2b_options(args[1], opts)) return p->badarg();
    return term_to_iovec(p, args[0], opts);
}

Term bif_binary_to_term_1(Process *p, const Term *args) { return do_binary_to_term(p, args[0], false, false); }

Term bif_binary_to_term_2(Process *p, const Term *args) {
    const EtfAtoms &a = etf_atoms();
    bool safe = false, used = false;
    Term opts = args[1];
    for (; is_list(opts); opts = cdr(opts)) {
        Term o = car(opts);
        if (o == a.safe)
            safe = true;
        else if (o == a.used)
            used = true;
        else
            return p->badarg(); // erts: badarg with error_info cause badopt
    }
    if (!is_nil(opts)) return p->badarg();
    return do_binary_to_term(p, args[0], safe, used);
}

Term bif_external_size_1(Process *p, const Term *args) { return size_result(p, args[0], {}); }

Term bif_external_size_2(Process *p, const Term *args) {
    // Only {minor_version, 0 | 1} is accepted here (not 2, nor the term_to_binary options).
    EtfEncodeOptions opts;
    Term l = args[1];
    for (; is_list(l); l = cdr(l)) {
        Term o = car(l);
        if (!is_pair_with(o, etf_atoms().minor_version)) return p->badarg();
        Term v = tuple_elements(o)[1];
        if (v == make_small(0))
            opts.minor_version = 0;
        else if (v != make_small(1))
            return p->badarg();
    }
    if (!is_nil(l)) return p->badarg();
    return size_result(p, args[0], opts);
}

Term bif_phash_2(Process *p, const Term *args) {
    uint32_t range;
    if (!parse_range(args[1], range)) return p->badarg();
    uint32_t h = phash_hash(args[0]);
    if (range) return make_small(SWord(h % range) + 1);
    return make_small(SWord(h) + 1);
}

Term bif_phash2_1(Process *, const Term *args) { return make_small(SWord(phash2_hash(args[0]) & ((1u << 27) - 1))); }

Term bif_phash2_2(Process *p, const Term *args) {
    uint32_t range;
    if (!parse_range(args[1], range)) return p->badarg();
    uint32_t h = phash2_hash(args[0]);
    return make_small(SWord(range ? h % range : h));
}

} // namespace hamlet
