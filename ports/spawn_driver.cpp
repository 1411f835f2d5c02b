// The spawn driver: {spawn, Command} (run by /bin/sh as "exec Command") and
// {spawn_executable, Path} ({args, L}, {arg0, A}, {env, E}, {cd, D}), a child process
// talking over two pipes: its standard input and output (use_stdio, the default) or its
// descriptors 3 and 4 (nouse_stdio); stderr_to_stdout sends its standard error down the
// output pipe too. The child runs under libuv (uv_spawn), which also reaps it.
//
// As in erts, input ends when the output pipe has reached its end, and with exit_status only
// once the child has exited too; {Port, {exit_status, S}} (128 + the signal number for a
// killed child) comes just before the port's eof handling. Closing the port closes the pipes but
// does not kill the child.
#include "bifs/prim_file_common.h"
#include "ports/driver.h"
#include "ports/io_thread.h"
#include "ports/open_port.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hamlet {

namespace {

constexpr size_t kReadSize = 64 * 1024;

class SpawnDriver;

// The libuv handles of one child, freed when the last of them is closed (which may be
// after the port and its driver are gone: the child is reaped whenever it exits).
struct SpawnHandles {
    SpawnDriver *driver = nullptr; // nullptr once the port has stopped
    uv_process_t process{};
    uv_pipe_t from_child{}, to_child{};
    bool process_open = false, from_open = false, to_open = false;
    bool exited = false;
    int open_handles = 0;
    std::string buffer = std::string(kReadSize, '\0');

    void close_handle(uv_handle_t *h) {
        uv_close(h, [](uv_handle_t *handle) {
            auto *self = static_cast<SpawnHandles *>(handle->data);
            if (--self->open_handles == 0 && !self->driver) delete self;
        });
    }
};

struct WriteRequest {
    uv_write_t req{};
    std::string data;
    SpawnHandles *handles;
};

class SpawnDriver final : public PortDriver {
  public:
    Term start(Port &port, const PortOptions &opts) override;
    void output(Port &port, std::string data) override;
    size_t queued() const override { return queued_; }
    void flush(Port &) override { flushing_ = true; }
    void stop(Port &port) override;

    void on_read(ssize_t n, const uv_buf_t *buf);
    void on_exit(int64_t status, int signal);
    void on_written(size_t n, int status);

  private:
    void finish_if_done();
    void done_holding() {
        if (holding_) {
            holding_ = false;
            IoThread::global().release();
        }
    }

    Port *port_ = nullptr;
    SpawnHandles *h_ = nullptr;
    std::optional<PacketReader> packets_;
    bool reading_ = false, eof_ = false, finished_ = false, holding_ = false;
    bool exit_status_option_ = false, stopped_ = false;
    int status_ = 0;
    size_t queued_ = 0, low_ = 4096, high_ = 8192;
    bool busy_ = false, flushing_ = false;
};

// Whether a directory cannot be entered (the child's chdir would fail).
bool chdir_fails(const std::string &dir) {
    struct stat st {};
    return stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode);
}

// The environment for the child: the VM's, with {env, L} applied (a name without a value
// is removed).
std::vector<std::string> child_environment(const PortOptions &opts) {
    std::vector<std::string> env = os_environment();
    for (auto &[name, value] : opts.env) {
        std::string prefix = name + "=";
        std::erase_if(env, [&](const std::string &s) { return s.rfind(prefix, 0) == 0; });
        if (value) env.push_back(prefix + *value);
    }
    return env;
}

Term SpawnDriver::start(Port &port, const PortOptions &opts) {
    port_ = &port;
    exit_status_option_ = opts.exit_status;
    low_ = opts.low_watermark;
    high_ = opts.high_watermark;
    if (opts.packet_bytes) packets_.emplace(opts.packet_bytes);

    std::string file;
    std::vector<std::string> argv;
    if (opts.kind == PortOptions::Kind::SpawnExecutable) {
        file = opts.command;
        if (access(file.c_str(), X_OK) != 0) return errno_atom(errno);
        argv.push_back(opts.arg0 ? *opts.arg0 : file);
        if (opts.args) argv.insert(argv.end(), opts.args->begin(), opts.args->end());
    } else {
        file = "/bin/sh";
        argv = {"sh", "-c", "exec " + opts.command}; // argv[0] as erl_child_setup gives it
    }
    std::vector<std::string> env = child_environment(opts);

    // Our own pipes (close-on-exec), handed to the child as its descriptors.
    int to_child[2], from_child[2];
    if (pipe2(to_child, O_CLOEXEC) != 0) return errno_atom(errno);
    if (pipe2(from_child, O_CLOEXEC) != 0) {
        int err = errno;
        ::close(to_child[0]);
        ::close(to_child[1]);
        return errno_atom(err);
    }
    uv_stdio_container_t stdio[5];
    int count;
    auto inherit = [](uv_stdio_container_t &c, int fd) {
        c.flags = UV_INHERIT_FD;
        c.data.fd = fd;
    };
    if (opts.use_stdio) {
        count = 3;
        inherit(stdio[0], to_child[0]);
        inherit(stdio[1], from_child[1]);
        inherit(stdio[2], opts.stderr_to_stdout ? from_child[1] : 2);
    } else {
        count = 5;
        inherit(stdio[0], 0);
        inherit(stdio[1], 1);
        inherit(stdio[2], 2);
        inherit(stdio[3], to_child[0]);
        inherit(stdio[4], from_child[1]);
    }
    std::vector<char *> argv_c, env_c;
    for (auto &a : argv)
        argv_c.push_back(a.data());
    argv_c.push_back(nullptr);
    for (auto &e : env)
        env_c.push_back(e.data());
    env_c.push_back(nullptr);

    h_ = new SpawnHandles;
    h_->driver = this;
    uv_process_options_t po{};
    po.file = file.c_str();
    po.args = argv_c.data();
    po.env = env_c.data();
    po.cwd = opts.cd ? opts.cd->c_str() : nullptr;
    po.stdio_count = count;
    po.stdio = stdio;
    po.exit_cb = [](uv_process_t *proc, int64_t status, int signal) {
        auto *h = static_cast<SpawnHandles *>(proc->data);
        h->exited = true;
        if (h->driver) h->driver->on_exit(status, signal);
        if (h->process_open) {
            h->process_open = false;
            h->close_handle(reinterpret_cast<uv_handle_t *>(&h->process));
        }
    };
    h_->process.data = h_;
    int r = uv_spawn(IoThread::global().loop(), &h_->process, &po);
    ::close(to_child[0]);
    ::close(from_child[1]);
    if (r != 0) {
        ::close(to_child[1]);
        ::close(from_child[0]);
        // The process handle was initialised and must be closed even on failure.
        h_->open_handles = 1;
        h_->driver = nullptr;
        h_->close_handle(reinterpret_cast<uv_handle_t *>(&h_->process));
        h_ = nullptr;
        int err = -r;
        if (err == EAGAIN || err == ENOMEM || err == EMFILE || err == ENFILE)
            return errno_atom(err); // the VM could not start a process
        // The child could not change directory or run the program: as erts' child helper,
        // it says so for a directory and exits with the errno as its status.
        if (opts.cd && (access(opts.cd->c_str(), X_OK) != 0 || chdir_fails(*opts.cd)))
            std::fprintf(stderr, "spawn: Could not cd to %s\r\n", opts.cd->c_str());
        status_ = err;
        reading_ = opts.read;
        holding_ = true;
        IoThread::global().hold();
        IoThread::global().post([weak = port.weak_from_this(), this] {
            if (!weak.lock() || stopped_) return;
            finished_ = true;
            if (!reading_) return done_holding();
            port_->report_exit_status(status_);
            done_holding();
            port_->input_ended();
        });
        return kNonValue;
    }
    h_->process_open = true;
    h_->open_handles = 1;
    port.set_os_pid(h_->process.pid);

    uv_loop_t *loop = IoThread::global().loop();
    if (opts.read) {
        uv_pipe_init(loop, &h_->from_child, 0);
        uv_pipe_open(&h_->from_child, from_child[0]);
        h_->from_child.data = h_;
        h_->from_open = true;
        ++h_->open_handles;
        reading_ = true;
        uv_read_start(
            reinterpret_cast<uv_stream_t *>(&h_->from_child),
            [](uv_handle_t *handle, size_t, uv_buf_t *buf) {
                auto *h = static_cast<SpawnHandles *>(handle->data);
                *buf = uv_buf_init(h->buffer.data(), unsigned(h->buffer.size()));
            },
            [](uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
                auto *h = static_cast<SpawnHandles *>(s->data);
                if (h->driver) h->driver->on_read(n, buf);
            });
    } else {
        ::close(from_child[0]); // its output goes nowhere, as in erts
    }
    if (opts.write) {
        uv_pipe_init(loop, &h_->to_child, 0);
        uv_pipe_open(&h_->to_child, to_child[1]);
        h_->to_child.data = h_;
        h_->to_open = true;
        ++h_->open_handles;
    } else {
        ::close(to_child[1]); // the child reads the end of its input at once
    }
    holding_ = true; // until the child has exited and its output ended
    IoThread::global().hold();
    return kNonValue;
}

void SpawnDriver::on_read(ssize_t n, const uv_buf_t *buf) {
    if (n > 0) {
        std::string_view data(buf->base, size_t(n));
        if (packets_)
            packets_->feed(*port_, data);
        else
            port_->input(data);
        return;
    }
    if (n == 0) return;
    uv_read_stop(reinterpret_cast<uv_stream_t *>(&h_->from_child));
    if (n == UV_EOF) {
        eof_ = true;
        return finish_if_done();
    }
    port_->fail_errno(int(-n));
}

void SpawnDriver::on_exit(int64_t status, int signal) {
    status_ = signal ? 128 + signal : int(status);
    finish_if_done();
}

// The child's output has ended (and, with exit_status, the child has exited): report as
// erts does. Without exit_status the end of the output is the end of the port's input at
// once, whether the child runs on or not.
void SpawnDriver::finish_if_done() {
    if (finished_) return;
    if (!reading_) { // nothing to report on: the port stays open
        if (h_->exited) {
            finished_ = true;
            done_holding();
        }
        return;
    }
    if (!eof_ || (exit_status_option_ && !h_->exited)) return;
    finished_ = true;
    Port *port = port_;
    if (exit_status_option_) port->report_exit_status(status_);
    done_holding();
    port->input_ended(); // may stop this driver
}

void SpawnDriver::output(Port &port, std::string data) {
    if (!h_ || !h_->to_open) return port.fail_errno(EBADF); // opened with `in` only
    if (data.empty()) return;
    // As erts' drivers do, write at once what the pipe takes (the descriptor is
    // non-blocking) and queue only the rest: queued bytes are then bytes the child has not
    // taken, and the port turns busy only when the pipe is full, not while a write that
    // already went through waits for its callback.
    auto *stream = reinterpret_cast<uv_stream_t *>(&h_->to_child);
    if (uv_stream_get_write_queue_size(stream) == 0) {
        uv_buf_t now = uv_buf_init(data.data(), unsigned(data.size()));
        int n = uv_try_write(stream, &now, 1);
        if (n == int(data.size())) return;
        if (n > 0) data.erase(0, size_t(n));
        else if (n != UV_EAGAIN) return port.fail_errno(-n);
    }
    auto *w = new WriteRequest;
    w->data = std::move(data);
    w->handles = h_;
    w->req.data = w;
    queued_ += w->data.size();
    uv_buf_t buf = uv_buf_init(w->data.data(), unsigned(w->data.size()));
    int r = uv_write(&w->req, reinterpret_cast<uv_stream_t *>(&h_->to_child), &buf, 1,
                     [](uv_write_t *req, int status) {
                         auto *w = static_cast<WriteRequest *>(req->data);
                         if (w->handles->driver)
                             w->handles->driver->on_written(w->data.size(), status);
                         delete w;
                     });
    if (r != 0) {
        queued_ -= w->data.size();
        delete w;
        return port.fail_errno(-r);
    }
    if (!busy_ && queued_ >= high_) {
        busy_ = true;
        port.set_busy(true);
    }
}

void SpawnDriver::on_written(size_t n, int status) {
    queued_ -= n;
    if (status != 0 && status != UV_ECANCELED) return port_->fail_errno(-status);
    if (busy_ && queued_ < low_) {
        busy_ = false;
        port_->set_busy(false);
    }
    if (queued_ == 0 && flushing_) port_->flushed();
}

void SpawnDriver::stop(Port &) {
    stopped_ = true;
    done_holding();
    if (!h_) return;
    h_->driver = nullptr;
    queued_ = 0;
    if (h_->from_open) {
        h_->from_open = false;
        h_->close_handle(reinterpret_cast<uv_handle_t *>(&h_->from_child));
    }
    if (h_->to_open) {
        h_->to_open = false; // pending writes are cancelled
        h_->close_handle(reinterpret_cast<uv_handle_t *>(&h_->to_child));
    }
    // The process handle stays open until the child exits, so that it is reaped.
    if (h_->open_handles == 0) delete h_;
    h_ = nullptr;
}

} // namespace

std::unique_ptr<PortDriver> make_spawn_driver() {
    return std::make_unique<SpawnDriver>();
}

} // namespace hamlet
