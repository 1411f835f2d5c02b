// erlang:nodes/0,1,2 and monitor_node/2,3 on a node that is not distributed: no other node is
// ever connected, so only `this` and `known` name a node (nonode@nohost), and monitoring
// another node fails with notalive. Kernel's global asks at boot.
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/map.h"
#include "vm/term_build.h"

namespace hamlet {

namespace {

Term atom_of(const char *text) {
    return *AtomTable::global().intern(text);
}

// Whether the node types in `arg` (an atom or a list of them) include this node; false in
// *ok for anything else.
bool includes_this(Term arg, bool *ok) {
    static const Term kVisible = atom_of("visible"), kHidden = atom_of("hidden"),
                      kConnected = atom_of("connected"), kThis = atom_of("this"),
                      kKnown = atom_of("known");
    auto one = [&](Term t, bool &self) {
        if (t == kThis || t == kKnown)
            self = true;
        else if (t != kVisible && t != kHidden && t != kConnected)
            return false;
        return true;
    };
    bool self = false;
    *ok = true;
    if (is_atom(arg)) {
        *ok = one(arg, self);
        return self;
    }
    for (; is_list(arg); arg = cdr(arg))
        if (!one(car(arg), self)) *ok = false;
    if (!is_nil(arg)) *ok = false;
    return self;
}

} // namespace

Term erlang_nodes_0(Process *, const Term *) {
    return kNil;
}

Term erlang_nodes_1(Process *p, const Term *args) {
    bool ok;
    bool self = includes_this(args[0], &ok);
    if (!ok) return p->badarg();
    return self ? make_cons(p, atom::nonode_nohost, kNil) : kNil;
}

// nodes(Arg, #{connection_id => Bool, node_type => Bool}): [{Node, Info}].
Term erlang_nodes_2(Process *p, const Term *args) {
    static const Term kConnectionId = atom_of("connection_id"), kNodeType = atom_of("node_type"),
                      kThis = atom_of("this");
    bool ok;
    bool self = includes_this(args[0], &ok);
    Term opts = args[1];
    if (!ok || !is_map(opts) || !is_flatmap(opts)) return p->badarg();
    bool connection_id = false, node_type = false;
    const Term *keys = tuple_elements(flatmap_keys(opts));
    const Term *values = flatmap_values(opts);
    for (size_t i = 0; i < flatmap_size(opts); ++i) {
        if (values[i] != atom::true_ && values[i] != atom::false_) return p->badarg();
        if (keys[i] == kConnectionId)
            connection_id = values[i] == atom::true_;
        else if (keys[i] == kNodeType)
            node_type = values[i] == atom::true_;
        else
            return p->badarg();
    }
    if (!self) return kNil;
    // The info map, keys in term order: connection_id, node_type.
    size_t n = size_t(connection_id) + size_t(node_type);
    Word *k = p->alloc(1 + n), *m = p->alloc(3 + n);
    k[0] = make_header(Subtag::Tuple, n);
    m[0] = make_header(Subtag::Map, n + 2);
    m[1] = Word(n) << 2;
    m[2] = make_boxed(k);
    size_t i = 0;
    if (connection_id) k[1 + i] = kConnectionId, m[3 + i++] = atom::undefined;
    if (node_type) k[1 + i] = kNodeType, m[3 + i++] = kThis;
    Term info = make_boxed(m);
    return make_cons(p, make_tuple(p, {atom::nonode_nohost, info}), kNil);
}

namespace {

Term monitor_node(Process *p, Term node, Term flag, Term opts) {
    static const Term kAllowPassiveConnect = atom_of("allow_passive_connect"),
                      kBadopt = atom_of("badopt"), kNotalive = atom_of("notalive");
    if (!is_atom(node)) return p->badarg();
    for (; is_list(opts); opts = cdr(opts))
        if (car(opts) != kAllowPassiveConnect) return p->badarg_cause(kBadopt);
    if (!is_nil(opts)) return p->badarg_cause(kBadopt);
    // Monitoring this node itself is allowed and never fires; any other node needs a
    // distributed node.
    if (node != atom::nonode_nohost) return p->error(kNotalive);
    if (flag != atom::true_ && flag != atom::false_) return p->badarg();
    return atom::true_;
}

} // namespace

Term erlang_monitor_node_2(Process *p, const Term *args) {
    return monitor_node(p, args[0], args[1], kNil);
}

Term erlang_monitor_node_3(Process *p, const Term *args) {
    return monitor_node(p, args[0], args[1], args[2]);
}

} // namespace hamlet
