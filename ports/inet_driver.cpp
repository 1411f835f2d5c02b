// The inet drivers udp_inet and tcp_inet, as far as kernel's boot needs them: the real
// prim_inet opens a UDP socket to learn the host name (inet_config:set_hostname/0, called
// by inet_db) and closes it again. Implemented: INET_REQ_OPEN (inet, inet6, local; stream,
// dgram), BIND, NAME (the socket's address), SETOPTS/GETOPTS of the integer options (kept,
// reported back; the socket buffer sizes and address reuse reach the socket), GETHOSTNAME,
// SUBSCRIBE (the output queue is always empty) and GETTYPE. No data moves: connect,
// listen, accept, send and receive answer enotsup (the networking milestone writes them).
//
// Commands arrive as port_control(Port, ?ERTS_INET_DRV_CONTROL_MAGIC_NUMBER + Req, Args)
// and answer lists: [1 | Data] (ok), [0 | ErrnoName] (error), as
// erts/preloaded/src/prim_inet.erl expects.
#include "ports/driver.h"
#include "vm/atom_table.h"
#include "vm/term_build.h"

#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace hamlet {

namespace {

constexpr uint32_t kInetMagic = 0x03F1A300;
enum Req : uint32_t {
    kOpen = 1,
    kName = 5,
    kBind = 6,
    kSetopts = 7,
    kGetopts = 8,
    kGethostname = 12,
    kGettype = 15,
    kSubscribe = 24,
};
enum : uint8_t { kRepError = 0, kRepOk = 1 };
enum : uint8_t { kAfInet = 1, kAfInet6 = 2, kAfLocal = 5 };
enum : uint8_t { kTypeStream = 1, kTypeDgram = 2 };
enum : uint8_t {
    kOptReuseaddr = 0,
    kOptLinger = 3,
    kOptSndbuf = 6,
    kOptRcvbuf = 7,
    kOptRaw = 34,
    kSubsEmptyOutQ = 1,
};

void put32(std::string &out, uint32_t v) {
    for (int i = 3; i >= 0; --i)
        out.push_back(char(v >> (8 * i)));
}
uint32_t get32(std::string_view s, size_t at) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i)
        v = v << 8 | static_cast<unsigned char>(s[at + i]);
    return v;
}

bool error_reply(std::string &reply, int err) {
    reply.assign(1, char(kRepError));
    reply += strerrorname_np(err) ? std::string(strerrorname_np(err)) : "einval";
    for (char &c : reply)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return true;
}

class InetDriver final : public PortDriver {
  public:
    explicit InetDriver(int type) : default_type_(type) {}

    Term start(Port &, const PortOptions &) override { return kNonValue; }
    bool soft_busy() const override { return true; }

    // prim_inet:send/2 waits for {inet_reply, S, Status} from the port.
    void output(Port &port, std::string) override {
        static const Term kInetReply = *AtomTable::global().intern("inet_reply"),
                          kEnotsup = *AtomTable::global().intern("enotsup");
        Process &h = io_heap();
        send_io_message(port.caller(), make_tuple(&h, {kInetReply, port.id,
                                                       make_tuple(&h, {atom::error, kEnotsup})}));
    }

    bool control(Port &, uint32_t op, std::string_view data, std::string &reply, bool &) override {
        if (op < kInetMagic) return false;
        switch (op - kInetMagic) {
        case kOpen:
            return open(data, reply);
        case kBind:
            return bind(data, reply);
        case kName:
            return name(reply);
        case kSetopts:
            return setopts(data, reply);
        case kGetopts:
            return getopts(data, reply);
        case kGethostname:
            return gethostname(reply);
        case kGettype:
            return gettype(reply);
        case kSubscribe:
            return subscribe(data, reply);
        default:
            return error_reply(reply, ENOTSUP);
        }
    }

    void stop(Port &) override {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

  private:
    bool open(std::string_view data, std::string &reply) {
        if (data.size() < 2) return error_reply(reply, EINVAL);
        if (fd_ >= 0) return error_reply(reply, EALREADY);
        uint8_t family = uint8_t(data[0]), type = uint8_t(data[1]);
        int af = family == kAfInet    ? AF_INET
                 : family == kAfInet6 ? AF_INET6
                 : family == kAfLocal ? AF_UNIX
                                      : -1;
        int st = type == kTypeStream ? SOCK_STREAM : type == kTypeDgram ? SOCK_DGRAM : -1;
        if (af < 0 || st < 0) return error_reply(reply, EAFNOSUPPORT);
        fd_ = socket(af, st | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd_ < 0) return error_reply(reply, errno);
        family_ = family;
        type_ = type;
        reply.assign(1, char(kRepOk));
        return true;
    }

    // [Family, Port:16, Address...] (inet: 4 bytes, inet6: 16 bytes).
    bool bind(std::string_view data, std::string &reply) {
        if (fd_ < 0) return error_reply(reply, EINVAL);
        if (data.size() < 3) return error_reply(reply, EINVAL);
        uint8_t family = uint8_t(data[0]);
        uint16_t port = uint16_t(uint8_t(data[1]) << 8 | uint8_t(data[2]));
        sockaddr_storage ss{};
        socklen_t len;
        if (family == kAfInet && data.size() >= 7) {
            auto *sa = reinterpret_cast<sockaddr_in *>(&ss);
            sa->sin_family = AF_INET;
            sa->sin_port = htons(port);
            std::memcpy(&sa->sin_addr, data.data() + 3, 4);
            len = sizeof *sa;
        } else if (family == kAfInet6 && data.size() >= 19) {
            auto *sa = reinterpret_cast<sockaddr_in6 *>(&ss);
            sa->sin6_family = AF_INET6;
            sa->sin6_port = htons(port);
            std::memcpy(&sa->sin6_addr, data.data() + 3, 16);
            len = sizeof *sa;
        } else {
            return error_reply(reply, EINVAL);
        }
        if (::bind(fd_, reinterpret_cast<sockaddr *>(&ss), len) != 0)
            return error_reply(reply, errno);
        uint16_t bound = local_port();
        reply.assign(1, char(kRepOk));
        reply.push_back(char(bound >> 8));
        reply.push_back(char(bound & 0xFF));
        return true;
    }

    uint16_t local_port() {
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        if (getsockname(fd_, reinterpret_cast<sockaddr *>(&ss), &len) != 0) return 0;
        if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in *>(&ss)->sin_port);
        if (ss.ss_family == AF_INET6)
            return ntohs(reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port);
        return 0;
    }

    bool name(std::string &reply) {
        if (fd_ < 0) return error_reply(reply, EINVAL);
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        if (getsockname(fd_, reinterpret_cast<sockaddr *>(&ss), &len) != 0)
            return error_reply(reply, errno);
        reply.assign(1, char(kRepOk));
        if (ss.ss_family == AF_INET) {
            auto *sa = reinterpret_cast<sockaddr_in *>(&ss);
            reply.push_back(char(kAfInet));
            uint16_t p = ntohs(sa->sin_port);
            reply.push_back(char(p >> 8));
            reply.push_back(char(p & 0xFF));
            reply.append(reinterpret_cast<const char *>(&sa->sin_addr), 4);
        } else if (ss.ss_family == AF_INET6) {
            auto *sa = reinterpret_cast<sockaddr_in6 *>(&ss);
            reply.push_back(char(kAfInet6));
            uint16_t p = ntohs(sa->sin6_port);
            reply.push_back(char(p >> 8));
            reply.push_back(char(p & 0xFF));
            reply.append(reinterpret_cast<const char *>(&sa->sin6_addr), 16);
        } else {
            return error_reply(reply, EINVAL);
        }
        return true;
    }

    // Pairs of an option byte and a 32-bit value (linger: two values).
    bool setopts(std::string_view data, std::string &reply) {
        size_t i = 0;
        while (i < data.size()) {
            uint8_t opt = uint8_t(data[i++]);
            if (opt == kOptRaw) return error_reply(reply, ENOTSUP);
            size_t n = opt == kOptLinger ? 8 : 4;
            if (i + n > data.size()) return error_reply(reply, EINVAL);
            uint32_t v = get32(data, i);
            if (opt == kOptLinger) linger_ = get32(data, i + 4);
            i += n;
            values_[opt] = v;
            if (fd_ >= 0) {
                int iv = int(v);
                if (opt == kOptReuseaddr)
                    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &iv, sizeof iv);
                else if (opt == kOptSndbuf)
                    setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &iv, sizeof iv);
                else if (opt == kOptRcvbuf)
                    setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &iv, sizeof iv);
            }
        }
        reply.assign(1, char(kRepOk));
        return true;
    }

    bool getopts(std::string_view data, std::string &reply) {
        reply.assign(1, char(kRepOk));
        size_t i = 0;
        while (i < data.size()) {
            uint8_t opt = uint8_t(data[i++]);
            if (opt == kOptRaw) return error_reply(reply, ENOTSUP);
            reply.push_back(char(opt));
            auto it = values_.find(opt);
            put32(reply, it == values_.end() ? 0 : it->second);
            if (opt == kOptLinger) put32(reply, linger_);
        }
        return true;
    }

    bool gethostname(std::string &reply) {
        char name[256] = {};
        if (::gethostname(name, sizeof name - 1) != 0) return error_reply(reply, errno);
        reply.assign(1, char(kRepOk));
        reply += name;
        return true;
    }

    bool gettype(std::string &reply) {
        if (fd_ < 0) return error_reply(reply, EINVAL);
        reply.assign(1, char(kRepOk));
        put32(reply, family_);
        put32(reply, type_);
        return true;
    }

    bool subscribe(std::string_view data, std::string &reply) {
        reply.assign(1, char(kRepOk));
        for (char c : data) {
            if (uint8_t(c) != kSubsEmptyOutQ) return error_reply(reply, EINVAL);
            reply.push_back(c);
            put32(reply, 0); // nothing is ever queued
        }
        return true;
    }

    int fd_ = -1;
    int default_type_;
    uint8_t family_ = 0, type_ = 0;
    std::map<uint8_t, uint32_t> values_;
    uint32_t linger_ = 0;
};

} // namespace

std::unique_ptr<PortDriver> make_udp_inet_driver() {
    return std::make_unique<InetDriver>(kTypeDgram);
}

std::unique_ptr<PortDriver> make_tcp_inet_driver() {
    return std::make_unique<InetDriver>(kTypeStream);
}

} // namespace hamlet
