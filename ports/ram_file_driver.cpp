// The RAM file driver ram_file_drv ({spawn, "ram_file_drv"}), which kernel's ram_file
// module opens for file:open(Data, [ram | Modes]) (Elixir's File.open(..., [:ram])). It
// behaves as erts' ram_file_drv.c: the file is a byte buffer owned by the port.
//
//   commands  one per port_command, the first byte the operation, numbers 32-bit signed
//             big-endian: 1 open (mode word: 1 read, 2 write; then the initial data),
//             2 read N, 17 pread Offset N, 4 write Data, 18 pwrite Offset Data, 3 lseek
//             Offset Whence (0 set, 1 cur, 2 end), 14 truncate at the position, 30 get the
//             whole file, 37 size, 9 fsync, 19 fdatasync, 38 advise and 39 allocate (no-ops
//             on an open file). Any other operation gets no answer (the caller waits, as on
//             erts).
//   answers   {Port, {data, [Code | Rest]}}: 0 ok, 1 an error (the errno name in lower
//             case: ebadf, einval, eacces), 3 a number (4 bytes), 2 data (a 4-byte count,
//             then the bytes: a binary tail in binary mode). Errors as erts gives them:
//             ebadf reading a file not opened for reading or writing one not opened for
//             writing, eacces truncating one not opened for writing, einval for a negative
//             offset, count or position.
// Bytes between the end and a position written past it read as zeros. Commands too short
// for their arguments answer einval (erts reads past the command's end).
#include "ports/driver.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace hamlet {

namespace {

enum : uint8_t {
    kOpen = 1,
    kRead = 2,
    kLseek = 3,
    kWrite = 4,
    kFsync = 9,
    kTruncate = 14,
    kPread = 17,
    kPwrite = 18,
    kFdatasync = 19,
    kGet = 30,
    kSize = 37,
    kAdvise = 38,
    kAllocate = 39,
};
enum : char { kRespOk = 0, kRespError = 1, kRespData = 2, kRespNumber = 3 };
constexpr int32_t kModeRead = 1, kModeWrite = 2;

int64_t get_int32(std::string_view s, size_t at) {
    auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[at + i])); };
    return static_cast<int32_t>(b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3));
}

std::string int32_bytes(char code, int64_t n) {
    auto u = static_cast<uint32_t>(n);
    return {code, static_cast<char>(u >> 24), static_cast<char>(u >> 16), static_cast<char>(u >> 8),
            static_cast<char>(u)};
}

class RamFileDriver final : public PortDriver {
  public:
    Term start(Port &, const PortOptions &) override { return kNonValue; }
    void stop(Port &) override { buf_.clear(); }
    void output(Port &port, std::string cmd) override {
        if (cmd.empty()) return;
        auto op = static_cast<uint8_t>(cmd[0]);
        std::string_view args = std::string_view(cmd).substr(1);
        auto need = [&](size_t n) {
            if (args.size() >= n) return true;
            error(port, "einval");
            return false;
        };
        switch (op) {
        case kOpen:
            if (!need(4)) return;
            flags_ = static_cast<int32_t>(get_int32(args, 0));
            buf_.assign(args.substr(4));
            cur_ = 0;
            end_ = static_cast<int64_t>(buf_.size());
            return number(port, 0);
        case kFsync:
        case kFdatasync:
        case kAdvise:
        case kAllocate:
            return flags_ == 0 ? error(port, "ebadf") : ok(port);
        case kWrite: {
            int64_t at = cur_;
            if (const char *e = write(args, at)) return error(port, e);
            cur_ = at;
            return number(port, static_cast<int64_t>(args.size()));
        }
        case kPwrite: {
            if (!need(4)) return;
            int64_t at = get_int32(args, 0);
            if (at < 0) return error(port, "einval");
            if (const char *e = write(args.substr(4), at)) return error(port, e);
            return number(port, static_cast<int64_t>(args.size() - 4));
        }
        case kLseek: {
            if (!need(8)) return;
            if (flags_ == 0) return error(port, "ebadf");
            int64_t off = get_int32(args, 0), pos;
            switch (get_int32(args, 4)) {
            case 0:
                pos = off;
                break;
            case 1:
                pos = cur_ + off;
                break;
            case 2:
                pos = end_ + off;
                break;
            default:
                return error(port, "einval");
            }
            if (pos < 0) return error(port, "einval");
            cur_ = pos;
            return number(port, pos);
        }
        case kRead: {
            if (!need(4)) return;
            int64_t at = cur_;
            return read(port, at, get_int32(args, 0), true);
        }
        case kPread: {
            if (!need(8)) return;
            int64_t at = get_int32(args, 0);
            if (at < 0) return error(port, "einval");
            return read(port, at, get_int32(args, 4), false);
        }
        case kTruncate:
            if (!(flags_ & kModeWrite)) return error(port, "eacces");
            // (past the end, the file grows to the position, as on erts)
            buf_.resize(static_cast<size_t>(cur_), '\0');
            end_ = cur_;
            return ok(port);
        case kGet:
            return port.input_with_header(int32_bytes(kRespData, end_),
                                          std::string_view(buf_).substr(0, size_t(end_)), true);
        case kSize:
            return number(port, end_);
        default:
            return; // no answer, as erts
        }
    }

  private:
    // Writes at `at`, moving it past the bytes written; the error's name, or null.
    const char *write(std::string_view data, int64_t &at) {
        if (!(flags_ & kModeWrite)) return "ebadf";
        if (at < 0) return "einval";
        auto last = static_cast<size_t>(at) + data.size();
        if (last > buf_.size()) buf_.resize(last, '\0');
        buf_.replace(static_cast<size_t>(at), data.size(), data);
        at = static_cast<int64_t>(last);
        if (at > end_) end_ = at;
        return nullptr;
    }
    void read(Port &port, int64_t at, int64_t len, bool move) {
        if (!(flags_ & kModeRead)) return error(port, "ebadf");
        if (at < 0 || len < 0) return error(port, "einval");
        len = at < end_ ? std::min(len, end_ - at) : 0;
        std::string_view bytes;
        if (len > 0) bytes = std::string_view(buf_).substr(size_t(at), size_t(len));
        if (move) cur_ = at + len;
        port.input_with_header(int32_bytes(kRespData, len), bytes, true);
    }
    void ok(Port &port) { port.input_with_header(std::string(1, kRespOk), {}, false); }
    void number(Port &port, int64_t n) {
        port.input_with_header(int32_bytes(kRespNumber, n), {}, false);
    }
    void error(Port &port, const char *name) {
        port.input_with_header(std::string(1, kRespError) + name, {}, false);
    }

    int32_t flags_ = 0;
    std::string buf_; // the file's bytes, [0, end_) and no more
    int64_t cur_ = 0, end_ = 0;
};

} // namespace

std::unique_ptr<PortDriver> make_ram_file_driver() {
    return std::make_unique<RamFileDriver>();
}

} // namespace hamlet
