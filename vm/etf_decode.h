// Decoding the external term format (binary_to_term, literal tables, distribution).
//
// Decoding is two passes over the bytes: the first validates everything and computes the
// exact number of heap words the term needs; the second builds it into memory handed out by
// a TermSink. Both passes are iterative, so hostile nesting cannot overflow the C++ stack,
// and no allocation happens for input that is rejected.
//
// What is accepted is what OTP 25's binary_to_term accepts, except: FUN_EXT (refused by
// OTP 23 and later too), ATOM_CACHE_REF and LOCAL_EXT outside distribution, and a local fun
// (NEW_FUN_EXT) whose creator is not a pid (erts takes any term there, and then crashes
// when such a fun is encoded again). The NEW_FUN_EXT size field is not checked (erts
// ignores it too); its old index and old uniq may be any integer term that is a small
// integer, of which the low 32 bits are kept, as in erts. An EXPORT_EXT arity may be any
// non-negative small integer term, of which the low 32 bits are kept, as in erts.
#pragma once

#include "vm/binary.h"
#include "vm/term.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace hamlet {

// Where decoded terms live: a process heap, a message fragment, a module's literal area.
class TermSink {
  public:
    virtual ~TermSink() = default;
    // One call per decoded term, of its exact size, plus one per map of more than 32 keys
    // for its trie's inner nodes (their number depends on the keys' hashes).
    virtual Word *alloc(size_t words) = 0;
    virtual OffHeap &off_heap() = 0; // where refc binary handles are linked
};

struct EtfOptions {
    bool safe = false; // binary_to_term(B, [safe]): refuse to create atoms and export funs
                       // of functions that are not loaded
};

struct EtfResult {
    Term term = kNonValue;
    size_t consumed = 0; // bytes used, including the version byte
    std::string error;   // empty on success; else what is wrong and at which offset
    bool ok() const { return error.empty(); }
};

// Decodes one term that starts with the version byte 131 (and may be compressed).
EtfResult etf_decode(const uint8_t *data, size_t size, TermSink &sink, const EtfOptions &opts = {});

// Decoding in time slices (the BEAM's trapping binary_to_term). Its phases: inflating a
// compressed term, validating and measuring, building, and sorting maps / building large
// maps. The job owns everything it works on (the inflated bytes, and the memory of the
// sink it is given), so a collection of the process between slices cannot disturb it.
class EtfDecodeJob {
  public:
    // The bytes must stay valid and unmoved until the job is destroyed.
    EtfDecodeJob(const uint8_t *data, size_t size, const EtfOptions &opts);
    ~EtfDecodeJob();
    EtfDecodeJob(const EtfDecodeJob &) = delete;
    EtfDecodeJob &operator=(const EtfDecodeJob &) = delete;

    enum class Step : uint8_t {
        Done,     // result() is the term
        Measured, // validation is complete: heap_words() and build_units() are known; call
                  // again with the sink that is to receive the term
        Yield,    // the budget is spent; call again
        Error,    // error() says what is wrong
    };
    // Works with about `budget` units of work (decremented). From the call after Measured
    // on, `sink` must be the same sink at every call.
    Step run(int64_t &budget, TermSink *sink);

    size_t heap_words() const;
    uint64_t build_units() const; // the work of building, in budget units
    Term result() const;
    size_t consumed() const; // bytes of the input used, including the version byte
    const std::string &error() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace hamlet
