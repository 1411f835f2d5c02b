#include "vm/process_table.h"

#include "ports/port.h"
#include "vm/atom_table.h"

#include <algorithm>

namespace hamlet {

void release_process(Process *p) {
    if (p->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete p;
}

ProcessTable &ProcessTable::global() {
    static ProcessTable t;
    return t;
}

bool ProcessTable::add(Process *p) {
    if (count_.fetch_add(1, std::memory_order_relaxed) >= limit_) {
        count_.fetch_sub(1, std::memory_order_relaxed);
        return false;
    }
    p->pid = make_local_pid(next_number_.fetch_add(1, std::memory_order_relaxed));
    Shard &s = shard_of(p->pid);
    std::unique_lock lock(s.mutex);
    s.map.emplace(p->pid, p);
    return true;
}

void ProcessTable::remove(Process *p) {
    Shard &s = shard_of(p->pid);
    {
        std::unique_lock lock(s.mutex);
        s.map.erase(p->pid);
    }
    count_.fetch_sub(1, std::memory_order_relaxed);
}

ProcessRef ProcessTable::lookup(Term pid) {
    if (!is_local_pid(pid)) return ProcessRef();
    Shard &s = shard_of(pid);
    std::shared_lock lock(s.mutex);
    auto it = s.map.find(pid);
    if (it == s.map.end()) return ProcessRef();
    it->second->refs.fetch_add(1, std::memory_order_relaxed);
    return ProcessRef(it->second);
}

std::vector<Term> ProcessTable::all_pids() {
    std::vector<Term> out;
    for (Shard &s : shards_) {
        std::shared_lock lock(s.mutex);
        for (auto &[pid, p] : s.map)
            out.push_back(pid);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Term ProcessTable::register_name(Term name, Term pid) {
    static const Term kNone = *AtomTable::global().intern("none"),
                      kRegisteredName = *AtomTable::global().intern("registered_name"),
                      kNotAlive = *AtomTable::global().intern("notalive");
    if (!is_atom(name) || name == atom::undefined || (!is_local_pid(pid) && !is_local_port(pid)))
        return kNone;
    std::lock_guard lock(names_mutex_);
    // Checked under the names lock: an exiting process leaves the pid table before it
    // unregisters (under this lock), so a name never outlives its process. A closing port
    // stops being open before it unregisters.
    if (is_local_port(pid) ? !PortTable::global().lookup(pid) : !lookup(pid)) return kNotAlive;
    if (name_of_pid_.count(pid)) return kRegisteredName;
    if (by_name_.count(name)) return kNone;
    by_name_[name] = pid;
    name_of_pid_[pid] = name;
    return kNonValue;
}

bool ProcessTable::unregister_name(Term name) {
    std::lock_guard lock(names_mutex_);
    auto it = by_name_.find(name);
    if (it == by_name_.end()) return false;
    name_of_pid_.erase(it->second);
    by_name_.erase(it);
    return true;
}

void ProcessTable::unregister_pid(Term pid) {
    std::lock_guard lock(names_mutex_);
    auto it = name_of_pid_.find(pid);
    if (it == name_of_pid_.end()) return;
    by_name_.erase(it->second);
    name_of_pid_.erase(it);
}

Term ProcessTable::whereis(Term name) {
    std::lock_guard lock(names_mutex_);
    auto it = by_name_.find(name);
    return it == by_name_.end() ? atom::undefined : it->second;
}

Term ProcessTable::name_of(Term pid) {
    std::lock_guard lock(names_mutex_);
    auto it = name_of_pid_.find(pid);
    return it == name_of_pid_.end() ? kNonValue : it->second;
}

std::vector<Term> ProcessTable::registered() {
    std::lock_guard lock(names_mutex_);
    std::vector<Term> out;
    for (auto &[name, pid] : by_name_)
        out.push_back(name);
    return out;
}

void ProcessTable::add_alias(uint64_t id, Term pid) {
    std::lock_guard lock(aliases_mutex_);
    aliases_[id] = pid;
}

void ProcessTable::remove_alias(uint64_t id) {
    std::lock_guard lock(aliases_mutex_);
    aliases_.erase(id);
}

Term ProcessTable::alias_owner(uint64_t id) {
    std::lock_guard lock(aliases_mutex_);
    auto it = aliases_.find(id);
    return it == aliases_.end() ? kNonValue : it->second;
}

} // namespace hamlet
