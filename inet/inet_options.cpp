// INET_REQ_SETOPTS and INET_REQ_GETOPTS: the driver's own options (mode, active, packet...)
// and socket options, in prim_inet's encoding: an option byte, a 32-bit value, and for some
// options more bytes ({active, N}'s count, linger's time, raw options, memberships).
//
// As in erts, a socket option the OS refuses is ignored unless it is one whose failure
// erts reports (priority, tos, tclass, ttl, the recv* options, ipv6_v6only, bind_to_device),
// and getopts leaves out the socket options it cannot read.
#include "inet/inet_driver.h"

#include <arpa/inet.h>
#include <cerrno>
#include <climits>
#include <cstring>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

namespace hamlet::inet {

namespace {

constexpr int kCmsgRecvtos = 1, kCmsgRecvtclass = 2, kCmsgRecvttl = 4;

} // namespace

int InetDriver::set_opts(std::string_view d) {
    int old_htype = htype_, old_active = active_;
    while (d.size() >= 5) {
        uint8_t opt = uint8_t(d[0]);
        int ival = int(get32(d, 1));
        d.remove_prefix(5);
        int level = SOL_SOCKET, name = 0;
        const void *arg = &ival;
        socklen_t arg_size = sizeof ival;
        bool propagate = false;
        int cmsgflags = recv_cmsgflags_;
        linger li{};
        ip_mreqn mreq4{};
        ipv6_mreq mreq6{};
        char ifname[IFNAMSIZ] = {};
        std::string raw;
        switch (opt) {
        case kOptHeader:
            hsz_ = uint32_t(ival);
            continue;
        case kOptMode:
            mode_ = ival;
            continue;
        case kOptDeliver:
            deliver_ = ival;
            continue;
        case kOptBuffer:
            bufsz_ = ival < 1 ? 1 : ival;
            buffer_set_ = true;
            continue;
        case kOptActive:
            active_ = ival;
            if (active_ == kMulti) {
                if (d.size() < 2) return -1;
                int16_t n = int16_t(get16(d, 0));
                d.remove_prefix(2);
                long count = long(active_count_) + n;
                if (count > INT16_MAX || count < INT16_MIN) return -1;
                active_count_ = int16_t(count < 0 ? 0 : count);
                if (active_count_ == 0) {
                    active_ = kPassive;
                    send_passive();
                }
            } else {
                active_count_ = 0;
            }
            if (stype_ == SOCK_STREAM && active_ != kPassive && state_ == kStateClosed &&
                active_on_closed())
                return 0; // the port has exited
            continue;
        case kOptPacket:
            htype_ = uint8_t(ival);
            continue;
        case kOptPacketSize:
            psize_ = uint32_t(ival);
            continue;
        case kOptExitOnClose:
            exitf_ = ival != 0;
            continue;
        case kOptHighWatermark:
            if (stype_ == SOCK_STREAM) {
                uint32_t v = ival < 0 ? 0 : uint32_t(ival);
                if (low_ > v) low_ = v;
                high_ = v;
            }
            continue;
        case kOptLowWatermark:
            if (stype_ == SOCK_STREAM) {
                uint32_t v = ival < 0 ? 0 : uint32_t(ival);
                if (high_ < v) high_ = v;
                low_ = v;
            }
            continue;
        case kOptHighMsgqWatermark:
        case kOptLowMsgqWatermark:
            if (ival < 1) return -1;
            (opt == kOptHighMsgqWatermark ? msgq_high_ : msgq_low_) = uint32_t(ival);
            if (msgq_low_ > msgq_high_) {
                if (opt == kOptHighMsgqWatermark)
                    msgq_low_ = msgq_high_;
                else
                    msgq_high_ = msgq_low_;
            }
            continue;
        case kOptSendTimeout:
            if (stype_ == SOCK_STREAM) send_timeout_ = uint32_t(ival);
            continue;
        case kOptSendTimeoutClose:
            if (stype_ == SOCK_STREAM) send_timeout_close_ = ival != 0;
            continue;
        case kOptDelaySend:
            if (stype_ == SOCK_STREAM) delay_send_ = ival != 0;
            continue;
        case kOptReadPackets:
            if (stype_ == SOCK_DGRAM) {
                if (ival <= 0) return -1;
                read_packets_ = ival;
            }
            continue;
        case kOptShowEconnreset:
            if (sprotocol_ == IPPROTO_TCP) show_econnreset_ = ival != 0;
            continue;
        case kOptLineDelimiter:
            delimiter_ = char(ival);
            continue;
        case kOptDebug:
            debug_ = ival != 0;
            continue;
        case kOptReuseaddr:
            name = SO_REUSEADDR;
            break;
        case kOptKeepalive:
            name = SO_KEEPALIVE;
            break;
        case kOptDontroute:
            name = SO_DONTROUTE;
            break;
        case kOptBroadcast:
            name = SO_BROADCAST;
            break;
        case kOptOobinline:
            name = SO_OOBINLINE;
            break;
        case kOptSndbuf:
            name = SO_SNDBUF;
            break;
        case kOptRcvbuf:
            name = SO_RCVBUF;
            // The receive buffer at least as large as the socket's (UDP: at most 64 KB).
            if (!buffer_set_) {
                if (ival > (1 << 16) && stype_ == SOCK_DGRAM)
                    bufsz_ = 1 << 16;
                else if (ival > bufsz_)
                    bufsz_ = ival;
            }
            break;
        case kOptLinger:
            if (d.size() < 4) return -1;
            li.l_onoff = ival;
            li.l_linger = int(get32(d, 0));
            d.remove_prefix(4);
            name = SO_LINGER;
            arg = &li;
            arg_size = sizeof li;
            if (sprotocol_ == IPPROTO_TCP) linger_zero_ = li.l_onoff && li.l_linger == 0;
            break;
        case kOptPriority:
            name = SO_PRIORITY;
            propagate = true;
            break;
        case kOptTos:
            level = IPPROTO_IP;
            name = IP_TOS;
            propagate = true;
            break;
        case kOptTclass:
            level = IPPROTO_IPV6;
            name = IPV6_TCLASS;
            propagate = true;
            break;
        case kOptTtl:
            level = IPPROTO_IP;
            name = IP_TTL;
            propagate = true;
            break;
        case kOptRecvtos:
            level = IPPROTO_IP;
            name = IP_RECVTOS;
            propagate = true;
            cmsgflags = ival ? cmsgflags | kCmsgRecvtos : cmsgflags & ~kCmsgRecvtos;
            break;
        case kOptRecvtclass:
            level = IPPROTO_IPV6;
            name = IPV6_RECVTCLASS;
            propagate = true;
            cmsgflags = ival ? cmsgflags | kCmsgRecvtclass : cmsgflags & ~kCmsgRecvtclass;
            break;
        case kOptRecvttl:
            level = IPPROTO_IP;
            name = IP_RECVTTL;
            propagate = true;
            cmsgflags = ival ? cmsgflags | kCmsgRecvttl : cmsgflags & ~kCmsgRecvttl;
            break;
        case kOptNodelay:
            level = IPPROTO_TCP;
            name = TCP_NODELAY;
            break;
        case kOptNopush:
            level = IPPROTO_TCP;
            name = TCP_CORK;
            break;
        case kOptMulticastTtl:
            level = IPPROTO_IP;
            name = IP_MULTICAST_TTL;
            break;
        case kOptMulticastLoop:
            level = IPPROTO_IP;
            name = IP_MULTICAST_LOOP;
            break;
        case kOptMulticastIf:
            if (sfamily_ == AF_INET) {
                level = IPPROTO_IP;
                name = IP_MULTICAST_IF;
            } else if (sfamily_ == AF_INET6) {
                level = IPPROTO_IPV6;
                name = IPV6_MULTICAST_IF;
            } else {
                return -1;
            }
            ival = int(htonl(uint32_t(ival)));
            break;
        case kOptAddMembership:
        case kOptDropMembership: {
            // [Domain:32, IfIndex:32, then the group and the interface (inet) or the group
            // (inet6)]
            bool add = opt == kOptAddMembership;
            int domain = ival;
            if (d.size() < 4) return -1;
            int index = int(get32(d, 0));
            d.remove_prefix(4);
            if (domain == kAfInet && sfamily_ == AF_INET) {
                if (d.size() < 8) return -1;
                mreq4.imr_ifindex = int(htonl(uint32_t(index)));
                mreq4.imr_multiaddr.s_addr = htonl(get32(d, 0));
                mreq4.imr_address.s_addr = htonl(get32(d, 4));
                d.remove_prefix(8);
                level = IPPROTO_IP;
                name = add ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP;
                arg = &mreq4;
                arg_size = sizeof mreq4;
            } else if (domain == kAfInet6 && sfamily_ == AF_INET6) {
                if (d.size() < 16) return -1;
                std::memcpy(&mreq6.ipv6mr_multiaddr, d.data(), 16);
                d.remove_prefix(16);
                mreq6.ipv6mr_interface = unsigned(index);
                level = IPPROTO_IPV6;
                name = add ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP;
                arg = &mreq6;
                arg_size = sizeof mreq6;
            } else {
                return -1;
            }
            break;
        }
        case kOptIpv6Only:
            level = IPPROTO_IPV6;
            name = IPV6_V6ONLY;
            propagate = true;
            break;
        case kOptRaw: {
            // {raw, Level, Option, Binary}: [Level:32, Option:32, Size:32, Bytes]
            if (d.size() < 8) return -1;
            level = ival;
            name = int(get32(d, 0));
            uint32_t size = get32(d, 4);
            d.remove_prefix(8);
            if (d.size() < size) return -1;
            raw.assign(d.substr(0, size));
            d.remove_prefix(size);
            arg = raw.data();
            arg_size = socklen_t(size);
            break;
        }
        case kOptBindToDevice: {
            if (ival < 0 || d.size() < size_t(ival) || size_t(ival) > sizeof ifname) return -1;
            std::memcpy(ifname, d.data(), size_t(ival));
            d.remove_prefix(size_t(ival));
            name = SO_BINDTODEVICE;
            arg = ifname;
            arg_size = sizeof ifname;
            propagate = true;
            break;
        }
        default: // netns among them: network namespaces are not supported
            return -1;
        }
        int r = setsockopt(fd_, level, name, arg, arg_size);
        if (r == 0) recv_cmsgflags_ = cmsgflags;
        if (propagate && r != 0) return -1;
    }

    if ((stype_ == SOCK_STREAM && is_connected()) || (stype_ == SOCK_DGRAM && is_open())) {
        // Becoming active once or N times in the same packet mode: receive at once.
        if (stype_ == SOCK_STREAM && old_active == kPassive &&
            (active_ == kOnce || active_ == kMulti) && htype_ == old_htype)
            return 2;
        if (active_ != old_active) {
            if (active_ > 0)
                watch_.add(UV_READABLE);
            else
                watch_.remove(UV_READABLE);
            update_hold();
        }
        if (stype_ == SOCK_STREAM && active_ != kPassive &&
            (old_active == kPassive || htype_ != old_htype))
            return 1;
    }
    return 0;
}

bool InetDriver::get_opts(std::string_view d, std::string &out) {
    out.assign(1, char(kRepOk));
    while (!d.empty()) {
        uint8_t opt = uint8_t(d[0]);
        d.remove_prefix(1);
        auto put = [&](uint32_t v) {
            out.push_back(char(opt));
            put32(out, v);
        };
        int level = SOL_SOCKET, name = 0;
        switch (opt) {
        case kOptBuffer:
            put(uint32_t(bufsz_));
            continue;
        case kOptHeader:
            put(hsz_);
            continue;
        case kOptMode:
            put(uint32_t(mode_));
            continue;
        case kOptDeliver:
            put(uint32_t(deliver_));
            continue;
        case kOptActive:
            put(uint32_t(active_));
            if (active_ == kMulti) put16(out, uint16_t(active_count_));
            continue;
        case kOptPacket:
            put(htype_);
            continue;
        case kOptPacketSize:
            put(psize_);
            continue;
        case kOptExitOnClose:
            put(exitf_);
            continue;
        case kOptHighWatermark:
            if (stype_ == SOCK_STREAM) put(high_);
            continue;
        case kOptLowWatermark:
            if (stype_ == SOCK_STREAM) put(low_);
            continue;
        case kOptHighMsgqWatermark:
            put(msgq_high_);
            continue;
        case kOptLowMsgqWatermark:
            put(msgq_low_);
            continue;
        case kOptSendTimeout:
            if (stype_ == SOCK_STREAM) put(send_timeout_);
            continue;
        case kOptSendTimeoutClose:
            if (stype_ == SOCK_STREAM) put(send_timeout_close_);
            continue;
        case kOptDelaySend:
            if (stype_ == SOCK_STREAM) put(delay_send_);
            continue;
        case kOptReadPackets:
            if (stype_ == SOCK_DGRAM) put(uint32_t(read_packets_));
            continue;
        case kOptShowEconnreset:
            if (sprotocol_ == IPPROTO_TCP) put(show_econnreset_);
            continue;
        case kOptDebug:
            put(debug_);
            continue;
        case kOptNetns: // never set (see set_opts)
        case kOptPktoptions:
            continue;
        case kOptPriority:
            name = SO_PRIORITY;
            break;
        case kOptTos:
            level = IPPROTO_IP;
            name = IP_TOS;
            break;
        case kOptTclass:
            level = IPPROTO_IPV6;
            name = IPV6_TCLASS;
            break;
        case kOptTtl:
            level = IPPROTO_IP;
            name = IP_TTL;
            break;
        case kOptRecvtos:
            level = IPPROTO_IP;
            name = IP_RECVTOS;
            break;
        case kOptRecvtclass:
            level = IPPROTO_IPV6;
            name = IPV6_RECVTCLASS;
            break;
        case kOptRecvttl:
            level = IPPROTO_IP;
            name = IP_RECVTTL;
            break;
        case kOptReuseaddr:
            name = SO_REUSEADDR;
            break;
        case kOptKeepalive:
            name = SO_KEEPALIVE;
            break;
        case kOptDontroute:
            name = SO_DONTROUTE;
            break;
        case kOptBroadcast:
            name = SO_BROADCAST;
            break;
        case kOptOobinline:
            name = SO_OOBINLINE;
            break;
        case kOptSndbuf:
            name = SO_SNDBUF;
            break;
        case kOptRcvbuf:
            name = SO_RCVBUF;
            break;
        case kOptNodelay:
            level = IPPROTO_TCP;
            name = TCP_NODELAY;
            break;
        case kOptNopush:
            level = IPPROTO_TCP;
            name = TCP_CORK;
            break;
        case kOptMulticastTtl:
            level = IPPROTO_IP;
            name = IP_MULTICAST_TTL;
            break;
        case kOptMulticastLoop:
            level = IPPROTO_IP;
            name = IP_MULTICAST_LOOP;
            break;
        case kOptIpv6Only:
            level = IPPROTO_IPV6;
            name = IPV6_V6ONLY;
            break;
        case kOptMulticastIf: {
            // [Opt, Family:32, Value:32]: inet gives the address, inet6 the index.
            uint32_t family;
            if (sfamily_ == AF_INET) {
                family = kAfInet;
                level = IPPROTO_IP;
                name = IP_MULTICAST_IF;
            } else if (sfamily_ == AF_INET6) {
                family = kAfInet6;
                level = IPPROTO_IPV6;
                name = IPV6_MULTICAST_IF;
            } else {
                return false;
            }
            int v = 0;
            socklen_t sz = sizeof v;
            if (getsockopt(fd_, level, name, &v, &sz) != 0) continue;
            out.push_back(char(opt));
            put32(out, family);
            put32(out, uint32_t(v));
            continue;
        }
        case kOptLinger: {
            linger li{};
            socklen_t sz = sizeof li;
            if (getsockopt(fd_, SOL_SOCKET, SO_LINGER, &li, &sz) != 0) continue;
            put(uint32_t(li.l_onoff));
            put32(out, uint32_t(li.l_linger));
            continue;
        }
        case kOptRaw: {
            // [Level:32, Option:32, HasData:8, Size:32, (Data)] -> [Level, Option, Size, Bytes]
            if (d.size() < 13) return false;
            int rlevel = int(get32(d, 0)), rname = int(get32(d, 4));
            bool has_data = d[8] != 0;
            uint32_t size = get32(d, 9);
            d.remove_prefix(13);
            if (size > 64 * 1024) return false;
            std::string buf(size, '\0');
            if (has_data) {
                if (d.size() < size) return false;
                std::memcpy(buf.data(), d.data(), size);
                d.remove_prefix(size);
            }
            socklen_t sz = socklen_t(size);
            if (getsockopt(fd_, rlevel, rname, buf.data(), &sz) != 0) continue;
            out.push_back(char(opt));
            put32(out, uint32_t(rlevel));
            put32(out, uint32_t(rname));
            put32(out, uint32_t(sz));
            out.append(buf.data(), sz);
            continue;
        }
        case kOptBindToDevice: {
            char ifname[IFNAMSIZ] = {};
            socklen_t sz = sizeof ifname;
            if (getsockopt(fd_, SOL_SOCKET, SO_BINDTODEVICE, ifname, &sz) != 0) continue;
            size_t n = strnlen(ifname, sz);
            out.push_back(char(opt));
            put32(out, uint32_t(n));
            out.append(ifname, n);
            continue;
        }
        default:
            return false;
        }
        int v = 0;
        socklen_t sz = sizeof v;
        if (getsockopt(fd_, level, name, &v, &sz) != 0) continue;
        put(uint32_t(v));
    }
    return true;
}

} // namespace hamlet::inet
