// Threads for blocking file operations, so that a slow disk never holds a scheduler (the
// BEAM runs such NIFs on dirty I/O schedulers). A job runs on one of the pool's threads and
// answers its process with a message (bifs/dirty_io.h).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hamlet {

class IoPool {
  public:
    static IoPool &global();
    void submit(std::function<void()> job);
    // Jobs queued or running: while any exist, an idle VM is not deadlocked (the answer will
    // wake a process). A job counts until after it has sent its answer.
    size_t pending() const { return pending_.load(); }
    static bool on_io_thread();

  private:
    IoPool() = default;
    void run();
    static constexpr unsigned kThreads = 4;
    std::once_flag started_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    std::atomic<size_t> pending_{0};
    std::vector<std::thread> threads_;
};

} // namespace hamlet
