#include "ports/os_signals.h"

#include "ports/io_thread.h"
#include "ports/port.h"
#include "vm/atom_table.h"
#include "vm/process_table.h"
#include "vm/term_build.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <thread>
#include <unistd.h>

namespace hamlet {

namespace {

// The signals os:set_signal/2 accepts, as erts names them. SIGCHLD is listed but never
// changed: libuv needs it to see port programs exit (erts ignores it).
struct Named {
    const char *name;
    int number;
};
constexpr Named kSignals[] = {
    {"sighup", SIGHUP},   {"sigquit", SIGQUIT}, {"sigabrt", SIGABRT}, {"sigalrm", SIGALRM},
    {"sigterm", SIGTERM}, {"sigusr1", SIGUSR1}, {"sigusr2", SIGUSR2}, {"sigchld", SIGCHLD},
    {"sigstop", SIGSTOP}, {"sigtstp", SIGTSTP},
};

int g_pipe[2] = {-1, -1};

void on_signal(int number) {
    int saved = errno;
    unsigned char byte = (unsigned char)number;
    (void)!write(g_pipe[1], &byte, 1);
    errno = saved;
}

const char *name_of(int number) {
    for (const Named &s : kSignals)
        if (s.number == number) return s.name;
    return nullptr;
}

// erl_signal_server ! {notify, Signal}, from the I/O thread.
void notify(int number) {
    const char *name = name_of(number);
    if (!name) return;
    IoThread::global().post([name] {
        auto &atoms = AtomTable::global();
        Term server = ProcessTable::global().whereis(*atoms.intern("erl_signal_server"));
        if (!is_local_pid(server)) return; // before kernel starts it, as on erts: dropped
        Process &h = io_heap();
        send_io_message(server, make_tuple(&h, {*atoms.intern("notify"), *atoms.intern(name)}));
    });
}

void dispatch() {
    for (;;) {
        unsigned char byte;
        ssize_t n = read(g_pipe[0], &byte, 1);
        if (n == 1) {
            notify(byte);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            return;
        }
    }
}

} // namespace

void os_signals_init(bool quit_handled) {
    if (pipe(g_pipe) != 0) return; // no notifications: signals keep their default action
    fcntl(g_pipe[0], F_SETFD, FD_CLOEXEC);
    fcntl(g_pipe[1], F_SETFD, FD_CLOEXEC);
    fcntl(g_pipe[1], F_SETFL, O_NONBLOCK); // a flood of signals must not block the handler
    std::thread(dispatch).detach();
    set_signal_handler(SIGTERM, on_signal);
    set_signal_handler(SIGUSR1, on_signal);
    if (quit_handled) set_signal_handler(SIGQUIT, on_signal);
}

void set_signal_handler(int number, void (*handler)(int)) {
    struct sigaction sa {};
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(number, &sa, nullptr);
}

bool os_set_signal(Term signal, Term how) {
    if (!is_atom(signal)) return false;
    std::string_view text = AtomTable::global().text(signal);
    int number = 0;
    for (const Named &s : kSignals)
        if (text == s.name) number = s.number;
    if (!number) return false;
    // SIGSTOP cannot be caught or ignored (sigaction fails, as under erts); SIGCHLD is
    // libuv's.
    if (number == SIGCHLD || g_pipe[1] < 0) return true;
    static const Term kIgnore = *AtomTable::global().intern("ignore"),
                      kDefault = *AtomTable::global().intern("default");
    set_signal_handler(number, how == kIgnore ? SIG_IGN : how == kDefault ? SIG_DFL : on_signal);
    return true;
}

} // namespace hamlet
