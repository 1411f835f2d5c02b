// Arithmetic and number conversions: shared helpers for other BIF families and the emulator.
//
// Integers are smalls or bignums (vm/bignum.h); the helpers below read either kind through
// GMP (IntegerArg, a read-only mpz view that never copies limbs) and write results back as
// normalised terms (make_integer_from_mpz). Every conversion follows the BEAM's own rules,
// including its quirks: an integer converts to a double limb by limb, most significant
// first (d = d * 2^64 + limb, each step rounded), exactly as erts' big_to_double does, so
// a few huge integers round differently from a correctly rounded conversion.
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <cstdint>
#include <gmp.h>
#include <string>

namespace hamlet {

// The BEAM's largest bignum: 2^19 - 1 limbs of 64 bits (BIG_ARITY_MAX). A result with more
// limbs raises system_limit.
constexpr Word kMaxBignumLimbs = (Word(1) << 19) - 1;

// A read-only GMP view of an integer term (small or bignum). The term (and this object)
// must outlive every use of get(); the view is not copyable because it may point into
// itself.
class IntegerArg {
  public:
    explicit IntegerArg(Term integer);
    IntegerArg(const IntegerArg &) = delete;
    IntegerArg &operator=(const IntegerArg &) = delete;
    mpz_srcptr get() const { return z_; }

  private:
    mp_limb_t small_limb_;
    mpz_t z_;
};

// An owned mpz_t (RAII).
struct Mpz {
    mpz_t z;
    Mpz() { mpz_init(z); }
    ~Mpz() { mpz_clear(z); }
    Mpz(const Mpz &) = delete;
    Mpz &operator=(const Mpz &) = delete;
    operator mpz_ptr() { return z; }
    operator mpz_srcptr() const { return z; }
};

// The integer term for z, allocated on p's heap; if it has more than kMaxBignumLimbs limbs,
// records system_limit and returns kNonValue.
Term make_integer_from_mpz(Process *p, mpz_srcptr z);

// Reads an integer term that fits the C type; false if t is not an integer or out of range.
bool term_to_int64(Term t, int64_t &out);
bool term_to_uint64(Term t, uint64_t &out);

// The double value of a number term (small, bignum or float) as the BEAM computes it for
// mixed arithmetic and float/1; false if t is not a number or is an integer too large for a
// finite double.
bool number_to_double(Term t, double &out);
// The same for an integer term only (false for floats and non-numbers).
bool integer_to_double(Term t, double &out);

// The integer with the value of a finite, integral double (trunc/round/floor/ceil results).
Term double_to_integer(Process *p, double integral);

// Text forms of floats, as float_to_list/2 produces them.
// [short]: the shortest digits that read back as the same double, laid out as the BEAM does
// ("0.1", "1.0e10", "1.2345678901234568e17", "-0.0").
std::string float_to_short_string(double d);
// float_to_list/1 and [{scientific, N}]: C's "%.*e" (a negative N means 6); false if the
// text would not fit the BEAM's 256-byte buffer.
bool float_to_scientific_string(double d, int decimals, std::string &out);
// [{decimals, N}] and [{decimals, N}, compact]: false if N < 0 or the text does not fit.
bool float_to_fixed_string(double d, int decimals, bool compact, std::string &out);

// Parses Erlang float syntax as list_to_float/binary_to_float do: [+-]digits.digits with an
// optional exponent ([eE][+-]digits); ',' is accepted for '.'; the text ends at a NUL byte.
// False on bad syntax or overflow to infinity (underflow gives 0.0 or a subnormal).
bool parse_erlang_float(const char *text, size_t len, double &out);

// Arithmetic on two terms with BIF semantics (records the exception and returns kNonValue on
// failure); the same functions the BIF table lists, in a more convenient shape.
Term arith_plus(Process *p, Term a, Term b);
Term arith_minus(Process *p, Term a, Term b);
Term arith_times(Process *p, Term a, Term b);
Term arith_divide(Process *p, Term a, Term b); // '/'
Term arith_div(Process *p, Term a, Term b);
Term arith_rem(Process *p, Term a, Term b);
Term arith_band(Process *p, Term a, Term b);
Term arith_bor(Process *p, Term a, Term b);
Term arith_bxor(Process *p, Term a, Term b);
Term arith_bsl(Process *p, Term a, Term b);
Term arith_bsr(Process *p, Term a, Term b);
Term arith_bnot(Process *p, Term a);
Term arith_negate(Process *p, Term a); // '-'/1

} // namespace hamlet
