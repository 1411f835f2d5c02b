// Decoding the external term format (binary_to_term, literal tables, distribution).
//
// Decoding is two passes over the bytes: the first validates everything and computes the
// exact number of heap words the term needs; the second builds it into memory handed out by
// a TermSink. Both passes are iterative, so hostile nesting cannot overflow the C++ stack,
// and no allocation happens for input that is rejected.
#pragma once

#include "vm/binary.h"
#include "vm/term.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace hamlet {

// Where decoded terms live: a process heap, a message fragment, a module's literal area.
class TermSink {
  public:
    virtual ~TermSink() = default;
    // One call per decoded term, of its exact size, plus one per map of more than 32 keys
    // for its trie's inner nodes (their number depends on the keys' hashes).
    virtual Word *alloc(size_t words) = 0;
    virtual OffHeap &off_heap() = 0;       // where refc binary handles are linked
};

struct EtfOptions {
    bool safe = false; // binary_to_term(B, [safe]): refuse to create atoms
};

struct EtfResult {
    Term term = kNonValue;
    size_t consumed = 0; // bytes used, including the version byte
    std::string error;   // empty on success; else what is wrong and at which offset
    bool ok() const { return error.empty(); }
};

// Decodes one term that starts with the version byte 131 (and may be compressed).
EtfResult etf_decode(const uint8_t *data, size_t size, TermSink &sink, const EtfOptions &opts = {});

} // namespace hamlet
