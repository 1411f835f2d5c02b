// Timers: receive ... after, erlang:send_after/start_timer, timer:sleep (a receive).
//
// A hierarchical timer wheel with millisecond ticks, as the BEAM's: 1024 one-millisecond
// slots for the next second, 1024 slots of 1024 ticks for the next ~17 minutes (moved down
// to the fine wheel when their turn comes) and a list for later timers. Inserting and
// cancelling take constant time. One thread advances the wheel, sleeping until the next
// occupied tick; expiry sends a signal or a message like any other sender, so a timer needs
// no access to its process. A timer fires at the first tick at or after its deadline, never
// before it.
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

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
        // A system process's receive timeout (vm/purge.h: they hibernate after a minute
        // idle) does not count as pending: it does not keep an idle VM from stopping.
        bool system = false;
    };
    // A pending timer, linked into one slot list (or the list of later timers).
    struct Node {
        Node *prev = nullptr, *next = nullptr;
        uint64_t id = 0, deadline_us = 0, tick = 0;
        uint8_t level = 0; // 0: fine wheel, 1: coarse wheel, 2: later
        Timer timer;
    };
    struct List {
        Node *first = nullptr;
        bool empty() const { return first == nullptr; }
        void push(Node *n);
        void remove(Node *n);
    };
    static constexpr unsigned kSlotBits = 10, kSlots = 1u << kSlotBits;
    static constexpr uint64_t kSlotMask = kSlots - 1;

    void add(uint64_t id, uint64_t deadline_us, Timer t);
    void place(Node *n);          // into the list its tick belongs to, relative to now_tick_
    void unlink(Node *n);         // from its list, keeping the occupancy bitmaps right
    void replace_all(List &list); // empties list, placing each node anew (relative to now_tick_)
    void advance_to(uint64_t tick, std::vector<Node *> &due);
    uint64_t next_wakeup_tick() const; // 0 when nothing is pending
    void run();
    void fire(uint64_t id, Timer &t);

    std::mutex mutex_;
    std::condition_variable cv_;
    uint64_t now_tick_;   // every tick up to this one has been processed
    List fine_[kSlots];   // ticks now_tick_+1 .. now_tick_+1024
    List coarse_[kSlots]; // blocks of 1024 ticks, up to 1024 blocks ahead
    List later_;
    uint64_t fine_used_[kSlots / 64] = {}, coarse_used_[kSlots / 64] = {}; // non-empty slots
    std::unordered_map<uint64_t, Node *> by_id_;
    size_t system_timers_ = 0; // of by_id_, those of system processes
    size_t firing_ = 0;
    bool stop_ = false;
    std::thread thread_;
};

} // namespace hamlet
