// The zlib module's NIFs (zlib.erl is erts' own, preloaded on the BEAM and run unmodified
// here): a stream is a magic reference to a z_stream with erts' state rules, an input queue
// filled by enqueue_nif and drained by deflate_nif/inflate_nif in bounded chunks, and a
// "stash" term that zlib.erl uses to keep output across a need_dictionary error.
//
// Behaviour measured on erl 25: only the controlling process (the opener, or the one given
// to set_controlling_process) may use a stream (else not_on_controlling_process); init on
// an initialized or closed stream raises already_initialized, use of an uninitialized one
// not_initialized; deflateEnd raises data_error when input is left or zlib says the stream
// was unfinished, inflateEnd when the end of the compressed stream was never reached.
// Output is a list of binaries ([] when nothing came out).
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/iolist.h"
#include "vm/literal_area.h"
#include "vm/magic_ref.h"
#include "vm/term_build.h"

#include <zlib.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace hamlet {

namespace {

enum class ZState { None, Deflate, Inflate, Closed };
enum class EndOfStream { Error = 0, Reset = 1, Cut = 2 };

struct ZlibStream : MagicObject {
    std::mutex mutex; // one process uses a stream, but it may move between schedulers
    z_stream z{};
    ZState state = ZState::None;
    Term controller = kNonValue;
    EndOfStream eos = EndOfStream::Cut;
    bool eos_seen = false;
    std::deque<std::string> input; // queued input; the front is consumed from input_pos
    size_t input_pos = 0;
    long buf_size = 4000; // inflateChunk's output size (setBufSize/getBufSize)
    std::unique_ptr<LiteralArea> stash_area;
    Term stash = kNonValue;

    ~ZlibStream() override { end_stream(); }

    void end_stream() {
        if (state == ZState::Deflate) deflateEnd(&z);
        if (state == ZState::Inflate) inflateEnd(&z);
    }
    bool input_empty() const { return input.empty(); }
    void clear_input() {
        input.clear();
        input_pos = 0;
    }
    // Points zlib at up to `limit` bytes of the queue's front.
    void feed(size_t limit) {
        if (input.empty()) {
            z.next_in = nullptr;
            z.avail_in = 0;
            return;
        }
        const std::string &front = input.front();
        size_t n = std::min(front.size() - input_pos, limit);
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(front.data() + input_pos));
        z.avail_in = uInt(n);
    }
    // Drops what zlib consumed of the fed bytes.
    void consume(size_t fed) {
        if (input.empty()) return;
        input_pos += fed - z.avail_in;
        if (input_pos == input.front().size()) {
            input.pop_front();
            input_pos = 0;
        }
    }
};

Term raise(Process *p, const char *reason) {
    return p->error(atom_of(reason));
}

// The stream of a NIF call, checked for its controller; nullptr with the exception set.
ZlibStream *stream_arg(Process *p, Term t) {
    auto *s = magic_cast<ZlibStream>(t);
    if (!s) {
        p->badarg();
        return nullptr;
    }
    if (s->controller != p->pid) {
        raise(p, "not_on_controlling_process");
        return nullptr;
    }
    return s;
}

bool int_arg(Term t, long &out) {
    if (!is_small(t)) return false;
    out = long(small_value(t));
    return true;
}

Term zlib_error(Process *p, int code) {
    switch (code) {
    case Z_DATA_ERROR:
        return raise(p, "data_error");
    case Z_MEM_ERROR:
        return raise(p, "mem_error");
    case Z_BUF_ERROR:
        return raise(p, "buf_error");
    case Z_VERSION_ERROR:
        return raise(p, "version_error");
    case Z_NEED_DICT:
        return raise(p, "need_dictionary");
    case Z_ERRNO:
        return raise(p, "errno");
    default:
        return raise(p, "stream_error");
    }
}

// [Bin] with the bytes produced, or [] if none.
Term output_list(Process *p, const std::string &out) {
    if (out.empty()) return kNil;
    return make_cons(p, make_binary(p, out.data(), out.size()), kNil);
}

} // namespace

Term zlib_open_nif_0(Process *p, const Term *) {
    auto *s = new ZlibStream;
    s->controller = p->pid;
    return make_magic_ref(p, s);
}

Term zlib_close_nif_1(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::lock_guard lock(s->mutex);
    if (s->state == ZState::Closed) return raise(p, "not_initialized");
    s->end_stream();
    s->state = ZState::Closed;
    s->clear_input();
    return atom::ok;
}

Term zlib_set_controller_nif_2(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    if (!is_local_pid(args[1])) return p->badarg();
    std::lock_guard lock(s->mutex);
    s->controller = args[1];
    return atom::ok;
}

// ---- deflate ----

Term zlib_deflateInit_nif_6(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    long level, method, bits, mem, strategy;
    if (!int_arg(args[1], level) || !int_arg(args[2], method) || !int_arg(args[3], bits) ||
        !int_arg(args[4], mem) || !int_arg(args[5], strategy))
        return p->badarg();
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::None) return raise(p, "already_initialized");
    s->z = z_stream{};
    int r = deflateInit2(&s->z, int(level), int(method), int(bits), int(mem), int(strategy));
    if (r != Z_OK) return zlib_error(p, r);
    s->state = ZState::Deflate;
    s->clear_input();
    return atom::ok;
}

Term zlib_deflateSetDictionary_nif_2(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::string dict;
    if (!iolist_to_bytes(args[1], dict)) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Deflate) return raise(p, "not_initialized");
    int r = deflateSetDictionary(&s->z, reinterpret_cast<const Bytef *>(dict.data()),
                                 uInt(dict.size()));
    if (r != Z_OK) return zlib_error(p, r);
    return make_uint64(p, s->z.adler);
}

Term zlib_deflateReset_nif_1(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Deflate) return raise(p, "not_initialized");
    int r = deflateReset(&s->z);
    if (r != Z_OK) return zlib_error(p, r);
    s->clear_input();
    return atom::ok;
}

Term zlib_deflateParams_nif_3(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    long level, strategy;
    if (!int_arg(args[1], level) || !int_arg(args[2], strategy)) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Deflate) return raise(p, "not_initialized");
    // zlib.erl has flushed the stream (deflate with sync) just before.
    int r = deflateParams(&s->z, int(level), int(strategy));
    if (r != Z_OK) return zlib_error(p, r);
    return atom::ok;
}

// deflate_nif(Z, InputChunk, OutputChunk, Flush) -> {continue | finished, Output}: at most
// OutputChunk bytes of output per call; the flush applies once all queued input is in.
Term zlib_deflate_nif_4(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    long in_chunk, out_chunk, flush;
    if (!int_arg(args[1], in_chunk) || !int_arg(args[2], out_chunk) || !int_arg(args[3], flush) ||
        in_chunk <= 0 || out_chunk <= 0)
        return p->badarg();
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Deflate) return raise(p, "not_initialized");
    std::string out(size_t(out_chunk), '\0');
    s->z.next_out = reinterpret_cast<Bytef *>(out.data());
    s->z.avail_out = uInt(out_chunk);
    bool more_output = false;
    for (;;) {
        s->feed(size_t(in_chunk));
        size_t fed = s->z.avail_in;
        bool last_piece = s->input.size() <= 1 &&
                          (s->input.empty() || s->input_pos + fed == s->input.front().size());
        int r = deflate(&s->z, last_piece ? int(flush) : Z_NO_FLUSH);
        s->consume(fed);
        if (r == Z_STREAM_ERROR || (r == Z_BUF_ERROR && fed != 0 && s->z.avail_in == fed))
            return raise(p, "stream_error"); // e.g. input after the stream was finished
        if (s->z.avail_out == 0) {
            more_output = true;
            break;
        }
        if (s->input.empty() && (r == Z_STREAM_END || r == Z_BUF_ERROR || last_piece)) break;
    }
    out.resize(size_t(out_chunk) - s->z.avail_out);
    Term tag = atom_of(more_output ? "continue" : "finished");
    return make_tuple(p, {tag, output_list(p, out)});
}

Term zlib_deflateEnd_nif_1(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Deflate) return raise(p, "not_initialized");
    int r = deflateEnd(&s->z);
    s->state = ZState::None;
    bool left = !s->input_empty();
    s->clear_input();
    if (r == Z_DATA_ERROR || left) return raise(p, "data_error");
    if (r != Z_OK) return zlib_error(p, r);
    return atom::ok;
}

// ---- inflate ----

Term zlib_inflateInit_nif_3(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    long bits, eos;
    if (!int_arg(args[1], bits) || !int_arg(args[2], eos) || eos < 0 || eos > 2) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::None) return raise(p, "already_initialized");
    s->z = z_stream{};
    int r = inflateInit2(&s->z, int(bits));
    if (r != Z_OK) return zlib_error(p, r);
    s->state = ZState::Inflate;
    s->eos = EndOfStream(eos);
    s->eos_seen = false;
    s->clear_input();
    return atom::ok;
}

Term zlib_inflateSetDictionary_nif_2(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::string dict;
    if (!iolist_to_bytes(args[1], dict)) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Inflate) return raise(p, "not_initialized");
    int r = inflateSetDictionary(&s->z, reinterpret_cast<const Bytef *>(dict.data()),
                                 uInt(dict.size()));
    if (r != Z_OK) return zlib_error(p, r);
    return atom::ok;
}

Term zlib_inflateGetDictionary_nif_1(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Inflate) return raise(p, "not_initialized");
    Bytef dict[32768];
    uInt len = 0;
    int r = inflateGetDictionary(&s->z, dict, &len);
    if (r != Z_OK) return zlib_error(p, r);
    return make_binary(p, dict, len);
}

Term zlib_inflateReset_nif_1(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Inflate) return raise(p, "not_initialized");
    int r = inflateReset(&s->z);
    if (r != Z_OK) return zlib_error(p, r);
    s->eos_seen = false;
    s->clear_input();
    return atom::ok;
}

// inflate_nif(Z, InputChunk, OutputChunk, Flush) -> {continue | finished, Output} |
// {need_dictionary, Adler, Output}. At the end of the compressed stream the rest of the
// input is dropped (cut), starts a new stream (reset) or is a data_error (error).
Term zlib_inflate_nif_4(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    long in_chunk, out_chunk, flush;
    if (!int_arg(args[1], in_chunk) || !int_arg(args[2], out_chunk) || !int_arg(args[3], flush) ||
        in_chunk <= 0 || out_chunk <= 0)
        return p->badarg();
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Inflate) return raise(p, "not_initialized");
    std::string out(size_t(out_chunk), '\0');
    s->z.next_out = reinterpret_cast<Bytef *>(out.data());
    s->z.avail_out = uInt(out_chunk);
    if (s->eos_seen) {
        // Input after the end of the stream, from an earlier call.
        if (s->eos == EndOfStream::Cut) s->clear_input();
        if (s->input.empty()) return make_tuple(p, {atom_of("finished"), kNil});
        if (s->eos == EndOfStream::Error) return raise(p, "data_error");
        inflateReset(&s->z);
        s->eos_seen = false;
    }
    const char *tag = "finished";
    // At least one call even without input: zlib may hold output that did not fit last time.
    for (;;) {
        s->feed(size_t(in_chunk));
        size_t fed = s->z.avail_in;
        int r = inflate(&s->z, int(flush));
        s->consume(fed);
        if (r == Z_NEED_DICT) {
            out.resize(size_t(out_chunk) - s->z.avail_out);
            return make_tuple(
                p, {atom_of("need_dictionary"), make_uint64(p, s->z.adler), output_list(p, out)});
        }
        if (r == Z_STREAM_END) {
            s->eos_seen = true;
            if (s->eos == EndOfStream::Cut) {
                s->clear_input();
            } else if (!s->input.empty()) {
                if (s->eos == EndOfStream::Error) return raise(p, "data_error");
                inflateReset(&s->z);
                s->eos_seen = false;
                tag = "continue";
            }
            break;
        }
        if (r != Z_OK && r != Z_BUF_ERROR) return zlib_error(p, r);
        if (s->z.avail_out == 0) {
            tag = "continue";
            break;
        }
        if (r == Z_BUF_ERROR || s->input.empty()) break; // all input in, all output out
    }
    out.resize(size_t(out_chunk) - s->z.avail_out);
    return make_tuple(p, {atom_of(tag), output_list(p, out)});
}

Term zlib_inflateEnd_nif_1(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Inflate) return raise(p, "not_initialized");
    int r = inflateEnd(&s->z);
    s->state = ZState::None;
    s->clear_input();
    if (!s->eos_seen) return raise(p, "data_error");
    if (r != Z_OK) return zlib_error(p, r);
    return atom::ok;
}

// ---- input, stash, buffer size ----

// enqueue_nif(Z, IOVec) -> ok: the binaries join the input queue.
Term zlib_enqueue_nif_2(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::vector<std::string> parts;
    Term l = args[1];
    for (; is_list(l); l = cdr(l)) {
        std::string b;
        if (!is_binary(car(l)) || !iolist_to_bytes(car(l), b)) return p->badarg();
        if (!b.empty()) parts.push_back(std::move(b));
    }
    if (!is_nil(l)) return p->badarg();
    std::lock_guard lock(s->mutex);
    if (s->state != ZState::Deflate && s->state != ZState::Inflate)
        return raise(p, "not_initialized");
    for (auto &b : parts)
        s->input.push_back(std::move(b));
    return atom::ok;
}

Term zlib_getStash_nif_1(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::lock_guard lock(s->mutex);
    if (s->stash == kNonValue) return atom_of("empty");
    size_t words = copy_size(s->stash);
    Term copy = words ? copy_term(s->stash, p->alloc(words), p->off_heap) : s->stash;
    return make_tuple(p, {atom::ok, copy});
}

Term zlib_setStash_nif_2(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    auto area = std::make_unique<LiteralArea>();
    size_t words = copy_size(args[1]);
    Term copy = words ? copy_term(args[1], area->alloc(words), area->off_heap()) : args[1];
    std::lock_guard lock(s->mutex);
    s->stash_area = std::move(area);
    s->stash = copy;
    return atom::ok;
}

Term zlib_clearStash_nif_1(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::lock_guard lock(s->mutex);
    s->stash = kNonValue;
    s->stash_area.reset();
    return atom::ok;
}

Term zlib_getBufSize_nif_1(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    std::lock_guard lock(s->mutex);
    return make_small(s->buf_size);
}

Term zlib_setBufSize_nif_2(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    long size;
    if (!int_arg(args[1], size) || size <= 0) return p->badarg();
    std::lock_guard lock(s->mutex);
    s->buf_size = size;
    return atom::ok;
}

// zlib:crc32/1 (deprecated): erts 25 answers 0 for deflate and inflate streams alike
// (measured with zlib and gzip headers); so does Hamlet.
Term zlib_crc32_nif_1(Process *p, const Term *args) {
    ZlibStream *s = stream_arg(p, args[0]);
    if (!s) return kNonValue;
    return make_small(0);
}

} // namespace hamlet
