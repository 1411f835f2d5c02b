// The binary module's searching BIFs (match/2,3, matches/2,3, split/2,3), compile_pattern/1
// and copy/1,2.
//
// binary:compile_pattern/1 returns {bm, Binary} for one pattern and {ac, [Binary]} for
// several (erts returns the same tags with a magic reference); match/matches/split accept
// these tuples as well as plain patterns.
//
// Long subjects are searched a time slice at a time (bifs/trap.h), as erts does: about
// 40 KB per slice (10 bytes a reduction, erts' loop factor), continuing in
// erlang:binary_find_trap/3; the list of results of matches/split is then built from its
// end, also in slices. binary:copy/2 copies 400 KB a slice (100 bytes a reduction, as
// erts), continuing in erlang:binary_copy_trap/2. Arguments are all checked before the
// first slice, so nothing fails after a yield.
#include "bifs/bif.h"
#include "bifs/binary_util.h"
#include "bifs/trap.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/bits.h"
#include "vm/term_build.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hamlet {

using namespace binutil;

namespace {

// ---- patterns ------------------------------------------------------------------------------

struct Pattern {
    std::vector<std::string> needles; // non-empty byte strings
};

bool add_needle(Term t, Pattern &pat) {
    Bytes b;
    if (!get_binary(t, b) || b.size == 0) return false;
    pat.needles.emplace_back(reinterpret_cast<const char *>(b.data), b.size);
    return true;
}

// A pattern argument: a non-empty binary, a non-empty list of them, or a compiled pattern.
bool get_pattern(Term t, Pattern &pat) {
    if (is_tuple(t) && tuple_arity(t) == 2) {
        static const Term bm = atom_of("bm"), ac = atom_of("ac");
        Term tag = tuple_elements(t)[0];
        if (tag == bm) return add_needle(tuple_elements(t)[1], pat);
        if (tag != ac) return false;
        t = tuple_elements(t)[1];
    }
    if (is_bitstring(t)) return add_needle(t, pat);
    if (!is_list(t)) return false;
    for (; is_list(t); t = cdr(t))
        if (!add_needle(car(t), pat)) return false;
    return is_nil(t);
}

// Finds matches of a pattern: the leftmost one (the longest among those starting there).
class Searcher {
  public:
    explicit Searcher(const Pattern &pat) : pat_(pat) {
        if (pat.needles.size() == 1) {
            const std::string &n = pat.needles[0];
            if (n.size() > 1) bmh_.emplace(n.begin(), n.end());
        } else {
            for (const std::string &n : pat.needles)
                first_byte_[uint8_t(n[0])] = true;
        }
    }

    // The leftmost match starting in [from, start_end) and ending by `to`.
    bool find(const uint8_t *s, size_t from, size_t start_end, size_t to, size_t *pos,
              size_t *len) const {
        if (pat_.needles.size() == 1) {
            const std::string &n = pat_.needles[0];
            if (from >= start_end || n.size() > to - from) return false;
            size_t end = std::min(to, start_end + n.size() - 1);
            const char *b = reinterpret_cast<const char *>(s) + from,
                       *e = reinterpret_cast<const char *>(s) + end;
            const char *hit;
            if (bmh_) {
                hit = std::search(b, e, *bmh_);
            } else {
                hit = static_cast<const char *>(std::memchr(b, n[0], size_t(e - b)));
                if (!hit) hit = e;
            }
            if (hit == e) return false;
            *pos = size_t(hit - reinterpret_cast<const char *>(s));
            *len = n.size();
            return true;
        }
        for (size_t i = from; i < start_end; ++i) {
            if (!first_byte_[s[i]]) continue;
            size_t best = 0;
            for (const std::string &n : pat_.needles)
                if (n.size() > best && n.size() <= to - i &&
                    std::memcmp(s + i, n.data(), n.size()) == 0)
                    best = n.size();
            if (best) {
                *pos = i;
                *len = best;
                return true;
            }
        }
        return false;
    }

  private:
    const Pattern &pat_;
    std::optional<std::boyer_moore_horspool_searcher<std::string::const_iterator>> bmh_;
    bool first_byte_[256] = {};
};

// ---- options -------------------------------------------------------------------------------

struct MatchOpts {
    bool has_scope = false;
    SWord scope_pos = 0, scope_len = 0;
    bool global = false, trim = false, trim_all = false;
};

// Parses an options list; split options only when `split`. Like erts, a non-list tail of a
// non-empty list is ignored.
bool get_opts(Term t, bool split, MatchOpts &o) {
    static const Term scope = atom_of("scope"), global = atom_of("global"), trim = atom_of("trim"),
                      trim_all = atom_of("trim_all");
    if (is_nil(t)) return true;
    if (!is_list(t)) return false;
    for (; is_list(t); t = cdr(t)) {
        Term e = car(t);
        if (split && e == global)
            o.global = true;
        else if (split && e == trim)
            o.trim = true;
        else if (split && e == trim_all)
            o.trim_all = true;
        else if (is_tuple(e) && tuple_arity(e) == 2 && tuple_elements(e)[0] == scope) {
            Term r = tuple_elements(e)[1];
            if (!is_tuple(r) || tuple_arity(r) != 2) return false;
            SWord pos, len;
            if (!get_sint(tuple_elements(r)[0], &pos) || !get_sint(tuple_elements(r)[1], &len))
                return false;
            if (len < 0) {
                pos += len;
                len = -len;
            }
            o.has_scope = true;
            o.scope_pos = pos;
            o.scope_len = len;
        } else {
            return false;
        }
    }
    return true;
}

// The searched range [from, to) of a subject of `size` bytes; false if the scope is outside.
bool scope_range(const MatchOpts &o, size_t size, size_t *from, size_t *to) {
    if (!o.has_scope) {
        *from = 0;
        *to = size;
        return true;
    }
    if (o.scope_pos < 0 || o.scope_len < 0 || size_t(o.scope_pos) > size ||
        size_t(o.scope_len) > size - size_t(o.scope_pos))
        return false;
    *from = size_t(o.scope_pos);
    *to = *from + size_t(o.scope_len);
    return true;
}

Term pos_len(Process *p, size_t pos, size_t len) {
    return make_tuple(p, {make_small(SWord(pos)), make_small(SWord(len))});
}

// ---- match, matches, split ---------------------------------------------------------------

// Subject bytes searched per reduction (erts' BM_LOOP_FACTOR) and per time slice; results
// turned into terms per time slice.
constexpr int64_t kScanBytesPerReduction = 10;
constexpr size_t kSliceScanBytes = size_t(kSliceReductions * kScanBytesPerReduction);
constexpr size_t kSliceResults = 16000;

enum class FindKind { Match, Matches, Split };

// A search in progress. The subject itself stays a term (the first argument of each slice),
// except when it does not start on a byte boundary: then its bytes are copied here once.
struct FindState : MagicObject {
    FindKind kind = FindKind::Match;
    Pattern pat;
    MatchOpts opts;
    std::vector<uint8_t> copy; // the subject's bytes, when it is not byte-aligned
    bool use_copy = false;
    size_t size = 0;         // subject bytes
    size_t next = 0, to = 0; // where the search goes on; the end of the scope
    size_t split_start = 0;
    bool searching = true;
    std::vector<std::pair<size_t, size_t>> found; // (pos, len), or split's parts [start, end)
    size_t left = 0; // building: results not turned into terms yet (the first ones)
};

Term find_continue(Process *p, const Term *args);

// Searches; true when the search is over, false when this slice's budget ran out.
bool search(FindState &st, const uint8_t *data, int64_t &budget) {
    Searcher searcher(st.pat);
    while (st.next < st.to) {
        if (budget <= 0) return false;
        size_t window_end = std::min(st.to, st.next + size_t(budget));
        size_t pos, len;
        if (!searcher.find(data, st.next, window_end, st.to, &pos, &len)) {
            budget -= int64_t(window_end - st.next);
            st.next = window_end;
            continue;
        }
        budget -= int64_t(pos + len - st.next) + 1;
        st.next = pos + len;
        if (st.kind == FindKind::Split) {
            st.found.push_back({st.split_start, pos});
            st.split_start = st.next;
            if (!st.opts.global) break;
        } else {
            st.found.push_back({pos, len});
            if (st.kind == FindKind::Match) break;
        }
    }
    if (st.kind == FindKind::Split) {
        std::vector<std::pair<size_t, size_t>> &parts = st.found;
        parts.push_back({st.split_start, st.size});
        if (st.opts.trim_all) {
            parts.erase(std::remove_if(parts.begin(), parts.end(),
                                       [](const auto &r) { return r.first == r.second; }),
                        parts.end());
        } else if (st.opts.trim) {
            while (!parts.empty() && parts.back().first == parts.back().second)
                parts.pop_back();
        }
    }
    return true;
}

// One slice: searching, then building the result list from its end onto acc. `ref` is
// kNonValue while st has no magic reference yet (nothing has yielded).
Term find_slice(Process *p, FindState *st, Term ref, Term subject, Term acc) {
    int64_t budget = int64_t(kSliceScanBytes);
    bool done = true;
    if (st->searching) {
        const uint8_t *data = st->use_copy ? st->copy.data() : bit_view(subject).bytes();
        done = search(*st, data, budget);
        charge_reductions(p, (int64_t(kSliceScanBytes) - budget) / kScanBytesPerReduction);
        if (done) {
            st->searching = false;
            st->left = st->found.size();
        }
    }
    if (done && st->kind != FindKind::Match) {
        size_t n = std::min(st->left, kSliceResults);
        for (size_t i = st->left; i-- > st->left - n;) {
            auto [a, b] = st->found[i];
            Term e = st->kind == FindKind::Matches ? pos_len(p, a, b)
                                                   : slice(p, subject, a * 8, (b - a) * 8);
            acc = make_cons(p, e, acc);
        }
        st->left -= n;
        charge_reductions(p, int64_t(n) / 4);
        done = st->left == 0;
    }
    if (!done) {
        if (ref == kNonValue) ref = make_magic_ref(p, st); // takes st over
        static Export *cont = make_trap_export("erlang", "binary_find_trap", 3, find_continue);
        return yield_to(p, cont, {subject, ref, acc});
    }
    Term r = acc;
    if (st->kind == FindKind::Match)
        r = st->found.empty() ? atom_of("nomatch")
                              : pos_len(p, st->found[0].first, st->found[0].second);
    if (ref == kNonValue) st->release();
    return r;
}

// erlang:binary_find_trap/3 (Subject, State, Acc): the next slice of a search.
Term find_continue(Process *p, const Term *args) {
    auto *st = state_of<FindState>(args[1]);
    if (!st) return p->badarg();
    return find_slice(p, st, args[1], args[0], args[2]);
}

Term find_start(Process *p, FindKind kind, Term subject, Term pattern, Term opts) {
    auto *st = new FindState;
    st->kind = kind;
    Bytes s;
    size_t from, to;
    if (!get_binary(subject, s) || !get_pattern(pattern, st->pat) ||
        !get_opts(opts, kind == FindKind::Split, st->opts) ||
        !scope_range(st->opts, s.size, &from, &to)) {
        st->release();
        return p->badarg();
    }
    st->size = s.size;
    st->next = from;
    st->to = to;
    if (!s.copy.empty()) {
        st->copy = std::move(s.copy);
        st->use_copy = true;
    }
    return find_slice(p, st, kNonValue, subject, kNil);
}

// ---- copy ----------------------------------------------------------------------------------

constexpr int64_t kCopyBytesPerReduction = 100; // erts' BINARY_COPY_LOOP_FACTOR
constexpr size_t kSliceCopyBytes = size_t(kSliceReductions * kCopyBytesPerReduction);

Term copy_continue(Process *p, const Term *args);

// Fills bytes [done, total) of result with the source repeated, a slice at a time: the
// source once, then from what is already there, so a short source is not copied byte by byte.
Term copy_slice(Process *p, Term source, Term result, size_t done, size_t total) {
    BitView sv = bit_view(source), rv = bit_view(result);
    size_t n = sv.byte_size();
    auto *dst = const_cast<uint8_t *>(rv.base); // not visible to anyone yet
    size_t end = std::min(total, done + kSliceCopyBytes), start = done;
    if (done < n) { // the source itself first (a long one over several slices)
        size_t k = std::min(n, end) - done;
        copy_bits(dst, done * 8, sv.base, sv.bit_offset + done * 8, k * 8);
        done += k;
    }
    while (done < end) {
        size_t k = std::min(end - done, done / n * n);
        std::memcpy(dst + done, dst + done % n, k);
        done += k;
    }
    charge_reductions(p, int64_t(done - start) / kCopyBytesPerReduction);
    if (done == total) return result;
    static Export *cont = make_trap_export("erlang", "binary_copy_trap", 2, copy_continue);
    return yield_to(
        p, cont,
        {make_tuple(p, {source, make_small(SWord(done)), make_small(SWord(total))}), result});
}

// erlang:binary_copy_trap/2 ({Source, Done, Total}, Result); reached only through the trap
// (it is in no export table), after the arguments were checked.
Term copy_continue(Process *p, const Term *args) {
    const Term *e = tuple_elements(args[0]);
    return copy_slice(p, e[0], args[1], size_t(small_value(e[1])), size_t(small_value(e[2])));
}

} // namespace

Term binary_compile_pattern_1(Process *p, const Term *args) {
    Pattern pat;
    if (!get_pattern(args[0], pat)) return p->badarg();
    if (pat.needles.size() == 1) {
        Term bin = make_binary(p, pat.needles[0].data(), pat.needles[0].size());
        return make_tuple(p, {atom_of("bm"), bin});
    }
    std::vector<Term> bins;
    for (const std::string &n : pat.needles)
        bins.push_back(make_binary(p, n.data(), n.size()));
    return make_tuple(p, {atom_of("ac"), list_of(p, bins)});
}

Term binary_match_2(Process *p, const Term *args) {
    return find_start(p, FindKind::Match, args[0], args[1], kNil);
}
Term binary_match_3(Process *p, const Term *args) {
    return find_start(p, FindKind::Match, args[0], args[1], args[2]);
}
Term binary_matches_2(Process *p, const Term *args) {
    return find_start(p, FindKind::Matches, args[0], args[1], kNil);
}
Term binary_matches_3(Process *p, const Term *args) {
    return find_start(p, FindKind::Matches, args[0], args[1], args[2]);
}
Term binary_split_2(Process *p, const Term *args) {
    return find_start(p, FindKind::Split, args[0], args[1], kNil);
}
Term binary_split_3(Process *p, const Term *args) {
    return find_start(p, FindKind::Split, args[0], args[1], args[2]);
}

Term binary_copy_2(Process *p, const Term *args) {
    Term source = args[0];
    if (!is_binary(source) || !is_small(args[1]) || small_value(args[1]) < 0) return p->badarg();
    size_t size = bit_view(source).byte_size(), n = size_t(small_value(args[1]));
    if (size && n > (size_t(1) << 56) / size) return p->system_limit();
    size_t total = size * n;
    uint8_t *d;
    Term result = make_binary(p, total, &d);
    if (total == 0) return result;
    return copy_slice(p, source, result, 0, total);
}

Term binary_copy_1(Process *p, const Term *args) {
    Term a[2] = {args[0], make_small(1)};
    return binary_copy_2(p, a);
}

} // namespace hamlet
