// Terms in and out of NIFs: type tests, numbers, atoms and strings (Latin-1, as in NIF
// 2.16), lists, tuples, references, pids, comparison, hashing and term types. Inspectors
// never read their env (some NIFs pass NULL there); makers build on env->heap.
#include "nif/nif.h"

#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/binary.h"
#include "vm/map.h"
#include "vm/ref.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"
#include "vm/term_hash.h"

#include <climits>
#include <cmath>
#include <cstdarg>
#include <cstring>
#include <string>

using namespace hamlet;
using namespace hamlet::nif;

namespace hamlet::nif {

Term latin1_atom(const char *name, size_t len) {
    if (len > AtomTable::kMaxChars) return kNonValue;
    auto a = AtomTable::global().intern_latin1(std::string_view(name, len));
    return a ? *a : kNonValue;
}

} // namespace hamlet::nif

namespace {

// Latin-1 text of an atom, or false if a character is above 255.
bool atom_latin1(Term atom, std::string &out) {
    std::string_view utf8 = AtomTable::global().text(atom);
    out.clear();
    for (size_t i = 0; i < utf8.size();) {
        unsigned char c = utf8[i];
        if (c < 0x80) {
            out.push_back(char(c));
            ++i;
        } else if ((c & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
            unsigned cp = (c & 0x1F) << 6 | (uint8_t(utf8[i + 1]) & 0x3F);
            if (cp > 0xFF) return false;
            out.push_back(char(cp));
            i += 2;
        } else {
            return false;
        }
    }
    return true;
}

// An integer term as a signed 64-bit value (smalls and one-limb bignums).
bool integer_i64(Term t, int64_t *v) {
    if (is_small(t)) {
        *v = small_value(t);
        return true;
    }
    if (!is_bignum(t) || bignum_limb_count(t) != 1) return false;
    uint64_t m = bignum_limbs(t)[0];
    if (bignum_negative(t)) {
        if (m > uint64_t(INT64_MAX) + 1) return false;
        *v = int64_t(0 - m);
    } else {
        if (m > uint64_t(INT64_MAX)) return false;
        *v = int64_t(m);
    }
    return true;
}

bool integer_u64(Term t, uint64_t *v) {
    if (is_small(t)) {
        if (small_value(t) < 0) return false;
        *v = uint64_t(small_value(t));
        return true;
    }
    if (!is_bignum(t) || bignum_negative(t) || bignum_limb_count(t) != 1) return false;
    *v = bignum_limbs(t)[0];
    return true;
}

Term make_list_of(Process *p, const Term *elems, size_t n) {
    if (n == 0) return kNil;
    Word *hp = p->alloc(2 * n);
    for (size_t i = 0; i < n; ++i) {
        hp[2 * i] = elems[i];
        hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * (i + 1)) : kNil;
    }
    return make_list(hp);
}

Term make_tuple_of(Process *p, const Term *elems, size_t n) {
    Term t = alloc_tuple(p, n);
    for (size_t i = 0; i < n; ++i)
        tuple_elements(t)[i] = elems[i];
    return t;
}

bool is_ref(Term t) {
    return is_boxed_of(t, Subtag::Ref) || is_boxed_of(t, Subtag::ExtRef);
}

} // namespace

// ---- type tests ----

int enif_is_atom(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_atom(term);
}
int enif_is_binary(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_binary(term);
}
int enif_is_ref(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_ref(term);
}
int enif_is_fun(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_boxed_of(term, Subtag::Fun) || is_boxed_of(term, Subtag::Export);
}
int enif_is_pid(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_local_pid(term) || is_boxed_of(term, Subtag::ExtPid);
}
int enif_is_port(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_local_port(term) || is_boxed_of(term, Subtag::ExtPort);
}
int enif_is_list(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_list(term) || is_nil(term);
}
int enif_is_empty_list(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_nil(term);
}
int enif_is_tuple(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_tuple(term);
}
int enif_is_map(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_map(term);
}
int enif_is_number(ErlNifEnv *, ERL_NIF_TERM term) {
    return is_number(term);
}

int enif_is_identical(ERL_NIF_TERM lhs, ERL_NIF_TERM rhs) {
    return terms_exact_equal(lhs, rhs);
}

int enif_compare(ERL_NIF_TERM lhs, ERL_NIF_TERM rhs) {
    int c = compare_terms(lhs, rhs);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

ErlNifTermType enif_term_type(ErlNifEnv *, ERL_NIF_TERM t) {
    if (is_atom(t)) return ERL_NIF_TERM_TYPE_ATOM;
    if (is_integer(t)) return ERL_NIF_TERM_TYPE_INTEGER;
    if (is_float(t)) return ERL_NIF_TERM_TYPE_FLOAT;
    if (is_list(t) || is_nil(t)) return ERL_NIF_TERM_TYPE_LIST;
    if (is_tuple(t)) return ERL_NIF_TERM_TYPE_TUPLE;
    if (is_map(t)) return ERL_NIF_TERM_TYPE_MAP;
    if (is_bitstring(t)) return ERL_NIF_TERM_TYPE_BITSTRING;
    if (enif_is_pid(nullptr, t)) return ERL_NIF_TERM_TYPE_PID;
    if (enif_is_port(nullptr, t)) return ERL_NIF_TERM_TYPE_PORT;
    if (is_ref(t)) return ERL_NIF_TERM_TYPE_REFERENCE;
    return ERL_NIF_TERM_TYPE_FUN;
}

// ---- numbers ----

int enif_get_int(ErlNifEnv *, ERL_NIF_TERM term, int *ip) {
    int64_t v;
    if (!integer_i64(term, &v) || v < INT_MIN || v > INT_MAX) return 0;
    *ip = int(v);
    return 1;
}

int enif_get_uint(ErlNifEnv *, ERL_NIF_TERM term, unsigned *ip) {
    uint64_t v;
    if (!integer_u64(term, &v) || v > UINT_MAX) return 0;
    *ip = unsigned(v);
    return 1;
}

int enif_get_long(ErlNifEnv *, ERL_NIF_TERM term, long *ip) {
    int64_t v;
    if (!integer_i64(term, &v)) return 0;
    *ip = long(v);
    return 1;
}

int enif_get_ulong(ErlNifEnv *, ERL_NIF_TERM term, unsigned long *ip) {
    uint64_t v;
    if (!integer_u64(term, &v)) return 0;
    *ip = static_cast<unsigned long>(v);
    return 1;
}

int enif_get_double(ErlNifEnv *, ERL_NIF_TERM term, double *dp) {
    if (!is_float(term)) return 0;
    *dp = float_value(term);
    return 1;
}

ERL_NIF_TERM enif_make_int(ErlNifEnv *, int i) {
    return make_small(i);
}
ERL_NIF_TERM enif_make_uint(ErlNifEnv *, unsigned i) {
    return make_small(SWord(i));
}
ERL_NIF_TERM enif_make_long(ErlNifEnv *env, long i) {
    return make_int64(env->heap, i);
}
ERL_NIF_TERM enif_make_ulong(ErlNifEnv *env, unsigned long i) {
    return make_uint64(env->heap, i);
}

ERL_NIF_TERM enif_make_double(ErlNifEnv *env, double d) {
    if (!std::isfinite(d)) return enif_make_badarg(env);
    return make_float(env->heap, d);
}

// ---- atoms and strings ----

ERL_NIF_TERM enif_make_atom(ErlNifEnv *env, const char *name) {
    return enif_make_atom_len(env, name, std::strlen(name));
}

ERL_NIF_TERM enif_make_atom_len(ErlNifEnv *env, const char *name, size_t len) {
    Term a = latin1_atom(name, len);
    return a == kNonValue ? enif_make_badarg(env) : a;
}

int enif_make_existing_atom(ErlNifEnv *env, const char *name, ERL_NIF_TERM *atom,
                            ErlNifCharEncoding enc) {
    return enif_make_existing_atom_len(env, name, std::strlen(name), atom, enc);
}

int enif_make_existing_atom_len(ErlNifEnv *, const char *name, size_t len, ERL_NIF_TERM *atom,
                                ErlNifCharEncoding) {
    if (len > AtomTable::kMaxChars) return 0;
    std::string utf8;
    for (size_t i = 0; i < len; ++i) {
        unsigned char c = name[i];
        if (c < 0x80) {
            utf8.push_back(char(c));
        } else {
            utf8.push_back(char(0xC0 | c >> 6));
            utf8.push_back(char(0x80 | (c & 0x3F)));
        }
    }
    auto a = AtomTable::global().find(utf8);
    if (!a) return 0;
    *atom = *a;
    return 1;
}

int enif_get_atom(ErlNifEnv *, ERL_NIF_TERM atom, char *buf, unsigned len, ErlNifCharEncoding) {
    std::string text;
    if (!is_atom(atom) || len == 0 || !atom_latin1(atom, text) || text.size() >= len) return 0;
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    return int(text.size() + 1);
}

int enif_get_atom_length(ErlNifEnv *, ERL_NIF_TERM atom, unsigned *len, ErlNifCharEncoding) {
    std::string text;
    if (!is_atom(atom) || !atom_latin1(atom, text)) return 0;
    *len = unsigned(text.size());
    return 1;
}

ERL_NIF_TERM enif_make_string(ErlNifEnv *env, const char *string, ErlNifCharEncoding enc) {
    return enif_make_string_len(env, string, std::strlen(string), enc);
}

ERL_NIF_TERM enif_make_string_len(ErlNifEnv *env, const char *string, size_t len,
                                  ErlNifCharEncoding) {
    if (len == 0) return kNil;
    Word *hp = env->heap->alloc(2 * len);
    for (size_t i = 0; i < len; ++i) {
        hp[2 * i] = make_small(static_cast<unsigned char>(string[i]));
        hp[2 * i + 1] = i + 1 < len ? make_list(hp + 2 * (i + 1)) : kNil;
    }
    return make_list(hp);
}

int enif_get_string(ErlNifEnv *, ERL_NIF_TERM list, char *buf, unsigned len, ErlNifCharEncoding) {
    if (len < 1) return 0;
    unsigned n = 0;
    while (!is_nil(list)) {
        if (!is_list(list)) {
            buf[n] = '\0';
            return 0;
        }
        Term c = car(list);
        if (!is_small(c) || small_value(c) < 0 || small_value(c) > 255) {
            buf[n] = '\0';
            return 0;
        }
        buf[n++] = char(small_value(c));
        if (n >= len) {
            buf[n - 1] = '\0';
            return -int(len);
        }
        list = cdr(list);
    }
    buf[n] = '\0';
    return int(n + 1);
}

// ---- lists ----

int enif_get_list_cell(ErlNifEnv *, ERL_NIF_TERM term, ERL_NIF_TERM *head, ERL_NIF_TERM *tail) {
    if (!is_list(term)) return 0;
    *head = car(term);
    *tail = cdr(term);
    return 1;
}

int enif_get_list_length(ErlNifEnv *, ERL_NIF_TERM term, unsigned *len) {
    uint64_t n = 0;
    while (is_list(term)) {
        ++n;
        term = cdr(term);
    }
    if (!is_nil(term) || n > UINT_MAX) return 0;
    *len = unsigned(n);
    return 1;
}

ERL_NIF_TERM enif_make_list_cell(ErlNifEnv *env, ERL_NIF_TERM car_, ERL_NIF_TERM cdr_) {
    return make_cons(env->heap, car_, cdr_);
}

ERL_NIF_TERM enif_make_list(ErlNifEnv *env, unsigned cnt, ...) {
    if (cnt == 0) return kNil;
    Word *hp = env->heap->alloc(2 * size_t(cnt));
    va_list ap;
    va_start(ap, cnt);
    for (unsigned i = 0; i < cnt; ++i) {
        hp[2 * i] = va_arg(ap, ERL_NIF_TERM);
        hp[2 * i + 1] = i + 1 < cnt ? make_list(hp + 2 * (i + 1)) : kNil;
    }
    va_end(ap);
    return make_list(hp);
}

ERL_NIF_TERM enif_make_list_from_array(ErlNifEnv *env, const ERL_NIF_TERM arr[], unsigned cnt) {
    return make_list_of(env->heap, arr, cnt);
}

int enif_make_reverse_list(ErlNifEnv *env, ERL_NIF_TERM term, ERL_NIF_TERM *list) {
    Term r = kNil;
    while (is_list(term)) {
        r = make_cons(env->heap, car(term), r);
        term = cdr(term);
    }
    if (!is_nil(term)) return 0;
    *list = r;
    return 1;
}

// ---- tuples ----

ERL_NIF_TERM enif_make_tuple(ErlNifEnv *env, unsigned cnt, ...) {
    Term t = alloc_tuple(env->heap, cnt);
    va_list ap;
    va_start(ap, cnt);
    for (unsigned i = 0; i < cnt; ++i)
        tuple_elements(t)[i] = va_arg(ap, ERL_NIF_TERM);
    va_end(ap);
    return t;
}

ERL_NIF_TERM enif_make_tuple_from_array(ErlNifEnv *env, const ERL_NIF_TERM arr[], unsigned cnt) {
    return make_tuple_of(env->heap, arr, cnt);
}

int enif_get_tuple(ErlNifEnv *, ERL_NIF_TERM tpl, int *arity, const ERL_NIF_TERM **array) {
    if (!is_tuple(tpl)) return 0;
    *arity = int(tuple_arity(tpl));
    *array = tuple_elements(tpl);
    return 1;
}

// ---- references, pids, hashing ----

ERL_NIF_TERM enif_make_ref(ErlNifEnv *env) {
    return make_ref(env->heap, new_ref_id());
}

int enif_get_local_pid(ErlNifEnv *, ERL_NIF_TERM term, ErlNifPid *pid) {
    if (!is_local_pid(term)) return 0;
    pid->pid = term;
    return 1;
}

void enif_set_pid_undefined(ErlNifPid *pid) {
    pid->pid = atom::undefined;
}

int enif_is_pid_undefined(const ErlNifPid *pid) {
    return pid->pid == atom::undefined;
}

ErlNifUInt64 enif_hash(ErlNifHash type, ERL_NIF_TERM term, ErlNifUInt64 salt) {
    switch (type) {
    case ERL_NIF_INTERNAL_HASH:
        return internal_hash(term, uint32_t(salt));
    case ERL_NIF_PHASH2:
        return phash2_hash(term) & ((1u << 27) - 1); // erts ignores the salt here
    default:
        return 0;
    }
}
