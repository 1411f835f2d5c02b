#include "bifs/trap.h"

#include "emulator/emulator.h"
#include "emulator/stacktrace.h"
#include "vm/atom_table.h"

#include <vector>

namespace hamlet {

namespace {

// A trap export and the entry its stub calls; made once per continuation, never freed.
struct TrapExport {
    BifEntry entry;
    Export exp;
};

} // namespace

Export *make_trap_export(const char *module, const char *name, unsigned arity, BifFunction fn) {
    auto *t = new TrapExport;
    Term m = atom_of(module), f = atom_of(name);
    t->entry = BifEntry{m, f, arity, fn, false};
    t->exp.module = m;
    t->exp.function = f;
    t->exp.arity = arity;
    t->exp.bif = &t->entry;
    // The same stub as a table BIF without Erlang code (vm/module.cpp).
    t->exp.stub[0] = op_word(Op::i_call_bif_stub);
    t->exp.stub[1] = reinterpret_cast<Word>(&t->entry);
    t->exp.address.store(t->exp.stub, std::memory_order_release);
    return &t->exp;
}

Export *bif_export(const char *module, const char *name, unsigned arity) {
    return ExportTable::global().get(atom_of(module), atom_of(name), arity);
}

const BifEntry *bif_entry(const char *module, const char *name, unsigned arity) {
    return find_bif(atom_of(module), atom_of(name), arity);
}

Term yield_to(Process *p, Export *e, std::initializer_list<Term> args) {
    p->trap_yield = true;
    return p->trap(e, args);
}

Term fail_as(Process *p, const BifEntry *bif, std::initializer_list<Term> args) {
    // Continuations run from their export stub, like a BIF reached through apply: the
    // frames are those the stub would give the original BIF (emulator/stacktrace.h).
    std::vector<Term> a(args);
    Term raw = build_raw_trace(p, stub_failure_point(p, bif, a.data()));
    p->exc_trace = raw_trace_frames(raw);
    return kNonValue;
}

} // namespace hamlet
