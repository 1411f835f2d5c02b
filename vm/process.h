// A process: its heap and stack, its exception state, and (later) its mailbox and links.
//
// Memory: one block holds the young heap (growing up from `heap`) and the stack (growing
// down from `hend`); `htop` and `stop` are their tops, so free space is stop - htop. Code that
// cannot garbage-collect (BIFs, builders in the middle of an instruction) allocates with
// alloc(), which falls back to a heap fragment when the heap is full; the next collection
// copies live data out of fragments, as the BEAM does.
#pragma once

#include "vm/binary.h"
#include "vm/term.h"

#include <cstddef>
#include <cstdint>

namespace hamlet {

struct HeapFragment {
    HeapFragment *next;
    size_t size, used;
    Word data[1];
};

enum class ExcClass : uint8_t { Error, Exit, Throw };

class Process {
  public:
    Process();
    ~Process();
    Process(const Process &) = delete;
    Process &operator=(const Process &) = delete;

    // ---- memory ----
    Word *heap = nullptr, *htop = nullptr, *stop = nullptr, *hend = nullptr;
    Word *old_heap = nullptr, *old_htop = nullptr, *old_hend = nullptr;
    HeapFragment *fragments = nullptr;
    size_t fragment_words = 0; // total words in fragments (counts toward the next GC)
    OffHeap off_heap;
    uint64_t binary_vheap = 0; // bytes of off-heap binaries referenced (virtual binary heap)

    // Allocates `words` words that the caller fills completely before the next GC.
    // Never collects; never fails (throws std::bad_alloc if memory is exhausted).
    Word *alloc(size_t words) {
        if (size_t(stop - htop) >= words) {
            Word *p = htop;
            htop += words;
            return p;
        }
        return alloc_fragment(words);
    }
    size_t heap_free() const { return size_t(stop - htop); }

    // ---- exceptions ----
    // A failing BIF or instruction records the exception here and returns kNonValue.
    ExcClass exc_class = ExcClass::Error;
    Term exc_reason = kNonValue;
    Term exc_args = kNonValue; // for error_info: the BIF's arguments, or kNonValue

    Term raise(ExcClass cls, Term reason) {
        exc_class = cls;
        exc_reason = reason;
        exc_args = kNonValue;
        return kNonValue;
    }
    Term error(Term reason) { return raise(ExcClass::Error, reason); }
    Term badarg();
    Term badarith();
    Term system_limit();
    // error({Tag, Value}), e.g. {badmatch, V}
    Term error_tuple(Term tag, Term value);

    Term pid = kNonValue;

  private:
    Word *alloc_fragment(size_t words);
};

} // namespace hamlet
