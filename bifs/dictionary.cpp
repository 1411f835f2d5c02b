// The process dictionary: get/put/erase, kept in insertion order (as get/0 shows it).
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

namespace hamlet {

Term erlang_get_1(Process *p, const Term *args) {
    for (auto &[k, v] : p->dictionary)
        if (terms_exact_equal(k, args[0])) return v;
    return atom::undefined;
}

Term erlang_get_0(Process *p, const Term *) {
    Term l = kNil;
    for (auto it = p->dictionary.rbegin(); it != p->dictionary.rend(); ++it)
        l = make_cons(p, make_tuple(p, {it->first, it->second}), l);
    return l;
}

Term erlang_put_2(Process *p, const Term *args) {
    for (auto &[k, v] : p->dictionary)
        if (terms_exact_equal(k, args[0])) {
            Term old = v;
            v = args[1];
            return old;
        }
    p->dictionary.push_back({args[0], args[1]});
    return atom::undefined;
}

Term erlang_erase_1(Process *p, const Term *args) {
    auto &d = p->dictionary;
    for (auto it = d.begin(); it != d.end(); ++it)
        if (terms_exact_equal(it->first, args[0])) {
            Term old = it->second;
            d.erase(it);
            return old;
        }
    return atom::undefined;
}

Term erlang_erase_0(Process *p, const Term *args) {
    Term all = erlang_get_0(p, args);
    p->dictionary.clear();
    return all;
}

Term erlang_get_keys_0(Process *p, const Term *) {
    Term l = kNil;
    for (auto it = p->dictionary.rbegin(); it != p->dictionary.rend(); ++it)
        l = make_cons(p, it->first, l);
    return l;
}

Term erlang_get_keys_1(Process *p, const Term *args) {
    Term l = kNil;
    for (auto it = p->dictionary.rbegin(); it != p->dictionary.rend(); ++it)
        if (terms_exact_equal(it->second, args[0])) l = make_cons(p, it->first, l);
    return l;
}

} // namespace hamlet
