// Calling NIFs: the environment of a call, exceptions raised through it, enif_schedule_nif,
// and dirty NIFs on the dirty pools.
//
// A NIF on a normal scheduler runs on the caller's heap with argv = the x registers. What
// it leaves in its environment decides the outcome, not its return value: an exception
// (enif_raise_exception, enif_make_badarg) wins over anything returned, then a step
// scheduled with enif_schedule_nif, then the returned term.
//
// A step is a magic reference to a Step object (the C function, its library and the name
// it runs as, so that it cannot be forged from Erlang) plus a tuple of its arguments. A
// normal step runs through a trap export, as the next call of the process (a context switch
// first if its reductions are used up, as in erts). A dirty step (static flags in the
// function table, or a step scheduled as dirty) runs on the dirty CPU or dirty I/O pool
// with a heap of its own and a copy of its arguments (binaries and resources are shared by
// reference); the process waits meanwhile in hamlet_nif:await/1, taking messages and exit
// signals as erts' process does while its NIF runs on a dirty scheduler. The job answers
// with a message that hamlet_nif:finish/1 turns into the result, the exception (with the
// NIF's own frame on top) or the next step. A job whose process has died runs to its end
// and its answer is dropped.
#include "nif/call.h"
#include "nif/nif.h"

#include "bifs/trap.h"
#include "emulator/stacktrace.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/io_pool.h"
#include "vm/magic_ref.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <cstdlib>
#include <memory>

namespace hamlet::nif {

thread_local int t_thread_type = ERL_NIF_THR_UNDEFINED;

Process *new_scratch_heap(Term self) {
    auto *p = new Process();
    p->pid = self;
    return p;
}

CallbackEnv::CallbackEnv(Library *lib) {
    env_ = std::make_unique<ErlNifEnv>(new_scratch_heap(atom::undefined), nullptr, kNonValue, lib,
                                       EnvKind::Callback);
    env_->owns_heap = true;
}

CallbackEnv::~CallbackEnv() = default;

namespace {

// The function a step runs, the name it runs as, and the NIF the process called first:
// an exception in any step shows that NIF with the arguments it was called with, as erts
// shows it.
struct Step : MagicObject {
    NifFn fn;
    Library *lib;
    Term name; // an atom: permanent, so an object may hold it
    const BifEntry *origin;
    Step(NifFn f, Library *l, Term n, const BifEntry *o) : fn(f), lib(l), name(n), origin(o) {}
};

Term kRaise() {
    static const Term a = atom_of("raise");
    return a;
}
Term kContinue() {
    static const Term a = atom_of("continue");
    return a;
}

// The BIF behind the trap export of normal steps: hamlet_nif:step(StepRef, Args, OrigArgs).
Term run_step(Process *p, const Term *args);

Export *step_export() {
    static Export *e = make_trap_export("hamlet_nif", "step", 3, run_step);
    return e;
}

Export *await_export() {
    static Export *e = ExportTable::global().get(atom_of("hamlet_nif"), atom_of("await"), 1);
    return e;
}

// Raises `reason` from the NIF the process called (origin, with its arguments, a tuple),
// reached as the callee of the frame on top of the stack: {M, F, Args, []} on top.
Term raise_as_nif(Process *p, Term reason, const BifEntry *origin, Term orig_args) {
    p->raise(ExcClass::Error, reason);
    Term raw = build_raw_trace(p, stub_failure_point(p, origin, tuple_elements(orig_args)));
    p->exc_trace = raw_trace_frames(raw);
    return kNonValue;
}

struct DirtyJob {
    Term pid;
    uint64_t ref;
    int flags;
    Step *step; // one reference
    HeapFragment *fragment = nullptr;
    Term args = kNonValue, orig_args = kNonValue; // tuples, in fragment
    ~DirtyJob() {
        if (fragment) HeapFragment::destroy(fragment);
        step->release();
    }
};

void run_dirty(std::shared_ptr<DirtyJob> job);

void submit_dirty(std::shared_ptr<DirtyJob> job) {
    IoPool &pool =
        job->flags == ERL_NIF_DIRTY_JOB_IO_BOUND ? IoPool::dirty_io() : IoPool::dirty_cpu();
    pool.submit([job] { run_dirty(job); });
}

// A job running `step` with a copy of `args`; takes over the reference to step.
std::shared_ptr<DirtyJob> make_job(Term pid, uint64_t ref, int flags, Step *step, Term args,
                                   Term orig_args) {
    auto job = std::make_shared<DirtyJob>();
    job->pid = pid;
    job->ref = ref;
    job->flags = flags;
    job->step = step;
    size_t a = copy_size(args), o = copy_size(orig_args);
    job->fragment = HeapFragment::create(a + o);
    job->fragment->used = a + o;
    job->args = a ? copy_term(args, job->fragment->data, job->fragment->off_heap) : args;
    job->orig_args =
        o ? copy_term(orig_args, job->fragment->data + a, job->fragment->off_heap) : orig_args;
    return job;
}

Term start_dirty(Process *p, Step *step, Term args, Term orig_args, int flags) {
    uint64_t ref = new_ref_id();
    submit_dirty(make_job(p->pid, ref, flags, step, args, orig_args));
    return p->trap(await_export(), {make_ref(p, ref)});
}

void run_dirty(std::shared_ptr<DirtyJob> job) {
    t_thread_type = job->flags == ERL_NIF_DIRTY_JOB_IO_BOUND ? ERL_NIF_THR_DIRTY_IO_SCHEDULER
                                                             : ERL_NIF_THR_DIRTY_CPU_SCHEDULER;
    std::unique_ptr<Process> heap(new_scratch_heap(job->pid));
    Step *step = job->step;
    step->retain();
    Term args = job->args, orig = job->orig_args;
    Term answer;
    for (;;) {
        ErlNifEnv env(heap.get(), nullptr, job->pid, step->lib, EnvKind::Dirty);
        unsigned argc = unsigned(tuple_arity(args));
        Term r = step->fn(&env, int(argc), tuple_elements(args));
        if (env.exception_thrown) {
            step->retain(); // for the reference in the answer
            answer = make_tuple(heap.get(),
                                {kRaise(), env.exception, make_magic_ref(heap.get(), step), orig});
            break;
        }
        if (env.next_fn) {
            auto *next = new Step(env.next_fn, step->lib, env.next_name, step->origin);
            step->release();
            step = next;
            if (env.next_flags == 0) {
                step->retain(); // for the reference in the answer
                answer = make_tuple(heap.get(), {kContinue(), make_magic_ref(heap.get(), step),
                                                 env.next_args, orig});
                break;
            }
            if (env.next_flags != job->flags) {
                // The other dirty pool: a new job with the same reference answers.
                submit_dirty(
                    make_job(job->pid, job->ref, env.next_flags, step, env.next_args, orig));
                return;
            }
            // The same kind: go on here, with the arguments moved to a fresh heap.
            std::unique_ptr<Process> fresh(new_scratch_heap(job->pid));
            size_t a = copy_size(env.next_args), o = copy_size(orig);
            Word *hp = fresh->alloc(a + o + 1);
            args = a ? copy_term(env.next_args, hp, fresh->off_heap) : env.next_args;
            orig = o ? copy_term(orig, hp + a, fresh->off_heap) : orig;
            env.free_temp();
            heap.swap(fresh);
            continue;
        }
        if (r == kNonValue) r = atom::badarg; // no value and no exception: as erts, badarg
        answer = make_tuple(heap.get(), {atom::ok, r});
        break;
    }
    Term msg = make_tuple(heap.get(), {make_ref(heap.get(), job->ref), answer});
    send_message(job->pid, msg);
    step->release();
}

// After a NIF or a step returned on a normal scheduler. `origin` is the NIF the process
// called, `orig_args` its arguments as a tuple, or kNonValue while they are still the x
// registers `argv` (the NIF's own call: the emulator builds its exception's frame).
Term after_call(Process *p, ErlNifEnv &env, Term r, const BifEntry *origin, Term orig_args,
                const Term *argv) {
    if (!env.exception_thrown && !env.next_fn && r != kNonValue) return r;
    if (orig_args == kNonValue && env.next_fn) {
        orig_args = alloc_tuple(p, origin->arity);
        for (unsigned i = 0; i < origin->arity; ++i)
            tuple_elements(orig_args)[i] = argv[i];
    }
    if (env.exception_thrown || !env.next_fn) {
        Term reason = env.exception_thrown ? env.exception : atom::badarg;
        if (orig_args == kNonValue) return p->raise(ExcClass::Error, reason);
        return raise_as_nif(p, reason, origin, orig_args);
    }
    auto *next = new Step(env.next_fn, env.lib, env.next_name, origin);
    if (env.next_flags == 0)
        return p->trap(step_export(), {make_magic_ref(p, next), env.next_args, orig_args});
    return start_dirty(p, next, env.next_args, orig_args, env.next_flags);
}

Term run_step(Process *p, const Term *args) {
    auto *step = magic_cast<Step>(args[0]);
    if (!step || !is_tuple(args[1]) || !is_tuple(args[2])) return p->badarg();
    t_thread_type = ERL_NIF_THR_NORMAL_SCHEDULER;
    unsigned argc = unsigned(tuple_arity(args[1]));
    const Term *argv = tuple_elements(args[1]);
    ErlNifEnv env(p, p, p->pid, step->lib, EnvKind::Call);
    Term r = step->fn(&env, int(argc), argv);
    return after_call(p, env, r, step->origin, args[2], argv);
}

} // namespace

} // namespace hamlet::nif

enif_environment_t::~enif_environment_t() {
    free_temp();
    if (owns_heap) delete heap;
}

void enif_environment_t::free_temp() {
    for (auto [fn, arg] : cleanups)
        fn(arg);
    cleanups.clear();
}

namespace hamlet {

Term call_nif(Process *p, Term *x, const BifEntry *entry) {
    using namespace nif;
    auto *f = reinterpret_cast<const Function *>(entry);
    if (f->func.flags) {
        Term args = alloc_tuple(p, entry->arity);
        for (unsigned i = 0; i < entry->arity; ++i)
            tuple_elements(args)[i] = x[i];
        return start_dirty(p, new Step(f->func.fptr, f->lib, entry->name, entry), args, args,
                           int(f->func.flags));
    }
    t_thread_type = ERL_NIF_THR_NORMAL_SCHEDULER;
    ErlNifEnv env(p, p, p->pid, f->lib, EnvKind::Call);
    Term r = f->func.fptr(&env, int(entry->arity), x);
    return after_call(p, env, r, entry, kNonValue, x);
}

// hamlet_nif:finish(Answer): a dirty job's answer in the waiting process.
Term hamlet_nif_finish_1(Process *p, const Term *args) {
    using namespace nif;
    Term a = args[0];
    if (!is_tuple(a) || tuple_arity(a) < 2) return p->badarg();
    const Term *e = tuple_elements(a);
    if (e[0] == atom::ok && tuple_arity(a) == 2) return e[1];
    if (e[0] == kRaise() && tuple_arity(a) == 4) {
        auto *step = magic_cast<Step>(e[2]);
        if (!step || !is_tuple(e[3])) return p->badarg();
        return raise_as_nif(p, e[1], step->origin, e[3]);
    }
    if (e[0] == kContinue() && tuple_arity(a) == 4) {
        if (!magic_cast<Step>(e[1]) || !is_tuple(e[2]) || !is_tuple(e[3])) return p->badarg();
        return p->trap(step_export(), {e[1], e[2], e[3]});
    }
    return p->badarg();
}

} // namespace hamlet

// ---- the enif_* functions of this family ----

using namespace hamlet;
using namespace hamlet::nif;

ERL_NIF_TERM enif_schedule_nif(ErlNifEnv *env, const char *fun_name, int flags,
                               ERL_NIF_TERM (*fp)(ErlNifEnv *, int, const ERL_NIF_TERM[]), int argc,
                               const ERL_NIF_TERM argv[]) {
    Term name = fun_name ? latin1_atom(fun_name, std::strlen(fun_name)) : kNonValue;
    if (!env || !fp || name == kNonValue || argc < 0 || argc > 255 ||
        (flags != 0 && flags != ERL_NIF_DIRTY_JOB_CPU_BOUND &&
         flags != ERL_NIF_DIRTY_JOB_IO_BOUND) ||
        !(env->kind == EnvKind::Call || env->kind == EnvKind::Dirty) || !env->lib)
        return enif_make_badarg(env);
    Term args = alloc_tuple(env->heap, unsigned(argc));
    for (int i = 0; i < argc; ++i)
        tuple_elements(args)[i] = argv[i];
    env->next_fn = fp;
    env->next_flags = flags;
    env->next_name = name;
    env->next_args = args;
    return kNonValue;
}

int enif_consume_timeslice(ErlNifEnv *env, int percent) {
    if (!env || !env->proc || t_thread_type != ERL_NIF_THR_NORMAL_SCHEDULER) return 0;
    if (percent < 1) percent = 1;
    if (percent > 100) percent = 100;
    // erts bumps the reductions by percent of a slice (4000) and answers whether the slice
    // is used up; Hamlet counts what NIF calls consumed within the current call chain.
    charge_reductions(env->proc, (kSliceReductions + 99) / 100 * percent);
    env->timeslice_pct += percent;
    if (env->timeslice_pct >= 100) {
        env->timeslice_pct = 0;
        return 1;
    }
    return 0;
}

int enif_thread_type(void) {
    return t_thread_type;
}

ERL_NIF_TERM enif_make_badarg(ErlNifEnv *env) {
    return enif_raise_exception(env, atom::badarg);
}

ERL_NIF_TERM enif_raise_exception(ErlNifEnv *env, ERL_NIF_TERM reason) {
    if (!env) return kNonValue;
    env->exception_thrown = true; // the last one raised wins, as in erts
    env->exception = reason;
    return kNonValue;
}

int enif_has_pending_exception(ErlNifEnv *env, ERL_NIF_TERM *reason) {
    if (!env || !env->exception_thrown) return 0;
    if (reason) *reason = env->exception;
    return 1;
}

int enif_is_exception(ErlNifEnv *env, ERL_NIF_TERM term) {
    return env && env->exception_thrown && term == kNonValue;
}
