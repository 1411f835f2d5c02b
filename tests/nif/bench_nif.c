/* The trivial NIF of bench/b_nifcall.erl: returns its argument. */
#include <erl_nif.h>

static ERL_NIF_TERM nop(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)env;
    (void)argc;
    return argv[0];
}

static ErlNifFunc funcs[] = {{"nop", 1, nop, 0}};

ERL_NIF_INIT(b_nifcall, funcs, NULL, NULL, NULL, NULL)
