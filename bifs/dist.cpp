// The distribution BIFs the kernel calls (net_kernel, dist_util, erlang.erl's wrappers):
// this node's name and creation, connection setup, remote spawn requests. The engine
// behind them is dist/engine.h.
#include "bifs/bif.h"
#include "dist/engine.h"
#include "dist/node.h"
#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/term_build.h"

namespace hamlet {

namespace {

bool get_u64(Term t, uint64_t *v) {
    if (is_small(t) && small_value(t) >= 0) {
        *v = uint64_t(small_value(t));
        return true;
    }
    if (is_boxed_of(t, Subtag::PosBig) && header_arity(boxed_ptr(t)[0]) == 1) {
        *v = boxed_ptr(t)[1];
        return true;
    }
    return false;
}

Term make_u64(Process *p, uint64_t v) {
    if (v <= uint64_t(kMaxSmall)) return make_small(SWord(v));
    Word *w = p->alloc(2);
    w[0] = make_header(Subtag::PosBig, 1);
    w[1] = v;
    return make_boxed(w);
}

// A DHandle, {ConnId, Node}: false when t is not one.
bool parse_handle(Term t, uint32_t *conn_id, Term *node) {
    if (!is_tuple(t) || tuple_arity(t) != 2 || !is_small(tuple_elements(t)[0]) ||
        !is_atom(tuple_elements(t)[1]))
        return false;
    *conn_id = uint32_t(small_value(tuple_elements(t)[0]));
    *node = tuple_elements(t)[1];
    return true;
}

} // namespace

// erlang:setnode(Node, Creation): net_kernel names this node once epmd gave the creation.
// Requires net_kernel to be registered, as erts does.
Term erlang_setnode_2(Process *p, const Term *args) {
    uint64_t creation;
    if (!is_atom(args[0]) || !get_u64(args[1], &creation) || creation > 0xFFFFFFFFull)
        return p->badarg();
    Term nk = ProcessTable::global().whereis(atom_of("net_kernel"));
    if (nk == atom::undefined) return p->badarg();
    if (args[0] == atom::nonode_nohost || node_alive()) return p->badarg();
    set_this_node(args[0], uint32_t(creation));
    dist::node_started(nk);
    return atom::true_;
}

Term erts_internal_create_dist_channel_3(Process *p, const Term *args) {
    Term node = args[0], ctrl = args[1], opts = args[2];
    uint64_t flags, creation;
    if (!is_atom(node) || !is_tuple(opts) || tuple_arity(opts) != 2 ||
        !get_u64(tuple_elements(opts)[0], &flags) || !get_u64(tuple_elements(opts)[1], &creation))
        return atom::badarg;
    if (!is_local_port(ctrl))
        return atom_of("notsup"); // process controllers (dist_ctrl_*): not yet
    if (!node_alive() || node == this_node()) return atom::badarg;
    Term handle;
    Term err = dist::create_channel(p, node, ctrl, flags, uint32_t(creation), &handle);
    if (err != kNonValue) return err;
    return make_tuple(p, {atom::ok, handle});
}

Term erts_internal_new_connection_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    return dist::new_connection(p, args[0]);
}

Term erts_internal_abort_pending_connection_2(Process *p, const Term *args) {
    uint32_t id;
    Term node;
    if (!is_atom(args[0]) || !parse_handle(args[1], &id, &node)) return p->badarg();
    return dist::abort_pending(args[0], id) ? atom::true_ : atom::false_;
}

// #erts_dflags{default, mandatory, addable, rejectable, strict_order}
Term erts_internal_get_dflags_0(Process *p, const Term *) {
    return make_tuple(p,
                      {atom_of("erts_dflags"), make_u64(p, dist::kDefaultFlags),
                       make_u64(p, dist::kMandatoryFlags), make_u64(p, dist::kDefaultFlags),
                       make_u64(p, dist::kRejectableFlags), make_u64(p, dist::kStrictOrderFlags)});
}

Term erts_internal_get_creation_0(Process *p, const Term *) {
    uint32_t c = this_creation();
    return c ? make_u64(p, c) : atom::undefined;
}

Term erlang_dist_get_stat_1(Process *p, const Term *args) {
    uint32_t id;
    Term node;
    if (!parse_handle(args[0], &id, &node)) return p->badarg();
    return make_tuple(p, {atom::ok, make_small(0), make_small(0), atom::false_});
}

// erts_internal:dist_spawn_request(Node, {M, F, A}, Opts, spawn_request | spawn_opt)
Term erts_internal_dist_spawn_request_4(Process *p, const Term *args) {
    static const Term kSpawnOpt = atom_of("spawn_opt");
    bool spawn_opt = args[3] == kSpawnOpt, monitor = false;
    Term ref = dist::spawn_request(p, args[0], args[1], args[2], spawn_opt, &monitor);
    if (ref == kNonValue) return atom::badarg;
    if (spawn_opt) return make_tuple(p, {ref, monitor ? atom::true_ : atom::false_});
    return ref;
}

} // namespace hamlet
