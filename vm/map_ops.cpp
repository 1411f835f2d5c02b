#include "vm/map_ops.h"

#include "vm/term_compare.h"

#include <algorithm>

namespace hamlet {

const Term *map_lookup(Term map, Term key) {
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

namespace {
Term build_sorted(Process *p, const std::vector<std::pair<Term, Term>> &sorted) {
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
} // namespace

Term make_map(Process *p, std::vector<std::pair<Term, Term>> pairs) {
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const auto &a, const auto &b) { return compare_exact(a.first, b.first) < 0; });
    std::vector<std::pair<Term, Term>> unique;
    unique.reserve(pairs.size());
    for (auto &kv : pairs) {
        if (!unique.empty() && compare_exact(unique.back().first, kv.first) == 0) unique.back().second = kv.second;
        else unique.push_back(kv);
    }
    return build_sorted(p, unique);
}

Term map_update(Process *p, Term map, const Term *kvs, size_t n, bool exact, Term *missing) {
    Word size = flatmap_size(map);
    const Term *keys = tuple_elements(flatmap_keys(map));
    const Term *vals = flatmap_values(map);
    std::vector<std::pair<Term, Term>> pairs;
    pairs.reserve(size + n);
    for (Word i = 0; i < size; ++i) pairs.push_back({keys[i], vals[i]});
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
    return build_sorted(p, pairs);
}

Term map_remove(Process *p, Term map, Term key) {
    if (!map_lookup(map, key)) return map;
    Word size = flatmap_size(map);
    const Term *keys = tuple_elements(flatmap_keys(map));
    const Term *vals = flatmap_values(map);
    std::vector<std::pair<Term, Term>> pairs;
    for (Word i = 0; i < size; ++i)
        if (compare_exact(keys[i], key) != 0) pairs.push_back({keys[i], vals[i]});
    return build_sorted(p, pairs);
}

} // namespace hamlet
