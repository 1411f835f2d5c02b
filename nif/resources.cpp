// Resources: C memory that Erlang terms refer to, as magic references (vm/magic_ref.h).
//
// A resource type is keyed by (module, name) and opened only by a library's load or
// upgrade callback; a type created or taken over there becomes visible (with its new
// callbacks) only if the callback succeeds. An object is one block: the NifResource header,
// then the user's data at a 16-byte aligned offset, whose address is what NIF code holds.
// enif_alloc_resource gives one reference, every term (enif_make_resource) and
// enif_keep_resource another. When the last goes, the destructor callback runs later on
// the I/O pool with an environment of its own, never inside a garbage collection or while
// a lock of the VM is held, then the memory is freed.
//
// Monitors (enif_monitor_process): a table of (pid, object, monitor id); vm/signals.cpp
// calls nif_process_exited when a process exits, which runs the type's down callback
// (holding a reference to the object meanwhile). An object's monitors go with it.
#include "nif/call.h"
#include "nif/nif.h"

#include "vm/atom_table.h"
#include "vm/io_pool.h"
#include "vm/magic_ref.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/term_build.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

// A type's callbacks and the library they belong to. A library that takes the type over
// (an upgrade) publishes a new record: objects of the type are destroyed or told of a
// process's death on other threads meanwhile, so a record never changes and is never freed.
struct ResourceCallbacks {
    ErlNifResourceTypeInit fn;
    hamlet::nif::Library *owner;
};

struct enif_resource_type_t {
    hamlet::Term module, name;
    std::atomic<const ResourceCallbacks *> cb{nullptr}; // set when the type is committed
    const ResourceCallbacks &callbacks() const { return *cb.load(std::memory_order_acquire); }
};

namespace hamlet::nif {

namespace {

struct NifResource;

struct Registry {
    std::mutex mutex;
    std::vector<ErlNifResourceType *> types; // committed; never freed
    struct Opened {
        Library *lib;
        ErlNifResourceType *type;
        bool created;
        ErlNifResourceTypeInit fn;
    };
    std::vector<Opened> opened; // by load/upgrade callbacks still running
};

Registry &registry() {
    static auto *r = new Registry;
    return *r;
}

ErlNifResourceType *find_type(Registry &r, Term module, Term name) {
    for (auto *t : r.types)
        if (t->module == module && t->name == name) return t;
    return nullptr;
}

// ---- monitors ----

struct MonitorEntry {
    NifResource *res;
    uint64_t id;
    Term pid;
};

struct Monitors {
    std::mutex mutex;
    std::unordered_multimap<Term, MonitorEntry> by_pid;
};

Monitors &monitors() {
    static auto *m = new Monitors;
    return *m;
}

std::atomic<size_t> g_monitor_count{0};

// The opaque ErlNifMonitor: the monitor's id, its object and its pid.
struct MonitorBytes {
    uint64_t id;
    NifResource *res;
    Term pid;
    uint64_t spare;
};
static_assert(sizeof(MonitorBytes) == sizeof(ErlNifMonitor));

struct NifResource final : MagicObject {
    ErlNifResourceType *type;
    size_t size;
    std::atomic<uint32_t> monitor_count{0};

    unsigned char *data() { return reinterpret_cast<unsigned char *>(this) + header(); }
    static size_t header() { return (sizeof(NifResource) + 15) & ~size_t(15); }
    static NifResource *of(void *data) {
        return reinterpret_cast<NifResource *>(static_cast<unsigned char *>(data) - header());
    }
    NifResource(ErlNifResourceType *t, size_t s) : type(t), size(s) {}

    // Takes a reference unless the object is already being destroyed.
    bool try_retain() {
        int64_t n = refc.load();
        while (n > 0)
            if (refc.compare_exchange_weak(n, n + 1)) return true;
        return false;
    }

    void free_memory() {
        this->~NifResource();
        std::free(this);
    }

  protected:
    void last_reference_dropped() override {
        if (monitor_count.load() != 0) {
            std::lock_guard lock(monitors().mutex);
            auto &m = monitors().by_pid;
            for (auto it = m.begin(); it != m.end();) {
                if (it->second.res == this) {
                    it = m.erase(it);
                    g_monitor_count.fetch_sub(1);
                } else {
                    ++it;
                }
            }
        }
        const ResourceCallbacks &cb = type->callbacks();
        if (!cb.fn.dtor) {
            free_memory();
            return;
        }
        queue_destructor(this);
    }

  public:
    void run_destructor() {
        {
            const ResourceCallbacks &cb = type->callbacks();
            CallbackEnv env(cb.owner);
            cb.fn.dtor(env.env(), data());
        }
        free_memory();
    }

  private:
    static void queue_destructor(NifResource *r);
};

// Objects waiting for their destructor callback. One job on the I/O pool drains the queue
// (only one is pending at a time), so a burst of dead objects costs one thread wake-up.
struct DestructorQueue {
    std::mutex mutex;
    std::vector<NifResource *> objects;
    bool draining = false;
};

DestructorQueue &destructor_queue() {
    static auto *q = new DestructorQueue;
    return *q;
}

void NifResource::queue_destructor(NifResource *r) {
    DestructorQueue &q = destructor_queue();
    {
        std::lock_guard lock(q.mutex);
        q.objects.push_back(r);
        if (q.draining) return;
        q.draining = true;
    }
    IoPool::global().submit([&q] {
        std::vector<NifResource *> batch;
        for (;;) {
            {
                std::lock_guard lock(q.mutex);
                batch.swap(q.objects);
                if (batch.empty()) {
                    q.draining = false;
                    return;
                }
            }
            for (NifResource *o : batch)
                o->run_destructor();
            batch.clear();
        }
    });
}

void *allocate(ErlNifResourceType *type, size_t size) {
    void *mem = std::malloc(NifResource::header() + (size ? size : 1));
    if (!mem) return nullptr;
    auto *r = new (mem) NifResource(type, size);
    return r->data();
}

ErlNifResourceType *open_type(ErlNifEnv *env, const char *name_str,
                              const ErlNifResourceTypeInit *init, int members,
                              ErlNifResourceFlags flags, ErlNifResourceFlags *tried) {
    if (!env || env->kind != EnvKind::Load || !env->lib || !name_str) return nullptr;
    Term module = env->lib->module;
    Term name = latin1_atom(name_str, std::strlen(name_str));
    if (name == kNonValue) return nullptr;
    ErlNifResourceTypeInit fn{};
    switch (members) { // later members exist only in later versions of the struct
    case 4:
        fn.dyncall = init->dyncall;
        [[fallthrough]];
    case 3:
        fn.down = init->down;
        [[fallthrough]];
    case 2:
        fn.stop = init->stop;
        [[fallthrough]];
    case 1:
        fn.dtor = init->dtor;
        break;
    default:
        break;
    }
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    ErlNifResourceType *type = find_type(r, module, name);
    ErlNifResourceFlags op = flags;
    bool created = false;
    if (!type) {
        for (auto &o : r.opened) // opened by this same callback already
            if (o.created && o.type->module == module && o.type->name == name) type = o.type;
        if (!type && (flags & ERL_NIF_RT_CREATE)) {
            // Its callbacks hold at once: the load callback may already make objects.
            type = new ErlNifResourceType{module, name};
            type->cb.store(new ResourceCallbacks{fn, env->lib}, std::memory_order_release);
            created = true;
            op = ERL_NIF_RT_CREATE;
        }
    } else if (flags & ERL_NIF_RT_TAKEOVER) {
        op = ERL_NIF_RT_TAKEOVER;
    } else {
        type = nullptr;
    }
    if (type) r.opened.push_back({env->lib, type, created, fn});
    if (tried) *tried = op;
    return type;
}

} // namespace

void commit_resource_types(Library *lib, bool success) {
    Registry &r = registry();
    std::lock_guard lock(r.mutex);
    for (auto it = r.opened.begin(); it != r.opened.end();) {
        if (it->lib != lib) {
            ++it;
            continue;
        }
        if (success) {
            it->type->cb.store(new ResourceCallbacks{it->fn, lib}, std::memory_order_release);
            if (it->created && !find_type(r, it->type->module, it->type->name))
                r.types.push_back(it->type);
        } else if (it->created) {
            bool again = false; // the same new type opened twice: delete it once
            for (auto jt = it + 1; jt != r.opened.end(); ++jt)
                again |= jt->type == it->type;
            if (!again) delete it->type;
        }
        it = r.opened.erase(it);
    }
}

MagicObject *resource_object(void *obj) {
    return NifResource::of(obj);
}

// erts' erts_resource_stop: the stop callback, with a callback environment.
void run_resource_stop(void *obj, ErlNifEvent event, bool direct) {
    NifResource *r = NifResource::of(obj);
    const ResourceCallbacks &cb = r->type->callbacks();
    if (!cb.fn.stop) return;
    CallbackEnv env(cb.owner);
    cb.fn.stop(env.env(), obj, event, direct ? 1 : 0);
}

} // namespace hamlet::nif

namespace hamlet {

void nif_process_exited(Term pid) {
    using namespace nif;
    if (g_monitor_count.load() == 0) return;
    std::vector<MonitorEntry> fired;
    {
        std::lock_guard lock(monitors().mutex);
        auto range = monitors().by_pid.equal_range(pid);
        for (auto it = range.first; it != range.second; ++it) {
            // An object being destroyed (no reference left) gets no callback.
            it->second.res->monitor_count.fetch_sub(1);
            if (it->second.res->try_retain()) fired.push_back(it->second);
        }
        size_t n = monitors().by_pid.erase(pid);
        g_monitor_count.fetch_sub(n);
    }
    for (auto &m : fired) {
        {
            const ResourceCallbacks &cb = m.res->type->callbacks();
            CallbackEnv env(cb.owner);
            ErlNifPid p{pid};
            MonitorBytes mb{m.id, m.res, pid, 0};
            ErlNifMonitor mon;
            std::memcpy(&mon, &mb, sizeof mon);
            if (cb.fn.down) cb.fn.down(env.env(), m.res->data(), &p, &mon);
        }
        m.res->release();
    }
}

} // namespace hamlet

using namespace hamlet;
using namespace hamlet::nif;

ErlNifResourceType *enif_open_resource_type(ErlNifEnv *env, const char *, const char *name_str,
                                            void (*dtor)(ErlNifEnv *, void *),
                                            ErlNifResourceFlags flags, ErlNifResourceFlags *tried) {
    ErlNifResourceTypeInit init{};
    init.dtor = dtor;
    return open_type(env, name_str, &init, 1, flags, tried);
}

ErlNifResourceType *enif_open_resource_type_x(ErlNifEnv *env, const char *name_str,
                                              const ErlNifResourceTypeInit *init,
                                              ErlNifResourceFlags flags,
                                              ErlNifResourceFlags *tried) {
    return open_type(env, name_str, init, 3, flags, tried);
}

ErlNifResourceType *enif_init_resource_type(ErlNifEnv *env, const char *name_str,
                                            const ErlNifResourceTypeInit *init,
                                            ErlNifResourceFlags flags, ErlNifResourceFlags *tried) {
    return open_type(env, name_str, init, init->members, flags, tried);
}

void *enif_alloc_resource(ErlNifResourceType *type, size_t size) {
    return allocate(type, size);
}

void enif_release_resource(void *obj) {
    NifResource::of(obj)->release();
}

void enif_keep_resource(void *obj) {
    NifResource::of(obj)->retain();
}

ERL_NIF_TERM enif_make_resource(ErlNifEnv *env, void *obj) {
    NifResource *r = NifResource::of(obj);
    r->retain();
    return make_magic_ref(env->heap, r);
}

int enif_get_resource(ErlNifEnv *, ERL_NIF_TERM term, ErlNifResourceType *type, void **objp) {
    auto *r = magic_cast<NifResource>(term);
    if (!r || r->type != type) return 0;
    *objp = r->data();
    return 1;
}

size_t enif_sizeof_resource(void *obj) {
    return NifResource::of(obj)->size;
}

ERL_NIF_TERM enif_make_resource_binary(ErlNifEnv *env, void *, const void *data, size_t size) {
    // A binary of the bytes (erts makes one that refers to the resource's memory and keeps
    // it alive; see the README's differences).
    return make_binary(env->heap, data, size);
}

int enif_monitor_process(ErlNifEnv *, void *obj, const ErlNifPid *target, ErlNifMonitor *monitor) {
    NifResource *r = NifResource::of(obj);
    if (!r->type->callbacks().fn.down) return -1;
    Term pid = target->pid;
    if (!is_local_pid(pid)) return 1;
    uint64_t id = new_ref_id();
    {
        std::lock_guard lock(monitors().mutex);
        monitors().by_pid.emplace(pid, MonitorEntry{r, id, pid});
        r->monitor_count.fetch_add(1);
        g_monitor_count.fetch_add(1);
    }
    // Registered first, then checked: an exit after this point finds the entry.
    if (!ProcessTable::global().lookup(pid)) {
        std::lock_guard lock(monitors().mutex);
        auto range = monitors().by_pid.equal_range(pid);
        for (auto it = range.first; it != range.second; ++it)
            if (it->second.id == id) {
                monitors().by_pid.erase(it);
                r->monitor_count.fetch_sub(1);
                g_monitor_count.fetch_sub(1);
                break;
            }
        return 1;
    }
    if (monitor) {
        MonitorBytes mb{id, r, pid, 0};
        std::memcpy(monitor, &mb, sizeof mb);
    }
    return 0;
}

int enif_demonitor_process(ErlNifEnv *, void *obj, const ErlNifMonitor *monitor) {
    MonitorBytes mb;
    std::memcpy(&mb, monitor, sizeof mb);
    NifResource *r = NifResource::of(obj);
    std::lock_guard lock(monitors().mutex);
    auto range = monitors().by_pid.equal_range(mb.pid);
    for (auto it = range.first; it != range.second; ++it)
        if (it->second.id == mb.id && it->second.res == r) {
            monitors().by_pid.erase(it);
            r->monitor_count.fetch_sub(1);
            g_monitor_count.fetch_sub(1);
            return 0;
        }
    return 1;
}

int enif_compare_monitors(const ErlNifMonitor *a, const ErlNifMonitor *b) {
    int c = std::memcmp(a, b, sizeof(ErlNifMonitor));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

ERL_NIF_TERM enif_make_monitor_term(ErlNifEnv *env, const ErlNifMonitor *monitor) {
    MonitorBytes mb;
    std::memcpy(&mb, monitor, sizeof mb);
    return make_ref(env->heap, mb.id);
}

int enif_dynamic_resource_call(ErlNifEnv *env, ERL_NIF_TERM mod, ERL_NIF_TERM name,
                               ERL_NIF_TERM rsrc, void *call_data) {
    auto *r = magic_cast<NifResource>(rsrc);
    if (!r || r->type->module != mod || r->type->name != name) return 1;
    const ResourceCallbacks &cb = r->type->callbacks();
    if (!cb.fn.dyncall) return 1;
    cb.fn.dyncall(env, r->data(), call_data);
    return 0;
}
