// erlang:nodes/0,1,2 and monitor_node/2,3: this node (nonode@nohost until it is alive)
// and the nodes the distribution engine (dist/engine.h) has connections to.
#include "bifs/bif.h"
#include "dist/engine.h"
#include "dist/node.h"
#include "vm/atom_table.h"
#include "vm/map.h"
#include "vm/term_build.h"

namespace hamlet {

namespace {

struct Kinds {
    bool self = false, visible = false, hidden = false;
};

// The node types in `arg` (an atom or a list of them); false for anything else.
bool parse_kinds(Term arg, Kinds *k) {
    static const Term kVisible = atom_of("visible"), kHidden = atom_of("hidden"),
                      kConnected = atom_of("connected"), kThis = atom_of("this"),
                      kKnown = atom_of("known");
    auto one = [&](Term t) {
        if (t == kThis) {
            k->self = true;
        } else if (t == kKnown) {
            k->self = k->visible = k->hidden = true;
        } else if (t == kVisible) {
            k->visible = true;
        } else if (t == kHidden) {
            k->hidden = true;
        } else if (t == kConnected) {
            k->visible = k->hidden = true;
        } else {
            return false;
        }
        return true;
    };
    if (is_atom(arg)) return one(arg);
    for (; is_list(arg); arg = cdr(arg))
        if (!one(car(arg))) return false;
    return is_nil(arg);
}

struct Listed {
    Term node;
    Term conn_id; // undefined for this node
    Term type;
};

std::vector<Listed> list_nodes(const Kinds &k) {
    static const Term kVisible = atom_of("visible"), kHidden = atom_of("hidden"),
                      kThis = atom_of("this");
    std::vector<Listed> v;
    if (k.self) v.push_back({this_node(), atom::undefined, kThis}); // erts lists it first
    for (auto &n : dist::connected_nodes())
        if (n.hidden ? k.hidden : k.visible)
            v.push_back({n.node, make_small(SWord(n.conn_id)), n.hidden ? kHidden : kVisible});
    return v;
}

} // namespace

Term erlang_nodes_0(Process *p, const Term *) {
    Kinds k;
    k.visible = true;
    Term l = kNil;
    auto v = list_nodes(k);
    for (auto it = v.rbegin(); it != v.rend(); ++it)
        l = make_cons(p, it->node, l);
    return l;
}

Term erlang_nodes_1(Process *p, const Term *args) {
    Kinds k;
    if (!parse_kinds(args[0], &k)) return p->badarg();
    Term l = kNil;
    auto v = list_nodes(k);
    for (auto it = v.rbegin(); it != v.rend(); ++it)
        l = make_cons(p, it->node, l);
    return l;
}

// nodes(Arg, #{connection_id => Bool, node_type => Bool}): [{Node, Info}].
Term erlang_nodes_2(Process *p, const Term *args) {
    static const Term kConnectionId = atom_of("connection_id"), kNodeType = atom_of("node_type");
    Kinds k;
    Term opts = args[1];
    if (!parse_kinds(args[0], &k) || !is_map(opts) || !is_flatmap(opts)) return p->badarg();
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
    auto v = list_nodes(k);
    Term l = kNil;
    for (auto it = v.rbegin(); it != v.rend(); ++it) {
        // The info map, keys in term order: connection_id, node_type.
        size_t n = size_t(connection_id) + size_t(node_type);
        Word *kw = p->alloc(1 + n), *m = p->alloc(3 + n);
        kw[0] = make_header(Subtag::Tuple, n);
        m[0] = make_header(Subtag::Map, n + 2);
        m[1] = Word(n) << 2;
        m[2] = make_boxed(kw);
        size_t i = 0;
        if (connection_id) kw[1 + i] = kConnectionId, m[3 + i++] = it->conn_id;
        if (node_type) kw[1 + i] = kNodeType, m[3 + i++] = it->type;
        l = make_cons(p, make_tuple(p, {it->node, make_boxed(m)}), l);
    }
    return l;
}

namespace {

Term monitor_node(Process *p, Term node, Term flag, Term opts) {
    static const Term kAllowPassiveConnect = atom_of("allow_passive_connect"),
                      kBadopt = atom_of("badopt"), kNotalive = atom_of("notalive");
    if (!is_atom(node)) return p->badarg();
    for (; is_list(opts); opts = cdr(opts))
        if (car(opts) != kAllowPassiveConnect) return p->badarg_cause(kBadopt);
    if (!is_nil(opts)) return p->badarg_cause(kBadopt);
    // Monitoring this node itself is allowed and never fires; another node needs this
    // node to be alive. Not connected: connected to, {nodedown, Node} if that fails.
    if (node != this_node() && !node_alive()) return p->error(kNotalive);
    if (flag != atom::true_ && flag != atom::false_) return p->badarg();
    if (node == this_node()) return atom::true_;
    dist::node_monitor(p->pid, node, flag == atom::true_);
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
