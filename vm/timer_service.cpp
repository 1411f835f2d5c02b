#include "vm/timer_service.h"

#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/mailbox.h"
#include "vm/purge.h"
#include "vm/ref.h"
#include "vm/signals.h"

#include <algorithm>
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

namespace {

uint64_t tick_at_or_after(uint64_t us) {
    return (us + 999) / 1000;
}

void set_bit(uint64_t *bits, uint64_t i, bool on) {
    if (on)
        bits[i / 64] |= uint64_t(1) << (i % 64);
    else
        bits[i / 64] &= ~(uint64_t(1) << (i % 64));
}

bool bit(const uint64_t *bits, uint64_t i) {
    return (bits[i / 64] >> (i % 64)) & 1;
}

} // namespace

void TimerService::List::push(Node *n) {
    n->prev = nullptr;
    n->next = first;
    if (first) first->prev = n;
    first = n;
}

void TimerService::List::remove(Node *n) {
    if (n->prev)
        n->prev->next = n->next;
    else
        first = n->next;
    if (n->next) n->next->prev = n->prev;
    n->prev = n->next = nullptr;
}

TimerService::TimerService() : now_tick_(monotonic_us() / 1000), thread_([this] { run(); }) {}

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
    for (auto &[id, n] : by_id_) {
        if (n->timer.fragment) HeapFragment::destroy(n->timer.fragment);
        delete n;
    }
    by_id_.clear();
    system_timers_ = 0;
}

void TimerService::place(Node *n) {
    n->tick = std::max(n->tick, now_tick_ + 1); // overdue: the next tick
    if (n->tick - now_tick_ <= kSlots) {
        n->level = 0;
        fine_[n->tick & kSlotMask].push(n);
        set_bit(fine_used_, n->tick & kSlotMask, true);
    } else if ((n->tick >> kSlotBits) - (now_tick_ >> kSlotBits) < kSlots) {
        n->level = 1;
        uint64_t slot = (n->tick >> kSlotBits) & kSlotMask;
        coarse_[slot].push(n);
        set_bit(coarse_used_, slot, true);
    } else {
        n->level = 2;
        later_.push(n);
    }
}

void TimerService::replace_all(List &list) {
    Node *n = list.first;
    list.first = nullptr;
    while (n) {
        Node *next = n->next;
        place(n);
        n = next;
    }
}

void TimerService::unlink(Node *n) {
    if (n->level == 0) {
        uint64_t slot = n->tick & kSlotMask;
        fine_[slot].remove(n);
        if (fine_[slot].empty()) set_bit(fine_used_, slot, false);
    } else if (n->level == 1) {
        uint64_t slot = (n->tick >> kSlotBits) & kSlotMask;
        coarse_[slot].remove(n);
        if (coarse_[slot].empty()) set_bit(coarse_used_, slot, false);
    } else {
        later_.remove(n);
    }
}

void TimerService::add(uint64_t id, uint64_t deadline_us, Timer t) {
    auto *n = new Node;
    n->id = id;
    n->deadline_us = deadline_us;
    n->tick = tick_at_or_after(deadline_us);
    n->timer = t;
    bool sooner;
    {
        std::lock_guard lock(mutex_);
        uint64_t before = next_wakeup_tick();
        place(n);
        by_id_[id] = n;
        if (t.system) ++system_timers_;
        sooner = before == 0 || next_wakeup_tick() < before;
    }
    if (sooner) cv_.notify_one();
}

uint64_t TimerService::add_receive_timeout(Term pid, uint64_t ms) {
    uint64_t id = new_ref_id();
    Timer t;
    t.dest = pid;
    t.receive_timeout = true;
    t.system = is_system_process(pid);
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
    Node *n;
    {
        std::lock_guard lock(mutex_);
        auto it = by_id_.find(id);
        if (it == by_id_.end()) return -1;
        n = it->second;
        by_id_.erase(it);
        if (n->timer.system) --system_timers_;
        unlink(n);
    }
    uint64_t now = monotonic_us();
    int64_t left = n->deadline_us > now ? int64_t(n->deadline_us - now) : 0;
    if (n->timer.fragment) HeapFragment::destroy(n->timer.fragment);
    delete n;
    return left;
}

int64_t TimerService::remaining(uint64_t id) {
    std::lock_guard lock(mutex_);
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return -1;
    uint64_t now = monotonic_us();
    uint64_t deadline = it->second->deadline_us;
    return deadline > now ? int64_t(deadline - now) : 0;
}

size_t TimerService::pending() {
    std::lock_guard lock(mutex_);
    return by_id_.size() - system_timers_ + firing_;
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

// Processes ticks now_tick_+1 .. tick: at the start of each block of 1024 ticks, later
// timers that are near enough move into the coarse wheel and the block's coarse slot moves
// into the fine wheel; then the tick's fine slot is due.
void TimerService::advance_to(uint64_t tick, std::vector<Node *> &due) {
    while (now_tick_ < tick) {
        if (by_id_.empty()) { // nothing to visit on the way
            now_tick_ = tick;
            return;
        }
        uint64_t t = now_tick_ + 1;
        if ((t & kSlotMask) == 0) {
            now_tick_ = t - 1;
            // Later timers come into the coarse wheel at least a block before theirs starts.
            replace_all(later_);
            uint64_t slot = (t >> kSlotBits) & kSlotMask;
            set_bit(coarse_used_, slot, false);
            replace_all(coarse_[slot]); // within the next 1024 ticks now: the fine wheel
        }
        now_tick_ = t;
        uint64_t slot = t & kSlotMask;
        for (Node *n = fine_[slot].first; n;) {
            Node *next = n->next;
            by_id_.erase(n->id);
            if (n->timer.system) --system_timers_;
            due.push_back(n);
            n = next;
        }
        fine_[slot].first = nullptr;
        set_bit(fine_used_, slot, false);
    }
}

uint64_t TimerService::next_wakeup_tick() const {
    if (by_id_.empty()) return 0;
    for (uint64_t t = now_tick_ + 1; t <= now_tick_ + kSlots; ++t) {
        uint64_t slot = t & kSlotMask;
        if (bit(fine_used_, slot)) return t;
        if (fine_used_[slot / 64] == 0) t |= 63; // skip an empty bitmap word
    }
    // Only coarse or later timers: wake at the start of the next occupied block (or the next
    // block, to bring later timers nearer).
    uint64_t block = now_tick_ >> kSlotBits;
    if (later_.empty())
        for (uint64_t b = block + 1; b < block + kSlots; ++b)
            if (bit(coarse_used_, b & kSlotMask)) return b << kSlotBits;
    return (block + 1) << kSlotBits;
}

void TimerService::run() {
    std::unique_lock lock(mutex_);
    std::vector<Node *> due;
    while (!stop_) {
        advance_to(monotonic_us() / 1000, due);
        if (!due.empty()) {
            // Tick by tick, and within a tick in the order the timers were set (a slot's
            // list is newest first), as erts' wheel fires them: timers set after their
            // deadline share the next tick, so they fire in the order they were set.
            std::sort(due.begin(), due.end(), [](const Node *a, const Node *b) {
                return a->tick != b->tick ? a->tick < b->tick : a->id < b->id;
            });
            // Counted as pending until delivered, so an idle VM is never judged deadlocked
            // while a timer is on its way (see Scheduler).
            firing_ += due.size();
            lock.unlock();
            for (Node *n : due) {
                fire(n->id, n->timer);
                delete n;
            }
            lock.lock();
            firing_ -= due.size();
            due.clear();
            continue;
        }
        uint64_t next = next_wakeup_tick();
        if (next == 0) {
            cv_.wait(lock);
        } else {
            uint64_t now = monotonic_us();
            if (next * 1000 > now) cv_.wait_for(lock, std::chrono::microseconds(next * 1000 - now));
        }
    }
}

} // namespace hamlet
