// The `socket` module's NIFs (prim_socket's nif_* functions): sockets as magic references.
//
// inet/socket/ owns OTP's socket interface, next to the inet drivers of inet/ (which serve
// gen_tcp and gen_udp through ports): socket.cpp the socket object, its select protocol
// and the I/O calls; socket_options.cpp setopt/getopt, supports and info; prim_net.cpp
// prim_net's NIFs. The real socket.erl and prim_socket.erl run unchanged on top.
//
// A socket is a non-blocking descriptor in a Socket object behind a magic reference. Every
// call runs on the caller's scheduler and never waits: when the system says EAGAIN the call
// answers `select` (or {select, ...}) and arms the descriptor in an epoll set of the
// sockets' own, watched by a libuv poll on the I/O thread, which then sends the waiting
// process {'$socket', Socket, select, Handle} as erts does. One reader, one writer, one
// acceptor and one connector are current at a time; others wait in queues and are armed in
// turn. A socket is closed by close/finalize_close or when its owner (controlling process)
// exits; socket_registry gets {'$socket', add | del, Socket} as from erts.
#pragma once

#include "ports/port.h"
#include "vm/magic_ref.h"
#include "vm/term.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <sys/socket.h>

namespace hamlet {

// A process waiting for readiness: its pid and the handle its select message carries.
struct SocketWaiter {
    Term pid = kNonValue;
    std::unique_ptr<OwnedTerm> ref;
    bool active() const { return pid != kNonValue; }
};

struct Socket : MagicObject {
    std::mutex mutex; // everything below (the I/O thread takes it too)
    int fd = -1;
    int domain = 0, type = 0, protocol = 0; // AF_*, SOCK_*, IPPROTO_* (0 before known)
    int given_protocol = 0;                 // as opened (the counters count it)
    uint64_t id = 0;                        // the poll set's key (never reused)
    Term owner = kNonValue;
    bool open = true, closing = false, closed = false;
    bool bound = false, listening = false, connecting = false, connected = false;
    bool use_registry = true, debug = false, iow = false;
    bool in_poll = false; // added to the epoll set
    bool read_armed = false, write_armed = false;
    size_t rbuf = 8192;
    std::unique_ptr<OwnedTerm> meta;
    Term closer = kNonValue;
    // Readers and acceptors share the input readiness, writers and the connector the output.
    SocketWaiter reader, writer, acceptor, connector;
    std::deque<SocketWaiter> readers, writers, acceptors;
    // erts' statistics (socket:info/1's counters).
    uint64_t read_byte = 0, read_fails = 0, read_pkg = 0, read_pkg_max = 0, read_tries = 0,
             read_waits = 0, write_byte = 0, write_fails = 0, write_pkg = 0, write_pkg_max = 0,
             write_tries = 0, write_waits = 0, acc_fails = 0, acc_success = 0, acc_tries = 0,
             acc_waits = 0;
    ~Socket() override;
};

// The socket behind prim_socket's SockRef argument, or nullptr.
inline Socket *socket_arg(Term t) {
    return magic_cast<Socket>(t);
}

// Counts of open sockets by kind (socket:info/0).
struct SocketCounts {
    uint64_t sockets, inet, inet6, local, ip, tcp, udp, sctp, dgram, stream, seqpacket;
};
SocketCounts socket_counts();
bool socket_global_debug();
bool socket_global_use_registry();

// The process exited: sockets it owned are closed (vm/signals.cpp calls it).
void socket_process_exited(Term pid);

// setopt controlling_process changed the owner (called without the socket's lock).
void socket_owner_changed(Socket *s, Term from, Term to);

// Addresses in prim_socket's map form (#{family, addr, port, ...}).
bool decode_sockaddr(Term map, sockaddr_storage &out, unsigned &len);
Term encode_sockaddr(Process *p, const sockaddr_storage &sa, unsigned len);

// The atom erts uses for a domain / type / protocol number, or the number itself.
Term domain_term(int domain);
Term type_term(int type);

} // namespace hamlet
