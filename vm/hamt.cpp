// HAMT operations. The trie shapes they produce are facts about erts' erl_map.c (OTP 25):
// a new key that lands on a leaf pushes both down through one-child nodes until their hash
// nibbles differ; removing a key collapses nodes left with a single leaf upwards (never the
// head); building from many keys gives the same shape as inserting them one by one.
#include "vm/hamt.h"

#include "vm/process.h"
#include "vm/term_compare.h"
#include "vm/term_hash.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace hamlet {

namespace {

// Distinct keys whose hashes agree at this many depths (64 salted 32-bit hashes) would
// need erts' impossible case; every bit of a key feeds its hash, so it cannot happen.
constexpr unsigned kMaxLevels = 8 * 64;

[[noreturn]] void too_deep() {
    std::fprintf(stderr, "hamlet: map keys whose hashes agree at every depth\n");
    std::abort();
}

// The trie nibbles of one key, computing the hash of each depth once.
class KeyHash {
  public:
    explicit KeyHash(Term key) : key_(key), hash_(map_key_hash(key, 0)) {}
    unsigned nibble(unsigned level) {
        if (level >= kMaxLevels) too_deep();
        uint32_t depth = level / 8;
        if (depth != depth_) {
            depth_ = depth;
            hash_ = map_key_hash(key_, depth);
        }
        return (hash_ >> (4 * (level % 8))) & 0xF;
    }

  private:
    Term key_;
    uint32_t depth_ = 0;
    uint32_t hash_;
};

Term new_leaf(Process *p, Term key, Term value) {
    Word *cell = p->alloc(2);
    cell[0] = key;
    cell[1] = value;
    return make_list(cell);
}

// A copy of node with slot `nibble` holding child (added to the bitmap if it was empty).
Term with_child(Process *p, const Word *node, unsigned nibble, Term child, Word size) {
    unsigned bitmap = hamt_node_bitmap(node), bit = 1u << nibble;
    unsigned count = hamt_node_count(node);
    unsigned idx = unsigned(std::popcount(bitmap & (bit - 1)));
    const Term *old = hamt_node_children(node);
    bool add = !(bitmap & bit);
    Word *n = p->alloc(hamt_node_words(count + (add ? 1 : 0)));
    hamt_write_node(n, bitmap | bit, hamt_node_is_head(node), size);
    Term *kids = hamt_node_children(n);
    std::copy(old, old + idx, kids);
    kids[idx] = child;
    std::copy(old + idx + (add ? 0 : 1), old + count, kids + idx + 1);
    return make_boxed(n);
}

// A copy of node without slot `nibble`.
Term without_child(Process *p, const Word *node, unsigned nibble, Word size) {
    unsigned bitmap = hamt_node_bitmap(node), bit = 1u << nibble;
    unsigned count = hamt_node_count(node);
    unsigned idx = unsigned(std::popcount(bitmap & (bit - 1)));
    const Term *old = hamt_node_children(node);
    Word *n = p->alloc(hamt_node_words(count - 1));
    hamt_write_node(n, bitmap & ~bit, hamt_node_is_head(node), size);
    Term *kids = hamt_node_children(n);
    std::copy(old, old + idx, kids);
    std::copy(old + idx + 1, old + count, kids + idx);
    return make_boxed(n);
}

Term single_child_node(Process *p, unsigned nibble, Term child) {
    Word *n = p->alloc(hamt_node_words(1));
    hamt_write_node(n, 1u << nibble, false, 0);
    n[2] = child;
    return make_boxed(n);
}

// The subtree at `level` holding two leaves whose keys agree on all earlier nibbles.
Term split_leaves(Process *p, Term old_leaf, Term leaf, KeyHash &hash, unsigned level) {
    KeyHash old_hash(car(old_leaf));
    std::vector<unsigned> common;
    for (;; ++level) {
        unsigned a = old_hash.nibble(level), b = hash.nibble(level);
        if (a != b) {
            Word *n = p->alloc(hamt_node_words(2));
            hamt_write_node(n, (1u << a) | (1u << b), false, 0);
            n[2] = a < b ? old_leaf : leaf;
            n[3] = a < b ? leaf : old_leaf;
            Term res = make_boxed(n);
            for (size_t i = common.size(); i-- > 0;) res = single_child_node(p, common[i], res);
            return res;
        }
        common.push_back(a);
    }
}

struct Step {
    const Word *node;
    unsigned nibble;
};

} // namespace

bool map_keys_equal(Term a, Term b) {
    if (a == b) return true;
    if (is_immediate(a) || is_immediate(b)) return false;
    return compare_exact(a, b) == 0;
}

// ---- iteration -------------------------------------------------------------------------------

MapIterator::MapIterator(Term map) : map_(map) {
    if (is_flatmap(map)) {
        size_ = flatmap_size(map);
    } else {
        const Word *head = boxed_ptr(map);
        stack_.reserve(8);
        stack_.push_back({head, 0, hamt_node_count(head)});
    }
}

bool MapIterator::next(Term &key, Term &value) {
    if (is_flatmap(map_)) {
        if (index_ == size_) return false;
        key = tuple_elements(flatmap_keys(map_))[index_];
        value = flatmap_values(map_)[index_];
        ++index_;
        return true;
    }
    while (!stack_.empty()) {
        Frame &f = stack_.back();
        if (f.next == f.count) {
            stack_.pop_back();
            continue;
        }
        Term child = hamt_node_children(f.node)[f.next++];
        if (is_list(child)) {
            key = car(child);
            value = cdr(child);
            return true;
        }
        const Word *node = boxed_ptr(child);
        stack_.push_back({node, 0, hamt_node_count(node)});
    }
    return false;
}

void map_pairs(Term map, std::vector<Term> &keys, std::vector<Term> &values) {
    keys.clear();
    values.clear();
    Word n = map_size(map);
    keys.reserve(n);
    values.reserve(n);
    MapIterator it(map);
    Term k, v;
    while (it.next(k, v)) {
        keys.push_back(k);
        values.push_back(v);
    }
}

void hamt_leaves(Term map, std::vector<Term> &out) {
    out.reserve(out.size() + hamt_head_size(boxed_ptr(map)));
    std::vector<std::pair<const Word *, unsigned>> stack{{boxed_ptr(map), 0}};
    while (!stack.empty()) {
        auto &[node, next] = stack.back();
        if (next == hamt_node_count(node)) {
            stack.pop_back();
            continue;
        }
        Term child = hamt_node_children(node)[next++];
        if (is_list(child)) out.push_back(child);
        else stack.push_back({boxed_ptr(child), 0});
    }
}

// ---- lookup, insert, remove ------------------------------------------------------------------

const Term *hamt_lookup(Term map, Term key) {
    const Word *node = boxed_ptr(map);
    uint32_t hash = map_key_hash(key, 0);
    for (unsigned level = 0;; ++level) {
        if (level > 0 && level % 8 == 0) {
            if (level >= kMaxLevels) too_deep();
            hash = map_key_hash(key, level / 8);
        }
        int idx = hamt_child_index(hamt_node_bitmap(node), (hash >> (4 * (level % 8))) & 0xF);
        if (idx < 0) return nullptr;
        Term child = hamt_node_children(node)[idx];
        if (is_list(child)) {
            Word *cell = list_ptr(child);
            return map_keys_equal(cell[0], key) ? cell + 1 : nullptr;
        }
        node = boxed_ptr(child);
    }
}

Term hamt_put(Process *p, Term map, Term key, Term value, HamtPut mode) {
    std::vector<Step> path;
    path.reserve(8);
    KeyHash hash(key);
    const Word *node = boxed_ptr(map);
    Term bottom;
    bool added = true;
    for (unsigned level = 0;; ++level) {
        unsigned nibble = hash.nibble(level);
        path.push_back({node, nibble});
        int idx = hamt_child_index(hamt_node_bitmap(node), nibble);
        if (idx < 0) {
            if (mode == HamtPut::Update) return kNonValue;
            bottom = new_leaf(p, key, value);
            break;
        }
        Term child = hamt_node_children(node)[idx];
        if (is_list(child)) {
            if (map_keys_equal(car(child), key)) {
                if (mode == HamtPut::IfAbsent || cdr(child) == value) return map;
                bottom = new_leaf(p, key, value);
                added = false;
                break;
            }
            if (mode == HamtPut::Update) return kNonValue;
            bottom = split_leaves(p, child, new_leaf(p, key, value), hash, level + 1);
            break;
        }
        node = boxed_ptr(child);
    }
    Word size = hamt_head_size(boxed_ptr(map)) + (added ? 1 : 0);
    Term res = bottom;
    for (size_t i = path.size(); i-- > 0;) res = with_child(p, path[i].node, path[i].nibble, res, size);
    return res;
}

Term hamt_remove(Process *p, Term map, Term key, Term *value) {
    std::vector<Step> path;
    path.reserve(8);
    KeyHash hash(key);
    const Word *node = boxed_ptr(map);
    for (unsigned level = 0;; ++level) {
        unsigned nibble = hash.nibble(level);
        path.push_back({node, nibble});
        int idx = hamt_child_index(hamt_node_bitmap(node), nibble);
        if (idx < 0) return kNonValue;
        Term child = hamt_node_children(node)[idx];
        if (is_list(child)) {
            if (!map_keys_equal(car(child), key)) return kNonValue;
            if (value) *value = cdr(child);
            break;
        }
        node = boxed_ptr(child);
    }
    Word size = hamt_head_size(boxed_ptr(map)) - 1;
    // Rebuild upwards; kNonValue while the slot below is to disappear altogether.
    Term res = kNonValue;
    for (size_t i = path.size(); i-- > 0;) {
        const Word *n = path[i].node;
        unsigned nibble = path[i].nibble, count = hamt_node_count(n);
        bool head = hamt_node_is_head(n);
        if (res == kNonValue) {
            if (head || count > 2) {
                res = without_child(p, n, nibble, size);
            } else if (count == 2) {
                // One child left: a leaf moves up in place of this node; a node stays.
                int idx = hamt_child_index(hamt_node_bitmap(n), nibble);
                Term other = hamt_node_children(n)[idx == 0 ? 1 : 0];
                res = is_list(other) ? other : without_child(p, n, nibble, size);
            } // count == 1: this node goes too
        } else if (!(is_list(res) && !head && count == 1)) {
            res = with_child(p, n, nibble, res, size);
        } // else a lone leaf keeps moving up
    }
    return res;
}

// ---- building from many leaves ---------------------------------------------------------------

bool HamtBuilder::plan(const Term *leaves, size_t n, Duplicates dups) {
    items_.clear();
    nodes_.clear();
    refs_.clear();
    items_.reserve(n);
    for (size_t i = 0; i < n; ++i)
        items_.push_back({leaves[i], nibble_reverse(map_key_hash(car(leaves[i]), 0)), uint32_t(i)});
    std::sort(items_.begin(), items_.end(),
              [](const Item &a, const Item &b) { return a.path != b.path ? a.path < b.path : a.order < b.order; });
    // Equal keys have equal hashes: look for them among runs of equal paths only.
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && items_[j].path == items_[i].path) ++j;
        if (j - i > 1) {
            std::sort(items_.begin() + i, items_.begin() + j, [](const Item &a, const Item &b) {
                int c = compare_exact(car(a.leaf), car(b.leaf));
                return c != 0 ? c < 0 : a.order < b.order;
            });
        }
        for (size_t k = i; k < j; ++k) {
            if (k + 1 < j && map_keys_equal(car(items_[k].leaf), car(items_[k + 1].leaf))) {
                if (dups == Duplicates::Reject) return false;
                continue; // the later leaf replaces this one
            }
            items_[out++] = items_[k];
        }
        i = j;
    }
    items_.resize(out);
    plan_node(0, out, 0);
    return true;
}

HamtBuilder::Ref HamtBuilder::plan_child(size_t lo, size_t hi, unsigned level) {
    if (hi - lo == 1) return {items_[lo].leaf, -1};
    return {0, plan_node(lo, hi, level)};
}

// items_[lo, hi) agree on every nibble above `level` and are sorted by path.
int32_t HamtBuilder::plan_node(size_t lo, size_t hi, unsigned level) {
    if (level >= kMaxLevels) too_deep();
    if (level > 0 && level % 8 == 0) {
        // The keys' hashes of the previous depth are used up: continue with the next one.
        for (size_t i = lo; i < hi; ++i) items_[i].path = nibble_reverse(map_key_hash(car(items_[i].leaf), level / 8));
        std::sort(items_.begin() + lo, items_.begin() + hi,
                  [](const Item &a, const Item &b) { return a.path < b.path; });
    }
    unsigned shift = 28 - 4 * (level % 8);
    Ref kids[16];
    unsigned bitmap = 0, count = 0;
    for (size_t i = lo; i < hi;) {
        unsigned nibble = (items_[i].path >> shift) & 0xF;
        size_t j = i + 1;
        while (j < hi && ((items_[j].path >> shift) & 0xF) == nibble) ++j;
        kids[count++] = plan_child(i, j, level + 1);
        bitmap |= 1u << nibble;
        i = j;
    }
    uint32_t first = uint32_t(refs_.size());
    refs_.insert(refs_.end(), kids, kids + count);
    nodes_.push_back({bitmap, first});
    return int32_t(nodes_.size() - 1);
}

std::vector<Term> HamtBuilder::leaves() const {
    std::vector<Term> out;
    out.reserve(items_.size());
    for (const Item &i : items_) out.push_back(i.leaf);
    return out;
}

size_t HamtBuilder::head_words() const { return hamt_node_words(unsigned(std::popcount(nodes_.back().bitmap))); }

size_t HamtBuilder::node_words() const {
    size_t words = 0;
    for (size_t i = 0; i + 1 < nodes_.size(); ++i) words += hamt_node_words(unsigned(std::popcount(nodes_[i].bitmap)));
    return words;
}

Term HamtBuilder::emit(Word *head, Word *nodes) const {
    std::vector<Word *> at(nodes_.size());
    for (size_t i = 0; i + 1 < nodes_.size(); ++i) {
        at[i] = nodes;
        nodes += hamt_node_words(unsigned(std::popcount(nodes_[i].bitmap)));
    }
    at.back() = head;
    for (size_t i = 0; i < nodes_.size(); ++i) {
        const Node &n = nodes_[i];
        hamt_write_node(at[i], n.bitmap, i + 1 == nodes_.size(), items_.size());
        Term *kids = hamt_node_children(at[i]);
        for (unsigned c = 0, k = unsigned(std::popcount(n.bitmap)); c < k; ++c) {
            const Ref &r = refs_[n.first + c];
            kids[c] = r.node < 0 ? r.leaf : make_boxed(at[size_t(r.node)]);
        }
    }
    return make_boxed(head);
}

Term hamt_from_leaves(Process *p, const Term *leaves, size_t n) {
    HamtBuilder b;
    b.plan(leaves, n, HamtBuilder::Duplicates::KeepLast);
    size_t hw = b.head_words();
    Word *w = p->alloc(hw + b.node_words());
    return b.emit(w, w + hw);
}

} // namespace hamlet
