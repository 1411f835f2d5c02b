// prim_net's NIFs (the `net` module): the host name, getaddrinfo and getnameinfo (on the I/O
// pool: they may wait for DNS; bifs/dirty_io.h) and the network interfaces' names and
// indices, with erts' results (OTP 25's prim_net_nif.c).
#include "bifs/bif.h"
#include "bifs/dirty_io.h"
#include "bifs/prim_file_common.h"
#include "inet/inet_driver.h"
#include "inet/socket/socket.h"
#include "vm/atom_table.h"
#include "vm/iolist.h"
#include "vm/map_ops.h"
#include "vm/term_build.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <net/if.h>
#include <netdb.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace hamlet {

namespace {
Term ok(Process *p, Term v) {
    return make_tuple(p, {atom::ok, v});
}
Term err(Process *p, int e) {
    return make_tuple(p, {atom_of("error"), inet::errno_term(e)});
}
// The atom erts gives a getaddrinfo/getnameinfo error.
Term gai_error(Process *p, int rc) {
    const char *name;
    switch (rc) {
    case EAI_ADDRFAMILY:
        name = "eaddrfamily";
        break;
    case EAI_AGAIN:
        name = "eagain";
        break;
    case EAI_BADFLAGS:
        name = "ebadflags";
        break;
    case EAI_FAIL:
        name = "efail";
        break;
    case EAI_FAMILY:
        name = "efamily";
        break;
    case EAI_MEMORY:
        name = "emem";
        break;
    case EAI_NODATA:
        name = "enodata";
        break;
    case EAI_NONAME:
        name = "enoname";
        break;
    case EAI_SERVICE:
        name = "eservice";
        break;
    case EAI_SOCKTYPE:
        name = "esocktype";
        break;
    case EAI_SYSTEM:
        name = "esystem";
        break;
    default:
        name = "einval";
        break;
    }
    return make_tuple(p, {atom_of("error"), atom_of(name)});
}

// A string argument or undefined (absent).
bool optional_string(Term t, std::string &out, bool &present) {
    present = t != atom::undefined;
    if (!present) return true;
    if (!is_list(t) && t != kNil) return false;
    return iolist_to_bytes(t, out) && out.find('\0') == std::string::npos;
}

// getnameinfo's flags (undefined or a list of atoms), or -1.
int name_flags(Term t) {
    if (t == atom::undefined) return 0;
    int flags = 0;
    for (; is_list(t); t = cdr(t)) {
        Term f = car(t);
        if (f == atom_of("namereqd"))
            flags |= NI_NAMEREQD;
        else if (f == atom_of("dgram"))
            flags |= NI_DGRAM;
        else if (f == atom_of("nofqdn"))
            flags |= NI_NOFQDN;
        else if (f == atom_of("numerichost"))
            flags |= NI_NUMERICHOST;
        else if (f == atom_of("numericserv"))
            flags |= NI_NUMERICSERV;
        else if (f == atom_of("idn"))
            flags |= NI_IDN;
        else if (f != atom_of("idna_allow_unassigned") && f != atom_of("idna_use_std3_ascii_rules"))
            return -1;
    }
    return t == kNil ? flags : -1;
}

Term getaddrinfo_work(Process *p, const Term *args) {
    std::string host, serv;
    bool has_host, has_serv;
    if (!optional_string(args[0], host, has_host) || !optional_string(args[1], serv, has_serv))
        return p->badarg();
    addrinfo *res = nullptr;
    int rc = getaddrinfo(has_host ? host.c_str() : nullptr, has_serv ? serv.c_str() : nullptr,
                         nullptr, &res);
    if (rc != 0) return gai_error(p, rc);
    std::vector<Term> v;
    for (addrinfo *a = res; a; a = a->ai_next) {
        sockaddr_storage sa{};
        std::memcpy(&sa, a->ai_addr, std::min<size_t>(a->ai_addrlen, sizeof sa));
        v.push_back(make_map(p, {{atom_of("family"), domain_term(a->ai_family)},
                                 {atom_of("type"), type_term(a->ai_socktype)},
                                 {atom_of("protocol"), make_small(a->ai_protocol)},
                                 {atom_of("addr"), encode_sockaddr(p, sa, a->ai_addrlen)}}));
    }
    freeaddrinfo(res);
    return ok(p, make_term_list(p, v));
}

Term getnameinfo_work(Process *p, const Term *args) {
    sockaddr_storage sa;
    unsigned len;
    if (!decode_sockaddr(args[0], sa, len)) return p->badarg();
    int flags = name_flags(args[1]);
    char host[1025], serv[32];
    int rc = getnameinfo(reinterpret_cast<sockaddr *>(&sa), len, host, sizeof host, serv,
                         sizeof serv, flags);
    if (rc != 0) return gai_error(p, rc);
    return ok(p, make_map(p, {{atom_of("host"), make_string(p, host)},
                              {atom_of("service"), make_string(p, serv)}}));
}

} // namespace

// Both look-ups may wait for DNS: checked here, then run on the I/O pool
// (bifs/dirty_io.h), so a bad argument raises from the caller as in erts.
Term prim_net_nif_getaddrinfo_3(Process *p, const Term *args) {
    std::string host, serv;
    bool has_host, has_serv;
    if (!optional_string(args[0], host, has_host) || !optional_string(args[1], serv, has_serv))
        return p->badarg();
    return run_on_io_thread(p, getaddrinfo_work, 3, args);
}

Term prim_net_nif_getnameinfo_2(Process *p, const Term *args) {
    sockaddr_storage sa;
    unsigned len;
    if (!decode_sockaddr(args[0], sa, len) || name_flags(args[1]) < 0) return p->badarg();
    return run_on_io_thread(p, getnameinfo_work, 2, args);
}

Term prim_net_nif_info_0(Process *p, const Term *) {
    return make_map(p, {{atom_of("debug"), atom::false_}});
}

Term prim_net_nif_gethostname_0(Process *p, const Term *) {
    char buf[HOST_NAME_MAX + 1];
    if (gethostname(buf, sizeof buf) != 0) return err(p, errno);
    buf[HOST_NAME_MAX] = '\0';
    return ok(p, make_string(p, buf));
}

Term prim_net_nif_if_names_0(Process *p, const Term *) {
    struct if_nameindex *list = ::if_nameindex();
    if (!list) return err(p, errno);
    std::vector<Term> v;
    for (struct if_nameindex *i = list; i->if_index != 0 || i->if_name != nullptr; ++i)
        v.push_back(make_tuple(p, {make_small(i->if_index), make_string(p, i->if_name)}));
    if_freenameindex(list);
    return ok(p, make_term_list(p, v));
}

Term prim_net_nif_if_name2index_1(Process *p, const Term *args) {
    std::string name;
    if (!is_list(args[0]) && args[0] != kNil) return p->badarg();
    if (!iolist_to_bytes(args[0], name) || name.find('\0') != std::string::npos) return p->badarg();
    errno = 0;
    unsigned idx = if_nametoindex(name.c_str());
    if (idx == 0) return err(p, errno ? errno : ENXIO);
    return ok(p, make_small(idx));
}

Term prim_net_nif_if_index2name_1(Process *p, const Term *args) {
    if (!is_small(args[0]) || small_value(args[0]) < 0 || small_value(args[0]) > UINT_MAX)
        return p->badarg();
    char buf[IF_NAMESIZE + 1];
    if (!if_indextoname(unsigned(small_value(args[0])), buf)) return err(p, errno);
    return ok(p, make_string(p, buf));
}

} // namespace hamlet
