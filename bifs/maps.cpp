// Map BIFs: the erlang ones (map_size, map_get, is_map_key), the maps module functions that
// OTP 25 implements natively, and erts_internal:map_next/3 behind maps:iterator/next,
// maps:to_list and maps:fold.
//
// Order: a flatmap's pairs come in key order everywhere. A HAMT iterates depth first in
// slot order (vm/hamt.h MapIterator); maps:keys/1 and maps:values/1 cons up that order, so
// they return it reversed, as erts does.
#include "bifs/bif.h"

#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/map_ops.h"
#include "vm/term_build.h"

#include <algorithm>
#include <vector>

namespace hamlet {

namespace {

inline Term boolean(bool b) { return b ? atom::true_ : atom::false_; }
inline Term badmap(Process *p, Term t) { return p->error_tuple(atom::badmap, t); }

// Keys and values in the order of maps:keys/1 and maps:values/1.
void listing_order(Term map, std::vector<Term> &keys, std::vector<Term> &values) {
    map_pairs(map, keys, values);
    if (!is_flatmap(map)) {
        std::reverse(keys.begin(), keys.end());
        std::reverse(values.begin(), values.end());
    }
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
    Term rest = map_remove(p, args[1], args[0]);
    return make_tuple(p, {value, rest});
}

Term maps_keys_1(Process *p, const Term *args) {
    if (!is_map(args[0])) return badmap(p, args[0]);
    std::vector<Term> keys, values;
    listing_order(args[0], keys, values);
    return list_of(p, keys);
}

Term maps_values_1(Process *p, const Term *args) {
    if (!is_map(args[0])) return badmap(p, args[0]);
    std::vector<Term> keys, values;
    listing_order(args[0], keys, values);
    return list_of(p, values);
}

Term maps_merge_2(Process *p, const Term *args) {
    Term a = args[0], b = args[1];
    if (!is_map(a)) return badmap(p, a);
    if (!is_map(b)) return badmap(p, b);
    return map_merge(p, a, b);
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
// A flatmap comes back whole (Path must be a small integer from 0 to the map size and is
// otherwise ignored). A HAMT comes back in pieces in iteration order, Path naming the next
// leaf: 4 bits per trie level (the child's position in its node), the root's lowest, 16
// levels per 64-bit digit of a bignum when deeper. erts returns up to a quarter of the
// caller's remaining reductions' worth of pairs per call, but at most 32 for Path 0;
// Hamlet returns 32 for Path 0 and then up to 1000 (a full time slice's worth).
namespace {

constexpr size_t kFirstChunk = kMaxFlatmapSize;
constexpr size_t kLaterChunk = 1000;

bool path_digits(Term path, std::vector<Word> &digits) {
    if (is_small(path)) {
        if (small_value(path) < 0) return false;
        digits.assign(1, Word(small_value(path)));
        return true;
    }
    if (!is_bignum(path) || bignum_negative(path)) return false;
    digits.assign(bignum_limbs(path), bignum_limbs(path) + bignum_limb_count(path));
    return true;
}

Term path_term(Process *p, const std::vector<Word> &digits) {
    Word n = digits.size();
    while (n > 1 && digits[n - 1] == 0) --n;
    if (n <= 1) return make_uint64(p, n ? digits[0] : 0);
    Word *hp = p->alloc(integer_words(digits.data(), n, false));
    return make_integer(hp, digits.data(), n, false);
}

} // namespace

Term erts_internal_map_next_3(Process *p, const Term *args) {
    Term path = args[0], map = args[1], acc = args[2];
    static const Term iterator = *AtomTable::global().intern("iterator");
    static const Term none = *AtomTable::global().intern("none");
    if (!is_map(map)) return p->badarg();
    bool as_iterator = acc == iterator;
    if (!as_iterator && !is_list(acc) && !is_nil(acc)) return p->badarg();

    std::vector<Term> leaves; // [K | V] cells for a HAMT; K, V pairs for a flatmap
    Term next_path = kNonValue;
    if (is_flatmap(map)) {
        if (!is_small(path) || small_value(path) < 0 || Word(small_value(path)) > map_size(map)) return p->badarg();
        Word n = flatmap_size(map);
        for (Word i = 0; i < n; ++i) {
            leaves.push_back(tuple_elements(flatmap_keys(map))[i]);
            leaves.push_back(flatmap_values(map)[i]);
        }
    } else {
        std::vector<Word> digits;
        if (!path_digits(path, digits)) return p->badarg();
        size_t budget = std::min<size_t>(digits.size() == 1 && digits[0] == 0 ? kFirstChunk : kLaterChunk,
                                         map_size(map));
        struct Frame {
            const Word *node;
            unsigned next, count; // next: the child after the one on the path
        };
        std::vector<Frame> stack;
        // Down to the leaf Path names; beyond its digits the path continues with zeros.
        const Word *node = boxed_ptr(map);
        size_t digit = 0;
        Word cur = digits[0];
        for (unsigned i = 1;; ++i) {
            unsigned count = hamt_node_count(node), elem = unsigned(cur & 0xF);
            if (elem >= count) return p->badarg();
            stack.push_back({node, elem + 1, count});
            Term child = hamt_node_children(node)[elem];
            if (is_list(child)) {
                leaves.push_back(child);
                break;
            }
            node = boxed_ptr(child);
            cur >>= 4;
            if (i == 16) {
                i = 0;
                cur = ++digit < digits.size() ? digits[digit] : 0;
            }
        }
        size_t left = budget - 1;
        // On through the trie in order while the budget lasts.
        while (!stack.empty()) {
            Frame f = stack.back();
            stack.pop_back();
            const Term *kids = hamt_node_children(f.node);
            while (f.next < f.count && left > 0 && is_list(kids[f.next])) {
                leaves.push_back(kids[f.next++]);
                --left;
            }
            if (left == 0) {
                // Leave the stack pointing at the next unvisited child, if any.
                if (f.next < f.count) {
                    stack.push_back({f.node, f.next + 1, f.count});
                } else {
                    while (!stack.empty()) {
                        Frame g = stack.back();
                        stack.pop_back();
                        if (g.next < g.count) {
                            stack.push_back({g.node, g.next + 1, g.count});
                            break;
                        }
                    }
                }
                break;
            }
            if (f.next < f.count) {
                stack.push_back({f.node, f.next + 1, f.count});
                const Word *child = boxed_ptr(kids[f.next]);
                stack.push_back({child, 0, hamt_node_count(child)});
            }
        }
        if (!stack.empty()) {
            // The position of each frame's child on the path, root in the lowest nibble.
            std::vector<Word> out((stack.size() + 15) / 16, 0);
            for (size_t level = 0; level < stack.size(); ++level)
                out[level / 16] |= Word(stack[level].next - 1) << (4 * (level % 16));
            next_path = path_term(p, out);
        }
    }

    bool flat = is_flatmap(map);
    size_t n = flat ? leaves.size() / 2 : leaves.size();
    auto key = [&](size_t i) { return flat ? leaves[2 * i] : car(leaves[i]); };
    auto value = [&](size_t i) { return flat ? leaves[2 * i + 1] : cdr(leaves[i]); };
    if (as_iterator) {
        Term res = next_path != kNonValue ? make_cons(p, next_path, map) : none;
        for (size_t i = n; i-- > 0;) res = make_tuple(p, {key(i), value(i), res});
        return res;
    }
    // erts conses a flatmap's pairs from the last to the first, a HAMT's in iteration order.
    Term res = acc;
    if (flat) {
        for (size_t i = n; i-- > 0;) res = make_cons(p, make_tuple(p, {key(i), value(i)}), res);
    } else {
        for (size_t i = 0; i < n; ++i) res = make_cons(p, make_tuple(p, {key(i), value(i)}), res);
    }
    if (next_path != kNonValue) res = make_cons(p, next_path, make_cons(p, map, res));
    return res;
}

} // namespace hamlet
