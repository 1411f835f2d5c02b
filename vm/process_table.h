// The VM-wide tables of processes: pid -> process, registered names, and aliases.
//
// Every scheduler thread looks processes up to send them signals, so the pid table is split
// into shards, each under a reader/writer lock. A lookup returns a ProcessRef that keeps the
// process object alive (not the process: it may exit meanwhile, and then refuses signals).
#pragma once

#include "vm/process.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

namespace hamlet {

void release_process(Process *p); // drops one reference; the last one frees the process

class ProcessRef {
  public:
    ProcessRef() = default;
    explicit ProcessRef(Process *p) : p_(p) {} // adopts a reference
    ProcessRef(const ProcessRef &) = delete;
    ProcessRef &operator=(const ProcessRef &) = delete;
    ProcessRef(ProcessRef &&o) noexcept : p_(o.p_) { o.p_ = nullptr; }
    ProcessRef &operator=(ProcessRef &&o) noexcept {
        std::swap(p_, o.p_);
        return *this;
    }
    ~ProcessRef() {
        if (p_) release_process(p_);
    }
    Process *get() const { return p_; }
    Process *operator->() const { return p_; }
    explicit operator bool() const { return p_ != nullptr; }

  private:
    Process *p_ = nullptr;
};

class ProcessTable {
  public:
    static ProcessTable &global();

    // Gives p its pid and adds it (the table holds p's initial reference). False when the
    // process limit (+P) is reached.
    bool add(Process *p);
    // Removes p; the caller then owns the table's reference.
    void remove(Process *p);
    ProcessRef lookup(Term pid);
    size_t count() const { return count_.load(std::memory_order_relaxed); }
    std::vector<Term> all_pids();
    void set_limit(size_t limit) { limit_ = limit; }
    size_t limit() const { return limit_; }

    // ---- registered names ----
    // kNonValue on success, else the cause for error_info: none (bad or taken name),
    // registered_name (the process has a name) or notalive.
    Term register_name(Term name, Term pid);
    bool unregister_name(Term name);
    void unregister_pid(Term pid); // when pid exits
    Term whereis(Term name);       // pid or atom undefined
    Term name_of(Term pid);        // name or kNonValue
    std::vector<Term> registered();

    // ---- aliases: reference number -> owning pid ----
    void add_alias(uint64_t id, Term pid);
    void remove_alias(uint64_t id);
    Term alias_owner(uint64_t id); // pid or kNonValue

  private:
    static constexpr size_t kShards = 64;
    struct Shard {
        std::shared_mutex mutex;
        std::unordered_map<Term, Process *> map;
    };
    Shard &shard_of(Term pid) { return shards_[(pid >> 4) % kShards]; }
    std::array<Shard, kShards> shards_;
    std::atomic<uint64_t> next_number_{0};
    std::atomic<size_t> count_{0};
    size_t limit_ = 1u << 20;

    std::mutex names_mutex_;
    std::unordered_map<Term, Term> by_name_, name_of_pid_;

    std::mutex aliases_mutex_;
    std::unordered_map<uint64_t, Term> aliases_;
};

} // namespace hamlet
