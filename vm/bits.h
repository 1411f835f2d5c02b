// Bit syntax: matching (match contexts) and construction (BitBuilder).
//
// This is the library under the emulator's bs_* instructions. Everything follows the real
// BEAM (OTP 25) to the bit; the unit tests in tests/unit/bits_test.cpp pin the behaviour to
// values recorded from erl.
//
// Bit order: a bitstring is a sequence of bits, most significant bit of each byte first.
// `base[off / 8] >> (7 - off % 8) & 1` is bit `off`.
//
// Flags (the bs_* instructions' flag field): kLittle 0x02, kSigned 0x04, kNative 0x10.
// Native is resolved to the host order (little on every host we build for) by
// bs_little(); the loader may also resolve it once at load time.
//
// ---- Matching ------------------------------------------------------------------------------
// A match context is a heap object of kMatchCtxWords words:
//   [header(MatchCtx, 3), original, offset, end]
// `original` is always a HeapBin or RefcBin term (make_match_ctx flattens sub binaries, so
// reading never chases a chain); `offset` (the current position) and `end` are raw bit
// offsets (NOT tagged terms) from the first bit of the original. For the GC: word 1 is a term
// to trace and update, words 2 and 3 are raw and must be copied verbatim.
// bs_get_position/bs_set_position are match_ctx_offset/set_match_ctx_offset (the emulator
// tags the raw offset as a small for the register).
//
// Every bs_get_* returns false (and leaves the context unchanged) when the bits are not
// there or do not decode; on success it advances the offset and stores the value. They
// allocate on the process heap with Process::alloc (never a GC): at most
// bignum_words(ceil(nbits / 64)) for an integer, kFloatWords for a float, kSubBinWords for
// a binary, nothing for utf* and skips. Extracted binaries are sub binaries of the original
// (no copy).
//
// ---- Construction -----------------------------------------------------------------------------
// BitBuilder collects segments and finish() turns them into a term. Intended use for
// bs_create_bin:
//     BitBuilder b;
//     b.reserve(total_bits);              // optional (a hint): avoids growing the buffer
//     if (first segment is append/private_append) ok = b.append_first(acc, unit, rest_bits);
//     ok = ok && b.append_integer(v, size * unit, flags) && ...;
//     if (!ok) -> fail label, or raise b.reason() (atom badarg or system_limit)
//     dst = b.finish(p);
// finish() gives a heap binary (<= 64 bytes), a refc binary, or a sub binary over one of
// those when the bit count is not a whole number of bytes. Bits after the last one in the
// final byte are always zero. A builder that is destroyed without finish() frees its buffer.
//
// Errors (exactly as erl): a value of the wrong type ⇒ badarg (even with size 0); negative
// size ⇒ badarg; float sizes other than 16/32/64 ⇒ badarg; binary segment longer than the
// value, or `all` of a value whose size is not a multiple of the unit ⇒ badarg; utf code
// points that are negative, surrogates (D800–DFFF) or above 10FFFF ⇒ badarg; a total size
// beyond kMaxBitstringBits ⇒ system_limit. (erts computes all segment sizes before writing
// any value, so with several bad segments it reports the size error first; an emulator that
// wants that exact precedence should do its size pass first, e.g. with utf8_size.)
// Integers are truncated to their size (two's complement for negatives, any bignum); floats
// take integers (converted like erts: bignums via d = d * 2^64 + limb from the top, badarg
// if that overflows) and round to 32/16 bits to nearest-even, overflowing to infinity.
//
// ---- Amortised O(1) append (`<<Acc/binary, X>>` in a loop) -----------------------------
// append_first(acc, ...) implements OTP's writable-binary trick. Its results are always a
// sub binary over a refc handle whose Binary is an "append buffer": Binary::size is the
// capacity (the bytes allocated) and the handle's byte size (word 1) is the high-water mark,
// the bytes in use. A later append_first(acc) extends the buffer in place, without copying,
// when all of these hold:
//   - acc is a SubBin whose original is a RefcBin handle H (never H itself);
//   - acc ends exactly at H's high-water mark, on a byte boundary (so no other term has
//     seen the bytes beyond);
//   - H's Binary has refc == 1 (no other handle anywhere: it was never sent, stored in ETS
//     or a literal area — those copies take references) and the capacity holds the result.
// Extending writes after the high-water mark and raises H's byte size; older sub binaries
// keep their own sizes so they never see the new bytes. Otherwise the result goes to a new
// append buffer with capacity max(256, 2 * result bytes) (OTP's policy), which then becomes
// extendable. Rules this imposes on the rest of the VM (see is_append_buffer()):
//   - A RefcBin handle whose byte size is smaller than its Binary::size means "append
//     buffer"; nothing else may create such handles (make_binary never does), and a handle
//     of an append buffer must never itself be handed out as a term (the GC must not
//     replace a sub binary covering a whole refc binary by the handle).
//   - Binary::size of an append buffer is its capacity, not its length; lengths always come
//     from the handle. The GC may shrink a buffer the process no longer appends to by
//     setting Binary::size to the handle's size (that also makes it non-extendable).
//   - refc == 1 proves exclusive ownership only if every place that can reach the data
//     holds its own reference. Literal areas (module literals, persistent_term) are reached
//     by many processes through one handle, so code that copies a handle into such an area
//     must call seal_append_buffer() on it first (erts seals on every copy; doing it on
//     message sends and ETS inserts too is harmless and keeps memory tight).
// A dedicated flag in Binary would make the first rule explicit and is the suggested
// follow-up; is_append_buffer() is the only place that would change.
#pragma once

#include "vm/binary.h"
#include "vm/process.h"
#include "vm/term.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hamlet {

namespace bsflag {
constexpr unsigned kLittle = 0x02;
constexpr unsigned kSigned = 0x04;
constexpr unsigned kNative = 0x10;
} // namespace bsflag

constexpr bool kHostLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
constexpr bool bs_little(unsigned flags) {
    return (flags & bsflag::kLittle) || ((flags & bsflag::kNative) && kHostLittleEndian);
}

// x % unit without a division for the usual power-of-two units.
constexpr uint64_t bits_mod_unit(uint64_t x, unsigned unit) {
    return (unit & (unit - 1)) == 0 ? x & (unit - 1) : x % unit;
}

// Largest bitstring we agree to build (2^59 bits = 64 PiB); beyond it, system_limit.
constexpr uint64_t kMaxBitstringBits = uint64_t(1) << 59;

// ---- raw bit access ------------------------------------------------------------------------

// n (0..64) bits at bit `off` of `base`, most significant first, as an unsigned number.
// Touches only the bytes holding those bits.
uint64_t read_bits(const uint8_t *base, size_t off, unsigned n);
// Writes the low n (0..64) bits of v at bit `off`: bits before `off` in the first byte are
// kept, bits after the last written one in the final byte are cleared.
void write_bits(uint8_t *base, size_t off, unsigned n, uint64_t v);
// Copies n bits; same edge rules as write_bits. The ranges must not overlap.
void copy_bits(uint8_t *dst, size_t dst_off, const uint8_t *src, size_t src_off, size_t n);

// Reads an n-bit integer (any n) with bs flags, allocating a bignum if needed.
Term read_integer(Process *p, const uint8_t *base, size_t off, size_t n, unsigned flags);
// Decodes an n-bit float (n = 0 ⇒ 0.0, 16, 32, 64); false for other sizes or inf/NaN bits.
bool read_float(const uint8_t *base, size_t off, size_t n, unsigned flags, double *out);

// IEEE binary16 from a double, rounding to nearest-even, overflow to infinity.
uint16_t double_to_half(double d);
// An integer term as a double the way erts converts (false if it overflows).
bool integer_to_double(Term integer, double *out);

// ---- bitstring helpers -------------------------------------------------------------------------

// Strips sub binaries: returns the HeapBin/RefcBin holding the bits and adds the offset.
Term bitstring_original(Term bitstring, size_t *bit_offset);
// A sub binary of `nbits` bits starting `bit_off` bits into bit_view(bin); the new sub
// binary points at the underlying heap/refc binary. Caller checks the range.
Term make_sub_binary(Process *p, Term bin, size_t bit_off, size_t nbits);
// The bits of a bitstring, left-aligned in bytes (trailing pad bits zero); returns the bit
// count. `out` is replaced.
size_t bitstring_to_bytes(Term bitstring, std::vector<uint8_t> &out);

// ---- match contexts ----------------------------------------------------------------------------

constexpr Word kMatchCtxWords = 4;

inline bool is_match_ctx(Term t) { return is_boxed_of(t, Subtag::MatchCtx); }
inline Term match_ctx_original(Term ctx) { return boxed_ptr(ctx)[1]; }
inline size_t match_ctx_offset(Term ctx) { return size_t(boxed_ptr(ctx)[2]); }
inline void set_match_ctx_offset(Term ctx, size_t off) { boxed_ptr(ctx)[2] = Word(off); }
inline size_t match_ctx_end(Term ctx) { return size_t(boxed_ptr(ctx)[3]); }
inline size_t match_ctx_remaining(Term ctx) { return match_ctx_end(ctx) - match_ctx_offset(ctx); }

// The first byte of a flattened original (HeapBin or RefcBin). Moves with the GC for heap
// binaries, so re-read it after anything that may collect.
inline const uint8_t *binary_base(Term original) {
    const Word *p = boxed_ptr(original);
    if (header_subtag(p[0]) == Subtag::HeapBin) return reinterpret_cast<const uint8_t *>(p + 2);
    return reinterpret_cast<const Binary *>(p[2])->data;
}
inline const uint8_t *match_ctx_base(Term ctx) { return binary_base(match_ctx_original(ctx)); }

// Builds a match context over a bitstring (not over a match context: the emulator reuses
// those itself). make_match_ctx_at writes at `at` (kMatchCtxWords words).
Term make_match_ctx_at(Word *at, Term bitstring);
inline Term make_match_ctx(Process *p, Term bitstring) {
    return make_match_ctx_at(p->alloc(kMatchCtxWords), bitstring);
}

bool bs_get_integer_slow(Process *p, Term ctx, size_t nbits, unsigned flags, Term *out);
// Reads nbits (0 ⇒ 0; > 64 may make a bignum), big or little, signed or unsigned.
// Inline: every field of 1 to 56 bits is a small, read from at most 8 bytes (big-endian at
// any bit offset; little-endian whole bytes at a byte offset), so only wider, unaligned
// little-endian and failing reads take the call.
inline bool bs_get_integer(Process *p, Term ctx, size_t nbits, unsigned flags, Term *out) {
    Word *c = boxed_ptr(ctx);
    size_t off = c[2];
    if (nbits - 1 < 56 && c[3] - off >= nbits) {
        const uint8_t *bp = binary_base(c[1]) + (off >> 3);
        unsigned shift = unsigned(off & 7);
        uint64_t u = 0;
        if (!bs_little(flags)) {
            size_t nbytes = (shift + nbits + 7) >> 3; // at most 8
            for (size_t i = 0; i < nbytes; ++i)
                u = u << 8 | bp[i];
            u = (u >> (8 * nbytes - shift - nbits)) & ((uint64_t(1) << nbits) - 1);
        } else if (shift == 0 && nbits % 8 == 0) {
            for (size_t i = nbits / 8; i-- > 0;)
                u = u << 8 | bp[i];
        } else {
            return bs_get_integer_slow(p, ctx, nbits, flags, out);
        }
        SWord v = SWord(u);
        if (flags & bsflag::kSigned) v = SWord(u << (64 - nbits)) >> (64 - nbits);
        *out = make_small(v);
        c[2] = off + nbits;
        return true;
    }
    return bs_get_integer_slow(p, ctx, nbits, flags, out);
}
// nbits 0 (⇒ 0.0), 16, 32 or 64; false for other sizes and for inf/NaN bit patterns.
bool bs_get_float(Process *p, Term ctx, size_t nbits, unsigned flags, Term *out);
// A sub binary of the next nbits bits.
bool bs_get_binary(Process *p, Term ctx, size_t nbits, Term *out);
// The rest (Size = all): false unless the remaining bit count is a multiple of unit.
bool bs_get_binary_all(Process *p, Term ctx, unsigned unit, Term *out);
// The rest as a sub binary, leaving the offset at the end. Never fails.
Term bs_get_tail(Process *p, Term ctx);

bool bs_get_utf8(Process *p, Term ctx, Term *out);
bool bs_get_utf16(Process *p, Term ctx, unsigned flags, Term *out);
bool bs_get_utf32(Process *p, Term ctx, unsigned flags, Term *out);
bool bs_skip_utf8(Term ctx);
bool bs_skip_utf16(Term ctx, unsigned flags);
bool bs_skip_utf32(Term ctx, unsigned flags);

inline bool bs_skip_bits(Term ctx, size_t nbits) {
    Word *c = boxed_ptr(ctx);
    if (c[3] - c[2] < nbits) return false;
    c[2] += nbits;
    return true;
}
// Exactly nbits left.
inline bool bs_test_tail(Term ctx, size_t nbits) { return match_ctx_remaining(ctx) == nbits; }
// Remaining bits a multiple of unit (unit >= 1).
inline bool bs_test_unit(Term ctx, unsigned unit) { return bits_mod_unit(match_ctx_remaining(ctx), unit) == 0; }
// The next nbits equal the first nbits of `bytes` (MSB first); advances on success.
bool bs_match_string(Term ctx, const uint8_t *bytes, size_t nbits);

// Code point decoding on raw bits (used by the context functions, handy for BIFs).
// Return the code point, or -1 if invalid or truncated; *nbits gets the encoded length.
int32_t decode_utf8(const uint8_t *base, size_t off, size_t avail_bits, unsigned *nbits);
int32_t decode_utf16(const uint8_t *base, size_t off, size_t avail_bits, bool little, unsigned *nbits);
int32_t decode_utf32(const uint8_t *base, size_t off, size_t avail_bits, bool little);

// ---- construction --------------------------------------------------------------------------

inline bool valid_code_point(Term cp) {
    if (!is_small(cp)) return false;
    SWord v = small_value(cp);
    return v >= 0 && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF);
}
// Encoded sizes in bytes, 0 if `cp` is not a valid code point (bs_utf8_size semantics).
inline unsigned utf8_size(Term cp) {
    if (!valid_code_point(cp)) return 0;
    SWord v = small_value(cp);
    return v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4;
}
inline unsigned utf16_size(Term cp) {
    if (!valid_code_point(cp)) return 0;
    return small_value(cp) < 0x10000 ? 2 : 4;
}

// Whether a RefcBin handle's Binary is an append buffer this process may extend in place
// (see the header comment).
bool is_append_buffer(const Word *refc_handle);
// Makes the handle's Binary an ordinary binary (capacity := length), as erts'
// emasculate_writable_binary. Call it on the source handle before copying a refc handle
// anywhere that processes reach without taking their own reference (see the header comment);
// the GC may call it to drop the slack of buffers nobody appends to any more.
void seal_append_buffer(const Word *refc_handle);

class BitBuilder {
  public:
    BitBuilder() = default;
    ~BitBuilder();
    BitBuilder(const BitBuilder &) = delete;
    BitBuilder &operator=(const BitBuilder &) = delete;

    // Room for `bits` more bits (a hint; appends grow the buffer anyway). False and
    // system_limit if the total would exceed kMaxBitstringBits.
    bool reserve(uint64_t bits);

    // The `append`/`private_append` first segment: `acc` must be a bitstring whose size is a
    // multiple of `unit` (else badarg). `rest_bits` is the size of the remaining segments
    // (a hint for the capacity). Makes finish() return an extendable append buffer.
    bool append_first(Term acc, unsigned unit, uint64_t rest_bits);

    // `nbits` is Size * Unit, already multiplied (the emulator turns a bignum size into
    // system_limit, or badarg if negative).
    bool append_integer(Term value, int64_t nbits, unsigned flags);
    bool append_float(Term value, int64_t nbits, unsigned flags);
    // nbits < 0 means `all` (then the value's size must be a multiple of `unit`); otherwise
    // the first nbits bits of the value, which must have at least that many.
    bool append_binary(Term value, int64_t nbits, unsigned unit = 1);
    bool append_utf8(Term cp);
    bool append_utf16(Term cp, unsigned flags);
    bool append_utf32(Term cp, unsigned flags);
    bool append_bytes(const uint8_t *bytes, size_t n); // string segments
    bool append_bits(const uint8_t *src, size_t src_off, size_t nbits);

    uint64_t bit_size() const { return pos_ - start_; }
    // After a failed append: atom badarg or system_limit, and what was wrong as erts names
    // it in a construction error's cause: type, size, short, unit, invalid or no_float.
    Term reason() const { return reason_; }
    Term kind() const { return kind_; }
    // Raises reason() on p (p->badarg() or p->system_limit()); returns kNonValue.
    Term raise(Process *p) const;

    // The result term. The builder is empty afterwards and may be reused.
    Term finish(Process *p);

  private:
    bool fail(Term reason, Term kind);
    bool ensure(uint64_t more_bits);
    bool grow(uint64_t need_bits);
    void release();
    void put_uint(uint64_t v, unsigned n) { // n <= 64, room ensured
        write_bits(buf_, pos_, n, v);
        pos_ += n;
    }

    uint8_t *buf_ = inline_;
    uint64_t cap_ = sizeof inline_; // bytes at buf_
    uint64_t pos_ = 0;              // bits written (including start_)
    uint64_t start_ = 0;            // first bit of the result in buf_ (in-place appends)
    uint64_t grown_bytes_ = 0;      // bytes an in-place append's buffer grew by (grow())
    Binary *owned_ = nullptr;       // buffer we allocated (buf_ == owned_->data)
    Word *handle_ = nullptr;        // refc handle extended in place (buf_ is its data)
    bool append_mode_ = false;
    Term reason_ = kNonValue;
    Term kind_ = kNonValue;
    alignas(8) uint8_t inline_[kHeapBinLimit];
};

// Bit-syntax construction errors as OTP 25 reports them: the exception's error_info,
// {error_info, #{cause => {Segment, Op, Kind, Value}, function => format_bs_fail,
// module => erl_erts_errors}}, where Segment is the compiler's segment number, Op the
// segment type (integer, float, binary, utf8, ...), Kind what was wrong (type, size, short,
// unit, invalid, no_float) and Value the offending value or size.
Term bs_construct_error_info(Process *p, Word segment, Term op, Term kind, Term value);

// A segment size's validity as erts checks it before building anything: kNonValue if
// `size` (an integer number of `unit`s) is acceptable, else the exception reason: badarg for
// a negative or non-integer size, system_limit for one whose bit count does not fit in 63
// bits.
Term bs_size_error(Term size, Word unit);

} // namespace hamlet
