// tcp_inet: TCP sockets for gen_tcp, inet and the distribution carrier, with the
// behaviour of erts' tcp_inet driver: its states (open, connecting, listening, accepting,
// connected), the replies and messages prim_inet waits for, packet framing on input and
// output, the output queue and its watermarks, and how a closed or reset connection is
// reported in each mode ({error, closed}, {tcp_closed, S}, {tcp_error, S, R}, exits).
//
// Input follows erts' buffer discipline (tcp_recv / tcp_remain / tcp_deliver): a read asks
// for what the current packet still needs, or for the buffer's size (the buffer option),
// so raw reads are at most buffer bytes and lines longer than the buffer are cut as erl
// cuts them. Every complete packet is delivered in an active mode; a passive recv takes one.
//
// For the distribution (later): a controller takes over a port whose packets it receives
// (deliver/reply_data is the one place packets leave the driver) and to which it writes
// frames (output/send is the one way in); see the notes in ../shared/research.
#include "dist/engine.h"
#include "inet/inet_driver.h"
#include "inet/packet_parser.h"

#include "ports/io_thread.h"
#include "vm/atom_table.h"
#include "vm/term_build.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <netinet/tcp.h>
#include <sys/uio.h>
#include <unistd.h>

namespace hamlet::inet {

namespace {

const Term kTcp = atom_of("tcp"), kTcpClosed = atom_of("tcp_closed"),
           kTcpError = atom_of("tcp_error"), kClosed = atom_of("closed"),
           kTimeout = atom_of("timeout"), kHttp = atom_of("http"), kData = atom_of("data"),
           kEconnreset = atom_of("econnreset");

constexpr size_t kMaxRead = 1 << 20; // one read asks for at most this (or the buffer size)

struct AcceptOp {
    AsyncOp op;
    uint64_t monitor = 0;
    std::unique_ptr<Timer> timer;
};

class TcpInet final : public InetDriver {
  public:
    TcpInet() : InetDriver(IPPROTO_TCP) {}

    void output(Port &port, std::string data) override;
    void dist_output(Port &, std::string frame) override {
        if (is_connected() && !pending_shut_wr_ && !pending_shut_rdwr_) send(frame);
    }
    size_t queued() const override { return out_bytes_; }
    void flush(Port &port) override;
    void stop(Port &port) override;

  protected:
    bool protocol_control(uint32_t req, std::string_view data, std::string &reply) override;
    void ready(int events) override;
    void options_changed(int r) override;
    void monitored_exit(Term pid, uint64_t ref) override;
    bool active_on_closed() override;

  private:
    bool open(std::string_view data, bool fd_given, std::string &reply);
    bool connect(std::string_view data, std::string &reply);
    bool accept(std::string_view data, std::string &reply);
    bool recv_request(std::string_view data, std::string &reply);
    bool shutdown(std::string_view data, std::string &reply);
    void connected(); // a non-blocking connect finished
    void accept_ready();
    Term new_socket_port(int fd, Term owner);
    void remove_accept(size_t i);
    void stop_accepting();

    // input (erts' tcp_recv, tcp_remain, tcp_deliver)
    int recv(size_t request_len);
    int64_t remain(size_t *len);
    int deliver(size_t len);
    int reply_data(std::string_view packet);
    int recv_closed();
    int recv_error(int err);
    void clear_input();

    // output
    int send(std::string_view data);
    void write_queue();
    void enqueue(std::string_view bytes);
    void clear_output();
    int send_error(int err);
    int send_or_shutdown_error(int err);
    void shutdown_pending();
    void inet_reply_ok();
    void inet_reply_error(Term reason);
    void set_busy(bool on);

    void close_check(); // pending operations get {error, closed}
    void desc_close();  // input and output dropped, the socket closed
    void closed_message();
    void error_message(int err);
    void exit_port(Term reason);

    // input
    bool ibuf_ = false; // a receive buffer exists (erts' i_buf)
    std::string in_;
    size_t icap_ = 0;    // the buffer's size (erts' i_bufsz)
    size_t iremain_ = 0; // bytes still needed for the packet being read
    bool http_header_ = false;

    // output
    std::deque<std::string> out_;
    size_t out_off_ = 0, out_bytes_ = 0;
    Term caller_ = kNonValue;      // who gets the next {inet_reply, S, Status}
    Term busy_caller_ = kNonValue; // the sender that made the port busy
    bool flushing_ = false;        // the port is closing once the queue is written
    bool stopped_ = false;         // the port is gone (stop() ran)

    // flags (erts' tcp_add_flags)
    bool close_sent_ = false, delayed_close_recv_ = false, delayed_close_send_ = false;
    bool pending_shut_wr_ = false, pending_shut_rdwr_ = false;
    bool delayed_econnreset_ = false, shutdown_wr_done_ = false;

    std::deque<AcceptOp> accepts_;
    Timer connect_timer_, recv_timer_, send_timer_, delay_timer_;
};

// ---- control ----

bool TcpInet::protocol_control(uint32_t req, std::string_view d, std::string &reply) {
    switch (req) {
    case kReqOpen:
        return open(d, false, reply);
    case kReqFdopen:
        return open(d, true, reply);
    case kReqListen: {
        if (!is_open()) return inet::reply_error(reply, "exbadport");
        if (d.size() != 2) return reply_errno(reply, EINVAL);
        if (::listen(fd_, int16_t(get16(d, 0))) != 0) return reply_errno(reply, errno);
        state_ = kStateListening;
        return reply_ok(reply);
    }
    case kReqConnect:
        return connect(d, reply);
    case kReqAccept:
        return accept(d, reply);
    case kReqClose:
        close_check();
        desc_close();
        return reply_ok(reply);
    case kReqTcpRecv:
        return recv_request(d, reply);
    case kReqTcpUnrecv:
        if (!is_connected()) return reply_errno(reply, ENOTCONN);
        // The bytes go back in front of the buffer, which grows by as much.
        in_.insert(0, d);
        icap_ = (ibuf_ ? icap_ : 0) + d.size();
        ibuf_ = true;
        iremain_ = 0;
        if (active_) deliver(0);
        return reply_ok(reply);
    case kReqTcpShutdown:
        return shutdown(d, reply);
    case kReqTcpSendfile: // file:sendfile/5 then sends by reading the file itself
        return reply_errno(reply, ENOTSUP);
    default:
        return false;
    }
}

bool TcpInet::open(std::string_view d, bool fd_given, std::string &reply) {
    if (fd_given ? (d.size() != 6 && d.size() != 10) : d.size() != 2)
        return reply_errno(reply, EINVAL);
    int domain;
    switch (uint8_t(d[0])) {
    case kAfInet:
        domain = AF_INET;
        break;
    case kAfInet6:
        domain = AF_INET6;
        break;
    case kAfLocal:
        domain = AF_UNIX;
        break;
    default:
        return inet::reply_error(reply, "eafnosupport");
    }
    if (uint8_t(d[1]) != kTypeStream) return reply_errno(reply, EINVAL);
    if (!fd_given) return open_socket(domain, SOCK_STREAM, reply);
    bool bound = d.size() == 6 || get32(d, 6) != 0;
    return adopt_socket(domain, SOCK_STREAM, int(get32(d, 2)), bound, reply);
}

bool TcpInet::connect(std::string_view d, std::string &reply) {
    if (!is_open()) return inet::reply_error(reply, "exbadport");
    if (is_connected()) return reply_errno(reply, EISCONN);
    if (is_connecting()) return reply_errno(reply, EINVAL);
    if (d.size() < 6) return reply_errno(reply, EINVAL);
    uint32_t timeout = get32(d, 0);
    d.remove_prefix(4);
    if (const char *e = decode_address(sfamily_, d, &remote_)) return inet::reply_error(reply, e);
    AsyncOp op{new_async_id(), port_->caller(), kReqConnect};
    std::string id;
    put16(id, op.id);
    if (::connect(fd_, remote_.sa(), remote_.len) == 0) {
        state_ = kStateConnected;
        if (active_) watch_.add(UV_READABLE);
        send_async(op, atom::ok);
        return reply_ok(reply, id);
    }
    if (errno != EINPROGRESS) return reply_errno(reply, errno);
    watch_.add(UV_WRITABLE);
    state_ = kStateConnecting;
    op_ = op;
    if (timeout != kInfinity) {
        arm(connect_timer_, timeout, [this] {
            // A socket whose connect timed out is unusable: closed, as erts does.
            desc_close();
            if (op_) {
                AsyncOp op = *op_;
                op_.reset();
                send_async_error(op, kTimeout);
            }
        });
    }
    return reply_ok(reply, id);
}

void TcpInet::connected() {
    watch_.remove(UV_WRITABLE);
    connect_timer_.stop();
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    std::optional<AsyncOp> op = op_;
    op_.reset();
    if (err != 0) {
        state_ = kStateOpen;
        if (op) send_async_error(*op, errno_term(err));
        return;
    }
    state_ = kStateConnected;
    if (active_) watch_.add(UV_READABLE);
    if (op) send_async(*op, atom::ok);
}

bool TcpInet::accept(std::string_view d, std::string &reply) {
    if ((state_ != kStateListening && state_ != kStateAccepting) || d.size() != 4)
        return reply_errno(reply, EINVAL);
    uint32_t timeout = get32(d, 0);
    Term caller = port_->caller();
    AsyncOp op{new_async_id(), caller, kReqAccept};
    std::string id;
    put16(id, op.id);
    if (accepts_.empty()) {
        // Nobody waits yet: a connection may be ready now.
        int fd = accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            Term s = new_socket_port(fd, caller);
            Process &h = io_heap();
            send_async(op, make_tuple(&h, {atom::ok, s}));
            return reply_ok(reply, id);
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) return reply_errno(reply, errno);
        state_ = kStateAccepting;
        watch_.add(UV_READABLE);
    }
    AcceptOp a;
    a.op = op;
    a.monitor = monitor(caller);
    if (timeout != kInfinity) {
        a.timer = std::make_unique<Timer>();
        uint64_t mon = a.monitor;
        a.timer->start(timeout, [this, mon] {
            for (size_t i = 0; i < accepts_.size(); ++i)
                if (accepts_[i].monitor == mon) {
                    AsyncOp op = accepts_[i].op;
                    remove_accept(i);
                    send_async_error(op, kTimeout);
                    break;
                }
            update_hold();
        });
    }
    accepts_.push_back(std::move(a));
    return reply_ok(reply, id);
}

void TcpInet::remove_accept(size_t i) {
    AcceptOp &a = accepts_[i];
    demonitor(a.op.caller, a.monitor);
    if (a.timer) a.timer->close();
    accepts_.erase(accepts_.begin() + ptrdiff_t(i));
    if (accepts_.empty()) stop_accepting();
}

void TcpInet::stop_accepting() {
    if (state_ == kStateAccepting) state_ = kStateListening;
    watch_.remove(UV_READABLE);
}

void TcpInet::monitored_exit(Term, uint64_t ref) {
    // An acceptor died: its accept is forgotten.
    for (size_t i = 0; i < accepts_.size(); ++i)
        if (accepts_[i].monitor == ref) {
            AcceptOp &a = accepts_[i];
            if (a.timer) a.timer->close();
            accepts_.erase(accepts_.begin() + ptrdiff_t(i));
            if (accepts_.empty()) stop_accepting();
            break;
        }
    update_hold();
}

void TcpInet::accept_ready() {
    while (!accepts_.empty()) {
        int fd = accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
        int err = errno;
        AcceptOp a = std::move(accepts_.front());
        accepts_.pop_front();
        demonitor(a.op.caller, a.monitor);
        if (a.timer) a.timer->close();
        if (accepts_.empty()) stop_accepting();
        if (fd < 0) {
            send_async_error(a.op, errno_term(err));
            return;
        }
        Term s = new_socket_port(fd, a.op.caller);
        Process &h = io_heap();
        send_async(a.op, make_tuple(&h, {atom::ok, s}));
    }
}

// An accepted connection: a new tcp_inet port owned by (and linked to) the acceptor, with
// the listening socket's settings (erts' tcp_inet_copy); it starts passive.
Term TcpInet::new_socket_port(int fd, Term owner) {
    auto d = std::make_unique<TcpInet>();
    d->fd_ = fd;
    d->state_ = kStateConnected;
    d->stype_ = stype_;
    d->sfamily_ = sfamily_;
    d->mode_ = mode_;
    d->exitf_ = exitf_;
    d->deliver_ = deliver_;
    d->htype_ = htype_;
    d->psize_ = psize_;
    d->hsz_ = hsz_;
    d->bufsz_ = bufsz_;
    d->high_ = high_;
    d->low_ = low_;
    d->send_timeout_ = send_timeout_;
    d->send_timeout_close_ = send_timeout_close_;
    d->show_econnreset_ = show_econnreset_;
    d->linger_zero_ = linger_zero_;
    d->msgq_high_ = msgq_high_;
    d->msgq_low_ = msgq_low_;
    d->remote_.len = sizeof d->remote_.ss;
    getpeername(fd, d->remote_.sa(), &d->remote_.len);
    TcpInet *raw = d.get();
    raw->watch_.open(fd, [raw](int events) {
        raw->ready(events);
        raw->update_hold();
    });
    auto port = std::make_shared<Port>(PortTable::global().next_number(), "tcp_inet");
    Term id = port->id;
    port->start(std::move(d), owner, 0);
    return id;
}

bool TcpInet::recv_request(std::string_view d, std::string &reply) {
    if (!is_connected()) {
        if (delayed_close_recv_) {
            delayed_close_recv_ = delayed_close_send_ = false;
            if (delayed_econnreset_) {
                delayed_econnreset_ = false;
                return inet::reply_error(reply, "econnreset");
            }
            return inet::reply_error(reply, "closed");
        }
        return reply_errno(reply, ENOTCONN);
    }
    if (active_ || d.size() != 8) return reply_errno(reply, EINVAL);
    uint32_t timeout = get32(d, 0);
    uint32_t n = get32(d, 4);
    if (htype_ != uint8_t(packet::Type::Raw) && n != 0) return reply_errno(reply, EINVAL);
    if (n > kMaxTcpPacket) return reply_errno(reply, ENOMEM);
    if (op_) return reply_errno(reply, EALREADY);
    op_ = AsyncOp{new_async_id(), port_->caller(), kReqTcpRecv};
    std::string id;
    put16(id, op_->id);
    if (recv(n) == 0) {
        if (timeout == 0) {
            AsyncOp op = *op_;
            op_.reset();
            send_async_error(op, kTimeout);
        } else if (op_) {
            if (timeout != kInfinity)
                arm(recv_timer_, timeout, [this] {
                    watch_.remove(UV_READABLE);
                    iremain_ = 0;
                    if (op_) {
                        AsyncOp op = *op_;
                        op_.reset();
                        send_async_error(op, kTimeout);
                    }
                });
            watch_.add(UV_READABLE);
        }
    }
    return reply_ok(reply, id);
}

bool TcpInet::shutdown(std::string_view d, std::string &reply) {
    if (!is_connected()) return reply_errno(reply, ENOTCONN);
    if (d.size() != 1) return reply_errno(reply, EINVAL);
    int how = uint8_t(d[0]); // 0 read, 1 write, 2 both
    if (how != SHUT_RD && out_bytes_ > 0) {
        // Once the queue is written.
        if (how == SHUT_WR)
            pending_shut_wr_ = true;
        else if (how == SHUT_RDWR)
            pending_shut_rdwr_ = true;
        return reply_ok(reply);
    }
    if (::shutdown(fd_, how) != 0) {
        if (how != SHUT_RD) shutdown_wr_done_ = true;
        return reply_errno(reply, errno);
    }
    return reply_ok(reply);
}

void TcpInet::options_changed(int r) {
    if (r == 1) {
        deliver(0);
    } else if (r == 2) {
        if (recv(0) >= 0 && active_) watch_.add(UV_READABLE);
    }
}

bool TcpInet::active_on_closed() {
    if (delayed_econnreset_) {
        delayed_econnreset_ = false;
        error_message(ECONNRESET);
    }
    closed_message();
    if (exitf_) {
        exit_port(atom::normal);
        return true;
    }
    close_read();
    return false;
}

// ---- readiness ----

void TcpInet::ready(int events) {
    if (state_ == kStateConnecting) {
        if (events & UV_WRITABLE) connected();
        return;
    }
    if (state_ == kStateAccepting) {
        if (events & UV_READABLE) accept_ready();
        return;
    }
    if (!is_connected()) {
        watch_.set(0);
        return;
    }
    if (events & UV_WRITABLE) {
        write_queue();
        if (stopped_ || fd_ < 0) return;
    }
    if ((events & UV_READABLE) && is_connected()) recv(0);
}

// ---- input ----

void TcpInet::clear_input() {
    ibuf_ = false;
    in_.clear();
    in_.shrink_to_fit();
    icap_ = 0;
    iremain_ = 0;
}

// How much more to read for the packet at the start of the buffer: > 0 bytes to read (exact
// when *len > 0, an upper bound when *len is 0), 0 when a whole packet of *len bytes is
// there, < 0 when the bytes are not a valid packet (or one over packet_size).
int64_t TcpInet::remain(size_t *len) {
    size_t n = in_.size();
    int64_t tlen = packet::length(packet::Type(htype_), in_, psize_, uint32_t(icap_), delimiter_,
                                  &http_header_);
    if (tlen > 0) {
        if (size_t(tlen) <= n) {
            *len = size_t(tlen);
            return 0;
        }
        icap_ = std::max(icap_, size_t(tlen));
        *len = size_t(tlen) - n;
        return int64_t(*len);
    }
    if (tlen < 0) return -1;
    *len = 0;
    if (icap_ > n) return int64_t(icap_ - n);
    // The buffer is full and the packet's end not in sight: room up to packet_size.
    if (psize_ != 0 && psize_ > n) {
        icap_ = psize_;
        return int64_t(psize_ - n);
    }
    return -1;
}

int TcpInet::recv(size_t request_len) {
    size_t nread;
    if (!ibuf_) {
        ibuf_ = true;
        in_.clear();
        icap_ = request_len > 0 ? request_len : size_t(bufsz_);
        nread = icap_;
        iremain_ = request_len;
    } else if (request_len > 0) {
        size_t n = in_.size();
        if (n >= request_len) return deliver(request_len);
        icap_ = std::max(icap_, request_len);
        iremain_ = nread = request_len - n;
    } else if (iremain_ == 0) {
        size_t len;
        int64_t r = remain(&len);
        if (r < 0) return recv_error(EMSGSIZE);
        if (r == 0) return deliver(len);
        nread = size_t(r);
        if (len > 0) iremain_ = len;
    } else {
        nread = iremain_;
    }
    nread = std::min(nread, std::max(kMaxRead, size_t(bufsz_)));
    size_t old = in_.size();
    in_.resize(old + nread);
    ssize_t n = ::recv(fd_, in_.data() + old, nread, 0);
    in_.resize(old + (n > 0 ? size_t(n) : 0));
    if (n < 0) {
        int err = errno;
        if (err == ECONNRESET) return show_econnreset_ ? recv_error(err) : recv_closed();
        if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR) return 0;
        return recv_error(err);
    }
    if (n == 0) return recv_closed();
    if (iremain_ > 0) {
        iremain_ -= std::min(iremain_, size_t(n));
        if (iremain_ == 0) return deliver(in_.size());
    } else {
        size_t len;
        int64_t r = remain(&len);
        if (r < 0) return recv_error(EMSGSIZE);
        if (r == 0) return deliver(len);
        if (len > 0) iremain_ = len;
    }
    return 0;
}

// Delivers the packets that are complete (one in passive mode); len is the first packet's
// length, or 0 to look for one. Returns how many went out, < 0 on a packet error.
int TcpInet::deliver(size_t len) {
    int count = 0;
    if (len == 0) {
        if (!ibuf_ || iremain_ > 0) return 0;
        int64_t r = remain(&len);
        if (r != 0) {
            if (r < 0) return -1;
            if (len > 0) iremain_ = len;
            return 0;
        }
    }
    while (len > 0) {
        count_input(len);
        if (reply_data(std::string_view(in_).substr(0, len)) < 0) return -1;
        in_.erase(0, len);
        if (in_.empty())
            clear_input();
        else
            iremain_ = 0;
        ++count;
        len = 0;
        if (active_ == kPassive) {
            recv_timer_.stop();
            watch_.remove(UV_READABLE);
        } else if (ibuf_) {
            int64_t r = remain(&len);
            if (r != 0) {
                if (r < 0) return -1;
                if (len > 0) iremain_ = len;
                len = 0;
            }
        }
    }
    return count;
}

// One packet to its receiver: the caller of a passive recv, the owner in an active mode
// ({tcp, S, Data}, {http, S, ...}), or the owner as port data with deliver port.
int TcpInet::reply_data(std::string_view packet) {
    packet::Type type = packet::Type(htype_);
    std::string_view body = packet::body(type, packet);
    Process &h = io_heap();
    if (port_->dist_node() != kNonValue && active_ != kPassive) {
        // A distribution controller: the engine takes its packets (erts' erts_net_message).
        dist::port_input(*port_, body);
        check_active_to_passive();
        return 0;
    }
    if (deliver_ == kDeliverPort) {
        port_->send_to_connected(make_tuple(&h, {kData, port_data_term(h, body)}));
        check_active_to_passive();
        return 0;
    }
    Term parsed = kNonValue;
    if (packet::is_http(type)) {
        bool bin = type == packet::Type::HttpBin || type == packet::Type::HttphBin;
        packet::HttpLine line;
        parsed = packet::parse_http(packet, &http_header_, &line)
                     ? packet::http_term(&h, line, bin)
                     : packet::http_error_term(&h, packet, bin);
    } else if (type == packet::Type::SslTls) {
        parsed = packet::ssl_tls_term(&h, id(), packet);
    }
    if (active_ == kPassive) {
        if (!op_) return -1;
        AsyncOp op = *op_;
        op_.reset();
        Term data = parsed != kNonValue ? parsed : data_term(h, body);
        send_async(op, make_tuple(&h, {atom::ok, data}));
        return 0;
    }
    Term msg;
    if (parsed == kNonValue)
        msg = make_tuple(&h, {kTcp, id(), data_term(h, body)});
    else if (type == packet::Type::SslTls)
        msg = parsed; // {ssl_tls, S, Type, Version, Bin}
    else
        msg = make_tuple(&h, {kHttp, id(), parsed});
    send_io_message(owner(), msg);
    check_active_to_passive();
    return 0;
}

void TcpInet::closed_message() {
    if (close_sent_) return;
    close_sent_ = true;
    Process &h = io_heap();
    send_io_message(owner(), make_tuple(&h, {kTcpClosed, id()}));
}

void TcpInet::error_message(int err) {
    Process &h = io_heap();
    send_io_message(owner(), make_tuple(&h, {kTcpError, id(), errno_term(err)}));
}

void TcpInet::exit_port(Term reason) {
    port_->exit_unlinked(reason);
}

// The peer closed the connection (or reset it, without show_econnreset).
int TcpInet::recv_closed() {
    bool blocking_send = false;
    if (state_ & kFBusy) { // a sender waits: it learns that the connection closed
        caller_ = busy_caller_;
        clear_output();
        send_timer_.stop();
        set_busy(false);
        inet_reply_error(kClosed);
        blocking_send = true;
    }
    if (!blocking_send) delayed_close_send_ = true; // the next send says closed
    if (active_ == kPassive) {
        recv_timer_.stop();
        clear_input();
        if (exitf_)
            desc_close();
        else
            close_read();
        if (op_) {
            AsyncOp op = *op_;
            op_.reset();
            send_async_error(op, kClosed);
        }
    } else {
        clear_input();
        closed_message();
        if (exitf_) {
            exit_port(atom::normal);
        } else {
            close_read();
        }
    }
    return -1;
}

int TcpInet::recv_error(int err) {
    if (state_ & kFBusy) {
        caller_ = busy_caller_;
        clear_output();
        send_timer_.stop();
        set_busy(false);
        inet_reply_error(kClosed);
    }
    if (active_ == kPassive) {
        recv_timer_.stop();
        clear_input();
        if (exitf_)
            desc_close();
        else
            close_read();
        if (op_) {
            AsyncOp op = *op_;
            op_.reset();
            send_async_error(op, errno_term(err));
        }
    } else {
        clear_input();
        error_message(err);
        closed_message();
        if (exitf_)
            exit_port(errno_term(err));
        else
            close_read();
    }
    return -1;
}

// ---- output ----

void TcpInet::inet_reply_ok() {
    Term to = caller_;
    caller_ = kNonValue;
    send_inet_reply(to, atom::ok);
}

void TcpInet::inet_reply_error(Term reason) {
    Term to = caller_;
    caller_ = kNonValue;
    Process &h = io_heap();
    send_inet_reply(to, make_tuple(&h, {atom::error, reason}));
}

void TcpInet::set_busy(bool on) {
    if (on)
        state_ |= kFBusy;
    else
        state_ &= ~kFBusy;
    port_->set_busy(on);
}

void TcpInet::output(Port &port, std::string data) {
    caller_ = port.caller();
    if (!is_connected()) {
        if (delayed_close_send_) {
            delayed_close_send_ = false;
            // econnreset stays for the next receive
            inet_reply_error(delayed_econnreset_ ? kEconnreset : kClosed);
        } else {
            inet_reply_error(errno_term(ENOTCONN));
        }
    } else if (pending_shut_wr_ || pending_shut_rdwr_) {
        send_or_shutdown_error(EPIPE);
    } else if (send(data) == 0) {
        inet_reply_ok();
    }
    update_hold();
}

void TcpInet::enqueue(std::string_view bytes) {
    if (bytes.empty()) return;
    out_.emplace_back(bytes);
    out_bytes_ += bytes.size();
}

// Returns 0 when the caller may be told ok now, 1 when the reply waits (busy port, or a
// reply already sent), < 0 when the connection failed (replied).
int TcpInet::send(std::string_view data) {
    char header[4];
    size_t hlen = 0;
    uint32_t len = uint32_t(data.size());
    switch (packet::Type(htype_)) {
    case packet::Type::One:
        header[0] = char(len);
        hlen = 1;
        break;
    case packet::Type::Two:
        header[0] = char(len >> 8);
        header[1] = char(len);
        hlen = 2;
        break;
    case packet::Type::Four:
        for (int i = 0; i < 4; ++i)
            header[i] = char(len >> (8 * (3 - i)));
        hlen = 4;
        break;
    default:
        break;
    }
    count_output(data.size() + hlen);
    if (out_bytes_ > 0) {
        enqueue({header, hlen});
        enqueue(data);
        if (out_bytes_ >= high_) {
            if (send_timeout_ == 0) { // polling the high watermark
                inet_reply_error(kTimeout);
                return 1;
            }
            busy_caller_ = caller_;
            set_busy(true);
            if (send_timeout_ != kInfinity)
                arm(send_timer_, send_timeout_, [this] {
                    caller_ = busy_caller_;
                    set_busy(false);
                    inet_reply_error(kTimeout);
                    if (send_timeout_close_) desc_close();
                });
            return 1;
        }
        return 0;
    }
    if (hlen == 0 && data.empty()) return 0;
    if (delay_send_) { // written when the loop comes round
        enqueue({header, hlen});
        enqueue(data);
        arm(delay_timer_, 0, [this] {
            if (is_connected()) write_queue();
        });
        return 0;
    }
    iovec iov[2] = {{header, hlen}, {const_cast<char *>(data.data()), data.size()}};
    ssize_t n = writev(fd_, iov, 2);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return send_error(errno);
        n = 0;
    }
    size_t sent = size_t(n);
    if (sent == hlen + data.size()) return 0;
    if (sent < hlen) {
        enqueue({header + sent, hlen - sent});
        enqueue(data);
    } else {
        enqueue(data.substr(sent - hlen));
    }
    watch_.add(UV_WRITABLE);
    return 0;
}

// The socket can take more: write the queue (erts' tcp_inet_output).
void TcpInet::write_queue() {
    if (fd_ < 0) return;
    for (;;) {
        if (out_.empty()) {
            watch_.remove(UV_WRITABLE);
            send_empty_out_q();
            if (pending_shut_wr_ || pending_shut_rdwr_) shutdown_pending();
            if (flushing_) port_->flushed();
            return;
        }
        iovec iov[64];
        int count = 0;
        for (size_t i = 0; i < out_.size() && count < 64; ++i, ++count) {
            size_t off = i == 0 ? out_off_ : 0;
            iov[count] = {out_[i].data() + off, out_[i].size() - off};
        }
        ssize_t n = writev(fd_, iov, count);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                send_error(errno);
                return;
            }
            if (delay_send_) watch_.add(UV_WRITABLE);
            return;
        }
        size_t left = size_t(n);
        out_bytes_ -= left;
        while (left > 0) {
            size_t avail = out_.front().size() - out_off_;
            if (left < avail) {
                out_off_ += left;
                break;
            }
            left -= avail;
            out_.pop_front();
            out_off_ = 0;
        }
        if (out_bytes_ <= low_ && (state_ & kFBusy)) {
            caller_ = busy_caller_;
            send_timer_.stop();
            inet_reply_ok();
            set_busy(false); // commands waiting for the port are written now
            if (stopped_ || fd_ < 0) return;
        }
    }
}

void TcpInet::clear_output() {
    out_.clear();
    out_off_ = 0;
    out_bytes_ = 0;
    send_empty_out_q();
}

void TcpInet::shutdown_pending() {
    int how = pending_shut_wr_ ? SHUT_WR : SHUT_RDWR;
    pending_shut_wr_ = pending_shut_rdwr_ = false;
    if (::shutdown(fd_, how) != 0)
        send_or_shutdown_error(errno);
    else
        shutdown_wr_done_ = true;
}

int TcpInet::send_error(int err) {
    // EPIPE without our own shutdown means the peer reset the connection.
    if (err == EPIPE && !shutdown_wr_done_) err = ECONNRESET;
    return send_or_shutdown_error(err);
}

int TcpInet::send_or_shutdown_error(int err) {
    bool show = err == ECONNRESET && show_econnreset_;
    if (state_ & kFBusy) {
        caller_ = busy_caller_;
        send_timer_.stop();
        set_busy(false);
    }
    if (active_ != kPassive) {
        Term reason = kClosed;
        if (show) {
            error_message(err);
            reason = errno_term(err);
        }
        closed_message();
        inet_reply_error(reason);
        if (exitf_)
            exit_port(atom::normal);
        else
            desc_close();
    } else {
        close_check();
        if (caller_ != kNonValue)
            inet_reply_error(show ? errno_term(err) : kClosed);
        else
            delayed_close_send_ = true;
        desc_close();
        delayed_close_recv_ = true;
        if (show) delayed_econnreset_ = true;
    }
    return -1;
}

void TcpInet::flush(Port &port) {
    // Closing with output queued: written first, unless linger is {true, 0} or nothing is
    // being written (delayed or blocked output is dropped, as erts drops it).
    if (linger_zero_ || !(watch_.events() & UV_WRITABLE)) {
        clear_output();
        port.flushed();
        return;
    }
    flushing_ = true;
}

// ---- closing ----

void TcpInet::close_check() {
    if (state_ == kStateAccepting) {
        std::deque<AcceptOp> ops;
        ops.swap(accepts_);
        stop_accepting();
        for (auto &a : ops) {
            demonitor(a.op.caller, a.monitor);
            if (a.timer) a.timer->close();
            send_async_error(a.op, kClosed);
        }
    } else if (is_connecting() || is_connected()) {
        if (op_) {
            AsyncOp op = *op_;
            op_.reset();
            send_async_error(op, kClosed);
        }
    }
    recv_timer_.stop();
    send_timer_.stop();
    delay_timer_.stop();
    connect_timer_.stop();
}

void TcpInet::desc_close() {
    clear_input();
    clear_output();
    close_socket();
}

void TcpInet::stop(Port &port) {
    stopped_ = true;
    close_check();
    clear_input();
    for (auto &a : accepts_)
        if (a.timer) a.timer->close();
    accepts_.clear();
    for (Timer *t : {&connect_timer_, &recv_timer_, &send_timer_, &delay_timer_})
        t->close();
    InetDriver::stop(port);
}

} // namespace
} // namespace hamlet::inet

namespace hamlet {
std::unique_ptr<PortDriver> make_tcp_inet_driver() {
    return std::make_unique<inet::TcpInet>();
}
} // namespace hamlet
