// Running processes: the process table, name registry, message delivery and the run loop.
//
// This first scheduler runs every process on the calling thread, one at a time, with
// preemption after a reduction budget and timers for receive ... after. The SMP scheduler
// (issue 4) replaces the run loop; the interfaces here (spawn, send, lookup, register)
// are the ones it keeps, and their data structures are already locked for several threads.
#pragma once

#include "vm/process.h"

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace hamlet {

class Scheduler {
  public:
    static Scheduler &global();

    // A new process calling Module:Function(Args...) (args as a list). nullptr if the
    // arguments are not a proper list.
    Process *spawn(Term module, Term function, Term args, Process *parent);
    Process *lookup(Term pid);
    // Delivers a copy of msg to dest (pid or registered name). False if dest is neither
    // (the BEAM raises badarg for an unregistered name; a dead pid is silently ignored).
    bool send(Term dest, Term msg);

    bool register_name(Term name, Term pid);
    bool unregister_name(Term name);
    Term whereis(Term name);

    // Runs until every process has exited or halt() is called. Returns the exit status.
    int run();
    void halt(int status); // from any process: stop the VM after flushing output
    bool halting() const { return halt_requested_.load(); }

  private:
    void make_runnable(Process *p);
    void finish(Process *p);
    std::mutex mutex_;
    std::unordered_map<Word, std::unique_ptr<Process>> processes_;
    std::unordered_map<Term, Term> names_;
    std::deque<Process *> run_queue_;
    uint64_t next_pid_ = 0;
    std::atomic<bool> halt_requested_{false};
    int halt_status_ = 0;
};

uint64_t monotonic_us();

} // namespace hamlet
