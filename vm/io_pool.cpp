#include "vm/io_pool.h"

#include <algorithm>

namespace hamlet {

namespace {
thread_local bool t_io_thread = false;
} // namespace

IoPool &IoPool::global() {
    static IoPool *pool = new IoPool(4); // never destroyed: the VM ends with _Exit
    return *pool;
}

IoPool &IoPool::dirty_cpu() {
    static IoPool *pool = new IoPool(std::max(1u, std::thread::hardware_concurrency()));
    return *pool;
}

IoPool &IoPool::dirty_io() {
    static IoPool *pool = new IoPool(10);
    return *pool;
}

bool IoPool::on_io_thread() {
    return t_io_thread;
}

void IoPool::submit(std::function<void()> job) {
    std::call_once(started_, [this] {
        for (unsigned i = 0; i < threads_count_; ++i)
            threads_.emplace_back([this] { run(); });
    });
    pending_.fetch_add(1);
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
}

void IoPool::run() {
    t_io_thread = true;
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return !jobs_.empty(); });
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
        pending_.fetch_sub(1);
    }
}

} // namespace hamlet
