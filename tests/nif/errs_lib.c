/* Libraries that erlang:load_nif/2 must refuse, one per -D variant (tests/nif/CMakeLists.txt
   builds errs_<variant>.so), each giving erts' {error, {Reason, Text}} (nif_errs.erl). */
#include <erl_nif.h>

#include <stddef.h>

__attribute__((unused)) static ERL_NIF_TERM f(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[]) {
    (void)argc;
    return enif_make_tuple2(env, enif_make_atom(env, "nif_f"), argv[0]);
}

__attribute__((unused)) static int load_ok(ErlNifEnv *env, void **priv, ERL_NIF_TERM info) {
    (void)env;
    (void)priv;
    (void)info;
    return 0;
}

__attribute__((unused)) static int load_fails(ErlNifEnv *env, void **priv, ERL_NIF_TERM info) {
    (void)env;
    (void)priv;
    (void)info;
    return 7;
}

__attribute__((unused)) static int upgrade_fails(ErlNifEnv *env, void **priv, void **old, ERL_NIF_TERM info) {
    (void)env;
    (void)priv;
    (void)old;
    (void)info;
    return 9;
}

#if defined(NOTFOUND)
__attribute__((unused)) static ErlNifFunc funcs[] = {{"nosuch", 1, f, 0}};
#elif defined(NOTNIF)
__attribute__((unused)) static ErlNifFunc funcs[] = {{"g", 1, f, 0}};
#elif defined(FLAGS)
__attribute__((unused)) static ErlNifFunc funcs[] = {{"f", 1, f, 7}};
#elif defined(DUP)
__attribute__((unused)) static ErlNifFunc funcs[] = {{"f", 1, f, 0}, {"h", 1, f, 0}, {"f", 1, f, 0}};
#elif defined(NOATOM)
__attribute__((unused)) static ErlNifFunc funcs[] = {{"errs_surely_not_an_atom_yet", 1, f, 0}};
#else
__attribute__((unused)) static ErlNifFunc funcs[] = {{"f", 1, f, 0}, {"h", 1, f, 0}};
#endif

#if defined(NOINIT)
int not_an_init = 1;
#elif defined(NULLINIT) || defined(NEWER) || defined(OLDER) || defined(V25) || defined(VARIANT)
/* Hand-made entries (what ERL_NIF_INIT would write, altered). */
static ErlNifEntry entry = {2, 16, "nif_errs", 2, funcs, load_ok, NULL, NULL, NULL,
                            "beam.vanilla", 1, sizeof(ErlNifResourceTypeInit), "erts-12.0"};
__attribute__((visibility("default"))) ErlNifEntry *nif_init(void) {
#if defined(NULLINIT)
    return NULL;
#elif defined(NEWER)
    entry.minor = 17;
    entry.min_erts = "erts-99.0";
#elif defined(OLDER)
    entry.major = 1;
    entry.minor = 0;
#elif defined(V25)
    entry.minor = 5;
#elif defined(VARIANT)
    entry.vm_variant = "beam.debug";
#endif
    return &entry;
}
#elif defined(NAME)
ERL_NIF_INIT(other_name, funcs, load_ok, NULL, NULL, NULL)
#elif defined(LOADFAIL)
ERL_NIF_INIT(nif_errs, funcs, load_fails, NULL, NULL, NULL)
#elif defined(UPFAIL)
ERL_NIF_INIT(nif_errs, funcs, load_ok, NULL, upgrade_fails, NULL)
#else
ERL_NIF_INIT(nif_errs, funcs, load_ok, NULL, NULL, NULL)
#endif
