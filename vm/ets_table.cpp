#include "vm/ets_table.h"

#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/scheduler.h"
#include "vm/signals.h"
#include "vm/term_hash.h"

#include <cstdlib>
#include <new>
#include <unordered_map>

namespace hamlet {

// ---- objects ---------------------------------------------------------------------------------

EtsObject *EtsObject::create(Term t) {
    size_t words = copy_size(t);
    void *mem = std::malloc(sizeof(EtsObject) + words * sizeof(Word));
    if (!mem) throw std::bad_alloc();
    auto *o = new (mem) EtsObject;
    o->words = words;
    o->term = words ? copy_term(t, o->data, o->off_heap) : t;
    return o;
}

void EtsObject::destroy(EtsObject *o) {
    if (!o) return;
    o->off_heap.release_all();
    o->~EtsObject();
    std::free(o);
}

uint32_t ets_key_hash(Term key) {
    // erl_db_hash.c MAKE_HASH: atoms use their text hash, everything else the internal hash.
    if (is_atom(key)) return atom_text_hash(AtomTable::global().text(key));
    return internal_hash(key, 0);
}

// ---- the BEAM's hash layout ------------------------------------------------------------------

namespace {
constexpr size_t kFirstSegment = 256; // buckets in the first segment
constexpr size_t kExtSegment = 2048;  // buckets in each further segment
constexpr int kResizeSteps = 5;       // buckets split or joined per operation at most
} // namespace

EtsHash::EtsHash(unsigned stride) : stride_(stride ? stride : 1) {
    clear();
}

void EtsHash::clear() {
    for (size_t i = 0; i < nactive_; ++i) {
        for (EtsObject *o = buckets_[i]; o;) {
            EtsObject *n = o->next;
            EtsObject::destroy(o);
            o = n;
        }
    }
    buckets_.assign(kFirstSegment, nullptr);
    nactive_ = kFirstSegment;
    szm_ = kFirstSegment - 1;
    nitems_ = 0;
    update_shrink_limit();
}

void EtsHash::update_shrink_limit() {
    // Shrink only once a whole extra segment can go and the rest stays below half load.
    size_t nslots = buckets_.size();
    size_t floor = std::max<size_t>(stride_ + kExtSegment, kFirstSegment + 2 * kExtSegment);
    shrink_limit_ = nslots >= floor ? (nslots - kExtSegment) / 2 : 0;
}

void EtsHash::added(bool fixed) {
    ++nitems_;
    if (nitems_ > nactive_ && !fixed) grow();
}

void EtsHash::removed(size_t n, bool fixed) {
    nitems_ -= n;
    if (n && nitems_ < shrink_limit_ && !fixed) shrink();
}

void EtsHash::grow() {
    for (int step = 0; step < kResizeSteps && nitems_ > nactive_; ++step) {
        if (nactive_ == buckets_.size()) {
            buckets_.resize(buckets_.size() + kExtSegment, nullptr);
            update_shrink_limit();
        }
        size_t from = nactive_ & (szm_ >> 1), to = nactive_;
        if (nactive_ > szm_) {
            from = 0;
            szm_ = (szm_ << 1) | 1;
        }
        ++nactive_;
        // Split the chain, keeping the order of each half.
        EtsObject *stay = nullptr, **stay_tail = &stay, *move = nullptr, **move_tail = &move;
        for (EtsObject *o = buckets_[from]; o; o = o->next) {
            if ((o->hvalue & szm_) == from) {
                *stay_tail = o;
                stay_tail = &o->next;
            } else {
                *move_tail = o;
                move_tail = &o->next;
            }
        }
        *stay_tail = nullptr;
        *move_tail = nullptr;
        buckets_[from] = stay;
        buckets_[to] = move;
    }
}

void EtsHash::shrink() {
    for (int step = 0; step < kResizeSteps && nitems_ < shrink_limit_; ++step) {
        size_t src = nactive_ - 1, low = szm_ >> 1, dst = src & low;
        nactive_ = src;
        if (dst == 0) szm_ = low;
        // The source chain goes in front of the destination chain.
        EtsObject *s = buckets_[src];
        buckets_[src] = nullptr;
        if (s) {
            EtsObject **tail = &s;
            while (*tail)
                tail = &(*tail)->next;
            *tail = buckets_[dst];
            buckets_[dst] = s;
        }
        if (buckets_.size() - src >= kExtSegment) {
            buckets_.resize(buckets_.size() - kExtSegment);
            update_shrink_limit();
        }
    }
}

// ---- tables ------------------------------------------------------------------------------------

EtsTable::~EtsTable() {
    clear();
    EtsObject::destroy(heir_data);
}

size_t EtsTable::memory_words() const {
    // An estimate in the BEAM's spirit: a fixed table overhead plus, per object, its copy
    // and a few words of node bookkeeping.
    size_t words = ordered() ? 146 : 331;
    auto object = [&](const EtsObject *o) { words += o->words + (ordered() ? 4 : 3); };
    if (ordered()) {
        for (auto &[k, o] : tree)
            object(o);
    } else {
        auto &h = const_cast<EtsHash &>(hash);
        for (size_t i = 0; i < h.active_slots(); ++i)
            for (EtsObject *o = h.bucket(i); o; o = o->next)
                object(o);
    }
    return words;
}

EtsObject **EtsTable::find_hash(Term key, uint32_t h) {
    EtsObject **pos = &hash.bucket(hash.slot_of(h));
    for (; *pos; pos = &(*pos)->next)
        if ((*pos)->hvalue == h && terms_exact_equal((*pos)->key(keypos), key)) return pos;
    return nullptr;
}

bool EtsTable::insert(EtsObject *obj, bool only_new) {
    Term key = obj->key(keypos);
    if (ordered()) {
        auto it = tree.find(key);
        if (it != tree.end()) {
            if (only_new) return false;
            EtsObject *old = it->second;
            // The map's key points into the old object: re-seat it before freeing.
            tree.erase(it);
            tree.emplace(key, obj);
            EtsObject::destroy(old);
            return true;
        }
        tree.emplace(key, obj);
        return true;
    }
    uint32_t h = ets_key_hash(key);
    obj->hvalue = h;
    EtsObject **pos = &hash.bucket(hash.slot_of(h));
    while (*pos && !((*pos)->hvalue == h && terms_exact_equal((*pos)->key(keypos), key)))
        pos = &(*pos)->next;
    if (*pos) { // key present
        if (only_new) return false;
        if (type == EtsType::Set) {
            obj->next = (*pos)->next;
            EtsObject::destroy(*pos);
            *pos = obj;
            return true;
        }
        if (type == EtsType::Bag) {
            for (EtsObject *o = *pos; o && o->hvalue == h && terms_exact_equal(o->key(keypos), key);
                 o = o->next)
                if (terms_exact_equal(o->term, obj->term)) {
                    EtsObject::destroy(obj);
                    return true;
                }
        }
    }
    // A new key goes at the end of the chain; another object of a bag's key goes in
    // front of that key's group.
    obj->next = *pos;
    *pos = obj;
    hash.added(fixed());
    return true;
}

size_t EtsTable::erase_key(Term key) {
    if (ordered()) {
        auto it = tree.find(key);
        if (it == tree.end()) return 0;
        EtsObject *o = it->second;
        tree.erase(it);
        EtsObject::destroy(o);
        return 1;
    }
    uint32_t h = ets_key_hash(key);
    EtsObject **pos = find_hash(key, h);
    if (!pos) return 0;
    size_t n = 0;
    while (*pos && (*pos)->hvalue == h && terms_exact_equal((*pos)->key(keypos), key)) {
        EtsObject *o = *pos;
        *pos = o->next;
        EtsObject::destroy(o);
        ++n;
    }
    hash.removed(n, fixed());
    return n;
}

size_t EtsTable::erase_object(Term tuple) {
    Term key = tuple_elements(tuple)[keypos - 1];
    if (ordered()) {
        auto it = tree.find(key);
        if (it == tree.end() || !terms_exact_equal(it->second->term, tuple)) return 0;
        EtsObject *o = it->second;
        tree.erase(it);
        EtsObject::destroy(o);
        return 1;
    }
    uint32_t h = ets_key_hash(key);
    EtsObject **pos = find_hash(key, h);
    if (!pos) return 0;
    size_t n = 0;
    while (*pos && (*pos)->hvalue == h && terms_exact_equal((*pos)->key(keypos), key)) {
        EtsObject *o = *pos;
        if (terms_exact_equal(o->term, tuple)) {
            *pos = o->next;
            EtsObject::destroy(o);
            ++n;
        } else {
            pos = &o->next;
        }
    }
    hash.removed(n, fixed());
    return n;
}

void EtsTable::clear() {
    for (auto &[k, o] : tree)
        EtsObject::destroy(o);
    tree.clear();
    hash.clear();
}

void EtsTable::replace(EtsObject *old_obj, EtsObject *new_obj) {
    Term key = new_obj->key(keypos);
    if (ordered()) {
        tree.erase(key);
        tree.emplace(new_obj->key(keypos), new_obj);
    } else {
        new_obj->hvalue = old_obj->hvalue;
        EtsObject **pos = find_hash(key, old_obj->hvalue);
        new_obj->next = old_obj->next;
        *pos = new_obj;
    }
    EtsObject::destroy(old_obj);
}

void EtsTable::set_heir(Term pid, Term data) {
    EtsObject::destroy(heir_data);
    heir_data = nullptr;
    heir = pid;
    if (is_local_pid(pid)) heir_data = EtsObject::create(data);
}

// ---- the registry ------------------------------------------------------------------------------

namespace {

struct Registry {
    std::shared_mutex mutex;
    std::unordered_map<uint64_t, std::shared_ptr<EtsTable>> by_id;
    std::unordered_map<Term, std::shared_ptr<EtsTable>> by_name;

    static Registry &global() {
        static Registry *r = new Registry; // never destroyed: threads may outlive statics
        return *r;
    }
};

thread_local Term t_error_cause = kNonValue;

} // namespace

Term ets_last_error_cause() {
    return t_error_cause;
}
void ets_set_error_cause(Term cause) {
    t_error_cause = cause;
}

std::shared_ptr<EtsTable> ets_find_table(Term tab) {
    Registry &r = Registry::global();
    std::shared_lock lock(r.mutex);
    if (is_atom(tab)) {
        auto it = r.by_name.find(tab);
        return it == r.by_name.end() ? nullptr : it->second;
    }
    uint64_t id;
    if (!ref_id(tab, &id)) return nullptr;
    auto it = r.by_id.find(id);
    return it == r.by_id.end() ? nullptr : it->second;
}

bool ets_register_table(const std::shared_ptr<EtsTable> &t) {
    Registry &r = Registry::global();
    std::unique_lock lock(r.mutex);
    if (t->named && !r.by_name.emplace(t->name.load(), t).second) return false;
    r.by_id.emplace(t->id, t);
    return true;
}

bool ets_delete_table(const std::shared_ptr<EtsTable> &t) {
    {
        Registry &r = Registry::global();
        std::unique_lock lock(r.mutex);
        if (t->deleted.exchange(true)) return false;
        r.by_id.erase(t->id);
        if (t->named) {
            auto it = r.by_name.find(t->name.load());
            if (it != r.by_name.end() && it->second == t) r.by_name.erase(it);
        }
    }
    // Free the objects now (readers that still hold the table see `deleted`).
    std::unique_lock lock(t->lock);
    t->clear();
    t->fixations.clear();
    return true;
}

bool ets_rename_table(const std::shared_ptr<EtsTable> &t, Term new_name) {
    Registry &r = Registry::global();
    std::unique_lock lock(r.mutex);
    if (t->deleted.load()) return false;
    if (t->named) {
        if (r.by_name.count(new_name) && r.by_name[new_name] != t) return false;
        r.by_name.erase(t->name.load());
        r.by_name[new_name] = t;
    }
    t->name.store(new_name);
    return true;
}

std::vector<std::shared_ptr<EtsTable>> ets_all_tables() {
    Registry &r = Registry::global();
    std::shared_lock lock(r.mutex);
    std::vector<std::shared_ptr<EtsTable>> all;
    all.reserve(r.by_id.size());
    for (auto &[id, t] : r.by_id)
        all.push_back(t);
    return all;
}

void ets_on_process_exit(Term pid) {
    static const Term kTransfer = *AtomTable::global().intern("ETS-TRANSFER");
    for (auto &t : ets_all_tables()) {
        bool delete_it = false;
        EtsObject *message = nullptr;
        Term heir = kNonValue;
        {
            std::unique_lock lock(t->lock);
            auto &f = t->fixations;
            for (auto it = f.begin(); it != f.end(); ++it)
                if (it->first == pid) {
                    f.erase(it);
                    break;
                }
            if (t->owner.load() != pid || t->deleted.load()) continue;
            heir = t->heir;
            if (!is_local_pid(heir) || heir == pid || !ProcessTable::global().lookup(heir)) {
                delete_it = true;
            } else {
                t->owner.store(heir);
                // {'ETS-TRANSFER', Tab, FromPid, HeirData}, copied while the table is locked
                // and sent after it is released.
                Word ref[4] = {make_header(Subtag::Ref, 3)};
                write_ref_numbers(ref + 1, t->id);
                Term tab = t->named ? t->name.load() : make_boxed(ref);
                Word msg[5] = {make_header(Subtag::Tuple, 4), kTransfer, tab, pid,
                               t->heir_data->term};
                message = EtsObject::create(make_boxed(msg));
            }
        }
        if (message) {
            send_message(heir, message->term);
            EtsObject::destroy(message);
        }
        if (delete_it) ets_delete_table(t);
    }
}

void ets_shutdown() {
    for (auto &t : ets_all_tables())
        ets_delete_table(t);
}

} // namespace hamlet
