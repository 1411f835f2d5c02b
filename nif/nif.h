// Native code: the real erl_nif ABI (NIF version 2.16), so that shared libraries built
// against erts' erl_nif.h (OTP's crypto.so, people's C and Rust NIFs) load and run on Hamlet.
//
// nif/ owns loading (load.cpp: erlang:load_nif/2, the library entry, binding functions over
// their Erlang stubs, upgrade and unload), the call path (call.cpp: environments of a call,
// exceptions, enif_schedule_nif, dirty jobs on the dirty pools), terms (terms.cpp, maps.cpp),
// binaries (binaries.cpp), process-independent environments and messages (env.cpp),
// resources (resources.cpp: magic references with destructors, monitors, dynamic calls),
// threads and locks (threads.cpp), ports (ports.cpp), enif_select's poll set (select.cpp) and
// printing (printf.cpp). The hamlet executable exports exactly the enif_* functions
// (nif/enif.dynlist), which a library's undefined symbols bind to at dlopen time.
//
// A term a NIF sees is Hamlet's own word (ERL_NIF_TERM and Term are both 64-bit unsigned),
// argv points at the caller's x registers, and terms are built with Process::alloc, which
// never collects: nothing moves while a NIF holds terms.
//
// This header is internal to nif/: it includes erl_nif.h, whose declarations every enif_*
// definition here must match.
#pragma once

#include <erl_nif.h>

#include "bifs/bif.h"
#include "vm/process.h"
#include "vm/term.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

static_assert(sizeof(ERL_NIF_TERM) == sizeof(hamlet::Term), "a NIF term is one Hamlet word");

namespace hamlet {
struct Module;
struct MagicObject;
} // namespace hamlet

namespace hamlet::nif {

struct Library;

// One function of a library bound over its Erlang stub: the function's code starts with
// [i_call_nif, Function*]. The BifEntry comes first so that the emulator sees a BifEntry
// (module, name, arity) for stack frames; its `function` is unused.
struct Function {
    BifEntry bif;
    ErlNifFunc func; // as the library declared it
    Library *lib;
};

using NifFn = ERL_NIF_TERM (*)(ErlNifEnv *, int, const ERL_NIF_TERM[]);

struct Library {
    void *handle = nullptr;
    ErlNifEntry entry{}; // in the 2.16 layout, newer fields defaulted for older libraries
    Term module = kNonValue;
    const Module *instance = nullptr;
    void *priv_data = nullptr;
    std::vector<std::unique_ptr<Function>> functions;
    bool unloaded = false;
};

enum class EnvKind : uint8_t {
    Call,        // a NIF call on a normal scheduler: the caller's heap
    Load,        // load/upgrade: like Call, and resource types may be opened
    Dirty,       // a dirty job: a heap of its own, the caller's pid as self
    Callback,    // unload, destructors, down callbacks: a scratch heap, no process
    Independent, // enif_alloc_env
};

// Which kind of thread runs the caller (enif_thread_type).
extern thread_local int t_thread_type;

} // namespace hamlet::nif

// The environment NIF code receives (opaque to it: only pointers cross the ABI).
struct enif_environment_t {
    hamlet::Process *heap;     // where terms are built
    hamlet::Process *proc;     // the calling process (Call, Load), or nullptr
    hamlet::Term self;         // enif_self's pid, or kNonValue
    hamlet::nif::Library *lib; // enif_priv_data; nullptr outside a library
    hamlet::nif::EnvKind kind;
    bool owns_heap = false;        // heap was allocated for this env
    bool exception_thrown = false; // the NIF raised: its return value is ignored
    hamlet::Term exception = hamlet::kNonValue;
    // enif_schedule_nif: the step to run when the NIF returns
    hamlet::nif::NifFn next_fn = nullptr;
    int next_flags = 0;
    hamlet::Term next_name = hamlet::kNonValue;
    hamlet::Term next_args = hamlet::kNonValue; // a tuple of the arguments
    int timeslice_pct = 0;                      // enif_consume_timeslice in this call
    // What dies with the env: buffers of inspected iolists and unaligned binaries, binaries
    // made into heap binaries (still readable until the env ends), iovecs.
    std::vector<std::pair<void (*)(void *), void *>> cleanups;
    void on_cleanup(void (*fn)(void *), void *arg) { cleanups.emplace_back(fn, arg); }

    enif_environment_t(hamlet::Process *heap_, hamlet::Process *proc_, hamlet::Term self_,
                       hamlet::nif::Library *lib_, hamlet::nif::EnvKind kind_)
        : heap(heap_), proc(proc_), self(self_), lib(lib_), kind(kind_) {}
    ~enif_environment_t();
    enif_environment_t(const enif_environment_t &) = delete;
    enif_environment_t &operator=(const enif_environment_t &) = delete;
    void free_temp();
};

namespace hamlet::nif {

// A scratch heap for an environment without a process (callbacks, process-independent
// environments, dirty jobs): a Process that is never scheduled.
Process *new_scratch_heap(Term self);

// ---- loading (load.cpp) ----
// "Name" as erts' %T prints an atom ('quoted' when needed).
std::string atom_text_quoted(Term atom);

// ---- resources (resources.cpp) ----
// Resource types opened by a load/upgrade callback become visible only if it succeeds.
void commit_resource_types(Library *lib, bool success);
// A resource monitor's process exited (the hook in vm/signals.cpp).
void resource_monitors_process_exited(Term pid);
// For enif_select (select.cpp): the magic object behind a resource's data pointer, and its
// type's stop callback run with an environment of its own (nothing if it has none).
MagicObject *resource_object(void *obj);
void run_resource_stop(void *obj, ErlNifEvent event, bool direct);

// ---- call path (call.cpp) ----
// Runs a callback (destructor, down, unload) with an environment of its own.
struct CallbackEnv {
    explicit CallbackEnv(Library *lib);
    ~CallbackEnv();
    ErlNifEnv *env() { return env_.get(); }

  private:
    std::unique_ptr<ErlNifEnv> env_;
};

// ---- terms (terms.cpp) ----
// An atom from Latin-1 text (a NIF's char*), or nullopt-as-kNonValue if too long.
Term latin1_atom(const char *name, size_t len);

} // namespace hamlet::nif
