// persistent_term: a VM-wide key-value store whose values are read without copying.
//
// Each {Key, Value} is copied once into a literal area of its own; readers get terms that
// point into it, like module literals, so the garbage collector leaves them alone. An erased
// or replaced entry's area goes to the literal area collector (vm/purge.h), which has every
// process copy what it still holds of it before the area is freed, as in erts.
#include "bifs/bif.h"
#include "bifs/trap.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/literal_area.h"
#include "vm/map_ops.h"
#include "vm/purge.h"
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

// erts keeps the terms in an open hash table of 8 buckets or more that doubles when an insert
// finds it half full and halves when an erase finds it at most a quarter full; each term
// {Key, Value} is copied into its own literal area. persistent_term:info/0's memory and
// erts_debug's {table, Buckets} are computed from that model, with erts' sizes on 64-bit
// machines, so that they change as erts' do (Hamlet's own table is a tree).
constexpr size_t kInitialBuckets = 8;
constexpr size_t kHashTableBytes = 104;  // sizeof(HashTable), one bucket included
constexpr size_t kLiteralAreaBytes = 24; // sizeof(ErtsLiteralArea), one word included

class Store {
  public:
    static Store &global() {
        static Store s;
        return s;
    }
    Term get(Term key) {
        std::shared_lock lock(mutex_);
        auto it = table_.find(key);
        return it == table_.end() ? kNonValue : it->second.value;
    }
    void put(Term key, Term value) {
        std::unique_lock lock(mutex_);
        auto it = table_.find(key);
        if (it != table_.end() && terms_exact_equal(it->second.value, value)) return;
        auto area = std::make_unique<LiteralArea>();
        auto [k, v, words] = keep(*area, key, value);
        size_t bytes = area_bytes(words);
        if (it != table_.end()) {
            area_bytes_ -= it->second.bytes;
            release(std::move(it->second.area));
            table_.erase(it);
        } else if (100 * table_.size() >= 50 * buckets_) {
            buckets_ *= 2;
        }
        table_.emplace(k, Entry{v, bytes, std::move(area)});
        area_bytes_ += bytes;
    }
    bool erase(Term key) {
        std::unique_lock lock(mutex_);
        auto it = table_.find(key);
        if (it == table_.end()) return false;
        if (200 * table_.size() <= 50 * buckets_ && buckets_ > kInitialBuckets) buckets_ /= 2;
        area_bytes_ -= it->second.bytes;
        release(std::move(it->second.area));
        table_.erase(it);
        return true;
    }
    std::vector<std::pair<Term, Term>> all() {
        std::shared_lock lock(mutex_);
        std::vector<std::pair<Term, Term>> out;
        out.reserve(table_.size());
        for (auto &[k, e] : table_)
            out.emplace_back(k, e.value);
        return out;
    }
    struct Info {
        size_t count, memory, buckets;
    };
    Info info() {
        std::shared_lock lock(mutex_);
        return {table_.size(), kHashTableBytes + (buckets_ - 1) * sizeof(Word) + area_bytes_,
                buckets_};
    }

  private:
    struct Entry {
        Term value;
        size_t bytes;                      // its literal area's size in erts
        std::unique_ptr<LiteralArea> area; // the key and the value (empty if both immediate)
    };
    // The literal area of the tuple {Key, Value} (words: those of key and value).
    static size_t area_bytes(size_t words) {
        return kLiteralAreaBytes + (3 + words - 1) * sizeof(Word);
    }
    // Copies key and value into the area, keeping the sharing inside them as erts does
    // (erts_debug:size/1 of a stored term is that of the original).
    struct Kept {
        Term key, value;
        size_t words;
    };
    static Kept keep(LiteralArea &area, Term key, Term value) {
        SharedCopy copy;
        size_t words = copy.size(key) + copy.size(value);
        if (!words) return {key, value, 0};
        Word *hp = area.alloc(words);
        Term k = copy.copy(key, hp, area.off_heap());
        Term v = copy.copy(value, hp, area.off_heap());
        return {k, v, words};
    }
    // Processes may still hold the terms: the collector has them copied before freeing.
    static void release(std::unique_ptr<LiteralArea> area) {
        if (area->words()) release_literal_area(std::move(area));
    }
    std::shared_mutex mutex_;
    std::map<Term, Entry, ExactLess> table_;
    size_t buckets_ = kInitialBuckets, area_bytes_ = 0;
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

// Charges a reduction per term, as erts does: a process that loops on get/0 over a large
// table gives up its scheduler after each call instead of keeping it for thousands of calls
// (persistent_term_SUITE's killed_while_trapping: getters held both schedulers for minutes).
Term persistent_term_get_0(Process *p, const Term *) {
    auto all = Store::global().all();
    Term l = kNil;
    for (auto &[k, v] : all)
        l = make_cons(p, make_tuple(p, {k, v}), l);
    charge_reductions(p, int64_t(all.size()));
    return l;
}

// erts_debug:get_internal_state(persistent_term): #{table => Buckets} of erts' table model.
Term persistent_term_internal_state(Process *p) {
    return make_map(p, {{atom_of("table"), make_uint64(p, Store::global().info().buckets)}});
}

Term persistent_term_info_0(Process *p, const Term *) {
    Store::Info i = Store::global().info();
    return make_map(p, {{atom_of("count"), make_uint64(p, i.count)},
                        {atom_of("memory"), make_uint64(p, i.memory)}});
}

} // namespace hamlet
