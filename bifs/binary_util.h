// What the binary BIFs share (bifs/binaries.cpp, bifs/binary_search.cpp): byte access to
// binary arguments, slices of binaries as erts makes them, small argument helpers.
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hamlet::binutil {

// The whole bytes of a bitstring (copied when it does not start on a byte boundary).
struct Bytes {
    const uint8_t *data = nullptr;
    size_t size = 0; // whole bytes
    size_t bits = 0; // total bit size
    std::vector<uint8_t> copy;
};

void load_bytes(Term t, Bytes &out);

// A binary (whole bytes) argument; false for anything else, bitstrings included.
bool get_binary(Term t, Bytes &out);

// The binary a (possibly nested) sub binary refers to, and the bit offset into it.
Term underlying(Term t, size_t *bit_offset);

// Bits [bit_off, bit_off + nbits) of bitstring t as a term: a new heap binary when it is a
// whole number of bytes, at most 64 of them; otherwise a sub binary of the underlying binary.
Term slice(Process *p, Term t, size_t bit_off, size_t nbits);

// Integer argument that fits in a small integer; false otherwise.
bool get_sint(Term t, SWord *out);

// The list of elems in front of tail.
Term list_of(Process *p, const std::vector<Term> &elems, Term tail = kNil);

} // namespace hamlet::binutil
