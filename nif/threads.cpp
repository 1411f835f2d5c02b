// Threads, mutexes, condition variables, reader/writer locks and thread-specific data for
// NIF libraries, on pthreads. A thread a library starts counts as pending work (IoPool::hold)
// until it ends, so a VM whose processes all wait for its messages is not taken for
// deadlocked.
#include "nif/nif.h"

#include "vm/io_pool.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <pthread.h>
#include <string>

struct ErlDrvMutex_ {
    pthread_mutex_t m;
    std::string name;
};
struct ErlDrvCond_ {
    pthread_cond_t c;
    std::string name;
};
struct ErlDrvRWLock_ {
    pthread_rwlock_t l;
    std::string name;
};
struct ErlDrvTid_ {
    pthread_t thread;
    std::string name;
    void *(*func)(void *);
    void *arg;
    bool created; // by enif_thread_create (joinable); else a thread met by enif_thread_self
};

namespace {

thread_local ErlDrvTid_ *t_self = nullptr;

// A thread that enif_thread_create did not start still has an identity.
ErlDrvTid_ *self_tid() {
    if (!t_self) {
        static thread_local ErlDrvTid_ foreign{pthread_self(), "", nullptr, nullptr, false};
        t_self = &foreign;
    }
    return t_self;
}

void *thread_main(void *p) {
    auto *tid = static_cast<ErlDrvTid_ *>(p);
    t_self = tid;
    void *r = tid->func(tid->arg);
    hamlet::IoPool::release();
    return r;
}

} // namespace

ErlNifMutex *enif_mutex_create(char *name) {
    auto *m = new ErlDrvMutex_{PTHREAD_MUTEX_INITIALIZER, name ? name : ""};
    pthread_mutex_init(&m->m, nullptr);
    return m;
}
void enif_mutex_destroy(ErlNifMutex *mtx) {
    pthread_mutex_destroy(&mtx->m);
    delete mtx;
}
int enif_mutex_trylock(ErlNifMutex *mtx) {
    return pthread_mutex_trylock(&mtx->m) == 0 ? 0 : EBUSY;
}
void enif_mutex_lock(ErlNifMutex *mtx) {
    pthread_mutex_lock(&mtx->m);
}
void enif_mutex_unlock(ErlNifMutex *mtx) {
    pthread_mutex_unlock(&mtx->m);
}
char *enif_mutex_name(ErlNifMutex *mtx) {
    return mtx->name.data();
}

ErlNifCond *enif_cond_create(char *name) {
    auto *c = new ErlDrvCond_{PTHREAD_COND_INITIALIZER, name ? name : ""};
    pthread_cond_init(&c->c, nullptr);
    return c;
}
void enif_cond_destroy(ErlNifCond *cnd) {
    pthread_cond_destroy(&cnd->c);
    delete cnd;
}
void enif_cond_signal(ErlNifCond *cnd) {
    pthread_cond_signal(&cnd->c);
}
void enif_cond_broadcast(ErlNifCond *cnd) {
    pthread_cond_broadcast(&cnd->c);
}
void enif_cond_wait(ErlNifCond *cnd, ErlNifMutex *mtx) {
    pthread_cond_wait(&cnd->c, &mtx->m);
}
char *enif_cond_name(ErlNifCond *cnd) {
    return cnd->name.data();
}

ErlNifRWLock *enif_rwlock_create(char *name) {
    auto *l = new ErlDrvRWLock_{PTHREAD_RWLOCK_INITIALIZER, name ? name : ""};
    pthread_rwlock_init(&l->l, nullptr);
    return l;
}
void enif_rwlock_destroy(ErlNifRWLock *l) {
    pthread_rwlock_destroy(&l->l);
    delete l;
}
int enif_rwlock_tryrlock(ErlNifRWLock *l) {
    return pthread_rwlock_tryrdlock(&l->l) == 0 ? 0 : EBUSY;
}
void enif_rwlock_rlock(ErlNifRWLock *l) {
    pthread_rwlock_rdlock(&l->l);
}
void enif_rwlock_runlock(ErlNifRWLock *l) {
    pthread_rwlock_unlock(&l->l);
}
int enif_rwlock_tryrwlock(ErlNifRWLock *l) {
    return pthread_rwlock_trywrlock(&l->l) == 0 ? 0 : EBUSY;
}
void enif_rwlock_rwlock(ErlNifRWLock *l) {
    pthread_rwlock_wrlock(&l->l);
}
void enif_rwlock_rwunlock(ErlNifRWLock *l) {
    pthread_rwlock_unlock(&l->l);
}
char *enif_rwlock_name(ErlNifRWLock *l) {
    return l->name.data();
}

int enif_tsd_key_create(char *, ErlNifTSDKey *key) {
    pthread_key_t k;
    if (pthread_key_create(&k, nullptr) != 0) return ENOMEM;
    *key = int(k);
    return 0;
}
void enif_tsd_key_destroy(ErlNifTSDKey key) {
    pthread_key_delete(pthread_key_t(key));
}
void enif_tsd_set(ErlNifTSDKey key, void *data) {
    pthread_setspecific(pthread_key_t(key), data);
}
void *enif_tsd_get(ErlNifTSDKey key) {
    return pthread_getspecific(pthread_key_t(key));
}

ErlNifThreadOpts *enif_thread_opts_create(char *) {
    auto *o = new ErlDrvThreadOpts;
    o->suggested_stack_size = -1;
    return o;
}
void enif_thread_opts_destroy(ErlNifThreadOpts *opts) {
    delete opts;
}

int enif_thread_create(char *name, ErlNifTid *tid, void *(*func)(void *), void *args,
                       ErlNifThreadOpts *opts) {
    auto *t = new ErlDrvTid_{pthread_t{}, name ? name : "", func, args, true};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (opts && opts->suggested_stack_size > 0) {
        // kilowords, as erts reads it; at least the system minimum
        size_t bytes = size_t(opts->suggested_stack_size) * 1024 * sizeof(void *);
        pthread_attr_setstacksize(&attr, std::max<size_t>(bytes, PTHREAD_STACK_MIN));
    }
    hamlet::IoPool::hold();
    int rc = pthread_create(&t->thread, &attr, thread_main, t);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        hamlet::IoPool::release();
        delete t;
        return rc;
    }
    *tid = t;
    return 0;
}

ErlNifTid enif_thread_self(void) {
    return self_tid();
}

int enif_equal_tids(ErlNifTid tid1, ErlNifTid tid2) {
    return tid1 == tid2 || pthread_equal(tid1->thread, tid2->thread);
}

void enif_thread_exit(void *resp) {
    if (t_self && t_self->created) hamlet::IoPool::release();
    pthread_exit(resp);
}

int enif_thread_join(ErlNifTid tid, void **respp) {
    if (!tid || !tid->created) return EINVAL;
    int rc = pthread_join(tid->thread, respp);
    if (rc == 0) delete tid;
    return rc;
}

char *enif_thread_name(ErlNifTid tid) {
    return tid->name.data();
}
