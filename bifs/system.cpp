// The system: halting, erlang:display, the shim's terminal writes, system_info and
// statistics.
#include "bifs/bif.h"
#include "bifs/processes.h"
#include "emulator/stacktrace.h"
#include "nif/call.h"
#include "ports/port.h"
#include "ports/tty/break_handler.h"
#include "vm/atom_table.h"
#include "vm/crash_dump.h"
#include "vm/gc.h"
#include "vm/iolist.h"
#include "vm/match_spec.h"
#include "vm/process_table.h"
#include "vm/scheduler.h"
#include "vm/signals.h"
#include "vm/term_build.h"
#include "vm/term_print.h"
#include "vm/timer_service.h"
#include "vm/utf8.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <thread>

namespace hamlet {

namespace {

// Halting stops the running process at once: the BIF "fails" and the emulator, seeing that
// this process halts, leaves it (RunResult::Halted). The VM stops when the other processes
// have settled; what ports hold is written then (vm/main.cpp).
Term halt_now(Process *p, int status) {
    Scheduler::global().halt_when_settled(p, status);
    return p->error(atom::kill);
}

} // namespace

// ---- output and halting ----

Term erlang_display_1(Process *, const Term *args) {
    PortTable::global().flush_output();
    std::fflush(stdout);
    std::string s = display_text(args[0]) + "\r\n"; // erl writes display lines with CR LF
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fflush(stdout);
    return atom::true_;
}

// hamlet:expire_receive_timeout(Pid): the receive ... after that Pid waits in ends now, as if
// its time had passed (init:stop/0,1 uses it to end user_sup's one-second wait at shutdown).
Term hamlet_expire_receive_timeout_1(Process *p, const Term *args) {
    if (!is_local_pid(args[0])) return p->badarg();
    send_signal(args[0], SignalKind::Timeout, p->pid, kExpireReceiveTimeout, kNil);
    return atom::ok;
}

// Whether I/O to this process's node may carry unicode: always, for the local node.
Term net_kernel_dflag_unicode_io_1(Process *, const Term *) {
    return atom::true_;
}

// Which characters io_lib treats as printable: erl's +pc flag, latin1 by default.
Term io_printable_range_0(Process *, const Term *) {
    static const Term kLatin1 = *AtomTable::global().intern("latin1");
    return kLatin1;
}

Term erlang_halt_0(Process *p, const Term *) {
    return halt_now(p, 0);
}

// erlang:display_string/1 and display_nl/0: straight to stderr, as erts does (the logger's
// simple handler uses them before a real handler is installed).
Term erlang_display_string_1(Process *p, const Term *args) {
    std::string text;
    for (Term t = args[0]; !is_nil(t); t = cdr(t)) {
        if (!is_list(t) || !is_small(car(t)) || small_value(car(t)) < 0 ||
            small_value(car(t)) > 0x10FFFF)
            return p->badarg();
        uint32_t c = uint32_t(small_value(car(t)));
        if (c == '\n') text += '\r'; // erts' printing to stderr adds a CR before each LF
        append_utf8(text, c);
    }
    PortTable::global().flush_output();
    std::fflush(stdout);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
    return atom::true_;
}

Term erlang_display_nl_0(Process *, const Term *) {
    std::fputs("\r\n", stderr);
    std::fflush(stderr);
    return atom::true_;
}

// erts_internal:scheduler_wall_time/1 (kernel_refc switches it): whether the schedulers
// measure their wall time. Hamlet does not; the switch is kept and the old value returned.
Term erts_internal_scheduler_wall_time_1(Process *p, const Term *args) {
    static std::atomic<bool> enabled{false};
    if (args[0] != atom::true_ && args[0] != atom::false_) return p->badarg();
    return enabled.exchange(args[0] == atom::true_) ? atom::true_ : atom::false_;
}

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
        PortTable::global().flush_output();
        std::fflush(stdout);
        std::fprintf(stderr, "%s\r\n", slogan.c_str());
        write_crash_dump(slogan);
        return halt_now(p, 1);
    }
    return p->badarg();
}

// halt(Status, Options): as erts, Options is a proper list of {flush, Bool} (anything else
// is badarg before the VM stops).
Term erlang_halt_2(Process *p, const Term *args) {
    static const Term kFlush = *AtomTable::global().intern("flush");
    Term o = args[1];
    for (; is_list(o); o = cdr(o)) {
        Term t = car(o);
        if (!is_tuple(t) || tuple_arity(t) != 2 || tuple_elements(t)[0] != kFlush ||
            (tuple_elements(t)[1] != atom::true_ && tuple_elements(t)[1] != atom::false_))
            return p->badarg();
    }
    if (!is_nil(o)) return p->badarg();
    return erlang_halt_1(p, args);
}

// ---- erlang:system_info/1 ----

bool allocator_system_info(Process *p, Term item, Term &answer);

namespace {

// #{error_logger => Bool, kill => Bool, size => Size}: the system's setting.
Term system_max_heap_size(Process *p) {
    GcDefaults &gc = gc_defaults();
    return max_heap_size_map(p, gc.max_heap_size.load(), gc.max_heap_kill.load(),
                             gc.max_heap_log.load());
}

unsigned online_cores() {
    unsigned n = std::thread::hardware_concurrency();
    return n ? n : 1;
}

// erlang:system_flag(outstanding_system_requests_limit, N): erts limits how many requests
// its code purger and literal-area collector have out to processes at once (default: two
// per scheduler). Hamlet's purge asks no process anything, so the limit is kept and read
// back but limits nothing. 0: not set yet.
std::atomic<int64_t> g_outstanding_system_requests_limit{0};
constexpr int64_t kMaxProcesses = (int64_t(1) << 27) - 1; // erts' ERTS_MAX_PROCESSES

int64_t outstanding_system_requests_limit() {
    int64_t v = g_outstanding_system_requests_limit.load();
    return v ? v : 2 * int64_t(Scheduler::global().count());
}

// erlang:system_info(snifs): every function the VM implements natively that erts counts as
// a BIF (the BIF entries of bifs/bif_table.def, not its NIF entries).
Term snifs(Process *p) {
    Term l = kNil;
    for (const BifEntry &e : bif_entries())
        if (!e.nif)
            l = make_cons(p, make_tuple(p, {e.module, e.name, make_small(SWord(e.arity))}), l);
    return l;
}

// erlang:system_info(ethread_info): erts lists what its thread library uses natively.
// Hamlet's atomics are C++'s std::atomic, native when the compiler makes them lock-free.
Term ethread_info(Process *p) {
    struct Double {
        uint64_t a, b;
    };
    auto entry = [p](const char *what, bool native) {
        Term impl = make_string(p, native ? "std::atomic" : "no");
        Term ops = kNil;
        if (native)
            for (const char *op :
                 {"compare_exchange_strong", "exchange", "store", "fetch_add", "fetch_sub", "load"})
                ops = make_cons(p, make_string(p, op), ops);
        return make_tuple(p, {make_string(p, what), impl, ops});
    };
    return make_term_list(
        p, {entry("32-bit native atomics", std::atomic<uint32_t>::is_always_lock_free),
            entry("64-bit native atomics", std::atomic<uint64_t>::is_always_lock_free),
            entry("Double word native atomics", std::atomic<Double>::is_always_lock_free)});
}

// The running kernel's version, {Major, Minor, Release} (os:version/0), from uname's release
// ("6.1.0-13-amd64" gives {6,1,0}).
Term os_version(Process *p) {
    utsname u{};
    int v[3] = {0, 0, 0};
    if (uname(&u) == 0) std::sscanf(u.release, "%d.%d.%d", &v[0], &v[1], &v[2]);
    return make_tuple(p, {make_small(v[0]), make_small(v[1]), make_small(v[2])});
}

} // namespace

Term erlang_system_info_1(Process *p, const Term *args) {
    Term item = args[0];
    if (Term answer; allocator_system_info(p, item, answer)) return answer; // allocators.cpp
    if (is_tuple(item) && tuple_arity(item) == 2 &&
        tuple_elements(item)[0] == atom_of("wordsize")) {
        Term k = tuple_elements(item)[1];
        if (k == atom_of("internal") || k == atom_of("external")) return make_small(8);
        return p->badarg();
    }
    if (!is_atom(item)) return p->badarg();
    std::string_view name = AtomTable::global().text(item);
    unsigned sched = Scheduler::global().count();
    if (name == "schedulers" || name == "schedulers_online") return make_small(sched);
    if (name == "os_type") return make_tuple(p, {atom_of("unix"), atom_of("linux")}); // os:type/0
    if (name == "logical_processors" || name == "logical_processors_online" ||
        name == "logical_processors_available")
        return make_small(online_cores());
    if (name == "dirty_cpu_schedulers" || name == "dirty_cpu_schedulers_online")
        return make_small(sched);
    if (name == "dirty_io_schedulers") return make_small(10);
    if (name == "otp_release") return make_string(p, "25");
    if (name == "version") return make_string(p, "13.1.5");
    // The line erts 13.1.5 built as an interpreter (emu_flavor emu, so no "[jit:ns]") prints
    // with Hamlet's schedulers, dirty schedulers and async pool (the shell's banner).
    if (name == "system_version")
        return make_string(
            p, "Erlang/OTP 25 [erts-13.1.5] [source] [64-bit] [smp:" + std::to_string(sched) + ":" +
                   std::to_string(sched) + "] [ds:" + std::to_string(sched) + ":" +
                   std::to_string(sched) + ":10] [async-threads:1]\n");
    if (name == "system_architecture") return make_string(p, "x86_64-pc-linux-gnu");
    if (name == "wordsize") return make_small(8);
    if (name == "endian") return atom_of("little");
    if (name == "machine") return make_string(p, "BEAM");
    if (name == "smp_support" || name == "threads" || name == "kernel_poll") return atom::true_;
    if (name == "debug_compiled" || name == "lock_checking" || name == "lock_counting")
        return atom::false_;
    if (name == "heap_type") return atom_of("private");
    if (name == "build_type" || name == "emu_type") return atom_of("opt");
    if (name == "emu_flavor") return atom_of("emu");
    if (name == "thread_pool_size") return make_small(1);
    if (name == "process_count") return make_small(SWord(ProcessTable::global().count()));
    if (name == "process_limit") return make_small(SWord(ProcessTable::global().limit()));
    if (name == "atom_count") return make_small(AtomTable::global().size());
    if (name == "atom_limit") return make_small(AtomTable::kMaxAtoms);
    if (name == "port_count") return make_small(SWord(PortTable::global().ids().size()));
    if (name == "port_limit") return make_small(65536);
    if (name == "ets_count") return make_small(0);
    if (name == "ets_limit") return make_small(8192);
    if (name == "nif_version") return make_string(p, "2.16");
    if (name == "taints") return nif_taints(p); // modules that loaded a NIF library
    if (name == "driver_version") return make_string(p, "3.3");
    if (name == "compat_rel") return make_small(25);
    if (name == "creation") return make_small(0);
    if (name == "hipe_architecture") return atom::undefined;
    if (name == "multi_scheduling") return sched == 1 ? atom_of("disabled") : atom_of("enabled");
    if (name == "time_warp_mode") return atom_of("no_time_warp");
    if (name == "time_correction") return atom::true_;
    if (name == "os_monotonic_time_source" || name == "os_system_time_source") return kNil;
    if (name == "start_time") return make_small(0);
    if (name == "cpu_topology") return atom::undefined;
    if (name == "trace_control_word") return make_small(SWord(trace_control_word()));
    if (name == "dist_ctrl" || name == "dist") return kNil;
    GcDefaults &gc = gc_defaults();
    Term fullsweep = make_tuple(p, {atom::fullsweep_after, make_small(gc.fullsweep_after.load())});
    Term min_heap =
        make_tuple(p, {atom::min_heap_size, make_small(SWord(gc.min_heap_size.load()))});
    Term min_vheap =
        make_tuple(p, {atom::min_bin_vheap_size, make_small(SWord(gc.min_bin_vheap_size.load()))});
    if (name == "fullsweep_after") return fullsweep;
    if (name == "min_heap_size") return min_heap;
    if (name == "min_bin_vheap_size") return min_vheap;
    if (name == "garbage_collection")
        return make_term_list(
            p, {make_tuple(p, {atom::max_heap_size, make_small(gc.max_heap_size.load())}),
                min_vheap, min_heap, fullsweep});
    if (name == "max_heap_size") return system_max_heap_size(p);
    if (name == "message_queue_data") return atom::on_heap;
    // Hamlet's emulator, like erts', runs threaded code: each instruction word is the
    // address of its handler (computed goto), not an index into a switch.
    if (name == "beam_jump_table") return atom::true_;
    if (name == "schedulers_state")
        return make_tuple(p, {make_small(sched), make_small(0), make_small(sched)});
    if (name == "scheduler_bind_type") return atom_of("unbound");
    if (name == "scheduler_bindings") {
        Term t = alloc_tuple(p, sched);
        for (unsigned i = 0; i < sched; ++i)
            tuple_elements(t)[i] = atom_of("unbound");
        return t;
    }
    if (name == "info" || name == "procs" || name == "loaded" || name == "dist_buf_busy_limit")
        return make_binary(p, "", 0);
    if (name == "check_io") return kNil;
    if (name == "c_compiler_used")
        return make_tuple(
            p, {atom_of("gnuc"), make_tuple(p, {make_small(12), make_small(2), make_small(0)})});
    if (name == "delayed_node_table_gc") return make_small(1);
    if (name == "dynamic_trace") return atom_of("none"); // no dtrace/SystemTap probes
    if (name == "dynamic_trace_probes") return atom::false_;
    // erl's +Bi: ^C ignored (user_drv's q then does not halt).
    if (name == "break_ignored") return tty::break_ignored() ? atom::true_ : atom::false_;
    if (name == "sequential_tracer")
        return make_tuple(p, {atom_of("sequential_tracer"), atom::false_});
    if (name == "outstanding_system_requests_limit")
        return make_small(outstanding_system_requests_limit());
    if (name == "snifs") return snifs(p);
    if (name == "ethread_info") return ethread_info(p);
    if (name == "modified_timing_level") return atom::undefined; // no erl +T
    if (name == "os_version") return os_version(p);
    if (name == "context_reductions") return make_small(Scheduler::kContextReductions);
    if (name == "heap_sizes") {
        std::vector<Term> sizes;
        for (size_t s : heap_sizes())
            sizes.push_back(make_uint64(p, s));
        return make_term_list(p, sizes);
    }
    if (name == "scheduler_id") {
        unsigned id = current_scheduler_id();
        return id ? make_small(id) : atom::undefined;
    }
    if (name == "run_queues" || name == "schedulers_active") return make_small(sched);
    if (name == "all_schedulers_state")
        return make_term_list(p, {make_tuple(p, {atom_of("normal"), make_small(sched),
                                                 make_small(sched), make_small(sched)}),
                                  make_tuple(p, {atom_of("dirty_cpu"), make_small(sched),
                                                 make_small(sched), make_small(sched)}),
                                  make_tuple(p, {atom_of("dirty_io"), make_small(10),
                                                 make_small(10), make_small(10)})});
    if (name == "normal_multi_scheduling_blockers") return kNil;
    if (name == "cpu_quota") return atom_of("unknown"); // no cgroup quota read
    if (name == "update_cpu_info") return atom_of("unchanged");
    if (name == "ets_always_compress") return atom::false_;
    if (name == "system_logger") return system_logger();
    return p->badarg();
}

// ---- erlang:statistics/1 ----

namespace {

std::mutex g_stats_mutex;
uint64_t g_last_reductions = 0, g_last_runtime_ms = 0, g_last_wall_ms = 0;
const uint64_t g_start_us = monotonic_us();

uint64_t cpu_ms() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return uint64_t(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
           uint64_t(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

// {Total, SinceLastCall}
Term total_and_delta(Process *p, uint64_t total, uint64_t &last) {
    std::lock_guard lock(g_stats_mutex);
    uint64_t delta = total - last;
    last = total;
    return make_tuple(p, {make_uint64(p, total), make_uint64(p, delta)});
}

} // namespace

Term erlang_statistics_1(Process *p, const Term *args) {
    Term item = args[0];
    if (!is_atom(item)) return p->badarg();
    std::string_view name = AtomTable::global().text(item);
    Scheduler &s = Scheduler::global();
    if (name == "reductions" || name == "exact_reductions")
        // As erts: the slices that have ended (the caller's current one is not counted).
        return total_and_delta(p, s.total_reductions(), g_last_reductions);
    if (name == "runtime") return total_and_delta(p, cpu_ms(), g_last_runtime_ms);
    if (name == "wall_clock")
        return total_and_delta(p, (monotonic_us() - g_start_us) / 1000, g_last_wall_ms);
    if (name == "run_queue" || name == "total_run_queue_lengths" ||
        name == "total_run_queue_lengths_all")
        return make_small(SWord(s.run_queue_length()));
    if (name == "total_active_tasks" || name == "total_active_tasks_all")
        return make_small(SWord(s.run_queue_length() + 1));
    if (name == "active_tasks" || name == "active_tasks_all" || name == "run_queue_lengths" ||
        name == "run_queue_lengths_all") {
        // Per scheduler; Hamlet counts the caller as active on the first.
        Term l = kNil;
        for (unsigned i = s.count(); i-- > 0;)
            l = make_cons(p, make_small(i == 0 && name.find("active") == 0 ? 1 : 0), l);
        return l;
    }
    if (name == "context_switches")
        return make_tuple(p, {make_uint64(p, s.context_switches()), make_small(0)});
    if (name == "garbage_collection")
        return make_tuple(p, {make_uint64(p, gc_counters().collections.load()),
                              make_uint64(p, gc_counters().words_reclaimed.load()), make_small(0)});
    if (name == "io")
        return make_tuple(p, {make_tuple(p, {atom_of("input"), make_small(0)}),
                              make_tuple(p, {atom_of("output"), make_small(0)})});
    if (name == "scheduler_wall_time" || name == "scheduler_wall_time_all") return atom::undefined;
    return p->badarg();
}

// ---- erlang:system_flag/2 ----

namespace {
// Where the VM's own log events go (erlang:system_flag(system_logger, _)): the process
// registered as logger by default, as on the BEAM.
std::atomic<Term> g_system_logger{kNonValue};
} // namespace

Term system_logger() {
    Term t = g_system_logger.load();
    return t == kNonValue ? *AtomTable::global().intern("logger") : t;
}

Term erlang_system_flag_2(Process *p, const Term *args) {
    Term flag = args[0], v = args[1];
    if (!is_atom(flag)) return p->badarg();
    std::string_view name = AtomTable::global().text(flag);
    if (name == "system_logger") {
        if (!is_local_pid(v) && v != atom::undefined && v != atom_of("logger")) return p->badarg();
        Term old = system_logger();
        g_system_logger.store(v);
        return old;
    }
    if (name == "max_heap_size") {
        // The max_heap_size of processes spawned from now on, as erts: at least the minimum
        // heap size (233 words) unless 0; the old setting as a map.
        int64_t size;
        bool kill, log;
        if (!parse_max_heap_size(v, &size, &kill, &log)) return p->badarg();
        GcDefaults &gc = gc_defaults();
        if (size != 0 && uint64_t(size) < gc.min_heap_size.load()) return p->badarg();
        Term old = max_heap_size_map(p, gc.max_heap_size.load(), gc.max_heap_kill.load(),
                                     gc.max_heap_log.load());
        gc.max_heap_size.store(size);
        gc.max_heap_kill.store(kill);
        gc.max_heap_log.store(log);
        return old;
    }
    if (name == "backtrace_depth") {
        if (!is_small(v) || small_value(v) < 0) return p->badarg();
        return make_small(set_backtrace_depth(int(std::min<SWord>(small_value(v), 64))));
    }
    if (name == "schedulers_online") {
        if (!is_small(v) || small_value(v) < 1 || small_value(v) > Scheduler::global().count())
            return p->badarg();
        return make_small(Scheduler::global().count()); // the count stays: see README
    }
    if (name == "multi_scheduling") return atom_of("enabled");
    if (name == "fullsweep_after" || name == "min_heap_size" || name == "min_bin_vheap_size") {
        if (!is_small(v) || small_value(v) < 0) return p->badarg();
        GcDefaults &gc = gc_defaults();
        if (name == "fullsweep_after")
            return make_small(gc.fullsweep_after.exchange(uint32_t(small_value(v))));
        size_t size = std::max<size_t>(next_heap_size(size_t(small_value(v))), 233);
        return make_small(SWord(name == "min_heap_size" ? gc.min_heap_size.exchange(size)
                                                        : gc.min_bin_vheap_size.exchange(size)));
    }
    if (name == "outstanding_system_requests_limit") {
        if (!is_small(v) || small_value(v) < 1 || small_value(v) > kMaxProcesses)
            return p->badarg();
        int64_t old = g_outstanding_system_requests_limit.exchange(small_value(v));
        return make_small(old ? old : 2 * int64_t(Scheduler::global().count()));
    }
    if (name == "trace_control_word") { // read by get_tcw in trace match specifications
        if (!is_small(v) || small_value(v) < 0 || uint64_t(small_value(v)) > UINT32_MAX)
            return p->badarg();
        return make_small(SWord(set_trace_control_word(uint32_t(small_value(v)))));
    }
    if (name == "scheduler_wall_time" || name == "time_offset" || name == "erts_alloc" ||
        name == "cpu_topology" || name == "dirty_cpu_schedulers_online" ||
        name == "microstate_accounting")
        return atom::false_;
    return p->badarg();
}

// erts_internal:system_check(schedulers): every scheduler answers a check request; in
// Hamlet the scheduler threads cannot be blocked by one process, so the check succeeds.
Term erts_internal_system_check_1(Process *p, const Term *args) {
    if (args[0] != atom_of("schedulers")) return p->badarg();
    return atom::ok;
}

// What error_logger:warning_msg/1,2 report as (erl's +W flag): warnings are warnings.
Term error_logger_warning_map_0(Process *, const Term *) {
    return atom_of("warning");
}

// Dynamic tracing tags (dtrace/SystemTap): Hamlet, like an erl built without VM probes (as
// Debian's is: system_info(dynamic_trace) is none), keeps no tag: reading one gives
// undefined, setting one is ignored, and the tag data functions return their argument.
Term erlang_dt_put_tag_1(Process *, const Term *) {
    return atom::undefined;
}
Term erlang_dt_get_tag_0(Process *, const Term *) {
    return atom::undefined;
}
Term erlang_dt_get_tag_data_0(Process *, const Term *) {
    return atom::undefined;
}
Term erlang_dt_prepend_vm_tag_data_1(Process *, const Term *args) {
    return args[0];
}
Term erlang_dt_append_vm_tag_data_1(Process *, const Term *args) {
    return args[0];
}

// Dynamic tracing tags (dtrace/SystemTap): Hamlet, like an erl built without VM probes, has
// no tag to spread, so both only check their argument.
Term erlang_dt_spread_tag_1(Process *p, const Term *args) {
    if (args[0] != atom::true_ && args[0] != atom::false_) return p->badarg();
    return atom::true_;
}

Term erlang_dt_restore_tag_1(Process *p, const Term *args) {
    if (args[0] != atom::true_) return p->badarg();
    return atom::true_;
}

} // namespace hamlet
