// atomics and counters: arrays of 64-bit atomics shared between processes through a magic
// reference (vm/magic_ref.h), freed when no term refers to them any more.
//
// The BEAM's write_concurrency counters keep one atomic per scheduler and sum them on read;
// here every counter is one atomic, which gives the same values (only contention differs).
// Values wrap around at 64 bits; an increment may be given as a signed or an unsigned 64-bit
// integer, as in erl.
#include "bifs/arith.h"
#include "bifs/bif.h"
#include "bifs/prim_file_common.h"
#include "vm/atom_table.h"
#include "vm/magic_ref.h"
#include "vm/map_ops.h"
#include "vm/scheduler.h"
#include "vm/term_build.h"

#include <atomic>
#include <cstdint>
#include <memory>

namespace hamlet {

namespace {

struct AtomicArray : MagicObject {
    bool is_signed;
    size_t size;
    std::unique_ptr<std::atomic<uint64_t>[]> v;
    AtomicArray(size_t n, bool sign) : is_signed(sign), size(n), v(new std::atomic<uint64_t>[n]) {
        for (size_t i = 0; i < n; ++i)
            v[i].store(0, std::memory_order_relaxed);
    }
};

// An atomics array (from atomics:new/2) or a write_concurrency counters array.
struct AtomicsRef : AtomicArray {
    using AtomicArray::AtomicArray;
};
struct CountersRef : AtomicArray {
    using AtomicArray::AtomicArray;
};

// The size argument of atomics_new/counters_new: a positive integer; badarg for anything
// else, system_limit for integers beyond 64 bits or sizes too large to allocate.
Term array_size_arg(Process *p, Term t, uint64_t limit, size_t &out) {
    uint64_t n;
    if (!term_to_uint64(t, n))
        return is_boxed_of(t, Subtag::PosBig) ? p->system_limit() : p->badarg();
    if (n == 0) return p->badarg();
    if (n > limit) return p->system_limit();
    out = size_t(n);
    return atom::ok;
}

// The 1-based index argument as a slot of a, or nullptr.
template <typename T> std::atomic<uint64_t> *slot(Term ref, Term index, T **out = nullptr) {
    T *a = magic_cast<T>(ref);
    uint64_t i;
    if (!a || !term_to_uint64(index, i) || i == 0 || i > a->size) return nullptr;
    if (out) *out = a;
    return &a->v[i - 1];
}

// A value to store: within the array's range (signed or unsigned 64-bit).
bool value_arg(const AtomicArray *a, Term t, uint64_t &out) {
    if (a->is_signed) {
        int64_t v;
        if (!term_to_int64(t, v)) return false;
        out = uint64_t(v);
        return true;
    }
    return term_to_uint64(t, out);
}

// An increment: any signed or unsigned 64-bit integer (added with wraparound).
bool increment_arg(Term t, uint64_t &out) {
    int64_t v;
    if (term_to_int64(t, v)) {
        out = uint64_t(v);
        return true;
    }
    return term_to_uint64(t, out);
}

Term value_term(Process *p, const AtomicArray *a, uint64_t v) {
    return a->is_signed ? make_int64(p, int64_t(v)) : make_uint64(p, v);
}

constexpr uint64_t kMaxSlots = (UINT64_MAX / 8) / 64; // beyond any allocation, as erl's limit

} // namespace

// ---- atomics ----

Term erts_internal_atomics_new_2(Process *p, const Term *args) {
    size_t n;
    if (array_size_arg(p, args[0], kMaxSlots, n) == kNonValue) return kNonValue;
    uint64_t opts;
    if (!term_to_uint64(args[1], opts)) return p->badarg();
    return make_magic_ref(p, new AtomicsRef(n, opts & 1));
}

Term atomics_put_3(Process *p, const Term *args) {
    AtomicsRef *a;
    auto *s = slot(args[0], args[1], &a);
    uint64_t v;
    if (!s || !value_arg(a, args[2], v)) return p->badarg();
    s->store(v);
    return atom::ok;
}

Term atomics_get_2(Process *p, const Term *args) {
    AtomicsRef *a;
    auto *s = slot(args[0], args[1], &a);
    if (!s) return p->badarg();
    return value_term(p, a, s->load());
}

Term atomics_add_3(Process *p, const Term *args) {
    auto *s = slot<AtomicsRef>(args[0], args[1]);
    uint64_t incr;
    if (!s || !increment_arg(args[2], incr)) return p->badarg();
    s->fetch_add(incr);
    return atom::ok;
}

Term atomics_add_get_3(Process *p, const Term *args) {
    AtomicsRef *a;
    auto *s = slot(args[0], args[1], &a);
    uint64_t incr;
    if (!s || !increment_arg(args[2], incr)) return p->badarg();
    return value_term(p, a, s->fetch_add(incr) + incr);
}

Term atomics_exchange_3(Process *p, const Term *args) {
    AtomicsRef *a;
    auto *s = slot(args[0], args[1], &a);
    uint64_t v;
    if (!s || !value_arg(a, args[2], v)) return p->badarg();
    return value_term(p, a, s->exchange(v));
}

Term atomics_compare_exchange_4(Process *p, const Term *args) {
    AtomicsRef *a;
    auto *s = slot(args[0], args[1], &a);
    uint64_t expected, desired;
    if (!s || !value_arg(a, args[2], expected) || !value_arg(a, args[3], desired))
        return p->badarg();
    if (s->compare_exchange_strong(expected, desired)) return atom::ok;
    return value_term(p, a, expected); // the value found instead
}

Term atomics_info_1(Process *p, const Term *args) {
    auto *a = magic_cast<AtomicsRef>(args[0]);
    if (!a) return p->badarg();
    Term max = a->is_signed ? make_int64(p, INT64_MAX) : make_uint64(p, UINT64_MAX);
    Term min = a->is_signed ? make_int64(p, INT64_MIN) : make_small(0);
    // memory as erl reports it: its array header (40 bytes) and 8 bytes per atomic
    Term memory = make_uint64(p, 40 + 8 * uint64_t(a->size));
    return make_map(p, {{atom_of("max"), max},
                        {atom_of("min"), min},
                        {atom_of("size"), make_uint64(p, a->size)},
                        {atom_of("memory"), memory}});
}

// ---- counters (write_concurrency; counters:new/2 without it uses atomics) ----

Term erts_internal_counters_new_1(Process *p, const Term *args) {
    size_t n;
    if (array_size_arg(p, args[0], kMaxSlots, n) == kNonValue) return kNonValue;
    return make_magic_ref(p, new CountersRef(n, true));
}

Term erts_internal_counters_get_2(Process *p, const Term *args) {
    auto *s = slot<CountersRef>(args[0], args[1]);
    if (!s) return p->badarg();
    return make_int64(p, int64_t(s->load()));
}

Term erts_internal_counters_add_3(Process *p, const Term *args) {
    auto *s = slot<CountersRef>(args[0], args[1]);
    uint64_t incr;
    if (!s || !increment_arg(args[2], incr)) return p->badarg();
    s->fetch_add(incr);
    return atom::ok;
}

Term erts_internal_counters_put_3(Process *p, const Term *args) {
    auto *s = slot<CountersRef>(args[0], args[1]);
    int64_t v;
    if (!s || !term_to_int64(args[2], v)) return p->badarg();
    s->store(uint64_t(v));
    return atom::ok;
}

Term erts_internal_counters_info_1(Process *p, const Term *args) {
    auto *a = magic_cast<CountersRef>(args[0]);
    if (!a) return p->badarg();
    // memory as erl reports it: a 32-byte header and, per scheduler plus one, 64-byte cache
    // lines of 8 counters
    uint64_t lines = (uint64_t(a->size) + 7) / 8 * (Scheduler::global().count() + 1);
    return make_map(p, {{atom_of("size"), make_uint64(p, a->size)},
                        {atom_of("memory"), make_uint64(p, 32 + 64 * lines)}});
}

} // namespace hamlet
