/* The project's own test NIF: built with gcc against the installed erl_nif.h (no Hamlet
   header), run by nif_api_test.erl on erl and on Hamlet, which must print the same. It
   exercises every family of the API: terms, maps, binaries, the external format,
   exceptions, resources (destructors, down callbacks, monitors, dynamic calls),
   environments and messages, dirty CPU and I/O jobs, enif_schedule_nif, a thread of its
   own sending messages, locks and thread-specific data, printing, time, I/O vectors and
   queues, and the load/upgrade/unload callbacks with their priv_data. */
#include <erl_nif.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

static ErlNifResourceType *counter_type, *watch_type, *thread_type, *dyn_type;
/* Counts of callbacks, kept across module instances (the library stays loaded). */
static int loads, upgrades, unloads;

typedef struct {
    long count;
    ErlNifPid owner; /* told when the counter dies */
} counter_t;

typedef struct {
    ErlNifPid owner; /* told when a watched process dies */
    ErlNifMonitor mon;
} watch_t;

typedef struct {
    ErlNifTid tid;
    ErlNifPid to;
    int n;
    int joined;
} thread_res_t;

static ERL_NIF_TERM atom(ErlNifEnv *env, const char *name) { return enif_make_atom(env, name); }
static ERL_NIF_TERM ok(ErlNifEnv *env) { return atom(env, "ok"); }
static ERL_NIF_TERM boolean(ErlNifEnv *env, int b) { return atom(env, b ? "true" : "false"); }

/* ---- callbacks ---- */

static void counter_dtor(ErlNifEnv *env, void *obj) {
    counter_t *c = obj;
    if (!enif_is_pid_undefined(&c->owner))
        enif_send(env, &c->owner, NULL,
                  enif_make_tuple2(env, atom(env, "counter_dtor"), enif_make_long(env, c->count)));
}

static void watch_down(ErlNifEnv *env, void *obj, ErlNifPid *pid, ErlNifMonitor *mon) {
    watch_t *w = obj;
    ErlNifEnv *msg_env = enif_alloc_env();
    int same = enif_compare_monitors(mon, &w->mon) == 0;
    (void)pid;
    enif_send(env, &w->owner, msg_env,
              enif_make_tuple2(msg_env, atom(msg_env, "down"), boolean(msg_env, same)));
    enif_free_env(msg_env);
}

static void watch_dtor(ErlNifEnv *env, void *obj) { (void)env; (void)obj; }

static void thread_dtor(ErlNifEnv *env, void *obj) {
    thread_res_t *t = obj;
    (void)env;
    if (!t->joined) enif_thread_join(t->tid, NULL);
}

static void dyn_call(ErlNifEnv *env, void *obj, void *call_data) {
    (void)env;
    *(long *)call_data = *(long *)obj * 10;
}

static int open_types(ErlNifEnv *env) {
    ErlNifResourceFlags tried;
    ErlNifResourceTypeInit watch_init = {watch_dtor, NULL, watch_down, 3, NULL};
    ErlNifResourceTypeInit dyn_init = {NULL, NULL, NULL, 4, dyn_call};
    counter_type = enif_open_resource_type(env, NULL, "counter", counter_dtor,
                                           ERL_NIF_RT_CREATE | ERL_NIF_RT_TAKEOVER, &tried);
    watch_type = enif_open_resource_type_x(env, "watch", &watch_init,
                                           ERL_NIF_RT_CREATE | ERL_NIF_RT_TAKEOVER, &tried);
    thread_type = enif_open_resource_type(env, NULL, "thread", thread_dtor,
                                          ERL_NIF_RT_CREATE | ERL_NIF_RT_TAKEOVER, &tried);
    dyn_type = enif_init_resource_type(env, "dyn", &dyn_init, ERL_NIF_RT_CREATE | ERL_NIF_RT_TAKEOVER,
                                       &tried);
    return counter_type && watch_type && thread_type && dyn_type;
}

static int load(ErlNifEnv *env, void **priv, ERL_NIF_TERM info) {
    static long value;
    if (!enif_get_long(env, info, &value)) return 3;
    if (!open_types(env)) return 4;
    *priv = &value;
    loads++;
    return 0;
}

static int upgrade(ErlNifEnv *env, void **priv, void **old_priv, ERL_NIF_TERM info) {
    static long value;
    if (!enif_get_long(env, info, &value)) return 5;
    if (!open_types(env)) return 6;
    value += *(long *)*old_priv; /* the old instance's data is still there */
    *priv = &value;
    upgrades++;
    return 0;
}

static void unload(ErlNifEnv *env, void *priv) {
    (void)env;
    (void)priv;
    unloads++;
}

/* ---- terms ---- */

static ERL_NIF_TERM echo(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)env;
    (void)argc;
    return argv[0];
}

static ERL_NIF_TERM add(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    long a, b;
    (void)argc;
    if (!enif_get_long(env, argv[0], &a) || !enif_get_long(env, argv[1], &b)) return enif_make_badarg(env);
    return enif_make_long(env, a + b);
}

static ERL_NIF_TERM numbers(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    int i;
    unsigned u;
    long l;
    unsigned long ul;
    double d;
    ERL_NIF_TERM r[5];
    (void)argc;
    r[0] = enif_get_int(env, argv[0], &i) ? enif_make_int(env, i) : atom(env, "no");
    r[1] = enif_get_uint(env, argv[0], &u) ? enif_make_uint(env, u) : atom(env, "no");
    r[2] = enif_get_long(env, argv[0], &l) ? enif_make_long(env, l) : atom(env, "no");
    r[3] = enif_get_ulong(env, argv[0], &ul) ? enif_make_ulong(env, ul) : atom(env, "no");
    r[4] = enif_get_double(env, argv[0], &d) ? enif_make_double(env, d * 2) : atom(env, "no");
    return enif_make_tuple_from_array(env, r, 5);
}

static ERL_NIF_TERM big_numbers(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    (void)argv;
    return enif_make_list(env, 5, enif_make_long(env, -9223372036854775807L - 1),
                          enif_make_ulong(env, 18446744073709551615UL), enif_make_int64(env, 1L << 62),
                          enif_make_uint(env, 4294967295U), enif_make_int(env, -2147483647 - 1));
}

static ERL_NIF_TERM bad_double(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    (void)argv;
    return enif_make_double(env, 1.0 / 0.0);
}

static const char *type_name(ErlNifTermType t) {
    switch (t) {
    case ERL_NIF_TERM_TYPE_ATOM: return "atom";
    case ERL_NIF_TERM_TYPE_BITSTRING: return "bitstring";
    case ERL_NIF_TERM_TYPE_FLOAT: return "float";
    case ERL_NIF_TERM_TYPE_FUN: return "fun";
    case ERL_NIF_TERM_TYPE_INTEGER: return "integer";
    case ERL_NIF_TERM_TYPE_LIST: return "list";
    case ERL_NIF_TERM_TYPE_MAP: return "map";
    case ERL_NIF_TERM_TYPE_PID: return "pid";
    case ERL_NIF_TERM_TYPE_PORT: return "port";
    case ERL_NIF_TERM_TYPE_REFERENCE: return "reference";
    case ERL_NIF_TERM_TYPE_TUPLE: return "tuple";
    default: return "other";
    }
}

static ERL_NIF_TERM types(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ERL_NIF_TERM t = argv[0];
    int bits = enif_is_atom(env, t) | enif_is_binary(env, t) << 1 | enif_is_ref(env, t) << 2 |
               enif_is_fun(env, t) << 3 | enif_is_pid(env, t) << 4 | enif_is_port(env, t) << 5 |
               enif_is_list(env, t) << 6 | enif_is_empty_list(env, t) << 7 | enif_is_tuple(env, t) << 8 |
               enif_is_map(env, t) << 9 | enif_is_number(env, t) << 10 |
               enif_is_exception(env, t) << 11;
    (void)argc;
    return enif_make_tuple2(env, atom(env, type_name(enif_term_type(env, t))), enif_make_int(env, bits));
}

static ERL_NIF_TERM atoms(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    char buf[300], small[4];
    unsigned len = 0;
    ERL_NIF_TERM existing, r[6];
    (void)argc;
    r[0] = enif_get_atom(env, argv[0], buf, sizeof buf, ERL_NIF_LATIN1) ? enif_make_string(env, buf, ERL_NIF_LATIN1)
                                                                         : atom(env, "no");
    r[1] = enif_get_atom_length(env, argv[0], &len, ERL_NIF_LATIN1) ? enif_make_uint(env, len) : atom(env, "no");
    r[2] = enif_make_int(env, enif_get_atom(env, argv[0], small, sizeof small, ERL_NIF_LATIN1));
    r[3] = boolean(env, enif_make_existing_atom(env, "nif_api_no_such_atom_xyz", &existing, ERL_NIF_LATIN1));
    r[4] = enif_make_existing_atom(env, "ok", &existing, ERL_NIF_LATIN1) ? existing : atom(env, "no");
    r[5] = enif_make_atom_len(env, "caf\xe9 au lait", 4);
    return enif_make_tuple_from_array(env, r, 6);
}

static ERL_NIF_TERM long_atom(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    char name[300];
    (void)argc;
    (void)argv;
    memset(name, 'a', sizeof name);
    return enif_make_atom_len(env, name, 256);
}

static ERL_NIF_TERM strings(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    char buf[64], small[4];
    int n = enif_get_string(env, argv[0], buf, sizeof buf, ERL_NIF_LATIN1);
    int m = enif_get_string(env, argv[0], small, sizeof small, ERL_NIF_LATIN1);
    (void)argc;
    return enif_make_tuple4(env, enif_make_int(env, n), n > 0 ? enif_make_string(env, buf, ERL_NIF_LATIN1) : atom(env, "no"),
                            enif_make_int(env, m), enif_make_string_len(env, small, m < 0 ? 3 : 0, ERL_NIF_LATIN1));
}

static ERL_NIF_TERM lists(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    unsigned len;
    ERL_NIF_TERM head, tail, rev, arr[3];
    (void)argc;
    if (!enif_get_list_length(env, argv[0], &len)) return atom(env, "improper");
    if (!enif_get_list_cell(env, argv[0], &head, &tail)) head = tail = atom(env, "empty");
    if (!enif_make_reverse_list(env, argv[0], &rev)) return enif_make_badarg(env);
    arr[0] = head;
    arr[1] = tail;
    arr[2] = enif_make_list_cell(env, atom(env, "x"), argv[0]);
    return enif_make_tuple4(env, enif_make_uint(env, len), rev, enif_make_list_from_array(env, arr, 3),
                            enif_make_list3(env, enif_make_int(env, 1), enif_make_int(env, 2), enif_make_int(env, 3)));
}

static ERL_NIF_TERM tuples(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    int arity;
    const ERL_NIF_TERM *elems;
    (void)argc;
    if (!enif_get_tuple(env, argv[0], &arity, &elems)) return enif_make_badarg(env);
    if (arity == 0) return enif_make_tuple(env, 0);
    return enif_make_tuple3(env, enif_make_int(env, arity), elems[arity - 1],
                            enif_make_tuple_from_array(env, elems, (unsigned)arity));
}

static ERL_NIF_TERM maps(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    size_t size;
    ERL_NIF_TERM m = argv[0], v, put, upd, rem, fwd, bwd, key, val, from, r[8];
    ERL_NIF_TERM keys[3], vals[3];
    ErlNifMapIterator it;
    (void)argc;
    if (!enif_get_map_size(env, m, &size)) return enif_make_badarg(env);
    r[0] = enif_make_uint64(env, size);
    r[1] = enif_get_map_value(env, m, atom(env, "a"), &v) ? v : atom(env, "none");
    r[2] = enif_make_map_put(env, m, enif_make_string(env, "z", ERL_NIF_LATIN1), enif_make_int(env, 26), &put) ? put : atom(env, "no");
    r[3] = enif_make_map_update(env, m, atom(env, "a"), enif_make_int(env, 0), &upd) ? upd : atom(env, "no");
    r[4] = enif_make_map_remove(env, m, atom(env, "a"), &rem) ? rem : atom(env, "no");
    fwd = enif_make_list(env, 0);
    enif_map_iterator_create(env, m, &it, ERL_NIF_MAP_ITERATOR_FIRST);
    while (enif_map_iterator_get_pair(env, &it, &key, &val)) {
        fwd = enif_make_list_cell(env, enif_make_tuple2(env, key, val), fwd);
        enif_map_iterator_next(env, &it);
    }
    r[5] = enif_make_tuple2(env, fwd, boolean(env, enif_map_iterator_is_tail(env, &it)));
    enif_map_iterator_destroy(env, &it);
    bwd = enif_make_list(env, 0);
    enif_map_iterator_create(env, m, &it, ERL_NIF_MAP_ITERATOR_LAST);
    while (enif_map_iterator_get_pair(env, &it, &key, &val)) {
        bwd = enif_make_list_cell(env, key, bwd);
        enif_map_iterator_prev(env, &it);
    }
    r[6] = enif_make_tuple2(env, bwd, boolean(env, enif_map_iterator_is_head(env, &it)));
    enif_map_iterator_destroy(env, &it);
    keys[0] = atom(env, "k1");
    keys[1] = enif_make_int(env, 1);
    keys[2] = enif_make_double(env, 1.0);
    vals[0] = vals[1] = vals[2] = enif_make_new_map(env);
    r[7] = enif_make_map_from_arrays(env, keys, vals, 3, &from) ? from : atom(env, "dup");
    keys[2] = atom(env, "k1");
    if (enif_make_map_from_arrays(env, keys, vals, 3, &from)) r[7] = atom(env, "accepted_duplicate");
    return enif_make_tuple_from_array(env, r, 8);
}

static ERL_NIF_TERM compare(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    return enif_make_tuple3(env, enif_make_int(env, enif_compare(argv[0], argv[1])),
                            boolean(env, enif_is_identical(argv[0], argv[1])),
                            enif_make_uint64(env, enif_hash(ERL_NIF_PHASH2, argv[0], 0)));
}

static ERL_NIF_TERM refs(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ERL_NIF_TERM r1 = enif_make_ref(env), r2 = enif_make_ref(env);
    ERL_NIF_TERM u1 = enif_make_unique_integer(env, ERL_NIF_UNIQUE_POSITIVE | ERL_NIF_UNIQUE_MONOTONIC);
    ERL_NIF_TERM u2 = enif_make_unique_integer(env, ERL_NIF_UNIQUE_POSITIVE | ERL_NIF_UNIQUE_MONOTONIC);
    (void)argc;
    (void)argv;
    return enif_make_tuple4(env, boolean(env, enif_is_ref(env, r1)), boolean(env, enif_compare(r1, r2) != 0),
                            boolean(env, enif_compare(u1, u2) < 0), boolean(env, enif_is_number(env, u1)));
}

/* ---- binaries ---- */

static ERL_NIF_TERM binaries(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifBinary in, owned, io;
    ERL_NIF_TERM made, sub, fresh, r[6];
    unsigned char *p;
    size_t i;
    (void)argc;
    if (!enif_inspect_binary(env, argv[0], &in)) return enif_make_badarg(env);
    /* reversed copy in an owned binary, grown by realloc */
    if (!enif_alloc_binary(in.size, &owned)) return enif_make_badarg(env);
    for (i = 0; i < in.size; i++) owned.data[i] = in.data[in.size - 1 - i];
    if (!enif_realloc_binary(&owned, in.size + 100)) return enif_make_badarg(env);
    memset(owned.data + in.size, '!', 100);
    made = enif_make_binary(env, &owned);
    sub = in.size >= 3 ? enif_make_sub_binary(env, argv[0], 1, in.size - 2) : argv[0];
    p = enif_make_new_binary(env, 3, &fresh);
    memcpy(p, "new", 3);
    r[0] = enif_make_uint64(env, in.size);
    r[1] = made;
    r[2] = sub;
    r[3] = fresh;
    r[4] = enif_inspect_iolist_as_binary(env, argv[1], &io) ? enif_make_binary(env, &io) : atom(env, "not_iolist");
    r[5] = boolean(env, enif_is_binary(env, argv[1]));
    return enif_make_tuple_from_array(env, r, 6);
}

static ERL_NIF_TERM small_binary(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifBinary b;
    ERL_NIF_TERM t;
    (void)argc;
    (void)argv;
    enif_alloc_binary(5, &b);
    memcpy(b.data, "small", 5);
    t = enif_make_binary(env, &b);
    enif_alloc_binary(10, &b);
    enif_release_binary(&b); /* never made into a term */
    return t;
}

static ERL_NIF_TERM etf(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifBinary bin;
    ERL_NIF_TERM back, r[3];
    size_t used;
    (void)argc;
    if (!enif_term_to_binary(env, argv[0], &bin)) return enif_make_badarg(env);
    used = enif_binary_to_term(env, bin.data, bin.size, &back, 0);
    r[0] = enif_make_binary(env, &bin);
    r[1] = enif_make_uint64(env, used);
    r[2] = back;
    return enif_make_tuple_from_array(env, r, 3);
}

static ERL_NIF_TERM decode(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifBinary bin;
    ERL_NIF_TERM t;
    int safe;
    size_t used;
    (void)argc;
    if (!enif_inspect_binary(env, argv[0], &bin) || !enif_get_int(env, argv[1], &safe)) return enif_make_badarg(env);
    used = enif_binary_to_term(env, bin.data, bin.size, &t, safe ? ERL_NIF_BIN2TERM_SAFE : 0);
    return used ? enif_make_tuple2(env, t, enif_make_uint64(env, used)) : atom(env, "error");
}

static ERL_NIF_TERM iovec(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifIOVec *iov = NULL;
    ERL_NIF_TERM tail, lens = enif_make_list(env, 0), head;
    ErlNifIOQueue *q;
    ErlNifBinary b;
    size_t left, hsize;
    int i, n;
    SysIOVec *peek;
    (void)argc;
    if (!enif_inspect_iovec(env, 2, argv[0], &tail, &iov)) return atom(env, "not_iovec");
    for (i = iov->iovcnt - 1; i >= 0; i--) lens = enif_make_list_cell(env, enif_make_uint64(env, iov->iov[i].iov_len), lens);
    q = enif_ioq_create(ERL_NIF_IOQ_NORMAL);
    enif_ioq_enqv(q, iov, 1);
    enif_alloc_binary(3, &b);
    memcpy(b.data, "xyz", 3);
    enif_ioq_enq_binary(q, &b, 0);
    enif_ioq_deq(q, 2, &left);
    peek = enif_ioq_peek(q, &n);
    (void)peek;
    enif_ioq_peek_head(env, q, &hsize, &head);
    {
        ERL_NIF_TERM r = enif_make_tuple6(env, lens, tail, enif_make_uint64(env, iov->size),
                                          enif_make_uint64(env, enif_ioq_size(q)), enif_make_int(env, n), head);
        enif_ioq_destroy(q);
        return r;
    }
}

/* ---- exceptions ---- */

static ERL_NIF_TERM raise_it(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    return enif_raise_exception(env, argv[0]);
}

static ERL_NIF_TERM badarg_then_ok(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    (void)argv;
    enif_make_badarg(env);
    return ok(env); /* the exception wins */
}

static ERL_NIF_TERM pending(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ERL_NIF_TERM reason;
    int before = enif_has_pending_exception(env, NULL);
    (void)argc;
    enif_raise_exception(env, argv[0]);
    enif_has_pending_exception(env, &reason);
    return enif_raise_exception(env, enif_make_tuple3(env, atom(env, "last"), enif_make_int(env, before), reason));
}

/* ---- resources ---- */

static ERL_NIF_TERM new_counter(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    counter_t *c = enif_alloc_resource(counter_type, sizeof *c);
    ERL_NIF_TERM t;
    c->count = 0;
    if (argc == 0 || !enif_get_local_pid(env, argv[0], &c->owner)) enif_set_pid_undefined(&c->owner);
    t = enif_make_resource(env, c);
    enif_release_resource(c); /* the term holds it now */
    return t;
}

static ERL_NIF_TERM incr(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    counter_t *c;
    (void)argc;
    if (!enif_get_resource(env, argv[0], counter_type, (void **)&c)) return enif_make_badarg(env);
    return enif_make_long(env, ++c->count);
}

static ERL_NIF_TERM resource_info(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    counter_t *c;
    watch_t *w;
    ERL_NIF_TERM bin;
    (void)argc;
    if (!enif_get_resource(env, argv[0], counter_type, (void **)&c)) return enif_make_badarg(env);
    enif_keep_resource(c);
    enif_release_resource(c);
    bin = enif_make_resource_binary(env, c, "rbin", 4);
    return enif_make_tuple4(env, enif_make_uint64(env, enif_sizeof_resource(c)),
                            boolean(env, enif_get_resource(env, argv[0], watch_type, (void **)&w)),
                            boolean(env, enif_is_ref(env, argv[0])), bin);
}

static ERL_NIF_TERM watch(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    watch_t *w = enif_alloc_resource(watch_type, sizeof *w);
    ErlNifPid target;
    ERL_NIF_TERM t;
    int rc;
    (void)argc;
    enif_self(env, &w->owner);
    if (!enif_get_local_pid(env, argv[0], &target)) return enif_make_badarg(env);
    rc = enif_monitor_process(env, w, &target, &w->mon);
    t = enif_make_tuple2(env, enif_make_int(env, rc), enif_make_resource(env, w));
    enif_release_resource(w);
    return t;
}

static ERL_NIF_TERM unwatch(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    watch_t *w;
    (void)argc;
    if (!enif_get_resource(env, argv[0], watch_type, (void **)&w)) return enif_make_badarg(env);
    return enif_make_int(env, enif_demonitor_process(env, w, &w->mon));
}

static ERL_NIF_TERM monitor_term(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    watch_t *w;
    (void)argc;
    if (!enif_get_resource(env, argv[0], watch_type, (void **)&w)) return enif_make_badarg(env);
    return enif_make_monitor_term(env, &w->mon);
}

static ERL_NIF_TERM counter_no_down(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    counter_t *c;
    ErlNifPid pid;
    (void)argc;
    if (!enif_get_resource(env, argv[0], counter_type, (void **)&c) || !enif_get_local_pid(env, argv[1], &pid))
        return enif_make_badarg(env);
    return enif_make_int(env, enif_monitor_process(env, c, &pid, NULL));
}

static ERL_NIF_TERM dyn(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    long *v = enif_alloc_resource(dyn_type, sizeof *v);
    long out = 0;
    ERL_NIF_TERM t;
    int rc, bad;
    (void)argc;
    if (!enif_get_long(env, argv[0], v)) return enif_make_badarg(env);
    t = enif_make_resource(env, v);
    enif_release_resource(v);
    rc = enif_dynamic_resource_call(env, atom(env, "nif_api"), atom(env, "dyn"), t, &out);
    bad = enif_dynamic_resource_call(env, atom(env, "nif_api"), atom(env, "counter"), t, &out);
    return enif_make_tuple3(env, enif_make_int(env, rc), enif_make_long(env, out), enif_make_int(env, bad));
}

/* ---- environments, messages, processes ---- */

static ERL_NIF_TERM copy_send(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifEnv *msg_env = enif_alloc_env();
    ErlNifPid self;
    ERL_NIF_TERM copy = enif_make_copy(msg_env, argv[0]);
    int sent;
    (void)argc;
    enif_self(env, &self);
    sent = enif_send(env, &self, msg_env, enif_make_tuple2(msg_env, atom(msg_env, "copied"), copy));
    /* the env was cleared by the send: it can be used again */
    copy = enif_make_copy(msg_env, argv[0]);
    sent += enif_send(env, &self, msg_env, enif_make_tuple2(msg_env, atom(msg_env, "again"), copy));
    enif_free_env(msg_env);
    /* a copy from the caller's own env */
    sent += enif_send(env, &self, NULL, enif_make_tuple2(env, atom(env, "direct"), argv[0]));
    return enif_make_int(env, sent);
}

static ERL_NIF_TERM send_to(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifPid pid;
    (void)argc;
    if (!enif_get_local_pid(env, argv[0], &pid)) return enif_make_badarg(env);
    return enif_make_int(env, enif_send(env, &pid, NULL, argv[1]));
}

static ERL_NIF_TERM procs(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifPid self, named, other;
    ERL_NIF_TERM r[5];
    (void)argc;
    r[0] = boolean(env, enif_self(env, &self) != NULL && enif_is_identical(enif_make_pid(env, &self), argv[0]));
    r[1] = boolean(env, enif_is_current_process_alive(env));
    r[2] = enif_whereis_pid(env, argv[1], &named) ? boolean(env, enif_is_process_alive(env, &named)) : atom(env, "undefined");
    r[3] = enif_get_local_pid(env, argv[2], &other) ? boolean(env, enif_is_process_alive(env, &other)) : atom(env, "no");
    enif_set_pid_undefined(&other);
    r[4] = boolean(env, enif_is_pid_undefined(&other));
    return enif_make_tuple_from_array(env, r, 5);
}

static ERL_NIF_TERM priv(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    (void)argv;
    return enif_make_long(env, *(long *)enif_priv_data(env));
}

static ERL_NIF_TERM callbacks(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    (void)argv;
    return enif_make_tuple3(env, enif_make_int(env, loads), enif_make_int(env, upgrades), enif_make_int(env, unloads));
}

/* ---- dirty NIFs and enif_schedule_nif ---- */

static ERL_NIF_TERM dirty(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifPid self;
    (void)argc;
    return enif_make_tuple4(env, enif_make_int(env, enif_thread_type()), argv[0],
                            boolean(env, enif_self(env, &self) != NULL), enif_make_int(env, enif_consume_timeslice(env, 50)));
}

static ERL_NIF_TERM dirty_raise(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    return enif_raise_exception(env, enif_make_tuple2(env, atom(env, "dirty_error"), argv[0]));
}

static ERL_NIF_TERM dirty_slow(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    /* long enough that the caller takes messages meanwhile */
    volatile unsigned long x = 0;
    unsigned long i, n;
    (void)argc;
    if (!enif_get_ulong(env, argv[0], &n)) return enif_make_badarg(env);
    for (i = 0; i < n; i++) x += i;
    return enif_make_ulong(env, x);
}

static ERL_NIF_TERM sum_step(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    unsigned long n, i, acc, end;
    int steps;
    (void)argc;
    if (!enif_get_ulong(env, argv[0], &n) || !enif_get_ulong(env, argv[1], &i) || !enif_get_ulong(env, argv[2], &acc) ||
        !enif_get_int(env, argv[3], &steps))
        return enif_make_badarg(env);
    end = i + 1000 < n ? i + 1000 : n;
    for (; i <= end && i <= n; i++) acc += i;
    if (i > n) return enif_make_tuple2(env, enif_make_ulong(env, acc), boolean(env, steps > 1));
    {
        ERL_NIF_TERM next[4];
        enif_consume_timeslice(env, 10);
        next[0] = argv[0];
        next[1] = enif_make_ulong(env, i);
        next[2] = enif_make_ulong(env, acc);
        next[3] = enif_make_int(env, steps + 1);
        return enif_schedule_nif(env, "sum_step", 0, sum_step, 4, next);
    }
}

static ERL_NIF_TERM sum_yield(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ERL_NIF_TERM next[4];
    (void)argc;
    next[0] = argv[0];
    next[1] = enif_make_ulong(env, 1);
    next[2] = enif_make_ulong(env, 0);
    next[3] = enif_make_int(env, 1);
    return enif_schedule_nif(env, "sum_step", 0, sum_step, 4, next);
}

/* chain: normal -> dirty CPU -> dirty I/O -> normal, collecting the thread types */
static ERL_NIF_TERM chain_done(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    return enif_make_list_cell(env, enif_make_int(env, enif_thread_type()), argv[0]);
}
static ERL_NIF_TERM chain_io(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ERL_NIF_TERM l = enif_make_list_cell(env, enif_make_int(env, enif_thread_type()), argv[0]);
    (void)argc;
    return enif_schedule_nif(env, "chain_done", 0, chain_done, 1, &l);
}
static ERL_NIF_TERM chain_cpu(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ERL_NIF_TERM l = enif_make_list_cell(env, enif_make_int(env, enif_thread_type()), argv[0]);
    (void)argc;
    return enif_schedule_nif(env, "chain_io", ERL_NIF_DIRTY_JOB_IO_BOUND, chain_io, 1, &l);
}
static ERL_NIF_TERM chain(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ERL_NIF_TERM l = enif_make_list_cell(env, enif_make_int(env, enif_thread_type()), argv[0]);
    (void)argc;
    return enif_schedule_nif(env, "chain_cpu", ERL_NIF_DIRTY_JOB_CPU_BOUND, chain_cpu, 1, &l);
}

static ERL_NIF_TERM step_raise(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    return enif_raise_exception(env, enif_make_tuple2(env, atom(env, "step_error"), argv[0]));
}
static ERL_NIF_TERM schedule_raise(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    int flags;
    (void)argc;
    if (!enif_get_int(env, argv[1], &flags)) return enif_make_badarg(env);
    return enif_schedule_nif(env, "step_raise", flags, step_raise, 1, argv);
}
static ERL_NIF_TERM schedule_bad(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    return enif_schedule_nif(env, "step_raise", 7, step_raise, 1, argv);
}

/* ---- threads ---- */

static void *sender(void *arg) {
    thread_res_t *t = arg;
    ErlNifEnv *env = enif_alloc_env();
    int i;
    for (i = 1; i <= t->n; i++) {
        ERL_NIF_TERM msg = enif_make_tuple3(env, atom(env, "from_thread"), enif_make_int(env, i),
                                            enif_make_int(env, enif_thread_type()));
        enif_send(NULL, &t->to, env, msg); /* clears env */
    }
    enif_free_env(env);
    return t;
}

static ERL_NIF_TERM thread_send(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    thread_res_t *t = enif_alloc_resource(thread_type, sizeof *t);
    ErlNifThreadOpts *opts = enif_thread_opts_create("opts");
    ERL_NIF_TERM res;
    (void)argc;
    t->joined = 0;
    if (!enif_get_local_pid(env, argv[0], &t->to) || !enif_get_int(env, argv[1], &t->n)) return enif_make_badarg(env);
    opts->suggested_stack_size = 64;
    res = enif_make_resource(env, t);
    if (enif_thread_create("nif_api_sender", &t->tid, sender, t, opts) != 0) {
        enif_thread_opts_destroy(opts);
        enif_release_resource(t);
        return enif_make_badarg(env);
    }
    enif_thread_opts_destroy(opts);
    enif_release_resource(t);
    return res;
}

static ERL_NIF_TERM thread_join(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    thread_res_t *t;
    void *result;
    char *name;
    (void)argc;
    if (!enif_get_resource(env, argv[0], thread_type, (void **)&t) || t->joined) return enif_make_badarg(env);
    name = enif_thread_name(t->tid);
    {
        ERL_NIF_TERM n = enif_make_string(env, name ? name : "?", ERL_NIF_LATIN1);
        int rc = enif_thread_join(t->tid, &result);
        t->joined = 1;
        return enif_make_tuple3(env, enif_make_int(env, rc), boolean(env, result == t), n);
    }
}

static ERL_NIF_TERM locks(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifMutex *m = enif_mutex_create("m1");
    ErlNifCond *c = enif_cond_create("c1");
    ErlNifRWLock *rw = enif_rwlock_create("rw1");
    ErlNifTSDKey key;
    ErlNifTid self = enif_thread_self();
    int value = 42, r[8];
    ERL_NIF_TERM names;
    (void)argc;
    (void)argv;
    enif_mutex_lock(m);
    r[0] = enif_mutex_trylock(m) == EBUSY;
    enif_cond_signal(c);
    enif_cond_broadcast(c);
    enif_mutex_unlock(m);
    r[1] = enif_mutex_trylock(m) == 0;
    enif_mutex_unlock(m);
    enif_rwlock_rlock(rw);
    r[2] = enif_rwlock_tryrlock(rw) == 0;
    enif_rwlock_runlock(rw);
    r[3] = enif_rwlock_tryrwlock(rw) == EBUSY;
    enif_rwlock_runlock(rw);
    enif_rwlock_rwlock(rw);
    r[4] = enif_rwlock_tryrlock(rw) == EBUSY;
    enif_rwlock_rwunlock(rw);
    r[5] = enif_tsd_key_create("k", &key) == 0;
    enif_tsd_set(key, &value);
    r[6] = enif_tsd_get(key) == &value;
    enif_tsd_key_destroy(key);
    r[7] = enif_equal_tids(self, enif_thread_self());
    names = enif_make_list3(env, enif_make_string(env, enif_mutex_name(m), ERL_NIF_LATIN1),
                            enif_make_string(env, enif_cond_name(c), ERL_NIF_LATIN1),
                            enif_make_string(env, enif_rwlock_name(rw), ERL_NIF_LATIN1));
    enif_mutex_destroy(m);
    enif_cond_destroy(c);
    enif_rwlock_destroy(rw);
    return enif_make_tuple2(env, enif_make_list8(env, enif_make_int(env, r[0]), enif_make_int(env, r[1]), enif_make_int(env, r[2]),
                                                 enif_make_int(env, r[3]), enif_make_int(env, r[4]), enif_make_int(env, r[5]),
                                                 enif_make_int(env, r[6]), enif_make_int(env, r[7])),
                            names);
}

/* ---- system: info, environment variables, printing, time, memory ---- */

static ERL_NIF_TERM system_nif(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifSysInfo info;
    char buf[8], big[256], printed[200];
    size_t size = sizeof buf, bsize = sizeof big;
    int small_rc, rc, missing;
    void *mem;
    (void)argc;
    enif_system_info(&info, sizeof info);
    small_rc = enif_getenv("NIF_API_LONG", buf, &size);
    rc = enif_getenv("NIF_API_LONG", big, &bsize);
    missing = enif_getenv("NIF_API_SURELY_UNSET", big, &bsize);
    enif_snprintf(printed, sizeof printed, "%d|%5s|%-4d|%.2f|%T|%lu|%x", 42, "ab", 7, 2.5, argv[0], 123456789UL, 255);
    mem = enif_alloc(10);
    mem = enif_realloc(mem, 1000);
    memset(mem, 0, 1000);
    enif_free(mem);
    return enif_make_tuple(env, 9, enif_make_int(env, info.nif_major_version), enif_make_int(env, info.nif_minor_version),
                           enif_make_int(env, info.dirty_scheduler_support), enif_make_int(env, small_rc),
                           enif_make_uint64(env, size), enif_make_int(env, rc), enif_make_string(env, big, ERL_NIF_LATIN1),
                           enif_make_int(env, missing), enif_make_string(env, printed, ERL_NIF_LATIN1));
}

static ERL_NIF_TERM times(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifTime a = enif_monotonic_time(ERL_NIF_MSEC), b = enif_monotonic_time(ERL_NIF_MSEC);
    ErlNifTime off = enif_time_offset(ERL_NIF_SEC);
    (void)argc;
    (void)argv;
    return enif_make_tuple(env, 6, boolean(env, b >= a), enif_make_int64(env, enif_convert_time_unit(1, ERL_NIF_SEC, ERL_NIF_MSEC)),
                           enif_make_int64(env, enif_convert_time_unit(1999, ERL_NIF_MSEC, ERL_NIF_SEC)),
                           enif_make_int64(env, enif_convert_time_unit(-1, ERL_NIF_NSEC, ERL_NIF_USEC)),
                           boolean(env, off != ERL_NIF_TIME_ERROR),
                           boolean(env, enif_is_tuple(env, enif_now_time(env)) && enif_is_tuple(env, enif_cpu_time(env))));
}

static ErlNifFunc funcs[] = {
    {"echo", 1, echo, 0},
    {"add", 2, add, 0},
    {"numbers", 1, numbers, 0},
    {"big_numbers", 0, big_numbers, 0},
    {"bad_double", 0, bad_double, 0},
    {"types", 1, types, 0},
    {"atoms", 1, atoms, 0},
    {"long_atom", 0, long_atom, 0},
    {"strings", 1, strings, 0},
    {"lists", 1, lists, 0},
    {"tuples", 1, tuples, 0},
    {"maps", 1, maps, 0},
    {"compare", 2, compare, 0},
    {"refs", 0, refs, 0},
    {"binaries", 2, binaries, 0},
    {"small_binary", 0, small_binary, 0},
    {"etf", 1, etf, 0},
    {"decode", 2, decode, 0},
    {"iovec", 1, iovec, 0},
    {"raise_it", 1, raise_it, 0},
    {"badarg_then_ok", 0, badarg_then_ok, 0},
    {"pending", 1, pending, 0},
    {"new_counter", 0, new_counter, 0},
    {"new_counter", 1, new_counter, 0},
    {"incr", 1, incr, 0},
    {"resource_info", 1, resource_info, 0},
    {"watch", 1, watch, 0},
    {"unwatch", 1, unwatch, 0},
    {"monitor_term", 1, monitor_term, 0},
    {"counter_no_down", 2, counter_no_down, 0},
    {"dyn", 1, dyn, 0},
    {"copy_send", 1, copy_send, 0},
    {"send_to", 2, send_to, 0},
    {"procs", 3, procs, 0},
    {"priv", 0, priv, 0},
    {"callbacks", 0, callbacks, 0},
    {"dirty_cpu", 1, dirty, ERL_NIF_DIRTY_JOB_CPU_BOUND},
    {"dirty_io", 1, dirty, ERL_NIF_DIRTY_JOB_IO_BOUND},
    {"dirty_raise", 1, dirty_raise, ERL_NIF_DIRTY_JOB_CPU_BOUND},
    {"dirty_slow", 1, dirty_slow, ERL_NIF_DIRTY_JOB_CPU_BOUND},
    {"sum_yield", 1, sum_yield, 0},
    {"chain", 1, chain, 0},
    {"schedule_raise", 2, schedule_raise, 0},
    {"schedule_bad", 1, schedule_bad, 0},
    {"thread_send", 2, thread_send, 0},
    {"thread_join", 1, thread_join, 0},
    {"locks", 0, locks, 0},
    {"system", 1, system_nif, 0},
    {"times", 0, times, 0},
};

ERL_NIF_INIT(nif_api, funcs, load, NULL, upgrade, unload)
