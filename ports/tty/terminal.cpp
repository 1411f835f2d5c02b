#include "ports/tty/terminal.h"

#include <atomic>
#include <csignal>
#include <mutex>
#include <unistd.h>

namespace hamlet::tty {

namespace {

// Written once before any other thread starts; read by signal handlers.
termios g_initial{};
bool g_have_initial = false;
std::atomic<bool> g_changed{false};

// Signals that end the process (their default action), and what handled them before us.
// SIGINT is one of them only when no break handler took it (+Bd).
constexpr int kFatalSignals[] = {SIGTERM, SIGHUP,  SIGQUIT, SIGSEGV, SIGBUS, SIGFPE,
                                 SIGILL,  SIGABRT, SIGTRAP, SIGSYS,  SIGINT};
struct sigaction g_previous[sizeof(kFatalSignals) / sizeof(kFatalSignals[0])];

void on_fatal_signal(int sig) {
    restore_initial_mode();
    // Let the signal take its previous course: put that disposition back and raise the
    // signal again; it is delivered when this handler returns (or, for a fault, the
    // instruction runs again under the old handler).
    for (size_t i = 0; i < sizeof(kFatalSignals) / sizeof(kFatalSignals[0]); ++i)
        if (kFatalSignals[i] == sig) sigaction(sig, &g_previous[i], nullptr);
    raise(sig);
}

void install_fatal_handlers() {
    for (size_t i = 0; i < sizeof(kFatalSignals) / sizeof(kFatalSignals[0]); ++i) {
        struct sigaction sa {};
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        struct sigaction old {};
        sigaction(kFatalSignals[i], nullptr, &old);
        // A signal the process ignores (SIGHUP under nohup) stays ignored; a handler of
        // the VM's own stays (SIGINT's break handler; SIGTERM and SIGQUIT when they go to
        // erl_signal_server, ports/os_signals.h).
        int sig = kFatalSignals[i];
        bool vm_handles = sig == SIGINT || sig == SIGTERM || sig == SIGQUIT;
        if (old.sa_handler == SIG_IGN || (vm_handles && old.sa_handler != SIG_DFL)) {
            g_previous[i] = old;
            continue;
        }
        sigaction(kFatalSignals[i], &sa, &g_previous[i]);
    }
}

} // namespace

void save_initial_mode() {
    g_have_initial = isatty(0) && tcgetattr(0, &g_initial) == 0;
}

bool initial_mode(termios *out) {
    if (!g_have_initial) return false;
    *out = g_initial;
    return true;
}

void note_mode_changed() {
    static std::once_flag once;
    std::call_once(once, install_fatal_handlers);
    g_changed.store(true);
}

bool mode_changed() {
    return g_changed.load();
}

void restore_initial_mode() {
    if (g_have_initial && g_changed.load()) tcsetattr(0, TCSANOW, &g_initial);
}

} // namespace hamlet::tty
