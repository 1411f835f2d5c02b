// enif_select and enif_select_x: one-shot readiness notifications for a NIF's descriptors.
//
// As erts does on Linux, the descriptors sit in an epoll set of their own, changed with
// EPOLLONESHOT from whatever thread calls enif_select (epoll_ctl needs no poller's help),
// so a cancel or a stop takes effect before the call returns and the stop callback can
// always be called directly (ERL_NIF_SELECT_STOP_CALLED, is_direct_call 1), as erl on
// Linux answers. The set itself is watched by a libuv poll handle on the I/O thread
// (ports/io_thread.h), which takes the ready events and sends the messages prepared when
// the event was selected ({select, Resource, Ref, ready_input | ready_output}, or the
// custom message of enif_select_read/write), after which the event must be selected again.
//
// Every descriptor's state is under one mutex, taken by the callers and by the I/O thread
// while it picks the events to deliver; each state carries a generation, put in the epoll
// event's data, so an event read before a stop is not taken for the next user of the same
// descriptor number. An armed event counts as pending work for the I/O thread (a process
// waiting for it is not taken for deadlocked).
#include "nif/nif.h"

#include "ports/io_thread.h"
#include "ports/port.h"
#include "vm/atom_table.h"
#include "vm/magic_ref.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <sys/epoll.h>
#include <unistd.h>
#include <unordered_map>
#include <utility>
#include <vector>

using namespace hamlet;
using namespace hamlet::nif;

namespace {

// A prepared notification: who gets which message when the event comes.
struct Armed {
    Term pid = kNonValue;
    std::unique_ptr<OwnedTerm> msg;
    bool armed() const { return pid != kNonValue; }
};

struct FdState {
    uint32_t gen = 0;
    void *resource = nullptr; // the resource the descriptor belongs to (kept until STOP)
    uint32_t events = 0;      // EPOLLIN / EPOLLOUT armed in the epoll set
    bool registered = false;  // added to the epoll set
    bool fallback = false;    // refused by epoll (a regular file): always ready
    bool want_error = false;  // ERL_NIF_SELECT_ERROR: errors are their own event
    Armed in, out, err;
};

// A delivery decided under the lock, made after it.
struct Delivery {
    Term pid;
    std::unique_ptr<OwnedTerm> msg;
};

class PollSet {
  public:
    static PollSet &global() {
        static auto *p = new PollSet; // never destroyed: the VM ends with _Exit
        return *p;
    }
    std::mutex mutex;
    std::unordered_map<int, FdState> fds;
    uint32_t next_gen = 1;

    // Changes the descriptor's interest (0 disables it; EPOLLONESHOT always).
    int control(int op, int fd, const FdState &st) { return control(op, fd, st.gen, st.events); }
    int control(int op, int fd, uint32_t gen, uint32_t events) {
        epoll_event ev{};
        ev.events = events | EPOLLONESHOT;
        ev.data.u64 = uint64_t(uint32_t(fd)) | uint64_t(gen) << 32;
        return epoll_ctl(epfd_, op, fd, &ev);
    }
    void remove(int fd) {
        epoll_event ev{};
        epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, &ev);
    }
    bool ok() const { return epfd_ >= 0; }
    void fire_fallback(int fd, uint32_t gen);

  private:
    PollSet() {
        epfd_ = epoll_create1(EPOLL_CLOEXEC);
        if (epfd_ < 0) return;
        IoThread::global().post([this] {
            uv_poll_init(IoThread::global().loop(), &handle_, epfd_);
            handle_.data = this;
            uv_poll_start(&handle_, UV_READABLE, on_ready);
        });
    }
    static void on_ready(uv_poll_t *h, int, int) { static_cast<PollSet *>(h->data)->drain(); }
    void drain();
    void fire(int fd, FdState &st, uint32_t rev, std::vector<Delivery> &out);
    static void deliver(std::vector<Delivery> &out);

    int epfd_ = -1;
    uv_poll_t handle_{};
};

// Takes an armed notification out (the caller releases its hold).
std::unique_ptr<OwnedTerm> take(Armed &a, Term &pid) {
    pid = a.pid;
    a.pid = kNonValue;
    return std::move(a.msg);
}

// The events `rev` came for the descriptor's current state: takes the armed notifications
// they answer (under the lock) into `out`.
void PollSet::fire(int fd, FdState &st, uint32_t rev, std::vector<Delivery> &out) {
    bool error = rev & (EPOLLERR | EPOLLHUP);
    // Without ERL_NIF_SELECT_ERROR an error or hang-up wakes every armed event (the reader
    // or writer then sees it), as in erts.
    if (error && !st.want_error) rev |= st.events;
    Term pid;
    // erts' order: output, input, error.
    if ((rev & EPOLLOUT) && st.out.armed()) {
        auto m = take(st.out, pid);
        out.push_back({pid, std::move(m)});
        st.events &= ~uint32_t(EPOLLOUT);
    }
    if ((rev & EPOLLIN) && st.in.armed()) {
        auto m = take(st.in, pid);
        out.push_back({pid, std::move(m)});
        st.events &= ~uint32_t(EPOLLIN);
    }
    if (error && st.want_error && st.err.armed()) {
        auto m = take(st.err, pid);
        out.push_back({pid, std::move(m)});
        st.want_error = false;
    }
    // One-shot: the epoll entry is disabled; what is still armed goes back.
    if (st.registered && (st.events || (st.want_error && st.err.armed())))
        control(EPOLL_CTL_MOD, fd, st);
}

void PollSet::deliver(std::vector<Delivery> &out) {
    for (auto &d : out) {
        send_message(d.pid, d.msg->get()); // the receiver gets a copy; a dead one none
        d.msg.reset();
        IoThread::global().release();
    }
}

void PollSet::drain() {
    epoll_event evs[64];
    for (;;) {
        int n = epoll_wait(epfd_, evs, 64, 0);
        if (n <= 0) return;
        std::vector<Delivery> out;
        {
            std::lock_guard lock(mutex);
            for (int i = 0; i < n; ++i) {
                int fd = int(uint32_t(evs[i].data.u64));
                uint32_t gen = uint32_t(evs[i].data.u64 >> 32);
                auto it = fds.find(fd);
                if (it == fds.end() || it->second.gen != gen) continue; // stopped since
                fire(fd, it->second, evs[i].events, out);
            }
        }
        deliver(out);
        if (n < 64) return;
    }
}

// A descriptor epoll refuses (a regular file): poll() reports it always ready, so what is
// armed fires on the I/O thread's next turn, as erts' fallback poll set does.
void PollSet::fire_fallback(int fd, uint32_t gen) {
    IoThread::global().post([this, fd, gen] {
        std::vector<Delivery> out;
        {
            std::lock_guard lock(mutex);
            auto it = fds.find(fd);
            if (it == fds.end() || it->second.gen != gen) return;
            fire(fd, it->second, EPOLLIN | EPOLLOUT, out);
        }
        deliver(out);
    });
}

const Term kSelect = *AtomTable::global().intern("select"),
           kReadyInput = *AtomTable::global().intern("ready_input"),
           kReadyOutput = *AtomTable::global().intern("ready_output"),
           kReadyError = *AtomTable::global().intern("ready_error");

// Builds the message an event will send, kept in a fragment of its own.
std::unique_ptr<OwnedTerm> prepare(void *obj, Term msg, bool custom, Term event) {
    if (custom) return std::make_unique<OwnedTerm>(msg);
    static thread_local std::unique_ptr<Process> scratch(new_scratch_heap(atom::undefined));
    MagicObject *r = resource_object(obj);
    r->retain(); // taken over by the reference term
    Term res = make_magic_ref(scratch.get(), r);
    auto owned = std::make_unique<OwnedTerm>(make_tuple(scratch.get(), {kSelect, res, msg, event}));
    scratch->clear_scratch_heap();
    return owned;
}

// Arms (or re-arms) a notification; a new one holds the I/O thread.
void arm(Armed &a, Term pid, std::unique_ptr<OwnedTerm> msg) {
    if (!a.armed()) IoThread::global().hold();
    a.pid = pid;
    a.msg = std::move(msg);
}

// Disarms a notification; true if it was armed (its hold is to be released).
bool disarm(Armed &a) {
    if (!a.armed()) return false;
    a.pid = kNonValue;
    a.msg.reset();
    return true;
}

void release_holds(int n) {
    while (n-- > 0)
        IoThread::global().release();
}

int stop(int fd, void *obj) {
    PollSet &ps = PollSet::global();
    int ret = ERL_NIF_SELECT_STOP_CALLED;
    void *kept = nullptr;
    int released = 0;
    bool fallback = false;
    std::unique_ptr<OwnedTerm> dropped[3];
    {
        std::lock_guard lock(ps.mutex);
        auto it = ps.fds.find(fd);
        if (it != ps.fds.end()) {
            FdState &st = it->second;
            if (st.registered) ps.remove(fd);
            // A stop cancels what is armed first, and says so as erts does.
            dropped[0] = std::move(st.in.msg);
            if (disarm(st.in)) ret |= ERL_NIF_SELECT_READ_CANCELLED, ++released;
            dropped[1] = std::move(st.out.msg);
            if (disarm(st.out)) ret |= ERL_NIF_SELECT_WRITE_CANCELLED, ++released;
            dropped[2] = std::move(st.err.msg);
            if (disarm(st.err)) ++released;
            kept = st.resource;
            fallback = st.fallback;
            ps.fds.erase(it);
        }
    }
    if (fallback) {
        // erts must wake its fallback poller before the descriptor may be closed: the stop
        // callback runs later, from the poller's thread (here the I/O thread).
        enif_keep_resource(obj);
        IoThread::global().post([obj, fd, kept] {
            run_resource_stop(obj, ErlNifEvent(fd), false);
            enif_release_resource(obj);
            if (kept) enif_release_resource(kept);
        });
        release_holds(released);
        return (ret & ~ERL_NIF_SELECT_STOP_CALLED) | ERL_NIF_SELECT_STOP_SCHEDULED;
    }
    // Nothing can deliver for this descriptor any more: it may be closed at once.
    run_resource_stop(obj, ErlNifEvent(fd), true);
    if (kept) enif_release_resource(kept);
    release_holds(released);
    return ret;
}

int cancel(int fd, int mode) {
    PollSet &ps = PollSet::global();
    int ret = 0, released = 0;
    std::unique_ptr<OwnedTerm> dropped[3];
    {
        std::lock_guard lock(ps.mutex);
        auto it = ps.fds.find(fd);
        if (it == ps.fds.end()) return 0;
        FdState &st = it->second;
        if (mode & ERL_NIF_SELECT_READ) {
            st.events &= ~uint32_t(EPOLLIN);
            dropped[0] = std::move(st.in.msg);
            if (disarm(st.in)) ret |= ERL_NIF_SELECT_READ_CANCELLED, ++released;
        }
        if (mode & ERL_NIF_SELECT_WRITE) {
            st.events &= ~uint32_t(EPOLLOUT);
            dropped[1] = std::move(st.out.msg);
            if (disarm(st.out)) ret |= ERL_NIF_SELECT_WRITE_CANCELLED, ++released;
        }
        if (mode & ERL_NIF_SELECT_ERROR) {
            st.want_error = false;
            dropped[2] = std::move(st.err.msg);
            if (disarm(st.err)) ret |= ERL_NIF_SELECT_ERROR_CANCELLED, ++released;
        }
        if (st.registered) ps.control(EPOLL_CTL_MOD, fd, st);
    }
    release_holds(released);
    return ret;
}

} // namespace

int enif_select_x(ErlNifEnv *env, ErlNifEvent e, enum ErlNifSelectFlags mode, void *obj,
                  const ErlNifPid *pid, ERL_NIF_TERM msg, ErlNifEnv *msg_env) {
    int fd = int(e);
    if (fd < 0) return INT_MIN | ERL_NIF_SELECT_INVALID_EVENT;
    PollSet &ps = PollSet::global();
    if (!ps.ok()) return INT_MIN | ERL_NIF_SELECT_FAILED;
    if (mode & ERL_NIF_SELECT_STOP) return stop(fd, obj);
    if (mode & ERL_NIF_SELECT_CANCEL) return cancel(fd, mode);
    Term to = pid ? pid->pid : env ? env->self : kNonValue;
    if (!is_local_pid(to)) return INT_MIN | ERL_NIF_SELECT_FAILED;
    bool custom = mode & ERL_NIF_SELECT_CUSTOM_MSG;
    // The messages are made before the lock: one per event asked for.
    std::unique_ptr<OwnedTerm> in_msg, out_msg, err_msg;
    if (mode & ERL_NIF_SELECT_READ) in_msg = prepare(obj, msg, custom, kReadyInput);
    if (mode & ERL_NIF_SELECT_WRITE) out_msg = prepare(obj, msg, custom, kReadyOutput);
    if (mode & ERL_NIF_SELECT_ERROR) err_msg = prepare(obj, msg, custom, kReadyError);
    uint32_t want =
        (mode & ERL_NIF_SELECT_READ ? EPOLLIN : 0u) | (mode & ERL_NIF_SELECT_WRITE ? EPOLLOUT : 0u);
    void *stolen = nullptr;
    {
        std::lock_guard lock(ps.mutex);
        auto [it, created] = ps.fds.try_emplace(fd);
        FdState &st = it->second;
        if (created) st.gen = ps.next_gen++;
        uint32_t events = st.events | want;
        if (!st.fallback) {
            int rc = ps.control(st.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, st.gen, events);
            // Closed and reopened without a stop: the old entry left the set with the file.
            if (rc != 0 && st.registered && errno == ENOENT)
                rc = ps.control(EPOLL_CTL_ADD, fd, st.gen, events);
            if (rc != 0 && errno == EPERM && !st.registered) {
                st.fallback = true; // a regular file: poll() says always ready
            } else if (rc != 0) {
                // Not a descriptor (EBADF) or the system refuses it.
                if (created)
                    ps.fds.erase(it);
                else if (st.registered)
                    ps.control(EPOLL_CTL_MOD, fd, st);
                return INT_MIN | ERL_NIF_SELECT_FAILED;
            } else {
                st.registered = true;
            }
        }
        st.events = events;
        // Another resource selecting the descriptor takes it over (erts calls it stealing).
        if (st.resource != obj) {
            stolen = st.resource;
            st.resource = obj;
            enif_keep_resource(obj);
        }
        if (in_msg) arm(st.in, to, std::move(in_msg));
        if (out_msg) arm(st.out, to, std::move(out_msg));
        if (err_msg) {
            st.want_error = true;
            arm(st.err, to, std::move(err_msg));
        }
        if (st.fallback && (st.in.armed() || st.out.armed())) ps.fire_fallback(fd, st.gen);
    }
    if (stolen) enif_release_resource(stolen);
    if (custom && msg_env) enif_clear_env(msg_env); // the message was copied: erts consumes it
    return 0;
}

int enif_select(ErlNifEnv *env, ErlNifEvent e, enum ErlNifSelectFlags mode, void *obj,
                const ErlNifPid *pid, ERL_NIF_TERM ref) {
    return enif_select_x(env, e, mode, obj, pid, ref, nullptr);
}
