// Type tests, tuples, atoms, comparisons and boolean operators (erlang module BIFs).
//
// Every function follows the OTP 25 BIF of the same name, including which argument errors
// give badarg and which give system_limit; tests/unit/bifs_terms_test.cpp pins the results
// to values recorded from erl.
#include "bifs/bif.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/map.h"
#include "vm/module.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"
#include "vm/utf8.h"

#include <string>
#include <vector>

namespace hamlet {

namespace {

// The BEAM's largest tuple (ERTS_MAX_TUPLE_SIZE); larger requests are badarg.
constexpr SWord kMaxTupleSize = (SWord(1) << 24) - 1;

inline Term boolean(bool b) {
    return b ? atom::true_ : atom::false_;
}
inline bool is_boolean(Term t) {
    return t == atom::true_ || t == atom::false_;
}

// A 1-based index that must be a small integer in [1, limit]; 0 if it is not.
inline Word index_arg(Term t, Word limit) {
    if (!is_small(t)) return 0;
    SWord i = small_value(t);
    return i >= 1 && Word(i) <= limit ? Word(i) : 0;
}

// Decodes one UTF-8 character of s[0..n); returns its length, or 0 if the bytes are not a
// valid, shortest-form encoding of a non-surrogate code point up to U+10FFFF.
size_t get_utf8(const uint8_t *s, size_t n, uint32_t *cp) {
    uint8_t b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((b & 0xE0) == 0xC0)
        len = 2, c = b & 0x1F, min = 0x80;
    else if ((b & 0xF0) == 0xE0)
        len = 3, c = b & 0x0F, min = 0x800;
    else if ((b & 0xF8) == 0xF0)
        len = 4, c = b & 0x07, min = 0x10000;
    else
        return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; ++i) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = c << 6 | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return len;
}

// The bytes of a binary (copied out if it does not start on a byte boundary).
struct BinBytes {
    const uint8_t *data = nullptr;
    size_t size = 0;
    std::vector<uint8_t> copy;
};
bool binary_bytes(Term t, BinBytes &out) {
    if (!is_bitstring(t)) return false;
    BitView v = bit_view(t);
    if (!v.is_binary()) return false;
    out.size = v.byte_size();
    if (v.byte_aligned()) {
        out.data = v.bytes();
        return true;
    }
    out.copy.resize(out.size);
    unsigned shift = v.bit_offset % 8;
    const uint8_t *s = v.base + v.bit_offset / 8;
    for (size_t i = 0; i < out.size; ++i)
        out.copy[i] = uint8_t(s[i] << shift | s[i + 1] >> (8 - shift));
    out.data = out.copy.data();
    return true;
}

enum class AtomEnc { Bad, Latin1, Utf8 };
AtomEnc atom_encoding(Term t) {
    if (t == atom::utf8) return AtomEnc::Utf8;
    static const Term unicode = *AtomTable::global().intern("unicode");
    static const Term latin1 = *AtomTable::global().intern("latin1");
    if (t == unicode) return AtomEnc::Utf8;
    if (t == latin1) return AtomEnc::Latin1;
    return AtomEnc::Bad;
}

// Result of turning a character list into atom text, as erts' list-to-buffer step does:
// elements are checked in order, and trying to take a 256th character is system_limit.
enum class TextResult { Ok, Badarg, SystemLimit };
TextResult chars_to_atom_text(Term list, std::string &out) {
    size_t count = 0;
    while (is_list(list)) {
        if (count == AtomTable::kMaxChars) return TextResult::SystemLimit;
        Term c = car(list);
        if (!is_small(c)) return TextResult::Badarg;
        SWord v = small_value(c);
        if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return TextResult::Badarg;
        append_utf8(out, uint32_t(v));
        ++count;
        list = cdr(list);
    }
    return is_nil(list) ? TextResult::Ok : TextResult::Badarg;
}

// Atom text from a binary in the given encoding, checked as erts does: latin1 text longer
// than 255 bytes and UTF-8 text longer than 4 * 255 bytes or with more than 255 characters
// are system_limit; invalid UTF-8 met before the limit is badarg.
TextResult binary_to_atom_text(const uint8_t *s, size_t n, AtomEnc enc, std::string &out) {
    if (enc == AtomEnc::Latin1) {
        if (n > AtomTable::kMaxChars) return TextResult::SystemLimit;
        for (size_t i = 0; i < n; ++i)
            append_utf8(out, s[i]);
        return TextResult::Ok;
    }
    if (n > 4 * AtomTable::kMaxChars) return TextResult::SystemLimit;
    size_t chars = 0, i = 0;
    while (i < n) {
        if (chars == AtomTable::kMaxChars) return TextResult::SystemLimit;
        uint32_t c;
        size_t len = get_utf8(s + i, n - i, &c);
        if (!len) return TextResult::Badarg;
        i += len;
        ++chars;
    }
    out.assign(reinterpret_cast<const char *>(s), n);
    return TextResult::Ok;
}

Term make_tuple_from(Process *p, const Term *elems, size_t n) {
    Term t = alloc_tuple(p, n);
    Term *e = tuple_elements(t);
    for (size_t i = 0; i < n; ++i)
        e[i] = elems[i];
    return t;
}

} // namespace

// ---- type tests --------------------------------------------------------------------------

Term erlang_is_atom_1(Process *, const Term *args) {
    return boolean(is_atom(args[0]));
}
Term erlang_is_binary_1(Process *, const Term *args) {
    return boolean(is_binary(args[0]));
}
Term erlang_is_bitstring_1(Process *, const Term *args) {
    return boolean(is_bitstring(args[0]));
}
Term erlang_is_boolean_1(Process *, const Term *args) {
    return boolean(is_boolean(args[0]));
}
Term erlang_is_float_1(Process *, const Term *args) {
    return boolean(is_float(args[0]));
}
Term erlang_is_integer_1(Process *, const Term *args) {
    return boolean(is_integer(args[0]));
}
Term erlang_is_list_1(Process *, const Term *args) {
    return boolean(is_list(args[0]) || is_nil(args[0]));
}
Term erlang_is_map_1(Process *, const Term *args) {
    return boolean(is_map(args[0]));
}
Term erlang_is_number_1(Process *, const Term *args) {
    return boolean(is_number(args[0]));
}
Term erlang_is_tuple_1(Process *, const Term *args) {
    return boolean(is_tuple(args[0]));
}

Term erlang_is_pid_1(Process *, const Term *args) {
    Term t = args[0];
    return boolean(is_local_pid(t) || is_boxed_of(t, Subtag::ExtPid));
}
Term erlang_is_port_1(Process *, const Term *args) {
    Term t = args[0];
    return boolean(is_local_port(t) || is_boxed_of(t, Subtag::ExtPort));
}
Term erlang_is_reference_1(Process *, const Term *args) {
    Term t = args[0];
    return boolean(is_boxed_of(t, Subtag::Ref) || is_boxed_of(t, Subtag::ExtRef));
}

Term erlang_is_function_1(Process *, const Term *args) {
    Term t = args[0];
    return boolean(is_boxed_of(t, Subtag::Fun) || is_boxed_of(t, Subtag::Export));
}

Term erlang_is_function_2(Process *p, const Term *args) {
    Term f = args[0], a = args[1];
    SWord arity;
    if (is_small(a) && small_value(a) >= 0)
        arity = small_value(a);
    else if (is_bignum(a) && boxed_subtag(a) == Subtag::PosBig)
        return atom::false_; // no fun has that arity
    else
        return p->badarg();
    if (is_boxed_of(f, Subtag::Fun)) {
        auto *l = reinterpret_cast<const Lambda *>(boxed_ptr(f)[1]);
        return boolean(SWord(l->arity) == arity);
    }
    if (is_boxed_of(f, Subtag::Export)) return boolean(small_value(boxed_ptr(f)[3]) == arity);
    return atom::false_;
}

Term erlang_is_record_2(Process *p, const Term *args) {
    Term t = args[0], tag = args[1];
    if (!is_atom(tag)) return p->badarg();
    return boolean(is_tuple(t) && tuple_arity(t) >= 1 && tuple_elements(t)[0] == tag);
}

Term erlang_is_record_3(Process *p, const Term *args) {
    Term t = args[0], tag = args[1], size = args[2];
    if (!is_atom(tag) || !is_small(size)) return p->badarg();
    SWord n = small_value(size);
    return boolean(is_tuple(t) && n >= 1 && tuple_arity(t) == Word(n) &&
                   tuple_elements(t)[0] == tag);
}

// ---- tuples -----------------------------------------------------------------------------

Term erlang_element_2(Process *p, const Term *args) {
    Term t = args[1];
    if (!is_tuple(t)) return p->badarg();
    Word i = index_arg(args[0], tuple_arity(t));
    if (!i) return p->badarg();
    return tuple_elements(t)[i - 1];
}

Term erlang_setelement_3(Process *p, const Term *args) {
    Term t = args[1];
    if (!is_tuple(t)) return p->badarg();
    Word n = tuple_arity(t);
    Word i = index_arg(args[0], n);
    if (!i) return p->badarg();
    Term r = make_tuple_from(p, tuple_elements(t), n);
    tuple_elements(r)[i - 1] = args[2];
    return r;
}

Term erlang_tuple_size_1(Process *p, const Term *args) {
    if (!is_tuple(args[0])) return p->badarg();
    return make_small(SWord(tuple_arity(args[0])));
}

// size/1: tuple arity or whole bytes of a bitstring.
Term erlang_size_1(Process *p, const Term *args) {
    Term t = args[0];
    if (is_tuple(t)) return make_small(SWord(tuple_arity(t)));
    if (is_bitstring(t)) return make_uint64(p, bit_view(t).bit_size / 8);
    return p->badarg();
}

Term erlang_make_tuple_2(Process *p, const Term *args) {
    if (!is_small(args[0])) return p->badarg();
    SWord n = small_value(args[0]);
    if (n < 0 || n > kMaxTupleSize) return p->badarg();
    Term r = alloc_tuple(p, size_t(n));
    Term *e = tuple_elements(r);
    for (SWord i = 0; i < n; ++i)
        e[i] = args[1];
    return r;
}

Term erlang_make_tuple_3(Process *p, const Term *args) {
    if (!is_small(args[0])) return p->badarg();
    SWord n = small_value(args[0]);
    if (n < 0 || n > kMaxTupleSize) return p->badarg();
    // Check the init list completely before building anything.
    Term l = args[2];
    for (; is_list(l); l = cdr(l)) {
        Term pair = car(l);
        if (!is_tuple(pair) || tuple_arity(pair) != 2 ||
            !index_arg(tuple_elements(pair)[0], Word(n)))
            return p->badarg();
    }
    if (!is_nil(l)) return p->badarg();
    Term r = alloc_tuple(p, size_t(n));
    Term *e = tuple_elements(r);
    for (SWord i = 0; i < n; ++i)
        e[i] = args[1];
    for (l = args[2]; is_list(l); l = cdr(l)) {
        Term *pair = tuple_elements(car(l));
        e[small_value(pair[0]) - 1] = pair[1];
    }
    return r;
}

Term erlang_append_element_2(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_tuple(t)) return p->badarg();
    Word n = tuple_arity(t);
    if (SWord(n) + 1 > kMaxTupleSize) return p->badarg();
    Term r = alloc_tuple(p, n + 1);
    Term *e = tuple_elements(r);
    for (Word i = 0; i < n; ++i)
        e[i] = tuple_elements(t)[i];
    e[n] = args[1];
    return r;
}

Term erlang_delete_element_2(Process *p, const Term *args) {
    Term t = args[1];
    if (!is_tuple(t)) return p->badarg();
    Word n = tuple_arity(t);
    Word i = index_arg(args[0], n);
    if (!i) return p->badarg();
    Term r = alloc_tuple(p, n - 1);
    Term *e = tuple_elements(r);
    const Term *s = tuple_elements(t);
    for (Word k = 0, j = 0; k < n; ++k)
        if (k != i - 1) e[j++] = s[k];
    return r;
}

Term erlang_insert_element_3(Process *p, const Term *args) {
    Term t = args[1];
    if (!is_tuple(t)) return p->badarg();
    Word n = tuple_arity(t);
    Word i = index_arg(args[0], n + 1);
    if (!i || SWord(n) + 1 > kMaxTupleSize) return p->badarg();
    Term r = alloc_tuple(p, n + 1);
    Term *e = tuple_elements(r);
    const Term *s = tuple_elements(t);
    for (Word k = 0, j = 0; k <= n; ++k)
        e[k] = k == i - 1 ? args[2] : s[j++];
    return r;
}

Term erlang_tuple_to_list_1(Process *p, const Term *args) {
    Term t = args[0];
    if (!is_tuple(t)) return p->badarg();
    Word n = tuple_arity(t);
    if (n == 0) return kNil;
    Word *hp = p->alloc(2 * n);
    const Term *s = tuple_elements(t);
    for (Word i = 0; i < n; ++i) {
        hp[2 * i] = s[i];
        hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * (i + 1)) : kNil;
    }
    return make_list(hp);
}

Term erlang_list_to_tuple_1(Process *p, const Term *args) {
    SWord n = 0;
    Term l = args[0];
    for (; is_list(l); l = cdr(l))
        ++n;
    if (!is_nil(l) || n > kMaxTupleSize) return p->badarg();
    Term r = alloc_tuple(p, size_t(n));
    Term *e = tuple_elements(r);
    for (l = args[0]; is_list(l); l = cdr(l))
        *e++ = car(l);
    return r;
}

// ---- atoms --------------------------------------------------------------------------------

Term erlang_atom_to_list_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    std::string_view text = AtomTable::global().text(args[0]);
    std::vector<uint32_t> chars;
    chars.reserve(text.size());
    const auto *s = reinterpret_cast<const uint8_t *>(text.data());
    for (size_t i = 0; i < text.size();) {
        uint32_t c;
        size_t len = get_utf8(s + i, text.size() - i, &c);
        if (!len) c = s[i], len = 1; // atom texts are valid UTF-8; be safe anyway
        chars.push_back(c);
        i += len;
    }
    if (chars.empty()) return kNil;
    Word *hp = p->alloc(2 * chars.size());
    for (size_t i = 0; i < chars.size(); ++i) {
        hp[2 * i] = make_small(SWord(chars[i]));
        hp[2 * i + 1] = i + 1 < chars.size() ? make_list(hp + 2 * (i + 1)) : kNil;
    }
    return make_list(hp);
}

Term erlang_list_to_atom_1(Process *p, const Term *args) {
    std::string text;
    switch (chars_to_atom_text(args[0], text)) {
    case TextResult::Badarg:
        return p->badarg();
    case TextResult::SystemLimit:
        return p->system_limit();
    case TextResult::Ok:
        break;
    }
    auto a = AtomTable::global().intern(text);
    return a ? *a : p->system_limit(); // only a full atom table fails here
}

Term erlang_list_to_existing_atom_1(Process *p, const Term *args) {
    std::string text;
    if (chars_to_atom_text(args[0], text) != TextResult::Ok) return p->badarg();
    auto a = AtomTable::global().find(text);
    return a ? *a : p->badarg();
}

Term erlang_atom_to_binary_2(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    AtomEnc enc = atom_encoding(args[1]);
    if (enc == AtomEnc::Bad) return p->badarg();
    std::string_view text = AtomTable::global().text(args[0]);
    if (enc == AtomEnc::Utf8) return make_binary(p, text.data(), text.size());
    std::string latin1;
    const auto *s = reinterpret_cast<const uint8_t *>(text.data());
    for (size_t i = 0; i < text.size();) {
        uint32_t c;
        size_t len = get_utf8(s + i, text.size() - i, &c);
        if (!len || c > 255) return p->badarg();
        latin1.push_back(char(c));
        i += len;
    }
    return make_binary(p, latin1.data(), latin1.size());
}

Term erlang_binary_to_atom_2(Process *p, const Term *args) {
    BinBytes b;
    if (!binary_bytes(args[0], b)) return p->badarg();
    AtomEnc enc = atom_encoding(args[1]);
    if (enc == AtomEnc::Bad) return p->badarg();
    std::string text;
    switch (binary_to_atom_text(b.data, b.size, enc, text)) {
    case TextResult::Badarg:
        return p->badarg();
    case TextResult::SystemLimit:
        return p->system_limit();
    case TextResult::Ok:
        break;
    }
    auto a = AtomTable::global().intern(text);
    return a ? *a : p->system_limit();
}

Term erlang_binary_to_existing_atom_2(Process *p, const Term *args) {
    BinBytes b;
    if (!binary_bytes(args[0], b)) return p->badarg();
    AtomEnc enc = atom_encoding(args[1]);
    if (enc == AtomEnc::Bad) return p->badarg();
    std::string text;
    if (binary_to_atom_text(b.data, b.size, enc, text) != TextResult::Ok) return p->badarg();
    auto a = AtomTable::global().find(text);
    return a ? *a : p->badarg();
}

// ---- comparisons and boolean operators ----------------------------------------------------

Term erlang_eq_2(Process *, const Term *args) {
    return boolean(terms_equal(args[0], args[1]));
}
Term erlang_ne_2(Process *, const Term *args) {
    return boolean(!terms_equal(args[0], args[1]));
}
Term erlang_exact_eq_2(Process *, const Term *args) {
    return boolean(terms_exact_equal(args[0], args[1]));
}
Term erlang_exact_ne_2(Process *, const Term *args) {
    return boolean(!terms_exact_equal(args[0], args[1]));
}
Term erlang_lt_2(Process *, const Term *args) {
    return boolean(compare_terms(args[0], args[1]) < 0);
}
Term erlang_gt_2(Process *, const Term *args) {
    return boolean(compare_terms(args[0], args[1]) > 0);
}
Term erlang_le_2(Process *, const Term *args) {
    return boolean(compare_terms(args[0], args[1]) <= 0);
}
Term erlang_ge_2(Process *, const Term *args) {
    return boolean(compare_terms(args[0], args[1]) >= 0);
}

Term erlang_not_1(Process *p, const Term *args) {
    if (!is_boolean(args[0])) return p->badarg();
    return boolean(args[0] == atom::false_);
}
Term erlang_and_2(Process *p, const Term *args) {
    if (!is_boolean(args[0]) || !is_boolean(args[1])) return p->badarg();
    return boolean(args[0] == atom::true_ && args[1] == atom::true_);
}
Term erlang_or_2(Process *p, const Term *args) {
    if (!is_boolean(args[0]) || !is_boolean(args[1])) return p->badarg();
    return boolean(args[0] == atom::true_ || args[1] == atom::true_);
}
Term erlang_xor_2(Process *p, const Term *args) {
    if (!is_boolean(args[0]) || !is_boolean(args[1])) return p->badarg();
    return boolean(args[0] != args[1]);
}

// ---- list basics -----------------------------------------------------------------------------

Term erlang_hd_1(Process *p, const Term *args) {
    if (!is_list(args[0])) return p->badarg();
    return car(args[0]);
}
Term erlang_tl_1(Process *p, const Term *args) {
    if (!is_list(args[0])) return p->badarg();
    return cdr(args[0]);
}
// length/1 is in bifs/lists.cpp (it works in slices on long lists).

} // namespace hamlet

namespace hamlet {

// erts_internal:cmp_term(A, B) -> -1 | 0 | 1 in the exact term order of map keys (integers
// before floats, 1 and 1.0 different); the compiler (v3_kernel) sorts map keys with it.
Term erts_internal_cmp_term_2(Process *, const Term *args) {
    int c = compare_exact(args[0], args[1]);
    return make_small(c < 0 ? -1 : c > 0 ? 1 : 0);
}

// erts_internal:term_type/1: the kind of a term's representation, by erts' names.
Term erts_internal_term_type_1(Process *, const Term *args) {
    static auto &atoms = AtomTable::global();
    auto name = [](const char *text) { return *atoms.intern(text); };
    Term t = args[0];
    if (is_list(t)) return name("list");
    if (is_small(t)) return name("fixnum");
    if (is_atom(t)) return name("atom");
    if (is_nil(t)) return name("nil");
    if (is_local_pid(t)) return name("pid");
    if (is_local_port(t)) return name("port");
    if (!is_boxed(t)) return name("catch");
    switch (boxed_subtag(t)) {
    case Subtag::Tuple:
        return name("tuple");
    case Subtag::PosBig:
    case Subtag::NegBig:
        return name("bignum");
    case Subtag::Ref:
        return name("reference");
    case Subtag::Fun:
        return name("fun");
    case Subtag::Float:
        return name("hfloat");
    case Subtag::Export:
        return name("export");
    case Subtag::RefcBin:
        return name("refc_binary");
    case Subtag::HeapBin:
        return name("heap_binary");
    case Subtag::SubBin:
        return name("sub_binary");
    case Subtag::MatchCtx:
        return name("matchstate");
    case Subtag::ExtPid:
        return name("external_pid");
    case Subtag::ExtPort:
        return name("external_port");
    case Subtag::ExtRef:
        return name("external_reference");
    case Subtag::Map:
        return map_kind(t) == kHamtNodeKind ? name("hashmap_node")
                                            : (is_hamt(t) ? name("hashmap") : name("flatmap"));
    case Subtag::Free:
        break;
    }
    return name("catch");
}

} // namespace hamlet
