#include "vm/gc.h"
#include "vm/system_monitor.h"

#include "vm/atom_table.h"
#include "vm/heap_layout.h"
#include "vm/literal_area.h"
#include "vm/purge.h"
#include "vm/magic_ref.h"
#include "vm/mailbox.h"
#include "vm/signals.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <unordered_map>
#include <vector>

namespace hamlet {

// The BEAM's heap sizes: a Fibonacci-like sequence (each size the sum of the two before plus
// one) from 12 and 38, which passes through 233, the default minimum; from the 23rd size
// (about 1.3 million words) on, 20% steps.
const std::vector<size_t> &heap_sizes() {
    static const std::vector<size_t> sizes = [] {
        std::vector<size_t> v = {12, 38};
        while (v.size() < 23)
            v.push_back(v[v.size() - 1] + v[v.size() - 2] + 1);
        while (v.back() < (size_t(1) << 50))
            v.push_back(v.back() + v.back() / 5);
        return v;
    }();
    return sizes;
}

size_t next_heap_size(size_t words) {
    const auto &v = heap_sizes();
    auto it = std::lower_bound(v.begin(), v.end(), words);
    return it == v.end() ? words : *it;
}

size_t larger_heap_size(size_t words) {
    const auto &v = heap_sizes();
    auto it = std::upper_bound(v.begin(), v.end(), words);
    return it == v.end() ? words + words / 5 : *it;
}

GcDefaults &gc_defaults() {
    static GcDefaults d;
    return d;
}

GcCounters &gc_counters() {
    static GcCounters c;
    return c;
}

namespace {

// Each scheduler thread keeps the last young heap a collection released, and the next
// collection that needs a block of that size takes it: a process that collects often (a
// small heap, much garbage) would otherwise pay a malloc and a free per collection (in
// nrev, whose collections copy little, 30% of the collector's instructions).
struct SpareHeap {
    static constexpr size_t kMaxWords = size_t(1) << 16; // larger blocks go back to malloc
    Word *block = nullptr;
    size_t words = 0;
    ~SpareHeap() { std::free(block); }
};
thread_local SpareHeap t_spare_heap;

Word *take_heap_block(size_t words) {
    SpareHeap &s = t_spare_heap;
    if (s.block && s.words == words) {
        Word *b = s.block;
        s.block = nullptr;
        return b;
    }
    Word *b = static_cast<Word *>(std::malloc(words * sizeof(Word)));
    if (!b) throw std::bad_alloc();
    return b;
}

// Releases a young heap block of at least `words` words.
void release_heap_block(Word *block, size_t words) {
    if (!block) return;
    if (words > SpareHeap::kMaxWords) {
        std::free(block);
        return;
    }
    SpareHeap &s = t_spare_heap;
    std::free(s.block);
    s.block = block;
    s.words = words;
}

// Calls f(Term &) on every root of p: the live x registers, the stack in [stack, stack_end)
// (its return addresses, tag 00, skipped), the process dictionary, the exception state, the
// group leader, a pending exit reason and the saved registers of a process not running.
template <class F>
void for_each_root(Process *p, Word *stack, Word *stack_end, Term *x, unsigned live, F &&f) {
    for (unsigned i = 0; i < live; ++i)
        f(x[i]);
    for (Word *w = stack; w < stack_end; ++w)
        if (!is_header(*w)) f(*w);
    p->dictionary.for_each([&](Term &k, Term &v) {
        f(k);
        f(v);
    });
    for (Term *t : {&p->exc_reason, &p->exc_args, &p->exc_trace, &p->exc_error_info,
                    &p->group_leader, &p->pending_exit})
        f(*t);
    for (Term &t : p->saved_x)
        f(t);
}

// Where a collection copies objects to: the new young heap, or (minor collections) the end of
// the old heap.
struct ToSpace {
    Word *start = nullptr, *top = nullptr, *scan = nullptr, *end = nullptr;
    OffHeap off_heap;   // the off-heap objects copied here (followed by those already there)
    uint64_t vheap = 0; // bytes of refc binaries referenced from here
    bool contains(const Word *w) const { return w >= start && w < end; }
};

using Ranges = std::vector<std::pair<const Word *, const Word *>>;

class Collector {
  public:
    // literals: sorted ranges of literal areas being released (vm/purge.h), copied out of on
    // a full sweep.
    Collector(Process *p, bool full, const Ranges *literals = nullptr)
        : p_(p), full_(full), literals_(full ? literals : nullptr) {
        young_lo_ = p->heap;
        young_hi_ = p->htop;
        // A full sweep copies everything to the young heap: nothing counts as mature.
        mature_end_ = full ? p->heap : p->high_water;
        for (HeapFragment *f = p->fragments; f; f = f->next)
            others_.push_back({f->data, f->data + f->used});
        if (full && p->old_heap) others_.push_back({p->old_heap, p->old_htop});
        std::sort(others_.begin(), others_.end());
    }

    // True when the minor collection could not keep the old heap free of pointers into the
    // young heap (a tuple updated in place after surviving, a message's fragment reached from
    // mature data, an old heap too small): a full sweep must follow at once.
    bool needs_full_sweep() const { return needs_full_; }

    void collect(size_t need, Term *x, unsigned live) {
        size_t stack_words = size_t(p_->hend - p_->stop);
        size_t before = size_t(p_->htop - p_->heap) + p_->fragment_words;
        if (full_) before += size_t(p_->old_htop - p_->old_heap);
        // Room for everything (all live, nothing promoted), as the BEAM sizes it; adjusted
        // afterwards (young_heap_size_after).
        size_t size = std::max(next_heap_size(before + stack_words + 1), p_->min_heap_words);
        if (full_ && p_->heap_grow && size == size_t(p_->hend - p_->heap))
            size = larger_heap_size(size);
        size = std::max(size, before + stack_words + 1); // past the last listed size
        if (literals_ && !literals_->empty()) size = next_heap_size(size + literal_words());
        (void)need;
        Word *heap = take_heap_block(size);
        Word *hend = heap + size;
        Word *stop = hend - stack_words;
        young_.start = young_.top = young_.scan = heap;
        young_.end = stop;
        std::memcpy(stop, p_->stop, stack_words * sizeof(Word));
        if (!full_) {
            old_.start = old_.top = old_.scan = p_->old_htop;
            old_.end = p_->old_hend;
            old_.off_heap = p_->old_off_heap;
            old_.vheap = p_->old_binary_vheap;
        }

        for_each_root(p_, stop, hend, x, live, [this](Term &t) { t = evacuate(t, false); });

        // Cheney scans of both to-spaces until neither has unscanned objects. Whatever
        // promoted data points to is promoted too.
        while (old_.scan < old_.top || young_.scan < young_.top) {
            scan(old_, true);
            scan(young_, false);
        }

        // Off-heap objects whose handles did not survive lose their reference (a moved
        // handle's header is a forwarding pointer to its copy, already linked in a new list).
        sweep(p_->off_heap);
        if (full_) sweep(p_->old_off_heap);
        for (HeapFragment *f = p_->fragments; f;) {
            HeapFragment *next = f->next;
            sweep(f->off_heap);
            std::free(f);
            f = next;
        }
        p_->fragments = nullptr;
        p_->fragment_words = 0;

        size_t after = size_t(young_.top - young_.start) + size_t(old_.top - old_.start);
        gc_counters().collections.fetch_add(1, std::memory_order_relaxed);
        if (before > after)
            gc_counters().words_reclaimed.fetch_add(before - after, std::memory_order_relaxed);

        release_heap_block(p_->heap, size_t(p_->hend - p_->heap));
        p_->heap = heap;
        p_->htop = young_.top;
        p_->stop = stop;
        p_->hend = hend;
        p_->off_heap = young_.off_heap;
        p_->binary_vheap = young_.vheap;
        uint64_t min_vheap = p_->min_bin_vheap_words * sizeof(Word);
        // Room for the binaries that survived plus as much again before the next collection.
        p_->binary_vheap_limit = std::max<uint64_t>(min_vheap, 2 * young_.vheap);
        if (full_) {
            std::free(p_->old_heap);
            p_->old_heap = p_->old_htop = p_->old_hend = nullptr;
            p_->old_off_heap = OffHeap();
            p_->old_binary_vheap = 0;
            // What survived is promoted by the next minor collection.
            p_->old_binary_vheap_limit = std::max<uint64_t>(min_vheap, 2 * young_.vheap);
            p_->minor_gcs = 0;
        } else {
            p_->old_htop = old_.top;
            p_->old_off_heap = old_.off_heap;
            p_->old_binary_vheap = old_.vheap;
            ++p_->minor_gcs;
        }
        p_->gc_requested = false;
        p_->update_gc_slack();
    }

  private:
    bool in_from_space(const Word *w) const {
        if (w >= young_lo_ && w < young_hi_) return true;
        if (others_.empty()) return false;
        auto it = std::upper_bound(others_.begin(), others_.end(), w,
                                   [](const Word *v, auto &r) { return v < r.first; });
        if (it == others_.begin()) return false;
        --it;
        return w < it->second;
    }
    bool is_mature(const Word *w) const { return w >= young_lo_ && w < mature_end_; }

    size_t literal_words() const {
        size_t n = 0;
        for (auto &[b, e] : *literals_)
            n += size_t(e - b);
        return n;
    }

    bool in_released_literals(const Word *w) const {
        if (!literals_ || literals_->empty()) return false;
        auto it = std::upper_bound(literals_->begin(), literals_->end(), w,
                                   [](const Word *v, auto &r) { return v < r.first; });
        if (it == literals_->begin()) return false;
        --it;
        return w < it->second;
    }

    // An object of a literal area being released: copied into the new young heap, but left
    // as it is (other processes read it at the same time), so copies are remembered here
    // rather than by forwarding pointers. The copy owns its own references to off-heap data.
    Term copy_literal(Term t, Word *obj, Word n) {
        auto [it, fresh] = literal_copies_.try_emplace(obj, kNonValue);
        if (!fresh) return it->second;
        Word *dst = young_.top;
        young_.top += n;
        std::memcpy(dst, obj, n * sizeof(Word));
        if (is_list(t)) return it->second = make_list(dst);
        Word h = obj[0];
        if (header_subtag(h) == Subtag::RefcBin) {
            reinterpret_cast<Binary *>(dst[2])->retain();
            young_.off_heap.link(dst);
            young_.vheap += dst[1];
        } else if (is_magic_ref_header(h)) {
            reinterpret_cast<MagicObject *>(dst[4])->retain();
            young_.off_heap.link(dst);
        }
        return it->second = make_boxed(dst);
    }

    // The to-space for an object of n words: the old heap for mature data and for what
    // promoted data points to, while it has room.
    ToSpace &to_space(bool promote, size_t n) {
        if (!promote) return young_;
        if (size_t(old_.end - old_.top) >= n) return old_;
        needs_full_ = true;
        return young_;
    }
    void note_forward(Term moved, bool promoting) {
        if (promoting && young_.contains(boxed_or_list_ptr(moved))) needs_full_ = true;
    }
    static const Word *boxed_or_list_ptr(Term t) {
        return reinterpret_cast<const Word *>(t & ~Word(tag::kPrimaryMask));
    }

    Term evacuate(Term t, bool promoting) {
        if (is_list(t)) {
            Word *cell = list_ptr(t);
            if (!in_from_space(cell))
                return in_released_literals(cell) ? copy_literal(t, cell, 2) : t;
            if (cell[0] == kNonValue) { // already moved
                note_forward(cell[1], promoting);
                return cell[1];
            }
            ToSpace &to = to_space(promoting || is_mature(cell), 2);
            Word *dst = to.top;
            to.top += 2;
            dst[0] = cell[0];
            dst[1] = cell[1];
            cell[0] = kNonValue;
            cell[1] = make_list(dst);
            return make_list(dst);
        }
        if (!is_boxed(t)) return t;
        Word *obj = boxed_ptr(t);
        if (!in_from_space(obj))
            return in_released_literals(obj) ? copy_literal(t, obj, object_words(obj[0])) : t;
        Word h = obj[0];
        if (is_boxed(h)) { // forwarding pointer left by an earlier move
            note_forward(h, promoting);
            return h;
        }
        Word n = object_words(h);
        ToSpace &to = to_space(promoting || is_mature(obj), n);
        Word *dst = to.top;
        to.top += n;
        std::memcpy(dst, obj, n * sizeof(Word));
        if (header_subtag(h) == Subtag::RefcBin) {
            to.off_heap.link(dst);
            to.vheap += dst[1];
        } else if (is_off_heap_header(h)) { // a magic reference
            to.off_heap.link(dst);
        }
        Term moved = make_boxed(dst);
        obj[0] = moved;
        return moved;
    }

    void scan(ToSpace &ts, bool promoting) {
        while (ts.scan < ts.top) {
            Word *w = ts.scan;
            if (is_header(*w)) {
                TermSlots s = term_slots(*w);
                for (Word i = 0; i < s.count; ++i)
                    w[s.first + i] = evacuate(w[s.first + i], promoting);
                ts.scan += object_words(*w);
            } else { // a cons cell
                w[0] = evacuate(w[0], promoting);
                w[1] = evacuate(w[1], promoting);
                ts.scan += 2;
            }
        }
    }

    static void sweep(OffHeap &list) {
        for (Word *h = list.first; h;) {
            bool moved = is_boxed(h[0]);
            Word header = moved ? boxed_ptr(h[0])[0] : h[0];
            Word *next = reinterpret_cast<Word *>(off_heap_link(h, header));
            if (!moved) release_off_heap_object(h, header);
            h = next;
        }
        list.first = nullptr;
    }

    Process *p_;
    bool full_;
    bool needs_full_ = false;
    const Word *young_lo_, *young_hi_, *mature_end_;
    std::vector<std::pair<const Word *, const Word *>> others_; // fragments (and the old heap)
    ToSpace young_, old_;
    const Ranges *literals_;
    std::unordered_map<const Word *, Term> literal_copies_;
};

// The young heap's size after a collection, by the BEAM's rules. After a minor collection:
// shrink a large heap that is less than a quarter used (promotion often empties it), grow
// one too small for what is needed. After a full sweep: grow if too small, grow at the next
// full sweep if more than 75% is used, halve if less than 25% is used.
size_t young_heap_size_after(Process *p, size_t need, bool full) {
    size_t heap_size = size_t(p->hend - p->heap);
    size_t need_after = size_t(p->htop - p->heap) + need + size_t(p->hend - p->stop) + 1;
    size_t old_size = size_t(p->old_hend - p->old_heap);
    size_t min = p->min_heap_words;
    if (!full) {
        if (heap_size > 3000 && 4 * need_after < heap_size &&
            (heap_size > 8000 || heap_size > old_size)) {
            size_t wanted = 3 * need_after;
            if (wanted * 9 < old_size) wanted = std::max(wanted, old_size / 8);
            wanted = wanted < min ? min : next_heap_size(wanted);
            return std::min(wanted, heap_size);
        }
        return need_after > heap_size ? next_heap_size(need_after) : heap_size;
    }
    p->heap_grow = false;
    if (heap_size < need_after) return next_heap_size(need_after);
    if (3 * heap_size < 4 * need_after) {
        p->heap_grow = true; // postponed to the next full sweep
        return heap_size;
    }
    if (4 * need_after < heap_size && heap_size > min) {
        size_t wanted = 2 * need_after;
        return std::min(heap_size, wanted < min ? min : next_heap_size(wanted));
    }
    return heap_size;
}

// Moves the young heap (and the stack at its end) to a block of `target` words. The old heap
// never points into the young heap, so only the young heap and the roots change.
void resize_young_heap(Process *p, size_t target, Term *x, unsigned live) {
    size_t live_words = size_t(p->htop - p->heap), stack_words = size_t(p->hend - p->stop);
    size_t current = size_t(p->hend - p->heap);
    if (target == current) return;
    Word *heap = take_heap_block(target);
    std::memcpy(heap, p->heap, live_words * sizeof(Word));
    Word *hend = heap + target, *stop = hend - stack_words;
    std::memcpy(stop, p->stop, stack_words * sizeof(Word));
    const Word *lo = p->heap, *hi = p->htop;
    auto shift = [&](Term &t) {
        if (is_list(t) || is_boxed(t)) {
            Word tag = t & tag::kPrimaryMask;
            const Word *ptr = reinterpret_cast<const Word *>(t - tag);
            if (ptr >= lo && ptr < hi)
                t = Word(reinterpret_cast<uintptr_t>(heap + (ptr - lo))) | tag;
        }
    };
    for (Word *scan = heap; scan < heap + live_words;) {
        Word w = *scan;
        if (is_header(w)) {
            TermSlots s = term_slots(w);
            for (Word i = 0; i < s.count; ++i)
                shift(scan[s.first + i]);
            if (is_off_heap_header(w)) { // the off-heap list links these objects
                Word &next = off_heap_link(scan, w);
                if (next)
                    next = Word(
                        reinterpret_cast<uintptr_t>(heap + (reinterpret_cast<Word *>(next) - lo)));
            }
            scan += object_words(w);
        } else {
            shift(scan[0]);
            shift(scan[1]);
            scan += 2;
        }
    }
    for_each_root(p, stop, hend, x, live, shift);
    if (p->off_heap.first) p->off_heap.first = heap + (p->off_heap.first - lo);
    release_heap_block(p->heap, current);
    p->heap = heap;
    p->htop = heap + live_words;
    p->hend = hend;
    p->stop = stop;
}

// Decides between a minor collection and a full sweep, preparing the old heap for a minor one.
bool full_sweep_due(Process *p, GcKind kind) {
    if (kind != GcKind::Auto || p->gc_requested || p->minor_gcs >= p->fullsweep_after ||
        p->old_binary_vheap > p->old_binary_vheap_limit)
        return true;
    size_t mature = size_t(p->high_water - p->heap);
    if (p->old_heap) return size_t(p->old_hend - p->old_htop) < mature;
    if (mature) {
        // Larger than needed: fewer full sweeps.
        size_t size = larger_heap_size(size_t(p->htop - p->heap) + p->fragment_words);
        p->old_heap = static_cast<Word *>(std::malloc(size * sizeof(Word)));
        if (!p->old_heap) throw std::bad_alloc();
        p->old_htop = p->old_heap;
        p->old_hend = p->old_heap + size;
    }
    return false;
}

} // namespace

namespace {

// The literal areas the collector asked this process to copy out of (vm/purge.h), sorted.
Ranges requested_literals(Process *p) {
    Ranges literals;
    for (Signal *s = p->gc_waiters; s; s = s->next)
        if (s->kind == SignalKind::CopyLiterals && s->ref)
            for (auto &r : reinterpret_cast<const ReleasedLiterals *>(s->ref)->ranges)
                literals.push_back(r);
    std::sort(literals.begin(), literals.end());
    return literals;
}

bool in_ranges(const Ranges &ranges, const Word *w) {
    auto it = std::upper_bound(ranges.begin(), ranges.end(), w,
                               [](const Word *v, auto &r) { return v < r.first; });
    return it != ranges.begin() && w < (it - 1)->second;
}

// Whether any term of p (roots, heaps, fragments) points into the ranges.
bool refers_to(Process *p, const Ranges &ranges) {
    bool found = false;
    auto check = [&](Term t) {
        if ((is_list(t) || is_boxed(t)) &&
            in_ranges(ranges, reinterpret_cast<const Word *>(t & ~Word(tag::kPrimaryMask))))
            found = true;
    };
    auto walk = [&](const Word *from, const Word *to) {
        for (const Word *w = from; w < to && !found;) {
            if (is_header(*w)) {
                TermSlots s = term_slots(*w);
                for (Word i = 0; i < s.count; ++i)
                    check(w[s.first + i]);
                w += object_words(*w);
            } else {
                check(w[0]);
                check(w[1]);
                w += 2;
            }
        }
    };
    for_each_root(p, p->stop, p->hend, nullptr, 0, [&](Term &t) { check(t); });
    walk(p->heap, p->htop);
    if (p->old_heap) walk(p->old_heap, p->old_htop);
    for (HeapFragment *f = p->fragments; f; f = f->next)
        walk(f->data, f->data + f->used);
    return found;
}

} // namespace

bool answer_literal_requests(Process *p) {
    if (!p->gc_waiters) return false;
    for (Signal *s = p->gc_waiters; s; s = s->next)
        if (s->kind != SignalKind::CopyLiterals) return false;
    if (refers_to(p, requested_literals(p))) return false;
    for (Signal *s = p->gc_waiters; s;) {
        Signal *next = s->next;
        answer_gc_request(s, atom::ok);
        s = next;
    }
    p->gc_waiters = nullptr;
    p->gc_requested = false;
    p->update_gc_slack();
    return true;
}

void garbage_collect(Process *p, size_t need, Term *x, unsigned live, GcKind kind) {
    int64_t started = sysmon::gc_started();
    bool full = full_sweep_due(p, kind);
    Ranges literals = requested_literals(p);
    Collector c(p, full, &literals);
    c.collect(need, x, live);
    if (!full && c.needs_full_sweep()) {
        full = true;
        Collector(p, true, &literals).collect(need, x, live);
    }
    size_t target = young_heap_size_after(p, need, full);
    if (kind == GcKind::Hibernate) {
        target = size_t(p->htop - p->heap) + size_t(p->hend - p->stop) + need;
        p->heap_grow = false;
    }
    resize_young_heap(p, target, x, live);
    p->high_water = p->htop;
    p->publish_heap_bytes();
    if (p->max_heap_words > 0 && p->pending_exit == kNonValue) {
        size_t total = size_t(p->hend - p->heap) + size_t(p->old_hend - p->old_heap);
        if (total > size_t(p->max_heap_words)) max_heap_size_reached(p, total);
    }
    sysmon::gc_finished(p, started);
    for (Signal *s = p->gc_waiters; s;) { // garbage_collect/1,2 and the literal collector
        Signal *next = s->next;
        answer_gc_request(s, s->kind == SignalKind::CopyLiterals ? atom::ok : atom::true_);
        s = next;
    }
    p->gc_waiters = nullptr;
}

} // namespace hamlet
