#include "vm/timer_service.h"

#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/mailbox.h"
#include "vm/ref.h"
#include "vm/signals.h"

#include <chrono>

namespace hamlet {

uint64_t monotonic_us() {
    using namespace std::chrono;
    return uint64_t(duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count());
}

TimerService &TimerService::global() {
    static TimerService t;
    return t;
}

TimerService::TimerService() : thread_([this] { run(); }) {}

TimerService::~TimerService() {
    shutdown();
}

void TimerService::shutdown() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    for (auto &[key, t] : by_deadline_)
        if (t.fragment) HeapFragment::destroy(t.fragment);
    by_deadline_.clear();
}

void TimerService::add(uint64_t id, uint64_t deadline, Timer t) {
    bool earliest;
    {
        std::lock_guard lock(mutex_);
        auto it = by_deadline_.emplace(std::make_pair(deadline, id), t).first;
        deadline_of_[id] = deadline;
        earliest = it == by_deadline_.begin();
    }
    if (earliest) cv_.notify_one();
}

uint64_t TimerService::add_receive_timeout(Term pid, uint64_t ms) {
    uint64_t id = new_ref_id();
    Timer t;
    t.dest = pid;
    t.receive_timeout = true;
    add(id, monotonic_us() + ms * 1000, t);
    return id;
}

void TimerService::add_message_timer(uint64_t id, uint64_t deadline_us, Term dest, Term msg,
                                     bool wrap) {
    Timer t;
    size_t dest_words = copy_size(dest), msg_words = copy_size(msg);
    if (dest_words + msg_words) {
        t.fragment = HeapFragment::create(dest_words + msg_words);
        Word *hp = t.fragment->data;
        t.dest = dest_words ? copy_term(dest, hp, t.fragment->off_heap) : dest;
        t.msg = msg_words ? copy_term(msg, hp + dest_words, t.fragment->off_heap) : msg;
        t.fragment->used = dest_words + msg_words;
    } else {
        t.dest = dest;
        t.msg = msg;
    }
    t.wrap = wrap;
    add(id, deadline_us, t);
}

int64_t TimerService::cancel(uint64_t id) {
    HeapFragment *f = nullptr;
    int64_t left;
    {
        std::lock_guard lock(mutex_);
        auto d = deadline_of_.find(id);
        if (d == deadline_of_.end()) return -1;
        auto it = by_deadline_.find({d->second, id});
        f = it->second.fragment;
        uint64_t now = monotonic_us();
        left = d->second > now ? int64_t(d->second - now) : 0;
        by_deadline_.erase(it);
        deadline_of_.erase(d);
    }
    if (f) HeapFragment::destroy(f);
    return left;
}

int64_t TimerService::remaining(uint64_t id) {
    std::lock_guard lock(mutex_);
    auto d = deadline_of_.find(id);
    if (d == deadline_of_.end()) return -1;
    uint64_t now = monotonic_us();
    return d->second > now ? int64_t(d->second - now) : 0;
}

size_t TimerService::pending() {
    std::lock_guard lock(mutex_);
    return by_deadline_.size() + firing_;
}

void TimerService::fire(uint64_t id, Timer &t) {
    if (t.receive_timeout) {
        send_signal(t.dest, SignalKind::Timeout, kNonValue, id, kNil);
        return;
    }
    Term msg = t.msg;
    Word tuple[4 + kRefWords];
    if (t.wrap) {
        Term ref = make_ref_at(tuple + 4, id);
        tuple[0] = make_header(Subtag::Tuple, 3);
        tuple[1] = atom::timeout;
        tuple[2] = ref;
        tuple[3] = t.msg;
        msg = make_boxed(tuple);
    }
    send_message(t.dest, msg); // an unregistered name: the message is dropped
    if (t.fragment) HeapFragment::destroy(t.fragment);
}

void TimerService::run() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        if (by_deadline_.empty()) {
            cv_.wait(lock);
            continue;
        }
        auto it = by_deadline_.begin();
        uint64_t now = monotonic_us();
        if (it->first.first > now) {
            cv_.wait_for(lock, std::chrono::microseconds(it->first.first - now));
            continue;
        }
        uint64_t id = it->first.second;
        Timer t = it->second;
        by_deadline_.erase(it);
        deadline_of_.erase(id);
        // Counted as pending until delivered, so an idle VM is never judged deadlocked
        // while a timer is on its way (see Scheduler).
        ++firing_;
        lock.unlock();
        fire(id, t);
        lock.lock();
        --firing_;
    }
}

} // namespace hamlet
