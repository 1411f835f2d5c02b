// prim_file's NIFs on open files (open_nif, read_nif, write_nif, ...) and read_file_nif.
//
// An open file is a magic reference to a FileHandle (vm/magic_ref.h), as the BEAM's is a NIF
// resource: close_nif closes it, and when no term refers to it any more (its owner exited
// and dropped it, or it was garbage collected) the destructor closes the descriptor. The
// system calls run on the calling scheduler thread (the BEAM runs them on dirty I/O
// schedulers); see README.md, differences.
#include "bifs/arith.h"
#include "bifs/bif.h"
#include "bifs/prim_file_common.h"
#include "vm/atom_table.h"
#include "vm/iolist.h"
#include "vm/magic_ref.h"
#include "vm/term_build.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace hamlet {

namespace {

struct FileHandle : MagicObject {
    std::mutex mutex;
    int fd = -1; // -1 once closed
    explicit FileHandle(int descriptor) : fd(descriptor) {}
    ~FileHandle() override {
        if (fd >= 0) ::close(fd);
    }
};

// The handle's descriptor locked for one operation; fd is -1 if the argument is not a file
// handle (badarg) and closed is true if it was closed (prim_file answers {error, einval}).
struct OpenFile {
    FileHandle *h = nullptr;
    std::unique_lock<std::mutex> lock;
    bool ok() const { return h != nullptr; }
    bool closed() const { return h->fd < 0; }
    int fd() const { return h->fd; }
};

OpenFile file_arg(Term t) {
    OpenFile f;
    f.h = magic_cast<FileHandle>(t);
    if (f.h) f.lock = std::unique_lock(f.h->mutex);
    return f;
}

bool non_negative(Term t, uint64_t &out) {
    int64_t v;
    if (!term_to_int64(t, v) || v < 0) return false;
    out = uint64_t(v);
    return true;
}

// Reads up to `size` bytes (fewer only at end of file); pread when offset >= 0. The buffer
// grows with what arrives, so a large `size` on a small file costs nothing.
Term read_result(Process *p, int fd, uint64_t size, int64_t offset) {
    std::string buf;
    size_t got = 0;
    while (got < size) {
        size_t want = size_t(std::min<uint64_t>(size - got, std::max<size_t>(65536, got)));
        buf.resize(got + want);
        ssize_t n = offset >= 0 ? ::pread(fd, buf.data() + got, want, off_t(offset + got))
                                : ::read(fd, buf.data() + got, want);
        if (n < 0) {
            if (errno == EINTR) continue;
            return posix_error(p, errno);
        }
        if (n == 0) break;
        got += size_t(n);
    }
    if (got == 0 && size > 0) return atom_of("eof");
    return make_tuple(p, {atom::ok, make_binary(p, buf.data(), got)});
}

// Writes all bytes (at `offset` with pwrite when offset >= 0); 0 or an errno.
int write_all(int fd, const std::string &bytes, int64_t offset) {
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = offset >= 0 ? ::pwrite(fd, bytes.data() + done, bytes.size() - done,
                                           off_t(offset + done))
                                : ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += size_t(n);
    }
    return 0;
}

} // namespace

Term prim_file_open_nif_2(Process *p, const Term *args) {
    std::string path;
    if (!encoded_path_arg(args[0], path)) return p->badarg();
    bool read = false, write = false, append = false, exclusive = false, sync = false,
         directory = false;
    Term modes = args[1];
    for (; is_list(modes); modes = cdr(modes)) {
        Term m = car(modes);
        if (m == atom_of("read"))
            read = true;
        else if (m == atom_of("write"))
            write = true;
        else if (m == atom_of("append"))
            append = write = true;
        else if (m == atom_of("exclusive"))
            exclusive = write = true;
        else if (m == atom_of("sync"))
            sync = true;
        else if (m == atom_of("directory"))
            directory = true;
        // other modes (binary, raw, read_ahead, ...) belong to the Erlang layers above
    }
    if (!is_nil(modes)) return p->badarg();
    if (!read && !write) read = true;
    int flags = O_CLOEXEC;
    if (read && write)
        flags |= O_RDWR | O_CREAT;
    else if (write)
        flags |= O_WRONLY | O_CREAT | (append || exclusive ? 0 : O_TRUNC);
    else
        flags |= O_RDONLY;
    if (append) flags |= O_APPEND;
    if (exclusive) flags |= O_EXCL;
    if (sync) flags |= O_SYNC;
    if (directory) flags |= O_DIRECTORY;
    int fd = ::open(path.c_str(), flags, 0666);
    if (fd < 0) return posix_error(p, errno);
    struct stat st;
    if (!directory && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        return posix_error(p, EISDIR);
    }
    return make_tuple(p, {atom::ok, make_magic_ref(p, new FileHandle(fd))});
}

Term prim_file_file_desc_to_ref_nif_1(Process *p, const Term *args) {
    if (!is_small(args[0]) || small_value(args[0]) < 0 || small_value(args[0]) > INT32_MAX)
        return p->badarg();
    int fd = int(small_value(args[0]));
    if (fcntl(fd, F_GETFD) < 0) return posix_error(p, errno);
    return make_tuple(p, {atom::ok, make_magic_ref(p, new FileHandle(fd))});
}

Term prim_file_close_nif_1(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    if (!f.ok()) return p->badarg();
    if (f.closed()) return posix_error(p, EINVAL);
    int r = ::close(f.h->fd);
    f.h->fd = -1;
    return r == 0 ? atom::ok : posix_error(p, errno);
}

Term prim_file_delayed_close_nif_1(Process *p, const Term *args) {
    return prim_file_close_nif_1(p, args);
}

Term prim_file_read_nif_2(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    uint64_t size;
    if (!f.ok() || !non_negative(args[1], size)) return p->badarg();
    if (f.closed()) return posix_error(p, EINVAL);
    return read_result(p, f.fd(), size, -1);
}

Term prim_file_pread_nif_3(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    int64_t offset;
    uint64_t size;
    if (!f.ok() || !term_to_int64(args[1], offset) || !non_negative(args[2], size))
        return p->badarg();
    if (f.closed() || offset < 0) return posix_error(p, EINVAL);
    return read_result(p, f.fd(), size, offset);
}

namespace {
// Reads up to `size` bytes at `offset` (fewer at the end of the file): the count, or -errno.
int64_t pread_full(int fd, uint8_t *buf, size_t size, int64_t offset) {
    size_t got = 0;
    while (got < size) {
        ssize_t n = ::pread(fd, buf + got, size - got, off_t(offset + int64_t(got)));
        if (n < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        if (n == 0) break;
        got += size_t(n);
    }
    return int64_t(got);
}
} // namespace

// prim_file:ipread_s32bu_p32bu_nif(Handle, Offset, MaxSize) (dets' reads): the 8 bytes at
// Offset are a 32-bit big-endian size and position; reads that many bytes at that position:
// {ok, {Size, Position, Bytes}}, Bytes eof when none are read (even for size 0, as erts), eof when
// the 8 bytes are not all there or Size is above MaxSize.
Term prim_file_ipread_s32bu_p32bu_nif_3(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    if (!f.ok() || !is_integer(args[1]) || !is_integer(args[2])) return p->badarg();
    if (f.closed()) return posix_error(p, EINVAL);
    int64_t offset, max_size;
    if (!term_to_int64(args[1], offset) || !term_to_int64(args[2], max_size) || offset < 0 ||
        max_size >= (int64_t(1) << 31))
        return posix_error(p, EINVAL);
    uint8_t block[8];
    int64_t n = pread_full(f.fd(), block, sizeof block, offset);
    if (n < 0) return posix_error(p, int(-n));
    if (n < int64_t(sizeof block)) return atom_of("eof");
    auto u32 = [](const uint8_t *b) {
        return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];
    };
    uint32_t size = u32(block), position = u32(block + 4);
    if (int64_t(size) > max_size) return atom_of("eof");
    std::string payload(size, '\0');
    n = pread_full(f.fd(), reinterpret_cast<uint8_t *>(payload.data()), size, position);
    if (n < 0) return posix_error(p, int(-n));
    Term data = n == 0 ? atom_of("eof") : make_binary(p, payload.data(), size_t(n));
    return make_tuple(
        p, {atom::ok, make_tuple(p, {make_uint64(p, size), make_uint64(p, position), data})});
}

Term prim_file_write_nif_2(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    std::string bytes;
    if (!f.ok() || !iolist_to_bytes(args[1], bytes)) return p->badarg();
    if (f.closed()) return posix_error(p, EINVAL);
    int err = write_all(f.fd(), bytes, -1);
    return err ? posix_error(p, err) : atom::ok;
}

Term prim_file_pwrite_nif_3(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    int64_t offset;
    std::string bytes;
    if (!f.ok() || !term_to_int64(args[1], offset) || !iolist_to_bytes(args[2], bytes))
        return p->badarg();
    if (f.closed() || offset < 0) return posix_error(p, EINVAL);
    int err = write_all(f.fd(), bytes, offset);
    return err ? posix_error(p, err) : atom::ok;
}

Term prim_file_seek_nif_3(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    int64_t offset;
    int whence = args[1] == atom_of("bof")   ? SEEK_SET
                 : args[1] == atom_of("cur") ? SEEK_CUR
                 : args[1] == atom_of("eof") ? SEEK_END
                                             : -1;
    if (!f.ok() || whence < 0 || !term_to_int64(args[2], offset)) return p->badarg();
    if (f.closed()) return posix_error(p, EINVAL);
    off_t pos = ::lseek(f.fd(), off_t(offset), whence);
    if (pos < 0) return posix_error(p, errno);
    return make_tuple(p, {atom::ok, make_int64(p, pos)});
}

Term prim_file_sync_nif_2(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    if (!f.ok() || !is_small(args[1])) return p->badarg();
    if (f.closed()) return posix_error(p, EINVAL);
    int r = small_value(args[1]) ? ::fdatasync(f.fd()) : ::fsync(f.fd());
    return r == 0 ? atom::ok : posix_error(p, errno);
}

Term prim_file_truncate_nif_1(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    if (!f.ok()) return p->badarg();
    if (f.closed()) return posix_error(p, EINVAL);
    off_t pos = ::lseek(f.fd(), 0, SEEK_CUR);
    if (pos < 0 || ::ftruncate(f.fd(), pos) != 0) return posix_error(p, errno);
    return atom::ok;
}

Term prim_file_allocate_nif_3(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    uint64_t offset, length;
    if (!f.ok() || !non_negative(args[1], offset) || !non_negative(args[2], length))
        return p->badarg();
    if (f.closed()) return posix_error(p, EINVAL);
    int err = ::posix_fallocate(f.fd(), off_t(offset), off_t(length));
    return err ? posix_error(p, err == EINVAL ? EOPNOTSUPP : err) : atom::ok;
}

Term prim_file_advise_nif_4(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    uint64_t offset, length;
    if (!f.ok() || !non_negative(args[1], offset) || !non_negative(args[2], length))
        return p->badarg();
    Term a = args[3];
    int advice = a == atom_of("normal")       ? POSIX_FADV_NORMAL
                 : a == atom_of("random")     ? POSIX_FADV_RANDOM
                 : a == atom_of("sequential") ? POSIX_FADV_SEQUENTIAL
                 : a == atom_of("will_need")  ? POSIX_FADV_WILLNEED
                 : a == atom_of("dont_need")  ? POSIX_FADV_DONTNEED
                 : a == atom_of("no_reuse")   ? POSIX_FADV_NOREUSE
                                              : -1;
    if (advice < 0) return posix_error(p, EINVAL); // an unknown advice: erts' einval, not badarg
    if (f.closed()) return posix_error(p, EINVAL);
    int err = ::posix_fadvise(f.fd(), off_t(offset), off_t(length), advice);
    return err ? posix_error(p, err) : atom::ok;
}

Term prim_file_get_handle_nif_1(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    if (!f.ok()) return p->badarg();
    if (f.closed()) return posix_error(p, EINVAL);
    int fd = f.fd(); // the descriptor's bytes in native order, as erl's binary
    return make_binary(p, &fd, sizeof fd);
}

Term prim_file_read_handle_info_nif_1(Process *p, const Term *args) {
    OpenFile f = file_arg(args[0]);
    if (!f.ok()) return p->badarg();
    if (f.closed()) return posix_error(p, EINVAL);
    struct stat st;
    if (fstat(f.fd(), &st) != 0) return posix_error(p, errno);
    std::string proc_path = "/proc/self/fd/" + std::to_string(f.fd());
    return make_file_info(p, st, path_access(proc_path.c_str()));
}

Term prim_file_read_file_nif_1(Process *p, const Term *args) {
    std::string path;
    if (!encoded_path_arg(args[0], path)) return p->badarg();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return posix_error(p, errno);
    struct stat st;
    int err = fstat(fd, &st) != 0 ? errno : (S_ISDIR(st.st_mode) ? EISDIR : 0);
    if (err) {
        ::close(fd);
        return posix_error(p, err);
    }
    // Read to the end: files such as those under /proc report a size of 0.
    std::string data;
    data.reserve(size_t(st.st_size));
    char chunk[65536];
    while (true) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            return posix_error(p, err);
        }
        if (n == 0) break;
        data.append(chunk, size_t(n));
    }
    ::close(fd);
    return make_tuple(p, {atom::ok, make_binary(p, data.data(), data.size())});
}

} // namespace hamlet
