#include "vm/map_ops.h"

#include "vm/term_compare.h"

#include <algorithm>

namespace hamlet {

namespace {

using Pairs = std::vector<std::pair<Term, Term>>;

bool key_less(const std::pair<Term, Term> &a, const std::pair<Term, Term> &b) {
    return compare_exact(a.first, b.first) < 0;
}

// A flatmap from pairs sorted by key, without duplicates.
Term build_flatmap(Process *p, const Pairs &sorted) {
    Word n = sorted.size();
    Word *hp = p->alloc(flatmap_words(n));
    Word *keys = hp, *m = hp + 1 + n;
    keys[0] = make_header(Subtag::Tuple, n);
    m[0] = make_header(Subtag::Map, 2 + n);
    m[1] = n << 2 | kFlatmapKind;
    m[2] = make_boxed(keys);
    for (Word i = 0; i < n; ++i) {
        keys[1 + i] = sorted[i].first;
        m[3 + i] = sorted[i].second;
    }
    return make_boxed(m);
}

// A flatmap from distinct leaves in any order.
Term flatmap_from_leaves(Process *p, const std::vector<Term> &leaves) {
    Pairs pairs;
    pairs.reserve(leaves.size());
    for (Term l : leaves) pairs.push_back({car(l), cdr(l)});
    std::sort(pairs.begin(), pairs.end(), key_less);
    return build_flatmap(p, pairs);
}

// A map from leaves in any order (later ones win): a flatmap if at most 32 distinct keys
// remain.
Term map_from_leaves(Process *p, const std::vector<Term> &leaves) {
    HamtBuilder b;
    b.plan(leaves.data(), leaves.size(), HamtBuilder::Duplicates::KeepLast);
    if (b.size() <= kMaxFlatmapSize) return flatmap_from_leaves(p, b.leaves());
    size_t hw = b.head_words();
    Word *w = p->alloc(hw + b.node_words());
    return b.emit(w, w + hw);
}

void append_leaves(Process *p, const Pairs &pairs, std::vector<Term> &leaves) {
    Word *hp = p->alloc(2 * pairs.size());
    for (const auto &[k, v] : pairs) {
        hp[0] = k;
        hp[1] = v;
        leaves.push_back(make_list(hp));
        hp += 2;
    }
}

// A map from sorted, distinct pairs, of whichever kind their number calls for.
Term map_from_sorted(Process *p, const Pairs &sorted) {
    if (sorted.size() <= kMaxFlatmapSize) return build_flatmap(p, sorted);
    std::vector<Term> leaves;
    leaves.reserve(sorted.size());
    append_leaves(p, sorted, leaves);
    return map_from_leaves(p, leaves);
}

Pairs flatmap_pairs(Term map) {
    Word n = flatmap_size(map);
    const Term *keys = tuple_elements(flatmap_keys(map));
    const Term *vals = flatmap_values(map);
    Pairs pairs;
    pairs.reserve(n);
    for (Word i = 0; i < n; ++i) pairs.push_back({keys[i], vals[i]});
    return pairs;
}

// The leaves of any map; a flatmap's are made on the heap.
void map_leaves(Process *p, Term map, std::vector<Term> &out) {
    if (is_flatmap(map)) append_leaves(p, flatmap_pairs(map), out);
    else hamt_leaves(map, out);
}

Term flatmap_update(Process *p, Term map, const Term *kvs, size_t n, bool exact, Term *missing) {
    Word size = flatmap_size(map);
    Pairs pairs = flatmap_pairs(map);
    bool changed = false;
    for (size_t i = 0; i < n; ++i) {
        Term k = kvs[2 * i], v = kvs[2 * i + 1];
        auto it = std::lower_bound(pairs.begin(), pairs.end(), k,
                                   [](const auto &kv, Term key) { return compare_exact(kv.first, key) < 0; });
        if (it != pairs.end() && compare_exact(it->first, k) == 0) {
            if (it->second != v) changed = true;
            it->second = v;
        } else if (exact) {
            *missing = k;
            return kNonValue;
        } else {
            pairs.insert(it, {k, v});
            changed = true;
        }
    }
    if (!changed) return map;
    if (pairs.size() == size) {
        // Same keys: share the keys tuple, as the BEAM does.
        Word *m = p->alloc(3 + size);
        m[0] = make_header(Subtag::Map, 2 + size);
        m[1] = size << 2 | kFlatmapKind;
        m[2] = flatmap_keys(map);
        for (Word i = 0; i < size; ++i) m[3 + i] = pairs[i].second;
        return make_boxed(m);
    }
    return map_from_sorted(p, pairs);
}

} // namespace

const Term *map_lookup(Term map, Term key) {
    if (!is_flatmap(map)) return hamt_lookup(map, key);
    Word n = flatmap_size(map);
    const Term *keys = tuple_elements(flatmap_keys(map));
    Word lo = 0, hi = n;
    while (lo < hi) {
        Word mid = (lo + hi) / 2;
        int c = compare_exact(keys[mid], key);
        if (c == 0) return flatmap_values(map) + mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return nullptr;
}

Term make_map(Process *p, Pairs pairs) {
    if (pairs.size() > kMaxFlatmapSize) {
        std::vector<Term> leaves;
        leaves.reserve(pairs.size());
        append_leaves(p, pairs, leaves);
        return map_from_leaves(p, leaves);
    }
    std::stable_sort(pairs.begin(), pairs.end(), key_less);
    Pairs unique;
    unique.reserve(pairs.size());
    for (auto &kv : pairs) {
        if (!unique.empty() && compare_exact(unique.back().first, kv.first) == 0) unique.back() = kv; // the later key too (0.0 vs -0.0)
        else unique.push_back(kv);
    }
    return build_flatmap(p, unique);
}

Term map_update(Process *p, Term map, const Term *kvs, size_t n, bool exact, Term *missing) {
    if (is_flatmap(map)) return flatmap_update(p, map, kvs, n, exact, missing);
    Term res = map;
    for (size_t i = 0; i < n; ++i) {
        Term r = hamt_put(p, res, kvs[2 * i], kvs[2 * i + 1], exact ? HamtPut::Update : HamtPut::Put);
        if (r == kNonValue) {
            *missing = kvs[2 * i];
            return kNonValue;
        }
        res = r;
    }
    return res;
}

Term map_remove(Process *p, Term map, Term key, Term *value) {
    const Term *slot = map_lookup(map, key);
    if (!slot) return map;
    if (value) *value = *slot;
    Word size = map_size(map);
    if (!is_flatmap(map) && size - 1 > kMaxFlatmapSize) return hamt_remove(p, map, key);
    // A flatmap, or a HAMT becoming one.
    Pairs pairs;
    pairs.reserve(size);
    MapIterator it(map);
    Term k, v;
    while (it.next(k, v))
        if (!map_keys_equal(k, key)) pairs.push_back({k, v});
    if (!is_flatmap(map)) std::sort(pairs.begin(), pairs.end(), key_less);
    return build_flatmap(p, pairs);
}

Term map_merge(Process *p, Term a, Term b) {
    if (a == b) return a;
    Word na = map_size(a), nb = map_size(b);
    // Merging with an empty map answers the other map itself, as erts does (erts_debug:same/2).
    if (na == 0) return b;
    if (nb == 0) return a;
    if (is_flatmap(a) && is_flatmap(b)) {
        Pairs pa = flatmap_pairs(a), pb = flatmap_pairs(b), merged;
        merged.reserve(na + nb);
        size_t i = 0, j = 0;
        while (i < pa.size() || j < pb.size()) {
            int c = i == pa.size() ? 1 : j == pb.size() ? -1 : compare_exact(pa[i].first, pb[j].first);
            if (c < 0) merged.push_back(pa[i++]);
            else if (c > 0) merged.push_back(pb[j++]);
            else merged.push_back(pb[j++]), ++i;
        }
        return map_from_sorted(p, merged);
    }
    // At least one HAMT: the result is a HAMT. Few keys on one side are inserted into the
    // other; otherwise the trie is rebuilt over all leaves (reusing the HAMTs' leaves).
    if (na == 0) return b;
    if (nb == 0) return a;
    if (!is_flatmap(a) && nb * 8 <= na) {
        Term res = a;
        MapIterator it(b);
        Term k, v;
        while (it.next(k, v)) res = hamt_put(p, res, k, v, HamtPut::Put);
        return res;
    }
    if (!is_flatmap(b) && na * 8 <= nb) {
        Term res = b;
        MapIterator it(a);
        Term k, v;
        while (it.next(k, v)) res = hamt_put(p, res, k, v, HamtPut::IfAbsent);
        return res;
    }
    std::vector<Term> leaves;
    map_leaves(p, a, leaves);
    map_leaves(p, b, leaves);
    return map_from_leaves(p, leaves);
}

} // namespace hamlet
