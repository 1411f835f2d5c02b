// Ports in NIFs: looking a port up by name, whether it is alive, and commands to it, on
// the port core (ports/port.h) as the port BIFs use it. (enif_select is in select.cpp.)
#include "nif/nif.h"

#include "ports/port.h"
#include "vm/process_table.h"

using namespace hamlet;
using namespace hamlet::nif;

// As erts: always asynchronous (a busy port takes the data anyway), from the calling
// process but without port_command's owner check; false for a port that is not open, data
// that is not iodata, or a sender that is exiting. msg_env plays no part: the data is copied.
int enif_port_command(ErlNifEnv *env, const ErlNifPort *to_port, ErlNifEnv *, ERL_NIF_TERM msg) {
    if (!env || !to_port) return 0;
    if (env->proc && env->proc->pending_exit != kNonValue) return 0;
    Term from = is_local_pid(env->self) ? env->self : kNonValue;
    // A dirty job or a callback on behalf of a process that has exited sends nothing.
    if (!env->proc && from != kNonValue && !ProcessTable::global().lookup(from)) return 0;
    return port_output_async(to_port->port_id, from, msg) ? 1 : 0;
}

int enif_whereis_port(ErlNifEnv *, ERL_NIF_TERM name, ErlNifPort *port) {
    if (!is_atom(name)) return 0;
    Term p = ProcessTable::global().whereis(name);
    if (!is_local_port(p)) return 0;
    port->port_id = p;
    return 1;
}

int enif_is_port_alive(ErlNifEnv *, ErlNifPort *port) {
    return port && bool(PortTable::global().lookup(port->port_id));
}

int enif_get_local_port(ErlNifEnv *, ERL_NIF_TERM term, ErlNifPort *port_id) {
    if (!is_local_port(term)) return 0;
    port_id->port_id = term;
    return 1;
}
