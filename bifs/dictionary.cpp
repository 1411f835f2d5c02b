// The process dictionary BIFs: get/put/erase on the process's ProcessDict (vm/pdict.h).
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

namespace hamlet {

Term erlang_get_1(Process *p, const Term *args) {
    Term v = p->dictionary.get(args[0]);
    return v == kNonValue ? atom::undefined : v;
}

// The entries as a list in insertion order, each made by item(Key, Value) (kNonValue: left out).
template <class F> static Term dictionary_list(Process *p, F &&item) {
    std::vector<Term> v;
    v.reserve(p->dictionary.size());
    p->dictionary.for_each([&](Term k, Term val) {
        Term t = item(k, val);
        if (t != kNonValue) v.push_back(t);
    });
    Term l = kNil;
    for (auto it = v.rbegin(); it != v.rend(); ++it)
        l = make_cons(p, *it, l);
    return l;
}

Term erlang_get_0(Process *p, const Term *) {
    return dictionary_list(p, [&](Term k, Term v) { return make_tuple(p, {k, v}); });
}

Term erlang_put_2(Process *p, const Term *args) {
    Term old = p->dictionary.put(args[0], args[1]);
    return old == kNonValue ? atom::undefined : old;
}

Term erlang_erase_1(Process *p, const Term *args) {
    Term old = p->dictionary.erase(args[0]);
    return old == kNonValue ? atom::undefined : old;
}

Term erlang_erase_0(Process *p, const Term *args) {
    Term all = erlang_get_0(p, args);
    p->dictionary.clear();
    return all;
}

Term erlang_get_keys_0(Process *p, const Term *) {
    return dictionary_list(p, [](Term k, Term) { return k; });
}

Term erlang_get_keys_1(Process *p, const Term *args) {
    return dictionary_list(
        p, [&](Term k, Term v) { return terms_exact_equal(v, args[0]) ? k : kNonValue; });
}

} // namespace hamlet
