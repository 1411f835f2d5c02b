// Memory accounting for erlang:memory/0,1 (bifs/memory.cpp): byte counters that every
// scheduler and I/O thread adds to. Each thread adds to its own slot (slots sit on separate
// cache lines), so counting off-heap binaries and ETS objects costs no shared write; a
// reader sums the slots, which gives a value that was true at some moment of the sum.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace hamlet {

class MemoryCounter {
  public:
    void add(int64_t bytes) { slots_[slot()].value.fetch_add(bytes, std::memory_order_relaxed); }
    int64_t total() const {
        int64_t sum = 0;
        for (const Slot &s : slots_)
            sum += s.value.load(std::memory_order_relaxed);
        return sum;
    }

  private:
    static constexpr size_t kSlots = 32;
    struct alignas(64) Slot {
        std::atomic<int64_t> value{0};
    };
    static size_t slot() {
        static std::atomic<size_t> next{0};
        thread_local size_t mine = next.fetch_add(1, std::memory_order_relaxed) % kSlots;
        return mine;
    }
    std::array<Slot, kSlots> slots_;
};

// Bytes of off-heap (reference-counted) binaries and of objects stored in ETS tables.
inline MemoryCounter g_binary_bytes, g_ets_bytes;

} // namespace hamlet
