#include "vm/etf_encode.h"
#include "vm/etf_tags.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/bignum.h"
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
        return {s.size() > 255 ? uint8_t(kExtAtomUtf8) : uint8_t(kExtSmallAtomUtf8), s, false, s.size()};
    return {kExtAtom, s, true, chars};
}

// Number of significant bytes in a bignum's magnitude.
size_t bignum_bytes(Term t) {
    Word n = bignum_limb_count(t);
    Word top = bignum_limbs(t)[n - 1];
    size_t b = 8;
    while (b > 1 && (top >> (8 * (b - 1))) == 0) --b;
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
        if (!is_small(h) || small_value(h) < 0 || small_value(h) > 255 || ++len > kMaxStringExt) return false;
        t = cdr(t);
    }
    return is_nil(t);
}

size_t list_length_to_tail(Term t) {
    size_t n = 0;
    while (is_list(t)) {
        ++n;
        t = cdr(t);
    }
    return n;
}

// ---- output sinks ------------------------------------------------------------------------

struct Counter {
    static constexpr bool kWrites = false;
    uint64_t n = 0;
    void u8(uint8_t) { n += 1; }
    void u16(uint32_t) { n += 2; }
    void u32(uint32_t) { n += 4; }
    void u64(uint64_t) { n += 8; }
    void skip(size_t k) { n += k; }
};

struct Writer {
    static constexpr bool kWrites = true;
    uint8_t *p;
    uint8_t *end;
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
};

// Off-heap binaries left out of the written bytes (term_to_iovec).
struct IovSegment {
    size_t at;     // offset in the written bytes where the binary's data belongs
    BinRef bin;
};

// ---- the encoder ---------------------------------------------------------------------------

template <class Out> class Encoder {
  public:
    Encoder(Out &out, const EtfEncodeOptions &opts, std::vector<IovSegment> *iov = nullptr,
            const uint8_t *begin = nullptr)
        : out_(out), opts_(opts), iov_(iov), begin_(begin) {}

    EtfEncodeStatus run(Term root) {
        stack_.push_back({kOne, root, nullptr, nullptr, 0});
        while (!stack_.empty()) {
            Item it = stack_.back();
            stack_.pop_back();
            Term t;
            switch (it.kind) {
            case kOne: t = it.term; break;
            case kArray:
                t = it.a[0];
                if (it.n > 1) stack_.push_back({kArray, 0, it.a + 1, nullptr, it.n - 1});
                break;
            case kPairs:
                t = it.a[0];
                if (it.n > 1) stack_.push_back({kPairs, 0, it.a + 1, it.b + 1, it.n - 1});
                stack_.push_back({kOne, it.b[0], nullptr, nullptr, 0});
                break;
            case kCells:
                t = car(it.term);
                if (it.n > 1) stack_.push_back({kCells, cdr(it.term), nullptr, nullptr, it.n - 1});
                break;
            default: t = kNil; break;
            }
            EtfEncodeStatus s = one(t);
            if (s != EtfEncodeStatus::Ok) return s;
        }
        return EtfEncodeStatus::Ok;
    }

  private:
    enum Kind : uint8_t { kOne, kArray, kPairs, kCells };
    struct Item {
        Kind kind;
        Term term;     // kOne: the term; kCells: the next cons cell
        const Term *a; // kArray: elements; kPairs: keys
        const Term *b; // kPairs: values
        size_t n;      // elements/pairs/cells left
    };

    Out &out_;
    const EtfEncodeOptions &opts_;
    std::vector<IovSegment> *iov_;
    const uint8_t *begin_; // start of the output (iovec offsets)
    std::vector<Item> stack_;
    std::vector<std::unique_ptr<Term[]>> scratch_; // reordered large maps

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
        for (size_t i = 0; i < n; ++i) out_.u8(uint8_t(magnitude >> (8 * i)));
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
            for (size_t i = 0; i < n; ++i) out_.u8(uint8_t(l[i / 8] >> (8 * (i % 8))));
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

    EtfEncodeStatus binary(Term t) {
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
            const BitView &v = r.view;
            bool off_heap = iov_ && boxed_subtag(r.root) == Subtag::RefcBin && r.bit_offset % 8 == 0 &&
                            r.whole > kHeapBinLimit;
            if (off_heap) {
                iov_->push_back({size_t(out_.p - begin_), r});
            } else if (v.byte_aligned()) {
                out_.bytes(v.bytes(), r.whole);
            } else {
                for (size_t i = 0; i < r.whole; ++i) out_.u8(bits_byte(v, i));
            }
            if (r.tail_bits) out_.u8(bits_byte(v, r.whole));
        } else {
            out_.skip(r.whole + (r.tail_bits ? 1 : 0));
        }
        return EtfEncodeStatus::Ok;
    }

    void map(Term m) {
        Word n = map_size(m);
        out_.u8(kExtMap);
        out_.u32(uint32_t(n));
        if (n == 0) return;
        if (is_flatmap(m)) {
            stack_.push_back({kPairs, 0, tuple_elements(flatmap_keys(m)), flatmap_values(m), size_t(n)});
            return;
        }
        // erts writes a HAMT's pairs in the reverse of its iteration order; with
        // `deterministic`, sorted in map-key order (integers before floats).
        auto buf = std::make_unique<Term[]>(2 * n);
        Term *k = buf.get(), *v = buf.get() + n;
        size_t i = n;
        MapIterator it(m);
        while (i > 0 && it.next(k[i - 1], v[i - 1])) --i;
        if (opts_.deterministic) {
            std::vector<size_t> idx(n);
            for (size_t j = 0; j < n; ++j) idx[j] = j;
            std::sort(idx.begin(), idx.end(), [&](size_t x, size_t y) { return compare_exact(k[x], k[y]) < 0; });
            auto sorted = std::make_unique<Term[]>(2 * n);
            for (size_t j = 0; j < n; ++j) {
                sorted[j] = k[idx[j]];
                sorted[n + j] = v[idx[j]];
            }
            buf = std::move(sorted);
            k = buf.get();
            v = buf.get() + n;
        }
        stack_.push_back({kPairs, 0, k, v, size_t(n)});
        scratch_.push_back(std::move(buf));
    }

    void pid(Term node, uint32_t id, uint32_t serial, uint32_t creation) {
        out_.u8(kExtNewPid);
        atom(node);
        out_.u32(id);
        out_.u32(serial);
        out_.u32(creation);
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

    EtfEncodeStatus one(Term t) {
        if (is_small(t)) {
            SWord v = small_value(t);
            if (v >= 0 && v < 256) {
                out_.u8(kExtSmallInteger);
                out_.u8(uint8_t(v));
            } else if (v >= INT32_MIN && v <= INT32_MAX) {
                out_.u8(kExtInteger);
                out_.u32(uint32_t(int32_t(v)));
            } else {
                small_big(v < 0 ? uint64_t(-v) : uint64_t(v), v < 0);
            }
        } else if (is_atom(t)) {
            atom(t);
        } else if (is_nil(t)) {
            out_.u8(kExtNil);
        } else if (is_list(t)) {
            size_t len;
            if (external_string(t, len)) {
                out_.u8(kExtString);
                out_.u16(uint32_t(len));
                if constexpr (Out::kWrites) {
                    for (Term c = t; is_list(c); c = cdr(c)) out_.u8(uint8_t(small_value(car(c))));
                } else {
                    out_.skip(len);
                }
            } else {
                size_t n = list_length_to_tail(t);
                Term tail = t;
                for (size_t i = 0; i < n; ++i) tail = cdr(tail);
                out_.u8(kExtList);
                out_.u32(uint32_t(n));
                stack_.push_back({kOne, tail, nullptr, nullptr, 0});
                stack_.push_back({kCells, t, nullptr, nullptr, n});
            }
        } else if (is_local_pid(t)) {
            Word n = local_pid_number(t);
            pid(atom::nonode_nohost, uint32_t(n), uint32_t(n >> 32), 0);
        } else if (is_local_port(t)) {
            port(atom::nonode_nohost, local_port_number(t), 0);
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
                if (n > 0) stack_.push_back({kArray, 0, p + 1, nullptr, size_t(n)});
                break;
            }
            case Subtag::PosBig:
            case Subtag::NegBig: bignum(t); break;
            case Subtag::Float: floating(t); break;
            case Subtag::HeapBin:
            case Subtag::RefcBin:
            case Subtag::SubBin: return binary(t);
            case Subtag::Map: map(t); break;
            case Subtag::Export:
                out_.u8(kExtExport);
                atom(p[1]);
                atom(p[2]);
                out_.u8(kExtSmallInteger);
                out_.u8(uint8_t(small_value(p[3])));
                break;
            case Subtag::ExtPid: pid(p[1], uint32_t(p[2]), uint32_t(p[3]), uint32_t(p[4])); break;
            case Subtag::ExtPort: port(p[1], p[2], uint32_t(p[3])); break;
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
                atom(ext ? p[1] : atom::nonode_nohost);
                out_.u32(ext ? uint32_t(p[2]) : 0);
                for (size_t i = 0; i < count; ++i) out_.u32(uint32_t(nums[i]));
                break;
            }
            default: return EtfEncodeStatus::Unsupported; // local funs, match contexts
            }
        } else {
            return EtfEncodeStatus::Unsupported;
        }
        return EtfEncodeStatus::Ok;
    }
};

EtfEncodeStatus encode_plain(Term t, const EtfEncodeOptions &opts, uint8_t *out, uint64_t size,
                             std::vector<IovSegment> *iov, size_t *written) {
    Writer w{out, out + size};
    w.u8(kVersion);
    Encoder<Writer> e(w, opts, iov, out);
    EtfEncodeStatus s = e.run(t);
    assert(w.p <= w.end && "etf_encode_plain: size from etf_encoded_size exceeded");
    if (written) *written = size_t(w.p - out);
    return s;
}

} // namespace

EtfEncodeStatus etf_encoded_size(Term t, const EtfEncodeOptions &opts, uint64_t &size) {
    Counter c;
    c.n = 1; // version byte
    Encoder<Counter> e(c, opts);
    EtfEncodeStatus s = e.run(t);
    size = c.n;
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

namespace {
Term encode_failure(Process *p, EtfEncodeStatus s) {
    return s == EtfEncodeStatus::SystemLimit ? p->system_limit() : p->badarg();
}
} // namespace

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
            elems.push_back(make_sub_bin(p->alloc(kSubBinWords), r.root, r.bit_offset, r.whole * 8));
        from = seg.at;
    }
    if (written > from || elems.empty()) elems.push_back(make_binary(p, buf.data() + from, written - from));
    Term list = kNil;
    for (size_t i = elems.size(); i-- > 0;) list = make_cons(p, elems[i], list);
    return list;
}

} // namespace hamlet
