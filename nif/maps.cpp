// Maps in NIFs: size, lookup, put/update/remove (new maps, the input is never changed),
// maps from arrays, and iterators. An iterator keeps the map's pairs in iteration order
// in an array of its own (ErlNifMapIterator's fields are all internal), indexed from 1 as
// erts indexes it: 0 is before the first pair (head), size + 1 after the last (tail).
#include "nif/nif.h"

#include "vm/hamt.h"
#include "vm/map_ops.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <algorithm>
#include <vector>

using namespace hamlet;

int enif_get_map_size(ErlNifEnv *, ERL_NIF_TERM term, size_t *size) {
    if (!is_map(term)) return 0;
    *size = map_size(term);
    return 1;
}

ERL_NIF_TERM enif_make_new_map(ErlNifEnv *env) {
    return make_map(env->heap, {});
}

int enif_make_map_put(ErlNifEnv *env, ERL_NIF_TERM map_in, ERL_NIF_TERM key, ERL_NIF_TERM value,
                      ERL_NIF_TERM *map_out) {
    if (!is_map(map_in)) return 0;
    Term kv[2] = {key, value};
    Term missing = kNonValue;
    Term r = map_update(env->heap, map_in, kv, 1, false, &missing);
    if (r == kNonValue) return 0;
    *map_out = r;
    return 1;
}

int enif_get_map_value(ErlNifEnv *, ERL_NIF_TERM map, ERL_NIF_TERM key, ERL_NIF_TERM *value) {
    if (!is_map(map)) return 0;
    const Term *v = map_lookup(map, key);
    if (!v) return 0;
    *value = *v;
    return 1;
}

int enif_make_map_update(ErlNifEnv *env, ERL_NIF_TERM map_in, ERL_NIF_TERM key, ERL_NIF_TERM value,
                         ERL_NIF_TERM *map_out) {
    if (!is_map(map_in) || !map_lookup(map_in, key)) return 0;
    Term kv[2] = {key, value};
    Term missing = kNonValue;
    Term r = map_update(env->heap, map_in, kv, 1, true, &missing);
    if (r == kNonValue) return 0;
    *map_out = r;
    return 1;
}

int enif_make_map_remove(ErlNifEnv *env, ERL_NIF_TERM map_in, ERL_NIF_TERM key,
                         ERL_NIF_TERM *map_out) {
    if (!is_map(map_in)) return 0;
    *map_out = map_remove(env->heap, map_in, key);
    return 1;
}

int enif_make_map_from_arrays(ErlNifEnv *env, ERL_NIF_TERM keys[], ERL_NIF_TERM values[],
                              size_t cnt, ERL_NIF_TERM *map_out) {
    std::vector<std::pair<Term, Term>> pairs;
    pairs.reserve(cnt);
    for (size_t i = 0; i < cnt; ++i)
        pairs.emplace_back(keys[i], values[i]);
    // Equal keys make it fail (compare_exact: 1 and 1.0 are different keys).
    std::vector<Term> sorted(keys, keys + cnt);
    std::sort(sorted.begin(), sorted.end(), [](Term a, Term b) { return compare_exact(a, b) < 0; });
    for (size_t i = 1; i < sorted.size(); ++i)
        if (compare_exact(sorted[i - 1], sorted[i]) == 0) return 0;
    *map_out = make_map(env->heap, std::move(pairs));
    return 1;
}

// ---- iterators: u.hash.kv holds [k1, v1, k2, v2, ...] (new[]), size and idx as erts ----

int enif_map_iterator_create(ErlNifEnv *, ERL_NIF_TERM map, ErlNifMapIterator *iter,
                             ErlNifMapIteratorEntry entry) {
    if (!is_map(map) || (entry != ERL_NIF_MAP_ITERATOR_FIRST && entry != ERL_NIF_MAP_ITERATOR_LAST))
        return 0;
    std::vector<Term> ks, vs;
    map_pairs(map, ks, vs);
    auto *kv = new Term[2 * ks.size() + 1];
    for (size_t i = 0; i < ks.size(); ++i) {
        kv[2 * i] = ks[i];
        kv[2 * i + 1] = vs[i];
    }
    iter->map = map;
    iter->size = ks.size();
    iter->idx = entry == ERL_NIF_MAP_ITERATOR_FIRST ? 1 : ks.size();
    iter->u.hash.wstack = nullptr;
    iter->u.hash.kv = kv;
    return 1;
}

void enif_map_iterator_destroy(ErlNifEnv *, ErlNifMapIterator *iter) {
    delete[] iter->u.hash.kv;
    iter->u.hash.kv = nullptr;
}

int enif_map_iterator_is_head(ErlNifEnv *, ErlNifMapIterator *iter) {
    return iter->idx == 0;
}

int enif_map_iterator_is_tail(ErlNifEnv *, ErlNifMapIterator *iter) {
    return iter->idx > iter->size;
}

int enif_map_iterator_next(ErlNifEnv *, ErlNifMapIterator *iter) {
    if (iter->idx <= iter->size) {
        ++iter->idx;
        return iter->idx <= iter->size;
    }
    return 0;
}

int enif_map_iterator_prev(ErlNifEnv *, ErlNifMapIterator *iter) {
    if (iter->idx > 0) --iter->idx;
    return iter->idx > 0;
}

int enif_map_iterator_get_pair(ErlNifEnv *, ErlNifMapIterator *iter, ERL_NIF_TERM *key,
                               ERL_NIF_TERM *value) {
    if (iter->idx == 0 || iter->idx > iter->size) return 0;
    *key = iter->u.hash.kv[2 * (iter->idx - 1)];
    *value = iter->u.hash.kv[2 * (iter->idx - 1) + 1];
    return 1;
}
