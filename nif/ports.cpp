// Ports and select in NIFs. Hamlet has no ports and no poll set yet (ports/ and the I/O
// poller are other work): these answer as erts does for a port that does not exist or an
// event it cannot watch, so a library that imports them loads and learns at run time.
#include "nif/nif.h"

#include <climits>

using namespace hamlet;

int enif_port_command(ErlNifEnv *, const ErlNifPort *, ErlNifEnv *, ERL_NIF_TERM) {
    return 0;
}

int enif_whereis_port(ErlNifEnv *, ERL_NIF_TERM, ErlNifPort *) {
    return 0;
}

int enif_is_port_alive(ErlNifEnv *, ErlNifPort *) {
    return 0;
}

int enif_get_local_port(ErlNifEnv *, ERL_NIF_TERM term, ErlNifPort *port_id) {
    if (!is_local_port(term)) return 0;
    port_id->port_id = term;
    return 1;
}

int enif_select(ErlNifEnv *, ErlNifEvent, enum ErlNifSelectFlags, void *, const ErlNifPid *,
                ERL_NIF_TERM) {
    return INT_MIN | ERL_NIF_SELECT_FAILED | ERL_NIF_SELECT_NOTSUP;
}

int enif_select_x(ErlNifEnv *, ErlNifEvent, enum ErlNifSelectFlags, void *, const ErlNifPid *,
                  ERL_NIF_TERM, ErlNifEnv *) {
    return INT_MIN | ERL_NIF_SELECT_FAILED | ERL_NIF_SELECT_NOTSUP;
}
