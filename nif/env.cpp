// Environments without a process (enif_alloc_env: a scratch heap usable from any thread),
// copying terms between environments, messages (enif_send from schedulers, dirty jobs and
// threads of the library's own), processes, memory, system information and time.
#include "nif/nif.h"

#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/process_table.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <thread>

using namespace hamlet;
using namespace hamlet::nif;

ErlNifEnv *enif_alloc_env(void) {
    auto *env = new ErlNifEnv(new_scratch_heap(atom::undefined), nullptr, kNonValue, nullptr,
                              EnvKind::Independent);
    env->owns_heap = true;
    return env;
}

void enif_free_env(ErlNifEnv *env) {
    delete env;
}

void enif_clear_env(ErlNifEnv *env) {
    env->free_temp();
    delete env->heap;
    env->heap = new_scratch_heap(atom::undefined);
    env->exception_thrown = false;
    env->exception = kNonValue;
}

ERL_NIF_TERM enif_make_copy(ErlNifEnv *dst_env, ERL_NIF_TERM src_term) {
    size_t words = copy_size(src_term);
    if (!words) return src_term;
    Process *h = dst_env->heap;
    return copy_term(src_term, h->alloc(words), h->off_heap);
}

int enif_send(ErlNifEnv *env, const ErlNifPid *to_pid, ErlNifEnv *msg_env, ERL_NIF_TERM msg) {
    Term pid = to_pid->pid;
    if (!is_local_pid(pid)) return 0;
    // A sender that is itself exiting sends nothing (erts' rule).
    if (env && env->proc && env->proc->pending_exit != kNonValue) return 0;
    if (!ProcessTable::global().lookup(pid)) return 0;
    send_message(pid, msg); // copies the message; safe from any thread
    if (msg_env) enif_clear_env(msg_env);
    return 1;
}

ErlNifPid *enif_self(ErlNifEnv *caller_env, ErlNifPid *pid) {
    if (!caller_env || caller_env->self == kNonValue || !is_local_pid(caller_env->self))
        return nullptr;
    pid->pid = caller_env->self;
    return pid;
}

int enif_is_process_alive(ErlNifEnv *, ErlNifPid *pid) {
    return is_local_pid(pid->pid) && bool(ProcessTable::global().lookup(pid->pid));
}

int enif_is_current_process_alive(ErlNifEnv *env) {
    if (!env || !is_local_pid(env->self)) return 0;
    if (env->proc) return env->proc->pending_exit == kNonValue;
    return bool(ProcessTable::global().lookup(env->self)); // a dirty job's process
}

int enif_whereis_pid(ErlNifEnv *, ERL_NIF_TERM name, ErlNifPid *pid) {
    if (!is_atom(name)) return 0;
    Term p = ProcessTable::global().whereis(name);
    if (!is_local_pid(p)) return 0;
    pid->pid = p;
    return 1;
}

void *enif_priv_data(ErlNifEnv *env) {
    return env && env->lib ? env->lib->priv_data : nullptr;
}

// ---- memory ----

void *enif_alloc(size_t size) {
    return std::malloc(size);
}

void *enif_realloc(void *ptr, size_t size) {
    return std::realloc(ptr, size);
}

void enif_free(void *ptr) {
    std::free(ptr);
}

// ---- system ----

void enif_system_info(ErlNifSysInfo *sip, size_t si_size) {
    // Filled as far as the caller's struct reaches (older headers have fewer fields).
    ErlNifSysInfo info{};
    info.driver_major_version = 3;
    info.driver_minor_version = 3;
    info.erts_version = const_cast<char *>("13.1.5");
    info.otp_release = const_cast<char *>("25");
    info.thread_support = 1;
    info.smp_support = 1;
    info.async_threads = 1;
    info.scheduler_threads = int(std::max(1u, std::thread::hardware_concurrency()));
    info.nif_major_version = ERL_NIF_MAJOR_VERSION;
    info.nif_minor_version = ERL_NIF_MINOR_VERSION;
    info.dirty_scheduler_support = 1;
    std::memcpy(sip, &info, std::min(si_size, sizeof info));
}

int enif_getenv(const char *key, char *value, size_t *value_size) {
    const char *v = std::getenv(key);
    if (!v) return -1;
    size_t len = std::strlen(v);
    if (len >= *value_size) {
        *value_size = *value_size - 1; // what erts reports: the room there was, not the need
        return 1;
    }
    std::memcpy(value, v, len + 1);
    *value_size = len;
    return 0;
}

// ---- time (the clocks behind erlang:monotonic_time/1 and os:system_time/1) ----

namespace {

int64_t per_second(ErlNifTimeUnit unit) {
    switch (unit) {
    case ERL_NIF_SEC:
        return 1;
    case ERL_NIF_MSEC:
        return 1000;
    case ERL_NIF_USEC:
        return 1000000;
    case ERL_NIF_NSEC:
        return 1000000000;
    }
    return 0;
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

ErlNifTime enif_monotonic_time(ErlNifTimeUnit unit) {
    int64_t d = per_second(unit);
    if (!d) return ERL_NIF_TIME_ERROR;
    return int64_t(__int128(monotonic_ns()) * d / 1000000000);
}

ErlNifTime enif_time_offset(ErlNifTimeUnit unit) {
    int64_t d = per_second(unit);
    if (!d) return ERL_NIF_TIME_ERROR;
    return int64_t(__int128(system_ns() - monotonic_ns()) * d / 1000000000);
}

ErlNifTime enif_convert_time_unit(ErlNifTime val, ErlNifTimeUnit from, ErlNifTimeUnit to) {
    int64_t f = per_second(from), t = per_second(to);
    if (!f || !t) return ERL_NIF_TIME_ERROR;
    __int128 v = __int128(val) * t;
    // Rounds towards negative infinity, as erts' conversions do.
    __int128 q = v / f;
    if ((v % f != 0) && ((v < 0) != (f < 0))) --q;
    return int64_t(q);
}

ERL_NIF_TERM enif_now_time(ErlNifEnv *env) {
    static std::atomic<int64_t> last_us{0};
    int64_t us = system_ns() / 1000;
    // erlang:now/0 never gives the same value twice.
    int64_t prev = last_us.load();
    do {
        if (us <= prev) us = prev + 1;
    } while (!last_us.compare_exchange_weak(prev, us));
    return make_tuple(env->heap, {make_small(us / 1000000000000),
                                  make_small(us / 1000000 % 1000000), make_small(us % 1000000)});
}

ERL_NIF_TERM enif_cpu_time(ErlNifEnv *env) {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    int64_t us = int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
    return make_tuple(env->heap, {make_small(us / 1000000000000),
                                  make_small(us / 1000000 % 1000000), make_small(us % 1000000)});
}

ERL_NIF_TERM enif_make_unique_integer(ErlNifEnv *env, ErlNifUniqueInteger properties) {
    // The counter of erlang:unique_integer/1, through the BIF itself.
    static const Term kPositive = *AtomTable::global().intern("positive");
    static const Term kMonotonic = *AtomTable::global().intern("monotonic");
    Term opts = kNil;
    if (properties & ERL_NIF_UNIQUE_POSITIVE) opts = make_cons(env->heap, kPositive, opts);
    if (properties & ERL_NIF_UNIQUE_MONOTONIC) opts = make_cons(env->heap, kMonotonic, opts);
    return erlang_unique_integer_1(env->heap, &opts);
}
