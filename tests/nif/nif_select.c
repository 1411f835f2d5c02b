/* A test NIF for enif_select/enif_select_x and the port functions of the API
   (enif_whereis_port, enif_is_port_alive, enif_port_command), built with gcc against the
   installed erl_nif.h and run by nif_select_test.erl on erl and on Hamlet, which must print
   the same. Each descriptor lives in a resource of type "fd" whose stop callback closes it
   and records how it was called. Nothing returned depends on descriptor numbers. */
#include <erl_nif.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static ErlNifResourceType *fd_type;

typedef struct {
    int fd;
    int stop_calls;
    int stop_direct; /* is_direct_call of the last stop */
    int notify;      /* the stop callback sends {stopped, IsDirectCall} to notify_pid */
    ErlNifPid notify_pid;
} fd_res_t;

static ERL_NIF_TERM atom(ErlNifEnv *env, const char *name) { return enif_make_atom(env, name); }
static ERL_NIF_TERM boolean(ErlNifEnv *env, int b) { return atom(env, b ? "true" : "false"); }

static void fd_stop(ErlNifEnv *env, void *obj, ErlNifEvent event, int is_direct_call) {
    fd_res_t *r = obj;
    r->stop_calls++;
    r->stop_direct = is_direct_call;
    if (r->fd >= 0 && event == (ErlNifEvent)r->fd) {
        close(r->fd);
        r->fd = -1;
    }
    if (r->notify)
        enif_send(env, &r->notify_pid, NULL,
                  enif_make_tuple2(env, atom(env, "stopped"), enif_make_int(env, is_direct_call)));
}

static void fd_dtor(ErlNifEnv *env, void *obj) {
    fd_res_t *r = obj;
    (void)env;
    if (r->fd >= 0) close(r->fd); /* never selected: no stop needed */
}

static int load(ErlNifEnv *env, void **priv, ERL_NIF_TERM info) {
    ErlNifResourceTypeInit init = {fd_dtor, fd_stop, NULL, 3, NULL};
    (void)priv;
    (void)info;
    fd_type = enif_init_resource_type(env, "fd", &init, ERL_NIF_RT_CREATE, NULL);
    return fd_type ? 0 : 1;
}

static ERL_NIF_TERM wrap_fd(ErlNifEnv *env, int fd) {
    fd_res_t *r = enif_alloc_resource(fd_type, sizeof *r);
    ERL_NIF_TERM t;
    r->fd = fd;
    r->stop_calls = 0;
    r->stop_direct = -1;
    r->notify = 0;
    if (fd >= 0) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    t = enif_make_resource(env, r);
    enif_release_resource(r);
    return t;
}

static int get_res(ErlNifEnv *env, ERL_NIF_TERM t, fd_res_t **r) {
    return enif_get_resource(env, t, fd_type, (void **)r);
}

/* pipe() -> {ReadEnd, WriteEnd} */
static ERL_NIF_TERM make_pipe(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    int fds[2];
    (void)argc;
    (void)argv;
    if (pipe(fds) != 0) return enif_make_badarg(env);
    return enif_make_tuple2(env, wrap_fd(env, fds[0]), wrap_fd(env, fds[1]));
}

static ERL_NIF_TERM make_socketpair(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    int fds[2];
    (void)argc;
    (void)argv;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return enif_make_badarg(env);
    return enif_make_tuple2(env, wrap_fd(env, fds[0]), wrap_fd(env, fds[1]));
}

/* A resource whose descriptor is -1 (an invalid event). */
static ERL_NIF_TERM bad_fd(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    (void)argv;
    return wrap_fd(env, -1);
}

/* open_file(Path) -> Res: a regular file, which poll() reports always ready. */
static ERL_NIF_TERM open_file(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    char path[256];
    int fd;
    (void)argc;
    if (enif_get_string(env, argv[0], path, sizeof path, ERL_NIF_LATIN1) <= 0)
        return enif_make_badarg(env);
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return enif_make_badarg(env);
    return wrap_fd(env, fd);
}

/* The flags of a select result as a list, with ok or error first. */
static ERL_NIF_TERM decode(ErlNifEnv *env, int ret) {
    static const struct {
        int bit;
        const char *name;
    } bits[] = {{ERL_NIF_SELECT_STOP_CALLED, "stop_called"},
                {ERL_NIF_SELECT_STOP_SCHEDULED, "stop_scheduled"},
                {ERL_NIF_SELECT_INVALID_EVENT, "invalid_event"},
                {ERL_NIF_SELECT_FAILED, "failed"},
                {ERL_NIF_SELECT_READ_CANCELLED, "read_cancelled"},
                {ERL_NIF_SELECT_WRITE_CANCELLED, "write_cancelled"},
                {ERL_NIF_SELECT_ERROR_CANCELLED, "error_cancelled"},
                {ERL_NIF_SELECT_NOTSUP, "notsup"}};
    ERL_NIF_TERM list = enif_make_list(env, 0);
    int i;
    for (i = (int)(sizeof bits / sizeof bits[0]) - 1; i >= 0; i--)
        if (ret & bits[i].bit) list = enif_make_list_cell(env, atom(env, bits[i].name), list);
    return enif_make_tuple2(env, atom(env, ret < 0 ? "error" : "ok"), list);
}

static int get_mode(ErlNifEnv *env, ERL_NIF_TERM list, int *mode) {
    ERL_NIF_TERM head;
    char name[16];
    *mode = 0;
    while (enif_get_list_cell(env, list, &head, &list)) {
        if (!enif_get_atom(env, head, name, sizeof name, ERL_NIF_LATIN1)) return 0;
        if (!strcmp(name, "read")) *mode |= ERL_NIF_SELECT_READ;
        else if (!strcmp(name, "write")) *mode |= ERL_NIF_SELECT_WRITE;
        else if (!strcmp(name, "stop")) *mode |= ERL_NIF_SELECT_STOP;
        else if (!strcmp(name, "cancel")) *mode |= ERL_NIF_SELECT_CANCEL;
        else if (!strcmp(name, "error")) *mode |= ERL_NIF_SELECT_ERROR;
        else return 0;
    }
    return 1;
}

/* select(Res, Modes, Ref) to the caller; select_to(Res, Modes, Pid, Ref) to Pid. */
static ERL_NIF_TERM do_select(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    fd_res_t *r;
    int mode;
    ErlNifPid pid;
    if (!get_res(env, argv[0], &r) || !get_mode(env, argv[1], &mode)) return enif_make_badarg(env);
    if (argc == 4) {
        if (!enif_get_local_pid(env, argv[2], &pid)) return enif_make_badarg(env);
        return decode(env, enif_select(env, (ErlNifEvent)r->fd, mode, r, &pid, argv[3]));
    }
    return decode(env, enif_select(env, (ErlNifEvent)r->fd, mode, r, NULL, argv[2]));
}

/* select_custom(Res, read | write, Msg, UseMsgEnv): enif_select_read/write. */
static ERL_NIF_TERM select_custom(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    fd_res_t *r;
    ErlNifEnv *msg_env = NULL;
    ERL_NIF_TERM msg = argv[2];
    int ret, write;
    (void)argc;
    if (!get_res(env, argv[0], &r)) return enif_make_badarg(env);
    write = enif_is_identical(argv[1], atom(env, "write"));
    if (enif_is_identical(argv[3], atom(env, "true"))) {
        msg_env = enif_alloc_env();
        msg = enif_make_copy(msg_env, argv[2]);
    }
    if (write)
        ret = enif_select_write(env, (ErlNifEvent)r->fd, r, NULL, msg, msg_env);
    else
        ret = enif_select_read(env, (ErlNifEvent)r->fd, r, NULL, msg, msg_env);
    if (msg_env) enif_free_env(msg_env);
    return decode(env, ret);
}

/* write(Res, Bin) -> Count | eagain */
static ERL_NIF_TERM do_write(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    fd_res_t *r;
    ErlNifBinary bin;
    ssize_t n;
    (void)argc;
    if (!get_res(env, argv[0], &r) || !enif_inspect_iolist_as_binary(env, argv[1], &bin))
        return enif_make_badarg(env);
    n = write(r->fd, bin.data, bin.size);
    if (n < 0) return atom(env, errno == EAGAIN ? "eagain" : "error");
    return enif_make_long(env, (long)n);
}

/* read(Res, Max) -> Bin | eagain | eof */
static ERL_NIF_TERM do_read(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    fd_res_t *r;
    unsigned max;
    ErlNifBinary bin;
    ssize_t n;
    (void)argc;
    if (!get_res(env, argv[0], &r) || !enif_get_uint(env, argv[1], &max))
        return enif_make_badarg(env);
    enif_alloc_binary(max, &bin);
    n = read(r->fd, bin.data, max);
    if (n <= 0) {
        enif_release_binary(&bin);
        return atom(env, n == 0 ? "eof" : errno == EAGAIN ? "eagain" : "error");
    }
    enif_realloc_binary(&bin, (size_t)n);
    return enif_make_binary(env, &bin);
}

/* fill(Res): writes until the descriptor would block; true if anything was written. */
static ERL_NIF_TERM fill(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    fd_res_t *r;
    char buf[4096];
    long total = 0;
    ssize_t n;
    (void)argc;
    if (!get_res(env, argv[0], &r)) return enif_make_badarg(env);
    memset(buf, 'z', sizeof buf);
    while ((n = write(r->fd, buf, sizeof buf)) > 0)
        total += n;
    return boolean(env, total > 0 && errno == EAGAIN);
}

/* drain(Res): reads until the descriptor would block; true if anything was read. */
static ERL_NIF_TERM drain(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    fd_res_t *r;
    char buf[4096];
    long total = 0;
    ssize_t n;
    (void)argc;
    if (!get_res(env, argv[0], &r)) return enif_make_badarg(env);
    while ((n = read(r->fd, buf, sizeof buf)) > 0)
        total += n;
    return boolean(env, total > 0 && n < 0 && errno == EAGAIN);
}

/* stop_info(Res) -> {StopCalls, IsDirectCall, Closed} */
static ERL_NIF_TERM stop_info(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    fd_res_t *r;
    (void)argc;
    if (!get_res(env, argv[0], &r)) return enif_make_badarg(env);
    return enif_make_tuple3(env, enif_make_int(env, r->stop_calls),
                            enif_make_int(env, r->stop_direct), boolean(env, r->fd < 0));
}

/* notify_stop(Res): the stop callback will tell the caller. */
static ERL_NIF_TERM notify_stop(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    fd_res_t *r;
    (void)argc;
    if (!get_res(env, argv[0], &r) || !enif_self(env, &r->notify_pid)) return enif_make_badarg(env);
    r->notify = 1;
    return atom(env, "ok");
}

/* ---- a thread of the library's own ---- */

typedef struct {
    ErlNifTid tid;
    int fd;            /* write_later: where to write */
    ErlNifPort port;   /* port_command_later: which port */
    ErlNifBinary data;
    int result;
} job_t;

static job_t job;

static void *writer(void *arg) {
    job_t *j = arg;
    j->result = (int)write(j->fd, j->data.data, j->data.size);
    return NULL;
}

/* A process-independent environment, as a thread has, sending to a port. */
static void *port_commander(void *arg) {
    job_t *j = arg;
    ErlNifEnv *env = enif_alloc_env();
    ERL_NIF_TERM data = enif_make_binary(env, &j->data);
    j->result = enif_port_command(env, &j->port, NULL, data);
    enif_free_env(env);
    return NULL;
}

static ERL_NIF_TERM start_job(ErlNifEnv *env, const ERL_NIF_TERM data,
                              void *(*fn)(void *)) {
    ErlNifBinary bin;
    if (!enif_inspect_iolist_as_binary(env, data, &bin)) return enif_make_badarg(env);
    enif_alloc_binary(bin.size, &job.data);
    memcpy(job.data.data, bin.data, bin.size);
    job.result = -2;
    if (enif_thread_create("nif_select_job", &job.tid, fn, &job, NULL) != 0)
        return enif_make_badarg(env);
    return atom(env, "ok");
}

/* write_later(Res, Data): a thread writes Data to the descriptor. */
static ERL_NIF_TERM write_later(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    fd_res_t *r;
    (void)argc;
    if (!get_res(env, argv[0], &r)) return enif_make_badarg(env);
    job.fd = r->fd;
    return start_job(env, argv[1], writer);
}

/* port_command_later(Port, Data): a thread sends Data to the port. */
static ERL_NIF_TERM port_command_later(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    if (!enif_get_local_port(env, argv[0], &job.port)) return enif_make_badarg(env);
    job.fd = -1; /* the binary goes to the thread's environment */
    return start_job(env, argv[1], port_commander);
}

/* join() -> the thread's result (bytes written, or enif_port_command's answer) */
static ERL_NIF_TERM join(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    (void)argv;
    enif_thread_join(job.tid, NULL);
    if (job.fd >= 0) enif_release_binary(&job.data);
    return enif_make_int(env, job.result);
}

/* ---- ports ---- */

static ERL_NIF_TERM whereis_port(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifPort port;
    (void)argc;
    if (!enif_whereis_port(env, argv[0], &port)) return atom(env, "false");
    return port.port_id; /* OTP 25 has no enif_make_port: the field is the term */
}

static ERL_NIF_TERM is_port_alive(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifPort port;
    (void)argc;
    if (!enif_get_local_port(env, argv[0], &port)) return enif_make_badarg(env);
    return boolean(env, enif_is_port_alive(env, &port));
}

/* port_command(Port, Data, UseMsgEnv) -> boolean() */
static ERL_NIF_TERM port_command(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    ErlNifPort port;
    ErlNifEnv *msg_env = NULL;
    ERL_NIF_TERM data = argv[1];
    int res;
    (void)argc;
    if (!enif_get_local_port(env, argv[0], &port)) return enif_make_badarg(env);
    if (enif_is_identical(argv[2], atom(env, "true"))) {
        msg_env = enif_alloc_env();
        data = enif_make_copy(msg_env, argv[1]);
    }
    res = enif_port_command(env, &port, msg_env, data);
    if (msg_env) enif_free_env(msg_env);
    return boolean(env, res);
}

static ErlNifFunc funcs[] = {
    {"pipe", 0, make_pipe, 0},
    {"socketpair", 0, make_socketpair, 0},
    {"bad_fd", 0, bad_fd, 0},
    {"open_file", 1, open_file, 0},
    {"select", 3, do_select, 0},
    {"select_to", 4, do_select, 0},
    {"select_custom", 4, select_custom, 0},
    {"write", 2, do_write, 0},
    {"read", 2, do_read, 0},
    {"fill", 1, fill, 0},
    {"drain", 1, drain, 0},
    {"stop_info", 1, stop_info, 0},
    {"notify_stop", 1, notify_stop, 0},
    {"write_later", 2, write_later, 0},
    {"port_command_later", 2, port_command_later, 0},
    {"join", 0, join, 0},
    {"whereis_port", 1, whereis_port, 0},
    {"is_port_alive", 1, is_port_alive, 0},
    {"port_command", 3, port_command, 0},
};

ERL_NIF_INIT(nif_select, funcs, load, NULL, NULL, NULL)
