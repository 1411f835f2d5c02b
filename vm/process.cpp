#include "vm/process.h"

#include "vm/copy.h"

#include "vm/atom_table.h"
#include "vm/gc.h"
#include "vm/mailbox.h"

#include <cstdlib>
#include <new>

namespace hamlet {

Process::Process(size_t min_heap) : mailbox(std::make_unique<Mailbox>()) {
    // The BEAM's default min_heap_size is 233 words; a larger one is rounded up to the
    // next size of its heap-size sequence.
    if (min_heap > 233) min_heap_words = next_heap_size(min_heap);
    heap = static_cast<Word *>(std::malloc(min_heap_words * sizeof(Word)));
    if (!heap) throw std::bad_alloc();
    htop = high_water = heap;
    hend = stop = heap + min_heap_words;
    publish_heap_bytes();
}

HeapFragment *HeapFragment::create(size_t words) {
    auto *f = static_cast<HeapFragment *>(
        std::malloc(offsetof(HeapFragment, data) + (words ? words : 1) * sizeof(Word)));
    if (!f) throw std::bad_alloc();
    f->next = nullptr;
    f->size = words;
    f->used = 0;
    new (&f->off_heap) OffHeap();
    return f;
}

void HeapFragment::destroy(HeapFragment *f) {
    f->off_heap.release_all();
    std::free(f);
}

Process::~Process() {
    // Refc handles may live in fragments: release them before the fragments go.
    off_heap.release_all();
    old_off_heap.release_all();
    for (Signal *s = gc_waiters; s;) {
        Signal *next = s->next;
        Mailbox::free_signal(s);
        s = next;
    }
    for (HeapFragment *f = fragments; f;) {
        HeapFragment *next = f->next;
        HeapFragment::destroy(f);
        f = next;
    }
    std::free(heap);
    std::free(old_heap);
}

Word *Process::alloc_fragment(size_t words) {
    size_t size = words < 64 ? 64 : words;
    if (fragments && fragments->size - fragments->used >= words) {
        Word *p = fragments->data + fragments->used;
        fragments->used += words;
        return p;
    }
    HeapFragment *f = HeapFragment::create(size);
    f->next = fragments;
    f->used = words;
    fragments = f;
    add_fragment_words(size);
    return f->data;
}

MonitorTag MonitorTag::of(Term t) {
    MonitorTag tag;
    size_t words = copy_size(t);
    if (!words) {
        tag.term = t;
        return tag;
    }
    tag.memory.reset(HeapFragment::create(words), HeapFragment::destroy);
    tag.memory->used = words;
    tag.term = copy_term(t, tag.memory->data, tag.memory->off_heap);
    return tag;
}

Term Process::badarg() {
    return error(atom::badarg);
}
Term Process::badarith() {
    return error(atom::badarith);
}
Term Process::system_limit() {
    return error(atom::system_limit);
}

Term Process::error_tuple(Term tag, Term value) {
    Word *p = alloc(3);
    p[0] = make_header(Subtag::Tuple, 2);
    p[1] = tag;
    p[2] = value;
    return error(make_boxed(p));
}

void Process::clear_scratch_heap() {
    off_heap.release_all();
    for (HeapFragment *f = fragments; f;) {
        HeapFragment *next = f->next;
        HeapFragment::destroy(f);
        f = next;
    }
    fragments = nullptr;
    fragment_words = 0;
    htop = heap;
    binary_vheap = 0;
    update_gc_slack();
}

} // namespace hamlet
