// Bounds-checked big-endian reading of a chunk; any overrun throws ChunkError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace hamlet {

struct ChunkError {
    std::string what;
    size_t offset;
};

class ByteReader {
  public:
    ByteReader(const uint8_t *data, size_t size) : data_(data), size_(size) {}

    [[noreturn]] void fail(const std::string &what) const { throw ChunkError{what, pos_}; }
    void need(size_t n, const char *what = "data") const {
        if (n > size_ - pos_) fail(std::string("truncated ") + what);
    }
    uint8_t u8() {
        need(1);
        return data_[pos_++];
    }
    uint16_t u16() {
        need(2);
        uint16_t v = uint16_t(data_[pos_] << 8 | data_[pos_ + 1]);
        pos_ += 2;
        return v;
    }
    uint32_t u32() {
        need(4);
        uint32_t v = uint32_t(data_[pos_]) << 24 | uint32_t(data_[pos_ + 1]) << 16 |
                     uint32_t(data_[pos_ + 2]) << 8 | data_[pos_ + 3];
        pos_ += 4;
        return v;
    }
    const uint8_t *bytes(size_t n, const char *what = "data") {
        need(n, what);
        const uint8_t *p = data_ + pos_;
        pos_ += n;
        return p;
    }
    size_t pos() const { return pos_; }
    size_t size() const { return size_; }
    size_t remaining() const { return size_ - pos_; }
    bool at_end() const { return pos_ == size_; }
    const uint8_t *data() const { return data_; }

  private:
    const uint8_t *data_;
    size_t size_;
    size_t pos_ = 0;
};

} // namespace hamlet
