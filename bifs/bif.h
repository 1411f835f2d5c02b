// Built-in functions: the one table (bifs/bif_table.def) and the calling convention.
//
// A BIF receives its process and its arguments and returns a term; to fail it records the
// exception in the process (p->badarg(), p->error(...)) and returns kNonValue. BIFs never
// trigger a garbage collection: they allocate with p->alloc(), which falls back to heap
// fragments, so their argument terms stay valid throughout.
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <vector>

namespace hamlet {

using BifFunction = Term (*)(Process *p, const Term *args);

struct BifEntry {
    Term module, name;
    unsigned arity;
    BifFunction function;
    bool guard;       // allowed in guards (bif0/1/2, gc_bif instructions)
    bool nif = false; // a NIF(...) entry: not a BIF for erlang:is_builtin/3
};

// No BIF takes more arguments (the emulator keeps a failing BIF's arguments in an array of
// this size; bif_table.cpp checks every entry).
constexpr unsigned kMaxBifArity = 8;

// The BIF implementing Module:Name/Arity, or nullptr.
const BifEntry *find_bif(Term module, Term name, unsigned arity);
// Every entry of the table, in its order.
const std::vector<BifEntry> &bif_entries();

// Declarations of every BIF function, from the table.
#define BIF(module, name, arity, function, guard) Term function(Process *p, const Term *args);
#include "bifs/bif_table.def"
#undef BIF

} // namespace hamlet
