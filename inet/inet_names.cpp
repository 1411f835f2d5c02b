// Names the inet drivers answer from the OS: the host name (inet:gethostname/0, which
// kernel's inet_config asks at boot), services (getservbyname/port) and network
// interfaces (inet:getifaddrs/0, getiflist/0, ifget/2). Host name look-ups themselves go
// through the inet_gethost port program, as with erl.
#include "inet/inet_driver.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netpacket/packet.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace hamlet::inet {

namespace {

enum IfOpt : uint8_t {
    kIfAddr = 1,
    kIfBroadaddr = 2,
    kIfDstaddr = 3,
    kIfMtu = 4,
    kIfNetmask = 5,
    kIfFlags = 6,
    kIfHwaddr = 7,
};

// The interface flags prim_inet knows (INET_IFF_*); running is reported with up, as erts does.
uint32_t if_flags(unsigned flags) {
    uint32_t f = 0;
    if (flags & IFF_UP) f |= 0x0001 | 0x0010;
    if (flags & IFF_BROADCAST) f |= 0x0002;
    if (flags & IFF_LOOPBACK) f |= 0x0004;
    if (flags & IFF_POINTOPOINT) f |= 0x0008;
    if (flags & IFF_MULTICAST) f |= 0x0020;
    return f;
}

// [Family, Address bytes] for an interface address; hardware addresses as [Len:16, Bytes].
bool put_sockaddr(const sockaddr *sa, std::string &out) {
    if (sa->sa_family == AF_INET || sa->sa_family == 0) {
        out.push_back(char(kAfInet));
        out.append(
            reinterpret_cast<const char *>(&reinterpret_cast<const sockaddr_in *>(sa)->sin_addr),
            4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        out.push_back(char(kAfInet6));
        out.append(
            reinterpret_cast<const char *>(&reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_addr),
            16);
        return true;
    }
    if (sa->sa_family == AF_PACKET) {
        auto *ll = reinterpret_cast<const sockaddr_ll *>(sa);
        put16(out, ll->sll_halen);
        out.append(reinterpret_cast<const char *>(ll->sll_addr), ll->sll_halen);
        return true;
    }
    return false;
}

void put_opt_addr(uint8_t opt, const sockaddr *sa, std::string &out) {
    if (!sa) return;
    out.push_back(char(opt));
    if (!put_sockaddr(sa, out)) out.pop_back();
}

// Names are Latin-1 to the OS and UTF-8 to prim_inet.
void put_name_utf8(const char *name, std::string &out) {
    for (const char *c = name; *c; ++c) {
        unsigned char b = static_cast<unsigned char>(*c);
        if (b < 0x80) {
            out.push_back(char(b));
        } else {
            out.push_back(char(0xC0 | (b >> 6)));
            out.push_back(char(0x80 | (b & 0x3F)));
        }
    }
}

bool getifaddrs_reply(std::string &reply) {
    ifaddrs *list;
    if (getifaddrs(&list) != 0) return reply_errno(reply, errno);
    std::string s;
    for (ifaddrs *i = list; i; i = i->ifa_next) {
        put_name_utf8(i->ifa_name, s);
        s.push_back(0);
        s.push_back(char(kIfFlags));
        put32(s, if_flags(i->ifa_flags));
        if (const sockaddr *a = i->ifa_addr) {
            if (a->sa_family == AF_INET || a->sa_family == AF_INET6) {
                put_opt_addr(kIfAddr, a, s);
                put_opt_addr(kIfNetmask, i->ifa_netmask, s);
                if (i->ifa_dstaddr && (i->ifa_flags & IFF_POINTOPOINT))
                    put_opt_addr(kIfDstaddr, i->ifa_dstaddr, s);
                else if (i->ifa_broadaddr && (i->ifa_flags & IFF_BROADCAST))
                    put_opt_addr(kIfBroadaddr, i->ifa_broadaddr, s);
            } else if (a->sa_family == AF_PACKET &&
                       reinterpret_cast<const sockaddr_ll *>(a)->sll_halen > 1) {
                put_opt_addr(kIfHwaddr, a, s);
            }
        }
        s.push_back(0);
    }
    freeifaddrs(list);
    return reply_ok(reply, s);
}

// The IPv4 interfaces (SIOCGIFCONF), names separated by zeros.
bool iflist_reply(int fd, std::string &reply) {
    std::vector<ifreq> reqs(64);
    ifconf conf{};
    for (;;) {
        conf.ifc_len = int(reqs.size() * sizeof(ifreq));
        conf.ifc_req = reqs.data();
        if (ioctl(fd, SIOCGIFCONF, &conf) < 0) return reply_errno(reply, errno);
        if (size_t(conf.ifc_len) < reqs.size() * sizeof(ifreq)) break;
        reqs.resize(reqs.size() * 2);
    }
    std::string s;
    size_t n = size_t(conf.ifc_len) / sizeof(ifreq);
    for (size_t i = 0; i < n; ++i) {
        int family = reqs[i].ifr_addr.sa_family;
        if (family != AF_INET && family != AF_INET6) continue;
        s.append(reqs[i].ifr_name, strnlen(reqs[i].ifr_name, IFNAMSIZ));
        s.push_back(0);
    }
    return reply_ok(reply, s);
}

// [NameLen, Name, Opt...] -> [Opt, Value]... for the options the OS answers.
bool ifget_reply(int fd, std::string_view d, std::string &reply) {
    if (d.empty()) return reply_errno(reply, EINVAL);
    size_t namelen = uint8_t(d[0]);
    if (namelen > d.size()) return reply_errno(reply, EINVAL);
    ifreq req{};
    std::memcpy(req.ifr_name, d.data() + 1, std::min(namelen, size_t(IFNAMSIZ - 1)));
    d.remove_prefix(std::min(d.size(), namelen + 1));
    std::string s;
    for (char c : d) {
        switch (uint8_t(c)) {
        case kIfAddr:
            if (ioctl(fd, SIOCGIFADDR, &req) == 0) put_opt_addr(kIfAddr, &req.ifr_addr, s);
            break;
        case kIfHwaddr:
            if (ioctl(fd, SIOCGIFHWADDR, &req) == 0) {
                s.push_back(char(kIfHwaddr));
                put16(s, 6);
                s.append(req.ifr_hwaddr.sa_data, 6);
            }
            break;
        case kIfBroadaddr:
            if (ioctl(fd, SIOCGIFBRDADDR, &req) == 0)
                put_opt_addr(kIfBroadaddr, &req.ifr_broadaddr, s);
            break;
        case kIfDstaddr:
            if (ioctl(fd, SIOCGIFDSTADDR, &req) == 0) put_opt_addr(kIfDstaddr, &req.ifr_dstaddr, s);
            break;
        case kIfNetmask:
            if (ioctl(fd, SIOCGIFNETMASK, &req) == 0) put_opt_addr(kIfNetmask, &req.ifr_netmask, s);
            break;
        case kIfMtu:
            if (ioctl(fd, SIOCGIFMTU, &req) == 0) {
                s.push_back(char(kIfMtu));
                put32(s, uint32_t(req.ifr_mtu));
            }
            break;
        case kIfFlags:
            if (ioctl(fd, SIOCGIFFLAGS, &req) == 0) {
                s.push_back(char(kIfFlags));
                put32(s, if_flags(unsigned(req.ifr_flags)));
            }
            break;
        default:
            return reply_errno(reply, EINVAL);
        }
    }
    return reply_ok(reply, s);
}

} // namespace

bool InetDriver::names_control(uint32_t req, std::string_view d, std::string &reply) {
    switch (req) {
    case kReqGethostname: {
        if (!d.empty()) return reply_errno(reply, EINVAL);
        char name[256] = {};
        if (gethostname(name, sizeof name) != 0) return reply_errno(reply, errno);
        name[255] = 0;
        return reply_ok(reply, name);
    }
    case kReqGetservbyname: { // [Len, Name, Len, Proto]
        if (d.size() < 2) return reply_errno(reply, EINVAL);
        size_t n = uint8_t(d[0]);
        if (n >= d.size() - 1) return reply_errno(reply, EINVAL);
        std::string name(d.substr(1, n));
        size_t m = uint8_t(d[1 + n]);
        if (m > d.size() - 2 - n) return reply_errno(reply, EINVAL);
        std::string proto(d.substr(2 + n, m));
        servent entry, *found = nullptr;
        char buf[1024];
        if (getservbyname_r(name.c_str(), proto.c_str(), &entry, buf, sizeof buf, &found) != 0 ||
            !found)
            return reply_errno(reply, EINVAL);
        std::string s;
        put16(s, ntohs(uint16_t(found->s_port)));
        return reply_ok(reply, s);
    }
    case kReqGetservbyport: { // [Port:16, Len, Proto]
        if (d.size() < 3) return reply_errno(reply, EINVAL);
        uint16_t port = uint16_t(get16(d, 0));
        size_t m = uint8_t(d[2]);
        if (m > d.size() - 3) return reply_errno(reply, EINVAL);
        std::string proto(d.substr(3, m));
        servent entry, *found = nullptr;
        char buf[1024];
        if (getservbyport_r(htons(port), proto.c_str(), &entry, buf, sizeof buf, &found) != 0 ||
            !found)
            return reply_errno(reply, EINVAL);
        return reply_ok(reply, found->s_name);
    }
    case kReqGetifaddrs:
        if (!is_open()) return reply_error(reply, "exbadport");
        return getifaddrs_reply(reply);
    case kReqGetiflist:
        if (!is_open()) return reply_error(reply, "exbadport");
        return iflist_reply(fd_, reply);
    case kReqIfget:
        if (!is_open()) return reply_error(reply, "exbadport");
        return ifget_reply(fd_, d, reply);
    case kReqIfset: // changing interfaces is not supported
        if (!is_open()) return reply_error(reply, "exbadport");
        return reply_errno(reply, ENOTSUP);
    default:
        return reply_error(reply, "exbadport");
    }
}

} // namespace hamlet::inet
