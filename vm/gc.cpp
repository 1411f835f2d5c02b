#include "vm/gc.h"

#include "vm/heap_layout.h"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <vector>

namespace hamlet {

size_t next_heap_size(size_t words) {
    // Fibonacci-like growth from the BEAM's minimum heap size, then 20% steps.
    size_t a = 233, b = 377;
    while (a < words) {
        if (a >= 1'300'000) {
            a += a / 5;
            continue;
        }
        size_t c = a + b;
        a = b;
        b = c;
    }
    return a;
}

namespace {

class Collector {
  public:
    Collector(Process *p) : p_(p) {
        ranges_.push_back({p->heap, p->htop});
        for (HeapFragment *f = p->fragments; f; f = f->next)
            ranges_.push_back({f->data, f->data + f->used});
        std::sort(ranges_.begin(), ranges_.end());
    }

    bool in_from_space(const Word *w) const {
        auto it = std::upper_bound(ranges_.begin(), ranges_.end(),
                                   std::pair<const Word *, const Word *>(w, nullptr),
                                   [](auto &a, auto &b) { return a.first < b.first; });
        // upper_bound on first > w; the candidate range starts at or before w.
        if (it == ranges_.begin()) return false;
        --it;
        return w >= it->first && w < it->second;
    }

    Term evacuate(Term t) {
        if (is_list(t)) {
            Word *cell = list_ptr(t);
            if (!in_from_space(cell)) return t;
            if (cell[0] == kNonValue) return cell[1]; // already moved
            Word *dst = htop_;
            htop_ += 2;
            dst[0] = cell[0];
            dst[1] = cell[1];
            cell[0] = kNonValue;
            cell[1] = make_list(dst);
            return make_list(dst);
        }
        if (!is_boxed(t)) return t;
        Word *obj = boxed_ptr(t);
        if (!in_from_space(obj)) return t;
        Word h = obj[0];
        if (is_boxed(h)) return h; // forwarding pointer left by an earlier move
        Word n = object_words(h);
        Word *dst = htop_;
        htop_ += n;
        std::memcpy(dst, obj, n * sizeof(Word));
        if (header_subtag(h) == Subtag::RefcBin) {
            new_off_heap_.link(dst);
            vheap_ += dst[1];
        } else if (is_off_heap_header(h)) { // a magic reference
            new_off_heap_.link(dst);
        }
        Term moved = make_boxed(dst);
        obj[0] = moved;
        return moved;
    }

    void collect(size_t need, Term *x, unsigned live) {
        size_t stack_words = size_t(p_->hend - p_->stop);
        size_t used = size_t(p_->htop - p_->heap) + p_->fragment_words;
        size_t size = next_heap_size(used + stack_words + need);
        Word *heap = static_cast<Word *>(std::malloc(size * sizeof(Word)));
        if (!heap) throw std::bad_alloc();
        htop_ = heap;
        Word *hend = heap + size;
        Word *stop = hend - stack_words;
        std::memcpy(stop, p_->stop, stack_words * sizeof(Word));

        for (unsigned i = 0; i < live; ++i)
            x[i] = evacuate(x[i]);
        for (Word *w = stop; w < hend; ++w)
            if (!is_header(*w)) *w = evacuate(*w); // skip return addresses (tag 00)
        for (auto &[k, v] : p_->dictionary) {
            k = evacuate(k);
            v = evacuate(v);
        }
        p_->exc_reason = evacuate(p_->exc_reason);
        p_->exc_args = evacuate(p_->exc_args);
        p_->exc_trace = evacuate(p_->exc_trace);
        p_->exc_error_info = evacuate(p_->exc_error_info);
        p_->group_leader = evacuate(p_->group_leader);
        p_->pending_exit = evacuate(p_->pending_exit);
        for (Term &t : p_->saved_x)
            t = evacuate(t);

        // Cheney scan of everything copied so far (which copies more).
        for (Word *scan = heap; scan < htop_;) {
            Word w = *scan;
            if (is_header(w)) {
                TermSlots s = term_slots(w);
                for (Word i = 0; i < s.count; ++i)
                    scan[s.first + i] = evacuate(scan[s.first + i]);
                scan += object_words(w);
            } else { // a cons cell
                scan[0] = evacuate(scan[0]);
                scan[1] = evacuate(scan[1]);
                scan += 2;
            }
        }

        // Off-heap objects whose handles did not survive lose their reference (a moved
        // handle's header is a forwarding pointer to its copy).
        auto sweep = [&](OffHeap &list) {
            for (Word *h = list.first; h;) {
                bool moved = is_boxed(h[0]);
                Word header = moved ? boxed_ptr(h[0])[0] : h[0];
                Word *next = reinterpret_cast<Word *>(off_heap_link(h, header));
                if (!moved) release_off_heap_object(h, header);
                h = next;
            }
            list.first = nullptr;
        };
        sweep(p_->off_heap);
        for (HeapFragment *f = p_->fragments; f;) {
            HeapFragment *next = f->next;
            sweep(f->off_heap);
            std::free(f);
            f = next;
        }
        p_->fragments = nullptr;
        p_->fragment_words = 0;
        std::free(p_->heap);
        p_->heap = heap;
        p_->htop = htop_;
        p_->stop = stop;
        p_->hend = hend;
        p_->off_heap = new_off_heap_;
        p_->binary_vheap = vheap_;
        // Room for the binaries that survived plus as much again before the next collection.
        p_->binary_vheap_limit = std::max<uint64_t>(46422 * sizeof(Word), 2 * vheap_);
        resize(need, x, live);
    }

    // The to-space was sized for the worst case (everything live). Now that the live size is
    // known, move to the size the BEAM would pick: grow when more than 75% would be in use.
    void resize(size_t need, Term *x, unsigned live) {
        size_t live_words = size_t(p_->htop - p_->heap), stack_words = size_t(p_->hend - p_->stop);
        size_t want = live_words + stack_words + need;
        size_t target = next_heap_size(want);
        if (want * 4 > target * 3) target = next_heap_size(target + 1);
        target = std::max(target, p_->min_heap_words);
        size_t current = size_t(p_->hend - p_->heap);
        if (target == current) return;
        Word *heap = static_cast<Word *>(std::malloc(target * sizeof(Word)));
        if (!heap) throw std::bad_alloc();
        std::memcpy(heap, p_->heap, live_words * sizeof(Word));
        Word *hend = heap + target, *stop = hend - stack_words;
        std::memcpy(stop, p_->stop, stack_words * sizeof(Word));
        const Word *lo = p_->heap, *hi = p_->htop;
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
                for (Word i = 0; i < s.count; ++i) shift(scan[s.first + i]);
                if (is_off_heap_header(w)) { // the off-heap list links these objects
                    Word &next = off_heap_link(scan, w);
                    if (next) next = Word(reinterpret_cast<uintptr_t>(heap + (reinterpret_cast<Word *>(next) - lo)));
                }
                scan += object_words(w);
            } else {
                shift(scan[0]);
                shift(scan[1]);
                scan += 2;
            }
        }
        for (Word *w = stop; w < hend; ++w)
            if (!is_header(*w)) shift(*w);
        for (unsigned i = 0; i < live; ++i)
            shift(x[i]);
        for (auto &[k, v] : p_->dictionary) {
            shift(k);
            shift(v);
        }
        shift(p_->exc_reason);
        shift(p_->exc_args);
        shift(p_->exc_trace);
        shift(p_->exc_error_info);
        shift(p_->group_leader);
        shift(p_->pending_exit);
        for (Term &t : p_->saved_x)
            shift(t);
        if (p_->off_heap.first) p_->off_heap.first = heap + (p_->off_heap.first - lo);
        std::free(p_->heap);
        p_->heap = heap;
        p_->htop = heap + live_words;
        p_->hend = hend;
        p_->stop = stop;
    }

  private:
    Process *p_;
    std::vector<std::pair<const Word *, const Word *>> ranges_;
    Word *htop_ = nullptr;
    OffHeap new_off_heap_;
    uint64_t vheap_ = 0;
};

} // namespace

void garbage_collect(Process *p, size_t need, Term *x, unsigned live) {
    Collector(p).collect(need, x, live);
    if (p->max_heap_words > 0 && p->pending_exit == kNonValue) {
        size_t total = size_t(p->hend - p->heap) + size_t(p->old_hend - p->old_heap);
        if (total > size_t(p->max_heap_words)) max_heap_size_reached(p, total);
    }
}

} // namespace hamlet
