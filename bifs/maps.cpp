// Map BIFs: the erlang ones (map_size, map_get, is_map_key), the maps module functions that
// OTP 25 implements natively, and erts_internal:map_next/3 behind maps:iterator/next,
// maps:to_list and maps:fold.
//
// Iteration order: a map of up to 32 keys iterates in key order (its flatmap order, as in
// the BEAM); a larger one in the BEAM's hash-trie order (vm/term_hash.h), although every map
// is still stored as a flatmap here.
#include "bifs/bif.h"

#include "vm/atom_table.h"
#include "vm/map_ops.h"
#include "vm/term_build.h"
#include "vm/term_hash.h"

#include <algorithm>
#include <vector>

namespace hamlet {

namespace {

inline Term boolean(bool b) { return b ? atom::true_ : atom::false_; }
inline Term badmap(Process *p, Term t) { return p->error_tuple(atom::badmap, t); }

// Keys and values in the BEAM's iteration order.
void iteration_order(Term map, std::vector<Term> &keys, std::vector<Term> &values) {
    Word n = map_size(map);
    const Term *k = tuple_elements(flatmap_keys(map));
    const Term *v = flatmap_values(map);
    keys.assign(k, k + n);
    values.assign(v, v + n);
    if (n > kMaxFlatmapSize) hamt_order_sort(keys.data(), values.data(), n);
}

Term list_of(Process *p, const std::vector<Term> &elems) {
    size_t n = elems.size();
    if (n == 0) return kNil;
    Word *hp = p->alloc(2 * n);
    for (size_t i = 0; i < n; ++i) {
        hp[2 * i] = elems[i];
        hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * (i + 1)) : kNil;
    }
    return make_list(hp);
}

} // namespace

// ---- erlang ----------------------------------------------------------------------------------

Term erlang_map_size_1(Process *p, const Term *args) {
    if (!is_map(args[0])) return badmap(p, args[0]);
    return make_small(SWord(map_size(args[0])));
}

Term erlang_map_get_2(Process *p, const Term *args) {
    if (!is_map(args[1])) return badmap(p, args[1]);
    const Term *v = map_lookup(args[1], args[0]);
    if (!v) return p->error_tuple(atom::badkey, args[0]);
    return *v;
}

Term erlang_is_map_key_2(Process *p, const Term *args) {
    if (!is_map(args[1])) return badmap(p, args[1]);
    return boolean(map_lookup(args[1], args[0]) != nullptr);
}

// ---- maps ----------------------------------------------------------------------------------

Term maps_get_2(Process *p, const Term *args) { return erlang_map_get_2(p, args); }

Term maps_find_2(Process *p, const Term *args) {
    if (!is_map(args[1])) return badmap(p, args[1]);
    const Term *v = map_lookup(args[1], args[0]);
    if (!v) return atom::error;
    return make_tuple(p, {atom::ok, *v});
}

Term maps_is_key_2(Process *p, const Term *args) { return erlang_is_map_key_2(p, args); }

Term maps_put_3(Process *p, const Term *args) {
    if (!is_map(args[2])) return badmap(p, args[2]);
    Term kv[2] = {args[0], args[1]};
    return map_update(p, args[2], kv, 1, false, nullptr);
}

Term maps_update_3(Process *p, const Term *args) {
    if (!is_map(args[2])) return badmap(p, args[2]);
    Term kv[2] = {args[0], args[1]};
    Term missing = kNonValue;
    Term r = map_update(p, args[2], kv, 1, true, &missing);
    if (r == kNonValue) return p->error_tuple(atom::badkey, missing);
    return r;
}

Term maps_remove_2(Process *p, const Term *args) {
    if (!is_map(args[1])) return badmap(p, args[1]);
    return map_remove(p, args[1], args[0]);
}

Term maps_take_2(Process *p, const Term *args) {
    if (!is_map(args[1])) return badmap(p, args[1]);
    const Term *v = map_lookup(args[1], args[0]);
    if (!v) return atom::error;
    Term value = *v;
    return make_tuple(p, {value, map_remove(p, args[1], args[0])});
}

Term maps_keys_1(Process *p, const Term *args) {
    if (!is_map(args[0])) return badmap(p, args[0]);
    std::vector<Term> keys, values;
    iteration_order(args[0], keys, values);
    return list_of(p, keys);
}

Term maps_values_1(Process *p, const Term *args) {
    if (!is_map(args[0])) return badmap(p, args[0]);
    std::vector<Term> keys, values;
    iteration_order(args[0], keys, values);
    return list_of(p, values);
}

Term maps_merge_2(Process *p, const Term *args) {
    Term a = args[0], b = args[1];
    if (!is_map(a)) return badmap(p, a);
    if (!is_map(b)) return badmap(p, b);
    if (map_size(a) == 0) return b;
    if (map_size(b) == 0) return a;
    Word n = map_size(b);
    std::vector<Term> kvs(2 * n);
    const Term *k = tuple_elements(flatmap_keys(b));
    const Term *v = flatmap_values(b);
    for (Word i = 0; i < n; ++i) kvs[2 * i] = k[i], kvs[2 * i + 1] = v[i];
    return map_update(p, a, kvs.data(), n, false, nullptr);
}

Term maps_from_list_1(Process *p, const Term *args) {
    std::vector<std::pair<Term, Term>> pairs;
    Term l = args[0];
    for (; is_list(l); l = cdr(l)) {
        Term e = car(l);
        if (!is_tuple(e) || tuple_arity(e) != 2) return p->badarg();
        pairs.push_back({tuple_elements(e)[0], tuple_elements(e)[1]});
    }
    if (!is_nil(l)) return p->badarg();
    return make_map(p, std::move(pairs));
}

Term maps_from_keys_2(Process *p, const Term *args) {
    std::vector<std::pair<Term, Term>> pairs;
    Term l = args[0];
    for (; is_list(l); l = cdr(l)) pairs.push_back({car(l), args[1]});
    if (!is_nil(l)) return p->badarg();
    return make_map(p, std::move(pairs));
}

// erts_internal:map_next(Path, Map, iterator | Acc)
//   iterator: {K1, V1, {K2, V2, ... none | [NextPath | Map]}}
//   Acc (a list): [{Kn, Vn}, ... {K1, V1} | Acc], or [NextPath, Map, {Kn, Vn}, ... | Acc]
//                 when more remain (each call's pairs in reverse order, as erts builds them).
// For maps of up to 32 keys (flatmaps in the BEAM) Path must be a small integer from 0 to the
// map size, it is otherwise ignored, and everything is returned at once in key order. For
// larger maps (hash tries in the BEAM) the BEAM iterates in the reverse of the maps:keys/1
// order and, when Path is 0, returns only the first 32 pairs; later calls return the rest.
// Path is then an opaque position (here: how many pairs were already returned; the BEAM uses
// a trie path, so the values differ, but no code should look at them).
Term erts_internal_map_next_3(Process *p, const Term *args) {
    Term path = args[0], map = args[1], acc = args[2];
    static const Term iterator = *AtomTable::global().intern("iterator");
    static const Term none = *AtomTable::global().intern("none");
    if (!is_map(map)) return p->badarg();
    bool as_iterator = acc == iterator;
    if (!as_iterator && !is_list(acc) && !is_nil(acc)) return p->badarg();
    if (!is_small(path) || small_value(path) < 0 || Word(small_value(path)) > map_size(map)) return p->badarg();

    std::vector<Term> keys, values;
    iteration_order(map, keys, values);
    size_t n = keys.size(), start = 0, end = n;
    if (n > kMaxFlatmapSize) {
        std::reverse(keys.begin(), keys.end());
        std::reverse(values.begin(), values.end());
        start = size_t(small_value(path));
        if (start == 0) end = kMaxFlatmapSize;
    }
    if (as_iterator) {
        Term res = end < n ? make_cons(p, make_small(SWord(end)), map) : none;
        for (size_t i = end; i-- > start;) res = make_tuple(p, {keys[i], values[i], res});
        return res;
    }
    // erts conses a flatmap's pairs from the last to the first, and a hash trie's in
    // iteration order.
    Term res = acc;
    if (n > kMaxFlatmapSize) {
        for (size_t i = start; i < end; ++i) res = make_cons(p, make_tuple(p, {keys[i], values[i]}), res);
    } else {
        for (size_t i = end; i-- > start;) res = make_cons(p, make_tuple(p, {keys[i], values[i]}), res);
    }
    if (end < n) res = make_cons(p, make_small(SWord(end)), make_cons(p, map, res));
    return res;
}

} // namespace hamlet
