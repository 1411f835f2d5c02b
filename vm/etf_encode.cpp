#include "vm/etf_encode.h"
#include "vm/etf_tags.h"

#include "dist/node.h"

#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/binary.h"
#include "vm/etf_fun.h"
#include "vm/hamt.h"
#include "vm/magic_ref.h"
#include "vm/map.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>
#include <zlib.h>

namespace hamlet {
namespace {

constexpr uint8_t kVersion = 131;
constexpr size_t kMaxStringExt = 0xFFFF;
constexpr uint64_t kMaxV3PortNumber = (uint64_t(1) << 28) - 1;
constexpr size_t kFloatExtChars = 31;

// An atom as the encoder writes it: tag + length field + payload.
struct AtomEnc {
    uint8_t tag;
    std::string_view utf8;
    bool latin1_payload; // payload is utf8 converted to Latin-1 (ATOM_EXT)
    size_t payload_len;
    size_t encoded_size() const { return 1 + (tag == kExtSmallAtomUtf8 ? 1 : 2) + payload_len; }
};

AtomEnc atom_encoding(Term a, int minor) {
    std::string_view s = AtomTable::global().text(a);
    size_t chars = 0;
    bool latin1 = true;
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = uint8_t(s[i]);
        if (c >= 0x80) {
            if ((c & 0xFE) != 0xC2) { // lead bytes C2/C3 encode U+0080..U+00FF
                latin1 = false;
                break;
            }
            ++i;
        }
        ++chars;
    }
    if (minor >= 2 || !latin1)
        return {s.size() > 255 ? uint8_t(kExtAtomUtf8) : uint8_t(kExtSmallAtomUtf8), s, false,
                s.size()};
    return {kExtAtom, s, true, chars};
}

// Number of significant bytes in a bignum's magnitude.
size_t bignum_bytes(Term t) {
    Word n = bignum_limb_count(t);
    Word top = bignum_limbs(t)[n - 1];
    size_t b = 8;
    while (b > 1 && (top >> (8 * (b - 1))) == 0)
        --b;
    return size_t(n - 1) * 8 + b;
}

size_t magnitude_bytes(uint64_t m) {
    size_t b = 0;
    while (m) {
        ++b;
        m >>= 8;
    }
    return b;
}

// A bitstring resolved to where its bits live.
struct BinRef {
    Term root;          // heap or refc binary holding the bytes
    size_t bit_offset;  // within root
    size_t whole;       // full bytes
    unsigned tail_bits; // bits in the final partial byte
    BitView view;
};

BinRef resolve_binary(Term t) {
    BinRef r{t, 0, 0, 0, bit_view(t)};
    r.whole = r.view.bit_size / 8;
    r.tail_bits = unsigned(r.view.bit_size % 8);
    while (boxed_subtag(r.root) == Subtag::SubBin) {
        Word *p = boxed_ptr(r.root);
        r.bit_offset += size_t(p[2]);
        r.root = p[3];
    }
    return r;
}

// Reads byte i (0-based) of a bitstring's bits, i < ceil(bit_size / 8); the last partial
// byte has its bits high and zeros below.
inline uint8_t bits_byte(const BitView &v, size_t i) {
    const uint8_t *src = v.base + v.bit_offset / 8;
    unsigned shift = unsigned(v.bit_offset % 8);
    uint8_t b;
    if (shift == 0) {
        b = src[i];
    } else {
        size_t last = (shift + v.bit_size - 1) / 8;
        b = uint8_t(src[i] << shift);
        if (i + 1 <= last) b |= uint8_t(src[i + 1] >> (8 - shift));
    }
    size_t end_bits = v.bit_size - i * 8;
    if (end_bits < 8) b &= uint8_t(0xFF << (8 - end_bits));
    return b;
}

// Returns the length if `t` is a proper list of at most 65535 integers 0..255 (STRING_EXT).
bool external_string(Term t, size_t &len) {
    len = 0;
    while (is_list(t)) {
        Term h = car(t);
        if (!is_small(h) || small_value(h) < 0 || small_value(h) > 255 || ++len > kMaxStringExt)
            return false;
        t = cdr(t);
    }
    return is_nil(t);
}

// Number of cells up to the first non-list tail, and that tail.
size_t list_length_to_tail(Term t, Term &tail) {
    size_t n = 0;
    while (is_list(t)) {
        ++n;
        t = cdr(t);
    }
    tail = t;
    return n;
}

// ---- output sinks ------------------------------------------------------------------------

struct Counter {
    static constexpr bool kWrites = false;
    uint64_t n = 0;
    // erlang:external_size counts a local fun's old index and old uniq as 5 bytes each
    // (erts' estimate); this is what it adds to the exact size.
    uint64_t estimate_slack = 0;
    void u8(uint8_t) { n += 1; }
    void u16(uint32_t) { n += 2; }
    void u32(uint32_t) { n += 4; }
    void u64(uint64_t) { n += 8; }
    void skip(size_t k) { n += k; }
    void bytes(const uint8_t *, size_t k) { n += k; }
    uint64_t position() const { return n; }
    uint64_t left_out() const { return 0; }
    void patch_u32(uint64_t, uint32_t) {}
};

struct Writer {
    static constexpr bool kWrites = true;
    uint8_t *begin = nullptr;
    uint8_t *p = nullptr;
    uint8_t *end = nullptr;
    uint64_t skipped = 0; // bytes of off-heap binaries left out (term_to_iovec)
    void u8(uint8_t v) { *p++ = v; }
    void u16(uint32_t v) {
        p[0] = uint8_t(v >> 8);
        p[1] = uint8_t(v);
        p += 2;
    }
    void u32(uint32_t v) {
        p[0] = uint8_t(v >> 24);
        p[1] = uint8_t(v >> 16);
        p[2] = uint8_t(v >> 8);
        p[3] = uint8_t(v);
        p += 4;
    }
    void u64(uint64_t v) {
        u32(uint32_t(v >> 32));
        u32(uint32_t(v));
    }
    void bytes(const uint8_t *src, size_t k) {
        if (k) std::memcpy(p, src, k);
        p += k;
    }
    uint64_t position() const { return uint64_t(p - begin); }
    uint64_t left_out() const { return skipped; }
    void patch_u32(uint64_t at, uint32_t v) {
        uint8_t *q = begin + at;
        q[0] = uint8_t(v >> 24);
        q[1] = uint8_t(v >> 16);
        q[2] = uint8_t(v >> 8);
        q[3] = uint8_t(v);
    }
};

// Off-heap binaries left out of the written bytes (term_to_iovec).
struct IovSegment {
    size_t at; // offset in the written bytes where the binary's data belongs
    BinRef bin;
};

// ---- the encoder ---------------------------------------------------------------------------

// Pending work. In a time slice it is a C++ stack with pointers into the term; when the job
// yields it becomes a list of {Kind, Container, Index, N, Extra} tuples on the heap (top
// first), which the collector moves with the term. Index locates `a` within the container.
enum Kind : uint8_t {
    kOne,   // container: the term
    kArray, // container: a tuple or a fun (its environment); a: next element
    kPairs, // container: a flatmap, or a tuple of the keys then the values; a, b: next pair
    kCells, // container: the next cons cell
    kPatch, // a NEW_FUN_EXT size field: n = its offset, extra = bytes left out before it
};
struct Item {
    Kind kind;
    Term container;
    const Term *a;
    const Term *b;
    size_t n; // elements/pairs/cells left
    size_t extra;
};

const Term *array_base(Term container) {
    Word *p = boxed_ptr(container);
    return header_subtag(p[0]) == Subtag::Fun ? p + 3 : p + 1;
}

void pairs_bases(Term container, const Term *&keys, const Term *&values) {
    if (is_boxed_of(container, Subtag::Map)) {
        keys = tuple_elements(flatmap_keys(container));
        values = flatmap_values(container);
    } else {
        keys = tuple_elements(container);
        values = keys + tuple_arity(container) / 2;
    }
}

template <class Out> class Encoder {
  public:
    enum class Result : uint8_t { Done, Yield, SystemLimit, Unsupported };

    Encoder(Out &out, const EtfEncodeOptions &opts, std::vector<IovSegment> *iov = nullptr)
        : out_(out), opts_(opts), iov_(iov) {}

    // Without a process, stop (for good) when the budget is spent.
    void set_bounded() { bounded_ = true; }

    // Encodes root (pushed at the first call only). With a process, stops when the budget
    // is spent and leaves the pending work in `pending` (see Item); without one, the
    // budget is ignored and pending stays as it was (kNil).
    Result run(Term root, Process *p, Term &pending, int64_t &budget) {
        if (!started_) {
            started_ = true;
            stack_.push_back({kOne, root, nullptr, nullptr, 0, 0});
        }
        for (;;) {
            if (stack_.empty()) {
                if (!is_list(pending)) return Result::Done;
                stack_.push_back(restore(car(pending)));
                pending = cdr(pending);
            }
            if (budget <= 0 && (p || bounded_)) {
                if (p) pending = persist(p, pending);
                return Result::Yield;
            }
            --budget;
            Item &top = stack_.back();
            Term t;
            switch (top.kind) {
            case kOne:
                t = top.container;
                stack_.pop_back();
                break;
            case kArray:
                t = *top.a++;
                if (--top.n == 0) stack_.pop_back();
                break;
            case kPairs: {
                t = *top.a++;
                Term v = *top.b++;
                if (--top.n == 0) stack_.pop_back();
                stack_.push_back({kOne, v, nullptr, nullptr, 0, 0});
                break;
            }
            case kCells:
                t = car(top.container);
                top.container = cdr(top.container);
                if (--top.n == 0) stack_.pop_back();
                break;
            case kPatch: {
                uint64_t at = top.n, left_out = top.extra;
                stack_.pop_back();
                out_.patch_u32(at, uint32_t(out_.position() + out_.left_out() - at - left_out));
                continue;
            }
            default:
                return Result::Unsupported;
            }
            EtfEncodeStatus s = one(t, budget);
            if (s == EtfEncodeStatus::SystemLimit) return Result::SystemLimit;
            if (s == EtfEncodeStatus::Unsupported) return Result::Unsupported;
        }
    }

  private:
    Out &out_;
    const EtfEncodeOptions &opts_;
    std::vector<IovSegment> *iov_;
    bool started_ = false;
    bool bounded_ = false;
    std::vector<Item> stack_;
    std::vector<std::unique_ptr<Term[]>> scratch_; // reordered large maps

    Term persist(Process *p, Term pending) {
        for (const Item &it : stack_) {
            size_t index = 0;
            Term container = it.container;
            if (it.kind == kArray) {
                index = size_t(it.a - array_base(container));
            } else if (it.kind == kPairs && container == kNonValue) {
                // A large map's reordered pairs: what is left goes into a tuple.
                container = alloc_tuple(p, 2 * it.n);
                Term *e = tuple_elements(container);
                std::copy(it.a, it.a + it.n, e);
                std::copy(it.b, it.b + it.n, e + it.n);
            } else if (it.kind == kPairs) {
                const Term *keys, *values;
                pairs_bases(container, keys, values);
                index = size_t(it.a - keys);
            }
            Term item = make_tuple(p, {make_small(it.kind), container, make_small(SWord(index)),
                                       make_small(SWord(it.n)), make_small(SWord(it.extra))});
            pending = make_cons(p, item, pending);
        }
        stack_.clear();
        return pending;
    }

    static Item restore(Term item) {
        const Term *e = tuple_elements(item);
        Item it{Kind(small_value(e[0])),  e[1], nullptr, nullptr, size_t(small_value(e[3])),
                size_t(small_value(e[4]))};
        size_t index = size_t(small_value(e[2]));
        if (it.kind == kArray) {
            it.a = array_base(it.container) + index;
        } else if (it.kind == kPairs) {
            const Term *keys, *values;
            pairs_bases(it.container, keys, values);
            it.a = keys + index;
            it.b = values + index;
        }
        return it;
    }

    void atom(Term a) {
        AtomEnc e = atom_encoding(a, opts_.minor_version);
        out_.u8(e.tag);
        if (e.tag == kExtSmallAtomUtf8)
            out_.u8(uint8_t(e.payload_len));
        else
            out_.u16(uint32_t(e.payload_len));
        if constexpr (Out::kWrites) {
            if (!e.latin1_payload) {
                out_.bytes(reinterpret_cast<const uint8_t *>(e.utf8.data()), e.utf8.size());
            } else {
                for (size_t i = 0; i < e.utf8.size(); ++i) {
                    auto c = uint8_t(e.utf8[i]);
                    if (c >= 0x80) c = uint8_t((c << 6) | (uint8_t(e.utf8[++i]) & 0x3F));
                    out_.u8(c);
                }
            }
        } else {
            out_.skip(e.payload_len);
        }
    }

    void small_big(uint64_t magnitude, bool negative) {
        size_t n = magnitude_bytes(magnitude);
        out_.u8(kExtSmallBig);
        out_.u8(uint8_t(n));
        out_.u8(negative ? 1 : 0);
        for (size_t i = 0; i < n; ++i)
            out_.u8(uint8_t(magnitude >> (8 * i)));
    }

    void integer(SWord v) {
        if (v >= 0 && v < 256) {
            out_.u8(kExtSmallInteger);
            out_.u8(uint8_t(v));
        } else if (v >= INT32_MIN && v <= INT32_MAX) {
            out_.u8(kExtInteger);
            out_.u32(uint32_t(int32_t(v)));
        } else {
            small_big(v < 0 ? uint64_t(-v) : uint64_t(v), v < 0);
        }
    }

    void bignum(Term t) {
        size_t n = bignum_bytes(t);
        if (n < 256) {
            out_.u8(kExtSmallBig);
            out_.u8(uint8_t(n));
        } else {
            out_.u8(kExtLargeBig);
            out_.u32(uint32_t(n));
        }
        out_.u8(bignum_negative(t) ? 1 : 0);
        if constexpr (Out::kWrites) {
            const Word *l = bignum_limbs(t);
            for (size_t i = 0; i < n; ++i)
                out_.u8(uint8_t(l[i / 8] >> (8 * (i % 8))));
        } else {
            out_.skip(n);
        }
    }

    void floating(Term t) {
        double d = float_value(t);
        if (opts_.minor_version == 0) {
            out_.u8(kExtFloat);
            if constexpr (Out::kWrites) {
                char buf[64];
                int len = std::snprintf(buf, sizeof buf, "%.20e", d);
                uint8_t text[kFloatExtChars] = {};
                std::memcpy(text, buf, std::min<size_t>(size_t(len), kFloatExtChars));
                out_.bytes(text, kFloatExtChars);
            } else {
                out_.skip(kFloatExtChars);
            }
        } else {
            uint64_t u;
            std::memcpy(&u, &d, 8);
            out_.u8(kExtNewFloat);
            out_.u64(u);
        }
    }

    EtfEncodeStatus binary(Term t, int64_t &budget) {
        BinRef r = resolve_binary(t);
        if (r.whole > 0xFFFFFFFFull || (r.tail_bits && r.whole + 1 > 0xFFFFFFFFull))
            return EtfEncodeStatus::SystemLimit;
        if (r.tail_bits == 0) {
            out_.u8(kExtBinary);
            out_.u32(uint32_t(r.whole));
        } else {
            out_.u8(kExtBitBinary);
            out_.u32(uint32_t(r.whole + 1));
            out_.u8(uint8_t(r.tail_bits));
        }
        if constexpr (Out::kWrites) {
            budget -= int64_t(r.whole / 64);
            const BitView &v = r.view;
            bool off_heap = iov_ && boxed_subtag(r.root) == Subtag::RefcBin &&
                            r.bit_offset % 8 == 0 && r.whole > kHeapBinLimit;
            if (off_heap) {
                iov_->push_back({size_t(out_.p - out_.begin), r});
                out_.skipped += r.whole;
            } else if (v.byte_aligned()) {
                out_.bytes(v.bytes(), r.whole);
            } else {
                for (size_t i = 0; i < r.whole; ++i)
                    out_.u8(bits_byte(v, i));
            }
            if (r.tail_bits) out_.u8(bits_byte(v, r.whole));
        } else {
            out_.skip(r.whole + (r.tail_bits ? 1 : 0));
        }
        return EtfEncodeStatus::Ok;
    }

    // Room for a large map's keys then values (n Terms). It is C++ memory: if the job
    // yields before the map is done, persist() moves what is left to the heap.
    Term *scratch(size_t n) {
        scratch_.push_back(std::make_unique<Term[]>(n));
        return scratch_.back().get();
    }

    void map(Term m, int64_t &budget) {
        Word n = map_size(m);
        out_.u8(kExtMap);
        out_.u32(uint32_t(n));
        if (n == 0) return;
        if (is_flatmap(m)) {
            stack_.push_back(
                {kPairs, m, tuple_elements(flatmap_keys(m)), flatmap_values(m), size_t(n), 0});
            return;
        }
        budget -= int64_t(n);
        // erts writes a HAMT's pairs in the reverse of its iteration order; with
        // `deterministic`, sorted in map-key order (integers before floats).
        Term *k = scratch(2 * n), *v = k + n;
        size_t i = n;
        MapIterator it(m);
        while (i > 0 && it.next(k[i - 1], v[i - 1]))
            --i;
        if (opts_.deterministic) {
            std::vector<size_t> idx(n);
            for (size_t j = 0; j < n; ++j)
                idx[j] = j;
            std::sort(idx.begin(), idx.end(),
                      [&](size_t x, size_t y) { return compare_exact(k[x], k[y]) < 0; });
            std::vector<Term> sorted(2 * n);
            for (size_t j = 0; j < n; ++j) {
                sorted[j] = k[idx[j]];
                sorted[n + j] = v[idx[j]];
            }
            std::copy(sorted.begin(), sorted.end(), k);
        }
        stack_.push_back({kPairs, kNonValue, k, v, size_t(n), 0});
    }

    void pid(Term node, uint32_t id, uint32_t serial, uint32_t creation) {
        out_.u8(kExtNewPid);
        atom(node);
        out_.u32(id);
        out_.u32(serial);
        out_.u32(creation);
    }

    // A pid term (local or external); false for anything else.
    bool pid_term(Term t) {
        if (is_local_pid(t)) {
            Word n = local_pid_number(t);
            pid(this_node(), uint32_t(n), uint32_t(n >> 32), this_creation());
            return true;
        }
        if (!is_boxed_of(t, Subtag::ExtPid)) return false;
        Word *p = boxed_ptr(t);
        pid(p[1], uint32_t(p[2]), uint32_t(p[3]), uint32_t(p[4]));
        return true;
    }

    void port(Term node, uint64_t number, uint32_t creation) {
        if (number > kMaxV3PortNumber) {
            out_.u8(kExtV4Port);
            atom(node);
            out_.u64(number);
        } else {
            out_.u8(kExtNewPort);
            atom(node);
            out_.u32(uint32_t(number));
        }
        out_.u32(creation);
    }

    // NEW_FUN_EXT; its size field is patched once the environment is written.
    EtfEncodeStatus local_fun(Term t) {
        Word *p = boxed_ptr(t);
        auto *l = reinterpret_cast<const Lambda *>(p[1]);
        Term creator = p[2];
        if (!is_local_pid(creator) && !is_boxed_of(creator, Subtag::ExtPid))
            return EtfEncodeStatus::Unsupported;
        size_t num_free = size_t(header_arity(p[0]) - 2);
        out_.u8(kExtNewFun);
        uint64_t size_at = out_.position(), left_out = out_.left_out();
        out_.u32(0);
        out_.u8(uint8_t(l->arity));
        out_.bytes(l->module->md5.data(), l->module->md5.size());
        out_.u32(l->index);
        out_.u32(uint32_t(num_free));
        atom(l->module->name);
        integer(int32_t(l->old_index));
        integer(int32_t(l->old_uniq));
        if constexpr (!Out::kWrites) {
            for (uint32_t v : {l->old_index, l->old_uniq})
                if (int32_t(v) >= 0 && int32_t(v) < 256) out_.estimate_slack += 3;
        }
        pid_term(creator);
        stack_.push_back({kPatch, 0, nullptr, nullptr, size_t(size_at), size_t(left_out)});
        if (num_free) stack_.push_back({kArray, t, p + 3, nullptr, num_free, 0});
        return EtfEncodeStatus::Ok;
    }

    EtfEncodeStatus one(Term t, int64_t &budget) {
        if (is_small(t)) {
            integer(small_value(t));
        } else if (is_atom(t)) {
            atom(t);
        } else if (is_nil(t)) {
            out_.u8(kExtNil);
        } else if (is_list(t)) {
            size_t len;
            if (external_string(t, len)) {
                budget -= int64_t(len / 8);
                out_.u8(kExtString);
                out_.u16(uint32_t(len));
                if constexpr (Out::kWrites) {
                    for (Term c = t; is_list(c); c = cdr(c))
                        out_.u8(uint8_t(small_value(car(c))));
                } else {
                    out_.skip(len);
                }
            } else {
                Term tail;
                size_t n = list_length_to_tail(t, tail);
                budget -= int64_t(n / 16);
                out_.u8(kExtList);
                out_.u32(uint32_t(n));
                stack_.push_back({kOne, tail, nullptr, nullptr, 0, 0});
                stack_.push_back({kCells, t, nullptr, nullptr, n, 0});
            }
        } else if (is_local_pid(t)) {
            pid_term(t);
        } else if (is_local_port(t)) {
            port(this_node(), local_port_number(t), this_creation());
        } else if (is_boxed(t)) {
            Word *p = boxed_ptr(t);
            switch (header_subtag(p[0])) {
            case Subtag::Tuple: {
                Word n = header_arity(p[0]);
                if (n <= 0xFF) {
                    out_.u8(kExtSmallTuple);
                    out_.u8(uint8_t(n));
                } else {
                    out_.u8(kExtLargeTuple);
                    out_.u32(uint32_t(n));
                }
                if (n > 0) stack_.push_back({kArray, t, p + 1, nullptr, size_t(n), 0});
                break;
            }
            case Subtag::PosBig:
            case Subtag::NegBig:
                budget -= int64_t(bignum_limb_count(t) / 8);
                bignum(t);
                break;
            case Subtag::Float:
                floating(t);
                break;
            case Subtag::HeapBin:
            case Subtag::RefcBin:
            case Subtag::SubBin:
                return binary(t, budget);
            case Subtag::Map:
                map(t, budget);
                break;
            case Subtag::Export:
                out_.u8(kExtExport);
                atom(p[1]);
                atom(p[2]);
                integer(small_value(p[3]));
                break;
            case Subtag::Fun:
                return local_fun(t);
            case Subtag::ExtPid:
                pid_term(t);
                break;
            case Subtag::ExtPort:
                port(p[1], p[2], uint32_t(p[3]));
                break;
            case Subtag::ExtRef:
            case Subtag::Ref: {
                // ExtRef: [header, node, creation, numbers...]; an internal Ref is assumed
                // to be [header, numbers...] (one 32-bit number per word) on this node.
                bool ext = header_subtag(p[0]) == Subtag::ExtRef;
                Word arity = header_arity(p[0]);
                size_t count = ext ? size_t(arity - 2) : size_t(ref_number_count(p[0]));
                const Word *nums = ext ? p + 3 : p + 1;
                out_.u8(kExtNewerReference);
                out_.u16(uint32_t(count));
                atom(ext ? p[1] : this_node());
                out_.u32(ext ? uint32_t(p[2]) : this_creation());
                for (size_t i = 0; i < count; ++i)
                    out_.u32(uint32_t(nums[i]));
                break;
            }
            default:
                return EtfEncodeStatus::Unsupported; // match contexts
            }
        } else {
            return EtfEncodeStatus::Unsupported;
        }
        return EtfEncodeStatus::Ok;
    }
};

template <class Out> EtfEncodeStatus run_whole(Encoder<Out> &e, Term t) {
    Term pending = kNil;
    int64_t budget = INT64_MAX;
    using R = typename Encoder<Out>::Result;
    switch (e.run(t, nullptr, pending, budget)) {
    case R::SystemLimit:
        return EtfEncodeStatus::SystemLimit;
    case R::Unsupported:
        return EtfEncodeStatus::Unsupported;
    default:
        return EtfEncodeStatus::Ok;
    }
}

EtfEncodeStatus encode_plain(Term t, const EtfEncodeOptions &opts, uint8_t *out, uint64_t size,
                             std::vector<IovSegment> *iov, size_t *written) {
    Writer w{out, out, out + size, 0};
    w.u8(kVersion);
    Encoder<Writer> e(w, opts, iov);
    EtfEncodeStatus s = run_whole(e, t);
    assert(w.p <= w.end && "etf_encode_plain: size from etf_encoded_size exceeded");
    if (written) *written = size_t(w.p - out);
    return s;
}

Term encode_failure(Process *p, EtfEncodeStatus s) {
    return s == EtfEncodeStatus::SystemLimit ? p->system_limit() : p->badarg();
}

// A finished plain encoding as a binary on p's heap (takes over the reference to out).
Term plain_result(Process *p, Binary *out) {
    if (out->size <= kHeapBinLimit) {
        Term t = make_binary(p, out->data, out->size);
        out->release();
        return t;
    }
    p->add_binary_vheap(out->size);
    return make_refc_bin(p->alloc(kRefcBinWords), out, p->off_heap);
}

} // namespace

EtfEncodeStatus etf_encoded_size(Term t, const EtfEncodeOptions &opts, uint64_t &size) {
    Counter c;
    c.n = 1; // version byte
    Encoder<Counter> e(c, opts);
    EtfEncodeStatus s = run_whole(e, t);
    size = c.n;
    return s;
}

EtfEncodeStatus etf_external_size(Term t, const EtfEncodeOptions &opts, uint64_t &size) {
    Counter c;
    c.n = 1; // version byte
    Encoder<Counter> e(c, opts);
    EtfEncodeStatus s = run_whole(e, t);
    size = c.n + c.estimate_slack;
    return s;
}

void etf_encode_plain(Term t, const EtfEncodeOptions &opts, uint8_t *out, uint64_t size) {
    encode_plain(t, opts, out, size, nullptr, nullptr);
}

bool etf_compress(const uint8_t *plain, size_t size, int level, std::vector<uint8_t> &out) {
    if (level == 0 || size < 7 || size - 1 > 0xFFFFFFFFu) return false;
    // Room for the zlib stream: no more than the plain encoding saves after the 6-byte
    // header (131, 80, size32). If deflate cannot finish within that, compression is not
    // worth it and the plain encoding is used, as in erts.
    size_t room = size - 6;
    std::vector<uint8_t> buf(6 + room);
    z_stream zs{};
    if (deflateInit(&zs, level) != Z_OK) return false;
    zs.next_in = const_cast<Bytef *>(plain + 1);
    zs.avail_in = uInt(size - 1);
    zs.next_out = buf.data() + 6;
    zs.avail_out = uInt(room);
    int r = deflate(&zs, Z_FINISH);
    size_t produced = zs.total_out;
    deflateEnd(&zs);
    if (r != Z_STREAM_END) return false;
    uint32_t plain_len = uint32_t(size - 1);
    buf[0] = kVersion;
    buf[1] = kExtCompressed;
    buf[2] = uint8_t(plain_len >> 24);
    buf[3] = uint8_t(plain_len >> 16);
    buf[4] = uint8_t(plain_len >> 8);
    buf[5] = uint8_t(plain_len);
    buf.resize(6 + produced);
    out = std::move(buf);
    return true;
}

EtfEncodeStatus etf_encode(Term t, const EtfEncodeOptions &opts, std::vector<uint8_t> &out) {
    uint64_t size;
    EtfEncodeStatus s = etf_encoded_size(t, opts, size);
    if (s != EtfEncodeStatus::Ok) return s;
    std::vector<uint8_t> plain(size);
    etf_encode_plain(t, opts, plain.data(), size);
    if (!etf_compress(plain.data(), plain.size(), opts.compression, out)) out = std::move(plain);
    return EtfEncodeStatus::Ok;
}

Term term_to_binary(Process *p, Term t, const EtfEncodeOptions &opts) {
    uint64_t size;
    EtfEncodeStatus s = etf_encoded_size(t, opts, size);
    if (s != EtfEncodeStatus::Ok) return encode_failure(p, s);
    if (opts.compression == 0) {
        uint8_t *data;
        Term bin = make_binary(p, size, &data);
        etf_encode_plain(t, opts, data, size);
        return bin;
    }
    std::vector<uint8_t> plain(size), packed;
    etf_encode_plain(t, opts, plain.data(), size);
    const std::vector<uint8_t> &result =
        etf_compress(plain.data(), plain.size(), opts.compression, packed) ? packed : plain;
    return make_binary(p, result.data(), result.size());
}

Term term_to_iovec(Process *p, Term t, const EtfEncodeOptions &opts) {
    if (opts.compression != 0) return term_to_binary(p, t, opts);
    uint64_t size;
    EtfEncodeStatus s = etf_encoded_size(t, opts, size);
    if (s != EtfEncodeStatus::Ok) return encode_failure(p, s);
    std::vector<uint8_t> buf(size);
    std::vector<IovSegment> segs;
    size_t written = 0;
    encode_plain(t, opts, buf.data(), size, &segs, &written);

    // Elements in order: inline bytes, off-heap binary, inline bytes, ... (no empty chunks).
    std::vector<Term> elems;
    size_t from = 0;
    for (const IovSegment &seg : segs) {
        if (seg.at > from) elems.push_back(make_binary(p, buf.data() + from, seg.at - from));
        const BinRef &r = seg.bin;
        size_t root_size = size_t(boxed_ptr(r.root)[1]);
        if (r.bit_offset == 0 && r.whole == root_size)
            elems.push_back(r.root);
        else
            elems.push_back(
                make_sub_bin(p->alloc(kSubBinWords), r.root, r.bit_offset, r.whole * 8));
        from = seg.at;
    }
    if (written > from || elems.empty())
        elems.push_back(make_binary(p, buf.data() + from, written - from));
    Term list = kNil;
    for (size_t i = elems.size(); i-- > 0;)
        list = make_cons(p, elems[i], list);
    return list;
}

// ---- term_to_binary in time slices ------------------------------------------------------------

EtfBinaryJob::Step etf_term_to_binary_quick(Process *p, Term t, const EtfEncodeOptions &opts,
                                            int64_t budget, Term *result) {
    Counter c;
    c.n = 1; // version byte
    Encoder<Counter> sizer(c, opts);
    sizer.set_bounded();
    Term pending = kNil;
    switch (sizer.run(t, nullptr, pending, budget)) {
    case Encoder<Counter>::Result::Yield:
        return EtfBinaryJob::Step::Yield;
    case Encoder<Counter>::Result::SystemLimit:
        return EtfBinaryJob::Step::SystemLimit;
    case Encoder<Counter>::Result::Unsupported:
        return EtfBinaryJob::Step::Unsupported;
    case Encoder<Counter>::Result::Done:
        break;
    }
    uint64_t size = c.n;
    // Writing costs what measuring did; compressing a large encoding is left to a job.
    if (opts.compression != 0 && size > uint64_t(kEtfSliceUnits)) return EtfBinaryJob::Step::Yield;
    if (opts.compression == 0) {
        uint8_t *data;
        *result = make_binary(p, size, &data);
        etf_encode_plain(t, opts, data, size);
    } else {
        std::vector<uint8_t> plain(size), packed;
        etf_encode_plain(t, opts, plain.data(), size);
        const std::vector<uint8_t> &bytes =
            etf_compress(plain.data(), plain.size(), opts.compression, packed) ? packed : plain;
        *result = make_binary(p, bytes.data(), bytes.size());
    }
    return EtfBinaryJob::Step::Done;
}

struct EtfBinaryJob::Impl {
    EtfEncodeOptions opts;
    enum class Phase : uint8_t { Size, Write, Compress } phase = Phase::Size;
    Counter counter;
    std::unique_ptr<Encoder<Counter>> sizer;
    Binary *plain = nullptr; // the uncompressed encoding, once its size is known
    Writer writer;
    std::unique_ptr<Encoder<Writer>> encoder;
    z_stream zs{};
    bool deflating = false;
    Binary *packed = nullptr; // 131, 80, size32, then the zlib stream
    size_t in_left = 0;

    ~Impl() {
        if (deflating) deflateEnd(&zs);
        if (plain) plain->release();
        if (packed) packed->release();
    }

    // Starts deflating the plain encoding; false if compression does not apply.
    bool start_compress() {
        size_t size = plain->size;
        if (opts.compression == 0 || size < 7 || size - 1 > 0xFFFFFFFFu) return false;
        if (deflateInit(&zs, opts.compression) != Z_OK) return false;
        deflating = true;
        packed = Binary::create(size); // 6 header bytes + as much room as compressing saves
        zs.next_in = plain->data + 1;
        zs.next_out = packed->data + 6;
        zs.avail_out = uInt(size - 6);
        in_left = size - 1;
        return true;
    }

    // Deflates up to the budget: 1 when done (compressed), 0 when it must go on, -1 when
    // compression does not pay (the plain encoding is the result).
    int compress(int64_t &budget) {
        while (budget > 0) {
            size_t chunk = std::min<size_t>(in_left, size_t(budget) * 2);
            zs.avail_in = uInt(chunk);
            int flush = chunk == in_left ? Z_FINISH : Z_NO_FLUSH;
            int r = deflate(&zs, flush);
            size_t used = chunk - zs.avail_in;
            in_left -= used;
            budget -= int64_t(used / 2) + 1;
            if (r == Z_STREAM_END) return 1;
            if ((r != Z_OK && r != Z_BUF_ERROR) || zs.avail_out == 0) return -1;
        }
        return 0;
    }

    Term compressed_result(Process *p) {
        deflateEnd(&zs);
        deflating = false;
        uint32_t plain_len = uint32_t(plain->size - 1);
        uint8_t *h = packed->data;
        h[0] = kVersion;
        h[1] = kExtCompressed;
        h[2] = uint8_t(plain_len >> 24);
        h[3] = uint8_t(plain_len >> 16);
        h[4] = uint8_t(plain_len >> 8);
        h[5] = uint8_t(plain_len);
        Term t = make_binary(p, packed->data, 6 + zs.total_out);
        packed->release();
        packed = nullptr;
        return t;
    }
};

EtfBinaryJob::EtfBinaryJob(const EtfEncodeOptions &opts) : impl_(std::make_unique<Impl>()) {
    impl_->opts = opts;
}

EtfBinaryJob::~EtfBinaryJob() = default;

EtfBinaryJob::Step EtfBinaryJob::run(Process *p, Term term, Term &stack, int64_t budget,
                                     Term *result) {
    Impl &j = *impl_;
    using R = Encoder<Counter>::Result;
    auto failed = [](auto r) {
        return r == R::SystemLimit ? Step::SystemLimit : Step::Unsupported;
    };
    for (;;) {
        switch (j.phase) {
        case Impl::Phase::Size: {
            if (!j.sizer) {
                j.counter.n = 1; // version byte
                j.sizer = std::make_unique<Encoder<Counter>>(j.counter, j.opts);
            }
            R r = j.sizer->run(term, p, stack, budget);
            if (r == R::Yield) return Step::Yield;
            if (r != R::Done) return failed(r);
            j.sizer.reset();
            j.plain = Binary::create(j.counter.n);
            j.writer = Writer{j.plain->data, j.plain->data, j.plain->data + j.counter.n, 0};
            j.writer.u8(kVersion);
            j.encoder = std::make_unique<Encoder<Writer>>(j.writer, j.opts);
            j.phase = Impl::Phase::Write;
            break;
        }
        case Impl::Phase::Write: {
            auto r = j.encoder->run(term, p, stack, budget);
            if (r == Encoder<Writer>::Result::Yield) return Step::Yield;
            j.encoder.reset();
            assert(j.writer.p == j.writer.end);
            if (!j.start_compress()) {
                *result = plain_result(p, j.plain);
                j.plain = nullptr;
                return Step::Done;
            }
            j.phase = Impl::Phase::Compress;
            break;
        }
        case Impl::Phase::Compress: {
            int r = j.compress(budget);
            if (r == 0) return Step::Yield;
            if (r > 0) {
                *result = j.compressed_result(p);
            } else {
                *result = plain_result(p, j.plain);
                j.plain = nullptr;
            }
            return Step::Done;
        }
        }
    }
}

} // namespace hamlet
