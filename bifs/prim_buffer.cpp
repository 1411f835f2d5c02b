// prim_buffer's NIFs: the byte queue prim_file and raw_file_io_* use for read-ahead and
// delayed writes. A buffer is a magic reference to a ByteQueue (vm/magic_ref.h); its
// try_lock/unlock is the advisory lock raw_file_io_delayed takes around a flush.
#include "bifs/arith.h"
#include "bifs/bif.h"
#include "bifs/prim_file_common.h"
#include "vm/atom_table.h"
#include "vm/iolist.h"
#include "vm/magic_ref.h"
#include "vm/term_build.h"

#include <atomic>
#include <mutex>
#include <string>

namespace hamlet {

namespace {

struct ByteQueue : MagicObject {
    std::mutex mutex; // guards data and head (schedulers may share a buffer)
    std::string data; // queued bytes start at data[head]
    size_t head = 0;
    std::atomic<bool> locked{false};

    size_t size() const { return data.size() - head; }
    void consume(size_t n) {
        head += n;
        if (head == data.size()) {
            data.clear();
            head = 0;
        } else if (head > 4096 && head * 2 > data.size()) {
            data.erase(0, head);
            head = 0;
        }
    }
};

ByteQueue *queue_arg(Term t) {
    return magic_cast<ByteQueue>(t);
}

bool size_arg(Term t, uint64_t &out) {
    int64_t v;
    if (!term_to_int64(t, v) || v < 0) return false;
    out = uint64_t(v);
    return true;
}

} // namespace

Term prim_buffer_new_0(Process *p, const Term *) {
    return make_magic_ref(p, new ByteQueue);
}

Term prim_buffer_size_1(Process *p, const Term *args) {
    ByteQueue *q = queue_arg(args[0]);
    if (!q) return p->badarg();
    std::lock_guard lock(q->mutex);
    return make_uint64(p, q->size());
}

Term prim_buffer_peek_head_1(Process *p, const Term *args) {
    // The whole queue is one contiguous chunk here (the BEAM's may be several).
    ByteQueue *q = queue_arg(args[0]);
    if (!q) return p->badarg();
    std::lock_guard lock(q->mutex);
    if (q->size() == 0) return p->badarg();
    return make_binary(p, q->data.data() + q->head, q->size());
}

Term prim_buffer_copying_read_2(Process *p, const Term *args) {
    ByteQueue *q = queue_arg(args[0]);
    uint64_t n;
    if (!q || !size_arg(args[1], n)) return p->badarg();
    std::lock_guard lock(q->mutex);
    if (n > q->size()) return p->badarg();
    Term bin = make_binary(p, q->data.data() + q->head, n);
    q->consume(n);
    return bin;
}

Term prim_buffer_skip_2(Process *p, const Term *args) {
    ByteQueue *q = queue_arg(args[0]);
    uint64_t n;
    if (!q || !size_arg(args[1], n)) return p->badarg();
    std::lock_guard lock(q->mutex);
    if (n > q->size()) return p->badarg();
    q->consume(n);
    return atom::ok;
}

Term prim_buffer_write_2(Process *p, const Term *args) {
    ByteQueue *q = queue_arg(args[0]);
    std::string bytes;
    if (!q || !iolist_to_bytes(args[1], bytes)) return p->badarg();
    std::lock_guard lock(q->mutex);
    q->data += bytes;
    return atom::ok;
}

Term prim_buffer_find_byte_index_2(Process *p, const Term *args) {
    ByteQueue *q = queue_arg(args[0]);
    if (!q || !is_small(args[1]) || small_value(args[1]) < 0 || small_value(args[1]) > 255)
        return p->badarg();
    std::lock_guard lock(q->mutex);
    size_t at = q->data.find(char(small_value(args[1])), q->head);
    if (at == std::string::npos) return atom_of("not_found");
    return make_tuple(p, {atom::ok, make_uint64(p, at - q->head)});
}

Term prim_buffer_try_lock_1(Process *p, const Term *args) {
    ByteQueue *q = queue_arg(args[0]);
    if (!q) return p->badarg();
    bool expected = false;
    return atom_of(q->locked.compare_exchange_strong(expected, true) ? "acquired" : "busy");
}

Term prim_buffer_unlock_1(Process *p, const Term *args) {
    ByteQueue *q = queue_arg(args[0]);
    if (!q) return p->badarg();
    q->locked.store(false);
    return atom::ok;
}

} // namespace hamlet
