// A module's literals: immutable terms that live as long as the module's code. Processes
// refer to them directly and the garbage collector never copies them (it only copies terms
// inside a process's own heaps).
#pragma once

#include "vm/etf_decode.h"

#include <memory>
#include <utility>
#include <vector>

namespace hamlet {

class LiteralArea final : public TermSink {
  public:
    LiteralArea() = default;
    LiteralArea(const LiteralArea &) = delete;
    LiteralArea &operator=(const LiteralArea &) = delete;
    ~LiteralArea() override { off_heap_.release_all(); }

    Word *alloc(size_t words) override {
        blocks_.push_back(std::make_unique<Word[]>(words));
        words_ += words;
        ranges_.emplace_back(blocks_.back().get(), blocks_.back().get() + words);
        return blocks_.back().get();
    }
    OffHeap &off_heap() override { return off_heap_; }
    size_t words() const { return words_; }
    // The memory its terms occupy, [begin, end) blocks in allocation order (for the literal
    // area collector, vm/purge.h).
    const std::vector<std::pair<const Word *, const Word *>> &ranges() const { return ranges_; }

  private:
    std::vector<std::unique_ptr<Word[]>> blocks_;
    std::vector<std::pair<const Word *, const Word *>> ranges_;
    OffHeap off_heap_;
    size_t words_ = 0;
};

} // namespace hamlet
