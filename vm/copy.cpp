#include "vm/copy.h"

#include "vm/bits.h"
#include "vm/heap_layout.h"
#include "vm/magic_ref.h"

#include <vector>

namespace hamlet {

size_t copy_size(Term root) {
    size_t words = 0;
    std::vector<Term> todo{root};
    while (!todo.empty()) {
        Term t = todo.back();
        todo.pop_back();
        while (true) {
            if (is_list(t)) {
                words += 2;
                todo.push_back(car(t));
                t = cdr(t);
                continue;
            }
            if (!is_boxed(t)) break;
            Word *p = boxed_ptr(t);
            words += object_words(p[0]);
            TermSlots s = term_slots(p[0]);
            for (Word i = 0; i < s.count; ++i)
                todo.push_back(p[s.first + i]);
            break;
        }
    }
    return words;
}

namespace {

// Copies the object at src (its slots still refer to the originals) to dst; returns its
// words. Refc binaries and magic references gain a reference, linked into off_heap.
Word copy_object(Word *src, Word *dst, OffHeap &off_heap) {
    Word n = object_words(src[0]);
    if (header_subtag(src[0]) == Subtag::RefcBin)
        seal_append_buffer(src); // a shared binary may no longer grow in place (vm/bits.h)
    std::memcpy(dst, src, n * sizeof(Word));
    if (header_subtag(src[0]) == Subtag::RefcBin) {
        reinterpret_cast<Binary *>(dst[2])->retain();
        off_heap.link(dst);
    } else if (is_magic_ref_header(src[0])) {
        reinterpret_cast<MagicObject *>(dst[4])->retain();
        off_heap.link(dst);
    }
    return n;
}

// A slot of a copy still to fill, with the term to put there (both copies below walk the
// source with a stack of these).
struct PendingSlot {
    Term *slot;
    Term value;
};

} // namespace

Term copy_term(Term root, Word *hp, OffHeap &off_heap) {
    Term result = root;
    std::vector<PendingSlot> todo{{&result, root}};
    while (!todo.empty()) {
        PendingSlot job = todo.back();
        todo.pop_back();
        Term t = job.value;
        if (is_list(t)) {
            Word *cell = hp;
            hp += 2;
            *job.slot = make_list(cell);
            todo.push_back({&cell[0], car(t)});
            todo.push_back({&cell[1], cdr(t)});
        } else if (is_boxed(t)) {
            Word *src = boxed_ptr(t);
            Word *dst = hp;
            hp += copy_object(src, dst, off_heap);
            *job.slot = make_boxed(dst);
            TermSlots s = term_slots(src[0]);
            for (Word i = 0; i < s.count; ++i)
                todo.push_back({&dst[s.first + i], src[s.first + i]});
        } else {
            *job.slot = t;
        }
    }
    return result;
}

size_t SharedCopy::size(Term root) {
    size_t words = 0;
    std::vector<Term> todo{root};
    while (!todo.empty()) {
        Term t = todo.back();
        todo.pop_back();
        if (!is_list(t) && !is_boxed(t)) continue;
        const Word *p = reinterpret_cast<const Word *>(t & ~Word(tag::kPrimaryMask));
        if (!counted_.insert(p).second) continue;
        if (is_list(t)) {
            words += 2;
            todo.push_back(p[0]);
            todo.push_back(p[1]);
            continue;
        }
        words += object_words(p[0]);
        TermSlots s = term_slots(p[0]);
        for (Word i = 0; i < s.count; ++i)
            todo.push_back(p[s.first + i]);
    }
    return words;
}

Term SharedCopy::copy(Term root, Word *&hp, OffHeap &off_heap) {
    Term result = root;
    std::vector<PendingSlot> todo{{&result, root}};
    while (!todo.empty()) {
        PendingSlot job = todo.back();
        todo.pop_back();
        Term t = job.value;
        if (!is_list(t) && !is_boxed(t)) {
            *job.slot = t;
            continue;
        }
        const Word *src = reinterpret_cast<const Word *>(t & ~Word(tag::kPrimaryMask));
        auto [it, fresh] = copied_.try_emplace(src, Term(0));
        if (!fresh) {
            *job.slot = it->second;
            continue;
        }
        if (is_list(t)) {
            Word *cell = hp;
            hp += 2;
            it->second = *job.slot = make_list(cell);
            todo.push_back({&cell[0], src[0]});
            todo.push_back({&cell[1], src[1]});
            continue;
        }
        Word *dst = hp;
        hp += copy_object(const_cast<Word *>(src), dst, off_heap);
        it->second = *job.slot = make_boxed(dst);
        TermSlots s = term_slots(src[0]);
        for (Word i = 0; i < s.count; ++i)
            todo.push_back({&dst[s.first + i], src[s.first + i]});
    }
    return result;
}

} // namespace hamlet
