// persistent_term: a VM-wide key-value store whose values are read without copying.
//
// Keys and values are copied once into memory owned by the table; readers get terms that
// point into it, like module literals, so the garbage collector leaves them alone. The BEAM
// makes replaced or erased values safe to free with a global GC pass; Hamlet does not free
// them yet (a replaced value's memory is kept), which is safe but leaks on heavy rewriting.
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <map>
#include <memory>
#include <shared_mutex>
#include <vector>

namespace hamlet {

namespace {

struct ExactLess {
    bool operator()(Term a, Term b) const { return compare_exact(a, b) < 0; }
};

class Store {
  public:
    static Store &global() {
        static Store s;
        return s;
    }
    Term get(Term key) {
        std::shared_lock lock(mutex_);
        auto it = table_.find(key);
        return it == table_.end() ? kNonValue : it->second;
    }
    void put(Term key, Term value) {
        std::unique_lock lock(mutex_);
        auto it = table_.find(key);
        if (it != table_.end() && terms_exact_equal(it->second, value)) return;
        Term v = keep(value);
        if (it != table_.end()) {
            it->second = v;
        } else {
            table_.emplace(keep(key), v);
        }
    }
    bool erase(Term key) {
        std::unique_lock lock(mutex_);
        return table_.erase(key) > 0;
    }
    std::vector<std::pair<Term, Term>> all() {
        std::shared_lock lock(mutex_);
        return {table_.begin(), table_.end()};
    }

  private:
    Term keep(Term t) {
        size_t words = copy_size(t);
        if (!words) return t;
        auto block = std::make_unique<Word[]>(words);
        Term c = copy_term(t, block.get(), off_heap_);
        blocks_.push_back(std::move(block));
        return c;
    }
    std::shared_mutex mutex_;
    std::map<Term, Term, ExactLess> table_;
    std::vector<std::unique_ptr<Word[]>> blocks_;
    OffHeap off_heap_;
};

} // namespace

Term persistent_term_get_1(Process *p, const Term *args) {
    Term v = Store::global().get(args[0]);
    if (v == kNonValue) return p->badarg();
    return v;
}

Term persistent_term_get_2(Process *, const Term *args) {
    Term v = Store::global().get(args[0]);
    return v == kNonValue ? args[1] : v;
}

Term persistent_term_put_2(Process *, const Term *args) {
    Store::global().put(args[0], args[1]);
    return atom::ok;
}

Term persistent_term_erase_1(Process *, const Term *args) {
    return Store::global().erase(args[0]) ? atom::true_ : atom::false_;
}

Term persistent_term_get_0(Process *p, const Term *) {
    Term l = kNil;
    for (auto &[k, v] : Store::global().all()) l = make_cons(p, make_tuple(p, {k, v}), l);
    return l;
}

Term persistent_term_info_0(Process *p, const Term *) {
    // #{count => N, memory => Bytes}
    auto all = Store::global().all();
    std::vector<std::pair<Term, Term>> pairs = {
        {*AtomTable::global().intern("count"), make_small(SWord(all.size()))},
        {*AtomTable::global().intern("memory"), make_small(0)}};
    Word *keys = p->alloc(3);
    keys[0] = make_header(Subtag::Tuple, 2);
    keys[1] = pairs[0].first;
    keys[2] = pairs[1].first;
    Word *m = p->alloc(5);
    m[0] = make_header(Subtag::Map, 4);
    m[1] = Word(2) << 2;
    m[2] = make_boxed(keys);
    m[3] = pairs[0].second;
    m[4] = pairs[1].second;
    return make_boxed(m);
}

} // namespace hamlet
