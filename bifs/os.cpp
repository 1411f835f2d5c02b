// The os module's BIFs: environment, process id, clocks, signal dispositions.
#include "bifs/bif.h"
#include "ports/open_port.h"
#include "ports/os_signals.h"
#include "vm/atom_table.h"
#include "vm/term_build.h"
#include "vm/utf8.h"

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <unistd.h>

extern char **environ;

namespace hamlet {

namespace {

std::mutex g_env_mutex; // setenv/getenv are not safe against each other

// An Erlang string (a list of character codes) as UTF-8 bytes; false if not a flat string.
bool string_arg(Term t, std::string &out) {
    for (; is_list(t); t = cdr(t)) {
        Term c = car(t);
        if (!is_small(c) || small_value(c) < 0 || small_value(c) > 0x10FFFF) return false;
        uint32_t cp = uint32_t(small_value(c));
        if (cp == 0) return false; // the environment cannot hold NUL
        append_utf8(out, cp);
    }
    return is_nil(t);
}

int64_t system_ns() {
    using namespace std::chrono;
    return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

// For ports' children (ports/spawn_driver.cpp): a copy taken under the environment's lock.
std::vector<std::string> os_environment() {
    std::lock_guard lock(g_env_mutex);
    std::vector<std::string> env;
    for (char **e = environ; *e; ++e)
        env.emplace_back(*e);
    return env;
}

Term os_getenv_1(Process *p, const Term *args) {
    std::string name;
    if (!string_arg(args[0], name)) return p->badarg();
    std::lock_guard lock(g_env_mutex);
    const char *v = std::getenv(name.c_str());
    return v ? make_string(p, v) : atom::false_;
}

// [{Name, Value}] of the whole environment (os:getenv/0 is the real os.erl over it).
Term os_env_0(Process *p, const Term *) {
    std::lock_guard lock(g_env_mutex);
    Term l = kNil;
    for (char **e = environ; *e; ++e) {
        std::string_view entry(*e);
        size_t eq = entry.find('=', 1);
        if (eq == std::string_view::npos) continue;
        l = make_cons(p,
                      make_tuple(p, {make_string(p, entry.substr(0, eq)),
                                     make_string(p, entry.substr(eq + 1))}),
                      l);
    }
    return l;
}

Term os_putenv_2(Process *p, const Term *args) {
    std::string name, value;
    if (!string_arg(args[0], name) || !string_arg(args[1], value) || name.empty() ||
        name.find('=') != std::string::npos)
        return p->badarg();
    std::lock_guard lock(g_env_mutex);
    setenv(name.c_str(), value.c_str(), 1);
    return atom::true_;
}

Term os_unsetenv_1(Process *p, const Term *args) {
    std::string name;
    if (!string_arg(args[0], name)) return p->badarg();
    std::lock_guard lock(g_env_mutex);
    unsetenv(name.c_str());
    return atom::true_;
}

Term os_getpid_0(Process *p, const Term *) {
    return make_string(p, std::to_string(getpid()));
}

// The OS's system time is Erlang's system time in Hamlet.
Term os_timestamp_0(Process *p, const Term *args) {
    return erlang_timestamp_0(p, args);
}

Term os_system_time_0(Process *p, const Term *) {
    return make_int64(p, system_ns());
}

Term os_system_time_1(Process *p, const Term *args) {
    Term unit = args[0];
    int64_t ns = system_ns();
    static auto &atoms = AtomTable::global();
    if (unit == *atoms.intern("second") || unit == *atoms.intern("seconds"))
        return make_int64(p, ns / 1'000'000'000);
    if (unit == *atoms.intern("millisecond") || unit == *atoms.intern("milli_seconds"))
        return make_int64(p, ns / 1'000'000);
    if (unit == *atoms.intern("microsecond") || unit == *atoms.intern("micro_seconds"))
        return make_int64(p, ns / 1000);
    if (unit == *atoms.intern("nanosecond") || unit == *atoms.intern("native") ||
        unit == *atoms.intern("nano_seconds"))
        return make_int64(p, ns);
    if (is_small(unit) && small_value(unit) > 0)
        return make_int64(p, int64_t(__int128(ns) * small_value(unit) / 1'000'000'000));
    return p->badarg();
}

Term os_perf_counter_0(Process *p, const Term *) {
    using namespace std::chrono;
    return make_int64(p,
                      duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count());
}

// os:set_signal(Signal, handle | ignore | default) (ports/os_signals.h).
Term os_set_signal_2(Process *p, const Term *args) {
    auto &atoms = AtomTable::global();
    if (args[1] != *atoms.intern("handle") && args[1] != *atoms.intern("ignore") &&
        args[1] != *atoms.intern("default"))
        return p->badarg_cause(*atoms.intern("badopt"));
    if (!os_set_signal(args[0], args[1])) return p->badarg();
    return atom::ok;
}

} // namespace hamlet
