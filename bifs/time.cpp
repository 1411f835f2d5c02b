// Time, unique values and timers: monotonic/system time in any unit, unique_integer,
// erlang:send_after/start_timer/cancel_timer/read_timer (vm/timer_service.h).
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/mailbox.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/signals.h"
#include "vm/term_build.h"
#include "vm/timer_service.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>

namespace hamlet {

namespace {

std::atomic<uint64_t> g_next_unique{1};

int64_t time_unit_divisor(Term unit, bool *ok) {
    *ok = true;
    static const Term kSecond = *AtomTable::global().intern("second"),
                      kMilli = *AtomTable::global().intern("millisecond"),
                      kMicro = *AtomTable::global().intern("microsecond"),
                      kNano = *AtomTable::global().intern("nanosecond"),
                      kNative = *AtomTable::global().intern("native"),
                      kSeconds = *AtomTable::global().intern("seconds"),
                      kMilliSeconds = *AtomTable::global().intern("milli_seconds"),
                      kMicroSeconds = *AtomTable::global().intern("micro_seconds"),
                      kNanoSeconds = *AtomTable::global().intern("nano_seconds"),
                      kPerfCounter = *AtomTable::global().intern("perf_counter");
    // Nanoseconds per unit; native is nanoseconds in Hamlet.
    if (unit == kSecond || unit == kSeconds) return 1'000'000'000;
    if (unit == kMilli || unit == kMilliSeconds) return 1'000'000;
    if (unit == kMicro || unit == kMicroSeconds) return 1'000;
    if (unit == kNano || unit == kNanoSeconds || unit == kNative || unit == kPerfCounter) return 1;
    if (is_small(unit) && small_value(unit) > 0) return -small_value(unit); // parts per second
    *ok = false;
    return 0;
}

Term time_in_unit(Process *p, int64_t ns, Term unit) {
    bool ok;
    int64_t d = time_unit_divisor(unit, &ok);
    if (!ok) return p->badarg();
    if (d > 0) {
        int64_t v = ns / d;
        if (ns < 0 && v * d != ns) --v; // floor
        return make_int64(p, v);
    }
    __int128 v = __int128(ns) * (-d) / 1'000'000'000;
    return make_int64(p, int64_t(v));
}

int64_t monotonic_ns() {
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

int64_t system_ns() {
    using namespace std::chrono;
    return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

Term erlang_monotonic_time_0(Process *p, const Term *) {
    return make_int64(p, monotonic_ns());
}
Term erlang_monotonic_time_1(Process *p, const Term *args) {
    return time_in_unit(p, monotonic_ns(), args[0]);
}
Term erlang_system_time_0(Process *p, const Term *) {
    return make_int64(p, system_ns());
}
Term erlang_system_time_1(Process *p, const Term *args) {
    return time_in_unit(p, system_ns(), args[0]);
}

// Erlang system time minus Erlang monotonic time (constant in Hamlet, which does no time warp
// correction beyond the OS clock's).
Term erlang_time_offset_0(Process *p, const Term *) {
    return make_int64(p, system_ns() - monotonic_ns());
}
Term erlang_time_offset_1(Process *p, const Term *args) {
    return time_in_unit(p, system_ns() - monotonic_ns(), args[0]);
}

namespace {

Term timestamp_tuple(Process *p, uint64_t us) {
    return make_tuple(p, {make_small(SWord(us / 1'000'000'000'000)),
                          make_small(SWord(us / 1'000'000 % 1'000'000)),
                          make_small(SWord(us % 1'000'000))});
}

std::atomic<uint64_t> g_last_now_us{0};

} // namespace

// {MegaSecs, Secs, MicroSecs} of system time.
Term erlang_timestamp_0(Process *p, const Term *) {
    return timestamp_tuple(p, uint64_t(system_ns() / 1000));
}

// erlang:now/0 (deprecated): as timestamp/0, but every call returns a later value than any
// call before it, on any scheduler (erts guarantees unique, increasing values).
Term erlang_now_0(Process *p, const Term *) {
    uint64_t now = uint64_t(system_ns() / 1000);
    uint64_t last = g_last_now_us.load(std::memory_order_relaxed);
    uint64_t next;
    do {
        next = now > last ? now : last + 1;
    } while (!g_last_now_us.compare_exchange_weak(last, next, std::memory_order_relaxed));
    return timestamp_tuple(p, next);
}

Term erlang_unique_integer_0(Process *p, const Term *) {
    return make_int64(p, int64_t(g_next_unique.fetch_add(1)) - 576460752303423488);
}

Term erlang_unique_integer_1(Process *p, const Term *args) {
    static const Term kPositive = *AtomTable::global().intern("positive"),
                      kMonotonic = *AtomTable::global().intern("monotonic");
    bool positive = false;
    Term o = args[0];
    for (; is_list(o); o = cdr(o)) {
        if (car(o) == kPositive)
            positive = true;
        else if (car(o) != kMonotonic)
            return p->badarg();
    }
    if (!is_nil(o)) return p->badarg();
    int64_t n = int64_t(g_next_unique.fetch_add(1));
    return make_int64(p, positive ? n : n - 576460752303423488);
}

// ---- timers ----

namespace {

// [{abs, Bool}] for send_after/start_timer; false on a bad option list.
bool parse_abs(Term opts, bool *abs) {
    *abs = false;
    for (; is_list(opts); opts = cdr(opts)) {
        Term o = car(opts);
        if (!is_tuple(o) || tuple_arity(o) != 2 || tuple_elements(o)[0] != atom::abs) return false;
        Term v = tuple_elements(o)[1];
        if (v != atom::true_ && v != atom::false_) return false;
        *abs = v == atom::true_;
    }
    return is_nil(opts);
}

// A timer addressed to a local pid belongs to that process, as in erts: none is set for a
// process that has exited, and process_exited() cancels those still pending. False when the
// process has exited (the caller then cancels the timer it has just set).
bool attach_timer(Process *target, uint64_t id) {
    std::lock_guard lock(target->mailbox->lock());
    if (target->status == ProcessStatus::Exited) return false;
    auto &ids = target->bif_timers;
    if (ids.size() >= target->bif_timers_prune_at) {
        std::erase_if(ids, [](uint64_t t) { return TimerService::global().remaining(t) < 0; });
        target->bif_timers_prune_at = std::max<size_t>(16, ids.size() * 2);
    }
    ids.push_back(id);
    return true;
}

Term start_timer(Process *p, Term time, Term dest, Term msg, Term opts, bool wrap) {
    bool abs;
    if (!parse_abs(opts, &abs) || !is_small(time) || (!is_local_pid(dest) && !is_atom(dest)))
        return p->badarg();
    int64_t t = small_value(time);
    uint64_t now = monotonic_us();
    uint64_t deadline;
    if (abs) {
        deadline = t <= 0 ? 0 : uint64_t(t) * 1000;
    } else {
        if (t < 0) return p->badarg();
        deadline = now + uint64_t(t) * 1000;
    }
    uint64_t id = new_ref_id();
    ProcessRef target;
    if (is_local_pid(dest)) {
        target = ProcessTable::global().lookup(dest);
        if (!target) return make_ref(p, id); // read_timer answers false, as erts
    }
    TimerService::global().add_message_timer(id, deadline, dest, msg, wrap);
    if (target && !attach_timer(target.get(), id)) TimerService::global().cancel(id);
    return make_ref(p, id);
}

// Milliseconds left (rounded down, as the BEAM reports them) or false.
Term time_left(int64_t us) {
    return us < 0 ? atom::false_ : make_small(us / 1000);
}

// [{async, Bool}, {info, Bool}]
bool parse_async_info(Term opts, bool *async, bool *info) {
    *async = false;
    *info = true;
    for (; is_list(opts); opts = cdr(opts)) {
        Term o = car(opts);
        if (!is_tuple(o) || tuple_arity(o) != 2) return false;
        Term k = tuple_elements(o)[0], v = tuple_elements(o)[1];
        if (v != atom::true_ && v != atom::false_) return false;
        if (k == atom::async)
            *async = v == atom::true_;
        else if (k == atom::info)
            *info = v == atom::true_;
        else
            return false;
    }
    return is_nil(opts);
}

Term timer_op(Process *p, Term ref, Term opts, bool cancel) {
    uint64_t id;
    bool async, info;
    if (!ref_id(ref, &id) || !parse_async_info(opts, &async, &info)) return p->badarg();
    int64_t us = cancel ? TimerService::global().cancel(id) : TimerService::global().remaining(id);
    Term result = time_left(us);
    if (!async) return info ? result : atom::ok;
    if (info)
        send_message(p->pid,
                     make_tuple(p, {cancel ? atom::cancel_timer : atom::read_timer, ref, result}));
    return atom::ok;
}

} // namespace

Term erlang_send_after_3(Process *p, const Term *a) {
    return start_timer(p, a[0], a[1], a[2], kNil, false);
}
Term erlang_send_after_4(Process *p, const Term *a) {
    return start_timer(p, a[0], a[1], a[2], a[3], false);
}
Term erlang_start_timer_3(Process *p, const Term *a) {
    return start_timer(p, a[0], a[1], a[2], kNil, true);
}
Term erlang_start_timer_4(Process *p, const Term *a) {
    return start_timer(p, a[0], a[1], a[2], a[3], true);
}
Term erlang_cancel_timer_1(Process *p, const Term *a) {
    return timer_op(p, a[0], kNil, true);
}
Term erlang_cancel_timer_2(Process *p, const Term *a) {
    return timer_op(p, a[0], a[1], true);
}
Term erlang_read_timer_1(Process *p, const Term *a) {
    return timer_op(p, a[0], kNil, false);
}
Term erlang_read_timer_2(Process *p, const Term *a) {
    return timer_op(p, a[0], a[1], false);
}

// Native and perf_counter time units per second (erlang:convert_time_unit/3 asks): Hamlet's
// native unit is the nanosecond.
Term erts_internal_time_unit_0(Process *, const Term *) {
    return make_small(1'000'000'000);
}
Term erts_internal_perf_counter_unit_0(Process *, const Term *) {
    return make_small(1'000'000'000);
}

} // namespace hamlet
