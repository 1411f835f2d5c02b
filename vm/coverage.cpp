// See vm/coverage.h. The file lists every generic instruction Hamlet knows and every BIF
// in its table with its count, zero included, so the report needs nothing else:
//   op NAME COUNT
//   bif MODULE:NAME/ARITY COUNT
#include "vm/coverage.h"

#include "bifs/bif.h"
#include "loader/generic_ops.h"
#include "vm/atom_table.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace hamlet::coverage {

bool enabled = false;
std::atomic<uint64_t> op_counts[256];

namespace {

std::string folder;

// BIF calls are counted per thread (no contended lock on the call path) and summed at exit,
// when other threads may still be running: each thread's map has its own lock.
struct ThreadCounts {
    std::mutex mutex;
    std::unordered_map<const BifEntry *, uint64_t> bifs;
};
std::mutex threads_mutex;
std::vector<ThreadCounts *> &threads() {
    static std::vector<ThreadCounts *> all; // never freed: threads may outlive the dump
    return all;
}

ThreadCounts &mine() {
    thread_local ThreadCounts *counts = [] {
        auto *c = new ThreadCounts;
        std::lock_guard lock(threads_mutex);
        threads().push_back(c);
        return c;
    }();
    return *counts;
}

} // namespace

void init() {
    const char *dir = std::getenv("HAMLET_COVERAGE");
    if (!dir || !*dir) return;
    folder = dir;
    enabled = true;
}

void count_bif(const BifEntry *b) {
    ThreadCounts &c = mine();
    std::lock_guard lock(c.mutex);
    ++c.bifs[b];
}

void dump() {
    if (!enabled) return;
    std::string path = folder + "/hamlet-" + std::to_string(getpid()) + ".cov";
    FILE *f = std::fopen(path.c_str(), "w");
    if (!f) return;
    for (unsigned op = 1; op < 256; ++op) {
        const GenOpInfo &info = generic_op_info(op);
        if (info.name)
            std::fprintf(f, "op %s %llu\n", info.name,
                         (unsigned long long)op_counts[op].load(std::memory_order_relaxed));
    }
    std::map<std::string, uint64_t> bifs;
    auto &atoms = AtomTable::global();
    auto name = [&](Term m, Term n, unsigned a) {
        return std::string(atoms.text(m)) + ":" + std::string(atoms.text(n)) + "/" +
               std::to_string(a);
    };
    for (const BifEntry &b : bif_entries())
        bifs[name(b.module, b.name, b.arity)] += 0;
    {
        std::lock_guard lock(threads_mutex);
        for (ThreadCounts *t : threads()) {
            std::lock_guard tlock(t->mutex);
            for (auto &[b, n] : t->bifs)
                bifs[name(b->module, b->name, b->arity)] += n;
        }
    }
    for (auto &[text, n] : bifs)
        std::fprintf(f, "bif %s %llu\n", text.c_str(), (unsigned long long)n);
    std::fclose(f);
}

} // namespace hamlet::coverage
