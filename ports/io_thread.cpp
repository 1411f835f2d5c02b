#include "ports/io_thread.h"

#include "vm/scheduler.h"

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace hamlet {

IoThread &IoThread::global() {
    static IoThread *t = new IoThread; // never destroyed: the VM ends with _Exit
    return *t;
}

void IoThread::start() {
    // A write to a closed pipe is an error to report on the port (epipe), not a signal that
    // ends the VM (erts ignores SIGPIPE too).
    std::signal(SIGPIPE, SIG_IGN);
    if (uv_loop_init(&loop_) != 0 || uv_async_init(&loop_, &wakeup_, on_async) != 0) {
        std::fprintf(stderr, "hamlet: cannot start the I/O loop\n");
        std::abort();
    }
    wakeup_.data = this;
    std::mutex m;
    std::condition_variable cv;
    bool ready = false;
    thread_ = std::thread([&] {
        {
            // Notified under the lock: start() returns, and destroys cv, only after it.
            std::lock_guard lock(m);
            thread_id_ = std::this_thread::get_id();
            ready = true;
            cv.notify_one();
        }
        run();
    });
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return ready; });
    started_flag_.store(true, std::memory_order_release);
}

void IoThread::run() {
    uv_run(&loop_, UV_RUN_DEFAULT); // the async handle keeps it running for ever
}

void IoThread::post(std::function<void()> task) {
    std::call_once(once_, [this] { start(); });
    pending_.fetch_add(1);
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    uv_async_send(&wakeup_);
}

void IoThread::on_async(uv_async_t *handle) {
    static_cast<IoThread *>(handle->data)->drain();
}

void IoThread::drain() {
    for (;;) {
        std::deque<std::function<void()>> batch;
        {
            std::lock_guard lock(mutex_);
            if (tasks_.empty()) return;
            batch.swap(tasks_);
        }
        for (auto &task : batch) {
            task();
            task = nullptr; // what it captured goes before the task stops counting
            release();
        }
    }
}

void IoThread::release() {
    // The last piece of work ending without sending anything: let an idle scheduler look
    // again whether any process can still run.
    if (pending_.fetch_sub(1) == 1) Scheduler::global().poke();
}

void IoThread::run_and_wait(std::function<void()> task) {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    post([&] {
        task();
        std::lock_guard lock(m);
        done = true;
        cv.notify_one();
    });
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return done; });
}

} // namespace hamlet
