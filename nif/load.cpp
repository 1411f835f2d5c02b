// Loading NIF libraries: erlang:load_nif/2 as erts 25 does it.
//
// The calling module instance (the one waiting for its on_load function, or the current
// one) gets the library Path ++ ".so", opened with dlopen(RTLD_NOW) so that a library
// importing a name Hamlet lacks is refused at once; its nif_init gives the ErlNifEntry,
// checked in erts' order (version, VM variant, module name, then every function: an
// existing atom, a function of the module, declared in -nifs when the module has that
// attribute, valid flags, no duplicates), each failure being erts' {error, {Reason, Text}}.
// Then the load callback runs (upgrade when the previous instance of the module has a
// library) with the caller's environment, resource types it opened are committed or
// rolled back, and each function's code is patched to [i_call_nif, Function*]: local
// calls, remote calls and funs all reach the NIF.
//
// When a module instance with a library is purged, its unload callback runs. The library
// stays mapped: a process may still be running the old code (Hamlet's purge never kills).
#include "nif/call.h"
#include "nif/nif.h"

#include "bifs/bif.h"
#include "emulator/emulator.h"
#include "vm/atom_table.h"
#include "vm/iolist.h"
#include "vm/module.h"
#include "vm/term_build.h"
#include "vm/term_print.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <string>
#include <vector>

namespace hamlet::nif {

namespace {

struct Libraries {
    std::mutex mutex;           // one load at a time (erts holds the code-write permission)
    std::vector<Library *> all; // never freed: code may still run in them
    std::vector<Term> taints;   // modules that opened a library (erts: once nif_init is found)
};

Libraries &libraries() {
    static auto *l = new Libraries;
    return *l;
}

Library *library_of(const Module *m) {
    for (Library *l : libraries().all)
        if (l->instance == m && !l->unloaded) return l;
    return nullptr;
}

Term load_error(Process *p, const char *reason, const std::string &text) {
    Term r = *AtomTable::global().intern(reason);
    return make_tuple(p, {atom::error, make_tuple(p, {r, make_string(p, text)})});
}

// The file name argument: a string (a flat or deep list of characters) or a binary.
bool path_text(Term t, std::string &out) {
    if (is_atom(t)) {
        out = AtomTable::global().text(t);
        return true;
    }
    return (is_list(t) || is_nil(t) || is_binary(t)) && iolist_to_bytes(t, out);
}

// The library's entry in the current (2.16) layout: fields added after its minor version
// get their defaults, as erts' create_lib does.
ErlNifEntry modern_entry(const ErlNifEntry *e) {
    ErlNifEntry m{};
    m.major = e->major;
    m.minor = e->minor;
    m.name = e->name;
    m.num_of_funcs = e->num_of_funcs;
    m.funcs = e->funcs;
    m.load = e->load;
    m.reload = e->reload;
    m.upgrade = e->upgrade;
    m.unload = e->unload;
    m.vm_variant = e->minor >= 1 ? e->vm_variant : "beam.vanilla";
    m.options = e->minor >= 7 ? e->options : 0;
    m.sizeof_ErlNifResourceTypeInit = e->minor >= 12 ? e->sizeof_ErlNifResourceTypeInit : 0;
    m.min_erts = e->minor >= 14 ? e->min_erts : "erts-?";
    return m;
}

const FunctionInfo *function_named(const Module *m, Term name, unsigned arity) {
    for (const FunctionInfo &f : m->functions)
        if (f.name == name && f.arity == arity) return &f;
    return nullptr;
}

} // namespace

std::string atom_text_quoted(Term atom) {
    return atom_source_text(atom);
}

Term load_nif(Process *p, Term path_term, Term load_info) {
    std::string path;
    if (!path_text(path_term, path)) return p->badarg();
    ModuleTable &modules = ModuleTable::global();
    Module *m = modules.module_at(p->pc);
    if (!m) return p->badarg();
    Term mod = m->name;
    std::string mod_text = atom_text_quoted(mod);
    bool pending = modules.pending_on_load(mod) == m;
    if (!pending && modules.find(mod) != m)
        return load_error(p, "old_code",
                          "Calling load_nif from old module '" + mod_text + "' not allowed");

    std::lock_guard lock(libraries().mutex);
    if (library_of(m))
        return load_error(p, "reload",
                          "NIF library already loaded (reload disallowed since OTP 20).");

    std::string file = path + ".so";
    dlerror();
    void *handle = dlopen(file.c_str(), RTLD_NOW);
    if (!handle) {
        const char *e = dlerror();
        std::string text = e ? e : "unknown error";
        if (text.find(path) != std::string::npos)
            return load_error(p, "load_failed", "Failed to load NIF library: '" + text + "'");
        return load_error(p, "load_failed",
                          "Failed to load NIF library " + path + ": '" + text + "'");
    }
    auto fail = [&](const char *reason, const std::string &text) {
        dlclose(handle);
        return load_error(p, reason, text);
    };
    void *init = dlsym(handle, "nif_init");
    if (!init) {
        dlerror();
        init = dlsym(handle, "_nif_init");
    }
    if (!init) {
        const char *e = dlerror();
        return fail("bad_lib",
                    std::string("Failed to find library init function: '") + (e ? e : "") + "'");
    }
    if (std::find(libraries().taints.begin(), libraries().taints.end(), mod) ==
        libraries().taints.end())
        libraries().taints.push_back(mod);
    auto *raw = reinterpret_cast<ErlNifEntry *(*)()>(init)();
    if (!raw) return fail("bad_lib", "Library init-call unsuccessful");
    if (raw->major > ERL_NIF_MAJOR_VERSION ||
        (raw->major == ERL_NIF_MAJOR_VERSION && raw->minor > ERL_NIF_MINOR_VERSION))
        return fail(
            "bad_lib",
            "That '" + mod_text + "' NIF library needs " +
                (raw->minor >= 14 && raw->min_erts ? raw->min_erts : "?") +
                " or newer. Either try to recompile the NIF lib or use a newer erts runtime.");
    if (raw->major < 2 || (raw->major == 2 && raw->minor == 5)) {
        char text[200];
        std::snprintf(
            text, sizeof text,
            "That old NIF library (%d.%d) is not compatible with this erts runtime (%d.%d). "
            "Try recompile the NIF lib.",
            raw->major, raw->minor, ERL_NIF_MAJOR_VERSION, ERL_NIF_MINOR_VERSION);
        return fail("bad_lib", text);
    }
    ErlNifEntry entry = modern_entry(raw);
    if (std::strcmp(entry.vm_variant, ERL_NIF_VM_VARIANT) != 0)
        return fail("bad_lib", std::string("Library (") + entry.vm_variant +
                                   ") not compiled for this vm variant (" ERL_NIF_VM_VARIANT ").");
    if (latin1_atom(entry.name, std::strlen(entry.name)) != mod)
        return fail("bad_lib", std::string("Library module name '") + entry.name +
                                   "' does not match calling module '" + mod_text + "'");

    auto lib = std::make_unique<Library>();
    lib->handle = handle;
    lib->entry = entry;
    lib->module = mod;
    lib->instance = m;
    std::vector<const FunctionInfo *> targets;
    for (int i = 0; i < entry.num_of_funcs; ++i) {
        const ErlNifFunc &f = entry.funcs[i];
        char where[400];
        std::snprintf(where, sizeof where, "%s:%s/%u", mod_text.c_str(), f.name, f.arity);
        ERL_NIF_TERM name;
        const FunctionInfo *fi = nullptr;
        if (enif_make_existing_atom(nullptr, f.name, &name, ERL_NIF_LATIN1))
            fi = function_named(m, name, f.arity);
        if (!fi) return fail("bad_lib", std::string("Function not found ") + where);
        if (m->has_nifs && !fi->nif)
            return fail("bad_lib", std::string("Function not declared as nif ") + where);
        if (f.flags != 0 && f.flags != ERL_NIF_DIRTY_JOB_IO_BOUND &&
            f.flags != ERL_NIF_DIRTY_JOB_CPU_BOUND)
            return fail("bad_lib", "Illegal flags field value " + std::to_string(int(f.flags)) +
                                       " for NIF " + where);
        for (const FunctionInfo *t : targets)
            if (t == fi) return fail("bad_lib", std::string("Duplicate NIF entry for ") + where);
        targets.push_back(fi);
        auto fn = std::make_unique<Function>();
        fn->bif = BifEntry{mod, name, f.arity, nullptr, false};
        fn->func = f;
        fn->lib = lib.get();
        lib->functions.push_back(std::move(fn));
    }

    // The previous instance's library: the current module's when this one waits for its
    // on_load function, else the newest old instance's.
    Library *prev = nullptr;
    if (pending) {
        if (Module *cur = modules.find(mod)) prev = library_of(cur);
    } else {
        for (Library *l : libraries().all)
            if (l->module == mod && l->instance != m && !l->unloaded) prev = l;
    }
    t_thread_type = ERL_NIF_THR_NORMAL_SCHEDULER;
    int veto = 0;
    std::string veto_text;
    const char *veto_reason = nullptr;
    {
        ErlNifEnv env(p, p, p->pid, lib.get(), EnvKind::Load);
        if (prev) {
            if (!entry.upgrade) {
                veto_reason = "upgrade";
                veto_text = "Upgrade not supported by this NIF library.";
            } else {
                void *prev_data = prev->priv_data;
                veto = entry.upgrade(&env, &lib->priv_data, &prev->priv_data, load_info);
                if (veto) {
                    prev->priv_data = prev_data;
                    veto_reason = "upgrade";
                    veto_text = "Library upgrade-call unsuccessful (" + std::to_string(veto) + ").";
                }
            }
        } else if (entry.load) {
            veto = entry.load(&env, &lib->priv_data, load_info);
            if (veto) {
                veto_reason = "load";
                veto_text = "Library load-call unsuccessful (" + std::to_string(veto) + ").";
            }
        }
    }
    if (veto_reason) {
        commit_resource_types(lib.get(), false);
        return fail(veto_reason, veto_text);
    }
    commit_resource_types(lib.get(), true);

    // Bind: the operand first, then the instruction word, so that a process entering the
    // function meanwhile sees either the old body or the whole call.
    const Word op = op_word(Op::i_call_nif);
    for (size_t i = 0; i < targets.size(); ++i) {
        Word *entry_word = m->code.data() + targets[i]->code_start + 4;
        std::atomic_ref<Word>(entry_word[1])
            .store(reinterpret_cast<Word>(lib->functions[i].get()), std::memory_order_release);
        std::atomic_ref<Word>(entry_word[0]).store(op, std::memory_order_release);
    }
    libraries().all.push_back(lib.release());
    return atom::ok;
}

} // namespace hamlet::nif

namespace hamlet {

Term nif_taints(Process *p) {
    using namespace nif;
    std::lock_guard lock(libraries().mutex);
    Term l = kNil;
    for (Term m : libraries().taints)
        l = make_cons(p, m, l);
    return l;
}

void nif_module_purged(const Module *m) {
    using namespace nif;
    Library *lib;
    {
        std::lock_guard lock(libraries().mutex);
        lib = library_of(m);
        if (!lib) return;
        lib->unloaded = true;
    }
    if (lib->entry.unload) {
        t_thread_type = ERL_NIF_THR_NORMAL_SCHEDULER;
        CallbackEnv env(lib);
        lib->entry.unload(env.env(), lib->priv_data);
    }
}

} // namespace hamlet

// ---- enif_dlopen / enif_dlsym: more libraries for a NIF library's own use ----

void *enif_dlopen(const char *lib, void (*err_handler)(void *, const char *), void *err_arg) {
    std::string file = std::string(lib) + ".so";
    dlerror();
    void *handle = dlopen(file.c_str(), RTLD_NOW);
    if (!handle) {
        const char *e = dlerror();
        if (err_handler) err_handler(err_arg, e ? e : "unknown error");
        return nullptr;
    }
    // erts calls the library's nif_init, if it has one (crypto_callback.so's does nothing).
    void *init = dlsym(handle, "nif_init");
    if (!init) init = dlsym(handle, "_nif_init");
    if (init) reinterpret_cast<void *(*)()>(init)();
    return handle;
}

void *enif_dlsym(void *handle, const char *symbol, void (*err_handler)(void *, const char *),
                 void *err_arg) {
    dlerror();
    void *sym = dlsym(handle, symbol);
    if (!sym) {
        const char *e = dlerror();
        if (err_handler) err_handler(err_arg, e ? e : "unknown error");
    }
    return sym;
}
