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
            for (Word i = 0; i < s.count; ++i) todo.push_back(p[s.first + i]);
            break;
        }
    }
    return words;
}

Term copy_term(Term root, Word *hp, OffHeap &off_heap) {
    // Copy objects breadth-first: each slot to fill is recorded with the term to put there.
    struct Pending {
        Term *slot;
        Term value;
    };
    Term result = root;
    std::vector<Pending> todo{{&result, root}};
    while (!todo.empty()) {
        Pending job = todo.back();
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
            Word n = object_words(src[0]);
            Word *dst = hp;
            hp += n;
            std::memcpy(dst, src, n * sizeof(Word));
            *job.slot = make_boxed(dst);
            if (header_subtag(src[0]) == Subtag::RefcBin) {
                // A shared binary may no longer grow in place (see vm/bits.h, append buffers).
                seal_append_buffer(src);
                std::memcpy(dst, src, n * sizeof(Word));
                reinterpret_cast<Binary *>(dst[2])->retain();
                off_heap.link(dst);
            } else if (is_magic_ref_header(src[0])) {
                reinterpret_cast<MagicObject *>(dst[4])->retain();
                off_heap.link(dst);
            }
            TermSlots s = term_slots(src[0]);
            for (Word i = 0; i < s.count; ++i) todo.push_back({&dst[s.first + i], src[s.first + i]});
        } else {
            *job.slot = t;
        }
    }
    return result;
}

} // namespace hamlet
