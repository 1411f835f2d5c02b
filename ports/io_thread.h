// The I/O thread: one thread running a libuv loop, where every port lives.
//
// Ports never run on a scheduler thread. A process acting on a port (port_command,
// port_close, a link, an exit signal, `Port ! Msg`) posts a task here; tasks run in the
// order they were posted, so signals from one process reach a port in the order it sent
// them, and driver code is single-threaded (it may block nothing but this thread, and
// drivers with blocking descriptors give their reads and writes to helper threads of their
// own). Results and port messages go back to processes as ordinary signals.
//
// The schedulers ask pending() before deciding that no process can ever run again: a task
// not yet run, or a port that may still deliver something (a child running, an input not
// at its end, output not yet written), counts as pending work.
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <uv.h>

namespace hamlet {

class IoThread {
  public:
    static IoThread &global();

    // Runs task on the I/O thread, after every task posted before it (from any thread).
    // Starts the thread on first use.
    void post(std::function<void()> task);

    // The loop (I/O thread only).
    uv_loop_t *loop() { return &loop_; }
    bool on_thread() const { return std::this_thread::get_id() == thread_id_; }
    bool started() const { return started_flag_.load(std::memory_order_acquire); }

    // Work that may still wake a process: tasks not yet run plus holds. A driver holds
    // while it may deliver input or owes an answer, and releases when it cannot any more.
    size_t pending() const { return pending_.load(); }
    void hold() { pending_.fetch_add(1); }
    void release();

    // Runs task on the I/O thread and waits for it (not from the I/O thread). For the
    // VM's own shutdown path only; processes never wait like this.
    void run_and_wait(std::function<void()> task);

  private:
    IoThread() = default;
    void start();
    void run();
    static void on_async(uv_async_t *handle);
    void drain();

    std::once_flag once_;
    std::atomic<bool> started_flag_{false};
    uv_loop_t loop_{};
    uv_async_t wakeup_{};
    std::thread thread_;
    std::thread::id thread_id_;
    std::mutex mutex_;
    std::deque<std::function<void()>> tasks_;
    std::atomic<size_t> pending_{0};
};

} // namespace hamlet
