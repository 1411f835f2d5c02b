#include "vm/purge.h"

#include "vm/atom_table.h"
#include "vm/module.h"
#include "vm/signals.h"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace hamlet {

namespace {

struct Releases {
    std::mutex mutex;
    std::vector<std::unique_ptr<LiteralArea>> queue;
    std::unique_ptr<ReleasedLiterals> current;
};

Releases &releases() {
    static Releases r;
    return r;
}

std::atomic<Term> g_purger{kNonValue}, g_collector{kNonValue};

} // namespace

void release_literal_area(std::unique_ptr<LiteralArea> area) {
    if (!area) return;
    bool first;
    {
        std::lock_guard lock(releases().mutex);
        first = releases().queue.empty();
        releases().queue.push_back(std::move(area));
    }
    // The collector takes every queued area at its next switch, so one `copy_literals` for
    // the first of them is enough (it waits in its queue while a round is under way); one
    // per area would leave thousands to wade through in its selective receives.
    static const Term kCopyLiterals = *AtomTable::global().intern("copy_literals");
    Term collector = g_collector.load(std::memory_order_acquire);
    if (first && collector != kNonValue) send_message(collector, kCopyLiterals);
}

bool switch_literal_area() {
    std::unique_ptr<ReleasedLiterals> done;
    std::lock_guard lock(releases().mutex);
    done = std::move(releases().current); // freed on return: every process has copied from it
    if (releases().queue.empty()) return false;
    auto next = std::make_unique<ReleasedLiterals>();
    next->areas = std::move(releases().queue);
    releases().queue.clear();
    for (auto &a : next->areas)
        next->ranges.insert(next->ranges.end(), a->ranges().begin(), a->ranges().end());
    std::sort(next->ranges.begin(), next->ranges.end());
    releases().current = std::move(next);
    return true;
}

const ReleasedLiterals *current_literal_areas() {
    std::lock_guard lock(releases().mutex);
    return releases().current.get();
}

void set_system_processes(Term purger, Term literal_collector) {
    g_purger.store(purger, std::memory_order_release);
    g_collector.store(literal_collector, std::memory_order_release);
    // Areas released before the collector existed.
    bool waiting;
    {
        std::lock_guard lock(releases().mutex);
        waiting = !releases().queue.empty();
    }
    if (waiting) send_message(literal_collector, *AtomTable::global().intern("copy_literals"));
}

bool is_system_process(Term pid) {
    return pid != kNonValue && (pid == g_purger.load(std::memory_order_acquire) ||
                                pid == g_collector.load(std::memory_order_acquire));
}

Term literal_area_collector_pid() {
    return g_collector.load(std::memory_order_acquire);
}

Term code_purger_pid() {
    return g_purger.load(std::memory_order_acquire);
}

bool process_runs_old_code(Process *p, Term module) {
    auto ranges = ModuleTable::global().old_code(module);
    if (ranges.empty()) return false;
    auto in_old = [&](const Word *w) {
        for (auto &[b, e] : ranges)
            if (w >= b && w < e) return true;
        return false;
    };
    if (in_old(p->pc)) return true;
    // Return addresses are untagged code pointers (tag 00) on the stack; catches carry
    // their handler's address.
    for (const Word *w = p->stop; w < p->hend; ++w) {
        if (is_header(*w) && *w != 0 && in_old(reinterpret_cast<const Word *>(*w))) return true;
        if (is_catch(*w) && in_old(catch_addr(*w))) return true;
    }
    return false;
}

} // namespace hamlet
