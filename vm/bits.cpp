#include "vm/bits.h"

#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/term_build.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

namespace hamlet {

namespace {

// What a failed construction reports (see bs_construct_error_info).
Term kind_type() {
    return *AtomTable::global().intern("type");
}
Term kind_size() {
    return *AtomTable::global().intern("size");
}
Term kind_unit() {
    return *AtomTable::global().intern("unit");
}

using u128 = unsigned __int128;

constexpr uint64_t mask64(unsigned n) {
    return n >= 64 ? ~uint64_t(0) : (uint64_t(1) << n) - 1;
}

inline uint64_t load_be(const uint8_t *p, unsigned nbytes) {
    uint64_t v = 0;
    for (unsigned i = 0; i < nbytes; ++i)
        v = v << 8 | p[i];
    return v;
}

// n (0..64) bits stored little-endian the BEAM way: whole bytes least significant first,
// then the n % 8 most significant bits as a short last field.
uint64_t read_le(const uint8_t *base, size_t off, unsigned n) {
    unsigned k = n / 8, r = n % 8;
    uint64_t v = 0;
    if (off % 8 == 0) {
        const uint8_t *p = base + off / 8;
        for (unsigned i = 0; i < k; ++i)
            v |= uint64_t(p[i]) << (8 * i);
    } else {
        for (unsigned i = 0; i < k; ++i)
            v |= read_bits(base, off + 8 * i, 8) << (8 * i);
    }
    if (r) v |= read_bits(base, off + 8 * k, r) << (8 * k);
    return v;
}

// A view of an integer as an infinite two's complement sequence of 64-bit limbs.
struct TwosLimbs {
    const Word *limbs;
    Word count;
    Word fill;   // limbs at and above count: 0 or ~0
    bool negate; // limbs hold a magnitude to negate
    Word first_nonzero;

    explicit TwosLimbs(Term v, Word *small_buf) {
        if (is_small(v)) {
            SWord x = small_value(v);
            *small_buf = Word(x);
            limbs = small_buf;
            count = 1;
            fill = x < 0 ? ~Word(0) : 0;
            negate = false;
            first_nonzero = 0;
        } else {
            limbs = bignum_limbs(v);
            count = bignum_limb_count(v);
            negate = bignum_negative(v);
            fill = negate ? ~Word(0) : 0;
            first_nonzero = 0;
            if (negate)
                while (limbs[first_nonzero] == 0)
                    ++first_nonzero;
        }
    }
    Word at(Word i) const {
        if (i >= count) return fill;
        if (!negate) return limbs[i];
        if (i < first_nonzero) return 0;
        if (i == first_nonzero) return Word(0) - limbs[i];
        return ~limbs[i];
    }
    uint8_t byte(uint64_t i) const { return uint8_t(at(i / 8) >> (8 * (i % 8))); }
};

Term make_normalised_integer(Process *p, Word *limbs, Word count, bool negative) {
    while (count && limbs[count - 1] == 0)
        --count;
    Word words = integer_words(limbs, count, negative);
    return make_integer(words ? p->alloc(words) : nullptr, limbs, count, negative);
}

} // namespace

// ---- raw bit access ---------------------------------------------------------------------------

uint64_t read_bits(const uint8_t *base, size_t off, unsigned n) {
    if (n == 0) return 0;
    const uint8_t *p = base + off / 8;
    unsigned s = off % 8;
    unsigned nbytes = (s + n + 7) / 8;
    if (nbytes <= 8) return (load_be(p, nbytes) >> (nbytes * 8 - s - n)) & mask64(n);
    u128 acc = (u128(load_be(p, 8)) << 8) | p[8];
    return uint64_t(acc >> (72 - s - n)) & mask64(n);
}

void write_bits(uint8_t *base, size_t off, unsigned n, uint64_t v) {
    if (n == 0) return;
    uint8_t *p = base + off / 8;
    unsigned s = off % 8;
    v &= mask64(n);
    if (s == 0 && n % 8 == 0) {
        for (unsigned i = n / 8; i-- > 0;) {
            p[i] = uint8_t(v);
            v >>= 8;
        }
        return;
    }
    unsigned nbytes = (s + n + 7) / 8;
    u128 acc = u128(v) << (nbytes * 8 - s - n);
    if (s) acc |= u128(p[0] >> (8 - s)) << (nbytes * 8 - s);
    for (unsigned i = nbytes; i-- > 0;) {
        p[i] = uint8_t(acc);
        acc >>= 8;
    }
}

void copy_bits(uint8_t *dst, size_t dst_off, const uint8_t *src, size_t src_off, size_t n) {
    if (n == 0) return;
    if (dst_off % 8) { // align the destination first
        unsigned k = unsigned(std::min<size_t>(n, 8 - dst_off % 8));
        write_bits(dst, dst_off, k, read_bits(src, src_off, k));
        dst_off += k;
        src_off += k;
        n -= k;
        if (n == 0) return;
    }
    uint8_t *dp = dst + dst_off / 8;
    const uint8_t *sp = src + src_off / 8;
    size_t nb = n / 8;
    unsigned r = n % 8, s = src_off % 8;
    if (s == 0) {
        std::memcpy(dp, sp, nb);
        if (r) dp[nb] = uint8_t(sp[nb] & (0xFF00 >> r));
        return;
    }
    // Each whole destination byte takes bits from two source bytes; the last source byte
    // read, sp[nb], still holds wanted bits because s > 0.
    for (size_t i = 0; i < nb; ++i)
        dp[i] = uint8_t(sp[i] << s | sp[i + 1] >> (8 - s));
    if (r) dp[nb] = uint8_t(read_bits(src, src_off + 8 * nb, r) << (8 - r));
}

Term read_integer(Process *p, const uint8_t *base, size_t off, size_t n, unsigned flags) {
    bool little = bs_little(flags);
    bool is_signed = flags & bsflag::kSigned;
    if (n <= 64) {
        unsigned nn = unsigned(n);
        uint64_t u = little ? read_le(base, off, nn) : read_bits(base, off, nn);
        if (is_signed && nn && (u >> (nn - 1) & 1)) return make_int64(p, int64_t(u | ~mask64(nn)));
        return make_uint64(p, u);
    }
    size_t w = (n + 63) / 64;
    unsigned top = unsigned(n - 64 * (w - 1)); // bits in the top limb, 1..64
    Word stack_limbs[16];
    std::vector<Word> heap_limbs;
    Word *limbs = stack_limbs;
    if (w > 16) {
        heap_limbs.resize(w);
        limbs = heap_limbs.data();
    }
    if (!little) {
        for (size_t i = 0; i + 1 < w; ++i)
            limbs[i] = read_bits(base, off + n - 64 * (i + 1), 64);
        limbs[w - 1] = read_bits(base, off, top);
    } else {
        std::fill(limbs, limbs + w, 0);
        size_t k = n / 8;
        unsigned r = n % 8;
        if (off % 8 == 0) {
            const uint8_t *bp = base + off / 8;
            for (size_t i = 0; i < k; ++i)
                limbs[i / 8] |= Word(bp[i]) << (8 * (i % 8));
        } else {
            for (size_t i = 0; i < k; ++i)
                limbs[i / 8] |= read_bits(base, off + 8 * i, 8) << (8 * (i % 8));
        }
        if (r) limbs[k / 8] |= read_bits(base, off + 8 * k, r) << (8 * (k % 8));
    }
    bool negative = is_signed && (limbs[w - 1] >> (top - 1) & 1);
    if (negative) { // magnitude = 2^n - value
        limbs[w - 1] |= ~mask64(top);
        Word carry = 1;
        for (size_t i = 0; i < w; ++i) {
            Word x = ~limbs[i] + carry;
            carry = carry && x == 0;
            limbs[i] = x;
        }
    }
    return make_normalised_integer(p, limbs, w, negative);
}

bool read_float(const uint8_t *base, size_t off, size_t n, unsigned flags, double *out) {
    if (n == 0) {
        *out = 0.0;
        return true;
    }
    if (n != 16 && n != 32 && n != 64) return false;
    unsigned nn = unsigned(n);
    uint64_t u = bs_little(flags) ? read_le(base, off, nn) : read_bits(base, off, nn);
    if (n == 64) {
        if ((u >> 52 & 0x7FF) == 0x7FF) return false;
        std::memcpy(out, &u, 8);
    } else if (n == 32) {
        if ((u >> 23 & 0xFF) == 0xFF) return false;
        uint32_t u32 = uint32_t(u);
        float f;
        std::memcpy(&f, &u32, 4);
        *out = f;
    } else {
        unsigned exp = unsigned(u >> 10) & 0x1F, mant = unsigned(u) & 0x3FF;
        if (exp == 0x1F) return false;
        double m =
            exp ? std::ldexp(double(1024 + mant), int(exp) - 25) : std::ldexp(double(mant), -24);
        *out = (u & 0x8000) ? -m : m;
    }
    return true;
}

uint16_t double_to_half(double d) {
    uint64_t b;
    std::memcpy(&b, &d, 8);
    uint16_t sign = uint16_t((b >> 48) & 0x8000);
    int exp = int(b >> 52 & 0x7FF);
    uint64_t mant = b & mask64(52);
    if (exp == 0x7FF) return uint16_t(sign | (mant ? 0x7E00 : 0x7C00));
    if (exp == 0) return sign; // double subnormals are far below half's range
    int e = exp - 1023;
    if (e > 15) return uint16_t(sign | 0x7C00);
    uint64_t h, rem, half;
    if (e >= -14) { // normal: keep 10 mantissa bits; a carry may bump the exponent (to inf)
        h = uint64_t(e + 15) << 10 | mant >> 42;
        rem = mant & mask64(42);
        half = uint64_t(1) << 41;
    } else { // subnormal: units of 2^-24
        uint64_t sig = mant | uint64_t(1) << 52;
        unsigned shift = unsigned(28 - e); // >= 43
        if (shift > 53) return sign;       // below half the smallest subnormal
        h = sig >> shift;
        rem = sig & mask64(shift);
        half = uint64_t(1) << (shift - 1);
    }
    if (rem > half || (rem == half && (h & 1))) ++h;
    return uint16_t(sign | h);
}

bool integer_to_double(Term t, double *out) {
    if (is_small(t)) {
        *out = double(small_value(t));
        return true;
    }
    // erts' big_to_double: one rounding per limb, from the most significant.
    const Word *limbs = bignum_limbs(t);
    double d = 0.0;
    for (Word i = bignum_limb_count(t); i-- > 0;) {
        d = d * 18446744073709551616.0 + double(limbs[i]);
        if (!std::isfinite(d)) return false;
    }
    *out = bignum_negative(t) ? -d : d;
    return true;
}

// ---- bitstring helpers
// ---------------------------------------------------------------------------

Term bitstring_original(Term t, size_t *bit_offset) {
    while (boxed_subtag(t) == Subtag::SubBin) {
        const Word *s = boxed_ptr(t);
        *bit_offset += size_t(s[2]);
        t = s[3];
    }
    return t;
}

Term make_sub_binary(Process *p, Term bin, size_t bit_off, size_t nbits) {
    Term orig = bitstring_original(bin, &bit_off);
    return make_sub_bin(p->alloc(kSubBinWords), orig, bit_off, nbits);
}

size_t bitstring_to_bytes(Term t, std::vector<uint8_t> &out) {
    BitView v = bit_view(t);
    out.assign((v.bit_size + 7) / 8, 0);
    copy_bits(out.data(), 0, v.base, v.bit_offset, v.bit_size);
    return v.bit_size;
}

// ---- matching
// ---------------------------------------------------------------------------------------

Term make_match_ctx_at(Word *at, Term bitstring) {
    size_t off = 0;
    size_t size = bit_view(bitstring).bit_size;
    Term orig = bitstring_original(bitstring, &off);
    at[0] = make_header(Subtag::MatchCtx, kMatchCtxWords - 1);
    at[1] = orig;
    at[2] = off;
    at[3] = off + size;
    return make_boxed(at);
}

bool bs_get_integer_slow(Process *p, Term ctx, size_t nbits, unsigned flags, Term *out) {
    Word *c = boxed_ptr(ctx);
    size_t off = c[2];
    if (c[3] - off < nbits) return false;
    const uint8_t *base = binary_base(c[1]);
    if (off % 8 == 0 && !(flags & bsflag::kSigned) && !bs_little(flags)) {
        const uint8_t *bp = base + off / 8;
        switch (nbits) {
        case 16:
            *out = make_small(SWord(bp[0]) << 8 | bp[1]);
            c[2] = off + 16;
            return true;
        case 32:
            *out = make_small(SWord(load_be(bp, 4)));
            c[2] = off + 32;
            return true;
        case 64:
            *out = make_uint64(p, load_be(bp, 8));
            c[2] = off + 64;
            return true;
        default:
            break;
        }
    }
    Term v = read_integer(p, base, off, nbits, flags);
    // erts fails the match when the value needs more than BIG_ARITY_MAX (2^19 - 1) digits.
    if (is_bignum(v) && bignum_limb_count(v) > (Word(1) << 19) - 1) return false;
    *out = v;
    c[2] = off + nbits;
    return true;
}

bool bs_get_float(Process *p, Term ctx, size_t nbits, unsigned flags, Term *out) {
    Word *c = boxed_ptr(ctx);
    if (c[3] - c[2] < nbits) return false;
    double d;
    if (!read_float(binary_base(c[1]), c[2], nbits, flags, &d)) return false;
    *out = make_float(p, d);
    c[2] += nbits;
    return true;
}

bool bs_get_binary(Process *p, Term ctx, size_t nbits, Term *out) {
    Word *c = boxed_ptr(ctx);
    if (c[3] - c[2] < nbits) return false;
    *out = make_sub_bin(p->alloc(kSubBinWords), c[1], c[2], nbits);
    c[2] += nbits;
    return true;
}

bool bs_get_binary_all(Process *p, Term ctx, unsigned unit, Term *out) {
    Word *c = boxed_ptr(ctx);
    if (unit > 1 && bits_mod_unit(c[3] - c[2], unit)) return false;
    *out = bs_get_tail(p, ctx);
    return true;
}

Term bs_get_tail(Process *p, Term ctx) {
    Word *c = boxed_ptr(ctx);
    Term t = make_sub_bin(p->alloc(kSubBinWords), c[1], c[2], c[3] - c[2]);
    c[2] = c[3];
    return t;
}

int32_t decode_utf8(const uint8_t *base, size_t off, size_t avail, unsigned *nbits) {
    if (avail < 8) return -1;
    auto byte = [&](unsigned i) -> unsigned {
        return off % 8 ? unsigned(read_bits(base, off + 8 * i, 8)) : base[off / 8 + i];
    };
    unsigned b0 = byte(0);
    if (b0 < 0x80) {
        *nbits = 8;
        return int32_t(b0);
    }
    unsigned len;
    int32_t cp;
    if (b0 < 0xC2) return -1; // continuation byte, or overlong C0/C1
    if (b0 < 0xE0) {
        len = 2;
        cp = b0 & 0x1F;
    } else if (b0 < 0xF0) {
        len = 3;
        cp = b0 & 0x0F;
    } else if (b0 < 0xF5) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        return -1;
    }
    if (avail < 8 * size_t(len)) return -1;
    for (unsigned i = 1; i < len; ++i) {
        unsigned b = byte(i);
        if ((b & 0xC0) != 0x80) return -1;
        cp = cp << 6 | int32_t(b & 0x3F);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return -1;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return -1;
    *nbits = 8 * len;
    return cp;
}

int32_t decode_utf16(const uint8_t *base, size_t off, size_t avail, bool little, unsigned *nbits) {
    if (avail < 16) return -1;
    auto unit = [&](size_t at) {
        return uint32_t(little ? read_le(base, at, 16) : read_bits(base, at, 16));
    };
    uint32_t w1 = unit(off);
    if (w1 < 0xD800 || w1 > 0xDFFF) {
        *nbits = 16;
        return int32_t(w1);
    }
    if (w1 >= 0xDC00 || avail < 32) return -1;
    uint32_t w2 = unit(off + 16);
    if (w2 < 0xDC00 || w2 > 0xDFFF) return -1;
    *nbits = 32;
    return int32_t(0x10000 + ((w1 - 0xD800) << 10) + (w2 - 0xDC00));
}

int32_t decode_utf32(const uint8_t *base, size_t off, size_t avail, bool little) {
    if (avail < 32) return -1;
    uint64_t v = little ? read_le(base, off, 32) : read_bits(base, off, 32);
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return -1;
    return int32_t(v);
}

bool bs_get_utf8(Process *, Term ctx, Term *out) {
    Word *c = boxed_ptr(ctx);
    unsigned n;
    int32_t cp = decode_utf8(binary_base(c[1]), c[2], c[3] - c[2], &n);
    if (cp < 0) return false;
    *out = make_small(cp);
    c[2] += n;
    return true;
}

bool bs_get_utf16(Process *, Term ctx, unsigned flags, Term *out) {
    Word *c = boxed_ptr(ctx);
    unsigned n;
    int32_t cp = decode_utf16(binary_base(c[1]), c[2], c[3] - c[2], bs_little(flags), &n);
    if (cp < 0) return false;
    *out = make_small(cp);
    c[2] += n;
    return true;
}

bool bs_get_utf32(Process *, Term ctx, unsigned flags, Term *out) {
    Word *c = boxed_ptr(ctx);
    int32_t cp = decode_utf32(binary_base(c[1]), c[2], c[3] - c[2], bs_little(flags));
    if (cp < 0) return false;
    *out = make_small(cp);
    c[2] += 32;
    return true;
}

bool bs_skip_utf8(Term ctx) {
    Term ignored;
    return bs_get_utf8(nullptr, ctx, &ignored);
}
bool bs_skip_utf16(Term ctx, unsigned flags) {
    Term ignored;
    return bs_get_utf16(nullptr, ctx, flags, &ignored);
}
bool bs_skip_utf32(Term ctx, unsigned flags) {
    Term ignored;
    return bs_get_utf32(nullptr, ctx, flags, &ignored);
}

bool bs_match_string(Term ctx, const uint8_t *bytes, size_t nbits) {
    Word *c = boxed_ptr(ctx);
    size_t off = c[2];
    if (c[3] - off < nbits) return false;
    const uint8_t *base = binary_base(c[1]);
    size_t nb = nbits / 8;
    unsigned r = nbits % 8;
    if (off % 8 == 0) {
        const uint8_t *bp = base + off / 8;
        if (std::memcmp(bp, bytes, nb) != 0) return false;
        if (r && ((bp[nb] ^ bytes[nb]) & (0xFF00 >> r))) return false;
    } else {
        for (size_t i = 0; i < nb; ++i)
            if (read_bits(base, off + 8 * i, 8) != bytes[i]) return false;
        if (r && read_bits(base, off + 8 * nb, r) != uint64_t(bytes[nb] >> (8 - r))) return false;
    }
    c[2] = off + nbits;
    return true;
}

// ---- construction ------------------------------------------------------------------------------

bool is_append_buffer(const Word *h) {
    const Binary *b = reinterpret_cast<const Binary *>(h[2]);
    return h[1] < b->size && b->refc.load(std::memory_order_acquire) == 1;
}

void seal_append_buffer(const Word *h) {
    auto *b = reinterpret_cast<Binary *>(h[2]);
    if (h[1] < b->size) b->size = h[1];
}

BitBuilder::~BitBuilder() {
    release();
}

void BitBuilder::release() {
    if (owned_) owned_->release();
    owned_ = nullptr;
}

bool BitBuilder::fail(Term reason, Term kind) {
    reason_ = reason;
    kind_ = kind;
    return false;
}

Term BitBuilder::raise(Process *p) const {
    return reason_ == atom::system_limit ? p->system_limit() : p->badarg();
}

bool BitBuilder::grow(uint64_t need_bits) {
    uint64_t need = (need_bits + 7) / 8;
    uint64_t cap = std::max(need, cap_ * 2);
    if (append_mode_) cap = std::max<uint64_t>({cap, 2 * need, 256});
    if (handle_ || owned_) {
        // A buffer of ours, or an in-place append's: that one is this process's alone
        // (append_first checked) and every reader reaches its bytes through the handle. So
        // the buffer is resized where it is, as erts reallocates a writable binary: glibc
        // moves a large block's pages (mremap) instead of copying them into fresh ones, whose
        // page faults cost more than the copy. An in-place append's growth is charged to the
        // process's binary heap in finish().
        Binary *old = handle_ ? reinterpret_cast<Binary *>(handle_[2]) : owned_;
        uint64_t old_cap = old->size;
        if (Binary *b = Binary::resize(old, cap)) {
            if (handle_) {
                handle_[2] = reinterpret_cast<Word>(b);
                grown_bytes_ += cap - old_cap;
            } else {
                owned_ = b;
            }
            buf_ = b->data;
            cap_ = cap;
            return true;
        }
    }
    Binary *b = Binary::create(cap);
    // Keep the bytes from the one holding the result's first bit; in-place appends may
    // start deep into someone else's buffer.
    uint64_t first = start_ / 8;
    uint64_t used = (pos_ + 7) / 8;
    if (used > first) std::memcpy(b->data, buf_ + first, used - first);
    release();
    owned_ = b;
    handle_ = nullptr;
    buf_ = b->data;
    cap_ = cap;
    start_ -= 8 * first;
    pos_ -= 8 * first;
    return true;
}

bool BitBuilder::ensure(uint64_t more) {
    if (more > kMaxBitstringBits - bit_size()) return fail(atom::system_limit, kind_size());
    // An append buffer keeps a byte free: a full one would look like an ordinary binary (its
    // handle's size equal to its capacity), and the next append would copy it.
    if (pos_ + more < cap_ * 8 || (!append_mode_ && pos_ + more == cap_ * 8)) return true;
    return grow(pos_ + more + (append_mode_ ? 8 : 0));
}

bool BitBuilder::reserve(uint64_t bits) {
    if (bits > kMaxBitstringBits - bit_size()) return fail(atom::system_limit, kind_size());
    uint64_t need = pos_ + bits;
    if (need <= cap_ * 8) return true;
    if (append_mode_) return grow(need);
    // An exact size: the emulator computed it, so no slack.
    uint64_t saved = cap_;
    cap_ = 0;
    bool ok = grow(need);
    if (!ok) cap_ = saved;
    return ok;
}

bool BitBuilder::append_first(Term acc, unsigned unit, uint64_t rest_bits) {
    assert(pos_ == 0 && !append_mode_);
    if (!is_boxed(acc)) return fail(atom::badarg, kind_type());
    const Word *s = boxed_ptr(acc);
    Subtag st = header_subtag(s[0]);
    if (st == Subtag::SubBin) { // the steady state of an append loop: try in place first
        uint64_t size = s[1];
        if (unit > 1 && bits_mod_unit(size, unit)) return fail(atom::badarg, kind_unit());
        if (rest_bits > kMaxBitstringBits - size) return fail(atom::system_limit, kind_size());
        uint64_t end = s[2] + size;
        if (end % 8 == 0 && is_boxed_of(s[3], Subtag::RefcBin)) {
            Word *h = boxed_ptr(s[3]);
            Binary *b = reinterpret_cast<Binary *>(h[2]);
            if (end == h[1] * 8 && is_append_buffer(h) && b->size * 8 - end >= rest_bits) {
                append_mode_ = true;
                release();
                handle_ = h;
                buf_ = b->data;
                cap_ = b->size;
                start_ = s[2];
                pos_ = end;
                return true;
            }
        }
    } else if (st != Subtag::HeapBin && st != Subtag::RefcBin) {
        return fail(atom::badarg, kind_type());
    }
    BitView v = bit_view(acc);
    if (unit > 1 && bits_mod_unit(v.bit_size, unit)) return fail(atom::badarg, kind_unit());
    if (rest_bits > kMaxBitstringBits - v.bit_size) return fail(atom::system_limit, kind_size());
    append_mode_ = true;
    grow(v.bit_size + rest_bits);
    copy_bits(buf_, 0, v.base, v.bit_offset, v.bit_size);
    pos_ = v.bit_size;
    return true;
}

bool BitBuilder::append_integer(Term value, int64_t nbits, unsigned flags) {
    if (!is_integer(value)) return fail(atom::badarg, kind_type());
    if (nbits < 0) return fail(atom::badarg, kind_size());
    uint64_t n = uint64_t(nbits);
    if (!ensure(n)) return false;
    if (n == 0) return true;
    bool little = bs_little(flags);
    if (is_small(value) && n <= 64) {
        uint64_t u = uint64_t(small_value(value));
        if (n == 8 && pos_ % 8 == 0) { // <<X>>, <<Acc/binary, X>>
            buf_[pos_ / 8] = uint8_t(u);
            pos_ += 8;
            return true;
        }
        unsigned nn = unsigned(n);
        if (!little) {
            put_uint(u, nn);
        } else if (pos_ % 8 == 0 && nn % 8 == 0) {
            uint8_t *d = buf_ + pos_ / 8;
            for (unsigned i = 0; i < nn / 8; ++i)
                d[i] = uint8_t(u >> (8 * i));
            pos_ += n;
        } else {
            unsigned k = nn / 8, r = nn % 8;
            for (unsigned i = 0; i < k; ++i)
                put_uint(u >> (8 * i), 8);
            if (r) put_uint(u >> (8 * k), r);
        }
        return true;
    }
    Word small_buf;
    TwosLimbs v(value, &small_buf);
    // Writes `m` copies of the fill bit (sign extension beyond the value's own limbs).
    auto fill = [&](uint64_t m) {
        while (m && pos_ % 8) {
            unsigned k = unsigned(std::min<uint64_t>(m, 8 - pos_ % 8));
            put_uint(v.fill, k);
            m -= k;
        }
        std::memset(buf_ + pos_ / 8, int(v.fill & 0xFF), m / 8);
        pos_ += m / 8 * 8;
        if (m % 8) put_uint(v.fill, unsigned(m % 8));
    };
    if (!little) {
        uint64_t w = (n + 63) / 64;
        unsigned top = unsigned(n - 64 * (w - 1));
        put_uint(v.at(w - 1), top);
        uint64_t i = w - 1;
        if (i > v.count) { // limbs count..w-2 are pure fill
            fill(64 * (i - v.count));
            i = v.count;
        }
        while (i-- > 0)
            put_uint(v.at(i), 64);
    } else {
        uint64_t k = n / 8;
        unsigned r = n % 8;
        uint64_t real = std::min<uint64_t>(k, 8 * v.count);
        if (pos_ % 8 == 0) {
            uint8_t *d = buf_ + pos_ / 8;
            for (uint64_t i = 0; i < real; ++i)
                d[i] = v.byte(i);
            pos_ += 8 * real;
        } else {
            for (uint64_t i = 0; i < real; ++i)
                put_uint(v.byte(i), 8);
        }
        fill(8 * (k - real));
        if (r) put_uint(v.byte(k), r);
    }
    return true;
}

bool BitBuilder::append_float(Term value, int64_t nbits, unsigned flags) {
    double d;
    float f;
    uint64_t u;
    if (is_float(value)) {
        d = float_value(value);
    } else if (is_small(value)) {
        // erts converts small integers straight to the target width (one rounding) but
        // bignums through a double first.
        if (nbits == 32) {
            f = float(small_value(value));
            uint32_t u32;
            std::memcpy(&u32, &f, 4);
            if (!ensure(32)) return false;
            if (bs_little(flags)) {
                for (unsigned i = 0; i < 4; ++i)
                    put_uint(u32 >> (8 * i), 8);
            } else {
                put_uint(u32, 32);
            }
            return true;
        }
        d = double(small_value(value));
    } else if (is_bignum(value)) {
        if (!integer_to_double(value, &d))
            return fail(atom::badarg, *AtomTable::global().intern("no_float"));
    } else {
        return fail(atom::badarg, kind_type());
    }
    switch (nbits) {
    case 64:
        std::memcpy(&u, &d, 8);
        break;
    case 32: {
        f = float(d);
        uint32_t u32;
        std::memcpy(&u32, &f, 4);
        u = u32;
        break;
    }
    case 16:
        u = double_to_half(d);
        break;
    default:
        return fail(atom::badarg, *AtomTable::global().intern("invalid"));
    }
    if (!ensure(uint64_t(nbits))) return false;
    if (bs_little(flags)) {
        for (unsigned i = 0; i < unsigned(nbits) / 8; ++i)
            put_uint(u >> (8 * i), 8);
    } else {
        put_uint(u, unsigned(nbits));
    }
    return true;
}

bool BitBuilder::append_binary(Term value, int64_t nbits, unsigned unit) {
    if (!is_bitstring(value)) return fail(atom::badarg, kind_type());
    BitView v = bit_view(value);
    uint64_t n;
    if (nbits < 0) {
        if (unit > 1 && bits_mod_unit(v.bit_size, unit)) return fail(atom::badarg, kind_unit());
        n = v.bit_size;
    } else {
        if (uint64_t(nbits) > v.bit_size)
            return fail(atom::badarg, *AtomTable::global().intern("short"));
        n = uint64_t(nbits);
    }
    if (!ensure(n)) return false;
    // The value may live in the buffer being extended in place, but only below pos_.
    copy_bits(buf_, pos_, v.base, v.bit_offset, n);
    pos_ += n;
    return true;
}

bool BitBuilder::append_utf8(Term cp) {
    unsigned len = utf8_size(cp);
    if (!len) return fail(atom::badarg, kind_type());
    if (!ensure(8 * len)) return false;
    uint32_t c = uint32_t(small_value(cp));
    uint8_t b[4];
    switch (len) {
    case 1:
        b[0] = uint8_t(c);
        break;
    case 2:
        b[0] = uint8_t(0xC0 | c >> 6);
        b[1] = uint8_t(0x80 | (c & 0x3F));
        break;
    case 3:
        b[0] = uint8_t(0xE0 | c >> 12);
        b[1] = uint8_t(0x80 | (c >> 6 & 0x3F));
        b[2] = uint8_t(0x80 | (c & 0x3F));
        break;
    default:
        b[0] = uint8_t(0xF0 | c >> 18);
        b[1] = uint8_t(0x80 | (c >> 12 & 0x3F));
        b[2] = uint8_t(0x80 | (c >> 6 & 0x3F));
        b[3] = uint8_t(0x80 | (c & 0x3F));
        break;
    }
    for (unsigned i = 0; i < len; ++i)
        put_uint(b[i], 8);
    return true;
}

bool BitBuilder::append_utf16(Term cp, unsigned flags) {
    unsigned len = utf16_size(cp);
    if (!len) return fail(atom::badarg, kind_type());
    if (!ensure(8 * len)) return false;
    uint32_t c = uint32_t(small_value(cp));
    bool little = bs_little(flags);
    auto unit = [&](uint32_t w) {
        if (little) {
            put_uint(w & 0xFF, 8);
            put_uint(w >> 8, 8);
        } else {
            put_uint(w, 16);
        }
    };
    if (len == 2) {
        unit(c);
    } else {
        c -= 0x10000;
        unit(0xD800 | c >> 10);
        unit(0xDC00 | (c & 0x3FF));
    }
    return true;
}

bool BitBuilder::append_utf32(Term cp, unsigned flags) {
    if (!valid_code_point(cp)) return fail(atom::badarg, kind_type());
    if (!ensure(32)) return false;
    uint32_t c = uint32_t(small_value(cp));
    if (bs_little(flags)) {
        for (unsigned i = 0; i < 4; ++i)
            put_uint(c >> (8 * i), 8);
    } else {
        put_uint(c, 32);
    }
    return true;
}

bool BitBuilder::append_bytes(const uint8_t *bytes, size_t n) {
    if (n > kMaxBitstringBits / 8) return fail(atom::system_limit, kind_size());
    return append_bits(bytes, 0, 8 * n);
}

bool BitBuilder::append_bits(const uint8_t *src, size_t src_off, size_t nbits) {
    if (!ensure(nbits)) return false;
    copy_bits(buf_, pos_, src, src_off, nbits);
    pos_ += nbits;
    return true;
}

Term BitBuilder::finish(Process *p) {
    uint64_t bits = pos_ - start_;
    uint64_t nbytes = (pos_ + 7) / 8; // bytes of the buffer in use
    Term result;
    if (append_mode_) {
        if (handle_) {
            handle_[1] = nbytes;
            if (grown_bytes_) p->add_binary_vheap(grown_bytes_);
            grown_bytes_ = 0;
            result = make_sub_bin(p->alloc(kSubBinWords), make_boxed(handle_), start_, bits);
            handle_ = nullptr;
        } else {
            Binary *b = owned_;
            owned_ = nullptr;
            Word *hp = p->alloc(kRefcBinWords + kSubBinWords);
            Term h = make_refc_bin(hp, b, p->off_heap);
            hp[1] = nbytes; // high-water mark; b->size stays the capacity
            p->add_binary_vheap(b->size);
            result = make_sub_bin(hp + kRefcBinWords, h, start_, bits);
        }
    } else {
        bool partial = bits % 8 != 0;
        Term bin;
        if (nbytes <= kHeapBinLimit) {
            Word *hp = p->alloc(heap_bin_words(nbytes) + (partial ? kSubBinWords : 0));
            uint8_t *d;
            bin = make_heap_bin(hp, nbytes, &d);
            if (nbytes) std::memcpy(d, buf_, nbytes);
            release();
            if (partial) result = make_sub_bin(hp + heap_bin_words(nbytes), bin, 0, bits);
        } else {
            Binary *b = owned_;
            owned_ = nullptr;
            b->size = nbytes; // the allocation may be larger; the length is what counts
            Word *hp = p->alloc(kRefcBinWords + (partial ? kSubBinWords : 0));
            bin = make_refc_bin(hp, b, p->off_heap);
            p->add_binary_vheap(nbytes);
            if (partial) result = make_sub_bin(hp + kRefcBinWords, bin, 0, bits);
        }
        if (!partial) result = bin;
    }
    buf_ = inline_;
    cap_ = sizeof inline_;
    pos_ = start_ = 0;
    append_mode_ = false;
    reason_ = kNonValue;
    return result;
}

Term bs_construct_error_info(Process *p, Word segment, Term op, Term kind, Term value) {
    static const Term cause = *AtomTable::global().intern("cause");
    static const Term function = *AtomTable::global().intern("function");
    static const Term module = *AtomTable::global().intern("module");
    static const Term format_bs_fail = *AtomTable::global().intern("format_bs_fail");
    static const Term erl_erts_errors = *AtomTable::global().intern("erl_erts_errors");
    static const Term error_info = *AtomTable::global().intern("error_info");
    Term keys = make_tuple(p, {cause, function, module}); // a flat map's keys, in term order
    Word *m = p->alloc(6);
    m[0] = make_header(Subtag::Map, 5);
    m[1] = Word(3) << 2;
    m[2] = keys;
    m[3] = make_tuple(p, {make_small(SWord(segment)), op, kind, value});
    m[4] = format_bs_fail;
    m[5] = erl_erts_errors;
    return make_tuple(p, {error_info, make_boxed(m)});
}

Term bs_size_error(Term size, Word unit) {
    if (is_small(size)) {
        SWord v = small_value(size);
        if (v < 0) return atom::badarg;
        unsigned __int128 bits = (unsigned __int128)uint64_t(v) * unit;
        return bits >> 63 ? atom::system_limit : kNonValue;
    }
    if (is_bignum(size)) return bignum_negative(size) ? atom::badarg : atom::system_limit;
    return atom::badarg;
}

} // namespace hamlet
