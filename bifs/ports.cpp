// The port BIFs: erts_internal:open_port/2, port_command/3, port_control/3, port_call/3,
// port_close/1, port_connect/2, port_info/1,2 (erlang.erl's open_port/2, port_command/2,3
// ... wrap them), erlang:ports/0, port_set_data/2, port_get_data/1.
//
// Arguments are checked here, on the caller's scheduler, with erts' answers (badarg,
// badopt, badtype atoms that the wrappers turn into exceptions); the work is a task for the
// port on the I/O thread (ports/port.h). A BIF that needs the port's answer returns a
// reference, and the wrapper waits for {Ref, Result}, as with erts' scheduled port
// operations.
#include "bifs/bif.h"
#include "ports/io_thread.h"
#include "ports/open_port.h"
#include "vm/atom_table.h"
#include "vm/etf_encode.h"
#include "vm/iolist.h"
#include "vm/ref.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <chrono>

namespace hamlet {

namespace {

// erts' lookup: a port, or the name of a registered port; only open ports.
std::shared_ptr<Port> lookup(Term t) {
    if (!is_local_port(t) && !is_atom(t)) return nullptr;
    return PortTable::global().lookup(t);
}

// The number of an unsigned 32-bit operation code, as port_control/call take it.
bool op_arg(Term t, uint32_t *op) {
    if (!is_small(t) || small_value(t) < 0 || small_value(t) > SWord(UINT32_MAX)) return false;
    *op = uint32_t(small_value(t));
    return true;
}

// erts logs a port_command/2,3 with bad data (and the BIF fails with badarg).
void log_bad_output(Process *p, const std::string &port_name) {
    Term text = make_string(p, "Bad value on output port '" + port_name + "'\n");
    send_vm_log(p, "~s~n", make_cons(p, text, kNil));
}

} // namespace

Term erts_internal_open_port_2(Process *p, const Term *args) {
    OpenPortRequest req;
    Term error = parse_open_port(args[0], args[1], &req);
    if (error != kNonValue) return error;
    auto port = std::make_shared<Port>(PortTable::global().next_number(), req.name);
    port->options() = std::move(req.opts);
    uint64_t ref = new_ref_id();
    Term caller = p->pid;
    DriverFactory factory = req.factory;
    IoThread::global().post([port, factory, caller, ref] { port->start(factory(), caller, ref); });
    return make_ref(p, ref);
}

Term erts_internal_port_command_3(Process *p, const Term *args) {
    static const Term kForce = atom_of("force"), kNosuspend = atom_of("nosuspend"),
                      kBadopt = atom_of("badopt"), kNotsup = atom_of("notsup");
    bool force = false, nosuspend = false;
    Term f = args[2];
    for (; is_list(f); f = cdr(f)) {
        if (car(f) == kForce)
            force = true;
        else if (car(f) == kNosuspend)
            nosuspend = true;
        else
            return kBadopt;
    }
    if (!is_nil(f)) return kBadopt;
    std::shared_ptr<Port> port = lookup(args[0]);
    if (!port) return atom::badarg;
    if (force && !port->soft_busy()) return kNotsup;
    std::string data;
    if (!iolist_to_bytes(args[1], data)) {
        log_bad_output(p, port->name);
        return atom::badarg;
    }
    Term caller = p->pid;
    if (!force && port->busy()) {
        if (nosuspend) return atom::false_;
        // The caller waits (in erlang.erl's receive) until the port takes the data.
        uint64_t ref = new_ref_id();
        IoThread::global().post([port, caller, ref, d = std::move(data)]() mutable {
            port->command(caller, std::move(d), false, caller, ref, true);
        });
        return make_ref(p, ref);
    }
    IoThread::global().post([port, caller, d = std::move(data)]() mutable {
        port->command(caller, std::move(d), false, caller, 0, false);
    });
    return atom::true_;
}

Term erts_internal_port_control_3(Process *p, const Term *args) {
    std::shared_ptr<Port> port = lookup(args[0]);
    uint32_t op;
    std::string data;
    if (!port || !op_arg(args[1], &op) || !iolist_to_bytes(args[2], data)) return atom::badarg;
    uint64_t ref = new_ref_id();
    Term caller = p->pid;
    IoThread::global().post([port, caller, op, ref, d = std::move(data)]() mutable {
        port->control(caller, op, std::move(d), ref);
    });
    return make_ref(p, ref);
}

Term erts_internal_port_call_3(Process *p, const Term *args) {
    std::shared_ptr<Port> port = lookup(args[0]);
    uint32_t op;
    if (!port || !op_arg(args[1], &op)) return atom::badarg;
    std::vector<uint8_t> etf;
    if (etf_encode(args[2], {}, etf) != EtfEncodeStatus::Ok) return atom::badarg;
    uint64_t ref = new_ref_id();
    Term caller = p->pid;
    IoThread::global().post(
        [port, caller, op, ref, d = std::string(etf.begin(), etf.end())]() mutable {
            port->call(caller, op, std::move(d), ref);
        });
    return make_ref(p, ref);
}

Term erts_internal_port_close_1(Process *p, const Term *args) {
    std::shared_ptr<Port> port = lookup(args[0]);
    if (!port) return atom::badarg;
    uint64_t ref = new_ref_id();
    Term caller = p->pid;
    IoThread::global().post([port, caller, ref] { port->close(caller, caller, false, ref); });
    return make_ref(p, ref);
}

Term erts_internal_port_connect_2(Process *p, const Term *args) {
    std::shared_ptr<Port> port = lookup(args[0]);
    if (!port) return atom::badarg;
    Term to = args[1];
    if (!is_local_pid(to)) return atom::badarg;
    uint64_t ref = new_ref_id();
    Term caller = p->pid;
    IoThread::global().post(
        [port, caller, to, ref] { port->connect(caller, caller, to, false, ref); });
    return make_ref(p, ref);
}

namespace {

Term port_info(Process *p, Term id, Term item, Term bad_arg) {
    if (!is_local_port(id) && !is_atom(id)) {
        if (is_boxed_of(id, Subtag::ExtPort) && boxed_ptr(id)[1] == atom::nonode_nohost)
            return atom::undefined;
        return bad_arg;
    }
    std::shared_ptr<Port> port = lookup(id);
    if (!port) return atom::undefined;
    uint64_t ref = new_ref_id();
    Term caller = p->pid;
    IoThread::global().post([port, caller, item, ref] { port->info(caller, item, ref); });
    return make_ref(p, ref);
}

} // namespace

Term erts_internal_port_info_1(Process *p, const Term *args) {
    return port_info(p, args[0], kNonValue, atom::badarg);
}

Term erts_internal_port_info_2(Process *p, const Term *args) {
    static const Term kBadtype = atom_of("badtype");
    if (!is_atom(args[1])) return atom::badarg;
    return port_info(p, args[0], args[1], kBadtype);
}

Term erlang_ports_0(Process *p, const Term *) {
    return make_term_list(p, PortTable::global().ids());
}

Term erlang_port_set_data_2(Process *p, const Term *args) {
    std::shared_ptr<Port> port = lookup(args[0]);
    if (!port) return p->badarg();
    port->set_data(args[1]);
    return atom::true_;
}

Term erlang_port_get_data_1(Process *p, const Term *args) {
    std::shared_ptr<Port> port = lookup(args[0]);
    if (!port) return p->badarg();
    return port->get_data(p);
}

} // namespace hamlet
