// Threads for blocking file operations, so that a slow disk never holds a scheduler (the
// BEAM runs such NIFs on dirty I/O schedulers). A job runs on one of the pool's threads and
// answers its process with a message (bifs/dirty_io.h). Dirty NIFs of loaded libraries
// (nif/call.cpp) run the same way on two more pools: dirty CPU (one thread per core) and
// dirty I/O (10 threads, erts' default), so that long native work never waits for file I/O.
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
    static IoPool &global();    // file I/O
    static IoPool &dirty_cpu(); // dirty CPU NIFs
    static IoPool &dirty_io();  // dirty I/O NIFs
    void submit(std::function<void()> job);
    // Jobs queued or running in any pool, and threads started by NIF libraries (hold and
    // release): while any exist, an idle VM is not deadlocked (the answer, or the thread's
    // message, will wake a process). A job counts until after it has sent its answer.
    size_t pending() const { return pending_.load(); }
    static void hold() { pending_.fetch_add(1); }
    static void release() { pending_.fetch_sub(1); }
    static bool on_io_thread();

  private:
    explicit IoPool(unsigned threads) : threads_count_(threads) {}
    void run();
    unsigned threads_count_;
    std::once_flag started_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    static inline std::atomic<size_t> pending_{0}; // shared by every pool
    std::vector<std::thread> threads_;
};

} // namespace hamlet
