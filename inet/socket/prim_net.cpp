// prim_net's NIFs (the `net` module): the host name and the network interfaces' names and
// indices, with erts' results (OTP 25's prim_net_nif.c).
#include "bifs/bif.h"
#include "bifs/prim_file_common.h"
#include "inet/inet_driver.h"
#include "vm/atom_table.h"
#include "vm/iolist.h"
#include "vm/map_ops.h"
#include "vm/term_build.h"

#include <cerrno>
#include <climits>
#include <net/if.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace hamlet {

namespace {
Term ok(Process *p, Term v) {
    return make_tuple(p, {atom::ok, v});
}
Term err(Process *p, int e) {
    return make_tuple(p, {atom_named("error"), inet::errno_term(e)});
}
} // namespace

Term prim_net_nif_info_0(Process *p, const Term *) {
    return make_map(p, {{atom_named("debug"), atom::false_}});
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
