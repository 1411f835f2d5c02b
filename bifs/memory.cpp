// erlang:memory/0,1 from Hamlet's own accounting. erts writes these in Erlang over its
// allocators' statistics; Hamlet has no such allocators, so each figure is what Hamlet holds
// for that purpose (see README, differences): processes are their structures and heaps as each
// process last published them; binary is the off-heap binaries; ets the stored objects; code
// every kept version of every module; atom the atom table; total the resident memory of the
// OS process (or the sum of the parts, if larger); system is total less processes.
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/mailbox.h"
#include "vm/memory_stats.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/term_build.h"

#include <cstdio>
#include <unistd.h>

namespace hamlet {

namespace {

struct MemoryFigures {
    int64_t total, processes, system, atom, atom_used, binary, code, ets;
};

int64_t resident_bytes() {
    long pages = 0, resident = 0;
    if (std::FILE *f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return int64_t(resident) * sysconf(_SC_PAGESIZE);
}

MemoryFigures figures() {
    MemoryFigures m{};
    ProcessTable &table = ProcessTable::global();
    for (Term pid : table.all_pids())
        if (ProcessRef p = table.lookup(pid))
            m.processes += int64_t(sizeof(Process) + sizeof(Mailbox) +
                                   p->heap_bytes.load(std::memory_order_relaxed));
    AtomTable &atoms = AtomTable::global();
    uint32_t n = atoms.size();
    int64_t text = 0;
    for (uint32_t i = 0; i < n; ++i)
        text += int64_t(atoms.text_of(i).size());
    m.atom_used = text + int64_t(n) * 16;   // the text and its entry
    m.atom = m.atom_used + int64_t(n) * 32; // and its slot in the lookup table
    m.binary = g_binary_bytes.total();
    m.ets = g_ets_bytes.total();
    m.code = int64_t(ModuleTable::global().memory_bytes());
    int64_t parts = m.processes + m.atom + m.binary + m.ets + m.code;
    m.total = std::max(resident_bytes(), parts);
    m.system = m.total - m.processes;
    return m;
}

// The figure for one type; kNonValue for a type erlang:memory does not know.
Term figure(Process *p, const MemoryFigures &m, Term type) {
    static auto &atoms = AtomTable::global();
    static const Term kTotal = *atoms.intern("total"), kProcesses = *atoms.intern("processes"),
                      kProcessesUsed = *atoms.intern("processes_used"),
                      kSystem = *atoms.intern("system"), kAtom = *atoms.intern("atom"),
                      kAtomUsed = *atoms.intern("atom_used"), kBinary = *atoms.intern("binary"),
                      kCode = *atoms.intern("code"), kEts = *atoms.intern("ets");
    int64_t v;
    if (type == kTotal)
        v = m.total;
    else if (type == kProcesses || type == kProcessesUsed)
        v = m.processes;
    else if (type == kSystem)
        v = m.system;
    else if (type == kAtom)
        v = m.atom;
    else if (type == kAtomUsed)
        v = m.atom_used;
    else if (type == kBinary)
        v = m.binary;
    else if (type == kCode)
        v = m.code;
    else if (type == kEts)
        v = m.ets;
    else
        return kNonValue;
    return make_int64(p, v);
}

const char *const kAllTypes[] = {"total",     "processes", "processes_used", "system", "atom",
                                 "atom_used", "binary",    "code",           "ets"};

} // namespace

Term erlang_memory_0(Process *p, const Term *) {
    MemoryFigures m = figures();
    std::vector<Term> pairs;
    for (const char *name : kAllTypes) {
        Term type = *AtomTable::global().intern(name);
        pairs.push_back(make_tuple(p, {type, figure(p, m, type)}));
    }
    return make_term_list(p, pairs);
}

// memory(Type) or memory([Type]): badarg for an unknown type or an improper list.
Term erlang_memory_1(Process *p, const Term *args) {
    Term arg = args[0];
    MemoryFigures m = figures();
    if (is_atom(arg)) {
        Term v = figure(p, m, arg);
        return v == kNonValue ? p->badarg() : v;
    }
    std::vector<Term> pairs;
    Term l = arg;
    for (; is_list(l); l = cdr(l)) {
        Term v = figure(p, m, car(l));
        if (v == kNonValue) return p->badarg();
        pairs.push_back(make_tuple(p, {car(l), v}));
    }
    if (!is_nil(l)) return p->badarg();
    return make_term_list(p, pairs);
}

} // namespace hamlet
