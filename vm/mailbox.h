// A process's message queue. Senders on any thread append to an incoming list under a small
// lock; the owner moves incoming messages to its private queue when it looks for one, so
// receive never contends with senders. The save pointer implements selective receive.
#pragma once

#include "vm/process.h"

#include <mutex>

namespace hamlet {

struct Message {
    Message *next = nullptr;
    Term term;
    HeapFragment *fragment; // holds the term (nullptr for immediates)
};

class Mailbox {
  public:
    ~Mailbox();
    // Any thread. Returns true if the queue was empty of new messages before.
    void push(Message *m) {
        std::lock_guard lock(mutex_);
        *in_last_ = m;
        in_last_ = &m->next;
    }
    // Owner only: the message at the save pointer, or nullptr.
    Message *peek() {
        if (!*save_) take_incoming();
        return *save_;
    }
    void advance() { save_ = &(*save_)->next; }
    void reset_save() { save_ = &first_; }
    // Removes the message at the save pointer and returns it (caller owns it).
    Message *remove() {
        Message *m = *save_;
        *save_ = m->next;
        if (last_ == &m->next) last_ = save_;
        save_ = &first_;
        m->next = nullptr;
        return m;
    }
    bool has_new() {
        std::lock_guard lock(mutex_);
        return in_first_ != nullptr;
    }
    size_t length();
    // Owner only: removes (and frees) every message for which pred(term) is true.
    template <typename Pred> void remove_if(Pred pred) {
        take_incoming();
        Message **at = &first_;
        while (*at) {
            Message *m = *at;
            if (pred(m->term)) {
                *at = m->next;
                if (m->fragment) HeapFragment::destroy(m->fragment);
                delete m;
            } else {
                at = &m->next;
            }
        }
        last_ = at;
        save_ = &first_;
    }

  private:
    void take_incoming() {
        std::lock_guard lock(mutex_);
        if (!in_first_) return;
        *last_ = in_first_;
        last_ = in_last_;
        in_first_ = nullptr;
        in_last_ = &in_first_;
    }
    std::mutex mutex_;
    Message *in_first_ = nullptr;
    Message **in_last_ = &in_first_;
    Message *first_ = nullptr;
    Message **last_ = &first_;
    Message **save_ = &first_;
};

} // namespace hamlet
