// Ports: the BEAM's connection between processes and the outside world (external
// programs, file descriptors, sockets, the terminal).
//
// The ports/ folder owns the port table, port objects and their drivers, all living on the
// I/O thread (ports/io_thread.h):
//   port.h / port.cpp          a port: owner ("connected" process), links, monitors, its
//                              signals from processes (command, close, connect, exit, link,
//                              control, info...), what it sends back ({Port, {data, D}},
//                              exit signals, 'DOWN'), closing and flushing; and the table
//                              of ports by number.
//   port_signals.cpp           the entry points for the rest of the VM (signals from
//                              processes, `Port ! Msg`), named drivers, {packet, N} input,
//                              the flush before halting.
//   io_thread.h / .cpp         the I/O thread and its libuv loop.
//   driver.h                   the interface every driver implements, and the registry of
//                              drivers opened by name ({spawn, Name}, {spawn_driver, Name}).
//   open_port.cpp              open_port/2's settings, checked as erts checks them.
//   spawn_driver.cpp           {spawn, Command} and {spawn_executable, Path}: a child
//                              process on pipes (libuv's uv_spawn).
//   fd_driver.cpp              {fd, In, Out}: existing descriptors (standard I/O), and a
//                              file named by a plain port name (erts' vanilla driver), read and
//                              written by helper threads so a terminal or a full pipe never
//                              blocks the I/O thread.
//   (tcp_inet and udp_inet, the inet drivers, are in ../inet/.)
//   tty_sl_driver.cpp          the terminal driver's place (opening it fails as erl does
//                              without a terminal).
//
// Port terms are immediates (vm/term.h, #Port<0.N>). A process never touches a port
// object: it posts a task to the I/O thread (a port signal), and answers come back as
// messages {Ref, Result} that erlang.erl's wrappers of the erts_internal:port_* BIFs wait
// for. Exit signals from a port reach processes through vm/signals.cpp with the same rules
// as from a process; the rules for signals reaching a port are erts' (in port.cpp).
#pragma once

#include "vm/mailbox.h"
#include "vm/process.h"
#include "vm/term.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hamlet {

class Port;
class PortDriver;

// A term with its own heap fragment (an exit reason or port data kept by a port).
class OwnedTerm {
  public:
    OwnedTerm() = default;
    explicit OwnedTerm(Term t);
    OwnedTerm(OwnedTerm &&o) noexcept : term_(o.term_), fragment_(o.fragment_) {
        o.fragment_ = nullptr;
    }
    OwnedTerm &operator=(OwnedTerm &&o) noexcept {
        std::swap(term_, o.term_);
        std::swap(fragment_, o.fragment_);
        return *this;
    }
    OwnedTerm(const OwnedTerm &) = delete;
    OwnedTerm &operator=(const OwnedTerm &) = delete;
    ~OwnedTerm();
    Term get() const { return term_; }

  private:
    Term term_ = kNonValue;
    HeapFragment *fragment_ = nullptr;
};

// open_port/2's settings (erts' SysDriverOpts and the port's own flags).
struct PortOptions {
    // File: a plain name (erts' "vanilla" driver: the file opened by the port).
    enum class Kind { Spawn, SpawnDriver, SpawnExecutable, Fd, File } kind = Kind::Spawn;
    std::string command; // the command, driver name or executable path, as given
    int in_fd = -1, out_fd = -1;
    std::optional<std::vector<std::string>> args; // spawn_executable's {args, L}
    std::optional<std::string> arg0;
    // {env, L}: name and value; no value means "unset it".
    std::vector<std::pair<std::string, std::optional<std::string>>> env;
    std::optional<std::string> cd;
    int packet_bytes = 0;   // 0 (stream), 1, 2 or 4
    size_t line_length = 0; // {line, L}: 0 when not in line mode
    bool use_stdio = true, stderr_to_stdout = false, hide = false, exit_status = false;
    bool binary = false, eof = false, overlapped_io = false, parallelism = false;
    bool read = true, write = true; // in / out
    unsigned read_write_bits = 0;   // while parsing: in = 1, out = 2, none = both
    size_t high_watermark = 8192, low_watermark = 4096;
};

// erts' line buffer ({line, L}): splits input into lines of at most L bytes, CR LF or LF
// ending a line, and reports whether each piece ended a line.
class LineBuffer {
  public:
    explicit LineBuffer(size_t max) : max_(max) {}
    // Calls emit(std::string_view piece, bool eol) for each piece complete in `data`.
    template <class Emit> void feed(std::string_view data, Emit &&emit);
    // At the end of input: what is left, as an unterminated piece (if any).
    template <class Emit> void flush(Emit &&emit);

  private:
    enum class State { Main, Full, CrInside, CrAfter } state_ = State::Main;
    size_t max_;
    std::string buf_;
};

struct PortMonitor {
    uint64_t ref;
    Term pid;
};

enum class PortState : uint8_t { Open, Closing, Dead };

class Port : public std::enable_shared_from_this<Port> {
  public:
    Port(uint64_t number, std::string name);
    ~Port();

    // ---- identity (fixed) ----
    const uint64_t number;
    const Term id;
    const std::string name; // port_info's name: the command, driver name or "In/Out"

    // ---- shared with the schedulers ----
    // Open until the port starts closing; lookups (port BIFs, sends) see only open ports.
    bool open() const { return state_.load(std::memory_order_acquire) == PortState::Open; }
    bool busy() const { return busy_.load(std::memory_order_acquire); }
    // port_command(..., [force]) is allowed (erts' ERL_DRV_FLAG_SOFT_BUSY drivers).
    bool soft_busy() const { return soft_busy_; }
    // erlang:port_set_data/2 and port_get_data/1 (any process, any time).
    void set_data(Term t);
    Term get_data(Process *p);

    // ---- driver side (I/O thread) ----
    PortOptions &options() { return opts_; }
    Term connected() const { return connected_; }
    // The process whose command, control or call the driver is handling (erts'
    // driver_caller).
    Term caller() const { return caller_; }
    // Input from the outside, sent to the connected process as {Port, {data, D}} in the
    // port's mode (binary or list, {line, L}); {packet, N} framing is the driver's
    // (PacketReader), which passes one packet per call.
    void input(std::string_view bytes);
    // erts' driver_output2/driver_output_binary: header bytes always as a list of integers,
    // followed in binary mode by `data` as a binary tail when has_data (else the list ends),
    // in list mode by data's bytes. Line mode does not apply (the drivers that answer so
    // are opened without it).
    void input_with_header(std::string_view header, std::string_view data, bool has_data);
    // The input has ended: with the eof option {Port, eof} is sent and the port stays open;
    // without it the port exits with reason normal.
    void input_ended();
    // {Port, {exit_status, Status}} when the port was opened with exit_status.
    void report_exit_status(int status);
    // The driver failed: the port exits with `reason` (an atom) at once, output dropped.
    void fail(Term reason);
    void fail_errno(int err);
    // erts' driver_exit: as fail(), but the owner is unlinked first and gets no exit signal
    // (tcp_inet closing on {tcp_closed, S} with exit_on_close).
    void exit_unlinked(Term reason);
    // A message {Port, Payload} to the connected process (driver replies such as
    // {Port, ok}); Payload is built on io_heap().
    void send_to_connected(Term payload);
    // Output queued in the driver reached erts' watermarks (busy port) or fell below.
    void set_busy(bool on);
    // A closing port's driver has written its queue: the port goes away.
    void flushed();
    size_t queued() const; // bytes the driver holds for output
    void set_os_pid(int64_t pid) { os_pid_ = pid; }
    // A monitor held by the port on a process: when the process exits, the driver's
    // process_exit(pid, ref) is called (erts' driver_monitor_process). Returns the ref.
    uint64_t monitor_process(Term pid);
    void demonitor_process(Term pid, uint64_t ref);

    // ---- distribution (I/O thread) ----
    // erlang:setnode/3 made this port the controller of the connection to `node`: its
    // input goes to the distribution engine (dist/engine.h), which also writes to it.
    void make_dist(Term node) { dist_node_ = node; }
    Term dist_node() const { return dist_node_; }
    void dist_output(std::string frame);

    // ---- port signals (I/O thread; posted by bifs/ports.cpp and ports/port_signals.cpp) ----
    // Each reply goes to `caller` as {Ref, Result} when ref is non-zero.
    void start(std::unique_ptr<PortDriver> driver, Term caller, uint64_t ref);
    // wait_if_busy: port_command/2,3 found the port busy; the reply waits until the port
    // takes the data.
    void command(Term caller, std::string data, bool bang, Term from, uint64_t ref,
                 bool wait_if_busy);
    void close(Term caller, Term from, bool bang, uint64_t ref);
    void connect(Term caller, Term from, Term new_owner, bool bang, uint64_t ref);
    void bad_signal();
    void control(Term caller, uint32_t op, std::string data, uint64_t ref);
    void call(Term caller, uint32_t op, std::string data, uint64_t ref);
    void info(Term caller, Term item, uint64_t ref);
    void exit_signal(Term from, Term reason, bool link_broken);
    void link(Term from);
    void unlink(Term from);
    void monitor(Term from, uint64_t ref);
    void demonitor(Term from, uint64_t ref);
    void process_down(Term pid, uint64_t ref); // a process monitored by the port exited

  private:
    bool do_exit(Term from, Term reason, bool send_closed, bool drop_normal, bool drop_output);
    void terminate();
    void send_data(std::string_view bytes, int eol);
    void output(std::string data);

    std::atomic<PortState> state_{PortState::Open};
    std::atomic<bool> busy_{false};
    bool soft_busy_ = false; // set before the port is in the table
    std::mutex data_mutex_;
    OwnedTerm data_;

    PortOptions opts_;
    std::unique_ptr<PortDriver> driver_;
    std::optional<LineBuffer> line_;
    Term connected_ = kNonValue;
    Term caller_ = kNonValue;
    std::vector<Term> links_;
    std::vector<PortMonitor> monitors_;
    bool send_closed_ = false; // {Port, closed} to the owner once terminated
    uint64_t input_bytes_ = 0, output_bytes_ = 0;
    int64_t os_pid_ = -1;
    Term dist_node_ = kNonValue;
    // port_command calls waiting for the port to stop being busy: (caller, ref, data).
    struct Waiting {
        Term caller;
        uint64_t ref;
        std::string data;
    };
    std::deque<Waiting> waiting_;
};

// The table of live ports.
class PortTable {
  public:
    static PortTable &global();
    uint64_t next_number() { return next_.fetch_add(1); }
    void add(std::shared_ptr<Port> port);
    void remove(uint64_t number);
    // The port a term names (a port or a registered name), if open.
    std::shared_ptr<Port> lookup(Term id_or_name);
    std::vector<Term> ids();
    size_t count();

    // Waits until every port has written what it holds for output (erl's halt flush; also
    // before the VM writes to standard output or error itself, as erlang:display/1 does, so
    // that such text comes after what processes wrote before). Not from the I/O thread.
    void flush_output();

  private:
    std::shared_mutex mutex_;
    std::unordered_map<uint64_t, std::shared_ptr<Port>> ports_;
    // #Port<0.0> is erts' forker port, which Hamlet does not have: numbers start at 1, so
    // that the ports kernel opens at boot get erl's numbers.
    std::atomic<uint64_t> next_{1};
};

// The I/O thread's heap for building messages (I/O thread only); send_io_message sends a
// term built on it (the receiver gets a copy) and empties it.
Process &io_heap();
void send_io_message(Term to, Term msg);

// ---- entry points for the rest of the VM (any thread) ----

// A signal from a process to a port (vm/signals.cpp's send_signal for port targets).
void send_port_signal(Term port, SignalKind kind, Term from, uint64_t ref, Term term);
// `Port ! Msg`: {Pid, {command, Data}}, {Pid, close}, {Pid, {connect, New}}, else badsig.
void send_to_port(Term port, Term msg);
// erts' erts_port_output_async (enif_port_command): Data (iodata) as a command from `from`
// (a pid, or kNonValue for none), never waiting for a busy port and without the owner check
// of `Port ! Msg`. False when the port is not open, or the data is not iodata (logged as
// erts logs it, with no badsig).
bool port_output_async(Term port, Term from, Term data);

// ---- LineBuffer ----

template <class Emit> void LineBuffer::feed(std::string_view data, Emit &&emit) {
    size_t i = 0;
    while (i < data.size()) {
        char c = data[i];
        if (c == '\n') {
            state_ = State::Main;
            ++i;
            emit(std::string_view(buf_), true);
            buf_.clear();
            continue;
        }
        switch (state_) {
        case State::Main:
            if (buf_.size() == max_) {
                state_ = State::Full;
            } else if (c == '\r') {
                ++i;
                state_ = State::CrInside; // kept back: CR LF ends a line without the CR
            } else {
                buf_.push_back(c);
                ++i;
            }
            break;
        case State::Full:
            if (c == '\r') {
                ++i;
                state_ = State::CrAfter;
            } else {
                state_ = State::Main;
                emit(std::string_view(buf_), false);
                buf_.clear();
            }
            break;
        case State::CrInside: // the CR was not followed by LF: it is data
            buf_.push_back('\r');
            state_ = State::Main;
            break;
        case State::CrAfter:
            state_ = State::CrInside;
            emit(std::string_view(buf_), false);
            buf_.clear();
            break;
        }
    }
}

template <class Emit> void LineBuffer::flush(Emit &&emit) {
    if (state_ == State::CrAfter) { // a full piece, then the CR that followed it
        state_ = State::CrInside;
        if (buf_.empty()) return;
        emit(std::string_view(buf_), false);
        buf_.clear();
    }
    if (state_ == State::CrInside) buf_.push_back('\r');
    state_ = State::Main;
    if (!buf_.empty()) emit(std::string_view(buf_), false);
    buf_.clear();
}

} // namespace hamlet
