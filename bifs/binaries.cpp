// Binary BIFs: byte_size/bit_size/binary_part/split_binary, the functions of the binary
// module that OTP 25 implements natively (the searching ones, compile_pattern and copy are
// in bifs/binary_search.cpp), and the unicode module BIFs.
//
// Slices: like erts (OTP 25), a slice of at most 64 bytes is copied into a new heap binary
// and a longer one is a sub binary of the underlying binary (binary:referenced_byte_size/1
// shows the difference).
//
// unicode:characters_to_binary/2 and characters_to_list/2: for latin1/unicode/utf8 input
// they follow erts' native conversion (erl_unicode.c); for utf16/utf32 input erts traps to
// unicode:characters_to_binary_int/2 (Erlang code in unicode.erl), whose results, including
// the shape of the rest in {error, _, Rest} / {incomplete, _, Rest}, are reproduced here.
#include "bifs/bif.h"
#include "bifs/binary_util.h"
#include "vm/iolist.h"

#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/binary.h"
#include "vm/term_build.h"
#include "vm/utf8.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace hamlet {

namespace {

inline Term boolean(bool b) { return b ? atom::true_ : atom::false_; }
} // namespace

// ---- byte access (bifs/binary_util.h) --------------------------------------------------------

namespace binutil {

void load_bytes(Term t, Bytes &out) {
    BitView v = bit_view(t);
    out.bits = v.bit_size;
    out.size = v.bit_size / 8;
    if (v.byte_aligned()) {
        out.data = v.bytes();
        return;
    }
    out.copy.resize(out.size);
    unsigned shift = v.bit_offset % 8;
    const uint8_t *s = v.base + v.bit_offset / 8;
    for (size_t i = 0; i < out.size; ++i) out.copy[i] = uint8_t(s[i] << shift | s[i + 1] >> (8 - shift));
    out.data = out.copy.data();
}

// A binary (whole bytes) argument; false for anything else, bitstrings included.
bool get_binary(Term t, Bytes &out) {
    if (!is_bitstring(t)) return false;
    load_bytes(t, out);
    return out.bits % 8 == 0;
}

// The binary a (possibly nested) sub binary refers to, and the bit offset into it.
Term underlying(Term t, size_t *bit_offset) {
    size_t off = 0;
    while (boxed_subtag(t) == Subtag::SubBin) {
        Word *sb = boxed_ptr(t);
        off += size_t(sb[2]);
        t = sb[3];
    }
    *bit_offset = off;
    return t;
}

// Bits [bit_off, bit_off + nbits) of bitstring t as a term: a new heap binary when it is a
// whole number of bytes, at most 64 of them; otherwise a sub binary of the underlying binary.
Term slice(Process *p, Term t, size_t bit_off, size_t nbits) {
    if (nbits % 8 == 0 && nbits / 8 <= kHeapBinLimit) {
        BitView v = bit_view(t);
        size_t n = nbits / 8;
        uint8_t *d;
        Term r = make_heap_bin(p->alloc(heap_bin_words(n)), n, &d);
        size_t start = v.bit_offset + bit_off;
        unsigned shift = start % 8;
        const uint8_t *s = v.base + start / 8;
        for (size_t i = 0; i < n; ++i) d[i] = shift ? uint8_t(s[i] << shift | s[i + 1] >> (8 - shift)) : s[i];
        return r;
    }
    size_t base_off;
    Term orig = underlying(t, &base_off);
    return make_sub_bin(p->alloc(kSubBinWords), orig, base_off + bit_off, nbits);
}

// Integer argument that fits in a signed 64-bit word (erts term_to_Sint); false otherwise.
bool get_sint(Term t, SWord *out) {
    if (!is_small(t)) return false;
    *out = small_value(t);
    return true;
}

Term list_of(Process *p, const std::vector<Term> &elems, Term tail) {
    size_t n = elems.size();
    if (n == 0) return tail;
    Word *hp = p->alloc(2 * n);
    for (size_t i = 0; i < n; ++i) {
        hp[2 * i] = elems[i];
        hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * (i + 1)) : tail;
    }
    return make_list(hp);
}

} // namespace binutil

using namespace binutil;

namespace {

// binary_part / binary:part arguments: Pos and Len (Len may be negative: the bytes before
// Pos). The range must lie within the whole bytes of the subject.
bool part_range(Term pos_t, Term len_t, size_t size, size_t *start, size_t *len) {
    SWord pos, l;
    if (!get_sint(pos_t, &pos) || !get_sint(len_t, &l)) return false;
    if (l < 0) {
        pos += l;
        l = -l;
    }
    if (pos < 0 || size_t(pos) > size || size_t(l) > size - size_t(pos)) return false;
    *start = size_t(pos);
    *len = size_t(l);
    return true;
}

Term do_part(Process *p, Term subject, Term pos, Term len) {
    if (!is_bitstring(subject)) return p->badarg();
    size_t size = bit_view(subject).bit_size / 8, start, n;
    if (!part_range(pos, len, size, &start, &n)) return p->badarg();
    return slice(p, subject, start * 8, n * 8);
}

Term part_from_tuple(Process *p, Term subject, Term range) {
    if (!is_tuple(range) || tuple_arity(range) != 2) return p->badarg();
    return do_part(p, subject, tuple_elements(range)[0], tuple_elements(range)[1]);
}

// ---- unicode ---------------------------------------------------------------------------------


inline bool cont(uint8_t b) { return (b & 0xC0) == 0x80; }
inline bool valid_char(uint64_t c) { return c < 0x110000 && !(c >= 0xD800 && c <= 0xDFFF); }

enum class UState { Ok, Error, Incomplete };

// Native conversion (erts do_build_utf8): latin1 or UTF-8 chardata to UTF-8 bytes.
class NativeBuilder {
  public:
    NativeBuilder(Process *p, bool latin1) : p_(p), latin1_(latin1) {}

    // erts utf8_need(): false if the data is not well-formed chardata (badarg). As in OTP 25,
    // the check stops (successfully) at the first bignum element: the conversion reports
    // it as an error there, whatever follows.
    static bool well_formed(Term t) {
        std::vector<Term> stack;
        Term cur = t;
        for (;;) {
            if (is_list(cur)) {
                Term h = car(cur);
                if (is_list(h)) {
                    stack.push_back(cdr(cur));
                    cur = h;
                    continue;
                }
                if (is_bignum(h)) return true;
                if (!is_small(h) && !is_nil(h) && !is_binary(h)) return false;
                cur = cdr(cur);
                continue;
            }
            if (!is_nil(cur) && !is_binary(cur)) return false;
            if (stack.empty()) return true;
            cur = stack.back();
            stack.pop_back();
        }
    }

    // Converts; returns the state and sets *rest for Error/Incomplete.
    UState run(Term subject, Term *rest) {
        bool err = false;
        Term r = build(subject, &err);
        if (err) {
            if (nleft_ > 0) r = make_cons(p_, leftover_bin(), make_cons(p_, r, kNil));
            *rest = r;
            return UState::Error;
        }
        if (nleft_ > 0) {
            *rest = leftover_bin();
            return leftovers_incomplete() ? UState::Incomplete : UState::Error;
        }
        return UState::Ok;
    }

    std::string out;

  private:
    Process *p_;
    bool latin1_;
    uint8_t left_[4] = {};
    int nleft_ = 0;

    Term leftover_bin() { return make_binary(p_, left_, size_t(nleft_)); }

    // erts check_leftovers(): is the pending partial character a valid prefix?
    bool leftovers_incomplete() const {
        const uint8_t *s = left_;
        int n = nleft_;
        if ((s[0] & 0xE0) == 0xC0) return true;
        if ((s[0] & 0xF0) == 0xE0) return n < 2 || (n < 3 && cont(s[1]));
        if ((s[0] & 0xF8) == 0xF0) return n < 2 || (n < 3 && cont(s[1])) || (n < 4 && cont(s[1]) && cont(s[2]));
        return false;
    }

    static int utf8_len(uint8_t b) {
        if ((b & 0x80) == 0) return 1;
        if ((b & 0xE0) == 0xC0) return 2;
        if ((b & 0xF0) == 0xE0) return 3;
        if ((b & 0xF8) == 0xF0) return 4;
        return -1;
    }

    // Length of the valid UTF-8 character at s (n bytes available, n >= its length), or 0.
    static size_t check_char(const uint8_t *s, size_t n) {
        uint8_t b = s[0];
        if (b < 0x80) return 1;
        if ((b & 0xE0) == 0xC0) return n >= 2 && cont(s[1]) && b >= 0xC2 ? 2 : 0;
        if ((b & 0xF0) == 0xE0) {
            if (n < 3 || !cont(s[1]) || !cont(s[2]) || (b == 0xE0 && s[1] < 0xA0)) return 0;
            if ((b & 0xF) == 0xD && (s[1] & 0x20)) return 0;
            return 3;
        }
        if ((b & 0xF8) == 0xF0) {
            if (n < 4 || !cont(s[1]) || !cont(s[2]) || !cont(s[3]) || (b == 0xF0 && s[1] < 0x90)) return 0;
            if ((b & 7) > 4 || ((b & 7) == 4 && (s[1] & 0x3F) > 0xF)) return 0;
            return 4;
        }
        return 0;
    }

    // erts copy_utf8_bin(): copies valid UTF-8, keeping a partial character at the end as
    // leftover; returns the offset of the first invalid byte, or npos.
    size_t copy_utf8(const uint8_t *s, size_t size) {
        size_t i = 0;
        if (nleft_) {
            int need = utf8_len(left_[0]);
            size_t from_source = size_t(need - nleft_);
            if (size < from_source) {
                std::memcpy(left_ + nleft_, s, size);
                nleft_ += int(size);
                return std::string::npos;
            }
            uint8_t tmp[4];
            std::memcpy(tmp, left_, size_t(nleft_));
            std::memcpy(tmp + nleft_, s, from_source);
            if (!check_char(tmp, size_t(need))) return 0; // leftovers stay pending
            out.append(reinterpret_cast<const char *>(tmp), size_t(need));
            nleft_ = 0;
            i = from_source;
        }
        while (i < size) {
            uint8_t b = s[i];
            int need = utf8_len(b);
            if (need < 0) return i;
            if (need > 1 && size - i < size_t(need)) {
                std::memcpy(left_, s + i, size - i);
                nleft_ = int(size - i);
                return std::string::npos;
            }
            size_t n = check_char(s + i, size - i);
            if (!n) return i;
            out.append(reinterpret_cast<const char *>(s + i), n);
            i += n;
        }
        return std::string::npos;
    }

    // One binary: kNil, or the rest from the first bad byte (with *err set).
    Term build_binary(Term bin, bool *err) {
        Bytes b;
        load_bytes(bin, b);
        if (latin1_) {
            for (size_t i = 0; i < b.size; ++i) append_utf8(out, b.data[i]);
            return kNil;
        }
        size_t bad = copy_utf8(b.data, b.size);
        if (bad == std::string::npos) return kNil;
        *err = true;
        return slice(p_, bin, bad * 8, (b.size - bad) * 8);
    }

    Term build(Term ioterm, bool *err) {
        if (is_nil(ioterm)) return ioterm;
        if (is_binary(ioterm)) return build_binary(ioterm, err);
        std::vector<Term> stack;
        stack.push_back(ioterm);
        while (!stack.empty()) {
            ioterm = stack.back();
            stack.pop_back();
            while (is_list(ioterm)) {
                Term obj = car(ioterm);
                if (is_small(obj)) {
                    if (nleft_) {
                        *err = true;
                        goto done;
                    }
                    uint64_t x = uint64_t(small_value(obj)); // negative values become huge
                    if ((latin1_ && x > 255) || !valid_char(x)) {
                        *err = true;
                        goto done;
                    }
                    append_utf8(out, uint32_t(x));
                    ioterm = cdr(ioterm);
                } else if (is_nil(obj)) {
                    ioterm = cdr(ioterm);
                } else if (is_list(obj)) {
                    stack.push_back(cdr(ioterm));
                    ioterm = obj;
                } else if (is_binary(obj)) {
                    Term rest = build_binary(obj, err);
                    if (*err) {
                        ioterm = make_cons(p_, rest, cdr(ioterm));
                        goto done;
                    }
                    ioterm = cdr(ioterm);
                } else {
                    *err = true;
                    goto done;
                }
            }
            if (!is_nil(ioterm)) {
                if (is_binary(ioterm)) {
                    ioterm = build_binary(ioterm, err);
                    if (*err) goto done;
                } else {
                    *err = true;
                    goto done;
                }
            }
        }
    done:
        while (!stack.empty()) {
            ioterm = make_cons(p_, ioterm, stack.back());
            stack.pop_back();
        }
        return ioterm;
    }
};

// The Erlang fallback of unicode.erl (characters_to_binary_int/3 with ml_map/3) for UTF-16
// and UTF-32 input, to UTF-8.
class ExternalDecoder {
  public:
    enum Kind { Utf16, Utf32 };
    ExternalDecoder(Process *p, Kind kind, bool little) : p_(p), kind_(kind), little_(little) {}

    // false: badarg (the Erlang code would crash). Otherwise sets state and rest.
    bool run(Term ml, UState *state, Term *rest) {
        std::vector<Term> stack; // tails of the enclosing lists
        Term cur = ml;
        Term local_rest = kNonValue;
        for (;;) {
            if (is_list(cur)) {
                Term h = car(cur), t = cdr(cur);
                if (is_integer(h)) {
                    if (inc_ != kNonValue) {
                        local_rest = make_cons(p_, inc_, cur);
                        break;
                    }
                    if (is_small(h) && small_value(h) >= 0 && valid_char(uint64_t(small_value(h)))) {
                        append_utf8(out, uint32_t(small_value(h)));
                        cur = t;
                        continue;
                    }
                    local_rest = make_cons(p_, make_cons(p_, h, kNil), t);
                    break;
                }
                if (is_binary(h)) {
                    size_t n = bit_view(h).bit_size / 8;
                    if (inc_ != kNonValue) {
                        if (n >= missing_) {
                            Term newpart = concat(inc_, h, missing_);
                            Term trailing = slice(p_, h, missing_ * 8, (n - missing_) * 8);
                            inc_ = kNonValue;
                            cur = make_cons(p_, newpart, make_cons(p_, trailing, t));
                        } else {
                            inc_ = concat(inc_, h, n);
                            missing_ -= n;
                            cur = t;
                        }
                        continue;
                    }
                    if (n > kChunk) {
                        cur = split_chunk(h, n, t);
                        continue;
                    }
                    Term r = decode(h);
                    if (r != kNonValue) {
                        local_rest = make_cons(p_, r, t);
                        break;
                    }
                    cur = t;
                    continue;
                }
                if (is_list(h) || is_nil(h)) {
                    stack.push_back(t);
                    cur = h;
                    continue;
                }
                return false; // no ml_map clause
            }
            if (is_binary(cur)) {
                size_t n = bit_view(cur).bit_size / 8;
                if (inc_ != kNonValue) {
                    if (n >= missing_) {
                        Term inc = inc_;
                        inc_ = kNonValue;
                        cur = make_cons(p_, inc, make_cons(p_, cur, kNil));
                        continue;
                    }
                    inc_ = concat(inc_, cur, n);
                    missing_ -= n;
                } else if (n > kChunk) {
                    cur = split_chunk(cur, n, kNil);
                    continue;
                } else {
                    Term r = decode(cur);
                    if (r != kNonValue) {
                        local_rest = r;
                        break;
                    }
                }
                cur = kNil; // this level is done
            }
            if (!is_nil(cur)) return false;
            if (stack.empty()) {
                if (inc_ != kNonValue) {
                    *state = UState::Incomplete;
                    *rest = inc_;
                } else {
                    *state = UState::Ok;
                }
                return true;
            }
            cur = stack.back();
            stack.pop_back();
        }
        while (!stack.empty()) {
            local_rest = make_cons(p_, local_rest, stack.back());
            stack.pop_back();
        }
        *state = UState::Error;
        *rest = local_rest;
        return true;
    }

    std::string out;

  private:
    static constexpr size_t kChunk = 8192;
    Process *p_;
    Kind kind_;
    bool little_;
    Term inc_ = kNonValue; // pending incomplete bytes
    size_t missing_ = 0;

    Term split_chunk(Term bin, size_t n, Term tail) {
        Term a = slice(p_, bin, 0, kChunk * 8), b = slice(p_, bin, kChunk * 8, (n - kChunk) * 8);
        return make_cons(p_, a, make_cons(p_, b, tail));
    }

    // <<A/binary, (first n bytes of B)/binary>>
    Term concat(Term a, Term b, size_t n) {
        Bytes x, y;
        load_bytes(a, x);
        load_bytes(b, y);
        uint8_t *d;
        Term r = make_binary(p_, x.size + n, &d);
        if (x.size) std::memcpy(d, x.data, x.size);
        if (n) std::memcpy(d + x.size, y.data, n);
        return r;
    }

    // Decodes one code unit sequence at s (n bytes available); its length or 0.
    size_t unit(const uint8_t *s, size_t n, uint32_t *cp) const {
        if (kind_ == Utf16) {
            if (n < 2) return 0;
            uint32_t w1 = little_ ? uint32_t(s[0] | s[1] << 8) : uint32_t(s[0] << 8 | s[1]);
            if (w1 < 0xD800 || w1 > 0xDFFF) {
                *cp = w1;
                return 2;
            }
            if (w1 > 0xDBFF || n < 4) return 0;
            uint32_t w2 = little_ ? uint32_t(s[2] | s[3] << 8) : uint32_t(s[2] << 8 | s[3]);
            if (w2 < 0xDC00 || w2 > 0xDFFF) return 0;
            *cp = 0x10000 + ((w1 - 0xD800) << 10) + (w2 - 0xDC00);
            return 4;
        }
        if (n < 4) return 0;
        uint32_t v = little_ ? uint32_t(s[0] | s[1] << 8 | s[2] << 16 | uint32_t(s[3]) << 24)
                             : uint32_t(uint32_t(s[0]) << 24 | s[1] << 16 | s[2] << 8 | s[3]);
        if (!valid_char(v)) return 0;
        *cp = v;
        return 4;
    }

    // unicode.erl cbv/2: how many more bytes a truncated character needs, or 0 (invalid).
    size_t cbv(const uint8_t *s, size_t n) const {
        if (kind_ == Utf16 && !little_) {
            if (n == 1) return s[0] <= 215 || s[0] >= 224 ? 1 : (s[0] >> 2) == 54 ? 3 : 0;
            if (n == 2) return (s[0] >> 2) == 54 ? 2 : 0;
            if (n == 3) return (s[0] >> 2) == 54 && (s[2] >> 2) == 55 ? 1 : 0;
            return 0;
        }
        if (kind_ == Utf16) {
            if (n == 1) return 1;
            if (n == 2) return (s[1] >> 2) == 54 ? 2 : 0;
            if (n == 3) return (s[1] >> 2) == 54 ? 1 : 0;
            return 0;
        }
        if (!little_) {
            if (n == 1) return s[0] == 0 ? 3 : 0;
            if (n == 2) return s[0] == 0 && s[1] <= 16 ? 2 : 0;
            if (n == 3) return s[0] == 0 && s[1] <= 16 && (s[1] > 0 || s[2] <= 215 || s[2] >= 224) ? 1 : 0;
            return 0;
        }
        if (n == 1) return 3;
        if (n == 2) return 2;
        if (n == 3) {
            if (s[1] == 255 && s[2] == 0 && (s[0] == 254 || s[0] == 255)) return 0;
            return s[2] <= 16 && (s[2] > 0 || s[1] <= 215 || s[1] >= 224) ? 1 : 0;
        }
        return 0;
    }

    // Decodes a whole binary (the Fun of ml_map): kNonValue if it all decoded or ended in an
    // incomplete character (then inc_ is set), else the rest from the first bad unit.
    Term decode(Term bin) {
        Bytes b;
        load_bytes(bin, b);
        size_t i = 0;
        while (i < b.size) {
            uint32_t cp;
            size_t n = unit(b.data + i, b.size - i, &cp);
            if (!n) break;
            append_utf8(out, cp);
            i += n;
        }
        if (i == b.size) return kNonValue;
        Term rest = slice(p_, bin, i * 8, (b.size - i) * 8);
        size_t missing = cbv(b.data + i, b.size - i);
        if (missing) {
            inc_ = rest;
            missing_ = missing;
            return kNonValue;
        }
        return rest;
    }
};

// Input encodings of characters_to_binary/2 and characters_to_list/2.
struct Encoding {
    enum { Bad, Latin1, Utf8, Utf16, Utf32 } kind = Bad;
    bool little = false;
};

Encoding get_encoding(Term t) {
    static const Term latin1 = atom_of("latin1"), unicode = atom_of("unicode");
    Encoding e;
    if (t == latin1) e.kind = Encoding::Latin1;
    else if (t == unicode || t == atom::utf8) e.kind = Encoding::Utf8;
    else if (t == atom::utf16) e.kind = Encoding::Utf16;
    else if (t == atom::utf32) e.kind = Encoding::Utf32;
    else if (is_tuple(t) && tuple_arity(t) == 2) {
        Term a = tuple_elements(t)[0], endian = tuple_elements(t)[1];
        if ((a != atom::utf16 && a != atom::utf32) || (endian != atom::big && endian != atom::little)) return e;
        e.kind = a == atom::utf16 ? Encoding::Utf16 : Encoding::Utf32;
        e.little = endian == atom::little;
    }
    return e;
}

Term utf8_to_list(Process *p, const std::string &s) {
    std::vector<Term> chars;
    chars.reserve(s.size());
    const auto *b = reinterpret_cast<const uint8_t *>(s.data());
    for (size_t i = 0; i < s.size();) {
        uint8_t c = b[i];
        uint32_t cp;
        size_t n;
        if (c < 0x80) cp = c, n = 1;
        else if ((c & 0xE0) == 0xC0) cp = c & 0x1F, n = 2;
        else if ((c & 0xF0) == 0xE0) cp = c & 0x0F, n = 3;
        else cp = c & 0x07, n = 4;
        for (size_t k = 1; k < n; ++k) cp = cp << 6 | (b[i + k] & 0x3F);
        chars.push_back(make_small(cp));
        i += n;
    }
    return list_of(p, chars);
}

// Converts chardata in `enc` to UTF-8; false on badarg.
bool convert(Process *p, Term data, const Encoding &enc, bool to_binary, std::string &out, UState *state, Term *rest) {
    if (enc.kind == Encoding::Latin1 || enc.kind == Encoding::Utf8) {
        bool latin1 = enc.kind == Encoding::Latin1;
        Term subject = data;
        if (to_binary && is_list(data) && is_binary(car(data)) && is_nil(cdr(data))) subject = car(data);
        if (!NativeBuilder::well_formed(subject)) return false;
        NativeBuilder b(p, latin1);
        *state = b.run(subject, rest);
        out = std::move(b.out);
        return true;
    }
    ExternalDecoder d(p, enc.kind == Encoding::Utf16 ? ExternalDecoder::Utf16 : ExternalDecoder::Utf32, enc.little);
    if (!d.run(data, state, rest)) return false;
    out = std::move(d.out);
    return true;
}

Term with_state(Process *p, UState state, Term converted, Term rest) {
    if (state == UState::Ok) return converted;
    static const Term incomplete = atom_of("incomplete");
    return make_tuple(p, {state == UState::Error ? atom::error : incomplete, converted, rest});
}

} // namespace

// ---- erlang ----------------------------------------------------------------------------------

Term erlang_byte_size_1(Process *p, const Term *args) {
    if (!is_bitstring(args[0])) return p->badarg();
    return make_uint64(p, (bit_view(args[0]).bit_size + 7) / 8);
}

Term erlang_bit_size_1(Process *p, const Term *args) {
    if (!is_bitstring(args[0])) return p->badarg();
    return make_uint64(p, bit_view(args[0]).bit_size);
}

Term erlang_binary_part_2(Process *p, const Term *args) { return part_from_tuple(p, args[0], args[1]); }
Term erlang_binary_part_3(Process *p, const Term *args) { return do_part(p, args[0], args[1], args[2]); }

// split_binary(Bin, Pos): the first Pos bytes and the rest (which keeps any trailing bits).
Term erlang_split_binary_2(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_bitstring(t) || !is_small(args[1])) return p->badarg();
    size_t bits = bit_view(t).bit_size;
    SWord pos = small_value(args[1]);
    if (pos < 0 || size_t(pos) > bits / 8) return p->badarg();
    size_t at = size_t(pos) * 8;
    Term a = slice(p, t, 0, at);
    Term b = slice(p, t, at, bits - at);
    return make_tuple(p, {a, b});
}

// ---- binary -----------------------------------------------------------------------------------

Term binary_part_2(Process *p, const Term *args) { return part_from_tuple(p, args[0], args[1]); }
Term binary_part_3(Process *p, const Term *args) { return do_part(p, args[0], args[1], args[2]); }

Term binary_at_2(Process *p, const Term *args) {
    Bytes b;
    if (!get_binary(args[0], b) || !is_small(args[1])) return p->badarg();
    SWord i = small_value(args[1]);
    if (i < 0 || size_t(i) >= b.size) return p->badarg();
    return make_small(b.data[i]);
}

Term binary_first_1(Process *p, const Term *args) {
    Bytes b;
    if (!get_binary(args[0], b) || b.size == 0) return p->badarg();
    return make_small(b.data[0]);
}

Term binary_last_1(Process *p, const Term *args) {
    Bytes b;
    if (!get_binary(args[0], b) || b.size == 0) return p->badarg();
    return make_small(b.data[b.size - 1]);
}

Term binary_referenced_byte_size_1(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_bitstring(t)) return p->badarg();
    size_t off;
    Term orig = underlying(t, &off);
    Word *b = boxed_ptr(orig);
    size_t size = boxed_subtag(orig) == Subtag::RefcBin ? reinterpret_cast<Binary *>(b[2])->size : size_t(b[1]);
    return make_uint64(p, size);
}

namespace {
// big (true), little (false), or badarg (nullopt-like: returns false).
bool get_endianness(Term t, bool *big) {
    if (t == atom::big) *big = true;
    else if (t == atom::little) *big = false;
    else return false;
    return true;
}
} // namespace

Term binary_decode_unsigned_2(Process *p, const Term *args) {
    Bytes b;
    bool big;
    if (!get_binary(args[0], b) || !get_endianness(args[1], &big)) return p->badarg();
    size_t n = b.size;
    std::vector<Word> limbs((n + 7) / 8 + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        size_t k = big ? n - 1 - i : i; // significance of byte i
        limbs[k / 8] |= Word(b.data[i]) << (8 * (k % 8));
    }
    size_t count = limbs.size();
    while (count > 0 && limbs[count - 1] == 0) --count;
    if (count == 0) return make_small(0);
    if (count == 1 && limbs[0] <= Word(kMaxSmall)) return make_small(SWord(limbs[0]));
    return make_integer(p->alloc(bignum_words(count)), limbs.data(), count, false);
}

Term binary_decode_unsigned_1(Process *p, const Term *args) {
    Term a[2] = {args[0], atom::big};
    return binary_decode_unsigned_2(p, a);
}

Term binary_encode_unsigned_2(Process *p, const Term *args) {
    Term n = args[0];
    bool big;
    if (!get_endianness(args[1], &big)) return p->badarg();
    std::vector<uint8_t> bytes; // least significant first
    if (is_small(n)) {
        SWord v = small_value(n);
        if (v < 0) return p->badarg();
        Word u = Word(v);
        do {
            bytes.push_back(uint8_t(u));
            u >>= 8;
        } while (u);
    } else if (is_bignum(n) && !bignum_negative(n)) {
        const Word *l = bignum_limbs(n);
        Word count = bignum_limb_count(n);
        for (Word i = 0; i < count; ++i)
            for (int k = 0; k < 8; ++k) bytes.push_back(uint8_t(l[i] >> (8 * k)));
        while (bytes.size() > 1 && bytes.back() == 0) bytes.pop_back();
    } else {
        return p->badarg();
    }
    if (big) std::reverse(bytes.begin(), bytes.end());
    return make_binary(p, bytes.data(), bytes.size());
}

Term binary_encode_unsigned_1(Process *p, const Term *args) {
    Term a[2] = {args[0], atom::big};
    return binary_encode_unsigned_2(p, a);
}

namespace {
Term common_affix(Process *p, Term list, bool suffix) {
    std::vector<Bytes> bins;
    Term l = list;
    for (; is_list(l); l = cdr(l)) {
        bins.emplace_back();
        if (!get_binary(car(l), bins.back())) return p->badarg();
    }
    if (!is_nil(l) || bins.empty()) return p->badarg();
    size_t n = bins[0].size;
    for (size_t i = 1; i < bins.size() && n; ++i) {
        const Bytes &a = bins[0], &b = bins[i];
        size_t k = 0, lim = std::min(n, b.size);
        if (suffix)
            while (k < lim && a.data[a.size - 1 - k] == b.data[b.size - 1 - k]) ++k;
        else
            while (k < lim && a.data[k] == b.data[k]) ++k;
        n = k;
    }
    return make_uint64(p, n);
}
} // namespace

Term binary_longest_common_prefix_1(Process *p, const Term *args) { return common_affix(p, args[0], false); }
Term binary_longest_common_suffix_1(Process *p, const Term *args) { return common_affix(p, args[0], true); }

// ---- unicode -----------------------------------------------------------------------------------

Term unicode_characters_to_binary_2(Process *p, const Term *args) {
    Encoding enc = get_encoding(args[1]);
    if (enc.kind == Encoding::Bad) return p->badarg();
    Term data = args[0];
    // Already valid: erts returns the binary itself.
    Term subject = is_list(data) && is_binary(car(data)) && is_nil(cdr(data)) ? car(data) : data;
    if ((enc.kind == Encoding::Latin1 || enc.kind == Encoding::Utf8) && is_binary(subject)) {
        Bytes b;
        load_bytes(subject, b);
        bool ok = true;
        if (enc.kind == Encoding::Latin1) {
            for (size_t i = 0; i < b.size && ok; ++i) ok = b.data[i] < 0x80;
        } else {
            auto len = utf8_length(std::string_view(reinterpret_cast<const char *>(b.data), b.size));
            ok = len.has_value();
        }
        if (ok) return subject;
    }
    std::string out;
    UState state;
    Term rest = kNil;
    if (!convert(p, data, enc, true, out, &state, &rest)) return p->badarg();
    return with_state(p, state, make_binary(p, out.data(), out.size()), rest);
}

Term unicode_characters_to_list_2(Process *p, const Term *args) {
    Encoding enc = get_encoding(args[1]);
    if (enc.kind == Encoding::Bad) return p->badarg();
    std::string out;
    UState state;
    Term rest = kNil;
    if (!convert(p, args[0], enc, false, out, &state, &rest)) return p->badarg();
    return with_state(p, state, utf8_to_list(p, out), rest);
}

Term unicode_bin_is_7bit_1(Process *, const Term *args) {
    Bytes b;
    if (!get_binary(args[0], b)) return atom::false_;
    for (size_t i = 0; i < b.size; ++i)
        if (b.data[i] & 0x80) return atom::false_;
    return atom::true_;
}

// The bytes of an iolist as a list of binaries: one binary, or [] when empty (the BEAM
// may keep large binaries as separate elements; the bytes are the same).
Term erlang_iolist_to_iovec_1(Process *p, const Term *args) {
    std::string bytes;
    if (!iolist_to_bytes(args[0], bytes)) return p->badarg();
    if (bytes.empty()) return kNil;
    return make_cons(p, make_binary(p, bytes.data(), bytes.size()), kNil);
}

} // namespace hamlet
