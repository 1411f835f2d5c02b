// The math module: IEEE functions on numbers (integers are converted), float results.
// An argument that is not a number raises badarg; a result that is not a finite number (a
// domain error or an overflow) raises badarith, as on the BEAM.
#include "bifs/arith.h"
#include "bifs/bif.h"
#include "vm/term_build.h"

#include <cmath>

namespace hamlet {

namespace {
Term math1(Process *p, Term a, double (*f)(double)) {
    double x;
    if (!number_to_double(a, x)) return p->badarg();
    double r = f(x);
    if (!std::isfinite(r)) return p->badarith();
    return make_float(p, r);
}
Term math2(Process *p, Term a, Term b, double (*f)(double, double)) {
    double x, y;
    if (!number_to_double(a, x) || !number_to_double(b, y)) return p->badarg();
    double r = f(x, y);
    if (!std::isfinite(r)) return p->badarith();
    return make_float(p, r);
}
} // namespace

Term math_acos_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::acos(x); }); }
Term math_acosh_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::acosh(x); }); }
Term math_asin_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::asin(x); }); }
Term math_asinh_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::asinh(x); }); }
Term math_atan_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::atan(x); }); }
Term math_atanh_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::atanh(x); }); }
Term math_ceil_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::ceil(x); }); }
Term math_cos_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::cos(x); }); }
Term math_cosh_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::cosh(x); }); }
Term math_erf_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::erf(x); }); }
Term math_erfc_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::erfc(x); }); }
Term math_exp_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::exp(x); }); }
Term math_floor_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::floor(x); }); }
Term math_log_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::log(x); }); }
Term math_log10_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::log10(x); }); }
Term math_log2_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::log2(x); }); }
Term math_sin_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::sin(x); }); }
Term math_sinh_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::sinh(x); }); }
Term math_sqrt_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::sqrt(x); }); }
Term math_tan_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::tan(x); }); }
Term math_tanh_1(Process *p, const Term *args) { return math1(p, args[0], [](double x) { return std::tanh(x); }); }
Term math_atan2_2(Process *p, const Term *args) { return math2(p, args[0], args[1], [](double x, double y) { return std::atan2(x, y); }); }
Term math_fmod_2(Process *p, const Term *args) { return math2(p, args[0], args[1], [](double x, double y) { return std::fmod(x, y); }); }
Term math_pow_2(Process *p, const Term *args) { return math2(p, args[0], args[1], [](double x, double y) { return std::pow(x, y); }); }

} // namespace hamlet
