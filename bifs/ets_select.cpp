// ETS match and select: match/1,2,3, match_object/1,2,3, select/1,2,3, select_reverse,
// select_count, select_delete (internal_select_delete), and compiled match specifications.
//
// Hash tables are walked the way erl_db_hash.c walks them: slot by slot, each chain in
// order, results consed onto a list (so the list comes out in reverse walk order); a
// chunk ends at a bucket boundary once it has enough results and the surplus travels in
// the continuation; when every clause's head has a fully bound key, only those keys'
// buckets are visited. ordered_set tables are walked in key order (descending for
// select_reverse). Continuations have the BEAM's shapes:
//   hash:        {Tid, NextSlot, ChunkSize, MatchSpec, Rest, RestSize}
//   ordered_set: {Tid, LastKey, [], ChunkSize, MatchSpec, [], 0, Reverse}
// where MatchSpec is the specification itself (the BEAM holds a compiled one there).
#include "bifs/ets_common.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/map.h"
#include "vm/match_spec.h"
#include "vm/ref.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <algorithm>

namespace hamlet {

using ets_atoms::get;

namespace {

constexpr size_t kTrapIterations = 1000; // objects the BEAM visits before it yields

// '$$' and '$_' bodies for match and match_object patterns, built on p's heap for
// continuations.
Term pattern_spec(Process *p, Term pattern, bool all_vars) {
    static const Term kAllVars = *AtomTable::global().intern("$$"),
                      kObject = *AtomTable::global().intern("$_");
    return make_cons(
        p, make_tuple(p, {pattern, kNil, make_cons(p, all_vars ? kAllVars : kObject, kNil)}), kNil);
}

// A spec from match_spec_compile/1 is {'$hamlet_compiled_ms', Spec}.
Term unwrap_compiled(Term ms) {
    if (is_tuple(ms) && tuple_arity(ms) == 2 && tuple_elements(ms)[0] == get().compiled_ms)
        return tuple_elements(ms)[1];
    return ms;
}

// The error for a specification that does not compile: badarg, or system_limit for one
// nested too deep.
Term ms_failed(Process *p, MsStatus status) {
    return status == MsStatus::TooDeep ? p->system_limit() : ets_badarg(p);
}

// Whether a key pattern holds '_', a '$N' variable or a map (maps are not walked); with an
// explicit stack, as a key may be nested as deep as any term.
bool has_variable(Term t) {
    static const Term kUnderscore = *AtomTable::global().intern("_");
    std::vector<Term> todo{t};
    while (!todo.empty()) {
        t = todo.back();
        todo.pop_back();
        if (is_atom(t)) {
            if (t == kUnderscore || ms_variable_number(t) >= 0) return true;
        } else if (is_list(t)) {
            todo.push_back(cdr(t));
            todo.push_back(car(t));
        } else if (is_tuple(t)) {
            todo.insert(todo.end(), tuple_elements(t), tuple_elements(t) + tuple_arity(t));
        } else if (is_boxed_of(t, Subtag::Map)) {
            return true;
        }
    }
    return false;
}

// Buckets to visit when every head binds its key fully (erl_db_hash.c analyze_pattern):
// returns false when some head leaves the key open (walk everything).
bool bound_key_buckets(EtsTable &t, const MatchSpec &ms, std::vector<size_t> &slots) {
    static const Term kUnderscore = *AtomTable::global().intern("_");
    for (const MsClause &c : ms.clauses()) {
        Term head = c.head;
        if (head == kUnderscore || ms_variable_number(head) >= 0) return false;
        if (!is_tuple(head) || tuple_arity(head) < t.keypos) continue; // this clause never matches
        Term key = tuple_elements(head)[t.keypos - 1];
        if (has_variable(key)) return false;
        uint32_t h = ets_key_hash(key);
        size_t ix = t.hash.slot_of(h);
        // Without write_concurrency the BEAM only keeps buckets where the key is present.
        if (t.write_concurrency == atom::false_ && !t.find_hash(key, h)) continue;
        if (std::find(slots.begin(), slots.end(), ix) == slots.end()) slots.push_back(ix);
    }
    return true;
}

// The state of one hash-table walk (erl_db_hash.c match_traverse).
struct HashWalk {
    Term list = kNil;     // results, newest first
    size_t got = 0;       // results in list
    long slot = 0;        // the next slot to visit; -1 at the end of the table
    size_t visited = 0;   // objects looked at in this call
    bool trapped = false; // the BEAM would have yielded and resumed (changes chunk splits)
};

// Runs ms on every object of one chain; `on_match` gets each match and its result.
template <typename F> void visit_chain(EtsObject *o, F &&on_object) {
    while (o) {
        EtsObject *next = o->next; // on_object may free o
        on_object(o);
        o = next;
    }
}

// Walks from w.slot; stops at a bucket boundary once `chunk` results are in (chunk > 0).
template <typename F> void hash_walk_from(EtsTable &t, size_t chunk, HashWalk &w, F &&on_object) {
    size_t ix = size_t(w.slot), budget = kTrapIterations;
    for (;;) {
        visit_chain(t.hash.bucket(ix), [&](EtsObject *o) {
            ++w.visited;
            if (budget) --budget;
            on_object(o);
        });
        ix = t.hash.next_slot(ix);
        if (ix == 0) {
            w.slot = -1;
            return;
        }
        if (chunk && w.got >= chunk) {
            w.slot = long(ix);
            return;
        }
        if (budget == 0) {
            w.trapped = true;
            budget = kTrapIterations;
        }
    }
}

// The whole walk of a fresh select: bound-key buckets only, or every slot from 0.
template <typename F>
void hash_walk(EtsTable &t, const MatchSpec &ms, size_t chunk, HashWalk &w, F &&on_object) {
    std::vector<size_t> slots;
    if (bound_key_buckets(t, ms, slots)) {
        for (size_t ix : slots)
            visit_chain(t.hash.bucket(ix), [&](EtsObject *o) {
                ++w.visited;
                on_object(o);
            });
        w.slot = -1;
        return;
    }
    w.slot = 0;
    hash_walk_from(t, chunk, w, on_object);
}

Term hash_continuation(Process *p, const EtsTable &t, const HashWalk &w, size_t chunk, Term spec,
                       Term rest, size_t rest_size) {
    return make_tuple(p, {make_ref(p, t.id), make_small(w.slot), make_small(SWord(chunk)), spec,
                          rest, make_small(SWord(rest_size))});
}

// The result of a chunked hash select (select_chunk_on_loop_ended and its
// continue variant): the surplus beyond `chunk` goes into the continuation.
Term hash_chunk_result(Process *p, const EtsTable &t, HashWalk &w, size_t chunk, Term spec,
                       bool continued) {
    const Term eot = get().end_of_table;
    if (!continued && !w.trapped && w.visited == 0) return eot;
    Term rest = kNil;
    size_t rest_size = 0;
    if (w.got > chunk) {
        size_t surplus = w.got - chunk;
        if (continued || w.trapped) {
            for (; rest_size < surplus; ++rest_size) {
                rest = make_cons(p, car(w.list), rest);
                w.list = cdr(w.list);
            }
        } else {
            std::vector<Term> head;
            for (; rest_size < surplus; ++rest_size) {
                head.push_back(car(w.list));
                w.list = cdr(w.list);
            }
            for (size_t i = head.size(); i-- > 0;)
                rest = make_cons(p, head[i], rest);
        }
    }
    if (!is_nil(rest) || w.slot >= 0)
        return make_tuple(p, {w.list, hash_continuation(p, t, w, chunk, spec, rest, rest_size)});
    if (!is_nil(w.list)) return make_tuple(p, {w.list, eot});
    return eot;
}

// ---- ordered_set ----

Term tree_continuation(Process *p, const EtsTable &t, Term last_key, size_t chunk, Term spec,
                       bool reverse) {
    size_t words = copy_size(last_key);
    Term key = words ? copy_term(last_key, p->alloc(words), p->off_heap) : last_key;
    return make_tuple(p, {make_ref(p, t.id), key, kNil, make_small(SWord(chunk)), spec, kNil,
                          make_small(0), make_small(reverse ? 1 : 0)});
}

// Visits objects in key order (or reverse), starting after `after` when given; stops when
// on_object returns false.
template <typename F> void tree_walk(EtsTable &t, bool reverse, Term after, F &&on_object) {
    auto &tree = t.tree;
    if (!reverse) {
        auto it = after == kNonValue ? tree.begin() : tree.upper_bound(after);
        for (; it != tree.end();) {
            auto cur = it++;
            if (!on_object(cur->second)) return;
        }
    } else {
        auto it = after == kNonValue ? tree.end() : tree.lower_bound(after);
        while (it != tree.begin()) {
            auto cur = std::prev(it);
            it = cur;
            if (!on_object(cur->second)) return;
        }
    }
}

Term tree_select(Process *p, EtsTable &t, const MatchSpec &ms, size_t chunk, Term spec,
                 bool reverse, Term after) {
    std::vector<Term> results;
    Term last_key = kNonValue;
    tree_walk(t, reverse, after, [&](EtsObject *o) {
        Term r;
        if (ms.run(p, o->term, true, &r)) {
            results.push_back(r);
            last_key = o->key(t.keypos);
        }
        return !chunk || results.size() < chunk;
    });
    Term l = kNil;
    for (size_t i = results.size(); i-- > 0;)
        l = make_cons(p, results[i], l);
    if (!chunk) return l;
    if (results.empty()) return get().end_of_table;
    if (results.size() < chunk) return make_tuple(p, {l, get().end_of_table});
    return make_tuple(p, {l, tree_continuation(p, t, last_key, chunk, spec, reverse)});
}

// ---- the shared entry points ----

// select/2,3, match/2,3, match_object/2,3 and the reverse variants on an acquired table.
Term do_select(Process *p, EtsLocked &t, const MatchSpec &ms, Term spec, size_t chunk,
               bool reverse) {
    if (t->ordered()) return tree_select(p, *t.t, ms, chunk, spec, reverse, kNonValue);
    HashWalk w;
    hash_walk(*t.t, ms, chunk, w, [&](EtsObject *o) {
        Term r;
        if (ms.run(p, o->term, true, &r)) {
            w.list = make_cons(p, r, w.list);
            ++w.got;
        }
    });
    if (!chunk) return w.list;
    return hash_chunk_result(p, *t.t, w, chunk, spec, false);
}

bool chunk_size(Term t, size_t *out) {
    if (!is_small(t) || small_value(t) <= 0) return false;
    *out = size_t(small_value(t));
    return true;
}

Term select_entry(Process *p, Term tab, Term spec, Term chunk_arg, bool reverse, int pattern_kind) {
    // pattern_kind: 0 select (spec), 1 match (pattern, '$$'), 2 match_object (pattern, '$_')
    EtsLocked t = ets_acquire(p, tab, EtsNeed::Read);
    if (!t) return ets_acquire_failed(p);
    size_t chunk = 0;
    if (chunk_arg != kNonValue && !chunk_size(chunk_arg, &chunk)) return ets_badarg(p);
    MatchSpec ms;
    if (pattern_kind) {
        if (!ms.compile_pattern(spec, pattern_kind == 1)) return ets_badarg(p);
        if (chunk) spec = pattern_spec(p, spec, pattern_kind == 1);
    } else if (MsStatus s = ms.compile(unwrap_compiled(spec)); s != MsStatus::Ok) {
        return ms_failed(p, s);
    }
    return do_select(p, t, ms, spec, chunk, reverse);
}

// select/1, match/1, match_object/1, select_reverse/1.
Term select_continue(Process *p, Term cont) {
    const Term eot = get().end_of_table;
    if (cont == eot) return eot;
    if (!is_tuple(cont) || (tuple_arity(cont) != 6 && tuple_arity(cont) != 8)) return ets_badarg(p);
    const Term *c = tuple_elements(cont);
    if (!is_boxed_of(c[0], Subtag::Ref)) return ets_badarg(p);
    EtsLocked t = ets_acquire(p, c[0], EtsNeed::Read);
    if (!t) return ets_acquire_failed(p);
    MatchSpec ms;
    if (tuple_arity(cont) == 8) {
        size_t chunk;
        if (!t->ordered() || !chunk_size(c[3], &chunk) ||
            ms.compile(unwrap_compiled(c[4])) != MsStatus::Ok)
            return ets_badarg(p);
        return tree_select(p, *t.t, ms, chunk, c[4], c[7] == make_small(1), c[1]);
    }
    size_t chunk;
    if (t->ordered() || !is_small(c[1]) || !chunk_size(c[2], &chunk) ||
        !(is_list(c[4]) || is_nil(c[4])) || !is_small(c[5]) || small_value(c[5]) < 0 ||
        ms.compile(unwrap_compiled(c[3])) != MsStatus::Ok)
        return ets_badarg(p);
    HashWalk w;
    w.list = c[4];
    w.got = size_t(small_value(c[5]));
    w.slot = long(small_value(c[1]));
    if (w.slot >= 0 && w.got < chunk) {
        if (size_t(w.slot) >= t->hash.active_slots()) return ets_badarg(p);
        hash_walk_from(*t.t, chunk, w, [&](EtsObject *o) {
            Term r;
            if (ms.run(p, o->term, true, &r)) {
                w.list = make_cons(p, r, w.list);
                ++w.got;
            }
        });
    }
    return hash_chunk_result(p, *t.t, w, chunk, c[3], true);
}

} // namespace

Term ets_select_2(Process *p, const Term *args) {
    return select_entry(p, args[0], args[1], kNonValue, false, 0);
}
Term ets_select_3(Process *p, const Term *args) {
    return select_entry(p, args[0], args[1], args[2], false, 0);
}
Term ets_select_1(Process *p, const Term *args) {
    return select_continue(p, args[0]);
}
Term ets_select_reverse_2(Process *p, const Term *args) {
    return select_entry(p, args[0], args[1], kNonValue, true, 0);
}
Term ets_select_reverse_3(Process *p, const Term *args) {
    return select_entry(p, args[0], args[1], args[2], true, 0);
}
Term ets_select_reverse_1(Process *p, const Term *args) {
    return select_continue(p, args[0]);
}
Term ets_match_2(Process *p, const Term *args) {
    return select_entry(p, args[0], args[1], kNonValue, false, 1);
}
Term ets_match_3(Process *p, const Term *args) {
    return select_entry(p, args[0], args[1], args[2], false, 1);
}
Term ets_match_1(Process *p, const Term *args) {
    return select_continue(p, args[0]);
}
Term ets_match_object_2(Process *p, const Term *args) {
    return select_entry(p, args[0], args[1], kNonValue, false, 2);
}
Term ets_match_object_3(Process *p, const Term *args) {
    return select_entry(p, args[0], args[1], args[2], false, 2);
}
Term ets_match_object_1(Process *p, const Term *args) {
    return select_continue(p, args[0]);
}

Term ets_select_count_2(Process *p, const Term *args) {
    EtsLocked t = ets_acquire(p, args[0], EtsNeed::Read);
    if (!t) return ets_acquire_failed(p);
    MatchSpec ms;
    if (MsStatus s = ms.compile(unwrap_compiled(args[1])); s != MsStatus::Ok)
        return ms_failed(p, s);
    uint64_t n = 0;
    auto count = [&](EtsObject *o) {
        Term r;
        if (ms.run(p, o->term, false, &r) && r == atom::true_) ++n;
        return true;
    };
    if (t->ordered()) {
        tree_walk(*t.t, false, kNonValue, count);
    } else {
        HashWalk w;
        hash_walk(*t.t, ms, 0, w, count);
    }
    return make_uint64(p, n);
}

Term ets_internal_select_delete_2(Process *p, const Term *args) {
    EtsLocked t = ets_acquire(p, args[0], EtsNeed::Write);
    if (!t) return ets_acquire_failed(p);
    MatchSpec ms;
    if (MsStatus s = ms.compile(unwrap_compiled(args[1])); s != MsStatus::Ok)
        return ms_failed(p, s);
    uint64_t n = 0;
    if (t->ordered()) {
        std::vector<Term> doomed; // keys point into the objects: collect, then erase
        tree_walk(*t.t, false, kNonValue, [&](EtsObject *o) {
            Term r;
            if (ms.run(p, o->term, false, &r) && r == atom::true_)
                doomed.push_back(o->key(t->keypos));
            return true;
        });
        for (Term k : doomed) {
            auto it = t->tree.find(k);
            EtsObject *o = it->second;
            t->tree.erase(it);
            EtsObject::destroy(o);
            ++n;
        }
    } else {
        // Unlink matching objects chain by chain; resize once at the end.
        std::vector<size_t> slots;
        if (!bound_key_buckets(*t.t, ms, slots)) {
            size_t ix = 0;
            do
                slots.push_back(ix);
            while ((ix = t->hash.next_slot(ix)) != 0);
        }
        for (size_t ix : slots) {
            EtsObject **pos = &t->hash.bucket(ix);
            while (*pos) {
                EtsObject *o = *pos;
                Term r;
                if (ms.run(p, o->term, false, &r) && r == atom::true_) {
                    *pos = o->next;
                    EtsObject::destroy(o);
                    ++n;
                } else {
                    pos = &o->next;
                }
            }
        }
        t->hash.removed(n, t->fixed());
    }
    return make_uint64(p, n);
}

// ---- select_replace ----------------------------------------------------------------------------

namespace {

// erts' check that a body term, read as a match specification expression, builds exactly the
// term `head` (a part of the clause's head): the same constants, the same variables, tuples
// element by element ({{...}} builds a tuple, {const, T} quotes T). A map or anything that
// calls a function is not known to keep it.
bool builds_same(Term head, Term body, bool quoted) {
    static const Term kUnderscore = *AtomTable::global().intern("_"),
                      kAllVars = *AtomTable::global().intern("$$"),
                      kObject = *AtomTable::global().intern("$_"),
                      kConst = *AtomTable::global().intern("const");
    struct Step {
        Term head, body;
        bool quoted;
    };
    std::vector<Step> todo{{head, body, quoted}}; // explicit: keys may be nested deep
    while (!todo.empty()) {
        auto [h, b, q] = todo.back();
        todo.pop_back();
        if (is_list(b)) {
            if (!is_list(h)) return false;
            todo.push_back({cdr(h), cdr(b), q});
            todo.push_back({car(h), car(b), q});
            continue;
        }
        if (is_tuple(b)) {
            if (!q) {
                const Term *e = tuple_elements(b);
                if (tuple_arity(b) == 1 && is_tuple(e[0])) {
                    b = e[0];
                } else if (tuple_arity(b) == 2 && e[0] == kConst) {
                    todo.push_back({h, e[1], true});
                    continue;
                } else {
                    return false;
                }
            }
            if (!is_tuple(h) || tuple_arity(h) != tuple_arity(b)) return false;
            for (Word i = tuple_arity(b); i-- > 0;)
                todo.push_back({tuple_elements(h)[i], tuple_elements(b)[i], q});
            continue;
        }
        if (is_map(b)) return false; // the matched map may hold other pairs
        if (is_boxed(b)) {
            if (!terms_exact_equal(h, b)) return false;
            continue;
        }
        if (h != b || h == kUnderscore || h == kAllVars || h == kObject) return false;
        if (q && ms_variable_number(h) >= 0) return false;
    }
    return true;
}

// Whether a clause {Head, Guards, [Body]} keeps the object's key (erts' db_match_keeps_key):
// Body is '$_', or builds a tuple whose key element is the head's key, or is
// {element, KeyPos, '$_'} there.
bool clause_keeps_key(Term clause, unsigned keypos) {
    static auto &atoms = AtomTable::global();
    static const Term kObject = *atoms.intern("$_"), kConst = *atoms.intern("const"),
                      kElement = *atoms.intern("element");
    if (!is_tuple(clause) || tuple_arity(clause) != 3) return false;
    Term head = tuple_elements(clause)[0], body = tuple_elements(clause)[2];
    if (!is_list(body) || !is_nil(cdr(body))) return false;
    Term result = car(body);
    if (result == kObject) return true;
    if (!is_tuple(result)) return false;
    const Term *r = tuple_elements(result);
    Term built;
    bool quoted;
    if (tuple_arity(result) == 2 && r[0] == kConst) {
        built = r[1], quoted = true;
    } else if (tuple_arity(result) == 1) {
        built = r[0], quoted = false;
    } else {
        return false;
    }
    if (!is_tuple(head) || tuple_arity(head) < keypos || !is_tuple(built) ||
        tuple_arity(built) < keypos)
        return false;
    Term head_key = tuple_elements(head)[keypos - 1], built_key = tuple_elements(built)[keypos - 1];
    if (builds_same(head_key, built_key, quoted)) return true;
    if (quoted || !is_tuple(built_key) || tuple_arity(built_key) != 3) return false;
    const Term *e = tuple_elements(built_key);
    return e[0] == kElement && e[1] == make_small(SWord(keypos)) && e[2] == kObject;
}

} // namespace

// ets:select_replace/2: every object a clause matches is replaced by the clause's result,
// which must keep the key (checked on the specification before anything changes, as erts
// does); bags are refused. Returns the number of objects replaced.
Term ets_select_replace_2(Process *p, const Term *args) {
    EtsLocked t = ets_acquire(p, args[0], EtsNeed::Write);
    if (!t) return ets_acquire_failed(p);
    if (t->is_bag()) return ets_badarg(p, get().table_type);
    Term spec = unwrap_compiled(args[1]);
    MatchSpec ms;
    if (MsStatus s = ms.compile(spec); s != MsStatus::Ok) return ms_failed(p, s);
    for (Term l = spec; is_list(l); l = cdr(l))
        if (!clause_keeps_key(car(l), t->keypos)) return ets_badarg(p);
    uint64_t n = 0;
    // The replacement is copied into the table at once: it must not point into the object it
    // replaces, which is freed.
    auto replacement = [&](EtsObject *o) -> EtsObject * {
        Term r;
        if (!ms.run(p, o->term, false, &r)) return nullptr;
        EtsObject *fresh = EtsObject::create(r);
        fresh->hvalue = o->hvalue;
        return fresh;
    };
    if (t->ordered()) {
        std::vector<std::pair<Term, EtsObject *>> replaced; // keys point into old objects
        tree_walk(*t.t, false, kNonValue, [&](EtsObject *o) {
            if (EtsObject *fresh = replacement(o)) replaced.push_back({o->key(t->keypos), fresh});
            return true;
        });
        for (auto &[key, fresh] : replaced) {
            auto it = t->tree.find(key);
            EtsObject *old = it->second;
            t->tree.erase(it);
            t->tree.emplace(fresh->key(t->keypos), fresh);
            EtsObject::destroy(old);
            ++n;
        }
    } else {
        size_t ix = 0;
        do {
            for (EtsObject **pos = &t->hash.bucket(ix); *pos; pos = &(*pos)->next) {
                EtsObject *o = *pos;
                if (EtsObject *fresh = replacement(o)) {
                    fresh->next = o->next;
                    *pos = fresh;
                    EtsObject::destroy(o);
                    ++n;
                }
            }
        } while ((ix = t->hash.next_slot(ix)) != 0);
    }
    return make_uint64(p, n);
}

// ---- compiled specifications -------------------------------------------------------------------

Term ets_match_spec_compile_1(Process *p, const Term *args) {
    MatchSpec ms;
    if (MsStatus s = ms.compile(args[0]); s != MsStatus::Ok) return ms_failed(p, s);
    return make_tuple(p, {get().compiled_ms, args[0]});
}

Term ets_is_compiled_ms_1(Process *, const Term *args) {
    Term t = args[0];
    return is_tuple(t) && tuple_arity(t) == 2 && tuple_elements(t)[0] == get().compiled_ms
               ? atom::true_
               : atom::false_;
}

// match_spec_run_r(List, Compiled, Acc): the results consed onto Acc (ets.erl reverses).
Term ets_match_spec_run_r_3(Process *p, const Term *args) {
    Term c = args[1];
    if (!(is_tuple(c) && tuple_arity(c) == 2 && tuple_elements(c)[0] == get().compiled_ms))
        return ets_badarg(p);
    MatchSpec ms;
    if (MsStatus s = ms.compile(tuple_elements(c)[1]); s != MsStatus::Ok) return ms_failed(p, s);
    Term acc = args[2], l = args[0];
    for (; is_list(l); l = cdr(l)) {
        Term r;
        if (ms.run(p, car(l), false, &r)) acc = make_cons(p, r, acc);
    }
    if (!is_nil(l)) return ets_badarg(p);
    return acc;
}

// erlang:match_spec_test(Term, Spec, table | trace), behind ets:test_ms/2 and dbg's check
// of trace specifications: {ok, Result, Flags, []} (Result false when nothing matches; for
// trace, what message/1 left, else true; Flags [return_trace] and/or [exception_trace]), or
// {error, [{error, Text}]} with erts' lint texts for a specification that does not compile.
Term erlang_match_spec_test_3(Process *p, const Term *args) {
    static const Term kTable = *AtomTable::global().intern("table"),
                      kTrace = *AtomTable::global().intern("trace"),
                      kReturnTrace = *AtomTable::global().intern("return_trace"),
                      kExceptionTrace = *AtomTable::global().intern("exception_trace");
    if (args[2] != kTable && args[2] != kTrace) return ets_badarg(p);
    bool trace = args[2] == kTrace;
    if (trace && !is_list(args[0]) && !is_nil(args[0])) return ets_badarg(p);
    MatchSpec ms;
    std::vector<std::string> errors;
    if (ms.compile(args[1], trace, &errors) != MsStatus::Ok) {
        Term list = kNil;
        for (size_t i = errors.size(); i-- > 0;)
            list = make_cons(p, make_tuple(p, {atom::error, make_string(p, errors[i])}), list);
        return make_tuple(p, {atom::error, list});
    }
    Term r;
    MsTraceActions acts;
    acts.test = true;
    bool matched = ms.run(p, args[0], false, &r, &acts);
    if (trace)
        r = matched ? acts.message : atom::false_;
    else if (!matched)
        r = atom::false_;
    Term flags = kNil;
    if (matched && acts.exception_trace) flags = make_cons(p, kExceptionTrace, flags);
    if (matched && acts.return_trace) flags = make_cons(p, kReturnTrace, flags);
    return make_tuple(p, {atom::ok, r, flags, kNil});
}

} // namespace hamlet
