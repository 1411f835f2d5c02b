// What tcp_inet and udp_inet share (inet/inet_driver.h): the socket and its state, the
// control requests common to both, addresses, messages, statistics, and the libuv handles
// that watch sockets and time operations on the I/O thread.
#include "inet/inet_driver.h"

#include "ports/io_thread.h"
#include "vm/atom_table.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace hamlet::inet {

const char *errno_name(int err) {
    switch (err) {
    case EOPNOTSUPP: // the same number as ENOTSUP on Linux, named as erts names it
        return "enotsup";
    case 0:
        return "unknown";
    default:
        break;
    }
    const char *name = strerrorname_np(err);
    if (!name) return "unknown";
    static thread_local char lower[64];
    size_t i = 0;
    for (; name[i] && i + 1 < sizeof lower; ++i)
        lower[i] = char(std::tolower(static_cast<unsigned char>(name[i])));
    lower[i] = 0;
    return lower;
}

Term errno_term(int err) {
    return atom_of(errno_name(err));
}

// ---- addresses ----

const char *decode_address(int family, std::string_view &d, SockAddr *out) {
    if (d.empty()) return "einval";
    uint8_t tag = uint8_t(d[0]);
    d.remove_prefix(1);
    *out = SockAddr{};
    switch (tag) {
    case kAfInet: {
        if (d.size() < 6) return "einval";
        auto *sa = reinterpret_cast<sockaddr_in *>(&out->ss);
        sa->sin_family = AF_INET;
        sa->sin_port = htons(uint16_t(get16(d, 0)));
        std::memcpy(&sa->sin_addr, d.data() + 2, 4);
        out->len = sizeof *sa;
        d.remove_prefix(6);
        return nullptr;
    }
    case kAfInet6: {
        if (d.size() < 18) return "einval";
        auto *sa = reinterpret_cast<sockaddr_in6 *>(&out->ss);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(uint16_t(get16(d, 0)));
        std::memcpy(&sa->sin6_addr, d.data() + 2, 16);
        d.remove_prefix(18);
        // Flow info and scope id follow when prim_inet sends them (always, in OTP 25).
        if (d.size() >= 8) {
            sa->sin6_flowinfo = htonl(get32(d, 0));
            sa->sin6_scope_id = get32(d, 4);
            d.remove_prefix(8);
        }
        out->len = sizeof *sa;
        return nullptr;
    }
    case kAfLocal: {
        if (d.empty()) return "einval";
        size_t n = uint8_t(d[0]);
        if (d.size() < 1 + n) return "einval";
        auto *sa = reinterpret_cast<sockaddr_un *>(&out->ss);
        // Linux's abstract names (a first byte 0) need no terminating zero.
        bool abstract = n > 0 && d[1] == '\0';
        if (n + (abstract ? 0 : 1) > sizeof sa->sun_path) return "einval";
        sa->sun_family = AF_UNIX;
        std::memcpy(sa->sun_path, d.data() + 1, n);
        out->len = socklen_t(offsetof(sockaddr_un, sun_path) + n);
        d.remove_prefix(1 + n);
        return nullptr;
    }
    case kAfAny:
    case kAfLoopback: {
        if (d.size() < 2) return "einval";
        uint16_t port = uint16_t(get16(d, 0));
        d.remove_prefix(2);
        if (family == AF_INET) {
            auto *sa = reinterpret_cast<sockaddr_in *>(&out->ss);
            sa->sin_family = AF_INET;
            sa->sin_port = htons(port);
            sa->sin_addr.s_addr = htonl(tag == kAfAny ? INADDR_ANY : INADDR_LOOPBACK);
            out->len = sizeof *sa;
            return nullptr;
        }
        if (family == AF_INET6) {
            auto *sa = reinterpret_cast<sockaddr_in6 *>(&out->ss);
            sa->sin6_family = AF_INET6;
            sa->sin6_port = htons(port);
            sa->sin6_addr = tag == kAfAny ? in6addr_any : in6addr_loopback;
            out->len = sizeof *sa;
            return nullptr;
        }
        return "einval";
    }
    default:
        return "eafnosupport";
    }
}

bool encode_address(const SockAddr &a, std::string &out) {
    switch (a.ss.ss_family) {
    case AF_INET: {
        auto *sa = reinterpret_cast<const sockaddr_in *>(&a.ss);
        out.push_back(char(kAfInet));
        put16(out, ntohs(sa->sin_port));
        out.append(reinterpret_cast<const char *>(&sa->sin_addr), 4);
        return true;
    }
    case AF_INET6: {
        auto *sa = reinterpret_cast<const sockaddr_in6 *>(&a.ss);
        out.push_back(char(kAfInet6));
        put16(out, ntohs(sa->sin6_port));
        out.append(reinterpret_cast<const char *>(&sa->sin6_addr), 16);
        return true;
    }
    case AF_UNIX: {
        auto *sa = reinterpret_cast<const sockaddr_un *>(&a.ss);
        size_t max =
            a.len > offsetof(sockaddr_un, sun_path) ? a.len - offsetof(sockaddr_un, sun_path) : 0;
        if (max > 255) return false;
        size_t n = strnlen(sa->sun_path, max);
        if (n == 0) n = max; // an abstract name: its whole length
        out.push_back(char(kAfLocal));
        out.push_back(char(n));
        out.append(sa->sun_path, n);
        return true;
    }
    case AF_UNSPEC:
        out.push_back(char(kAfUnspec));
        return false;
    default:
        out.push_back(char(kAfUndefined));
        return false;
    }
}

// ---- libuv handles ----

void Watch::open(int fd, Callback cb) {
    close();
    cb_ = std::move(cb);
    handle_ = new uv_poll_t;
    if (uv_poll_init(IoThread::global().loop(), handle_, fd) != 0) {
        delete handle_;
        handle_ = nullptr;
        return;
    }
    handle_->data = this;
}

void Watch::set(int events) {
    if (!handle_ || events == events_) {
        events_ = handle_ ? events : 0;
        return;
    }
    events_ = events;
    if (events == 0) {
        uv_poll_stop(handle_);
        return;
    }
    uv_poll_start(handle_, events, [](uv_poll_t *h, int status, int ev) {
        auto *w = static_cast<Watch *>(h->data);
        // An error on the socket (status < 0) is found by the read or write it wakes.
        if (status < 0) ev = w->events_;
        if (ev & w->events_) {
            Callback cb = w->cb_; // the callback may close the watch
            cb(ev & w->events_);
        }
    });
}

void Watch::close() {
    if (!handle_) return;
    // Stopping removes the descriptor from the loop, so it may be closed right after.
    uv_poll_stop(handle_);
    uv_close(reinterpret_cast<uv_handle_t *>(handle_),
             [](uv_handle_t *h) { delete reinterpret_cast<uv_poll_t *>(h); });
    handle_ = nullptr;
    events_ = 0;
}

void Timer::start(uint64_t ms, Callback cb) {
    if (!handle_) {
        handle_ = new uv_timer_t;
        uv_timer_init(IoThread::global().loop(), handle_);
        handle_->data = this;
    }
    cb_ = std::move(cb);
    uv_timer_start(
        handle_,
        [](uv_timer_t *h) {
            auto *t = static_cast<Timer *>(h->data);
            Callback cb = std::move(t->cb_);
            cb();
        },
        ms, 0);
}

void Timer::stop() {
    if (handle_) uv_timer_stop(handle_);
    cb_ = nullptr;
}

bool Timer::active() const {
    return handle_ && uv_is_active(reinterpret_cast<const uv_handle_t *>(handle_));
}

uint64_t Timer::remaining() const {
    if (!active()) return 0;
    uint64_t due = uv_timer_get_due_in(handle_);
    return due;
}

void Timer::close() {
    if (!handle_) return;
    uv_timer_stop(handle_);
    uv_close(reinterpret_cast<uv_handle_t *>(handle_),
             [](uv_handle_t *h) { delete reinterpret_cast<uv_timer_t *>(h); });
    handle_ = nullptr;
    cb_ = nullptr;
}

// ---- the driver ----

Term InetDriver::start(Port &port, const PortOptions &) {
    port_ = &port;
    return kNonValue;
}

Term InetDriver::id() const {
    return port_->id;
}

Term InetDriver::owner() const {
    return port_->connected();
}

void InetDriver::update_hold() {
    bool timers = false;
    for (Timer *t : hold_timers_)
        timers = timers || t->active();
    bool want = watch_.events() != 0 || timers;
    if (want == held_) return;
    held_ = want;
    if (want)
        IoThread::global().hold();
    else
        IoThread::global().release();
}

void InetDriver::stop(Port &) {
    close_socket();
    for (Timer *t : hold_timers_)
        t->close();
    update_hold();
}

bool InetDriver::open_socket(int domain, int type, std::string &reply) {
    if (state_ != kStateClosed) return reply_error(reply, "exbadseq");
    int protocol = domain == AF_UNIX ? 0 : sprotocol_;
    int fd = socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) return reply_errno(reply, errno);
    fd_ = fd;
    watch_.open(fd_, [this](int events) {
        ready(events);
        update_hold();
    });
    state_ = kStateOpen;
    stype_ = type;
    sfamily_ = domain;
    return reply_ok(reply);
}

bool InetDriver::adopt_socket(int domain, int type, int fd, bool bound, std::string &reply) {
    if (state_ != kStateClosed) return reply_error(reply, "exbadseq");
    SockAddr name;
    name.len = sizeof name.ss;
    if (bound) { // it must be a socket bound in this family
        if (getsockname(fd, name.sa(), &name.len) != 0) return reply_errno(reply, errno);
        if (name.ss.ss_family != domain) return reply_errno(reply, EINVAL);
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return reply_errno(reply, errno);
    fd_ = fd;
    prebound_ = true;
    watch_.open(fd_, [this](int events) {
        ready(events);
        update_hold();
    });
    state_ = kStateOpen;
    stype_ = type;
    sfamily_ = domain;
    // A connected stream socket starts as connected.
    if (type == SOCK_STREAM) {
        SockAddr peer;
        peer.len = sizeof peer.ss;
        if (getpeername(fd, peer.sa(), &peer.len) == 0) state_ = kStateConnected;
    }
    return reply_ok(reply);
}

void InetDriver::close_socket() {
    empty_out_q_subs_.clear();
    if (fd_ >= 0 && (state_ & kFOpen)) {
        watch_.close();
        if (!prebound_) ::close(fd_);
        fd_ = -1;
        state_ = kStateClosed;
    }
    update_hold();
}

void InetDriver::close_read() {
    if (fd_ >= 0) watch_.remove(UV_READABLE);
    update_hold();
}

// ---- messages ----

void InetDriver::send_async(const AsyncOp &op, Term result) {
    static const Term kInetAsync = atom_of("inet_async");
    Process &h = io_heap();
    send_io_message(op.caller, make_tuple(&h, {kInetAsync, id(), make_small(op.id), result}));
}

void InetDriver::send_async_error(const AsyncOp &op, Term reason) {
    Process &h = io_heap();
    send_async(op, make_tuple(&h, {atom::error, reason}));
}

void InetDriver::send_inet_reply(Term to, Term status) {
    static const Term kInetReply = atom_of("inet_reply");
    if (!is_local_pid(to)) return;
    Process &h = io_heap();
    send_io_message(to, make_tuple(&h, {kInetReply, id(), status}));
}

Term InetDriver::data_term(Process &h, std::string_view bytes, size_t extra_header) const {
    size_t header = hsz_ + extra_header;
    if (mode_ == kModeList || header > bytes.size()) return make_string(&h, bytes);
    Term bin = make_binary(&h, bytes.data() + header, bytes.size() - header);
    for (size_t i = header; i > 0; --i)
        bin = make_cons(&h, make_small(uint8_t(bytes[i - 1])), bin);
    return bin;
}

Term InetDriver::port_data_term(Process &h, std::string_view bytes) const {
    if (port_->options().binary) return data_term(h, bytes);
    return make_string(&h, bytes);
}

void InetDriver::send_passive() {
    static const Term kTcpPassive = atom_of("tcp_passive"), kUdpPassive = atom_of("udp_passive");
    Process &h = io_heap();
    send_io_message(owner(),
                    make_tuple(&h, {sprotocol_ == IPPROTO_TCP ? kTcpPassive : kUdpPassive, id()}));
}

void InetDriver::check_active_to_passive() {
    if (active_ == kOnce) {
        active_ = kPassive;
    } else if (active_ == kMulti && --active_count_ == 0) {
        active_ = kPassive;
        send_passive();
    }
}

void InetDriver::send_empty_out_q() {
    static const Term kEmptyOutQ = atom_of("empty_out_q");
    std::vector<Term> subs;
    subs.swap(empty_out_q_subs_);
    for (Term pid : subs) {
        Process &h = io_heap();
        send_io_message(pid, make_tuple(&h, {kEmptyOutQ, id()}));
    }
}

void InetDriver::count_input(size_t n) {
    uint32_t count = recv_cnt_ + 1;
    if (count == 0) count = 1; // wrapped: a new average starts
    recv_oct_ += n;
    double avg = recv_avg_ + (double(n) - recv_avg_) / count;
    recv_avg_ = avg;
    if (n > recv_max_) recv_max_ = uint32_t(n);
    recv_dvi_ = recv_dvi_ + ((double(n) - avg) - recv_dvi_) / count;
    recv_cnt_ = count;
}

void InetDriver::count_output(size_t n) {
    uint32_t count = send_cnt_ + 1;
    if (count == 0) count = 1;
    send_oct_ += n;
    send_avg_ += (double(n) - send_avg_) / count;
    if (n > send_max_) send_max_ = uint32_t(n);
    send_cnt_ = count;
}

uint64_t InetDriver::monitor(Term pid) {
    return port_->monitor_process(pid);
}

void InetDriver::demonitor(Term pid, uint64_t ref) {
    port_->demonitor_process(pid, ref);
}

void InetDriver::arm(Timer &t, uint64_t ms, std::function<void()> fn) {
    if (std::find(hold_timers_.begin(), hold_timers_.end(), &t) == hold_timers_.end())
        hold_timers_.push_back(&t);
    t.start(ms, [this, fn = std::move(fn)] {
        fn();
        update_hold();
    });
    update_hold();
}

// ---- control ----

bool InetDriver::control(Port &, uint32_t op, std::string_view data, std::string &reply, bool &) {
    // Requests are offsets from prim_inet's magic number; anything else is an unknown one.
    uint32_t req = op - kControlMagic;
    if (!protocol_control(req, data, reply)) common_control(req, data, reply);
    update_hold();
    return true;
}

bool InetDriver::common_control(uint32_t req, std::string_view data, std::string &reply) {
    switch (req) {
    case kReqGetstat:
        return fill_stat(data, reply);
    case kReqSubscribe:
        return subscribe(data, reply);
    case kReqGetopts:
        if (!get_opts(data, reply)) return reply_errno(reply, EINVAL);
        return true;
    case kReqSetopts:
        switch (int r = set_opts(data)) {
        case -1:
            return reply_errno(reply, EINVAL);
        case 0:
            return reply_ok(reply);
        default:
            reply_ok(reply);
            options_changed(r);
            return true;
        }
    case kReqGetstatus: {
        std::string s;
        put32(s, uint32_t(state_));
        return reply_ok(reply, s);
    }
    case kReqGettype: {
        std::string s;
        if (sfamily_ == AF_INET)
            put32(s, kAfInet);
        else if (sfamily_ == AF_INET6)
            put32(s, kAfInet6);
        else if (sfamily_ == AF_UNIX)
            put32(s, kAfLocal);
        else
            return reply_errno(reply, EINVAL);
        if (stype_ == SOCK_STREAM)
            put32(s, kTypeStream);
        else if (stype_ == SOCK_DGRAM)
            put32(s, kTypeDgram);
        else if (stype_ == SOCK_SEQPACKET)
            put32(s, kTypeSeqpacket);
        else
            return reply_errno(reply, EINVAL);
        return reply_ok(reply, s);
    }
    case kReqGetfd: {
        if (!is_open()) return reply_errno(reply, EINVAL);
        std::string s;
        put32(s, uint32_t(fd_));
        return reply_ok(reply, s);
    }
    case kReqPeer: {
        if (!(state_ & kFActive)) return reply_errno(reply, ENOTCONN);
        SockAddr a;
        if (fake_peer_) {
            a = *fake_peer_;
        } else {
            a.len = sizeof a.ss;
            if (getpeername(fd_, a.sa(), &a.len) != 0) return reply_errno(reply, errno);
        }
        std::string s;
        if (!encode_address(a, s)) return reply_errno(reply, EINVAL);
        return reply_ok(reply, s);
    }
    case kReqName: {
        SockAddr a;
        if (fake_name_) {
            a = *fake_name_;
        } else {
            a.len = sizeof a.ss;
            if (getsockname(fd_, a.sa(), &a.len) != 0) return reply_errno(reply, errno);
        }
        std::string s;
        if (!encode_address(a, s)) return reply_errno(reply, EINVAL);
        return reply_ok(reply, s);
    }
    case kReqSetname:
    case kReqSetpeer: {
        std::optional<SockAddr> &fake = req == kReqSetname ? fake_name_ : fake_peer_;
        if (data.empty()) {
            fake.reset();
            return reply_ok(reply);
        }
        if (data.size() < 2) return reply_errno(reply, EINVAL);
        SockAddr a;
        std::string_view d = data;
        if (const char *e = decode_address(sfamily_, d, &a)) return reply_error(reply, e);
        fake = a;
        return reply_ok(reply);
    }
    case kReqGetladdrs:
    case kReqGetpaddrs: {
        if (data.size() != 4) return reply_errno(reply, EINVAL);
        if (!is_open()) return reply_error(reply, "exbadport");
        SockAddr a;
        a.len = sizeof a.ss;
        int r = req == kReqGetladdrs ? getsockname(fd_, a.sa(), &a.len)
                                     : getpeername(fd_, a.sa(), &a.len);
        if (r != 0) return reply_errno(reply, errno);
        std::string s;
        encode_address(a, s);
        return reply_ok(reply, s);
    }
    case kReqBind: {
        if (data.size() < 2) return reply_errno(reply, EINVAL);
        if (state_ != kStateOpen) return reply_error(reply, "exbadport");
        SockAddr a;
        std::string_view d = data;
        if (const char *e = decode_address(sfamily_, d, &a)) return reply_error(reply, e);
        if (::bind(fd_, a.sa(), a.len) != 0) return reply_errno(reply, errno);
        SockAddr bound;
        bound.len = sizeof bound.ss;
        uint16_t port = 0;
        if (getsockname(fd_, bound.sa(), &bound.len) == 0) {
            if (bound.ss.ss_family == AF_INET)
                port = ntohs(reinterpret_cast<sockaddr_in *>(&bound.ss)->sin_port);
            else if (bound.ss.ss_family == AF_INET6)
                port = ntohs(reinterpret_cast<sockaddr_in6 *>(&bound.ss)->sin6_port);
        }
        std::string s;
        put16(s, port);
        return reply_ok(reply, s);
    }
    case kReqGethostname:
    case kReqGetservbyname:
    case kReqGetservbyport:
    case kReqGetiflist:
    case kReqIfget:
    case kReqIfset:
    case kReqGetifaddrs:
        return names_control(req, data, reply);
    default:
        return reply_error(reply, "exbadport");
    }
}

bool InetDriver::fill_stat(std::string_view data, std::string &reply) {
    std::string s;
    for (char c : data) {
        uint8_t op = uint8_t(c);
        s.push_back(char(op));
        uint32_t v;
        switch (op) {
        case kStatRecvCnt:
            v = recv_cnt_;
            break;
        case kStatRecvMax:
            v = recv_max_;
            break;
        case kStatRecvAvg:
            v = uint32_t(recv_avg_);
            break;
        case kStatRecvDvi:
            v = uint32_t(std::fabs(recv_dvi_));
            break;
        case kStatSendCnt:
            v = send_cnt_;
            break;
        case kStatSendMax:
            v = send_max_;
            break;
        case kStatSendAvg:
            v = uint32_t(send_avg_);
            break;
        case kStatSendPend:
            v = uint32_t(queued());
            break;
        case kStatRecvOct:
            put64(s, recv_oct_);
            continue;
        case kStatSendOct:
            put64(s, send_oct_);
            continue;
        default:
            return reply_errno(reply, EINVAL);
        }
        put32(s, v);
    }
    return reply_ok(reply, s);
}

bool InetDriver::subscribe(std::string_view data, std::string &reply) {
    std::string s;
    for (char c : data) {
        if (uint8_t(c) != 1) return reply_errno(reply, EINVAL); // INET_SUBS_EMPTY_OUT_Q
        s.push_back(c);
        uint32_t pending = uint32_t(queued());
        if (pending > 0) {
            Term caller = port_->caller();
            if (std::find(empty_out_q_subs_.begin(), empty_out_q_subs_.end(), caller) ==
                empty_out_q_subs_.end())
                empty_out_q_subs_.push_back(caller);
        }
        put32(s, pending);
    }
    return reply_ok(reply, s);
}

} // namespace hamlet::inet
