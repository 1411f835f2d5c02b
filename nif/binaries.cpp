// Binaries in NIFs: inspecting (the bytes in place; a copy that dies with the env for
// unaligned sub-binaries and iolists), owned binaries (enif_alloc_binary gives a Hamlet
// refc Binary, ErlNifBinary.ref_bin points to it), making terms of them, sub-binaries,
// the external term format, I/O vectors and I/O queues.
#include "nif/nif.h"

#include "vm/binary.h"
#include "vm/etf_decode.h"
#include "vm/etf_encode.h"
#include "vm/iolist.h"
#include "vm/term_build.h"

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

using namespace hamlet;
using namespace hamlet::nif;

namespace {

void release_binary_cb(void *b) {
    static_cast<Binary *>(b)->release();
}

// A copy of `size` bytes that lives as long as the env.
uint8_t *env_copy(ErlNifEnv *env, const void *data, size_t size) {
    auto *buf = static_cast<uint8_t *>(std::malloc(size ? size : 1));
    if (!buf) return nullptr;
    if (size) std::memcpy(buf, data, size);
    env->on_cleanup(std::free, buf);
    return buf;
}

// The bytes of a binary (any alignment) to dst.
void copy_bytes(const BitView &v, uint8_t *dst) {
    size_t n = v.byte_size(), shift = v.bit_offset % 8;
    const uint8_t *src = v.base + v.bit_offset / 8;
    if (shift == 0) {
        if (n) std::memcpy(dst, src, n);
        return;
    }
    for (size_t i = 0; i < n; ++i)
        dst[i] = uint8_t(src[i] << shift | src[i + 1] >> (8 - shift));
}

// The bytes of a binary term (copied into the env when not byte-aligned).
bool binary_bytes(ErlNifEnv *env, Term t, const uint8_t **data, size_t *size) {
    if (!is_binary(t)) return false;
    BitView v = bit_view(t);
    *size = v.byte_size();
    if (v.byte_aligned()) {
        *data = v.bytes();
        return true;
    }
    if (!env) return false; // nowhere to keep the copy
    auto *buf = static_cast<uint8_t *>(std::malloc(*size ? *size : 1));
    if (!buf) return false;
    copy_bytes(v, buf);
    env->on_cleanup(std::free, buf);
    *data = buf;
    return true;
}

struct HeapSink : TermSink {
    Process *p;
    explicit HeapSink(Process *p_) : p(p_) {}
    Word *alloc(size_t words) override { return p->alloc(words); }
    OffHeap &off_heap() override { return p->off_heap; }
};

} // namespace

int enif_inspect_binary(ErlNifEnv *env, ERL_NIF_TERM bin_term, ErlNifBinary *bin) {
    const uint8_t *data;
    size_t size;
    if (!binary_bytes(env, bin_term, &data, &size)) return 0;
    bin->size = size;
    bin->data = const_cast<unsigned char *>(data);
    bin->ref_bin = nullptr; // not owned: enif_release_binary does nothing
    return 1;
}

int enif_alloc_binary(size_t size, ErlNifBinary *bin) {
    Binary *b;
    try {
        b = Binary::create(size);
    } catch (...) {
        return 0;
    }
    bin->size = size;
    bin->data = b->data;
    bin->ref_bin = b;
    return 1;
}

int enif_realloc_binary(ErlNifBinary *bin, size_t size) {
    auto *b = static_cast<Binary *>(bin->ref_bin);
    if (b && b->refc.load() == 1) {
        void *mem = std::realloc(b, offsetof(Binary, data) + (size ? size : 1));
        if (!mem) return 0;
        b = static_cast<Binary *>(mem);
        b->size = size;
        bin->ref_bin = b;
        bin->data = b->data;
        bin->size = size;
        return 1;
    }
    ErlNifBinary fresh;
    if (!enif_alloc_binary(size, &fresh)) return 0;
    std::memcpy(fresh.data, bin->data, std::min(size, bin->size));
    if (b) b->release();
    *bin = fresh;
    return 1;
}

void enif_release_binary(ErlNifBinary *bin) {
    if (bin->ref_bin) static_cast<Binary *>(bin->ref_bin)->release();
    bin->ref_bin = nullptr;
}

ERL_NIF_TERM enif_make_binary(ErlNifEnv *env, ErlNifBinary *bin) {
    auto *b = static_cast<Binary *>(bin->ref_bin);
    if (!b) return make_binary(env->heap, bin->data, bin->size); // not owned: a copy
    if (bin->size <= kHeapBinLimit) {
        // Small: a heap binary; the buffer stays readable until the env ends.
        Term t = make_binary(env->heap, bin->data, bin->size);
        env->on_cleanup(release_binary_cb, b);
        bin->ref_bin = nullptr;
        return t;
    }
    if (bin->size < b->size) b->size = bin->size;
    bin->ref_bin = nullptr; // the term owns the reference now
    return make_refc_bin(env->heap->alloc(kRefcBinWords), b, env->heap->off_heap);
}

unsigned char *enif_make_new_binary(ErlNifEnv *env, size_t size, ERL_NIF_TERM *termp) {
    uint8_t *data;
    *termp = make_binary(env->heap, size, &data);
    return data;
}

ERL_NIF_TERM enif_make_sub_binary(ErlNifEnv *env, ERL_NIF_TERM bin_term, size_t pos, size_t size) {
    if (!is_binary(bin_term)) return enif_make_badarg(env);
    Term orig = bin_term;
    size_t bit_offset = pos * 8;
    const Word *w = boxed_ptr(bin_term);
    if (header_subtag(w[0]) == Subtag::SubBin) {
        orig = w[3];
        bit_offset += size_t(w[2]);
    }
    if (pos + size > bit_view(bin_term).byte_size()) return enif_make_badarg(env);
    return make_sub_bin(env->heap->alloc(kSubBinWords), orig, bit_offset, size * 8);
}

int enif_inspect_iolist_as_binary(ErlNifEnv *env, ERL_NIF_TERM term, ErlNifBinary *bin) {
    if (is_binary(term)) return enif_inspect_binary(env, term, bin);
    std::string bytes;
    if (!is_list(term) && !is_nil(term)) return 0;
    if (!iolist_to_bytes(term, bytes)) return 0;
    uint8_t *copy = env_copy(env, bytes.data(), bytes.size());
    if (!copy) return 0;
    bin->size = bytes.size();
    bin->data = copy;
    bin->ref_bin = nullptr;
    return 1;
}

// ---- the external term format ----

int enif_term_to_binary(ErlNifEnv *, ERL_NIF_TERM term, ErlNifBinary *bin) {
    std::vector<uint8_t> bytes;
    if (etf_encode(term, EtfEncodeOptions{}, bytes) != EtfEncodeStatus::Ok) return 0;
    if (!enif_alloc_binary(bytes.size(), bin)) return 0;
    std::memcpy(bin->data, bytes.data(), bytes.size());
    return 1;
}

size_t enif_binary_to_term(ErlNifEnv *env, const unsigned char *data, size_t sz, ERL_NIF_TERM *term,
                           unsigned int opts) {
    if (opts & ~unsigned(ERL_NIF_BIN2TERM_SAFE)) return 0;
    HeapSink sink(env->heap);
    EtfOptions o;
    o.safe = (opts & ERL_NIF_BIN2TERM_SAFE) != 0;
    EtfResult r = etf_decode(data, sz, sink, o);
    if (!r.ok()) return 0;
    *term = r.term;
    return r.consumed;
}

// ---- I/O vectors: one block [ErlNifIOVec | SysIOVec[n] | Binary*[n] | copied bytes] ----

namespace {

void free_iovec_cb(void *v) {
    enif_free_iovec(static_cast<ErlNifIOVec *>(v));
}

} // namespace

int enif_inspect_iovec(ErlNifEnv *env, size_t max_elements, ERL_NIF_TERM list, ERL_NIF_TERM *tail,
                       ErlNifIOVec **iovec) {
    // Which elements: binaries, up to max_elements, the rest is the tail. Byte-aligned
    // slices of refc binaries are shared (a reference each), other bytes copied.
    auto shared_bin = [](Term b) -> Binary * {
        const Word *w = boxed_ptr(b);
        Term orig = header_subtag(w[0]) == Subtag::SubBin ? w[3] : b;
        if (!bit_view(b).byte_aligned() || header_subtag(boxed_ptr(orig)[0]) != Subtag::RefcBin)
            return nullptr;
        return reinterpret_cast<Binary *>(boxed_ptr(orig)[2]);
    };
    std::vector<Term> elems;
    size_t copied = 0;
    Term t = list;
    while (is_list(t) && elems.size() < max_elements) {
        Term b = car(t);
        if (!is_binary(b)) return 0;
        if (!shared_bin(b)) copied += bit_view(b).byte_size();
        elems.push_back(b);
        t = cdr(t);
    }
    if (!is_list(t) && !is_nil(t)) return 0;
    size_t n = elems.size();
    size_t bytes = sizeof(ErlNifIOVec) + n * (sizeof(SysIOVec) + sizeof(void *)) + copied;
    auto *block = static_cast<uint8_t *>(std::calloc(1, bytes));
    if (!block) return 0;
    auto *iov = reinterpret_cast<ErlNifIOVec *>(block);
    iov->iovcnt = int(n);
    iov->iov = reinterpret_cast<SysIOVec *>(block + sizeof(ErlNifIOVec));
    iov->ref_bins = reinterpret_cast<void **>(iov->iov + n);
    uint8_t *copy_at = reinterpret_cast<uint8_t *>(iov->ref_bins + n);
    iov->flags = 1; // one block: enif_free_iovec frees it whole
    for (size_t i = 0; i < n; ++i) {
        Term b = elems[i];
        BitView v = bit_view(b);
        iov->iov[i].iov_len = v.byte_size();
        if (Binary *bin = shared_bin(b)) {
            bin->retain();
            iov->ref_bins[i] = bin;
            iov->iov[i].iov_base = reinterpret_cast<char *>(const_cast<uint8_t *>(v.bytes()));
        } else {
            size_t size = v.byte_size();
            copy_bytes(v, copy_at);
            iov->iov[i].iov_base = reinterpret_cast<char *>(copy_at);
            copy_at += size;
        }
        iov->size += v.byte_size();
    }
    *tail = t;
    *iovec = iov;
    if (env) env->on_cleanup(free_iovec_cb, iov); // lives as long as the env
    return 1;
}

void enif_free_iovec(ErlNifIOVec *iov) {
    if (!iov) return;
    for (int i = 0; i < iov->iovcnt; ++i)
        if (iov->ref_bins[i]) static_cast<Binary *>(iov->ref_bins[i])->release();
    std::free(iov);
}

// ---- I/O queues ----

struct erts_io_queue {
    struct Chunk {
        Binary *bin; // holds the bytes
        size_t offset, size;
    };
    std::deque<Chunk> chunks;
    size_t size = 0;
    std::vector<SysIOVec> peek; // enif_ioq_peek's answer, valid until the next change
};

ErlNifIOQueue *enif_ioq_create(ErlNifIOQueueOpts opts) {
    if (opts != ERL_NIF_IOQ_NORMAL) return nullptr;
    return new erts_io_queue;
}

void enif_ioq_destroy(ErlNifIOQueue *q) {
    if (!q) return;
    for (auto &c : q->chunks)
        c.bin->release();
    delete q;
}

namespace {

void ioq_push(ErlNifIOQueue *q, const uint8_t *data, size_t size, Binary *owned) {
    if (size == 0) {
        if (owned) owned->release();
        return;
    }
    Binary *b = owned;
    size_t offset = 0;
    if (!b) {
        b = Binary::create(size);
        std::memcpy(b->data, data, size);
    } else {
        offset = size_t(data - b->data);
    }
    q->chunks.push_back({b, offset, size});
    q->size += size;
}

} // namespace

int enif_ioq_enq_binary(ErlNifIOQueue *q, ErlNifBinary *bin, size_t skip) {
    if (skip > bin->size) return 0;
    auto *b = static_cast<Binary *>(bin->ref_bin);
    ioq_push(q, bin->data + skip, bin->size - skip, b); // takes over the reference
    bin->ref_bin = nullptr;
    return 1;
}

int enif_ioq_enqv(ErlNifIOQueue *q, ErlNifIOVec *iov, size_t skip) {
    if (skip > iov->size) return 0;
    for (int i = 0; i < iov->iovcnt; ++i) {
        auto *data = reinterpret_cast<const uint8_t *>(iov->iov[i].iov_base);
        size_t len = iov->iov[i].iov_len;
        if (skip >= len) {
            skip -= len;
            continue;
        }
        Binary *b = iov->ref_bins ? static_cast<Binary *>(iov->ref_bins[i]) : nullptr;
        if (b) b->retain();
        ioq_push(q, data + skip, len - skip, b);
        skip = 0;
    }
    return 1;
}

size_t enif_ioq_size(ErlNifIOQueue *q) {
    return q->size;
}

int enif_ioq_deq(ErlNifIOQueue *q, size_t count, size_t *size) {
    if (count > q->size) return 0;
    q->size -= count;
    while (count > 0) {
        auto &c = q->chunks.front();
        if (count >= c.size) {
            count -= c.size;
            c.bin->release();
            q->chunks.pop_front();
        } else {
            c.offset += count;
            c.size -= count;
            count = 0;
        }
    }
    if (size) *size = q->size;
    return 1;
}

SysIOVec *enif_ioq_peek(ErlNifIOQueue *q, int *iovlen) {
    q->peek.clear();
    for (auto &c : q->chunks)
        q->peek.push_back({reinterpret_cast<char *>(c.bin->data + c.offset), c.size});
    if (iovlen) *iovlen = int(q->peek.size());
    return q->peek.empty() ? nullptr : q->peek.data();
}

int enif_ioq_peek_head(ErlNifEnv *env, ErlNifIOQueue *q, size_t *size, ERL_NIF_TERM *head) {
    if (q->chunks.empty()) return 0;
    auto &c = q->chunks.front();
    if (size) *size = c.size;
    if (c.size > kHeapBinLimit && c.offset == 0 && c.size == c.bin->size) {
        c.bin->retain();
        *head = make_refc_bin(env->heap->alloc(kRefcBinWords), c.bin, env->heap->off_heap);
    } else {
        *head = make_binary(env->heap, c.bin->data + c.offset, c.size);
    }
    return 1;
}
