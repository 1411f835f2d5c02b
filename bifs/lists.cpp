// List BIFs: ++, --, length/1 and the lists module BIFs (iolists and binary <-> list
// conversions are in bifs/iolists.cpp).
//
// All list walks are loops (never recursion on list length). The long ones work a time
// slice at a time and yield in between (bifs/trap.h), as the BEAM's do.
#include "bifs/bif.h"
#include "bifs/trap.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/module.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <algorithm>
#include <vector>

namespace hamlet {

namespace {

inline Term boolean(bool b) {
    return b ? atom::true_ : atom::false_;
}

// Small positive integer argument (>= 1), or 0.
inline SWord pos_arg(Term t) {
    return is_small(t) && small_value(t) >= 1 ? small_value(t) : 0;
}

// lists:keyfind/keymember/keysearch: the first tuple whose Nth element == key, kNil if
// none, kNonValue (badarg recorded) on bad arguments or an improper list reached first.
// Elements a list BIF handles in one time slice before it continues in the next one (the
// BEAM's long BIFs yield in the same way), so a huge list never holds a scheduler long.
constexpr size_t kSliceElements = 4000;
constexpr int64_t kElementsPerReduction = 4; // so a slice charges 1000 reductions

// Continues M:F(Args) later: the BIF traps to itself with its remaining work and gives up
// the scheduler on the way.
Term continue_later(Process *p, const char *module, const char *function,
                    std::initializer_list<Term> args) {
    return yield_to(p, bif_export(module, function, unsigned(args.size())), args);
}

// lists:keyfind/keymember/keysearch: the tuple found, [] if none, kNonValue on badarg; with
// more of the list than one slice, *rest is set to what is left (and [] returned).
Term keyfind(Process *p, const Term *args, Term *rest) {
    *rest = kNonValue;
    Term key = args[0];
    SWord n = pos_arg(args[1]);
    if (!n) return p->badarg();
    Term l = args[2];
    // == differs from =:= only for numbers (possibly nested); immediates other than small
    // integers compare by identity.
    bool simple = is_immediate(key) && !is_small(key);
    size_t seen = 0;
    for (; is_list(l); l = cdr(l), ++seen) {
        if (seen == kSliceElements) {
            charge_reductions(p, kSliceElements / kElementsPerReduction);
            *rest = l;
            return kNil;
        }
        Term e = car(l);
        if (!is_tuple(e) || tuple_arity(e) < Word(n)) continue;
        Term k = tuple_elements(e)[n - 1];
        if (simple ? k == key : terms_equal(k, key)) {
            charge_reductions(p, int64_t(seen) / kElementsPerReduction);
            return e;
        }
    }
    charge_reductions(p, int64_t(seen) / kElementsPerReduction);
    if (!is_nil(l)) return p->badarg();
    return kNil;
}

} // namespace

// ---- ++ and -- -------------------------------------------------------------------------

// ---- A -- B --------------------------------------------------------------------------------
//
// Removes from A, for each element of B, the first remaining element =:= to it: each value
// loses its first min(count in A, count in B) occurrences in A, and the rest of A keeps its
// order. Either list improper: badarg. How erts goes about it (a scan when either side
// has at most 16 elements, a multiset of B otherwise) changes the speed, never the result.
//
// Short lists are done in one go. Long ones go through stages, each slice continuing where
// the last one stopped, in erlang:'--'(State, Terms) as erts does:
//   LenA, LenB  count both lists (so an improper one fails before any other work)
//   ScanB       A has at most 16 elements: walk B, striking the first equal element of A
//   ScanA       B has at most 16 elements: walk A, dropping the elements B still holds
//   Gather      otherwise B's elements go into tuples of kChunk (an array of terms the
//               garbage collector can see and move, unlike a C++ copy)
//   Sort        a bottom-up merge sort of B's positions in that array, in term order
//   Sweep       walk A, looking each element up among the sorted positions
//   Finish      the elements kept were gathered in reverse: reverse them onto the rest of A
namespace {

constexpr uint64_t kScanLimit = 16; // erts' SUBTRACT_LHS_THRESHOLD and _RHS_THRESHOLD
constexpr size_t kChunk = 4096;     // elements of B per tuple of the array
// Work units (a cell walked, a comparison, a cell built) per reduction, and per slice.
constexpr int64_t kUnitsPerReduction = 16;
constexpr int64_t kSliceUnits = kSliceReductions * kUnitsPerReduction;
// Both lists at most this long: one go, no state.
constexpr SWord kDirectLimit = 1024;

struct SubtractState : MagicObject {
    enum class Stage { LenA, LenB, ScanB, ScanA, Gather, Sort, Sweep, Finish } stage = Stage::LenA;
    uint64_t len_a = 0, len_b = 0;
    uint64_t b_left = 0;              // elements of B not matched yet (ScanA, Sweep)
    uint32_t struck = 0;              // ScanB: positions of A struck; ScanA: positions of B used
    uint64_t gathered = 0;            // Gather: elements of B in the array so far
    std::vector<size_t> order, spare; // Sort: B's positions; Sweep: sorted, and used counts
    size_t width = 1, lo = 0, i = 0, j = 0, k = 0; // Sort: the merge in progress
};

// The terms a long subtraction carries between slices (a tuple of this arity).
enum : unsigned { kA, kB, kIter, kAcc, kResult, kArray, kTermCount };

enum class Outcome { Done, Badarg, Paused };

class Subtraction {
  public:
    Subtraction(Process *p, SubtractState *st, const Term *terms) : p_(p), st_(st) {
        for (unsigned i = 0; i < kTermCount; ++i)
            t_[i] = terms[i];
    }
    Term term(unsigned i) const { return t_[i]; }
    int64_t used() const { return kSliceUnits - budget_; }

    Outcome run() {
        using Stage = SubtractState::Stage;
        for (;;) {
            Outcome o = Outcome::Paused;
            switch (st_->stage) {
            case Stage::LenA:
                o = count(&st_->len_a);
                break;
            case Stage::LenB:
                o = count(&st_->len_b);
                break;
            case Stage::ScanB:
                o = scan_b();
                break;
            case Stage::ScanA:
                o = scan_a();
                break;
            case Stage::Gather:
                o = gather();
                break;
            case Stage::Sort:
                o = sort();
                break;
            case Stage::Sweep:
                o = sweep();
                break;
            case Stage::Finish:
                o = finish();
                break;
            }
            if (o != Outcome::Done) return o;
            if (!next_stage()) return Outcome::Done;
        }
    }

  private:
    Process *p_;
    SubtractState *st_;
    Term t_[kTermCount];
    int64_t budget_ = kSliceUnits;

    // Moves on after a stage is done; false when the result is ready in t_[kResult].
    bool next_stage() {
        using Stage = SubtractState::Stage;
        switch (st_->stage) {
        case Stage::LenA:
            if (st_->len_a <= kScanLimit) return enter(Stage::ScanB, t_[kB]);
            return enter(Stage::LenB, t_[kB]);
        case Stage::LenB:
            if (st_->len_b == 0) {
                t_[kResult] = t_[kA];
                return false;
            }
            st_->b_left = st_->len_b;
            if (st_->len_b <= kScanLimit) return enter(Stage::ScanA, t_[kA]);
            return enter(Stage::Gather, t_[kB]);
        case Stage::Gather: {
            // The array: a tuple of the chunk tuples, which t_[kAcc] holds last first.
            size_t chunks = size_t((st_->len_b + kChunk - 1) / kChunk);
            Word *hp = p_->alloc(chunks + 1);
            hp[0] = make_header(Subtag::Tuple, chunks);
            Term l = t_[kAcc];
            for (size_t c = chunks; c-- > 0; l = cdr(l))
                hp[1 + c] = car(l);
            t_[kArray] = make_boxed(hp);
            t_[kAcc] = kNil;
            size_t n = size_t(st_->len_b);
            st_->order.resize(n);
            for (size_t i = 0; i < n; ++i)
                st_->order[i] = i;
            st_->spare.resize(n);
            st_->width = 1;
            st_->lo = st_->i = st_->k = 0;
            st_->j = std::min<size_t>(1, n);
            return enter(Stage::Sort, t_[kIter]);
        }
        case Stage::Sort:
            st_->spare.assign(st_->order.size(), 0);
            return enter(Stage::Sweep, t_[kA]);
        case Stage::ScanA:
        case Stage::Sweep:
            return enter(Stage::Finish, t_[kIter]);
        case Stage::ScanB:
        case Stage::Finish:
            return false;
        }
        return false;
    }

    bool enter(SubtractState::Stage s, Term iter) {
        st_->stage = s;
        t_[kIter] = iter;
        return true;
    }

    // Element i of B, from the array.
    Term elem(size_t i) const {
        return tuple_elements(tuple_elements(t_[kArray])[i / kChunk])[i % kChunk];
    }

    Outcome count(uint64_t *len) {
        Term l = t_[kIter];
        int64_t n = 0;
        while (is_list(l) && n < budget_) {
            l = cdr(l);
            ++n;
        }
        budget_ -= n;
        *len += uint64_t(n);
        t_[kIter] = l;
        if (is_list(l)) return Outcome::Paused;
        return is_nil(l) ? Outcome::Done : Outcome::Badarg;
    }

    // Up to 16 elements of a list known to be that short.
    static size_t load(Term l, Term *out) {
        size_t n = 0;
        for (; is_list(l); l = cdr(l))
            out[n++] = car(l);
        return n;
    }

    Outcome scan_b() {
        Term a[kScanLimit];
        size_t na = load(t_[kA], a);
        Term l = t_[kIter];
        while (is_list(l) && budget_ > 0) {
            Term v = car(l);
            size_t left = 0;
            for (size_t i = 0; i < na; ++i) {
                if (st_->struck >> i & 1) continue;
                if (terms_exact_equal(a[i], v)) {
                    st_->struck |= uint32_t(1) << i;
                    break;
                }
                ++left;
            }
            budget_ -= std::max<int64_t>(1, int64_t(left));
            l = cdr(l);
        }
        t_[kIter] = l;
        if (is_list(l)) return Outcome::Paused;
        if (!is_nil(l)) return Outcome::Badarg;
        Term r = kNil;
        for (size_t i = na; i-- > 0;)
            if (!(st_->struck >> i & 1)) r = make_cons(p_, a[i], r);
        t_[kResult] = r;
        return Outcome::Done;
    }

    Outcome scan_a() {
        Term b[kScanLimit];
        size_t nb = load(t_[kB], b);
        Term l = t_[kIter], acc = t_[kAcc];
        while (is_list(l) && budget_ > 0) {
            Term e = car(l);
            l = cdr(l);
            budget_ -= int64_t(st_->b_left);
            size_t j = 0;
            while (j < nb && ((st_->struck >> j & 1) || !terms_exact_equal(b[j], e)))
                ++j;
            if (j == nb) {
                acc = make_cons(p_, e, acc);
                continue;
            }
            st_->struck |= uint32_t(1) << j;
            if (--st_->b_left == 0) break; // the rest of A stays as it is
        }
        t_[kIter] = l;
        t_[kAcc] = acc;
        if (is_list(l) && st_->b_left > 0) return Outcome::Paused;
        t_[kResult] = l; // A is proper: the rest of it, or []
        return Outcome::Done;
    }

    Outcome gather() {
        Term l = t_[kIter], acc = t_[kAcc];
        while (is_list(l) && budget_ > 0) {
            size_t n = size_t(std::min<uint64_t>(kChunk, st_->len_b - st_->gathered));
            Word *hp = p_->alloc(n + 1);
            hp[0] = make_header(Subtag::Tuple, n);
            for (size_t i = 0; i < n; ++i, l = cdr(l))
                hp[1 + i] = car(l);
            acc = make_cons(p_, make_boxed(hp), acc);
            st_->gathered += n;
            budget_ -= int64_t(n);
        }
        t_[kIter] = l;
        t_[kAcc] = acc;
        return is_list(l) ? Outcome::Paused : Outcome::Done;
    }

    Outcome sort() {
        SubtractState &s = *st_;
        size_t n = s.order.size();
        while (s.width < n) {
            size_t mid = std::min(s.lo + s.width, n), hi = std::min(s.lo + 2 * s.width, n);
            while (s.k < hi) {
                if (budget_ <= 0) return Outcome::Paused;
                --budget_;
                if (s.i < mid &&
                    (s.j >= hi || compare_exact(elem(s.order[s.i]), elem(s.order[s.j])) <= 0))
                    s.spare[s.k++] = s.order[s.i++];
                else
                    s.spare[s.k++] = s.order[s.j++];
            }
            s.lo = hi;
            if (s.lo >= n) {
                s.order.swap(s.spare);
                s.width *= 2;
                s.lo = 0;
            }
            s.i = s.k = s.lo;
            s.j = std::min(s.lo + s.width, n);
        }
        return Outcome::Done;
    }

    Outcome sweep() {
        SubtractState &s = *st_;
        size_t n = s.order.size();
        Term l = t_[kIter], acc = t_[kAcc];
        while (is_list(l) && budget_ > 0) {
            Term e = car(l);
            l = cdr(l);
            // The first sorted position holding e; spare[at] of the equal ones are used.
            size_t at = 0, end = n;
            while (at < end) {
                size_t mid = at + (end - at) / 2;
                if (compare_exact(elem(s.order[mid]), e) < 0)
                    at = mid + 1;
                else
                    end = mid;
                --budget_;
            }
            --budget_;
            if (at < n && at + s.spare[at] < n &&
                compare_exact(elem(s.order[at + s.spare[at]]), e) == 0) {
                ++s.spare[at];
                if (--s.b_left == 0) break;
            } else {
                acc = make_cons(p_, e, acc);
            }
        }
        t_[kIter] = l;
        t_[kAcc] = acc;
        if (is_list(l) && s.b_left > 0) return Outcome::Paused;
        t_[kResult] = l;
        return Outcome::Done;
    }

    Outcome finish() {
        Term acc = t_[kAcc], r = t_[kResult];
        size_t n = 0;
        for (Term l = acc; is_list(l) && int64_t(n) < budget_; l = cdr(l))
            ++n;
        Word *hp = n ? p_->alloc(2 * n) : nullptr;
        for (size_t i = 0; i < n; ++i, acc = cdr(acc), hp += 2) {
            hp[0] = car(acc);
            hp[1] = r;
            r = make_list(hp);
        }
        budget_ -= int64_t(n);
        t_[kAcc] = acc;
        t_[kResult] = r;
        return is_list(acc) ? Outcome::Paused : Outcome::Done;
    }
};

Term subtract_continue(Process *p, SubtractState *st, Term state_ref, const Term *terms,
                       bool trapped);

// Small lists: at most kDirectLimit elements each, both proper.
Term subtract_direct(Process *p, Term a, Term b, SWord na, SWord nb) {
    std::vector<Term> keep;
    keep.reserve(size_t(na));
    int64_t work = na + nb;
    if (na <= 256 / nb) {
        std::vector<Term> remove;
        for (Term l = b; is_list(l); l = cdr(l))
            remove.push_back(car(l));
        std::vector<bool> used(remove.size(), false);
        size_t left = remove.size();
        for (Term l = a; is_list(l); l = cdr(l)) {
            Term e = car(l);
            bool dropped = false;
            for (size_t i = 0; left && i < remove.size(); ++i) {
                if (!used[i] && terms_exact_equal(remove[i], e)) {
                    used[i] = true;
                    --left;
                    dropped = true;
                    break;
                }
            }
            work += int64_t(left);
            if (!dropped) keep.push_back(e);
        }
    } else {
        std::vector<std::pair<Term, SWord>> counts;
        counts.reserve(size_t(nb));
        for (Term l = b; is_list(l); l = cdr(l))
            counts.push_back({car(l), 1});
        std::stable_sort(counts.begin(), counts.end(), [](const auto &x, const auto &y) {
            return compare_exact(x.first, y.first) < 0;
        });
        size_t u = 0;
        for (size_t i = 1; i < counts.size(); ++i) {
            if (compare_exact(counts[u].first, counts[i].first) == 0)
                ++counts[u].second;
            else
                counts[++u] = counts[i];
        }
        counts.resize(u + 1);
        work += 12 * (na + nb); // about log2 of kDirectLimit comparisons each
        for (Term l = a; is_list(l); l = cdr(l)) {
            Term e = car(l);
            auto it =
                std::lower_bound(counts.begin(), counts.end(), e, [](const auto &x, Term key) {
                    return compare_exact(x.first, key) < 0;
                });
            if (it != counts.end() && it->second > 0 && compare_exact(it->first, e) == 0)
                --it->second;
            else
                keep.push_back(e);
        }
    }
    charge_reductions(p, work / kUnitsPerReduction);
    if (keep.empty()) return kNil;
    Word *hp = p->alloc(2 * keep.size());
    for (size_t i = 0; i < keep.size(); ++i) {
        hp[2 * i] = keep[i];
        hp[2 * i + 1] = i + 1 < keep.size() ? make_list(hp + 2 * (i + 1)) : kNil;
    }
    return make_list(hp);
}

// Length of a proper list of at most `limit` elements; -1 if longer or not proper.
SWord short_length(Term l, SWord limit) {
    SWord n = 0;
    for (; is_list(l); l = cdr(l))
        if (++n > limit) return -1;
    return is_nil(l) ? n : -1;
}

// One slice of a long subtraction: its result, its failure, or a trap to the next slice.
// `trapped`: this slice runs in a continuation (a failure must then name the original
// call); state_ref is kNonValue until the state has a magic reference.
Term subtract_continue(Process *p, SubtractState *st, Term state_ref, const Term *terms,
                       bool trapped) {
    Subtraction s(p, st, terms);
    Outcome o = s.run();
    charge_reductions(p, s.used() / kUnitsPerReduction);
    if (o == Outcome::Paused) {
        if (state_ref == kNonValue) state_ref = make_magic_ref(p, st); // takes st over
        Term saved[kTermCount];
        for (unsigned i = 0; i < kTermCount; ++i)
            saved[i] = s.term(i);
        Word *hp = p->alloc(kTermCount + 1);
        hp[0] = make_header(Subtag::Tuple, kTermCount);
        std::copy(saved, saved + kTermCount, hp + 1);
        static Export *self = bif_export("erlang", "--", 2);
        return yield_to(p, self, {state_ref, make_boxed(hp)});
    }
    if (state_ref == kNonValue) st->release();
    if (o == Outcome::Done) return s.term(kResult);
    p->badarg();
    if (!trapped) return kNonValue;
    static const BifEntry *bif = bif_entry("erlang", "--", 2);
    return fail_as(p, bif, {s.term(kA), s.term(kB)});
}

} // namespace

Term erlang_subtract_2(Process *p, const Term *args) {
    Term a = args[0], b = args[1];
    if (auto *st = state_of<SubtractState>(a)) {
        // The next slice of a long subtraction (see above).
        if (!is_tuple(b) || tuple_arity(b) != kTermCount) return p->badarg();
        return subtract_continue(p, st, a, tuple_elements(b), true);
    }
    if ((!is_list(a) && !is_nil(a)) || (!is_list(b) && !is_nil(b))) return p->badarg();
    SWord na = short_length(a, kDirectLimit), nb = short_length(b, kDirectLimit);
    if (na >= 0 && nb >= 0) {
        if (na == 0 || nb == 0) return a;
        return subtract_direct(p, a, b, na, nb);
    }
    Term terms[kTermCount] = {a, b, a, kNil, kNil, kNil};
    return subtract_continue(p, new SubtractState, kNonValue, terms, false);
}

// ---- length/1 ------------------------------------------------------------------------------

namespace {

Term length_slice(Process *p, Term l, SWord n, Term whole, bool trapped);

// erlang:length/3 (Rest, CountSoFar, List): where a long length/1 continues (erts' trap).
Term length_continue(Process *p, const Term *args) {
    if (!is_small(args[1])) return p->badarg();
    return length_slice(p, args[0], small_value(args[1]), args[2], true);
}

// 16 cells a reduction and a time slice's worth at a time, as erts (and i_length in
// compiled code, emulator/ops_control.inc) count.
Term length_slice(Process *p, Term l, SWord n, Term whole, bool trapped) {
    constexpr int64_t kCellsPerReduction = 16, kSliceCells = kSliceReductions * kCellsPerReduction;
    int64_t k = 0;
    while (is_list(l) && k < kSliceCells) {
        l = cdr(l);
        ++k;
    }
    charge_reductions(p, k / kCellsPerReduction);
    n += k;
    if (is_list(l)) {
        static Export *cont = make_trap_export("erlang", "length", 3, length_continue);
        return yield_to(p, cont, {l, make_small(n), whole});
    }
    if (is_nil(l)) return make_small(n);
    p->badarg();
    if (!trapped) return kNonValue;
    static const BifEntry *bif = bif_entry("erlang", "length", 1);
    return fail_as(p, bif, {whole});
}

} // namespace

// length/1 called as a function (apply, a fun, a guard bif instruction); compiled code
// uses the i_length instruction.
Term erlang_length_1(Process *p, const Term *args) {
    return length_slice(p, args[0], 0, args[0], false);
}

// ---- A ++ B ------------------------------------------------------------------------------
//
// A copy of A in front of B. A long A is copied a time slice at a time, continuing in
// erlang:'++'(State, Terms) as erts does: first reversed (which also finds out whether it
// is a proper list: if not, badarg, named as the original call), then reversed again in
// front of B.

namespace {

struct AppendState : MagicObject {
    bool back = false; // reversing the reversed copy in front of B
};

enum : unsigned { kAppA, kAppB, kAppIter, kAppAcc, kAppendTerms };

Term append_slice(Process *p, AppendState *st, Term ref, Term *t) {
    int64_t budget = kSliceUnits;
    for (;;) {
        Term l = t[kAppIter], acc = t[kAppAcc];
        size_t n = 0;
        for (Term c = l; is_list(c) && int64_t(n) < budget; c = cdr(c))
            ++n;
        Word *hp = n ? p->alloc(2 * n) : nullptr;
        for (size_t i = 0; i < n; ++i, l = cdr(l), hp += 2) {
            hp[0] = car(l);
            hp[1] = acc;
            acc = make_list(hp);
        }
        budget -= int64_t(n);
        t[kAppIter] = l;
        t[kAppAcc] = acc;
        if (is_list(l)) break; // out of budget
        if (st->back) {
            charge_reductions(p, (kSliceUnits - budget) / kUnitsPerReduction);
            if (ref == kNonValue) st->release();
            return acc;
        }
        if (!is_nil(l)) {
            charge_reductions(p, (kSliceUnits - budget) / kUnitsPerReduction);
            if (ref == kNonValue) st->release();
            p->badarg();
            if (ref == kNonValue) return kNonValue;
            static const BifEntry *bif = bif_entry("erlang", "++", 2);
            return fail_as(p, bif, {t[kAppA], t[kAppB]});
        }
        st->back = true;
        t[kAppIter] = acc;
        t[kAppAcc] = t[kAppB];
    }
    charge_reductions(p, (kSliceUnits - budget) / kUnitsPerReduction);
    if (ref == kNonValue) ref = make_magic_ref(p, st); // takes st over
    Word *hp = p->alloc(kAppendTerms + 1);
    hp[0] = make_header(Subtag::Tuple, kAppendTerms);
    std::copy(t, t + kAppendTerms, hp + 1);
    static Export *self = bif_export("erlang", "++", 2);
    return yield_to(p, self, {ref, make_boxed(hp)});
}

} // namespace

Term erlang_append_2(Process *p, const Term *args) {
    Term a = args[0], b = args[1];
    if (auto *st = state_of<AppendState>(a)) {
        // The next slice of a long append (see above).
        if (!is_tuple(b) || tuple_arity(b) != kAppendTerms) return p->badarg();
        Term t[kAppendTerms];
        std::copy(tuple_elements(b), tuple_elements(b) + kAppendTerms, t);
        return append_slice(p, st, a, t);
    }
    if (is_nil(a)) return b;
    if (!is_list(a)) return p->badarg();
    SWord n = short_length(a, SWord(kSliceUnits));
    if (n < 0) {
        Term t[kAppendTerms] = {a, b, a, kNil};
        return append_slice(p, new AppendState, kNonValue, t);
    }
    Word *hp = p->alloc(2 * size_t(n));
    Term l = a;
    for (SWord i = 0; i < n; ++i, l = cdr(l)) {
        hp[2 * i] = car(l);
        hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * (i + 1)) : b;
    }
    charge_reductions(p, n / kUnitsPerReduction);
    return make_list(hp);
}

// ---- lists module ------------------------------------------------------------------------

Term lists_reverse_2(Process *p, const Term *args) {
    Term l = args[0], r = args[1];
    size_t n = 0;
    for (Term t = l; is_list(t) && n < kSliceElements; t = cdr(t))
        ++n;
    Word *hp = n ? p->alloc(2 * n) : nullptr;
    for (size_t i = 0; i < n; ++i, l = cdr(l), hp += 2) {
        hp[0] = car(l);
        hp[1] = r;
        r = make_list(hp);
    }
    charge_reductions(p, int64_t(n) / kElementsPerReduction);
    if (is_list(l)) return continue_later(p, "lists", "reverse", {l, r});
    if (!is_nil(l)) return p->badarg();
    return r;
}

Term lists_member_2(Process *p, const Term *args) {
    Term e = args[0], l = args[1];
    size_t seen = 0;
    for (; is_list(l); l = cdr(l), ++seen) {
        if (seen == kSliceElements) {
            charge_reductions(p, int64_t(seen) / kElementsPerReduction);
            return continue_later(p, "lists", "member", {e, l});
        }
        if (terms_exact_equal(car(l), e)) {
            charge_reductions(p, int64_t(seen) / kElementsPerReduction);
            return atom::true_;
        }
    }
    charge_reductions(p, int64_t(seen) / kElementsPerReduction);
    if (!is_nil(l)) return p->badarg();
    return atom::false_;
}

Term lists_keyfind_3(Process *p, const Term *args) {
    Term rest, r = keyfind(p, args, &rest);
    if (rest != kNonValue) return continue_later(p, "lists", "keyfind", {args[0], args[1], rest});
    return r == kNil ? atom::false_ : r;
}

Term lists_keymember_3(Process *p, const Term *args) {
    Term rest, r = keyfind(p, args, &rest);
    if (rest != kNonValue) return continue_later(p, "lists", "keymember", {args[0], args[1], rest});
    if (r == kNonValue) return r;
    return boolean(r != kNil);
}

Term lists_keysearch_3(Process *p, const Term *args) {
    Term rest, r = keyfind(p, args, &rest);
    if (rest != kNonValue) return continue_later(p, "lists", "keysearch", {args[0], args[1], rest});
    if (r == kNonValue) return r;
    if (r == kNil) return atom::false_;
    static const Term value = *AtomTable::global().intern("value");
    return make_tuple(p, {value, r});
}

} // namespace hamlet
