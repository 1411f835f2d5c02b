// Arithmetic operators and number conversions (erlang:'+'/2 ... float_to_list/2).
//
// Integers: smalls take fast paths in plain C++ (60-bit values cannot overflow 64-bit sums);
// everything else goes through GMP on the limbs in place (IntegerArg) and comes back
// normalised (make_integer_from_mpz), with the BEAM's size limit of 2^19 - 1 limbs.
// Floats: a float result that is not finite is badarith, as is integer-only arithmetic on a
// float. Conversions reproduce erts' observable behaviour, quirks included (see the notes at
// each function); every expected value in tests/unit/arith_test.cpp comes from OTP 25.
#include "bifs/arith.h"

#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/binary.h"
#include "vm/term_build.h"

#include <functional>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <locale.h>
#include <string>
#include <string_view>
#include <vector>

namespace hamlet {

// ---- integer access --------------------------------------------------------------------

IntegerArg::IntegerArg(Term t) {
    if (is_small(t)) {
        SWord v = small_value(t);
        small_limb_ = v < 0 ? mp_limb_t(-Word(v)) : mp_limb_t(v);
        mpz_roinit_n(z_, &small_limb_, v < 0 ? -1 : (v == 0 ? 0 : 1));
    } else {
        mp_size_t n = mp_size_t(bignum_limb_count(t));
        mpz_roinit_n(z_, reinterpret_cast<const mp_limb_t *>(bignum_limbs(t)), bignum_negative(t) ? -n : n);
    }
}

static_assert(sizeof(mp_limb_t) == sizeof(Word), "GMP limbs must be 64-bit words");

Term make_integer_from_mpz(Process *p, mpz_srcptr z) {
    size_t n = mpz_size(z);
    if (n > kMaxBignumLimbs) return p->system_limit();
    const Word *limbs = reinterpret_cast<const Word *>(mpz_limbs_read(z));
    bool negative = mpz_sgn(z) < 0;
    Word words = integer_words(limbs, n, negative);
    return make_integer(words ? p->alloc(words) : nullptr, limbs, n, negative);
}

bool term_to_int64(Term t, int64_t &out) {
    if (is_small(t)) {
        out = small_value(t);
        return true;
    }
    if (!is_bignum(t) || bignum_limb_count(t) != 1) return false;
    Word m = bignum_limbs(t)[0];
    if (bignum_negative(t)) {
        if (m > Word(1) << 63) return false;
        out = int64_t(-m);
    } else {
        if (m >= Word(1) << 63) return false;
        out = int64_t(m);
    }
    return true;
}

bool term_to_uint64(Term t, uint64_t &out) {
    if (is_small(t)) {
        if (small_value(t) < 0) return false;
        out = uint64_t(small_value(t));
        return true;
    }
    if (!is_bignum(t) || bignum_negative(t) || bignum_limb_count(t) != 1) return false;
    out = bignum_limbs(t)[0];
    return true;
}

bool integer_to_double(Term t, double &out) {
    if (is_small(t)) {
        out = double(small_value(t));
        return true;
    }
    if (!is_bignum(t)) return false;
    // As erts does: most significant limb first, d = d * 2^64 + limb, rounding at each step.
    // (The product is exact, so fused multiply-add could not change the result either.)
    const Word *limbs = bignum_limbs(t);
    double d = 0.0;
    for (Word i = bignum_limb_count(t); i-- > 0;) {
        d = d * 18446744073709551616.0 + double(limbs[i]);
        if (!std::isfinite(d)) return false;
    }
    out = bignum_negative(t) ? -d : d;
    return true;
}

bool number_to_double(Term t, double &out) {
    if (is_float(t)) {
        out = float_value(t);
        return true;
    }
    return integer_to_double(t, out);
}

Term double_to_integer(Process *p, double d) {
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return make_int64(p, int64_t(d));
    Mpz z;
    mpz_set_d(z, d); // exact: d is integral
    return make_integer_from_mpz(p, z);
}

namespace {

Term make_result_float(Process *p, double d) {
    if (!std::isfinite(d)) return p->badarith();
    return make_float(p, d);
}

// Both integers, at least one a bignum: r = op(a, b) through GMP.
template <typename Op> Term big_binary(Process *p, Term a, Term b, Op op) {
    IntegerArg x(a), y(b);
    Mpz r;
    op(r.z, x.get(), y.get());
    return make_integer_from_mpz(p, r);
}

// A short bignum and a nonzero small: times, div and rem through GMP's mpn layer on the
// stack, without the mpz_t allocations of big_binary (factorials, digit loops). kNonValue
// when the bignum is too long for the buffer (the caller goes through big_binary).
constexpr Word kShortLimbs = 32;
enum class BigSmallOp { Times, Div, Rem };

Term big_small(Process *p, Term big, SWord s, BigSmallOp op) {
    Word n = bignum_limb_count(big);
    if (n >= kShortLimbs) return kNonValue;
    const auto *limbs = reinterpret_cast<const mp_limb_t *>(bignum_limbs(big));
    bool neg = bignum_negative(big);
    auto m = mp_limb_t(s < 0 ? Word(0) - Word(s) : Word(s));
    if (op == BigSmallOp::Rem) { // the remainder has the dividend's sign, as tdiv_r's
        auto r = SWord(mpn_mod_1(limbs, mp_size_t(n), m));
        return make_small(neg ? -r : r);
    }
    mp_limb_t r[kShortLimbs + 1];
    Word count = n;
    if (op == BigSmallOp::Times) {
        r[n] = mpn_mul_1(r, limbs, mp_size_t(n), m);
        count += r[n] != 0;
    } else {
        mpn_divrem_1(r, 0, limbs, mp_size_t(n), m);
    }
    while (count && r[count - 1] == 0)
        --count;
    neg = neg != (s < 0);
    const auto *w = reinterpret_cast<const Word *>(r);
    Word words = integer_words(w, count, neg);
    return make_integer(words ? p->alloc(words) : nullptr, w, count, neg);
}

enum class FloatOp { Plus, Minus, Times, Divide };

Term float_arith(Process *p, Term a, Term b, FloatOp op) {
    double x, y;
    if (!number_to_double(a, x) || !number_to_double(b, y)) return p->badarith();
    switch (op) {
    case FloatOp::Plus: return make_result_float(p, x + y);
    case FloatOp::Minus: return make_result_float(p, x - y);
    case FloatOp::Times: return make_result_float(p, x * y);
    case FloatOp::Divide: return make_result_float(p, x / y);
    }
    return p->badarith();
}

// Shifts an integer left by i bits (right if i < 0), as erts_shift does after it has
// turned the shift count into a small.
Term shift_integer(Process *p, Term a, SWord i) {
    if (is_small(a)) {
        SWord v = small_value(a);
        if (i == 0 || v == 0) return a;
        if (i < 0) return make_small(i <= -(kSmallBits - 1) ? (v < 0 ? -1 : 0) : v >> -i);
        if (i < kSmallBits - 1) {
            __int128 r = __int128(v) * (__int128(1) << i);
            if (r >= kMinSmall && r <= kMaxSmall) return make_small(SWord(r));
        }
    } else if (i == 0) {
        return a;
    }
    IntegerArg x(a);
    Mpz r;
    if (i > 0) {
        // Refuse before allocating anything when the result clearly cannot fit.
        if (mpz_size(x.get()) + Word(i) / 64 > kMaxBignumLimbs + 8) return p->system_limit();
        mpz_mul_2exp(r, x.get(), mp_bitcnt_t(i));
    } else {
        Word n = Word(-(i + 1)) + 1;
        if (n / 64 >= mpz_size(x.get()))
            mpz_set_si(r, mpz_sgn(x.get()) < 0 ? -1 : 0);
        else
            mpz_fdiv_q_2exp(r, x.get(), mp_bitcnt_t(n));
    }
    return make_integer_from_mpz(p, r);
}

Term shift(Process *p, Term a, Term b, bool right) {
    if (right) {
        if (is_small(b)) {
            if (!is_integer(a)) return p->badarith();
            return shift_integer(p, a, -small_value(b));
        }
        if (is_bignum(b)) {
            // N bsr NegativeBig == N bsl MAX_SMALL; N bsr PositiveBig == N bsl MIN_SMALL.
            b = make_small(bignum_negative(b) ? kMaxSmall : kMinSmall);
        } else {
            return p->badarith();
        }
    }
    if (is_small(b)) {
        if (!is_integer(a)) return p->badarith();
        return shift_integer(p, a, small_value(b));
    }
    if (is_bignum(b)) {
        if (!is_integer(a)) return p->badarith();
        if (bignum_negative(b)) return shift_integer(p, a, kMinSmall);
        if (a == make_small(0)) return a;
        return p->system_limit();
    }
    return p->badarith();
}

} // namespace

// ---- the operators -------------------------------------------------------------------

Term arith_plus(Process *p, Term a, Term b) {
    if (is_small(a) && is_small(b)) return make_int64(p, small_value(a) + small_value(b));
    if (is_integer(a) && is_integer(b)) return big_binary(p, a, b, mpz_add);
    return float_arith(p, a, b, FloatOp::Plus);
}

Term arith_minus(Process *p, Term a, Term b) {
    if (is_small(a) && is_small(b)) return make_int64(p, small_value(a) - small_value(b));
    if (is_integer(a) && is_integer(b)) return big_binary(p, a, b, mpz_sub);
    return float_arith(p, a, b, FloatOp::Minus);
}

Term arith_times(Process *p, Term a, Term b) {
    if (is_small(a) && is_small(b)) {
        __int128 r = __int128(small_value(a)) * small_value(b);
        if (r >= INT64_MIN && r <= INT64_MAX) return make_int64(p, int64_t(r));
        unsigned __int128 m = r < 0 ? -(unsigned __int128)r : (unsigned __int128)r;
        Word limbs[2] = {Word(m), Word(m >> 64)};
        Word n = limbs[1] ? 2 : 1;
        return make_integer(p->alloc(bignum_words(n)), limbs, n, r < 0);
    }
    if (is_small(b) && is_bignum(a) && b != make_small(0)) {
        Term r = big_small(p, a, small_value(b), BigSmallOp::Times);
        if (r != kNonValue) return r;
    } else if (is_small(a) && is_bignum(b) && a != make_small(0)) {
        Term r = big_small(p, b, small_value(a), BigSmallOp::Times);
        if (r != kNonValue) return r;
    }
    if (is_integer(a) && is_integer(b)) return big_binary(p, a, b, mpz_mul);
    return float_arith(p, a, b, FloatOp::Times);
}

Term arith_divide(Process *p, Term a, Term b) { return float_arith(p, a, b, FloatOp::Divide); }

Term arith_div(Process *p, Term a, Term b) {
    if (b == make_small(0)) return p->badarith();
    if (is_small(a) && is_small(b)) return make_int64(p, small_value(a) / small_value(b));
    if (!is_integer(a) || !is_integer(b)) return p->badarith();
    if (is_small(b)) {
        Term r = big_small(p, a, small_value(b), BigSmallOp::Div);
        if (r != kNonValue) return r;
    }
    return big_binary(p, a, b, mpz_tdiv_q);
}

Term arith_rem(Process *p, Term a, Term b) {
    if (b == make_small(0)) return p->badarith();
    if (is_small(a) && is_small(b)) return make_small(small_value(a) % small_value(b));
    if (!is_integer(a) || !is_integer(b)) return p->badarith();
    if (is_small(b)) {
        Term r = big_small(p, a, small_value(b), BigSmallOp::Rem);
        if (r != kNonValue) return r;
    }
    return big_binary(p, a, b, mpz_tdiv_r);
}

Term arith_band(Process *p, Term a, Term b) {
    if (is_small(a) && is_small(b)) return make_small(small_value(a) & small_value(b));
    if (!is_integer(a) || !is_integer(b)) return p->badarith();
    return big_binary(p, a, b, mpz_and);
}

Term arith_bor(Process *p, Term a, Term b) {
    if (is_small(a) && is_small(b)) return make_small(small_value(a) | small_value(b));
    if (!is_integer(a) || !is_integer(b)) return p->badarith();
    return big_binary(p, a, b, mpz_ior);
}

Term arith_bxor(Process *p, Term a, Term b) {
    if (is_small(a) && is_small(b)) return make_small(small_value(a) ^ small_value(b));
    if (!is_integer(a) || !is_integer(b)) return p->badarith();
    return big_binary(p, a, b, mpz_xor);
}

Term arith_bsl(Process *p, Term a, Term b) { return shift(p, a, b, false); }
Term arith_bsr(Process *p, Term a, Term b) { return shift(p, a, b, true); }

Term arith_bnot(Process *p, Term a) {
    if (is_small(a)) return make_small(~small_value(a));
    if (!is_bignum(a)) return p->badarith();
    IntegerArg x(a);
    Mpz r;
    mpz_com(r, x.get());
    return make_integer_from_mpz(p, r);
}

Term arith_negate(Process *p, Term a) {
    if (is_small(a)) return make_int64(p, -small_value(a));
    if (is_bignum(a)) {
        IntegerArg x(a);
        Mpz r;
        mpz_neg(r, x.get());
        return make_integer_from_mpz(p, r);
    }
    if (is_float(a)) return make_float(p, -float_value(a));
    return p->badarith();
}

Term erlang_plus_2(Process *p, const Term *args) { return arith_plus(p, args[0], args[1]); }
Term erlang_minus_2(Process *p, const Term *args) { return arith_minus(p, args[0], args[1]); }
Term erlang_times_2(Process *p, const Term *args) { return arith_times(p, args[0], args[1]); }
Term erlang_divide_2(Process *p, const Term *args) { return arith_divide(p, args[0], args[1]); }
Term erlang_div_2(Process *p, const Term *args) { return arith_div(p, args[0], args[1]); }
Term erlang_rem_2(Process *p, const Term *args) { return arith_rem(p, args[0], args[1]); }
Term erlang_band_2(Process *p, const Term *args) { return arith_band(p, args[0], args[1]); }
Term erlang_bor_2(Process *p, const Term *args) { return arith_bor(p, args[0], args[1]); }
Term erlang_bxor_2(Process *p, const Term *args) { return arith_bxor(p, args[0], args[1]); }
Term erlang_bsl_2(Process *p, const Term *args) { return arith_bsl(p, args[0], args[1]); }
Term erlang_bsr_2(Process *p, const Term *args) { return arith_bsr(p, args[0], args[1]); }
Term erlang_bnot_1(Process *p, const Term *args) { return arith_bnot(p, args[0]); }
Term erlang_minus_1(Process *p, const Term *args) { return arith_negate(p, args[0]); }

Term erlang_plus_1(Process *p, const Term *args) {
    return is_number(args[0]) ? args[0] : p->badarith();
}

// ---- guard BIFs on numbers (badarg, not badarith, on a wrong type) -----------------------

Term erlang_abs_1(Process *p, const Term *args) {
    Term a = args[0];
    if (is_small(a)) {
        SWord v = small_value(a);
        return v < 0 ? make_int64(p, -v) : a;
    }
    if (is_bignum(a)) {
        if (!bignum_negative(a)) return a;
        return make_integer(p->alloc(bignum_words(bignum_limb_count(a))), bignum_limbs(a),
                            bignum_limb_count(a), false);
    }
    if (is_float(a)) {
        double d = float_value(a);
        // Like erts: only values below 0.0 change, so abs(-0.0) is -0.0.
        return d < 0.0 ? make_float(p, std::fabs(d)) : a;
    }
    return p->badarg();
}

Term erlang_float_1(Process *p, const Term *args) {
    Term a = args[0];
    if (is_float(a)) return a;
    double d;
    if (!integer_to_double(a, d)) return p->badarg();
    return make_float(p, d);
}

namespace {
template <double (*Fn)(double)> Term float_to_int_bif(Process *p, Term a) {
    if (is_float(a)) return double_to_integer(p, Fn(float_value(a)));
    if (is_integer(a)) return a;
    return p->badarg();
}
} // namespace

Term erlang_trunc_1(Process *p, const Term *args) { return float_to_int_bif<std::trunc>(p, args[0]); }
Term erlang_round_1(Process *p, const Term *args) { return float_to_int_bif<std::round>(p, args[0]); }
Term erlang_floor_1(Process *p, const Term *args) { return float_to_int_bif<std::floor>(p, args[0]); }
Term erlang_ceil_1(Process *p, const Term *args) { return float_to_int_bif<std::ceil>(p, args[0]); }

// ---- text <-> integers -----------------------------------------------------------------

namespace {

// The bytes of a binary (not a bitstring with a partial byte); false otherwise. Unaligned
// sub-binaries are copied into scratch.
bool binary_bytes(Term t, std::string &scratch, std::string_view &out) {
    if (!is_bitstring(t)) return false;
    BitView v = bit_view(t);
    if (!v.is_binary()) return false;
    if (v.byte_aligned()) {
        out = std::string_view(reinterpret_cast<const char *>(v.bytes()), v.byte_size());
        return true;
    }
    scratch.assign(v.byte_size(), '\0');
    for (size_t i = 0; i < v.bit_size; ++i) {
        size_t b = v.bit_offset + i;
        if ((v.base[b / 8] >> (7 - b % 8)) & 1) scratch[i / 8] = char(scratch[i / 8] | (0x80 >> (i % 8)));
    }
    out = scratch;
    return true;
}

// Digit value of ch in base, or -1 (erts' c2int rules: letters of either case above 9).
int digit_value(unsigned char ch, int base) {
    int d;
    if (ch >= '0' && ch <= '9')
        d = ch - '0';
    else if (ch >= 'A' && ch <= 'Z')
        d = ch - 'A' + 10;
    else if (ch >= 'a' && ch <= 'z')
        d = ch - 'a' + 10;
    else
        return -1;
    return d < base ? d : -1;
}

// Digits already validated (values 0..base-1) to an integer term.
Term digits_to_integer(Process *p, const std::vector<uint8_t> &digits, int base, bool negative) {
    uint64_t acc = 0;
    bool overflow = false;
    for (uint8_t d : digits) {
        if (__builtin_mul_overflow(acc, uint64_t(base), &acc) || __builtin_add_overflow(acc, uint64_t(d), &acc)) {
            overflow = true;
            break;
        }
    }
    if (!overflow) {
        if (!negative) return make_uint64(p, acc);
        if (acc <= (uint64_t(1) << 63)) return make_int64(p, int64_t(0 - acc));
    }
    static constexpr char kChars[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string text;
    text.reserve(digits.size() + 1);
    for (uint8_t d : digits) text.push_back(kChars[d]);
    Mpz z;
    mpz_set_str(z, text.c_str(), base);
    if (negative) mpz_neg(z, z);
    return make_integer_from_mpz(p, z);
}

// list_to_integer's parser (erts_list_to_integer): an optional '+' or '-' element, then at
// least one digit, to the end of a proper list. A quirk kept from erts: each element after
// the sign is read as a small integer truncated to its low byte, so [304] (256 + $0) is 0.
Term list_to_integer(Process *p, Term list, int base) {
    if (!is_list(list)) return p->badarg();
    bool negative = false;
    if (car(list) == make_small('-') || car(list) == make_small('+')) {
        negative = car(list) == make_small('-');
        list = cdr(list);
        if (!is_list(list)) return p->badarg();
    }
    std::vector<uint8_t> digits;
    for (;;) {
        Term h = car(list);
        if (!is_small(h)) return p->badarg();
        int d = digit_value(static_cast<unsigned char>(Word(small_value(h)) & 0xFF), base);
        if (d < 0) return p->badarg();
        digits.push_back(uint8_t(d));
        list = cdr(list);
        if (is_nil(list)) break;
        if (!is_list(list)) return p->badarg();
    }
    return digits_to_integer(p, digits, base, negative);
}

// binary_to_integer's parser (erts_chars_to_integer): optional sign, then at least one digit.
Term bytes_to_integer(Process *p, std::string_view s, int base) {
    bool negative = false;
    size_t i = 0;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        i = 1;
    }
    if (i == s.size()) return p->badarg();
    std::vector<uint8_t> digits;
    digits.reserve(s.size() - i);
    for (; i < s.size(); ++i) {
        int d = digit_value(static_cast<unsigned char>(s[i]), base);
        if (d < 0) return p->badarg();
        digits.push_back(uint8_t(d));
    }
    return digits_to_integer(p, digits, base, negative);
}

bool base_arg(Term t, int &base) {
    if (!is_small(t)) return false;
    SWord b = small_value(t);
    if (b < 2 || b > 36) return false;
    base = int(b);
    return true;
}

// A proper list of bytes (0..255) as text; false otherwise.
bool byte_list(Term list, std::string &out) {
    while (is_list(list)) {
        Term h = car(list);
        if (!is_small(h) || small_value(h) < 0 || small_value(h) > 255) return false;
        out.push_back(char(small_value(h)));
        list = cdr(list);
    }
    return is_nil(list);
}

} // namespace

Term erlang_integer_to_list_1(Process *p, const Term *args) {
    if (!is_integer(args[0])) return p->badarg();
    return make_string(p, integer_to_string(args[0], 10));
}

Term erlang_integer_to_list_2(Process *p, const Term *args) {
    int base;
    if (!is_integer(args[0]) || !base_arg(args[1], base)) return p->badarg();
    return make_string(p, integer_to_string(args[0], base));
}

Term erlang_integer_to_binary_1(Process *p, const Term *args) {
    if (!is_integer(args[0])) return p->badarg();
    std::string s = integer_to_string(args[0], 10);
    return make_binary(p, s.data(), s.size());
}

Term erlang_integer_to_binary_2(Process *p, const Term *args) {
    int base;
    if (!is_integer(args[0]) || !base_arg(args[1], base)) return p->badarg();
    std::string s = integer_to_string(args[0], base);
    return make_binary(p, s.data(), s.size());
}

Term erlang_list_to_integer_1(Process *p, const Term *args) { return list_to_integer(p, args[0], 10); }

Term erlang_list_to_integer_2(Process *p, const Term *args) {
    int base;
    // erts checks that the first argument is a proper list before looking at the base.
    Term l = args[0];
    while (is_list(l)) l = cdr(l);
    if (!is_nil(l) || !base_arg(args[1], base)) return p->badarg();
    return list_to_integer(p, args[0], base);
}

Term erlang_binary_to_integer_1(Process *p, const Term *args) {
    std::string scratch;
    std::string_view s;
    if (!binary_bytes(args[0], scratch, s)) return p->badarg();
    return bytes_to_integer(p, s, 10);
}

Term erlang_binary_to_integer_2(Process *p, const Term *args) {
    int base;
    std::string scratch;
    std::string_view s;
    if (!base_arg(args[1], base) || !binary_bytes(args[0], scratch, s)) return p->badarg();
    return bytes_to_integer(p, s, base);
}

// ---- text <-> floats -----------------------------------------------------------------

bool parse_erlang_float(const char *text, size_t len, double &out) {
    // The BEAM hands a C string to its parser, so the text ends at the first NUL byte.
    const void *nul = std::memchr(text, 0, len);
    if (nul) len = size_t(static_cast<const char *>(nul) - text);
    std::string s(text, len);
    size_t i = 0;
    auto digits = [&] {
        size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > start;
    };
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
    if (i >= s.size() || (s[i] != '.' && s[i] != ',')) return false;
    s[i++] = '.';
    if (!digits()) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digits()) return false;
    }
    if (i != s.size()) return false;
    static locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t(0));
    double d = strtod_l(s.c_str(), nullptr, c_locale);
    if (!std::isfinite(d)) return false;
    out = d;
    return true;
}

Term erlang_list_to_float_1(Process *p, const Term *args) {
    std::string s;
    double d;
    if (!byte_list(args[0], s) || !parse_erlang_float(s.data(), s.size(), d)) return p->badarg();
    return make_float(p, d);
}

namespace {
// The longest prefix of a character list made of the bytes accepted by `take`; returns the
// text and sets *rest to the remaining tail (which may be improper).
std::string list_prefix(Term l, Term *rest, const std::function<bool(char, const std::string &)> &take) {
    std::string text;
    for (; is_list(l); l = cdr(l)) {
        Term c = car(l);
        if (!is_small(c) || small_value(c) < 0 || small_value(c) > 127 || !take(char(small_value(c)), text)) break;
        text.push_back(char(small_value(c)));
    }
    *rest = l;
    return text;
}

Term string_result_error(Process *p, const char *reason) {
    return make_tuple(p, {atom::error, *AtomTable::global().intern(reason)});
}
} // namespace

// string:list_to_integer/1: {Integer, Rest} from the leading digits (optional sign), or
// {error, no_integer | not_a_list}.
Term string_list_to_integer_1(Process *p, const Term *args) {
    Term l = args[0];
    if (!is_list(l) && !is_nil(l)) return string_result_error(p, "not_a_list");
    Term rest;
    std::string text = list_prefix(l, &rest, [](char c, const std::string &so_far) {
        return (c >= '0' && c <= '9') || (so_far.empty() && (c == '+' || c == '-'));
    });
    if (text.empty() || text == "+" || text == "-") return string_result_error(p, "no_integer");
    Term n = bytes_to_integer(p, text, 10);
    if (n == kNonValue) return kNonValue;
    return make_tuple(p, {n, rest});
}

// string:list_to_float/1: {Float, Rest} from the leading float (digits '.' or ',' digits,
// with an optional complete exponent), or {error, no_float | not_a_list}. erts takes ','
// as a decimal point too, as its list_to_float/1 does.
Term string_list_to_float_1(Process *p, const Term *args) {
    Term l = args[0];
    if (!is_list(l) && !is_nil(l)) return string_result_error(p, "not_a_list");
    // Collect the longest candidate, then cut it back to the longest valid float.
    Term rest;
    std::string text = list_prefix(l, &rest, [](char c, const std::string &) {
        return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == ',' || c == 'e' ||
               c == 'E';
    });
    size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    size_t int_start = i;
    while (i < text.size() && isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == int_start || i >= text.size() || (text[i] != '.' && text[i] != ','))
        return string_result_error(p, "no_float");
    size_t frac_start = ++i;
    while (i < text.size() && isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == frac_start) return string_result_error(p, "no_float");
    size_t end = i;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        size_t j = i + 1;
        if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
        size_t exp_start = j;
        while (j < text.size() && isdigit(static_cast<unsigned char>(text[j]))) ++j;
        if (j > exp_start) end = j;
    }
    double d;
    if (!parse_erlang_float(text.data(), end, d)) return string_result_error(p, "no_float");
    // The rest starts after the characters used.
    Term r = l;
    for (size_t k = 0; k < end; ++k) r = cdr(r);
    (void)rest;
    return make_tuple(p, {make_float(p, d), r});
}

Term erlang_binary_to_float_1(Process *p, const Term *args) {
    std::string scratch;
    std::string_view s;
    double d;
    if (!binary_bytes(args[0], scratch, s) || !parse_erlang_float(s.data(), s.size(), d)) return p->badarg();
    return make_float(p, d);
}

namespace {
constexpr int kFloatBuffer = 256; // erts formats into a 256-byte buffer; longer text is badarg
} // namespace

std::string float_to_short_string(double d) {
    std::string out;
    if (std::signbit(d)) out.push_back('-');
    if (d == 0.0) return out + "0.0";
    // Shortest round-trip digits from the standard library (Ryu, like erts), scientific.
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(d), std::chars_format::scientific);
    std::string_view sci(buf, size_t(res.ptr - buf));
    size_t e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e))
        if (c != '.') digits.push_back(c);
    int sci_exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
    int n = int(digits.size());
    int exp = sci_exp - (n - 1); // value = digits * 10^exp
    uint64_t mantissa = std::strtoull(digits.c_str(), nullptr, 10);

    // Erlang's choice between the two layouts (its adaptation of the MS STL rules).
    int lower, upper;
    if (n == 1) {
        lower = -4;
        upper = 2;
    } else if (sci_exp >= 10) {
        lower = -(n + 2);
        upper = 2;
    } else {
        lower = -(n + 2);
        upper = 1;
    }
    bool fixed = lower <= exp && exp <= upper;
    // Integers from 2^53 up are always scientific.
    if (fixed && ((exp == 0 && mantissa >= (uint64_t(1) << 53)) || (exp == 1 && mantissa > (uint64_t(1) << 52) / 5) ||
                  (exp == 2 && mantissa > (uint64_t(1) << 51) / 25)))
        fixed = false;

    if (fixed) {
        if (exp >= 0) {
            out += digits;
            out.append(size_t(exp), '0');
            out += ".0";
        } else if (n + exp > 0) {
            out += digits.substr(0, size_t(n + exp));
            out.push_back('.');
            out += digits.substr(size_t(n + exp));
        } else {
            out += "0.";
            out.append(size_t(-(n + exp)), '0');
            out += digits;
        }
    } else {
        out.push_back(digits[0]);
        out.push_back('.');
        out += n > 1 ? digits.substr(1) : "0";
        out.push_back('e');
        out += std::to_string(sci_exp);
    }
    return out;
}

bool float_to_scientific_string(double d, int decimals, std::string &out) {
    // Anything from 250 digits up cannot fit ("d." + digits + "e+dd"); a negative count
    // means C's default precision, 6, as erts' printf gives it.
    if (decimals >= kFloatBuffer - 6) return false;
    char buf[kFloatBuffer];
    int len = std::snprintf(buf, sizeof buf, "%.*e", decimals, d);
    if (len < 0 || len >= kFloatBuffer) return false;
    out.assign(buf, size_t(len));
    return true;
}

bool float_to_fixed_string(double f, int decimals, bool compact, std::string &out) {
    // erts' sys_double_to_chars_fast: integer arithmetic on floor() and round() of the
    // scaled fraction for moderate values and precisions (so 0.125 -> "0.13", unlike C's
    // "0.12"), C's "%.*f" otherwise.
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
                                        1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
    constexpr int kMaxDecimals = int(sizeof kPow10 / sizeof kPow10[0]);
    if (decimals < 0) return false;
    bool negative = std::signbit(f);
    double af = negative ? -f : f;
    auto strip_zeros = [](std::string &s) {
        // Drop trailing zeros but keep one digit after a '.'. With no '.' at all (0
        // decimals) erts strips the zeros of the integer itself: 1.0e20 -> "1".
        size_t end = s.size();
        while (end > 0 && s[end - 1] == '0') --end;
        if (end > 0 && s[end - 1] == '.') ++end;
        s.resize(end);
    };
    if (af > 9007199254740992.0 || decimals >= kMaxDecimals) {
        if (decimals >= kFloatBuffer) return false; // at least that many characters
        char buf[kFloatBuffer];
        int len = std::snprintf(buf, sizeof buf, "%.*f", decimals, f);
        if (len < 0 || len >= kFloatBuffer) return false;
        out.assign(buf, size_t(len));
        if (compact) strip_zeros(out);
        return true;
    }
    uint64_t int_part;
    std::string frac;
    if (decimals) {
        double int_f = std::floor(af);
        double frac_f = std::round((af - int_f) * kPow10[decimals]);
        int_part = uint64_t(int_f);
        uint64_t frac_part = uint64_t(frac_f);
        if (frac_f >= kPow10[decimals]) { // the rounding carried into the integer part
            ++int_part;
            frac_part = 0;
        }
        frac.assign(size_t(decimals), '0');
        for (int i = decimals - 1; i >= 0 && frac_part; --i) {
            frac[size_t(i)] = char('0' + frac_part % 10);
            frac_part /= 10;
        }
    } else {
        int_part = uint64_t(std::lround(af));
    }
    out.clear();
    if (negative) out.push_back('-');
    out += std::to_string(int_part);
    if (decimals) {
        out.push_back('.');
        out += frac;
        if (compact) strip_zeros(out);
    }
    return true;
}

namespace {

// float_to_list/2's options, in erts' order of checks: the float first, then each option
// (later ones override earlier ones; a count is read as a C int, so only its low 32 bits
// matter), then the format.
bool float_text(Term f, Term options, std::string &out) {
    static const Term am_compact = *AtomTable::global().intern("compact");
    static const Term am_short = *AtomTable::global().intern("short");
    static const Term am_decimals = *AtomTable::global().intern("decimals");
    static const Term am_scientific = *AtomTable::global().intern("scientific");
    enum class Fmt { Legacy, Short, Fixed, Scientific } fmt = Fmt::Legacy;
    int decimals = 20;
    bool compact = false;
    if (!is_float(f)) return false;
    for (; is_list(options); options = cdr(options)) {
        Term opt = car(options);
        if (opt == am_compact) {
            compact = true;
        } else if (opt == am_short) {
            fmt = Fmt::Short;
        } else if (is_tuple(opt) && tuple_arity(opt) == 2 && is_small(tuple_elements(opt)[1]) &&
                   (tuple_elements(opt)[0] == am_decimals || tuple_elements(opt)[0] == am_scientific)) {
            decimals = int(int32_t(uint32_t(Word(small_value(tuple_elements(opt)[1])))));
            fmt = tuple_elements(opt)[0] == am_decimals ? Fmt::Fixed : Fmt::Scientific;
        } else {
            return false;
        }
    }
    if (!is_nil(options)) return false;
    double d = float_value(f);
    switch (fmt) {
    case Fmt::Short: out = float_to_short_string(d); return true;
    case Fmt::Fixed: return float_to_fixed_string(d, decimals, compact, out);
    default: return float_to_scientific_string(d, decimals, out);
    }
}

} // namespace

Term erlang_float_to_list_1(Process *p, const Term *args) {
    std::string s;
    if (!float_text(args[0], kNil, s)) return p->badarg();
    return make_string(p, s);
}

Term erlang_float_to_list_2(Process *p, const Term *args) {
    std::string s;
    if (!float_text(args[0], args[1], s)) return p->badarg();
    return make_string(p, s);
}

Term erlang_float_to_binary_1(Process *p, const Term *args) {
    std::string s;
    if (!float_text(args[0], kNil, s)) return p->badarg();
    return make_binary(p, s.data(), s.size());
}

Term erlang_float_to_binary_2(Process *p, const Term *args) {
    std::string s;
    if (!float_text(args[0], args[1], s)) return p->badarg();
    return make_binary(p, s.data(), s.size());
}

} // namespace hamlet
