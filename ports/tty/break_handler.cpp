#include "ports/tty/break_handler.h"

#include "ports/io_thread.h"
#include "ports/tty/terminal.h"
#include "vm/crash_dump.h"

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <sys/select.h>
#include <thread>
#include <unistd.h>

namespace hamlet::tty {

namespace {

const char kHelp[] = "BREAK: (a)bort (A)bort with dump (c)ontinue (p)roc info (i)nfo\n"
                     "       (l)oaded (v)ersion (k)ill (D)b-tables (d)istribution\n";

BreakMode g_mode = BreakMode::Menu;
bool g_replace_intr = false;
std::atomic<bool> g_requested{false}; // from the first SIGINT until the menu is done
int g_wake[2] = {-1, -1};             // the handler's byte to the break thread

std::mutex g_menu_mutex;
std::condition_variable g_menu_cv;
bool g_menu_up = false; // guarded by g_menu_mutex

void on_sigint(int) {
    if (g_requested.exchange(true)) {
        // A second ^C while the first is handled: out at once, as erts' ERTS_INTR_EXIT.
        restore_initial_mode();
        _exit(0);
    }
    int saved = errno;
    char c = 0;
    (void)!write(g_wake[1], &c, 1);
    errno = saved;
}

// erts' printf to standard output turns each \n into \r\n (the terminal may be raw).
void print(const std::string &text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out.push_back('\r');
        out.push_back(c);
    }
    std::fflush(stdout);
    for (size_t done = 0; done < out.size();) {
        ssize_t n = ::write(1, out.data() + done, out.size() - done);
        if (n > 0) {
            done += size_t(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            fd_set w;
            FD_ZERO(&w);
            FD_SET(1, &w);
            select(2, nullptr, &w, nullptr, nullptr);
        } else {
            return;
        }
    }
}

// One key from standard input: the first byte of what one read gives (a whole line when
// the terminal is in its usual canonical mode); 0 or less at the end or on an error.
int get_key() {
    for (;;) {
        fd_set r;
        FD_ZERO(&r);
        FD_SET(0, &r);
        int s = select(1, &r, nullptr, nullptr, nullptr);
        if (s < 0 && errno == EINTR) continue;
        if (s < 0) return -1;
        unsigned char buf[64];
        ssize_t n = ::read(0, buf, sizeof buf);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        return n <= 0 ? int(n) : buf[0];
    }
}

[[noreturn]] void exit_now(int status) {
    restore_initial_mode();
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(status);
}

// The menu, on the I/O thread. Returns when the VM goes on.
void run_menu() {
    termios current{}, initial{};
    bool switched = false;
    if ((mode_changed() || g_replace_intr) && isatty(0) && initial_mode(&initial) &&
        tcgetattr(0, &current) == 0) {
        tcsetattr(0, TCSANOW, &initial); // during the menu, the settings the VM found
        switched = true;
    }
    print(std::string("\n") + kHelp);
    for (bool again = true; again;) {
        int key = get_key();
        if (key <= 0) exit_now(0);
        again = false;
        switch (key) {
        case 'q':
        case 'a':
        case '*':
            exit_now(0);
        case 'A': {
            // erts: "Crash dump requested by user", a crash dump, then abort().
            print("Crash dump requested by user\n");
            write_crash_dump("Crash dump requested by user");
            restore_initial_mode();
            std::abort();
        }
        case 'c':
            break;
        case 'v':
            print("Erlang (BEAM) emulator version 13.1.5\n");
            break;
        case 'p':
        case 'i':
        case 'l':
        case 'k':
        case 'D':
        case 'd':
        case 'o':
        case 'm':
            // erts prints its process, port, memory, module, ETS or distribution tables
            // here; Hamlet does not (README, differences from the BEAM).
            print("Hamlet: this BREAK menu item is not implemented\n");
            break;
        case '\n':
            again = true;
            break;
        default:
            print(std::string("Invalid option '") + char(key) +
                  "'. Please enter one of the following:\n" + kHelp);
            again = true;
            break;
        }
    }
    g_requested.store(false);
    std::fflush(stdout);
    if (switched) tcsetattr(0, TCSANOW, &current);
}

// Waits for the handler's bytes and runs the menu on the I/O thread (no port reads the
// terminal while it is up).
void break_thread() {
    for (;;) {
        char c;
        ssize_t n = ::read(g_wake[0], &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        {
            std::lock_guard lock(g_menu_mutex);
            g_menu_up = true;
        }
        IoThread::global().run_and_wait(run_menu);
        {
            std::lock_guard lock(g_menu_mutex);
            g_menu_up = false;
        }
        g_menu_cv.notify_all();
    }
}

} // namespace

void install_break_handler(BreakMode mode, bool replace_intr) {
    g_mode = mode;
    g_replace_intr = replace_intr;
    if (mode == BreakMode::Ignored) {
        std::signal(SIGINT, SIG_IGN);
        std::signal(SIGQUIT, SIG_IGN);
        std::signal(SIGTSTP, SIG_IGN);
    } else if (mode == BreakMode::Menu && pipe2(g_wake, O_CLOEXEC) == 0) {
        std::thread(break_thread).detach();
        struct sigaction sa {};
        sa.sa_handler = on_sigint;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGINT, &sa, nullptr);
    }
    if (replace_intr && isatty(0)) {
        termios t{};
        if (tcgetattr(0, &t) == 0) {
            note_mode_changed();
            t.c_cc[VINTR] = 0; // ^C is a plain character
            tcsetattr(0, TCSANOW, &t);
        }
    }
}

bool break_ignored() {
    return g_mode == BreakMode::Ignored;
}

bool wait_while_break_menu() {
    std::unique_lock lock(g_menu_mutex);
    if (!g_menu_up) return false;
    g_menu_cv.wait(lock, [] { return !g_menu_up; });
    return true;
}

} // namespace hamlet::tty
