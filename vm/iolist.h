// iolists (nested lists of bytes and binaries, possibly with a binary tail) as bytes.
#pragma once

#include "vm/binary.h"
#include "vm/term.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hamlet {

class Process;

// Appends the bytes of an iolist to out; false if t is not an iolist. Iterative.
bool iolist_to_bytes(Term t, std::string &out);

// A walk over an iolist (with `allow_bits`, bitstrings of any size wherever binaries may
// be: list_to_bitstring's bitstring lists) that stops when its budget of work is spent
// and goes on later, in another time slice. Where it stands is a term (save()), kept among
// a BIF trap's arguments between slices, so a garbage collection in between would move it
// like any term; the stack of tails still to visit is C++ memory only within a slice.
// Work units: one per list cell, empty list or byte; one per binary when measuring, one per
// kCopyBytesPerUnit bytes when copying (a long binary may be copied in several slices).
class IolistWalk {
  public:
    static constexpr size_t kCopyBytesPerUnit = 16;
    enum class Status { Done, NotIolist, Paused };

    // Starts at t (fresh), or goes on from a term save() returned (resumed).
    IolistWalk(Term t, bool resumed);
    // Where the walk stands, as a term: [Current | Tails]. Allocates on p's heap.
    Term save(Process *p);

    // Adds the size in bits of what it passes to *bits.
    Status measure(bool allow_bits, int64_t &budget, uint64_t &bits);
    // Writes the bits it passes to dst from bit *pos on, advancing *pos. *partial is how
    // many bits of the current binary are copied already (0 between binaries); keep it
    // with the saved term.
    Status copy(bool allow_bits, int64_t &budget, uint8_t *dst, uint64_t &pos, uint64_t &partial);

  private:
    Term cur_;                  // a list cell whose head is next, or a tail
    Term base_ = kNil;          // tails to visit after those in overlay_, as a list
    std::vector<Term> overlay_; // tails pushed in this slice (the top is last)

    // Calls on_byte(uint8_t) and on_bits(const BitView &) (which returns false when the
    // budget ran out inside the bitstring) for what the iolist holds, in order.
    template <class OnByte, class OnBits>
    Status walk(bool allow_bits, int64_t &budget, OnByte &&on_byte, OnBits &&on_bits);
    bool pop(Term *t);
};

} // namespace hamlet
