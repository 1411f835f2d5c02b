// A process's signal queue and message queue.
//
// Everything one process does to another travels as a signal in the receiver's queue:
// messages, exit signals, link/unlink, monitor/demonitor, 'DOWN', requests for information.
// A single queue per receiver keeps the BEAM's guarantee that signals from one sender
// arrive in the order they were sent. Senders on any thread append to the incoming list
// under a small lock; only the owner (on the scheduler thread running it) handles signals,
// so links, monitors and the heap are never touched by another thread. Handling moves
// messages to the private message queue, where the save pointer implements selective
// receive without any lock.
#pragma once

#include "vm/process.h"

#include <mutex>

namespace hamlet {

enum class SignalKind : uint8_t {
    Message,         // term; ref = alias id when sent to an alias, else 0
    Exit,            // exit/2 from `from`: term = reason
    LinkExit,        // a linked process exited: term = reason
    Link,            // `from` linked to the receiver
    Unlink,          // `from` unlinked from the receiver
    Monitor,         // `from` monitors the receiver with monitor ref `ref`
    Demonitor,       // monitor `ref` was removed by its owner `from`
    Down,            // the process `from` monitored by `ref` exited: term = reason
    GroupLeader,     // set the receiver's group leader to `from`
    InfoRequest,     // reply to `from` with {Ref, Result}: term = {Ref, What} (see signals.h)
    Timeout,         // the receive timeout `ref` (a timer id) has expired; with
                     // kExpireReceiveTimeout, whatever timeout the receiver waits for expires now
    GarbageCollect,  // garbage_collect/1,2 from `from`: collect, then send it `term`, a tuple
                     // ending in true ({Ref, true} or {garbage_collect, ReqId, true})
    RemoteMonitor,   // the receiver now monitors a process of node `from` with ref id `ref`
                     // (a remote spawn_request's monitor; dist/engine.h)
    RemoteMonitored, // a process of node `from` monitors the receiver, id `ref`
    RemoteLinkExit,  // the linked process `from` of another node exited (or its connection
                     // went down): term = reason; dist/engine.h holds such links
    // check_process_code from `from` for the module ref (an atom): send it `term`,
    // {check_process_code, ReqId, _} ending in the answer (vm/purge.h)
    CheckProcessCode,
    // the literal area collector's request for the ReleasedLiterals* in ref: copy what the
    // process holds of it at a full sweep, then send `from` `term`
    CopyLiterals,
    // suspend_process from `from` (vm/suspend.h): ref holds the suspension's active flag
    Suspend,
    Resume, // `from` released its suspension of the receiver
    // a suspend request to answer once the receiver has stopped: term = {Tag, Reply}; ref 1
    // for an asynchronous request
    SyncSuspend,
};

constexpr uint64_t kExpireReceiveTimeout = ~uint64_t(0);

struct Signal {
    Signal *next = nullptr;
    SignalKind kind = SignalKind::Message;
    Term term = kNonValue;
    Term from = kNonValue;
    uint64_t ref = 0;
    HeapFragment *fragment = nullptr; // holds term (nullptr when term is immediate)
};

class Mailbox {
  public:
    ~Mailbox();

    // The lock guarding the incoming list, the closed flag and the owner's scheduling
    // status (Process::status): a sender appends and wakes the owner in one step.
    std::mutex &lock() { return mutex_; }
    bool has_incoming_locked() const { return in_first_ != nullptr; }
    // With lock() held: appends s; false (and s untouched) if the owner has exited.
    bool push_locked(Signal *s) {
        if (closed_) return false;
        *in_last_ = s;
        in_last_ = &s->next;
        return true;
    }

    // Owner only: takes every incoming signal (in order). Caller handles and frees them.
    Signal *take_incoming() {
        std::lock_guard lock(mutex_);
        Signal *s = in_first_;
        in_first_ = nullptr;
        in_last_ = &in_first_;
        return s;
    }
    // Owner only, when exiting: refuses further signals and returns those still queued.
    Signal *close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        Signal *s = in_first_;
        in_first_ = nullptr;
        in_last_ = &in_first_;
        return s;
    }

    // ---- the private message queue (owner only) ----
    void append_message(Signal *m) {
        m->next = nullptr;
        *last_ = m;
        last_ = &m->next;
    }
    Signal *at_save() const { return *save_; }
    void advance() { save_ = &(*save_)->next; }
    void reset_save() { save_ = &first_; }
    // Removes the message at the save pointer and returns it (caller owns it).
    Signal *remove() {
        Signal *m = *save_;
        *save_ = m->next;
        if (last_ == &m->next) last_ = save_;
        save_ = &first_;
        m->next = nullptr;
        return m;
    }
    size_t length() const;
    Signal *first() const { return first_; }
    // Removes (and frees) every message for which pred(signal) is true.
    template <typename Pred> void remove_if(Pred pred) {
        Signal **at = &first_;
        while (*at) {
            Signal *m = *at;
            if (pred(m)) {
                *at = m->next;
                free_signal(m);
            } else {
                at = &m->next;
            }
        }
        last_ = at;
        save_ = &first_;
    }

    static void free_signal(Signal *s);

  private:
    std::mutex mutex_;
    bool closed_ = false;
    Signal *in_first_ = nullptr;
    Signal **in_last_ = &in_first_;
    Signal *first_ = nullptr;
    Signal **last_ = &first_;
    Signal **save_ = &first_;
};

} // namespace hamlet
