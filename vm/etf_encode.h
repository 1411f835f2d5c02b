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
//   funs        EXPORT_EXT (arity as SMALL_INTEGER_EXT); local funs are not supported yet
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
    Unsupported, // a term kind the encoder cannot write yet (local funs)
};

// Exact size of the uncompressed encoding, version byte included (erlang:external_size).
EtfEncodeStatus etf_encoded_size(Term t, const EtfEncodeOptions &opts, uint64_t &size);

// Writes the uncompressed encoding, version byte included, into exactly `size` bytes as
// returned by etf_encoded_size for the same term and options.
void etf_encode_plain(Term t, const EtfEncodeOptions &opts, uint8_t *out, uint64_t size);

// The complete term_to_binary result (compressed if asked for and smaller) as bytes.
EtfEncodeStatus etf_encode(Term t, const EtfEncodeOptions &opts, std::vector<uint8_t> &out);

// Compresses a plain encoding (version byte included) as term_to_binary does. Returns false
// (and leaves `out` alone) if compression is off or does not make it smaller.
bool etf_compress(const uint8_t *plain, size_t size, int level, std::vector<uint8_t> &out);

// erlang:term_to_binary/1,2 on a process heap. On failure records the exception in p
// (system_limit, or badarg for terms that cannot be encoded yet) and returns kNonValue.
Term term_to_binary(Process *p, Term t, const EtfEncodeOptions &opts);

// erlang:term_to_iovec/1,2: a list of binaries whose concatenation is term_to_binary's
// result; off-heap (refc) binaries larger than 64 bytes inside the term are returned as
// their own elements instead of being copied. As in OTP 25, when compression is on
// (level != 0) the result is a plain binary, not a list.
Term term_to_iovec(Process *p, Term t, const EtfEncodeOptions &opts);

} // namespace hamlet
