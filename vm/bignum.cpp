#include "vm/bignum.h"

#include <gmp.h>
#include <vector>

namespace hamlet {

static bool magnitude_fits_small(const Word *limbs, Word count, bool negative) {
    if (count == 0) return true;
    if (count > 1) return false;
    Word m = limbs[0];
    return negative ? m <= Word(kMaxSmall) + 1 : m <= Word(kMaxSmall);
}

Word integer_words(const Word *limbs, Word count, bool negative) {
    return magnitude_fits_small(limbs, count, negative) ? 0 : bignum_words(count);
}

Term make_integer(Word *at, const Word *limbs, Word count, bool negative) {
    if (magnitude_fits_small(limbs, count, negative)) {
        SWord m = count ? SWord(limbs[0]) : 0;
        return make_small(negative ? -m : m);
    }
    for (Word i = 0; i < count; ++i) at[1 + i] = limbs[i];
    at[0] = make_header(negative ? Subtag::NegBig : Subtag::PosBig, count);
    return make_boxed(at);
}

std::string integer_to_string(Term t, int base) {
    static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    if (is_small(t)) {
        SWord v = small_value(t);
        bool neg = v < 0;
        Word m = neg ? Word(-(v + 1)) + 1 : Word(v);
        std::string s;
        do {
            s.insert(s.begin(), kDigits[m % base]);
            m /= base;
        } while (m);
        if (neg) s.insert(s.begin(), '-');
        return s;
    }
    Word n = bignum_limb_count(t);
    std::vector<mp_limb_t> scratch(bignum_limbs(t), bignum_limbs(t) + n);
    std::vector<unsigned char> digits(n * 64 + 2);
    size_t len = mpn_get_str(digits.data(), base, scratch.data(), mp_size_t(n));
    std::string s;
    size_t i = 0;
    while (i + 1 < len && digits[i] == 0) ++i; // mpn_get_str may emit leading zeros
    if (bignum_negative(t)) s.push_back('-');
    for (; i < len; ++i) s.push_back(kDigits[digits[i]]);
    return s;
}

} // namespace hamlet
