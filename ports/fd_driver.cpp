// The fd driver: {fd, In, Out} ports over descriptors the VM already has (kernel's user
// and standard_error open {fd, 0, 1} and {fd, 2, 2}).
//
// The descriptors may be anything: a terminal, a pipe, a regular file, /dev/null. They are
// never made non-blocking (the same open file is often shared with other programs, or with
// our own stdout and stderr), so a reader thread waits in poll() for input and a writer
// thread does the writes; both tell the I/O thread what happened. A wake-up pipe stops the
// reader when the port closes, so a closed port never takes input meant for the next one.
// As in erts, the descriptors are not closed when the port closes.
#include "bifs/prim_file_common.h"
#include "ports/driver.h"
#include "ports/io_thread.h"
#include "ports/tty/break_handler.h"
#include "vm/atom_table.h"

#include <cerrno>
#include <condition_variable>
#include <deque>
#include <fcntl.h>
#include <mutex>
#include <poll.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace hamlet {

namespace {

constexpr uint32_t kTtyControlMagic = 0x018b0900;
constexpr uint32_t kGetWinsize = 100;
constexpr size_t kReadSize = 64 * 1024;

bool window_size(int fd, uint32_t &w, uint32_t &h) {
    struct winsize ws {};
    if (fd < 0 || ioctl(fd, TIOCGWINSZ, &ws) != 0) return false;
    w = ws.ws_col;
    h = ws.ws_row;
    return true;
}

// What the helper threads share with the driver. The driver's side runs on the I/O thread;
// `closed` tells posted tasks that the port is gone.
struct FdShared {
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<std::string> out; // guarded by mutex
    bool stopping = false;       // guarded by mutex
    bool writer_running = false; // guarded by mutex
    int wake[2] = {-1, -1};      // the reader's wake-up pipe
    bool closed = false;         // I/O thread only
    int owned_fd = -1;           // a file the port opened, closed with the last user
    ~FdShared() {
        if (owned_fd >= 0) ::close(owned_fd);
        if (wake[0] >= 0) ::close(wake[0]);
        if (wake[1] >= 0) ::close(wake[1]);
    }
};

class FdDriver final : public PortDriver {
  public:
    Term start(Port &port, const PortOptions &opts) override {
        int in = opts.in_fd, out = opts.out_fd;
        if (opts.kind == PortOptions::Kind::File) {
            // erts' vanilla driver: read only, write only (created, truncated) or both.
            int flags = !opts.write  ? O_RDONLY
                        : !opts.read ? O_WRONLY | O_CREAT | O_TRUNC
                                     : O_RDWR | O_CREAT;
            owned_fd_ = ::open(opts.command.c_str(), flags | O_CLOEXEC, 0666);
            if (owned_fd_ < 0) return *AtomTable::global().intern("einval");
            in = out = owned_fd_;
        }
        in_fd_ = opts.read ? in : -1;
        out_fd_ = opts.write ? out : -1;
        struct stat st {};
        out_is_file_ = out_fd_ >= 0 && fstat(out_fd_, &st) == 0 && S_ISREG(st.st_mode);
        // A descriptor that is not open cannot be used (erts checks its limit only; an
        // unusable descriptor then fails at the first read or write).
        port_ = port.weak_from_this();
        if (opts.packet_bytes) packets_.emplace(opts.packet_bytes);
        shared_ = std::make_shared<FdShared>();
        low_ = opts.low_watermark;
        high_ = opts.high_watermark;
        if (in_fd_ >= 0) {
            if (pipe2(shared_->wake, O_CLOEXEC) != 0) return errno_atom(errno);
            IoThread::global().hold(); // input may still come
            std::thread(reader, shared_, port_, in_fd_, this).detach();
        }
        return kNonValue;
    }

    void output(Port &port, std::string data) override {
        if (out_fd_ < 0) return port.fail_errno(EBADF); // not opened for output
        if (data.empty()) return;
        if (out_is_file_ && queued_ == 0) {
            // A regular file takes its bytes at once (as erts' drivers write them in the
            // command), so they are there before the port's exit signals, which follow.
            size_t done = 0;
            while (done < data.size()) {
                ssize_t n = ::write(out_fd_, data.data() + done, data.size() - done);
                if (n > 0) done += size_t(n);
                else if (n < 0 && errno == EINTR) continue;
                else return port.fail_errno(n < 0 ? errno : EIO);
            }
            return;
        }
        if (queued_ == 0) IoThread::global().hold(); // until written
        queued_ += data.size();
        {
            std::lock_guard lock(shared_->mutex);
            shared_->out.push_back(std::move(data));
            if (!shared_->writer_running) {
                shared_->writer_running = true;
                std::thread(writer, shared_, port_, out_fd_, this).detach();
            }
        }
        shared_->cv.notify_one();
        if (!busy_ && queued_ >= high_) {
            busy_ = true;
            port.set_busy(true);
        }
    }

    bool control(Port &, uint32_t op, std::string_view, std::string &reply, bool &) override {
        if (op != kTtyControlMagic + kGetWinsize) return false;
        uint32_t w, h;
        if (!window_size(out_fd_, w, h) && !window_size(in_fd_, w, h)) return false;
        reply.assign(reinterpret_cast<const char *>(&w), 4);
        reply.append(reinterpret_cast<const char *>(&h), 4);
        return true;
    }

    size_t queued() const override { return queued_; }

    void flush(Port &) override { flushing_ = true; }

    void stop(Port &) override {
        shared_->closed = true;
        if (queued_) {
            queued_ = 0;
            IoThread::global().release();
        }
        {
            std::lock_guard lock(shared_->mutex);
            shared_->stopping = true;
            shared_->out.clear();
        }
        shared_->cv.notify_one();
        if (shared_->wake[1] >= 0) {
            char c = 0;
            (void)!::write(shared_->wake[1], &c, 1);
        }
        // A file the port opened is closed once its helper threads are done with it.
        if (owned_fd_ >= 0) shared_->owned_fd = owned_fd_;
    }

  private:
    // I/O thread: the writer wrote n bytes.
    void written(Port &port, size_t n) {
        queued_ -= n;
        if (busy_ && queued_ < low_) {
            busy_ = false;
            port.set_busy(false);
        }
        if (queued_ == 0) {
            IoThread::global().release();
            if (flushing_) port.flushed();
        }
    }

    // Reads until the end of input, an error, or the port's stop.
    static void reader(std::shared_ptr<FdShared> shared, std::weak_ptr<Port> weak, int fd,
                       FdDriver *self) {
        std::string buf(kReadSize, '\0');
        for (;;) {
            struct pollfd fds[2] = {{fd, POLLIN, 0}, {shared->wake[0], POLLIN, 0}};
            int r = poll(fds, 2, -1);
            if (r < 0) {
                if (errno == EINTR) continue;
                break;
            }
            if (fds[1].revents) break; // the port is closing
            // ^C's BREAK menu reads standard input itself: the key typed there is not ours.
            if (fd == 0 && tty::wait_while_break_menu()) continue;
            ssize_t n = ::read(fd, buf.data(), buf.size());
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            int err = n < 0 ? errno : 0;
            std::string data = n > 0 ? buf.substr(0, size_t(n)) : std::string();
            IoThread::global().post([shared, weak, self, n, err, data = std::move(data)] {
                auto port = weak.lock();
                if (!port || shared->closed) return;
                if (n > 0) {
                    if (self->packets_)
                        self->packets_->feed(*port, data);
                    else
                        port->input(data);
                } else if (n == 0) {
                    port->input_ended();
                } else {
                    port->fail_errno(err);
                }
            });
            if (n <= 0) break;
        }
        IoThread::global().release();
    }

    // Writes the queue in order; blocking writes are fine here.
    static void writer(std::shared_ptr<FdShared> shared, std::weak_ptr<Port> weak, int fd,
                       FdDriver *self) {
        for (;;) {
            std::string chunk;
            {
                std::unique_lock lock(shared->mutex);
                shared->cv.wait(lock, [&] { return shared->stopping || !shared->out.empty(); });
                if (shared->stopping) {
                    shared->writer_running = false;
                    return;
                }
                chunk = std::move(shared->out.front());
                shared->out.pop_front();
            }
            size_t done = 0;
            int err = 0;
            while (done < chunk.size()) {
                ssize_t n = ::write(fd, chunk.data() + done, chunk.size() - done);
                if (n > 0) {
                    done += size_t(n);
                } else if (n < 0 && errno == EINTR) {
                    continue;
                } else if (n < 0 && errno == EAGAIN) {
                    struct pollfd p = {fd, POLLOUT, 0};
                    poll(&p, 1, -1);
                } else {
                    err = n < 0 ? errno : EIO;
                    break;
                }
            }
            size_t size = chunk.size();
            IoThread::global().post([shared, weak, self, size, err] {
                auto port = weak.lock();
                if (!port || shared->closed) return;
                if (err) return port->fail_errno(err);
                self->written(*port, size);
            });
            if (err) {
                std::lock_guard lock(shared->mutex);
                shared->writer_running = false;
                return;
            }
        }
    }

    std::weak_ptr<Port> port_;
    std::shared_ptr<FdShared> shared_;
    std::optional<PacketReader> packets_;
    int in_fd_ = -1, out_fd_ = -1, owned_fd_ = -1;
    bool out_is_file_ = false; // output to a regular file is written in output() itself
    size_t queued_ = 0, low_ = 4096, high_ = 8192;
    bool busy_ = false, flushing_ = false;
};

} // namespace

std::unique_ptr<PortDriver> make_fd_driver() {
    return std::make_unique<FdDriver>();
}

} // namespace hamlet
