// udp_inet: datagram sockets for gen_udp (and kernel's host name at boot), with erts'
// udp_inet behaviour: each datagram arrives with its sender's address, as
// {inet_async, S, Ref, {ok, [Family, Port, Addr... | Data]}} to a passive recvfrom or
// {udp, S, IP, Port, Data} in an active mode (with {tos|tclass|ttl, V} ancillary data when
// the recv* options ask for it); port_command data is [Address, AncLen:32, Anc, Data].
#include "inet/inet_driver.h"

#include "vm/atom_table.h"
#include "vm/term_build.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace hamlet::inet {

namespace {

const Term kUdp = atom_of("udp"), kUdpError = atom_of("udp_error"), kTimeout = atom_of("timeout"),
           kLocal = atom_of("local"), kUnspec = atom_of("unspec"), kTos = atom_of("tos"),
           kTclass = atom_of("tclass"), kTtl = atom_of("ttl"), kData = atom_of("data");

class UdpInet final : public InetDriver {
  public:
    UdpInet() : InetDriver(IPPROTO_UDP) {}
    void output(Port &port, std::string data) override;
    void stop(Port &port) override;

  protected:
    bool protocol_control(uint32_t req, std::string_view data, std::string &reply) override;
    void ready(int events) override;

  private:
    bool open(std::string_view data, bool fd_given, std::string &reply);
    bool connect(std::string_view data, std::string &reply);
    void dissociate();
    int input();
    void reply_error(Term to, Term reason);
    Timer recv_timer_;
};

void UdpInet::reply_error(Term to, Term reason) {
    Process &h = io_heap();
    send_inet_reply(to, make_tuple(&h, {atom::error, reason}));
}

bool UdpInet::protocol_control(uint32_t req, std::string_view d, std::string &reply) {
    switch (req) {
    case kReqOpen:
        return open(d, false, reply);
    case kReqFdopen:
        return open(d, true, reply);
    case kReqClose:
        close_socket();
        return reply_ok(reply);
    case kReqConnect:
        return connect(d, reply);
    case kReqListen: // only for SCTP
        return inet::reply_error(reply, "exbadport");
    case kReqPacketRecv: {
        if (!is_open()) return inet::reply_error(reply, "exbadport");
        if (active_ || d.size() != 8) return reply_errno(reply, EINVAL);
        uint32_t timeout = get32(d, 0); // the length is ignored: one datagram comes whole
        if (op_) return reply_errno(reply, EALREADY);
        op_ = AsyncOp{new_async_id(), port_->caller(), kReqPacketRecv};
        std::string id;
        put16(id, op_->id);
        if (input() == 0 && timeout != kInfinity) {
            arm(recv_timer_, timeout, [this] {
                watch_.remove(UV_READABLE);
                if (op_) {
                    AsyncOp op = *op_;
                    op_.reset();
                    send_async_error(op, kTimeout);
                }
            });
        }
        return reply_ok(reply, id);
    }
    default:
        return false;
    }
}

bool UdpInet::open(std::string_view d, bool fd_given, std::string &reply) {
    if (fd_given ? (d.size() != 6 && d.size() != 10) : d.size() != 2)
        return reply_errno(reply, EINVAL);
    int domain, type;
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
    switch (uint8_t(d[1])) {
    case kTypeStream:
        type = SOCK_STREAM;
        break;
    case kTypeDgram:
        type = SOCK_DGRAM;
        break;
    case kTypeSeqpacket:
        type = SOCK_SEQPACKET;
        break;
    default:
        return reply_errno(reply, EINVAL);
    }
    if (fd_given) {
        bool bound = d.size() == 6 || get32(d, 6) != 0;
        adopt_socket(domain, type, int(get32(d, 2)), bound, reply);
    } else {
        open_socket(domain, type, reply);
    }
    if (reply[0] != char(kRepError) && active_) watch_.add(UV_READABLE);
    return true;
}

void UdpInet::dissociate() {
    sockaddr sa{};
    sa.sa_family = AF_UNSPEC;
    ::connect(fd_, &sa, sizeof sa);
}

// UDP connect only sets the default destination; it is done at once.
bool UdpInet::connect(std::string_view d, std::string &reply) {
    if (!is_open()) return inet::reply_error(reply, "exbadport");
    AsyncOp op{new_async_id(), port_->caller(), kReqConnect};
    std::string id;
    put16(id, op.id);
    if (d.empty()) {
        dissociate();
        state_ &= ~kFActive;
        send_async(op, atom::ok);
        return reply_ok(reply, id);
    }
    if (d.size() < 6) return reply_errno(reply, EINVAL);
    d.remove_prefix(4); // the timeout is ignored
    if (const char *e = decode_address(sfamily_, d, &remote_)) return inet::reply_error(reply, e);
    // Linux keeps the old source address when a connected socket connects elsewhere.
    if (is_connected()) dissociate();
    if (::connect(fd_, remote_.sa(), remote_.len) != 0) {
        int err = errno;
        dissociate();
        state_ &= ~kFActive;
        return reply_errno(reply, err);
    }
    state_ |= kFActive;
    send_async(op, atom::ok);
    return reply_ok(reply, id);
}

void UdpInet::output(Port &port, std::string data) {
    Term caller = port.caller();
    if (!is_open()) return reply_error(caller, errno_term(EINVAL));
    std::string_view d = data;
    SockAddr to;
    if (const char *e = decode_address(sfamily_, d, &to)) return reply_error(caller, atom_of(e));
    if (d.size() < 4) return reply_error(caller, errno_term(EINVAL));
    uint32_t anc_len = get32(d, 0);
    d.remove_prefix(4);
    if (d.size() < anc_len) return reply_error(caller, errno_term(EINVAL));
    std::string_view anc = d.substr(0, anc_len);
    d.remove_prefix(anc_len);
    bool connected = state_ & kFActive;
    ssize_t r;
    if (anc.empty()) {
        count_output(d.size());
        r = connected ? ::send(fd_, d.data(), d.size(), 0)
                      : ::sendto(fd_, d.data(), d.size(), 0, to.sa(), to.len);
    } else {
        // [Opt, Value:32]... : tos, ttl or tclass for this datagram
        alignas(cmsghdr) char control[3 * CMSG_SPACE(sizeof(int))] = {};
        msghdr msg{};
        iovec iov{const_cast<char *>(d.data()), d.size()};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        if (!connected) {
            msg.msg_name = to.sa();
            msg.msg_namelen = to.len;
        }
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        cmsghdr *c = CMSG_FIRSTHDR(&msg);
        size_t used = 0;
        while (!anc.empty()) {
            if (!c || anc.size() < 5) return reply_error(caller, errno_term(EINVAL));
            uint8_t opt = uint8_t(anc[0]);
            int value = int(get32(anc, 1));
            anc.remove_prefix(5);
            if (opt == kOptTos) {
                c->cmsg_level = IPPROTO_IP;
                c->cmsg_type = IP_TOS;
            } else if (opt == kOptTtl) {
                c->cmsg_level = IPPROTO_IP;
                c->cmsg_type = IP_TTL;
            } else if (opt == kOptTclass) {
                c->cmsg_level = IPPROTO_IPV6;
                c->cmsg_type = IPV6_TCLASS;
            } else {
                return reply_error(caller, errno_term(EINVAL));
            }
            c->cmsg_len = CMSG_LEN(sizeof(int));
            std::memcpy(CMSG_DATA(c), &value, sizeof value);
            used += CMSG_SPACE(sizeof(int));
            c = CMSG_NXTHDR(&msg, c);
        }
        msg.msg_controllen = used;
        count_output(d.size());
        r = ::sendmsg(fd_, &msg, 0);
    }
    if (r < 0)
        reply_error(caller, errno_term(errno));
    else
        send_inet_reply(caller, atom::ok);
}

void UdpInet::ready(int events) {
    if (events & UV_READABLE) input();
}

// Reads datagrams: one for a passive recvfrom, up to read_packets in an active mode (the
// poll calls again while more are waiting). Returns how many were delivered.
int UdpInet::input() {
    int count = 0;
    for (int tries = read_packets_; tries > 0; --tries) {
        std::string buf(size_t(bufsz_), '\0');
        SockAddr from;
        from.len = sizeof from.ss;
        alignas(cmsghdr) char control[256];
        msghdr msg{};
        bool ancillary = false;
        ssize_t n;
        if (state_ & kFActive) {
            n = ::recv(fd_, buf.data(), buf.size(), 0);
            from = remote_;
        } else if (recv_cmsgflags_) {
            iovec iov{buf.data(), buf.size()};
            msg.msg_name = from.sa();
            msg.msg_namelen = from.len;
            msg.msg_iov = &iov;
            msg.msg_iovlen = 1;
            msg.msg_control = control;
            msg.msg_controllen = sizeof control;
            n = ::recvmsg(fd_, &msg, 0);
            from.len = msg.msg_namelen;
            ancillary = true;
        } else {
            n = ::recvfrom(fd_, buf.data(), buf.size(), 0, from.sa(), &from.len);
        }
        if (n < 0) {
            int err = errno;
            if (err != EAGAIN && err != EWOULDBLOCK && err != EINTR) {
                if (active_ == kPassive) {
                    recv_timer_.stop();
                    watch_.remove(UV_READABLE);
                    if (op_) {
                        AsyncOp op = *op_;
                        op_.reset();
                        send_async_error(op, errno_term(err));
                    }
                } else {
                    Process &h = io_heap();
                    send_io_message(owner(), make_tuple(&h, {kUdpError, id(), errno_term(err)}));
                }
                return count;
            }
            if (active_ == kPassive) watch_.add(UV_READABLE);
            return count;
        }
        buf.resize(size_t(n));
        count_input(size_t(n));
        std::string addr;
        encode_address(from, addr);
        Process &h = io_heap();
        Term anc = kNonValue;
        if (ancillary) {
            std::vector<Term> items;
            for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
                Term tag;
                if (c->cmsg_level == IPPROTO_IP &&
                    (c->cmsg_type == IP_TOS || c->cmsg_type == IP_RECVTOS))
                    tag = kTos;
                else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_TCLASS)
                    tag = kTclass;
                else if (c->cmsg_level == IPPROTO_IP &&
                         (c->cmsg_type == IP_TTL || c->cmsg_type == IP_RECVTTL))
                    tag = kTtl;
                else
                    continue;
                size_t len = c->cmsg_len - CMSG_LEN(0);
                uint64_t v = 0;
                const unsigned char *p = CMSG_DATA(c);
                if (len == 1)
                    v = p[0];
                else if (len == 2)
                    v = *reinterpret_cast<const uint16_t *>(p);
                else if (len == 4)
                    v = *reinterpret_cast<const uint32_t *>(p);
                else if (len == 8)
                    v = *reinterpret_cast<const uint64_t *>(p);
                items.push_back(make_tuple(&h, {tag, make_uint64(&h, v)}));
            }
            anc = make_term_list(&h, items);
        }
        if (active_ == kPassive) {
            if (!op_) return count;
            AsyncOp op = *op_;
            op_.reset();
            // [Family, Port, Addr... | Data]: the address as header bytes before the data
            Term data = data_term(h, addr + buf, addr.size());
            if (anc != kNonValue) data = make_tuple(&h, {data, anc});
            send_async(op, make_tuple(&h, {atom::ok, data}));
            recv_timer_.stop();
            watch_.remove(UV_READABLE);
            return count + 1;
        }
        if (deliver_ == kDeliverPort) {
            port_->send_to_connected(make_tuple(&h, {kData, port_data_term(h, addr + buf)}));
        } else {
            Term ip, port_no;
            std::string_view a = addr;
            if (a[0] == char(kAfInet)) {
                ip = make_tuple(&h, {make_small(uint8_t(a[3])), make_small(uint8_t(a[4])),
                                     make_small(uint8_t(a[5])), make_small(uint8_t(a[6]))});
                port_no = make_small(SWord(get16(a, 1)));
            } else if (a[0] == char(kAfInet6)) {
                Term w[8];
                for (size_t i = 0; i < 8; ++i)
                    w[i] = make_small(SWord(get16(a, 3 + 2 * i)));
                ip = make_tuple(&h, {w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]});
                port_no = make_small(SWord(get16(a, 1)));
            } else if (a[0] == char(kAfLocal)) {
                ip = make_tuple(&h, {kLocal, make_binary(&h, a.data() + 2, uint8_t(a[1]))});
                port_no = make_small(0);
            } else {
                ip = make_tuple(&h, {a[0] == char(kAfUnspec) ? kUnspec : atom::undefined,
                                     make_binary(&h, "", 0)});
                port_no = make_small(0);
            }
            Term data = data_term(h, buf);
            Term msg = anc != kNonValue ? make_tuple(&h, {kUdp, id(), ip, port_no, anc, data})
                                        : make_tuple(&h, {kUdp, id(), ip, port_no, data});
            send_io_message(owner(), msg);
        }
        ++count;
        check_active_to_passive();
        if (active_ == kPassive) {
            watch_.remove(UV_READABLE);
            return count;
        }
    }
    return count;
}

void UdpInet::stop(Port &port) {
    if (op_) {
        AsyncOp op = *op_;
        op_.reset();
        send_async_error(op, atom_of("closed"));
    }
    recv_timer_.close();
    InetDriver::stop(port);
}

} // namespace
} // namespace hamlet::inet

namespace hamlet {
std::unique_ptr<PortDriver> make_udp_inet_driver() {
    return std::make_unique<inet::UdpInet>();
}
} // namespace hamlet
