#include "bifs/dirty_io.h"

#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/io_pool.h"
#include "vm/module.h"
#include "vm/ref.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <memory>
#include <vector>

namespace hamlet {

namespace {

struct IoJob {
    Term pid;
    uint64_t ref;
    BifFunction f;
    std::vector<Term> args;
    HeapFragment *fragment = nullptr; // holds the copied arguments
    ~IoJob() {
        if (fragment) HeapFragment::destroy(fragment);
    }
};

void run_job(IoJob &job) {
    static const Term kRaise = *AtomTable::global().intern("raise");
    Process scratch; // the heap the BIF builds its result on; never scheduled
    scratch.pid = job.pid;
    Term r = job.f(&scratch, job.args.data());
    Term answer;
    if (r != kNonValue) {
        answer = make_tuple(&scratch, {atom::ok, r});
    } else {
        Term cls = scratch.exc_class == ExcClass::Error  ? atom::error
                   : scratch.exc_class == ExcClass::Exit ? atom::exit
                                                         : atom::throw_;
        answer = make_tuple(&scratch, {kRaise, cls, scratch.exc_reason});
    }
    send_message(job.pid, make_tuple(&scratch, {make_ref(&scratch, job.ref), answer}));
}

} // namespace

Term run_on_io_thread(Process *p, BifFunction f, unsigned arity, const Term *args) {
    if (IoPool::on_io_thread()) return f(p, args);
    auto job = std::make_shared<IoJob>();
    job->pid = p->pid;
    job->ref = new_ref_id();
    job->f = f;
    std::vector<size_t> sizes(arity);
    size_t words = 0;
    for (unsigned i = 0; i < arity; ++i)
        words += sizes[i] = copy_size(args[i]);
    job->fragment = HeapFragment::create(words);
    job->fragment->used = words;
    Word *hp = job->fragment->data;
    for (unsigned i = 0; i < arity; ++i) {
        job->args.push_back(sizes[i] ? copy_term(args[i], hp, job->fragment->off_heap) : args[i]);
        hp += sizes[i];
    }
    IoPool::global().submit([job] { run_job(*job); });
    static Export *await = ExportTable::global().get(*AtomTable::global().intern("hamlet_process"),
                                                     *AtomTable::global().intern("await_io"), 1);
    return p->trap(await, {make_ref(p, job->ref)});
}

} // namespace hamlet
