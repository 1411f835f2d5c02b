#include "vm/system_monitor.h"

#include "emulator/emulator.h"
#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <chrono>
#include <mutex>
#include <thread>

namespace hamlet::sysmon {

namespace {

// Written under the mutex; the thresholds are also published in the atomics above.
std::mutex g_mutex;
std::atomic<Term> g_monitor{kNonValue};
bool g_busy_port = false, g_busy_dist_port = false;

Term uint_term(Process *p, uint64_t v) {
    return make_uint64(p, v);
}

void clear_locked() {
    g_monitor.store(kNonValue);
    g_long_gc.store(0);
    g_long_schedule.store(0);
    g_large_heap.store(0);
    g_busy_port = g_busy_dist_port = false;
}

Term get_locked(Process *p) {
    Term pid = g_monitor.load();
    if (pid == kNonValue) return atom::undefined;
    // erts lists them in this order.
    Term l = kNil;
    if (uint64_t v = g_long_gc.load())
        l = make_cons(p, make_tuple(p, {atom_of("long_gc"), uint_term(p, v)}), l);
    if (uint64_t v = g_long_schedule.load())
        l = make_cons(p, make_tuple(p, {atom_of("long_schedule"), uint_term(p, v)}), l);
    if (uint64_t v = g_large_heap.load())
        l = make_cons(p, make_tuple(p, {atom_of("large_heap"), uint_term(p, v)}), l);
    if (g_busy_port) l = make_cons(p, atom_of("busy_port"), l);
    if (g_busy_dist_port) l = make_cons(p, atom_of("busy_dist_port"), l);
    return make_tuple(p, {pid, l});
}

bool to_uint(Term t, uint64_t *out) {
    if (is_small(t) && small_value(t) >= 0) {
        *out = uint64_t(small_value(t));
        return true;
    }
    // A positive bignum of one limb: up to 2^64 - 1, erts' Uint.
    if (is_boxed(t) && boxed_subtag(t) == Subtag::PosBig && bignum_limb_count(t) == 1) {
        *out = bignum_limbs(t)[0];
        return true;
    }
    return false;
}

// {monitor, Pid, Event, [{Tag, Value}...]} to the monitor, unless p is the monitor.
void report(Process *p, const char *event, const char *const *tags, const Term *values, size_t n) {
    Term monitor = g_monitor.load();
    if (monitor == kNonValue || monitor == p->pid) return;
    Word words[8 * 5 + 5];
    Word *w = words;
    Term list = kNil;
    for (size_t i = n; i-- > 0;) {
        Word *t = w;
        t[0] = make_header(Subtag::Tuple, 2);
        t[1] = atom_of(tags[i]);
        t[2] = values[i];
        Word *c = w + 3;
        c[0] = make_boxed(t);
        c[1] = list;
        list = make_list(c);
        w += 5;
    }
    w[0] = make_header(Subtag::Tuple, 4);
    w[1] = atom_of("monitor");
    w[2] = p->pid;
    w[3] = atom_of(event);
    w[4] = list;
    send_message(monitor, make_boxed(w));
}

void report_heap(Process *p, const char *event, uint64_t timeout) {
    static const char *const kTags[] = {"timeout",   "old_heap_block_size", "heap_block_size",
                                        "mbuf_size", "stack_size",          "old_heap_size",
                                        "heap_size"};
    // Word counts, all small integers.
    Term values[] = {make_small(SWord(timeout)),    make_small(p->old_hend - p->old_heap),
                     make_small(p->hend - p->heap), make_small(SWord(p->fragment_words)),
                     make_small(p->hend - p->stop), make_small(p->old_htop - p->old_heap),
                     make_small(p->htop - p->heap)};
    bool with_timeout = timeout != 0;
    report(p, event, kTags + (with_timeout ? 0 : 1), values + (with_timeout ? 0 : 1),
           with_timeout ? 7 : 6);
}

} // namespace

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

Term get(Process *p) {
    std::lock_guard lock(g_mutex);
    return get_locked(p);
}

Term set(Process *p, Term pid, Term options) {
    std::lock_guard lock(g_mutex);
    if (pid == atom::undefined || is_nil(options)) {
        Term prev = get_locked(p);
        clear_locked();
        return prev;
    }
    if (!is_list(options) || !is_local_pid(pid) || !ProcessTable::global().lookup(pid))
        return kNonValue;
    uint64_t long_gc = 0, long_schedule = 0, large_heap = 0;
    bool busy_port = false, busy_dist_port = false;
    Term o = options;
    for (; is_list(o); o = cdr(o)) {
        Term t = car(o);
        if (is_tuple(t)) {
            if (tuple_arity(t) != 2) return kNonValue;
            Term key = tuple_elements(t)[0];
            uint64_t v;
            if (!to_uint(tuple_elements(t)[1], &v)) return kNonValue;
            // The floors are erts': 1 ms, and 16 Kwords, "not an unnatural heap size".
            if (key == atom_of("long_gc"))
                long_gc = std::max<uint64_t>(v, 1);
            else if (key == atom_of("long_schedule"))
                long_schedule = std::max<uint64_t>(v, 1);
            else if (key == atom_of("large_heap"))
                large_heap = std::max<uint64_t>(v, 16384);
            else
                return kNonValue;
        } else if (t == atom_of("busy_port")) {
            busy_port = true;
        } else if (t == atom_of("busy_dist_port")) {
            busy_dist_port = true;
        } else {
            return kNonValue;
        }
    }
    if (!is_nil(o)) return kNonValue;
    Term prev = get_locked(p);
    g_monitor.store(pid);
    g_long_gc.store(long_gc);
    g_long_schedule.store(long_schedule);
    g_large_heap.store(large_heap);
    g_busy_port = busy_port;
    g_busy_dist_port = busy_dist_port;
    return prev;
}

void process_exited(Term pid) {
    if (g_monitor.load(std::memory_order_relaxed) != pid) return;
    std::lock_guard lock(g_mutex);
    if (g_monitor.load() == pid) clear_locked();
}

int64_t gc_started() {
    return g_long_gc.load(std::memory_order_relaxed) ? now_ns() : 0;
}

void gc_finished(Process *p, int64_t started) {
    if (started) {
        if (uint64_t sleep = g_test_long_gc_sleep.load(std::memory_order_relaxed))
            std::this_thread::sleep_for(std::chrono::milliseconds(sleep));
        uint64_t ms = uint64_t(now_ns() - started) / 1000000;
        uint64_t limit = g_long_gc.load(std::memory_order_relaxed);
        if (limit && ms > limit) report_heap(p, "long_gc", ms);
    }
    if (uint64_t limit = g_large_heap.load(std::memory_order_relaxed)) {
        uint64_t size = uint64_t(p->hend - p->heap) + uint64_t(p->old_hend - p->old_heap);
        if (size >= limit) report_heap(p, "large_heap", 0);
    }
}

void slice_finished(Process *p, int64_t started, const Word *in) {
    uint64_t limit = g_long_schedule.load(std::memory_order_relaxed);
    if (!limit) return;
    int64_t ms = (now_ns() - started) / 1000000;
    if (ms <= 0 || uint64_t(ms) <= limit) return;
    // [{timeout, Ms}, {in, MFA}, {out, MFA}]: the functions where the slice began and ended
    // (undefined outside any module).
    auto mfa = [](const Word *pc, Word *w) -> Term {
        Module *m = pc ? ModuleTable::global().module_at(pc) : nullptr;
        const FunctionInfo *f = m ? m->function_at(pc) : nullptr;
        if (!f) return atom::undefined;
        w[0] = make_header(Subtag::Tuple, 3);
        w[1] = m->name;
        w[2] = f->name;
        w[3] = make_small(SWord(f->arity));
        return make_boxed(w);
    };
    static const char *const kTags[] = {"timeout", "in", "out"};
    Word in_mfa[4], out_mfa[4];
    Term values[] = {make_small(ms), mfa(in, in_mfa), mfa(p->pc, out_mfa)};
    report(p, "long_schedule", kTags, values, 3);
}

} // namespace hamlet::sysmon
