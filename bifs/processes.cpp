// Processes, messages, monitors, the process dictionary, time, and halting.
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/iolist.h"
#include "vm/mailbox.h"
#include "vm/refs.h"
#include "vm/scheduler.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"
#include "vm/term_print.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>

namespace hamlet {

namespace {

std::atomic<uint64_t> g_next_unique{1};

// Halting stops the running process at once: the BIF "fails" and the emulator, seeing the
// halt, leaves the process.
Term halt_now(Process *p, int status) {
    std::fflush(stdout);
    std::fflush(stderr);
    Scheduler::global().halt(status);
    return p->error(atom::kill);
}

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

Term erlang_self_0(Process *p, const Term *) { return p->pid; }
Term erlang_node_0(Process *, const Term *) { return atom::nonode_nohost; }
Term erlang_node_1(Process *p, const Term *args) {
    Term t = args[0];
    if (is_local_pid(t) || is_local_port(t) || is_boxed_of(t, Subtag::Ref)) return atom::nonode_nohost;
    if (is_boxed_of(t, Subtag::ExtPid) || is_boxed_of(t, Subtag::ExtPort) || is_boxed_of(t, Subtag::ExtRef))
        return boxed_ptr(t)[1];
    return p->badarg();
}

Term erlang_send_2(Process *p, const Term *args) {
    if (!Scheduler::global().send(args[0], args[1])) return p->badarg();
    return args[1];
}

Term erlang_send_3(Process *p, const Term *args) {
    if (!Scheduler::global().send(args[0], args[1])) return p->badarg();
    return atom::ok;
}

Term erlang_spawn_3(Process *p, const Term *args) {
    if (!is_atom(args[0]) || !is_atom(args[1])) return p->badarg();
    Process *child = Scheduler::global().spawn(args[0], args[1], args[2], p);
    if (!child) return p->badarg();
    return child->pid;
}

Term erlang_pid_to_list_1(Process *p, const Term *args) {
    if (!is_local_pid(args[0]) && !is_boxed_of(args[0], Subtag::ExtPid)) return p->badarg();
    return make_string(p, display_text(args[0]));
}

Term erlang_port_to_list_1(Process *p, const Term *args) {
    if (!is_local_port(args[0]) && !is_boxed_of(args[0], Subtag::ExtPort)) return p->badarg();
    return make_string(p, display_text(args[0]));
}

Term erlang_ref_to_list_1(Process *p, const Term *args) {
    if (!is_boxed_of(args[0], Subtag::Ref) && !is_boxed_of(args[0], Subtag::ExtRef)) return p->badarg();
    return make_string(p, display_text(args[0]));
}

Term erlang_is_process_alive_1(Process *p, const Term *args) {
    if (!is_local_pid(args[0])) return p->badarg();
    return Scheduler::global().lookup(args[0]) ? atom::true_ : atom::false_;
}

Term erlang_group_leader_0(Process *p, const Term *) { return p->group_leader; }
Term erlang_group_leader_2(Process *p, const Term *args) {
    if (!is_local_pid(args[0]) || !is_local_pid(args[1])) return p->badarg();
    Process *target = Scheduler::global().lookup(args[1]);
    if (!target) return p->badarg();
    target->group_leader = args[0];
    return atom::true_;
}

Term erlang_register_2(Process *p, const Term *args) {
    if (!is_atom(args[0]) || !is_local_pid(args[1]) || !Scheduler::global().register_name(args[0], args[1]))
        return p->badarg();
    return atom::true_;
}

Term erlang_unregister_1(Process *p, const Term *args) {
    if (!is_atom(args[0]) || !Scheduler::global().unregister_name(args[0])) return p->badarg();
    return atom::true_;
}

Term erlang_whereis_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    return Scheduler::global().whereis(args[0]);
}

Term erlang_registered_0(Process *p, const Term *) {
    (void)p;
    return kNil; // filled in with the SMP scheduler's registry walk
}

Term erlang_make_ref_0(Process *p, const Term *) { return make_ref_term(p, new_ref_id()); }

Term erlang_monitor_2(Process *p, const Term *args) {
    static const Term kProcess = *AtomTable::global().intern("process");
    if (args[0] != kProcess) return p->badarg();
    Term target = args[1];
    if (is_atom(target)) target = Scheduler::global().whereis(target);
    else if (!is_local_pid(target)) return p->badarg();
    uint64_t id = new_ref_id();
    Term ref = make_ref_term(p, id);
    Process *t = is_local_pid(target) ? Scheduler::global().lookup(target) : nullptr;
    if (!t) {
        // Already dead: 'DOWN' at once, with reason noproc.
        Term who = is_local_pid(target) ? target : make_tuple(p, {args[1], atom::nonode_nohost});
        static const Term kDown = *AtomTable::global().intern("DOWN");
        Scheduler::global().send(p->pid, make_tuple(p, {kDown, ref, kProcess, who, atom::noproc}));
        return ref;
    }
    t->monitored_by.push_back({id, p->pid});
    p->monitoring.push_back({id, target});
    return ref;
}

namespace {
bool remove_monitor(Process *p, uint64_t id) {
    for (auto it = p->monitoring.begin(); it != p->monitoring.end(); ++it) {
        if (it->ref != id) continue;
        if (Process *t = Scheduler::global().lookup(it->pid)) {
            auto &v = t->monitored_by;
            for (auto jt = v.begin(); jt != v.end(); ++jt)
                if (jt->ref == id) {
                    v.erase(jt);
                    break;
                }
        }
        p->monitoring.erase(it);
        return true;
    }
    return false;
}
} // namespace

Term erlang_demonitor_1(Process *p, const Term *args) {
    uint64_t id;
    if (!ref_id(args[0], &id)) return p->badarg();
    remove_monitor(p, id);
    return atom::true_;
}

Term erlang_demonitor_2(Process *p, const Term *args) {
    uint64_t id;
    if (!ref_id(args[0], &id)) return p->badarg();
    static const Term kFlush = *AtomTable::global().intern("flush"), kInfo = *AtomTable::global().intern("info");
    bool flush = false, info = false;
    Term o = args[1];
    for (; is_list(o); o = cdr(o)) {
        if (car(o) == kFlush) flush = true;
        else if (car(o) == kInfo) info = true;
        else return p->badarg();
    }
    if (!is_nil(o)) return p->badarg();
    bool removed = remove_monitor(p, id);
    if (flush) {
        Term ref = args[0];
        p->mailbox->remove_if([&](Term m) {
            return is_tuple(m) && tuple_arity(m) == 5 && terms_exact_equal(tuple_elements(m)[1], ref);
        });
    }
    return info ? (removed ? atom::true_ : atom::false_) : atom::true_;
}

// ---- process dictionary ----

Term erlang_get_1(Process *p, const Term *args) {
    for (auto &[k, v] : p->dictionary)
        if (terms_exact_equal(k, args[0])) return v;
    return atom::undefined;
}

Term erlang_get_0(Process *p, const Term *) {
    Term l = kNil;
    for (auto it = p->dictionary.rbegin(); it != p->dictionary.rend(); ++it) l = make_cons(p, make_tuple(p, {it->first, it->second}), l);
    return l;
}

Term erlang_put_2(Process *p, const Term *args) {
    for (auto &[k, v] : p->dictionary)
        if (terms_exact_equal(k, args[0])) {
            Term old = v;
            v = args[1];
            return old;
        }
    p->dictionary.push_back({args[0], args[1]});
    return atom::undefined;
}

Term erlang_erase_1(Process *p, const Term *args) {
    auto &d = p->dictionary;
    for (auto it = d.begin(); it != d.end(); ++it)
        if (terms_exact_equal(it->first, args[0])) {
            Term old = it->second;
            d.erase(it);
            return old;
        }
    return atom::undefined;
}

Term erlang_erase_0(Process *p, const Term *args) {
    Term all = erlang_get_0(p, args);
    p->dictionary.clear();
    return all;
}

Term erlang_get_keys_0(Process *p, const Term *) {
    Term l = kNil;
    for (auto it = p->dictionary.rbegin(); it != p->dictionary.rend(); ++it) l = make_cons(p, it->first, l);
    return l;
}

Term erlang_get_keys_1(Process *p, const Term *args) {
    Term l = kNil;
    for (auto it = p->dictionary.rbegin(); it != p->dictionary.rend(); ++it)
        if (terms_exact_equal(it->second, args[0])) l = make_cons(p, it->first, l);
    return l;
}

// ---- flags, time, unique values ----

Term erlang_process_flag_2(Process *p, const Term *args) {
    static const Term kTrapExit = *AtomTable::global().intern("trap_exit");
    if (args[0] == kTrapExit) {
        if (args[1] != atom::true_ && args[1] != atom::false_) return p->badarg();
        Term old = p->trap_exit ? atom::true_ : atom::false_;
        p->trap_exit = args[1] == atom::true_;
        return old;
    }
    if (!is_atom(args[0])) return p->badarg();
    return atom::false_; // other flags are accepted and not yet acted on
}

Term erlang_monotonic_time_0(Process *p, const Term *) { return make_int64(p, monotonic_ns()); }
Term erlang_monotonic_time_1(Process *p, const Term *args) { return time_in_unit(p, monotonic_ns(), args[0]); }
Term erlang_system_time_0(Process *p, const Term *) { return make_int64(p, system_ns()); }
Term erlang_system_time_1(Process *p, const Term *args) { return time_in_unit(p, system_ns(), args[0]); }

Term erlang_unique_integer_0(Process *p, const Term *) {
    return make_int64(p, int64_t(g_next_unique.fetch_add(1)) - 576460752303423488);
}

Term erlang_unique_integer_1(Process *p, const Term *args) {
    static const Term kPositive = *AtomTable::global().intern("positive"),
                      kMonotonic = *AtomTable::global().intern("monotonic");
    bool positive = false;
    Term o = args[0];
    for (; is_list(o); o = cdr(o)) {
        if (car(o) == kPositive) positive = true;
        else if (car(o) != kMonotonic) return p->badarg();
    }
    if (!is_nil(o)) return p->badarg();
    int64_t n = int64_t(g_next_unique.fetch_add(1));
    return make_int64(p, positive ? n : n - 576460752303423488);
}

Term erlang_garbage_collect_0(Process *, const Term *) { return atom::true_; }

// ---- output and halting ----

Term erlang_display_1(Process *, const Term *args) {
    std::fflush(stdout);
    std::string s = display_text(args[0]) + "\r\n"; // erl writes display lines with CR LF
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fflush(stdout);
    return atom::true_;
}

Term hamlet_write_2(Process *p, const Term *args) {
    // hamlet:write(Fd, IoData): the shim I/O servers' way to the terminal (1 stdout, 2 stderr).
    std::string bytes;
    if (!is_small(args[0]) || !iolist_to_bytes(args[1], bytes)) return p->badarg();
    SWord fd = small_value(args[0]);
    if (fd != 1 && fd != 2) return p->badarg();
    std::FILE *f = fd == 1 ? stdout : stderr;
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    if (fd == 2) std::fflush(f);
    return atom::ok;
}

// Whether I/O to this process's node may carry unicode: always, for the local node.
Term net_kernel_dflag_unicode_io_1(Process *, const Term *) { return atom::true_; }

// Which characters io_lib treats as printable: erl's +pc flag, latin1 by default.
Term io_printable_range_0(Process *, const Term *) {
    static const Term kLatin1 = *AtomTable::global().intern("latin1");
    return kLatin1;
}

Term erlang_halt_0(Process *p, const Term *) { return halt_now(p, 0); }

Term erlang_halt_1(Process *p, const Term *args) {
    Term s = args[0];
    static const Term kAbort = *AtomTable::global().intern("abort");
    if (is_small(s) && small_value(s) >= 0) return halt_now(p, int(small_value(s) & 0xFF));
    if (s == kAbort) {
        std::fflush(stdout);
        std::abort();
    }
    std::string slogan;
    if (is_nil(s) || is_list(s)) {
        for (Term t = s; is_list(t); t = cdr(t)) {
            Term c = car(t);
            if (!is_small(c)) return p->badarg();
            slogan.push_back(char(small_value(c)));
        }
        // halt(String): the slogan goes to stderr, a crash dump is written, status 1.
        std::fflush(stdout);
        std::fprintf(stderr, "%s\r\n\r\nCrash dump is being written to: erl_crash.dump...", slogan.c_str());
        std::ofstream dump("erl_crash.dump");
        dump << "=erl_crash_dump:0.5\nSlogan: " << slogan << "\nSystem version: Hamlet\n";
        std::fprintf(stderr, "done\r\n");
        return halt_now(p, 1);
    }
    return p->badarg();
}

Term erlang_halt_2(Process *p, const Term *args) { return erlang_halt_1(p, args); }

} // namespace hamlet
