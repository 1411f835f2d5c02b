// Encoding terms in the external term format (term_to_binary, term_to_iovec,
// external_size; later distribution), byte for byte as OTP 25 writes them.
//
// Encoding is two iterative passes (no recursion, so deep terms are fine): the first
// computes the exact size, the second writes into memory of exactly that size.
//
// What OTP 25's term_to_binary writes (and so do we):
//   integers    SMALL_INTEGER_EXT for 0..255, INTEGER_EXT for other 32-bit values,
//               SMALL_BIG_EXT below 256 magnitude bytes, LARGE_BIG_EXT above
//   floats      NEW_FLOAT_EXT; with {minor_version, 0} FLOAT_EXT ("%.20e", zero padded to 31)
//   atoms       ATOM_EXT (Latin-1 text) when every character is below 256, else
//               SMALL_ATOM_UTF8_EXT / ATOM_UTF8_EXT (more than 255 bytes); with
//               {minor_version, 2} always the UTF-8 tags. Never SMALL_ATOM_EXT.
//   lists       NIL_EXT; STRING_EXT for proper lists of 1..65535 integers in 0..255;
//               else LIST_EXT (element count up to the first non-list tail, then the tail)
//   tuples      SMALL_TUPLE_EXT up to arity 255, else LARGE_TUPLE_EXT
//   maps        MAP_EXT; pairs in flatmap (map-key) order for up to 32 keys, in HAMT
//               iteration order above (vm/term_hash.h); with `deterministic`, large maps
//               sorted by term order (small maps keep flatmap order)
//   binaries    BINARY_EXT; bitstrings BIT_BINARY_EXT (bytes + 1, bits in the last byte,
//               unused low bits zero)
//   funs        EXPORT_EXT (module, function, arity as an integer term); local funs
//               NEW_FUN_EXT: size (from the size field to the end of the environment),
//               arity, the module's MD5, index, free variable count, module, old index and
//               old uniq (integer terms, signed 32-bit), creator pid, free variables
//   pids        NEW_PID_EXT; ports NEW_PORT_EXT, or V4_PORT_EXT when the number is above
//               2^28 - 1; references NEWER_REFERENCE_EXT. Local ones name nonode@nohost,
//               creation 0.
// Compression (`compressed` = zlib level 6, {compressed, 0..9}): the plain encoding
// (without the version byte) is deflated with zlib's default parameters (deflateInit),
// and used only if 131, 80, size32 and the zlib stream are at most as long as the plain
// encoding; otherwise the plain encoding is returned. Level 0 means no compression.
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace hamlet {

struct EtfEncodeOptions {
    int minor_version = 1;      // 0, 1 or 2
    int compression = 0;        // zlib level: 0 = none, -1 = zlib's default (6), 1..9
    bool deterministic = false; // large maps in map-key order instead of HAMT order
};

enum class EtfEncodeStatus : uint8_t {
    Ok,
    SystemLimit, // a binary of 2^32 bytes or more (term_to_binary raises system_limit)
    Unsupported, // a term kind the encoder cannot write (a match context, a fun whose
                 // creator is not a pid)
};

// Exact size of the uncompressed encoding, version byte included.
EtfEncodeStatus etf_encoded_size(Term t, const EtfEncodeOptions &opts, uint64_t &size);

// erlang:external_size/1,2: the exact size, except that, as in erts, a local fun's old
// index and old uniq count 5 bytes each (INTEGER_EXT) even when they take 2.
EtfEncodeStatus etf_external_size(Term t, const EtfEncodeOptions &opts, uint64_t &size);

// Writes the uncompressed encoding, version byte included, into exactly `size` bytes as
// returned by etf_encoded_size for the same term and options.
void etf_encode_plain(Term t, const EtfEncodeOptions &opts, uint8_t *out, uint64_t size);

// The complete term_to_binary result (compressed if asked for and smaller) as bytes.
EtfEncodeStatus etf_encode(Term t, const EtfEncodeOptions &opts, std::vector<uint8_t> &out);

// Compresses a plain encoding (version byte included) as term_to_binary does. Returns false
// (and leaves `out` alone) if compression is off or does not make it smaller.
bool etf_compress(const uint8_t *plain, size_t size, int level, std::vector<uint8_t> &out);

// erlang:term_to_binary/1,2 on a process heap, in one go. On failure records the exception
// in p (system_limit, or badarg for terms that cannot be encoded) and returns kNonValue.
Term term_to_binary(Process *p, Term t, const EtfEncodeOptions &opts);

// erlang:term_to_iovec/1,2: a list of binaries whose concatenation is term_to_binary's
// result; off-heap (refc) binaries larger than 64 bytes inside the term are returned as
// their own elements instead of being copied. As in OTP 25, when compression is on
// (level != 0) the result is a plain binary, not a list.
Term term_to_iovec(Process *p, Term t, const EtfEncodeOptions &opts);

// Units of work term_to_binary and binary_to_term do in one time slice before they yield:
// one per term, per 64 bytes copied, per 2 bytes deflated and per 4 bytes inflated (erts:
// about 4000 reductions, 32 terms or 128 bytes per reduction, 256 KB deflated).
constexpr int64_t kEtfSliceUnits = 128000;

// term_to_binary in time slices (the BEAM's trapping term_to_binary). Between slices the
// process may be collected, so the job keeps no pointer into the heap: the work still to
// do is a term on the heap (`stack`) that the caller keeps with the term being encoded
// (the BIF passes both in its trap arguments), and everything else (sizes, the bytes
// written so far, the zlib stream) is the job's own memory.
class EtfBinaryJob {
  public:
    explicit EtfBinaryJob(const EtfEncodeOptions &opts);
    ~EtfBinaryJob();
    EtfBinaryJob(const EtfBinaryJob &) = delete;
    EtfBinaryJob &operator=(const EtfBinaryJob &) = delete;

    enum class Step : uint8_t { Done, Yield, SystemLimit, Unsupported };
    // Continues encoding `term` (the same term at every call, wherever it has moved) with
    // about `budget` units of work. `stack` is kNil at the first call; after a Yield it holds
    // the pending work to pass to the next call. Done: *result is the binary on p's heap.
    Step run(Process *p, Term term, Term &stack, int64_t budget, Term *result);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// term_to_binary in one go for a term that takes at most `budget` units: Done (*result set),
// errors as EtfBinaryJob's, or Yield when the term is larger (nothing is left behind: run
// an EtfBinaryJob). Spares small terms the job's set-up.
EtfBinaryJob::Step etf_term_to_binary_quick(Process *p, Term t, const EtfEncodeOptions &opts,
                                            int64_t budget, Term *result);

} // namespace hamlet
