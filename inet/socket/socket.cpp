// prim_socket's socket NIFs: open, bind, connect, listen, accept, send, recv, close,
// shutdown, names and cancel, with the select protocol and the poll set behind it (see
// socket.h). Results and messages are erts' (OTP 25's prim_socket_nif.c).
#include "inet/socket/socket.h"

#include "bifs/bif.h"
#include "bifs/prim_file_common.h"
#include "inet/inet_driver.h"
#include "nif/nif.h"
#include "ports/io_thread.h"
#include "vm/atom_table.h"
#include "vm/iolist.h"
#include "vm/map_ops.h"
#include "vm/process_table.h"
#include "vm/signals.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/un.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace hamlet {

namespace {

Term A(const char *name) {
    return atom_of(name);
}

// ---- the poll set ----

// Open sockets by id (each holding a reference until closed) and by owner; an epoll set of
// their descriptors (one-shot events) watched on the I/O thread.
class SocketPoll {
  public:
    static SocketPoll &global() {
        static auto *p = new SocketPoll; // never destroyed: the VM ends with _Exit
        return *p;
    }
    std::mutex mutex; // the maps (taken after a socket's lock, never before)
    std::unordered_map<uint64_t, Socket *> live;
    std::unordered_multimap<Term, uint64_t> owners;
    std::atomic<size_t> count{0};
    std::atomic<uint64_t> next_id{1};

    void add(Socket *s) {
        s->retain();
        {
            std::lock_guard lock(mutex);
            live.emplace(s->id, s);
            owners.emplace(s->owner, s->id);
        }
        count.fetch_add(1);
        std::lock_guard lock(s->mutex);
        epoll_event ev{};
        ev.events = EPOLLONESHOT;
        ev.data.u64 = s->id;
        s->in_poll = epoll_ctl(epfd_, EPOLL_CTL_ADD, s->fd, &ev) == 0;
    }
    // Called with the socket locked.
    void rearm(Socket *s) {
        if (!s->in_poll) return;
        epoll_event ev{};
        ev.events =
            EPOLLONESHOT | (s->read_armed ? EPOLLIN : 0u) | (s->write_armed ? EPOLLOUT : 0u);
        ev.data.u64 = s->id;
        epoll_ctl(epfd_, EPOLL_CTL_MOD, s->fd, &ev);
    }
    // Called with the socket locked: no event for it will be delivered any more.
    void stop(Socket *s) {
        if (!s->in_poll) return;
        epoll_event ev{};
        epoll_ctl(epfd_, EPOLL_CTL_DEL, s->fd, &ev);
        s->in_poll = false;
    }
    void change_owner(Socket *s, Term from, Term to) {
        std::lock_guard lock(mutex);
        auto range = owners.equal_range(from);
        for (auto it = range.first; it != range.second; ++it)
            if (it->second == s->id) {
                owners.erase(it);
                break;
            }
        owners.emplace(to, s->id);
    }
    // Forgets a closed socket (called with it locked; drops the set's reference later).
    void forget(Socket *s) {
        {
            std::lock_guard lock(mutex);
            if (!live.erase(s->id)) return;
            auto range = owners.equal_range(s->owner);
            for (auto it = range.first; it != range.second; ++it)
                if (it->second == s->id) {
                    owners.erase(it);
                    break;
                }
        }
        count.fetch_sub(1);
        // Released from the I/O thread: the caller still holds the socket's lock.
        IoThread::global().post([s] { s->release(); });
    }
    std::vector<Socket *> owned_by(Term pid) {
        std::vector<Socket *> v;
        std::lock_guard lock(mutex);
        auto range = owners.equal_range(pid);
        for (auto it = range.first; it != range.second; ++it) {
            Socket *s = live.at(it->second);
            s->retain();
            v.push_back(s);
        }
        return v;
    }
    std::vector<Socket *> all() {
        std::vector<Socket *> v;
        std::lock_guard lock(mutex);
        for (auto &[id, s] : live) {
            s->retain();
            v.push_back(s);
        }
        return v;
    }

  private:
    SocketPoll() {
        epfd_ = epoll_create1(EPOLL_CLOEXEC);
        IoThread::global().post([this] {
            uv_poll_init(IoThread::global().loop(), &handle_, epfd_);
            handle_.data = this;
            uv_poll_start(&handle_, UV_READABLE, on_ready);
        });
    }
    static void on_ready(uv_poll_t *h, int, int) { static_cast<SocketPoll *>(h->data)->drain(); }
    void drain();
    int epfd_ = -1;
    uv_poll_t handle_{};
};

// {'$socket', {'$socket', SockRef}, Tag, Info} built on p's heap.
Term socket_msg(Process *p, Socket *s, Term tag, Term info) {
    static const Term kTag = A("$socket");
    s->retain();
    Term ref = make_magic_ref(p, s);
    return make_tuple(p, {kTag, make_tuple(p, {kTag, ref}), tag, info});
}

Process *scratch() {
    static thread_local std::unique_ptr<Process> heap(nif::new_scratch_heap(atom::undefined));
    return heap.get();
}

// Sends the waiter its select message (the socket is locked).
void notify(Socket *s, SocketWaiter &w) {
    Process *h = scratch();
    send_message(w.pid, socket_msg(h, s, A("select"), w.ref->get()));
    h->clear_scratch_heap();
}

void SocketPoll::drain() {
    epoll_event evs[64];
    for (;;) {
        int n = epoll_wait(epfd_, evs, 64, 0);
        if (n <= 0) return;
        for (int i = 0; i < n; ++i) {
            Socket *s = nullptr;
            {
                std::lock_guard lock(mutex);
                auto it = live.find(evs[i].data.u64);
                if (it == live.end()) continue;
                s = it->second;
                s->retain();
            }
            {
                std::lock_guard lock(s->mutex);
                uint32_t ev = evs[i].events;
                bool err = ev & (EPOLLERR | EPOLLHUP);
                int released = 0;
                if ((ev & EPOLLIN || err) && s->read_armed) {
                    s->read_armed = false;
                    ++released;
                    if (s->acceptor.active())
                        notify(s, s->acceptor);
                    else if (s->reader.active())
                        notify(s, s->reader);
                }
                if ((ev & EPOLLOUT || err) && s->write_armed) {
                    s->write_armed = false;
                    ++released;
                    if (s->connector.active())
                        notify(s, s->connector);
                    else if (s->writer.active())
                        notify(s, s->writer);
                }
                if (s->open) rearm(s);
                while (released-- > 0)
                    IoThread::global().release();
            }
            s->release();
        }
        if (n < 64) return;
    }
}

// ---- waiters ----

SocketWaiter waiter(Process *p, Term ref) {
    SocketWaiter w;
    w.pid = p->pid;
    w.ref = std::make_unique<OwnedTerm>(ref);
    return w;
}

void arm_read(Socket *s) {
    if (!s->read_armed) IoThread::global().hold();
    s->read_armed = true;
    SocketPoll::global().rearm(s);
}
void arm_write(Socket *s) {
    if (!s->write_armed) IoThread::global().hold();
    s->write_armed = true;
    SocketPoll::global().rearm(s);
}
// Disarms; true if the select message had not been sent yet.
bool disarm_read(Socket *s) {
    if (!s->read_armed) return false;
    s->read_armed = false;
    SocketPoll::global().rearm(s);
    IoThread::global().release();
    return true;
}
bool disarm_write(Socket *s) {
    if (!s->write_armed) return false;
    s->write_armed = false;
    SocketPoll::global().rearm(s);
    IoThread::global().release();
    return true;
}

bool alive(Term pid) {
    return bool(ProcessTable::global().lookup(pid));
}

// The current reader (writer, acceptor) is done: the next waiting one still alive becomes
// current and is told when the socket is ready. (erts monitors waiting processes; here a
// dead one is dropped when its turn comes.)
void next_in(Socket *s, SocketWaiter &current, std::deque<SocketWaiter> &queue, bool read) {
    current = SocketWaiter{};
    while (!queue.empty() && !alive(queue.front().pid))
        queue.pop_front();
    if (queue.empty()) return;
    current = std::move(queue.front());
    queue.pop_front();
    if (read)
        arm_read(s);
    else
        arm_write(s);
}

// Sends each waiting process {'$socket', Socket, abort, {Ref, Reason}}.
void abort_waiter(Process *p, Socket *s, SocketWaiter &w, Term reason) {
    if (!w.active()) return;
    send_message(w.pid, socket_msg(p, s, A("abort"), make_tuple(p, {w.ref->get(), reason})));
    w = SocketWaiter{};
}
void abort_queue(Process *p, Socket *s, std::deque<SocketWaiter> &q, Term reason) {
    for (auto &w : q)
        abort_waiter(p, s, w, reason);
    q.clear();
}

// `w` is p's current request; erts keeps a process's place when it calls again.
bool is_current(Process *p, const SocketWaiter &w) {
    return w.active() && w.pid == p->pid;
}

// Another process is the current reader (writer, acceptor). One that has exited is dropped
// and p goes first.
bool other_current(Process *p, Socket *s, SocketWaiter &w, bool read) {
    if (!w.active() || w.pid == p->pid) return false;
    if (alive(w.pid)) return true;
    if (read)
        disarm_read(s);
    else
        disarm_write(s);
    w = SocketWaiter{};
    return false;
}
bool queued(Process *p, const std::deque<SocketWaiter> &q) {
    for (auto &w : q)
        if (w.pid == p->pid) return true;
    return false;
}

void registry_msg(Process *p, Socket *s, const char *what) {
    static const Term kTag = A("$socket");
    s->retain();
    Term sock = make_tuple(p, {kTag, make_magic_ref(p, s)});
    send_message(A("socket_registry"), make_tuple(p, {kTag, A(what), sock}));
}

// Stops the socket's I/O (close, or its owner's exit): the poll set forgets it and every
// waiting process gets an abort `closed` (a current one only if its message was not sent).
void do_stop(Process *p, Socket *s) {
    SocketPoll::global().stop(s);
    Term closed = A("closed");
    bool r = disarm_read(s), w = disarm_write(s);
    if (r) {
        abort_waiter(p, s, s->acceptor, closed);
        abort_waiter(p, s, s->reader, closed);
    }
    if (w) {
        abort_waiter(p, s, s->connector, closed);
        abort_waiter(p, s, s->writer, closed);
    }
    s->acceptor = SocketWaiter{};
    s->reader = SocketWaiter{};
    s->connector = SocketWaiter{};
    s->writer = SocketWaiter{};
    abort_queue(p, s, s->acceptors, closed);
    abort_queue(p, s, s->readers, closed);
    abort_queue(p, s, s->writers, closed);
}

void close_now(Process *p, Socket *s) {
    if (s->fd >= 0) ::close(s->fd);
    s->fd = -1;
    s->open = false;
    s->closed = true;
    s->meta.reset();
    if (s->use_registry) registry_msg(p, s, "del");
    SocketPoll::global().forget(s);
}

// ---- arguments and results ----

Term error(Process *p, Term reason) {
    return make_tuple(p, {A("error"), reason});
}
Term errno_error(Process *p, int err) {
    return error(p, inet::errno_term(err));
}
Term invalid(Process *p, const char *what) {
    return make_tuple(p, {A("invalid"), A(what)});
}

bool int_arg(Term t, int64_t &v) {
    if (!is_small(t)) return false;
    v = small_value(t);
    return true;
}

Term new_socket_term(Process *p, Socket *s) {
    s->retain();
    return make_magic_ref(p, s);
}

Socket *make_socket(Process *p, int fd, int domain, int type, int protocol, int given) {
    auto *s = new Socket;
    s->fd = fd;
    s->domain = domain;
    s->type = type;
    s->protocol = protocol;
    s->given_protocol = given;
    s->owner = p->pid;
    s->id = SocketPoll::global().next_id.fetch_add(1);
    s->use_registry = socket_global_use_registry();
    s->debug = socket_global_debug();
    return s;
}

// Registers a new socket and answers {ok, SockRef}.
Term opened(Process *p, Socket *s) {
    SocketPoll::global().add(s);
    Term ref = new_socket_term(p, s);
    if (s->use_registry) registry_msg(p, s, "add");
    s->release(); // the poll set and the term hold it now
    return make_tuple(p, {atom::ok, ref});
}

// A recv handle: a reference, or the atom zero for a poll (a zero timeout).
bool ref_or_zero(Term t) {
    return is_boxed_of(t, Subtag::Ref) || t == A("zero");
}

} // namespace

Socket::~Socket() {
    if (fd >= 0) ::close(fd);
}

// ---- addresses ----

namespace {
bool ip_tuple(Term t, uint8_t *out, int n, int bits) {
    if (!is_tuple(t) || tuple_arity(t) != Word(n)) return false;
    for (int i = 0; i < n; ++i) {
        int64_t v;
        if (!int_arg(tuple_elements(t)[i], v) || v < 0 || v >= (int64_t(1) << bits)) return false;
        if (bits == 8)
            out[i] = uint8_t(v);
        else
            out[2 * i] = uint8_t(v >> 8), out[2 * i + 1] = uint8_t(v);
    }
    return true;
}
Term get(Term map, const char *key) {
    const Term *v = map_lookup(map, A(key));
    return v ? *v : kNonValue;
}
} // namespace

bool decode_sockaddr(Term map, sockaddr_storage &out, unsigned &len) {
    if (!is_map(map)) return false;
    std::memset(&out, 0, sizeof out);
    Term family = get(map, "family"), addr = get(map, "addr"), port = get(map, "port");
    int64_t pn = 0;
    if (family == A("inet") || family == A("inet6")) {
        // Any int goes, cut to 16 bits, as in erts.
        if (port == kNonValue || !int_arg(port, pn) || pn != int32_t(pn)) return false;
    }
    if (family == A("inet")) {
        auto *in = reinterpret_cast<sockaddr_in *>(&out);
        in->sin_family = AF_INET;
        in->sin_port = htons(uint16_t(pn));
        if (addr == A("any"))
            in->sin_addr.s_addr = htonl(INADDR_ANY);
        else if (addr == A("loopback"))
            in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        else if (addr == A("broadcast"))
            in->sin_addr.s_addr = htonl(INADDR_BROADCAST);
        else if (!ip_tuple(addr, reinterpret_cast<uint8_t *>(&in->sin_addr), 4, 8))
            return false;
        len = sizeof(sockaddr_in);
        return true;
    }
    if (family == A("inet6")) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&out);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(uint16_t(pn));
        int64_t flow = 0, scope = 0;
        Term f = get(map, "flowinfo"), sc = get(map, "scope_id");
        if ((f != kNonValue && (!int_arg(f, flow) || flow < 0 || flow > 0xffffffffLL)) ||
            (sc != kNonValue && (!int_arg(sc, scope) || scope < 0 || scope > 0xffffffffLL)))
            return false;
        in6->sin6_flowinfo = htonl(uint32_t(flow));
        in6->sin6_scope_id = uint32_t(scope);
        if (addr == A("any"))
            in6->sin6_addr = in6addr_any;
        else if (addr == A("loopback"))
            in6->sin6_addr = in6addr_loopback;
        else if (!ip_tuple(addr, reinterpret_cast<uint8_t *>(&in6->sin6_addr), 8, 16))
            return false;
        len = sizeof(sockaddr_in6);
        return true;
    }
    if (family == A("local")) {
        Term path = get(map, "path");
        if (!is_binary(path)) return false;
        std::string bytes;
        iolist_to_bytes(path, bytes);
        auto *un = reinterpret_cast<sockaddr_un *>(&out);
        if (bytes.size() >= sizeof un->sun_path) return false;
        un->sun_family = AF_UNIX;
        std::memcpy(un->sun_path, bytes.data(), bytes.size());
        len = unsigned(offsetof(sockaddr_un, sun_path) + bytes.size() + 1);
        return true;
    }
    return false;
}

Term encode_sockaddr(Process *p, const sockaddr_storage &sa, unsigned len) {
    if (sa.ss_family == AF_INET) {
        auto *in = reinterpret_cast<const sockaddr_in *>(&sa);
        const auto *b = reinterpret_cast<const uint8_t *>(&in->sin_addr);
        Term addr =
            make_tuple(p, {make_small(b[0]), make_small(b[1]), make_small(b[2]), make_small(b[3])});
        return make_map(p, {{A("family"), A("inet")},
                            {A("port"), make_small(ntohs(in->sin_port))},
                            {A("addr"), addr}});
    }
    if (sa.ss_family == AF_INET6) {
        auto *in6 = reinterpret_cast<const sockaddr_in6 *>(&sa);
        const auto *b = reinterpret_cast<const uint8_t *>(&in6->sin6_addr);
        Term addr = alloc_tuple(p, 8);
        for (int i = 0; i < 8; ++i)
            tuple_elements(addr)[i] = make_small((b[2 * i] << 8) | b[2 * i + 1]);
        return make_map(p, {{A("family"), A("inet6")},
                            {A("port"), make_small(ntohs(in6->sin6_port))},
                            {A("addr"), addr},
                            {A("flowinfo"), make_int64(p, ntohl(in6->sin6_flowinfo))},
                            {A("scope_id"), make_int64(p, in6->sin6_scope_id)}});
    }
    if (sa.ss_family == AF_UNIX) {
        auto *un = reinterpret_cast<const sockaddr_un *>(&sa);
        size_t n =
            len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
        n = strnlen(un->sun_path, n);
        return make_map(p,
                        {{A("family"), A("local")}, {A("path"), make_binary(p, un->sun_path, n)}});
    }
    return make_map(
        p, {{A("family"), make_small(sa.ss_family)}, {A("addr"), make_binary(p, &sa, len)}});
}

Term domain_term(int domain) {
    switch (domain) {
    case AF_INET:
        return A("inet");
    case AF_INET6:
        return A("inet6");
    case AF_UNIX:
        return A("local");
    default:
        return make_small(domain);
    }
}

Term type_term(int type) {
    switch (type) {
    case SOCK_STREAM:
        return A("stream");
    case SOCK_DGRAM:
        return A("dgram");
    case SOCK_SEQPACKET:
        return A("seqpacket");
    case SOCK_RAW:
        return A("raw");
    case SOCK_RDM:
        return A("rdm");
    default:
        return make_small(type);
    }
}

SocketCounts socket_counts() {
    SocketCounts c{};
    for (Socket *s : SocketPoll::global().all()) {
        {
            std::lock_guard lock(s->mutex);
            if (s->open) {
                ++c.sockets;
                c.inet += s->domain == AF_INET;
                c.inet6 += s->domain == AF_INET6;
                c.local += s->domain == AF_UNIX;
                c.ip += s->given_protocol == IPPROTO_IP;
                c.tcp += s->given_protocol == IPPROTO_TCP;
                c.udp += s->given_protocol == IPPROTO_UDP;
                c.sctp += s->given_protocol == IPPROTO_SCTP;
                c.dgram += s->type == SOCK_DGRAM;
                c.stream += s->type == SOCK_STREAM;
                c.seqpacket += s->type == SOCK_SEQPACKET;
            }
        }
        s->release();
    }
    return c;
}

void socket_process_exited(Term pid) {
    SocketPoll &ps = SocketPoll::global();
    if (ps.count.load() == 0) return;
    std::vector<Socket *> owned = ps.owned_by(pid);
    if (owned.empty()) return;
    Process *h = scratch();
    for (Socket *s : owned) {
        {
            std::lock_guard lock(s->mutex);
            if (s->owner == pid && !s->closed) {
                s->owner = atom::undefined;
                s->closing = true;
                do_stop(h, s);
                close_now(h, s);
            }
        }
        s->release();
    }
    h->clear_scratch_heap();
}

// ---- the NIFs ----

Term prim_socket_nif_open_4(Process *p, const Term *args) {
    int domain, type;
    int64_t proto;
    if (args[0] == A("inet"))
        domain = AF_INET;
    else if (args[0] == A("inet6"))
        domain = AF_INET6;
    else if (args[0] == A("local"))
        domain = AF_UNIX;
    else if (is_small(args[0]))
        domain = int(small_value(args[0]));
    else if (is_atom(args[0]))
        return invalid(p, "domain");
    else
        return p->badarg();
    if (args[1] == A("stream"))
        type = SOCK_STREAM;
    else if (args[1] == A("dgram"))
        type = SOCK_DGRAM;
    else if (args[1] == A("seqpacket"))
        type = SOCK_SEQPACKET;
    else if (args[1] == A("raw"))
        type = SOCK_RAW;
    else if (is_small(args[1]))
        type = int(small_value(args[1]));
    else if (is_atom(args[1]))
        return invalid(p, "type");
    else
        return p->badarg();
    if (!int_arg(args[2], proto) || !is_map(args[3])) return p->badarg();
    int fd = ::socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, int(proto));
    if (fd < 0) return errno_error(p, errno);
    int actual = int(proto);
    socklen_t l = sizeof actual;
    if (actual == 0) getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &actual, &l);
    Socket *s = make_socket(p, fd, domain, type, actual, int(proto));
    if (const Term *v = map_lookup(args[3], A("use_registry"))) s->use_registry = *v == atom::true_;
    if (const Term *v = map_lookup(args[3], A("debug"))) s->debug = *v == atom::true_;
    return opened(p, s);
}

Term prim_socket_nif_bind_2(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    if (!s) return p->badarg();
    sockaddr_storage sa;
    unsigned len;
    if (!decode_sockaddr(args[1], sa, len)) return invalid(p, "sockaddr");
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    if (::bind(s->fd, reinterpret_cast<sockaddr *>(&sa), len) != 0) return errno_error(p, errno);
    s->bound = true;
    return atom::ok;
}

Term prim_socket_nif_connect_3(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    if (!s || !is_boxed_of(args[1], Subtag::Ref)) return p->badarg();
    sockaddr_storage sa;
    unsigned len;
    if (!decode_sockaddr(args[2], sa, len)) return invalid(p, "sockaddr");
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    if (s->connector.active()) return error(p, A("already"));
    if (::connect(s->fd, reinterpret_cast<sockaddr *>(&sa), len) == 0) {
        s->connected = true;
        return atom::ok;
    }
    int err = errno;
    if (err == EINPROGRESS && s->type == SOCK_STREAM) {
        s->connecting = true;
        s->connector = waiter(p, args[1]);
        arm_write(s);
        return A("select");
    }
    return errno_error(p, err);
}

Term prim_socket_nif_connect_1(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    if (!s) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    if (!s->connecting || !is_current(p, s->connector)) return error(p, A("einval"));
    disarm_write(s);
    s->connector = SocketWaiter{};
    s->connecting = false;
    int err = 0;
    socklen_t l = sizeof err;
    if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &l) != 0) err = errno;
    if (err != 0) return errno_error(p, err);
    s->connected = true;
    return atom::ok;
}

Term prim_socket_nif_listen_2(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    int64_t backlog;
    if (!s || !int_arg(args[1], backlog)) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    if (::listen(s->fd, int(backlog)) != 0) return errno_error(p, errno);
    s->listening = true;
    return atom::ok;
}

Term prim_socket_nif_accept_2(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    if (!s || !is_boxed_of(args[1], Subtag::Ref)) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    if (s->reader.active()) return error(p, make_tuple(p, {A("invalid"), A("state")}));
    if (other_current(p, s, s->acceptor, true)) {
        if (!queued(p, s->acceptors)) s->acceptors.push_back(waiter(p, args[1]));
        ++s->acc_waits;
        return A("select");
    }
    ++s->acc_tries;
    int fd = ::accept4(s->fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == EAGAIN || err == EWOULDBLOCK) {
            s->acceptor = waiter(p, args[1]);
            ++s->acc_waits;
            arm_read(s);
            return A("select");
        }
        ++s->acc_fails;
        if (s->acceptor.active()) {
            disarm_read(s);
            next_in(s, s->acceptor, s->acceptors, true);
        }
        return errno_error(p, err);
    }
    ++s->acc_success;
    if (s->acceptor.active()) {
        disarm_read(s);
        next_in(s, s->acceptor, s->acceptors, true);
    }
    Socket *a = make_socket(p, fd, s->domain, s->type, s->protocol, s->given_protocol);
    a->rbuf = s->rbuf;
    a->connected = true;
    a->use_registry = s->use_registry;
    return opened(p, a);
}

namespace {

// One recv or recvfrom (erts' recv_check_result and its cases).
Term do_recv(Process *p, const Term *args, bool from) {
    Socket *s = socket_arg(args[0]);
    int64_t len, flags;
    if (!s || !ref_or_zero(args[3])) return p->badarg();
    if (!is_integer(args[1]) || !is_integer(args[2])) return p->badarg();
    if (!int_arg(args[1], len) || len < 0 || !int_arg(args[2], flags) || flags != int(flags))
        return error(
            p, make_tuple(
                   p, {A("invalid"),
                       make_tuple(p, {A("integer_range"),
                                      int_arg(args[1], len) && len >= 0 ? args[2] : args[1]})}));
    bool poll = args[3] == A("zero");
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    if (s->acceptor.active()) return error(p, make_tuple(p, {A("invalid"), A("state")}));
    if (other_current(p, s, s->reader, true)) {
        if (!queued(p, s->readers)) s->readers.push_back(waiter(p, args[3]));
        ++s->read_waits;
        return A("select");
    }
    size_t size = len ? size_t(len) : s->rbuf;
    uint8_t *data;
    Term bin = make_binary(p, size, &data);
    sockaddr_storage sa{};
    socklen_t salen = sizeof sa;
    ++s->read_tries;
    ssize_t n =
        from ? ::recvfrom(s->fd, data, size, int(flags), reinterpret_cast<sockaddr *>(&sa), &salen)
             : ::recv(s->fd, data, size, int(flags));
    int err = n < 0 ? errno : 0;
    auto done = [&] {
        if (s->reader.active()) {
            disarm_read(s);
            next_in(s, s->reader, s->readers, true);
        }
    };
    auto fail_all = [&](Term reason) {
        ++s->read_fails;
        if (s->reader.active()) disarm_read(s);
        s->reader = SocketWaiter{};
        abort_queue(p, s, s->readers, reason);
        return error(p, reason);
    };
    auto result = [&](Term data_term) {
        if (!from) return make_tuple(p, {atom::ok, data_term});
        return make_tuple(p, {atom::ok, make_tuple(p, {encode_sockaddr(p, sa, salen), data_term})});
    };
    if (n == 0 && s->type == SOCK_STREAM && size > 0) return fail_all(A("closed"));
    if (n < 0) {
        if (err == ECONNRESET) return fail_all(A("econnreset"));
        if (err == EAGAIN || err == EWOULDBLOCK) {
            if (poll) return atom::ok;
            s->reader = waiter(p, args[3]);
            arm_read(s);
            return A("select");
        }
        ++s->read_fails;
        return errno_error(p, err);
    }
    s->read_byte += uint64_t(n);
    if (size_t(n) == size || len == 0 || s->type != SOCK_STREAM || poll) {
        ++s->read_pkg;
        s->read_pkg_max = std::max<uint64_t>(s->read_pkg_max, uint64_t(n));
        done();
        return result(size_t(n) == size ? bin : make_binary(p, data, size_t(n)));
    }
    // A stream read of a given length got part of it: the caller waits for the rest.
    s->reader = waiter(p, args[3]);
    arm_read(s);
    return make_tuple(p, {A("select"), make_binary(p, data, size_t(n))});
}

Term do_send(Process *p, const Term *args, const sockaddr_storage *to, unsigned tolen, Term ref,
             Term flags_term) {
    Socket *s = socket_arg(args[0]);
    int64_t flags;
    if (!s || !is_binary(args[1]) || !is_boxed_of(ref, Subtag::Ref) || !int_arg(flags_term, flags))
        return p->badarg();
    std::string bytes;
    iolist_to_bytes(args[1], bytes);
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    if (other_current(p, s, s->writer, false)) {
        if (!queued(p, s->writers)) s->writers.push_back(waiter(p, ref));
        ++s->write_waits;
        return A("select");
    }
    ++s->write_tries;
    ssize_t n = to ? ::sendto(s->fd, bytes.data(), bytes.size(), int(flags) | MSG_NOSIGNAL,
                              reinterpret_cast<const sockaddr *>(to), tolen)
                   : ::send(s->fd, bytes.data(), bytes.size(), int(flags) | MSG_NOSIGNAL);
    if (n < 0) {
        int err = errno;
        if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR) {
            s->writer = waiter(p, ref);
            arm_write(s);
            return A("select");
        }
        ++s->write_fails;
        if (err != EINVAL && s->writer.active()) {
            disarm_write(s);
            s->writer = SocketWaiter{};
            abort_queue(p, s, s->writers, inet::errno_term(err));
        }
        return errno_error(p, err);
    }
    s->write_byte += uint64_t(n);
    if (size_t(n) < bytes.size()) {
        s->writer = waiter(p, ref);
        arm_write(s);
        return make_tuple(p, {A("select"), make_small(n)});
    }
    ++s->write_pkg;
    s->write_pkg_max = std::max<uint64_t>(s->write_pkg_max, uint64_t(n));
    if (s->writer.active()) {
        disarm_write(s);
        next_in(s, s->writer, s->writers, false);
    }
    return atom::ok;
}

} // namespace

Term prim_socket_nif_recv_4(Process *p, const Term *args) {
    return do_recv(p, args, false);
}
Term prim_socket_nif_recvfrom_4(Process *p, const Term *args) {
    return do_recv(p, args, true);
}

Term prim_socket_nif_send_4(Process *p, const Term *args) {
    return do_send(p, args, nullptr, 0, args[3], args[2]);
}

Term prim_socket_nif_sendto_5(Process *p, const Term *args) {
    if (!socket_arg(args[0])) return p->badarg();
    sockaddr_storage sa;
    unsigned len;
    if (!decode_sockaddr(args[2], sa, len)) return invalid(p, "sockaddr");
    return do_send(p, args, &sa, len, args[4], args[3]);
}

Term prim_socket_nif_close_1(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    if (!s) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    s->closing = true;
    s->closer = p->pid;
    do_stop(p, s);
    return atom::ok;
}

Term prim_socket_nif_finalize_close_1(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    if (!s) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (s->closed) return error(p, A("closed"));
    if (!s->closing || s->closer != p->pid)
        return p->error(make_tuple(p, {A("invalid"), A("state")}));
    Term owner = s->owner;
    close_now(p, s);
    (void)owner;
    s->owner = atom::undefined;
    return atom::ok;
}

Term prim_socket_nif_shutdown_2(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    if (!s) return p->badarg();
    int how;
    if (args[1] == A("read"))
        how = SHUT_RD;
    else if (args[1] == A("write"))
        how = SHUT_WR;
    else if (args[1] == A("read_write"))
        how = SHUT_RDWR;
    else
        return p->error(make_tuple(p, {A("invalid"), make_tuple(p, {A("how"), args[1]})}));
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    if (::shutdown(s->fd, how) != 0) return errno_error(p, errno);
    return atom::ok;
}

namespace {
Term name_of(Process *p, const Term *args, bool peer) {
    Socket *s = socket_arg(args[0]);
    if (!s) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    sockaddr_storage sa{};
    socklen_t len = sizeof sa;
    int rc = peer ? getpeername(s->fd, reinterpret_cast<sockaddr *>(&sa), &len)
                  : getsockname(s->fd, reinterpret_cast<sockaddr *>(&sa), &len);
    if (rc != 0) return errno_error(p, errno);
    return make_tuple(p, {atom::ok, encode_sockaddr(p, sa, len)});
}
} // namespace

Term prim_socket_nif_sockname_1(Process *p, const Term *args) {
    return name_of(p, args, false);
}
Term prim_socket_nif_peername_1(Process *p, const Term *args) {
    return name_of(p, args, true);
}

void socket_owner_changed(Socket *s, Term from, Term to) {
    SocketPoll::global().change_owner(s, from, to);
    if (ProcessTable::global().lookup(to)) return;
    // The new owner has exited: its exit may have come before the change, so close here.
    Process *h = scratch();
    {
        std::lock_guard lock(s->mutex);
        if (s->owner == to && !s->closed) {
            s->owner = atom::undefined;
            s->closing = true;
            do_stop(h, s);
            close_now(h, s);
        }
    }
    h->clear_scratch_heap();
}

Term prim_socket_nif_cancel_3(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    if (!s || !is_atom(args[1])) return p->badarg();
    Term op = args[1], ref = args[2];
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    SocketWaiter *cur;
    std::deque<SocketWaiter> *queue = nullptr;
    bool read;
    if (op == A("accept"))
        cur = &s->acceptor, queue = &s->acceptors, read = true;
    else if (op == A("recv") || op == A("recvfrom") || op == A("recvmsg"))
        cur = &s->reader, queue = &s->readers, read = true;
    else if (op == A("send") || op == A("sendto") || op == A("sendmsg"))
        cur = &s->writer, queue = &s->writers, read = false;
    else if (op == A("connect"))
        cur = &s->connector, read = false;
    else
        return p->badarg();
    if (cur->active() && cur->pid == p->pid) {
        if (!terms_exact_equal(cur->ref->get(), ref)) return A("not_found");
        bool pending = read ? disarm_read(s) : disarm_write(s);
        if (op == A("connect")) {
            s->connector = SocketWaiter{};
            s->connecting = false;
        } else {
            next_in(s, *cur, *queue, read);
        }
        return pending ? atom::ok : A("select_sent");
    }
    if (queue)
        for (auto it = queue->begin(); it != queue->end(); ++it)
            if (it->pid == p->pid && terms_exact_equal(it->ref->get(), ref)) {
                queue->erase(it);
                return atom::ok;
            }
    return A("not_found");
}

} // namespace hamlet
