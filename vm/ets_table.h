// ETS tables: storage owned by the table, the VM-wide registry, and ownership.
//
// Every object (a tuple) is copied into its own block of table-owned memory on insert and
// copied out into the caller's heap on read; refc binaries inside keep a reference of their
// own, released when the object is freed. Tables are shared between scheduler threads: the
// registry maps ids and names to tables under a reader/writer lock, each table has its own
// reader/writer lock, and a table is held by std::shared_ptr so that a thread that found it
// can still lock it safely after another thread deleted it (it then sees `deleted`).
//
// set, bag and duplicate_bag tables reproduce the BEAM's hash table (erl_db_hash.c): the
// same hash values, the same linear-hashing growth (256 buckets to start, one bucket split
// per insert past one object per bucket), the same position of new objects in a chain, and
// the same slot walk. So first/next, tab2list and select visit objects in the BEAM's order
// whenever the hashes agree (see vm/term_hash.h for which keys hash like erts).
// ordered_set tables are a std::map in term order (1 and 1.0 are the same key).
#pragma once

#include "vm/binary.h"
#include "vm/process.h"
#include "vm/term.h"
#include "vm/term_compare.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <utility>
#include <vector>

namespace hamlet {

enum class EtsType : uint8_t { Set, OrderedSet, Bag, DuplicateBag };
enum class EtsAccess : uint8_t { Public, Protected, Private };

// One term copied into memory the table owns.
struct EtsObject {
    EtsObject *next = nullptr; // hash chain (hash tables only)
    uint32_t hvalue = 0;       // hash of the key (hash tables only)
    size_t words = 0;          // heap words of the copy
    OffHeap off_heap;          // refc binaries the copy references
    Term term = kNil;
    Word data[1];

    static EtsObject *create(Term t);
    static void destroy(EtsObject *o);
    Term key(unsigned keypos) const { return tuple_elements(term)[keypos - 1]; }
    Term element(size_t pos) const { return tuple_elements(term)[pos - 1]; }
    size_t arity() const { return tuple_arity(term); }
};

// The hash value the BEAM gives a key: an atom's text hash, else the internal hash.
uint32_t ets_key_hash(Term key);

// The BEAM's linear-hashing bucket array. Chains are singly linked through EtsObject::next.
class EtsHash {
  public:
    explicit EtsHash(unsigned stride);
    ~EtsHash() { clear(); }
    EtsHash(const EtsHash &) = delete;
    EtsHash &operator=(const EtsHash &) = delete;

    void clear(); // frees every object and returns to the initial 256 buckets
    size_t slot_of(uint32_t h) const {
        size_t ix = h & szm_;
        if (ix >= nactive_) ix &= szm_ >> 1;
        return ix;
    }
    EtsObject *&bucket(size_t ix) { return buckets_[ix]; }
    size_t active_slots() const { return nactive_; }
    // The slot after ix in the BEAM's walk order (with several locks it strides by the lock
    // count); 0 when the walk is over.
    size_t next_slot(size_t ix) const {
        ix += stride_;
        if (ix < nactive_) return ix;
        return (ix + 1) & (stride_ - 1);
    }
    size_t size() const { return nitems_; }
    // Bookkeeping after objects were linked in or unlinked; resizes unless fixed.
    void added(bool fixed);
    void removed(size_t n, bool fixed);

  private:
    void grow();
    void shrink();
    void update_shrink_limit();
    std::vector<EtsObject *> buckets_; // nslots entries, nactive_ of them in use
    size_t nactive_ = 0, szm_ = 0, nitems_ = 0, shrink_limit_ = 0;
    unsigned stride_;
};

struct EtsKeyLess {
    bool operator()(Term a, Term b) const { return compare_terms(a, b) < 0; }
};

class EtsTable {
  public:
    EtsTable(EtsType type, unsigned stride) : type(type), hash(stride) {}
    ~EtsTable();

    // ---- fixed at creation ----
    uint64_t id = 0; // the reference number naming the table
    EtsType type;
    unsigned keypos = 1;
    bool named = false;
    bool read_concurrency = false, compressed = false, decentralized_counters = false;
    Term write_concurrency = 0; // the atom true, false or auto, as info/2 reports it
    uint32_t fixed_locks = 0;   // {debug_hash_fixed_number_of_locks, N}'s N, else 0

    // ---- changed under `lock` (or, for name, under the registry lock) ----
    std::atomic<Term> name{0};
    std::atomic<Term> owner{0};
    std::atomic<EtsAccess> access{EtsAccess::Protected};
    Term heir = 0;                                   // a pid, or the atom none
    EtsObject *heir_data = nullptr;                  // copy of the heir data (none: nullptr)
    std::vector<std::pair<Term, int64_t>> fixations; // safe_fixtable by process
    std::atomic<bool> deleted{false};

    mutable std::shared_mutex lock;

    // ---- storage (guarded by `lock`) ----
    EtsHash hash;                                 // set, bag, duplicate_bag
    std::map<Term, EtsObject *, EtsKeyLess> tree; // ordered_set (keys point into objects)

    bool ordered() const { return type == EtsType::OrderedSet; }
    bool is_bag() const { return type == EtsType::Bag || type == EtsType::DuplicateBag; }
    bool fixed() const { return !fixations.empty(); }
    size_t size() const { return ordered() ? tree.size() : hash.size(); }
    size_t memory_words() const;

    // The chain position of the first object with `key` (hash tables); nullptr if none.
    EtsObject **find_hash(Term key, uint32_t h);
    // Inserts obj (taking ownership). With `only_new`, an existing key makes it fail
    // (returns false and frees nothing: the caller still owns obj).
    bool insert(EtsObject *obj, bool only_new);
    // Calls f(obj) for each object with `key`, in lookup order.
    template <typename F> void for_key(Term key, F &&f);
    // Removes every object with key; returns how many.
    size_t erase_key(Term key);
    // Removes objects equal (=:=) to tuple; returns how many.
    size_t erase_object(Term tuple);
    void clear();
    // Replaces an object of a set or ordered_set with one of the same key, in place.
    void replace(EtsObject *old_obj, EtsObject *new_obj);
    void set_heir(Term pid, Term data);
};

template <typename F> void EtsTable::for_key(Term key, F &&f) {
    if (ordered()) {
        auto it = tree.find(key);
        if (it != tree.end()) f(it->second);
        return;
    }
    uint32_t h = ets_key_hash(key);
    EtsObject **pos = find_hash(key, h);
    if (!pos) return;
    // Objects with one key are adjacent; the chain holds the newest first, lookups
    // return the oldest first.
    std::vector<EtsObject *> group;
    for (EtsObject *o = *pos; o && o->hvalue == h && terms_exact_equal(o->key(keypos), key);
         o = o->next)
        group.push_back(o);
    for (size_t i = group.size(); i-- > 0;)
        f(group[i]);
}

// ---- the registry -------------------------------------------------------------------------

// The table that tab (a reference or a registered name) denotes, or nullptr.
std::shared_ptr<EtsTable> ets_find_table(Term tab);
// Registers a new table; false if it is named and the name is taken.
bool ets_register_table(const std::shared_ptr<EtsTable> &t);
// Removes the table from the registry and frees its objects. False if already deleted.
bool ets_delete_table(const std::shared_ptr<EtsTable> &t);
// Renames a named table; false if the new name is taken.
bool ets_rename_table(const std::shared_ptr<EtsTable> &t, Term new_name);
// Every live table.
std::vector<std::shared_ptr<EtsTable>> ets_all_tables();

// Called by the scheduler after the process `pid` has exited (from any thread): its tables
// go to their heirs with {'ETS-TRANSFER', Tab, Pid, HeirData}, or are deleted; its
// safe_fixtable fixations are released.
void ets_on_process_exit(Term pid);
// Deletes every table (at VM shutdown; optional).
void ets_shutdown();

// The error_info cause of the last ETS BIF failure on this thread (an atom such as id or
// access), or kNonValue when that failure had none: for the stack trace's error_info map,
// #{module => erl_stdlib_errors, cause => Cause}.
Term ets_last_error_cause();
void ets_set_error_cause(Term cause);

} // namespace hamlet
