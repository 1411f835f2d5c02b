#include "bifs/bif.h"
#include "bifs/dirty_io.h"

#include "vm/atom_table.h"

#include <unordered_map>
#include <vector>

namespace hamlet {

#define BIF(module, name, arity, function, guard) static_assert(arity <= kMaxBifArity);
#include "bifs/bif_table.def"
#undef BIF

namespace {

struct Key {
    Term module, name;
    unsigned arity;
    bool operator==(const Key &) const = default;
};
struct KeyHash {
    size_t operator()(const Key &k) const { return (k.module * 31 + k.name) * 257 + k.arity; }
};

struct Table {
    std::vector<BifEntry> entries;
    std::unordered_map<Key, size_t, KeyHash> index;
    Table() {
        [[maybe_unused]] auto &atoms = AtomTable::global();
// File-system NIFs are wrapped to run on the I/O pool (bifs/dirty_io.h).
#define ENTRY(module, name, arity, function, guard, nif)                                           \
    entries.push_back({*atoms.intern(module), *atoms.intern(name), arity,                          \
                       is_dirty_io(module, name) ? &dirty_io<function, arity> : &function, guard,  \
                       nif});
#define BIF(module, name, arity, function, guard) ENTRY(module, name, arity, function, guard, false)
#define NIF(module, name, arity, function) ENTRY(module, name, arity, function, false, true)
#include "bifs/bif_table.def"
#undef NIF
#undef BIF
#undef ENTRY
        for (size_t i = 0; i < entries.size(); ++i)
            index.emplace(Key{entries[i].module, entries[i].name, entries[i].arity}, i);
    }
};

const Table &table() {
    static const Table t; // built once, read-only afterwards: safe to share
    return t;
}

} // namespace

const BifEntry *find_bif(Term module, Term name, unsigned arity) {
    auto it = table().index.find(Key{module, name, arity});
    return it == table().index.end() ? nullptr : &table().entries[it->second];
}

const std::vector<BifEntry> &bif_entries() {
    return table().entries;
}

} // namespace hamlet
