#include "dist/node.h"

#include "vm/atom_table.h"

#include <atomic>

namespace hamlet {

namespace {
std::atomic<Term> g_name{atom::nonode_nohost};
std::atomic<uint32_t> g_creation{0};
} // namespace

Term this_node() {
    return g_name.load(std::memory_order_acquire);
}

uint32_t this_creation() {
    return g_creation.load(std::memory_order_acquire);
}

bool node_alive() {
    return this_node() != atom::nonode_nohost;
}

void set_this_node(Term name, uint32_t creation) {
    g_creation.store(creation, std::memory_order_release);
    g_name.store(name, std::memory_order_release);
}

} // namespace hamlet
