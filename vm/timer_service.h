// Timers: receive ... after, erlang:send_after/start_timer, timer:sleep (a receive).
//
// One thread owns an ordered set of deadlines and sleeps until the earliest; expiry sends a
// signal or a message like any other sender, so a timer needs no access to its process.
// (The BEAM uses a timer wheel per scheduler; an ordered map gives the same results with
// O(log n) insertion and cancellation.)
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace hamlet {

uint64_t monotonic_us();

class TimerService {
  public:
    static TimerService &global();

    // A Timeout signal carrying the returned id reaches pid after `ms` milliseconds.
    uint64_t add_receive_timeout(Term pid, uint64_t ms);
    // erlang:send_after/start_timer: after the deadline (monotonic microseconds), msg (or
    // {timeout, TimerRef, Msg} when `wrap`) is sent to dest (pid or registered name). id is
    // the timer reference's number.
    void add_message_timer(uint64_t id, uint64_t deadline_us, Term dest, Term msg, bool wrap);
    // Removes a timer; returns the microseconds it had left, or -1 if it was not pending.
    int64_t cancel(uint64_t id);
    int64_t remaining(uint64_t id);
    // Timers pending or being delivered: while any exist, an idle VM is not deadlocked.
    size_t pending();

    void shutdown();

  private:
    TimerService();
    ~TimerService();
    struct Timer {
        Term dest = kNonValue;
        Term msg = kNonValue;
        HeapFragment *fragment = nullptr; // holds msg
        bool receive_timeout = false, wrap = false;
    };
    void add(uint64_t id, uint64_t deadline, Timer t);
    void run();
    void fire(uint64_t id, Timer &t);

    std::mutex mutex_;
    std::condition_variable cv_;
    std::map<std::pair<uint64_t, uint64_t>, Timer> by_deadline_; // (deadline, id)
    std::unordered_map<uint64_t, uint64_t> deadline_of_;         // id -> deadline
    size_t firing_ = 0;
    bool stop_ = false;
    std::thread thread_;
};

} // namespace hamlet
