// prim_socket's setopt/getopt (the socket, ip, ipv6, tcp and udp options of
// socket_options.def whose values are booleans, integers or linger, the otp level's own
// options, and native options with integer, boolean or binary values), supports and info.
#include "inet/socket/socket.h"

#include "bifs/bif.h"
#include "bifs/prim_file_common.h"
#include "inet/inet_driver.h"
#include "vm/atom_table.h"
#include "vm/iolist.h"
#include "vm/map_ops.h"
#include "vm/process_table.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <string>
#include <vector>

namespace hamlet {

namespace {

Term A(const char *name) {
    return atom_of(name);
}
Term error(Process *p, Term reason) {
    return make_tuple(p, {A("error"), reason});
}
Term invalid(Process *p, const char *what) {
    return make_tuple(p, {A("invalid"), A(what)});
}

enum class Kind { Bool, Int, IntGet, Linger, Domain, Type, Protocol, Other, None };

struct OptionInfo {
    const char *level;
    const char *name;
    int num;
    Kind kind;
};

const OptionInfo kOptions[] = {
#define OPT(level, name, num, kind) {#level, #name, num, Kind::kind},
#include "inet/socket/socket_options.def"
#undef OPT
};

int level_number(const char *level) {
    std::string l = level;
    if (l == "socket") return SOL_SOCKET;
    if (l == "ip") return IPPROTO_IP;
    if (l == "ipv6") return IPPROTO_IPV6;
    if (l == "tcp") return IPPROTO_TCP;
    if (l == "udp") return IPPROTO_UDP;
    return IPPROTO_SCTP;
}

const OptionInfo *find_option(int level, int opt) {
    for (const auto &o : kOptions)
        if (o.num == opt && o.kind != Kind::None && level_number(o.level) == level) return &o;
    return nullptr;
}

std::atomic<bool> g_debug{false}, g_iow{false}, g_use_registry{true};

enum OtpOpt {
    kDebug = 1001,
    kIow = 1002,
    kCtrlProc = 1003,
    kRcvBuf = 1004,
    kRcvCtrlBuf = 1006,
    kSndCtrlBuf = 1007,
    kFd = 1008,
    kMeta = 1009,
    kUseRegistry = 1010,
    kDomain = 1999,
};

bool small_int(Term t, int &out) {
    if (!is_small(t)) return false;
    SWord v = small_value(t);
    if (v != int(v)) return false;
    out = int(v);
    return true;
}

Term setsockopt_result(Process *p, Socket *s, int level, int opt, const void *v, socklen_t len) {
    if (::setsockopt(s->fd, level, opt, v, len) != 0) return error(p, inet::errno_term(errno));
    return atom::ok;
}

void send_registry(Process *p, Socket *s, const char *what) {
    Term tag = A("$socket");
    s->retain();
    Term sock = make_tuple(p, {tag, make_magic_ref(p, s)});
    send_message(A("socket_registry"), make_tuple(p, {tag, A(what), sock}));
}

Term setopt_otp(Process *p, Socket *s, int opt, Term v) {
    switch (opt) {
    case kDebug:
    case kIow:
    case kUseRegistry: {
        if (v != atom::true_ && v != atom::false_) return invalid(p, "value");
        bool b = v == atom::true_;
        if (opt == kDebug) s->debug = b;
        if (opt == kIow) s->iow = b;
        if (opt == kUseRegistry && b != s->use_registry) {
            s->use_registry = b;
            send_registry(p, s, b ? "add" : "del");
        }
        return atom::ok;
    }
    case kCtrlProc: {
        if (s->owner != p->pid) return error(p, make_tuple(p, {A("invalid"), A("not_owner")}));
        if (!is_local_pid(v)) return invalid(p, "value");
        return kNonValue; // the caller changes the owner (socket.cpp's lock order)
    }
    case kRcvBuf:
    case kRcvCtrlBuf:
    case kSndCtrlBuf: {
        int n;
        Term size = v;
        if (opt == kRcvBuf && is_tuple(v) && tuple_arity(v) == 2) {
            if (!small_int(tuple_elements(v)[0], n) || n < 0) return invalid(p, "value");
            size = tuple_elements(v)[1];
        }
        if (size == A("default")) {
            if (opt == kRcvBuf) s->rbuf = 8192;
            return atom::ok;
        }
        if (!small_int(size, n) || n <= 0) return invalid(p, "value");
        if (opt == kRcvBuf) s->rbuf = size_t(n);
        return atom::ok;
    }
    case kMeta:
        s->meta = std::make_unique<OwnedTerm>(v);
        return atom::ok;
    default:
        return invalid(p, "socket_option");
    }
}

Term getopt_otp(Process *p, Socket *s, int opt) {
    Term v;
    switch (opt) {
    case kDebug:
        v = s->debug ? atom::true_ : atom::false_;
        break;
    case kIow:
        v = s->iow ? atom::true_ : atom::false_;
        break;
    case kUseRegistry:
        v = s->use_registry ? atom::true_ : atom::false_;
        break;
    case kCtrlProc:
        v = s->owner;
        break;
    case kRcvBuf:
        v = make_small(SWord(s->rbuf));
        break;
    case kRcvCtrlBuf:
    case kSndCtrlBuf:
        v = make_small(1024);
        break;
    case kFd:
        v = make_small(s->fd);
        break;
    case kMeta:
        v = s->meta ? s->meta->get() : atom::undefined;
        break;
    case kDomain:
        v = domain_term(s->domain);
        break;
    default:
        return p->error(make_tuple(
            p, {A("invalid"), make_tuple(p, {A("otp_socket_option"), make_small(opt)})}));
    }
    return make_tuple(p, {atom::ok, v});
}

Term setopt_level(Process *p, Socket *s, int level, int opt, Term v) {
    const OptionInfo *o = find_option(level, opt);
    if (!o) return invalid(p, "socket_option");
    int n;
    switch (o->kind) {
    case Kind::Bool:
        if (v != atom::true_ && v != atom::false_) return invalid(p, "value");
        n = v == atom::true_;
        return setsockopt_result(p, s, level, opt, &n, sizeof n);
    case Kind::Int:
        if (!small_int(v, n)) return invalid(p, "value");
        return setsockopt_result(p, s, level, opt, &n, sizeof n);
    case Kind::Linger: {
        linger l{};
        if (v == A("abort")) {
            l.l_onoff = 1;
        } else {
            const Term *on = is_map(v) ? map_lookup(v, A("onoff")) : nullptr;
            const Term *secs = is_map(v) ? map_lookup(v, A("linger")) : nullptr;
            if (!on || !secs || (*on != atom::true_ && *on != atom::false_) ||
                !small_int(*secs, l.l_linger) || l.l_linger < 0)
                return invalid(p, "value");
            l.l_onoff = *on == atom::true_;
        }
        return setsockopt_result(p, s, level, opt, &l, sizeof l);
    }
    case Kind::Other:
        return error(p, A("enotsup")); // known to erts, not yet to Hamlet
    default:
        return invalid(p, "socket_option");
    }
}

Term getopt_level(Process *p, Socket *s, int level, int opt) {
    const OptionInfo *o = find_option(level, opt);
    if (!o) return invalid(p, "socket_option");
    if (o->kind == Kind::Other) return error(p, A("enotsup"));
    if (o->kind == Kind::Linger) {
        linger l{};
        socklen_t len = sizeof l;
        if (::getsockopt(s->fd, level, opt, &l, &len) != 0)
            return error(p, inet::errno_term(errno));
        Term m = make_map(p, {{A("onoff"), l.l_onoff ? atom::true_ : atom::false_},
                              {A("linger"), make_small(l.l_linger)}});
        return make_tuple(p, {atom::ok, m});
    }
    int n = 0;
    socklen_t len = sizeof n;
    if (::getsockopt(s->fd, level, opt, &n, &len) != 0) return error(p, inet::errno_term(errno));
    Term v;
    switch (o->kind) {
    case Kind::Bool:
        v = n ? atom::true_ : atom::false_;
        break;
    case Kind::Domain:
        v = domain_term(n);
        break;
    case Kind::Type:
        v = type_term(n);
        break;
    default:
        v = make_small(n);
        break;
    }
    return make_tuple(p, {atom::ok, v});
}

bool decode_level(Term t, int &level) {
    if (t == A("socket")) {
        level = SOL_SOCKET;
        return true;
    }
    return small_int(t, level);
}

} // namespace

bool socket_global_debug() {
    return g_debug.load();
}
bool socket_global_use_registry() {
    return g_use_registry.load();
}

Term prim_socket_nif_setopt_5(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    int native, opt, level = 0;
    if (!s || !small_int(args[4], native)) return p->badarg();
    if (!small_int(args[2], opt)) return p->badarg();
    bool otp = args[1] == A("otp");
    if (!otp && !decode_level(args[1], level)) return p->badarg();
    if (otp && native) return p->badarg();
    Term result;
    Term new_owner = kNonValue, old_owner = kNonValue;
    {
        std::lock_guard lock(s->mutex);
        if (!s->open || s->closing) return error(p, A("closed"));
        if (otp) {
            result = setopt_otp(p, s, opt, args[3]);
            if (result == kNonValue) {
                old_owner = s->owner;
                new_owner = args[3];
                s->owner = new_owner;
                result = atom::ok;
            }
        } else if (native) {
            Term v = args[3];
            int n;
            std::string bytes;
            if (v == atom::true_ || v == atom::false_) {
                n = v == atom::true_;
                result = setsockopt_result(p, s, level, opt, &n, sizeof n);
            } else if (small_int(v, n)) {
                result = setsockopt_result(p, s, level, opt, &n, sizeof n);
            } else if (is_binary(v) && iolist_to_bytes(v, bytes)) {
                result = setsockopt_result(p, s, level, opt, bytes.data(), socklen_t(bytes.size()));
            } else {
                result = invalid(p, "value");
            }
        } else {
            result = setopt_level(p, s, level, opt, args[3]);
        }
    }
    if (new_owner != kNonValue) socket_owner_changed(s, old_owner, new_owner);
    return result;
}

Term prim_socket_nif_getopt_3(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    int opt, level = 0;
    if (!s) return p->badarg();
    if (!small_int(args[2], opt)) return p->badarg();
    bool otp = args[1] == A("otp");
    if (!otp && !decode_level(args[1], level)) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    return otp ? getopt_otp(p, s, opt) : getopt_level(p, s, level, opt);
}

// getopt_native: ValueSpec integer | boolean | a byte count (a binary of that size).
Term prim_socket_nif_getopt_4(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    int opt, level = 0, size = 0;
    if (!s || !small_int(args[2], opt) || !decode_level(args[1], level)) return p->badarg();
    Term spec = args[3];
    bool as_int = spec == A("integer"), as_bool = spec == A("boolean");
    if (!as_int && !as_bool && (!small_int(spec, size) || size < 0)) return invalid(p, "value");
    std::lock_guard lock(s->mutex);
    if (!s->open || s->closing) return error(p, A("closed"));
    if (as_int || as_bool) {
        int n = 0;
        socklen_t len = sizeof n;
        if (::getsockopt(s->fd, level, opt, &n, &len) != 0)
            return error(p, inet::errno_term(errno));
        return make_tuple(p, {atom::ok, as_int ? make_small(n) : n ? atom::true_ : atom::false_});
    }
    std::string buf(size_t(size), '\0');
    socklen_t len = socklen_t(size);
    if (::getsockopt(s->fd, level, opt, buf.data(), &len) != 0)
        return error(p, inet::errno_term(errno));
    return make_tuple(p, {atom::ok, make_binary(p, buf.data(), len)});
}

// ---- supports ----

Term prim_socket_nif_supports_0(Process *p, const Term *) {
    // What Hamlet's socket NIFs offer (sctp's bind/3, netns and sendfile are not done).
    return make_term_list(
        p, {make_tuple(p, {A("sctp"), atom::false_}), make_tuple(p, {A("ipv6"), atom::true_}),
            make_tuple(p, {A("local"), atom::true_}), make_tuple(p, {A("netns"), atom::false_}),
            make_tuple(p, {A("sendfile"), atom::false_})});
}

namespace {

Term pairs(Process *p, std::initializer_list<std::pair<const char *, int>> l) {
    std::vector<Term> v;
    for (auto &[name, num] : l)
        v.push_back(make_tuple(p, {A(name), make_small(num)}));
    return make_term_list(p, v);
}

Term supports_protocols(Process *p) {
    // As erts: the system's protocols database (names, then aliases reversed), last entry
    // first, after the defaults for ip, ipv6, tcp, udp and sctp (which a database entry
    // overrides once prim_socket makes a map of them).
    static std::mutex mutex;
    std::vector<std::pair<std::vector<std::string>, int>> entries;
    {
        std::lock_guard lock(mutex);
        setprotoent(1);
        while (protoent *pe = getprotoent()) {
            std::vector<std::string> names{pe->p_name};
            std::vector<std::string> aliases;
            for (char **a = pe->p_aliases; *a; ++a)
                aliases.push_back(*a);
            names.insert(names.end(), aliases.rbegin(), aliases.rend());
            entries.emplace_back(std::move(names), pe->p_proto);
        }
        endprotoent();
    }
    Term list = kNil;
    for (auto &[names, num] : entries) {
        Term nl = kNil;
        for (auto it = names.rbegin(); it != names.rend(); ++it)
            nl = make_cons(p, *AtomTable::global().intern(*it), nl);
        list = make_cons(p, make_tuple(p, {nl, make_small(num)}), list);
    }
    const std::pair<const char *, int> defaults[] = {{"sctp", IPPROTO_SCTP},
                                                     {"udp", IPPROTO_UDP},
                                                     {"tcp", IPPROTO_TCP},
                                                     {"ipv6", IPPROTO_IPV6},
                                                     {"ip", IPPROTO_IP}};
    for (auto &[name, num] : defaults)
        list = make_cons(p, make_tuple(p, {make_cons(p, A(name), kNil), make_small(num)}), list);
    return list;
}

Term supports_options(Process *p) {
    const char *levels[] = {"socket", "ip", "ipv6", "tcp", "udp", "sctp"};
    std::vector<Term> out;
    for (const char *level : levels) {
        std::vector<Term> opts;
        for (const auto &o : kOptions) {
            if (std::strcmp(o.level, level) != 0) continue;
            opts.push_back(o.num < 0 ? A(o.name) : make_tuple(p, {A(o.name), make_small(o.num)}));
        }
        Term l = std::strcmp(level, "socket") == 0 ? A("socket") : make_small(level_number(level));
        out.push_back(make_tuple(p, {l, make_term_list(p, opts)}));
    }
    return make_term_list(p, out);
}

} // namespace

Term prim_socket_nif_supports_1(Process *p, const Term *args) {
    Term k = args[0];
    if (k == A("protocols")) return supports_protocols(p);
    if (k == A("options")) return supports_options(p);
    if (k == A("msg_flags"))
        return pairs(p, {{"cmsg_cloexec", MSG_CMSG_CLOEXEC},
                         {"confirm", MSG_CONFIRM},
                         {"ctrunc", MSG_CTRUNC},
                         {"dontroute", MSG_DONTROUTE},
                         {"eor", MSG_EOR},
                         {"errqueue", MSG_ERRQUEUE},
                         {"more", MSG_MORE},
                         {"nosignal", MSG_NOSIGNAL},
                         {"oob", MSG_OOB},
                         {"peek", MSG_PEEK},
                         {"trunc", MSG_TRUNC}});
    if (k == A("ioctl_flags"))
        return pairs(
            p, {{"allmulti", 512},  {"automedia", 16384}, {"broadcast", 2},    {"cantconfig", 0},
                {"debug", 4},       {"dormant", 131072},  {"dying", 0},        {"dynamic", 32768},
                {"echo", 262144},   {"knowsepoch", 0},    {"link0", 0},        {"link1", 0},
                {"link2", 0},       {"loopback", 8},      {"lower_up", 65536}, {"master", 1024},
                {"monitor", 0},     {"multicast", 4096},  {"noarp", 128},      {"nogroup", 0},
                {"notrailers", 32}, {"oactive", 0},       {"pointopoint", 16}, {"portsel", 8192},
                {"ppromisc", 0},    {"promisc", 256},     {"renaming", 0},     {"running", 64},
                {"simplex", 0},     {"slave", 2048},      {"staticarp", 0},    {"up", 1}});
    if (k == A("ioctl_requests"))
        return pairs(p, {{"gifaddr", 35093},
                         {"gifbrdaddr", 35097},
                         {"gifconf", 35090},
                         {"gifdstaddr", 35095},
                         {"gifflags", 35091},
                         {"gifhwaddr", 35111},
                         {"gifindex", 35123},
                         {"gifmap", 35184},
                         {"gifmtu", 35105},
                         {"gifname", 35088},
                         {"gifnetmask", 35099},
                         {"giftxqlen", 35138},
                         {"sifaddr", 35094},
                         {"sifbrdaddr", 35098},
                         {"sifdstaddr", 35096},
                         {"sifflags", 35092},
                         {"sifmtu", 35106},
                         {"siftxqlen", 35139}});
    return kNil;
}

// ---- info ----

Term prim_socket_nif_info_0(Process *p, const Term *) {
    SocketCounts c = socket_counts();
    auto n = [&](uint64_t v) { return make_uint64(p, v); };
    Term counters = make_map(p, {{A("num_cnt_bits"), make_small(64)},
                                 {A("num_dinet"), n(c.inet)},
                                 {A("num_dinet6"), n(c.inet6)},
                                 {A("num_dlocal"), n(c.local)},
                                 {A("num_pip"), n(c.ip)},
                                 {A("num_psctp"), n(c.sctp)},
                                 {A("num_ptcp"), n(c.tcp)},
                                 {A("num_pudp"), n(c.udp)},
                                 {A("num_sockets"), n(c.sockets)},
                                 {A("num_tdgrams"), n(c.dgram)},
                                 {A("num_tseqpkgs"), n(c.seqpacket)},
                                 {A("num_tstreams"), n(c.stream)}});
    auto b = [](bool v) { return v ? atom::true_ : atom::false_; };
    return make_map(p, {{A("counters"), counters},
                        {A("debug"), b(g_debug.load())},
                        {A("iow"), b(g_iow.load())},
                        {A("iov_max"), make_small(1024)},
                        {A("socket_debug"), atom::false_},
                        {A("use_registry"), b(g_use_registry.load())}});
}

Term prim_socket_nif_info_1(Process *p, const Term *args) {
    Socket *s = socket_arg(args[0]);
    if (!s) return p->badarg();
    std::lock_guard lock(s->mutex);
    auto n = [&](uint64_t v) { return make_uint64(p, v); };
    Term counters = make_map(p, {{A("acc_fails"), n(s->acc_fails)},
                                 {A("acc_success"), n(s->acc_success)},
                                 {A("acc_tries"), n(s->acc_tries)},
                                 {A("acc_waits"), n(s->acc_waits)},
                                 {A("read_byte"), n(s->read_byte)},
                                 {A("read_fails"), n(s->read_fails)},
                                 {A("read_pkg"), n(s->read_pkg)},
                                 {A("read_pkg_max"), n(s->read_pkg_max)},
                                 {A("read_tries"), n(s->read_tries)},
                                 {A("read_waits"), n(s->read_waits)},
                                 {A("write_byte"), n(s->write_byte)},
                                 {A("write_fails"), n(s->write_fails)},
                                 {A("write_pkg"), n(s->write_pkg)},
                                 {A("write_pkg_max"), n(s->write_pkg_max)},
                                 {A("write_tries"), n(s->write_tries)},
                                 {A("write_waits"), n(s->write_waits)}});
    std::vector<Term> r, w;
    if (s->bound) r.push_back(A("bound"));
    if (s->listening) r.push_back(A("listening"));
    if (s->acceptor.active()) r.push_back(A("accepting"));
    if (s->read_armed) r.push_back(A("selected"));
    if (s->connecting) w.push_back(A("connecting"));
    if (s->connected) w.push_back(A("connected"));
    if (s->write_armed) w.push_back(A("selected"));
    if (s->closing) r.push_back(A("closing")), w.push_back(A("closing"));
    if (s->closed) r.push_back(A("closed")), w.push_back(A("closed"));
    auto count = [&](const SocketWaiter &cur, const std::deque<SocketWaiter> &q) {
        return make_small(SWord((cur.active() ? 1 : 0) + q.size()));
    };
    return make_map(p, {{A("counters"), counters},
                        {A("ctype"), A("normal")},
                        {A("domain"), domain_term(s->domain)},
                        {A("num_acceptors"), count(s->acceptor, s->acceptors)},
                        {A("num_readers"), count(s->reader, s->readers)},
                        {A("num_writers"), count(s->writer, s->writers)},
                        {A("owner"), s->closed ? atom::undefined : s->owner},
                        {A("protocol"), make_small(s->protocol)},
                        {A("rstates"), make_term_list(p, r)},
                        {A("type"), type_term(s->type)},
                        {A("wstates"), make_term_list(p, w)}});
}

} // namespace hamlet
