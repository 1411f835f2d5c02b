// The terminal driver tty_sl ({spawn, 'tty_sl -c -e'}), opened by OTP 25's user_drv for
// erl's shell on a terminal and by Elixir's IEx.CLI. It behaves as erts' ttsl_drv.c:
//
//   open      fails with einval unless fds 0 and 1 are terminals and $TERM's termcap entry
//             can move the cursor up and right (TERM=dumb cannot), or when the driver is
//             already open (one instance; closing it makes it available again at once, as
//             iex's probe needs). "-c" turns canonical mode (line editing, CR to NL, output
//             processing) off, "-e" echo; "+x" turns one on, "s" is signals; another word
//             names a terminal device to use instead of standard input.
//   commands  one per port_command, the first byte the operation: 0 write text, 1 move the
//             cursor n characters (2 bytes, big-endian signed), 2 insert text, 3 delete n
//             characters (n < 0 before the cursor), 4 beep, 5 write text and answer
//             {Port, ok} once the output queue is under 1024 bytes (user_drv waits for that
//             before it sends anything else). Drawing: ports/tty/screen_line.h.
//   control   16#018b0900 + 100: window size (8 bytes, native 32-bit width and height);
//             + 101: unicode state ([1] in UTF-8 mode); + 102 with [0|1]: sets it, answers
//             the previous one.
//   input     {Port, {data, Bytes}}, each read of up to 1024 bytes. In UTF-8 mode the
//             bytes are checked: an incomplete sequence at the end waits for the next read,
//             an invalid one switches the driver to latin1 mode for good (erts drops the
//             valid part of that read, and so do we); in latin1 mode each byte is sent as
//             the UTF-8 of that code point.
//
// The terminal is opened again by name (a new open file description, non-blocking), so that
// the driver can read and write without blocking on the I/O thread while fds 0, 1 and 2,
// which other parts of the VM and other programs share, stay blocking. Its termios settings
// are the device's, so raw mode is that of standard input. Everything runs on the I/O
// thread (a libuv poll handle); the one signal handler re-applies raw mode (SIGCONT). The
// window's width is read before each drawing, so SIGWINCH needs no handler.
// ports/tty/terminal.h restores the terminal when the VM ends.
#include "ports/driver.h"
#include "ports/io_thread.h"
#include "ports/open_port.h"
#include "ports/os_signals.h"
#include "ports/tty/screen_line.h"
#include "ports/tty/terminal.h"
#include "vm/atom_table.h"
#include "vm/term_build.h"

#include <atomic>
#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <langinfo.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <termcap.h>
#include <termios.h>
#include <unistd.h>
#include <uv.h>

namespace hamlet {

namespace {

constexpr uint32_t kControlMagic = 0x018b0900;
constexpr uint32_t kGetWinsize = 100, kGetUnicodeState = 101, kSetUnicodeState = 102;
constexpr size_t kBufferSize = 1024; // reads, and the PUTC_SYNC acknowledgement threshold
constexpr int kMaxLine = 1 << 16;    // a longer line gets a forced newline
enum Op : char { kPutc = 0, kMove = 1, kInsc = 2, kDelc = 3, kBeep = 4, kPutcSync = 5 };

// ---- what the signal handlers see ----

std::atomic<int> g_signal_fd{-1}; // the open terminal, -1 when closed
termios g_raw_mode{};             // written before g_signal_fd is set

void on_sigcont(int) {
    int fd = g_signal_fd.load();
    if (fd >= 0) tcsetattr(fd, TCSANOW, &g_raw_mode); // back from ^Z: raw mode again
}

// ---- termcap ----

thread_local std::string *g_tputs_out = nullptr;

int tputs_char(int c) {
    g_tputs_out->push_back(char(c));
    return c;
}

// A termcap string with its padding applied (tputs), as erts writes it each time.
std::string expand(const char *cap) {
    std::string s;
    g_tputs_out = &s;
    tputs(cap, 1, tputs_char);
    g_tputs_out = nullptr;
    return s;
}

// $TERM's capabilities, as erts' start_termcap reads them; false if the terminal cannot
// move the cursor (no entry, or no up/nd).
bool read_termcap(const std::string &term, tty::TermCaps &caps) {
    if (tgetent(nullptr, term.c_str()) <= 0) return false;
    char area[1024];
    char *p = area;
    caps.cols = tgetnum("co");
    if (caps.cols <= 0) caps.cols = 80;
    caps.xn = tgetflag("xn") > 0;
    const char *up = tgetstr("up", &p);
    const char *down = tgetstr("do", &p);
    const char *left = tgetflag("bs") > 0 ? "\b" : tgetstr("bc", &p);
    const char *right = tgetstr("nd", &p);
    if (!up || !right) return false;
    caps.up = expand(up);
    caps.down = down ? expand(down) : "\n";
    caps.left = left ? expand(left) : "\b";
    caps.right = expand(right);
    return true;
}

// $TERM from the VM's environment (os:putenv included).
bool term_name(std::string &out) {
    for (const auto &e : os_environment())
        if (e.rfind("TERM=", 0) == 0) {
            out = e.substr(5);
            return true;
        }
    return false;
}

// The locale's LC_CTYPE for the I/O thread (isprint and wcwidth in screen_line.cpp), as
// erts' setlocale(LC_CTYPE, ""); whether its code set is UTF-8. The process-wide locale is
// left alone: other threads are running.
bool use_environment_locale(bool current) {
    static locale_t in_use = locale_t(0);
    locale_t loc = newlocale(LC_CTYPE_MASK, "", locale_t(0));
    if (!loc) return current; // erts keeps the mode it had
    uselocale(loc);
    if (in_use) freelocale(in_use);
    in_use = loc;
    return std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

class TtySlDriver;
TtySlDriver *g_open_driver = nullptr; // the one instance (I/O thread only)
bool g_utf8_mode = false;             // erts keeps it between instances

class TtySlDriver final : public PortDriver {
  public:
    Term start(Port &port, const PortOptions &opts) override {
        const Term kEinval = atom_of("einval");
        if (g_open_driver || !isatty(0) || !isatty(1)) return kEinval;
        int canon = 0, echo = 0, sig = 0;
        std::string device;
        // The words after the driver's name: +x/-x flags, or a device.
        size_t at = opts.command.find(' ');
        while (at != std::string::npos) {
            size_t end = opts.command.find(' ', at + 1);
            std::string w = opts.command.substr(at + 1, end == std::string::npos ? std::string::npos
                                                                                 : end - at - 1);
            at = end;
            if (!w.empty() && (w[0] == '+' || w[0] == '-')) {
                int flag = w[0] == '+' ? 1 : -1;
                char what = w.size() > 1 ? w[1] : 0;
                if (what == 'c') canon = flag;
                if (what == 'e') echo = flag;
                if (what == 's') sig = flag;
            } else {
                device = w; // erts opens it (and fails for an empty word)
                if (w.empty()) return kEinval;
            }
        }
        fd_ = open_terminal(device);
        if (fd_ < 0) return kEinval;
        tty::TermCaps caps;
        std::string term;
        if (tcgetattr(fd_, &saved_) != 0 || !term_name(term) || !read_termcap(term, caps)) {
            ::close(fd_);
            return kEinval;
        }
        raw_ = raw_settings(saved_, canon, echo, sig);
        tty::note_mode_changed();
        if (tcsetattr(fd_, TCSANOW, &raw_) != 0) {
            tcsetattr(fd_, TCSANOW, &saved_);
            ::close(fd_);
            return kEinval;
        }
        g_utf8_mode = use_environment_locale(g_utf8_mode);
        line_.emplace(caps, g_utf8_mode);
        g_raw_mode = raw_;
        g_signal_fd.store(fd_);
        set_signal_handler(SIGCONT, on_sigcont);

        port_ = &port;
        poll_ = new uv_poll_t;
        uv_poll_init(IoThread::global().loop(), poll_, fd_);
        poll_->data = this;
        uv_poll_start(poll_, UV_READABLE, on_poll);
        IoThread::global().hold(); // input may come at any time while the terminal is open
        g_open_driver = this;
        return kNonValue;
    }

    void output(Port &port, std::string data) override {
        if (data.empty() || stopped_) return;
        char op = data[0];
        std::string_view payload(data.data() + 1, data.size() - 1);
        bool was_empty = queued_ == 0;
        update_cols();
        std::string out;
        if (line_->cursor() > kMaxLine) line_->put_chars("\n", out);
        switch (op) {
        case kPutc:
        case kPutcSync:
            line_->put_chars(payload, out);
            break;
        case kMove:
            if (payload.size() >= 2) line_->move_rel(int16_arg(payload), out);
            break;
        case kInsc:
            line_->insert_chars(payload, out);
            break;
        case kDelc:
            if (payload.size() >= 2) line_->delete_chars(int16_arg(payload), out);
            break;
        case kBeep:
            out.push_back('\a');
            break;
        default: // unknown operations are ignored
            break;
        }
        enqueue(std::move(out));
        if (was_empty && !write_queue(port)) return; // the port failed
        if (op == kPutcSync) {
            if (queued_ > kBufferSize && !closing_)
                ack_owed_ = true; // sent when the queue drains
            else
                port.send_to_connected(atom::ok);
        }
    }

    bool control(Port &, uint32_t op, std::string_view data, std::string &reply, bool &) override {
        switch (op - kControlMagic) {
        case kGetWinsize: {
            uint32_t w = 80, h = 24;
            struct winsize ws {};
            if (ioctl(fd_, TIOCGWINSZ, &ws) == 0) {
                w = ws.ws_col ? ws.ws_col : 80;
                h = ws.ws_row ? ws.ws_row : 24;
            }
            reply.assign(reinterpret_cast<const char *>(&w), 4);
            reply.append(reinterpret_cast<const char *>(&h), 4);
            return true;
        }
        case kGetUnicodeState:
            reply.assign(1, char(line_->utf8() ? 1 : 0));
            return true;
        case kSetUnicodeState:
            if (data.empty()) return true; // an empty answer
            reply.assign(1, char(line_->utf8() ? 1 : 0));
            g_utf8_mode = data[0] != 0;
            line_->set_utf8(g_utf8_mode);
            return true;
        default:
            return false;
        }
    }

    size_t queued() const override { return queued_; }

    // The port closes with output queued: it goes once the queue is written.
    void flush(Port &) override { closing_ = true; }

    void stop(Port &) override {
        if (stopped_) return;
        stopped_ = true;
        uv_close(reinterpret_cast<uv_handle_t *>(poll_),
                 [](uv_handle_t *h) { delete reinterpret_cast<uv_poll_t *>(h); });
        poll_ = nullptr;
        g_signal_fd.store(-1);
        set_signal_handler(SIGCONT, SIG_DFL);
        tcsetattr(fd_, TCSANOW, &saved_);
        ::close(fd_);
        fd_ = -1;
        queue_.clear();
        queued_ = 0;
        g_open_driver = nullptr;
        IoThread::global().release();
    }

  private:
    // The terminal standard input is (or `device`), opened anew, non-blocking.
    static int open_terminal(const std::string &device) {
        int flags = O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
        if (!device.empty()) return ::open(device.c_str(), flags);
        char name[256];
        int fd = -1;
        if (ttyname_r(0, name, sizeof name) == 0) fd = ::open(name, flags);
        if (fd < 0) fd = ::open("/proc/self/fd/0", flags);
        if (fd >= 0 && !isatty(fd)) {
            ::close(fd);
            fd = -1;
        }
        return fd;
    }

    // tty_sl's settings from the saved ones: -c/+c canonical mode, -e/+e echo, -s/+s
    // signals; ISTRIP always off.
    static termios raw_settings(termios t, int canon, int echo, int sig) {
        t.c_iflag &= ~tcflag_t(ISTRIP);
        if (canon > 0) {
            t.c_iflag |= ICRNL;
            t.c_lflag |= ICANON;
            t.c_oflag |= OPOST;
        } else if (canon < 0) {
            t.c_iflag &= ~tcflag_t(ICRNL);
            t.c_lflag &= ~tcflag_t(ICANON);
            t.c_oflag &= ~tcflag_t(OPOST);
            t.c_cc[VMIN] = 1;
            t.c_cc[VTIME] = 0;
        }
        if (echo > 0) t.c_lflag |= ECHO;
        if (echo < 0) t.c_lflag &= ~tcflag_t(ECHO);
        const tcflag_t in_sig = BRKINT | IGNPAR | ICRNL | IXON | IXANY;
        if (sig > 0) {
            t.c_iflag |= in_sig;
            t.c_lflag |= ISIG | IEXTEN;
        } else if (sig < 0) {
            t.c_iflag &= ~in_sig;
            t.c_lflag &= ~tcflag_t(ISIG | IEXTEN);
        }
        return t;
    }

    static int int16_arg(std::string_view p) {
        return int16_t(
            uint16_t(static_cast<unsigned char>(p[0]) << 8 | static_cast<unsigned char>(p[1])));
    }

    // The width is read again before each drawing. erts reads it only after a SIGWINCH, but
    // the signal may be handled after the next keys are echoed (a resize then typing at once
    // drew the line at the old width); one ioctl per output command costs nothing a person
    // could see.
    void update_cols() {
        struct winsize ws {};
        if (ioctl(fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && int(ws.ws_col) != line_->cols())
            line_->set_cols(ws.ws_col);
    }

    void enqueue(std::string bytes) {
        if (bytes.empty()) return;
        queued_ += bytes.size();
        queue_.push_back(std::move(bytes));
    }

    // Writes what the terminal takes now; waits for it to be writable if it takes less.
    // False if the port failed.
    bool write_queue(Port &port) {
        while (!queue_.empty()) {
            iovec iov[16];
            int n = 0;
            size_t skip = head_written_;
            for (auto it = queue_.begin(); it != queue_.end() && n < 16; ++it, ++n) {
                iov[n].iov_base = it->data() + skip;
                iov[n].iov_len = it->size() - skip;
                skip = 0;
            }
            ssize_t w = ::writev(fd_, iov, n);
            if (w < 0) {
                if (errno == EINTR) continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK) {
                    watch(UV_READABLE | UV_WRITABLE);
                    return true;
                }
                port.fail_errno(errno);
                return false;
            }
            dequeue(size_t(w));
            if (ack_owed_ && queued_ < kBufferSize) {
                ack_owed_ = false;
                port.send_to_connected(atom::ok);
            }
        }
        watch(UV_READABLE);
        if (closing_) port.flushed(); // stops the driver
        return true;
    }

    void dequeue(size_t n) {
        queued_ -= n;
        while (n > 0) {
            size_t left = queue_.front().size() - head_written_;
            if (n < left) {
                head_written_ += n;
                return;
            }
            n -= left;
            head_written_ = 0;
            queue_.pop_front();
        }
    }

    void watch(int events) {
        if (events == watching_) return;
        watching_ = events;
        uv_poll_start(poll_, events, on_poll);
    }

    static void on_poll(uv_poll_t *handle, int status, int events) {
        auto *self = static_cast<TtySlDriver *>(handle->data);
        if (self->stopped_) return;
        Port &port = *self->port_;
        if (status < 0) return port.fail(make_small(-1));
        if (events & UV_WRITABLE) {
            if (!self->write_queue(port)) return;
            if (self->stopped_) return;
        }
        if (events & UV_READABLE) self->read_input(port);
    }

    void read_input(Port &port) {
        unsigned char buf[kBufferSize];
        size_t have = held_.size();
        std::memcpy(buf, held_.data(), have);
        ssize_t n = ::read(fd_, buf + have, sizeof buf - have);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
        if (n <= 0) {
            // An error (EIO once the terminal hangs up), or the end of a hung-up terminal's
            // input (raw mode never reads 0 bytes otherwise): erts fails the port with -1.
            return port.fail(make_small(-1));
        }
        held_.clear();
        std::string_view bytes(reinterpret_cast<const char *>(buf), have + size_t(n));
        size_t pos = 0;
        if (line_->utf8()) {
            int ch = 0;
            while (pos < bytes.size() && (ch = tty::pick_utf8(bytes, &pos)) >= 0) {
            }
            if (ch == -2 && bytes.size() - pos <= 4) {
                held_.assign(bytes.substr(pos));
            } else if (ch == -1) {
                // Not UTF-8 after all: latin1 from here on (the valid bytes before `pos`
                // are not sent, as in erts).
                g_utf8_mode = false;
                line_->set_utf8(false);
                return send_latin1(port, bytes.substr(pos));
            }
            port.input(bytes.substr(0, pos));
            return;
        }
        send_latin1(port, bytes);
    }

    // Each byte as the UTF-8 of its code point, in messages of at most 1020 bytes.
    static void send_latin1(Port &port, std::string_view bytes) {
        std::string out;
        for (size_t i = 0; i < bytes.size();) {
            out.clear();
            while (out.size() < 1020 && i < bytes.size())
                tty::put_utf8(static_cast<unsigned char>(bytes[i++]), out);
            port.input(out);
        }
    }

    Port *port_ = nullptr;
    int fd_ = -1;
    termios saved_{}, raw_{};
    std::optional<tty::ScreenLine> line_;
    uv_poll_t *poll_ = nullptr;
    int watching_ = UV_READABLE;
    std::deque<std::string> queue_;
    size_t queued_ = 0, head_written_ = 0;
    bool ack_owed_ = false, closing_ = false, stopped_ = false;
    std::string held_; // the start of a UTF-8 sequence that the next read completes
};

} // namespace

std::unique_ptr<PortDriver> make_tty_sl_driver() {
    return std::make_unique<TtySlDriver>();
}

} // namespace hamlet
