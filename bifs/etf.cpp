// External term format and hashing BIFs: term_to_binary/1,2, term_to_iovec/1,2,
// binary_to_term/1,2, external_size/1,2, phash/2, phash2/1,2. term_to_binary and
// binary_to_term yield between time slices on large terms, as on the BEAM.
#include "bifs/bif.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/etf_decode.h"
#include "vm/etf_encode.h"
#include "vm/magic_ref.h"
#include "vm/module.h"
#include "vm/term_build.h"
#include "vm/term_hash.h"

#include <memory>
#include <vector>

namespace hamlet {
namespace {

struct EtfAtoms {
    Term compressed = atom_of("compressed");
    Term minor_version = atom_of("minor_version");
    Term deterministic = atom_of("deterministic");
    Term used = atom_of("used");
    Term badopt = atom_of("badopt");
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

// A term decoded over several time slices is built here, in memory no collection of the
// process touches, and handed to the process as heap fragments once it is complete (as a
// message joins its receiver's heap).
class FragmentSink final : public TermSink {
  public:
    FragmentSink() = default;
    FragmentSink(const FragmentSink &) = delete;
    FragmentSink &operator=(const FragmentSink &) = delete;
    ~FragmentSink() {
        off_heap_.release_all();
        while (fragments_) {
            HeapFragment *f = fragments_;
            fragments_ = f->next;
            HeapFragment::destroy(f);
        }
    }
    Word *alloc(size_t words) override {
        HeapFragment *f = HeapFragment::create(words);
        f->used = words;
        f->next = fragments_;
        fragments_ = f;
        return f->data;
    }
    OffHeap &off_heap() override { return off_heap_; }

    void hand_over(Process *p) {
        while (fragments_) {
            HeapFragment *f = fragments_;
            fragments_ = f->next;
            f->next = p->fragments;
            p->fragments = f;
            p->add_fragment_words(f->size);
        }
        for (Word *h = off_heap_.first; h;) {
            Word *next = reinterpret_cast<Word *>(off_heap_link(h, h[0]));
            if (header_subtag(h[0]) == Subtag::RefcBin) p->add_binary_vheap(h[1]); // its byte size
            p->off_heap.link(h);
            h = next;
        }
        off_heap_.first = nullptr;
    }

  private:
    HeapFragment *fragments_ = nullptr;
    OffHeap off_heap_;
};

// ---- trapping: term_to_binary and binary_to_term on large terms -------------------------------
//
// Like the BEAM's, these BIFs work for one time slice (kEtfSliceUnits) and then yield. The
// BIF traps to itself with its first argument replaced by {Ref, Original, Pending}: Ref is a
// magic reference to the job's C++ state (only this BIF makes such objects, so no other
// term can be mistaken for a continuation), Original is the argument the caller passed (kept
// for the collector, and put back in the arguments when the job fails, so the exception
// names the call as it was made), Pending is the encoder's pending work (vm/etf_encode.h).
// Other arguments are passed on unchanged.

struct T2BState final : MagicObject {
    explicit T2BState(const EtfEncodeOptions &opts) : job(std::make_unique<EtfBinaryJob>(opts)) {}
    std::unique_ptr<EtfBinaryJob> job;
    Term owner = kNonValue;
};

struct B2TState final : MagicObject {
    ~B2TState() {
        job.reset();
        if (bin) bin->release();
    }
    Binary *bin = nullptr;     // the input's off-heap data (held), or
    std::vector<uint8_t> copy; // a copy of it
    std::unique_ptr<EtfDecodeJob> job;
    std::unique_ptr<FragmentSink> fragments; // when building over several slices
    bool used = false;
    Term owner = kNonValue;
};

// The state of the job a continuation tuple names, if args[0] is one made for p.
template <class State> State *continuation(Process *p, Term arg, Term &original, Term &pending) {
    if (!is_tuple(arg) || tuple_arity(arg) != 3) return nullptr;
    const Term *e = tuple_elements(arg);
    auto *s = magic_cast<State>(e[0]);
    if (!s || !s->job || s->owner != p->pid) return nullptr;
    original = e[1];
    pending = e[2];
    return s;
}

// Gives up the scheduler and calls erlang:Name/Arity again with {Ref, Original, Pending}.
Term continue_later(Process *p, const char *name, unsigned arity, Term ref, Term original,
                    Term pending, Term second) {
    Export *e = ExportTable::global().get(atom::erlang, atom_of(name), arity);
    Term first = make_tuple(p, {ref, original, pending});
    p->trap_yield = true;
    return arity == 1 ? p->trap(e, {first}) : p->trap(e, {first, second});
}

// A failure after yielding reports the arguments of the original call.
Term fail_as_called(Process *p, const Term *args, Term original, Term reason) {
    const_cast<Term *>(args)[0] = original;
    return p->error(reason);
}

Term do_term_to_binary(Process *p, const Term *args, unsigned arity) {
    Term term = args[0], pending = kNil;
    T2BState *st = continuation<T2BState>(p, args[0], term, pending);
    Term ref = st ? tuple_elements(args[0])[0] : kNonValue;
    std::unique_ptr<T2BState> fresh;
    if (!st) {
        EtfEncodeOptions opts;
        if (arity == 2 && !parse_t2b_options(args[1], opts)) return p->badarg();
        Term result = kNonValue;
        switch (etf_term_to_binary_quick(p, term, opts, kEtfSliceUnits, &result)) {
        case EtfBinaryJob::Step::Done:
            return result;
        case EtfBinaryJob::Step::SystemLimit:
            return p->system_limit();
        case EtfBinaryJob::Step::Unsupported:
            return p->badarg();
        case EtfBinaryJob::Step::Yield:
            break; // a large term: work in slices
        }
        fresh = std::make_unique<T2BState>(opts);
        st = fresh.get();
    }
    Term result = kNonValue;
    EtfBinaryJob::Step step = st->job->run(p, term, pending, kEtfSliceUnits, &result);
    if (step == EtfBinaryJob::Step::Yield) {
        if (fresh) {
            st->owner = p->pid;
            ref = make_magic_ref(p, fresh.release());
        }
        return continue_later(p, "term_to_binary", arity, ref, term, pending,
                              arity == 2 ? args[1] : kNil);
    }
    st->job.reset(); // done: free its memory now
    if (step == EtfBinaryJob::Step::Done) return result;
    return fail_as_called(
        p, args, term, step == EtfBinaryJob::Step::SystemLimit ? atom::system_limit : atom::badarg);
}

// Inputs this small decode within one slice whatever they hold (every term takes a byte).
constexpr size_t kDirectDecodeBytes = size_t(kEtfSliceUnits) / 2;

Term decode_result(Process *p, Term term, size_t consumed, bool used) {
    // Like erts, bytes after the term are ignored (binary_to_term/2 `used` reports them).
    if (!used) return term;
    return make_tuple(p, {term, make_uint64(p, consumed)});
}

Term do_binary_to_term(Process *p, const Term *args, unsigned arity) {
    const EtfAtoms &a = etf_atoms();
    Term bin = args[0], unused;
    B2TState *st = continuation<B2TState>(p, args[0], bin, unused);
    Term ref = st ? tuple_elements(args[0])[0] : kNonValue;
    std::unique_ptr<B2TState> fresh;
    if (!st) {
        EtfOptions opts;
        bool used = false;
        if (arity == 2) {
            Term l = args[1];
            for (; is_list(l); l = cdr(l)) {
                Term o = car(l);
                if (o == a.safe)
                    opts.safe = true;
                else if (o == a.used)
                    used = true;
                else
                    return p->badarg_cause(a.badopt);
            }
            if (!is_nil(l)) return p->badarg_cause(a.badopt);
        }
        if (!is_binary(bin)) return p->badarg();
        BitView v = bit_view(bin);
        size_t size = v.byte_size();
        bool compressed = size >= 2 && v.byte_aligned() && v.bytes()[1] == 80;
        if (v.byte_aligned() && size <= kDirectDecodeBytes && !compressed) {
            ProcessSink sink(p);
            EtfResult r = etf_decode(v.bytes(), size, sink, opts);
            if (!r.ok()) return p->badarg();
            return decode_result(p, r.term, r.consumed, used);
        }
        fresh = std::make_unique<B2TState>();
        st = fresh.get();
        st->used = used;
        const uint8_t *data;
        Term root = bin;
        while (boxed_subtag(root) == Subtag::SubBin)
            root = boxed_ptr(root)[3];
        if (v.byte_aligned() && boxed_subtag(root) == Subtag::RefcBin) {
            // Off-heap bytes do not move: decode them in place.
            st->bin = reinterpret_cast<Binary *>(boxed_ptr(root)[2]);
            st->bin->retain();
            data = v.bytes();
        } else {
            st->copy.resize(size);
            const uint8_t *src = v.base + v.bit_offset / 8;
            unsigned shift = unsigned(v.bit_offset % 8);
            for (size_t i = 0; i < size; ++i)
                st->copy[i] = shift ? uint8_t(src[i] << shift | src[i + 1] >> (8 - shift)) : src[i];
            data = st->copy.data();
        }
        st->job = std::make_unique<EtfDecodeJob>(data, size, opts);
    }
    int64_t budget = kEtfSliceUnits;
    ProcessSink direct(p);
    TermSink *sink = st->fragments.get();
    for (;;) {
        EtfDecodeJob::Step step = st->job->run(budget, sink);
        if (step == EtfDecodeJob::Step::Measured) {
            // A term that can be built within this slice goes straight onto the heap (with
            // no yield before it is complete); a larger one is built in fragments.
            if (int64_t(st->job->build_units()) <= budget) {
                sink = &direct;
                budget = INT64_MAX;
            } else {
                st->fragments = std::make_unique<FragmentSink>();
                sink = st->fragments.get();
            }
            continue;
        }
        if (step == EtfDecodeJob::Step::Yield) {
            if (fresh) {
                st->owner = p->pid;
                ref = make_magic_ref(p, fresh.release());
            }
            return continue_later(p, "binary_to_term", arity, ref, bin, kNil,
                                  arity == 2 ? args[1] : kNil);
        }
        if (step == EtfDecodeJob::Step::Error) {
            st->job.reset();
            return fail_as_called(p, args, bin, atom::badarg);
        }
        if (st->fragments) st->fragments->hand_over(p);
        Term term = st->job->result();
        size_t consumed = st->job->consumed();
        st->job.reset();
        st->fragments.reset();
        return decode_result(p, term, consumed, st->used);
    }
}

Term size_result(Process *p, Term t, const EtfEncodeOptions &opts) {
    uint64_t size;
    EtfEncodeStatus s = etf_external_size(t, opts, size);
    if (s == EtfEncodeStatus::SystemLimit) return p->system_limit();
    if (s != EtfEncodeStatus::Ok) return p->badarg();
    return make_uint64(p, size);
}

} // namespace

Term bif_term_to_binary_1(Process *p, const Term *args) {
    return do_term_to_binary(p, args, 1);
}

Term bif_term_to_binary_2(Process *p, const Term *args) {
    return do_term_to_binary(p, args, 2);
}

Term bif_term_to_iovec_1(Process *p, const Term *args) {
    return term_to_iovec(p, args[0], {});
}

Term bif_term_to_iovec_2(Process *p, const Term *args) {
    EtfEncodeOptions opts;
    if (!parse_t2b_options(args[1], opts)) return p->badarg();
    return term_to_iovec(p, args[0], opts);
}

Term bif_binary_to_term_1(Process *p, const Term *args) {
    return do_binary_to_term(p, args, 1);
}

Term bif_binary_to_term_2(Process *p, const Term *args) {
    return do_binary_to_term(p, args, 2);
}

Term bif_external_size_1(Process *p, const Term *args) {
    return size_result(p, args[0], {});
}

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

Term bif_phash2_1(Process *, const Term *args) {
    return make_small(SWord(phash2_hash(args[0]) & ((1u << 27) - 1)));
}

Term bif_phash2_2(Process *p, const Term *args) {
    uint32_t range;
    if (!parse_range(args[1], range)) return p->badarg();
    uint32_t h = phash2_hash(args[0]);
    return make_small(SWord(range ? h % range : h));
}

} // namespace hamlet
