#include "vm/etf_decode.h"
#include "vm/etf_tags.h"

#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/hamt.h"
#include "vm/map.h"
#include "vm/term_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <zlib.h>

namespace hamlet {
namespace {



constexpr uint8_t kVersion = 131;
constexpr Word kExtPidWords = 5, kExtPortWords = 4;

struct DecodeError {
    std::string what;
    size_t offset;
};

// Bounds-checked cursor; every read that would pass the end throws DecodeError.
struct Cursor {
    const uint8_t *data;
    size_t size;
    size_t pos = 0;

    [[noreturn]] void fail(const std::string &what) const { throw DecodeError{what, pos}; }
    void need(size_t n) const {
        if (n > size - pos) fail("truncated term");
    }
    uint8_t u8() {
        need(1);
        return data[pos++];
    }
    uint16_t u16() {
        need(2);
        uint16_t v = uint16_t(data[pos] << 8 | data[pos + 1]);
        pos += 2;
        return v;
    }
    uint32_t u32() {
        need(4);
        uint32_t v = uint32_t(data[pos]) << 24 | uint32_t(data[pos + 1]) << 16 |
                     uint32_t(data[pos + 2]) << 8 | data[pos + 3];
        pos += 4;
        return v;
    }
    uint64_t u64() {
        uint64_t hi = u32();
        return hi << 32 | u32();
    }
    const uint8_t *bytes(size_t n) {
        need(n);
        const uint8_t *p = data + pos;
        pos += n;
        return p;
    }
    size_t remaining() const { return size - pos; }
};

bool is_atom_tag(uint8_t t) {
    return t == kExtAtom || t == kExtSmallAtom || t == kExtAtomUtf8 || t == kExtSmallAtomUtf8;
}

// Reads an atom (tag included); validates it, and in the build pass interns it.
Term read_atom(Cursor &c, bool build, const EtfOptions &opts) {
    uint8_t t = c.u8();
    if (!is_atom_tag(t)) c.fail("expected an atom");
    size_t len = (t == kExtAtom || t == kExtAtomUtf8) ? c.u16() : c.u8();
    auto text = std::string_view(reinterpret_cast<const char *>(c.bytes(len)), len);
    bool latin1 = t == kExtAtom || t == kExtSmallAtom;
    if (latin1) {
        if (len > AtomTable::kMaxChars) c.fail("atom longer than 255 characters");
    } else {
        auto chars = utf8_length(text);
        if (!chars) c.fail("atom is not valid UTF-8");
        if (*chars > AtomTable::kMaxChars) c.fail("atom longer than 255 characters");
    }
    if (!build && !opts.safe) return kNonValue;
    auto &tab = AtomTable::global();
    std::optional<Term> a;
    if (opts.safe) {
        if (latin1) {
            a = tab.find(latin1_to_utf8(text));
        } else {
            a = tab.find(text);
        }
        if (!a) c.fail("unknown atom (safe decoding)");
    } else {
        a = latin1 ? tab.intern_latin1(text) : tab.intern(text);
        if (!a) c.fail("atom table is full");
    }
    return *a;
}

// A bignum's magnitude as given (little-endian bytes), with its significant length.
struct BigDigits {
    const uint8_t *bytes;
    size_t len; // significant bytes
    bool negative;
    Word limbs() const { return (len + 7) / 8; }
    bool fits_small() const {
        if (len > 8) return false;
        Word m = 0;
        for (size_t i = 0; i < len; ++i) m |= Word(bytes[i]) << (8 * i);
        return negative ? m <= Word(kMaxSmall) + 1 : m <= Word(kMaxSmall);
    }
};

BigDigits read_big(Cursor &c, uint8_t tag) {
    size_t n = tag == kExtSmallBig ? c.u8() : c.u32();
    uint8_t sign = c.u8();
    if (sign > 1) c.fail("bad bignum sign byte");
    const uint8_t *p = c.bytes(n);
    while (n > 0 && p[n - 1] == 0) --n;
    return {p, n, sign == 1};
}

double read_old_float(Cursor &c) {
    const uint8_t *p = c.bytes(31);
    char text[32];
    std::memcpy(text, p, 31);
    text[31] = 0;
    char *end = nullptr;
    double d = std::strtod(text, &end);
    if (end == text) c.fail("bad FLOAT_EXT text");
    for (char *q = end; q < text + 31; ++q)
        if (*q != 0) c.fail("bad FLOAT_EXT text");
    if (!std::isfinite(d)) c.fail("float is not finite");
    return d;
}

double read_new_float(Cursor &c) {
    uint64_t bits = c.u64();
    double d;
    std::memcpy(&d, &bits, 8);
    if (!std::isfinite(d)) c.fail("float is not finite");
    return d;
}

struct PidFields {
    Term node;
    uint64_t id, serial;
    uint32_t creation;
};

// Local when it names this (non-distributed) node and fits a local pid immediate.
bool pid_is_local(Term node, uint32_t creation, uint64_t id, uint64_t serial) {
    return node == atom::nonode_nohost && creation == 0 && id < (1ull << 32) && serial < (1ull << 28);
}

// ---- pass 1: validate and measure -------------------------------------------------------

size_t measure(Cursor &c, const EtfOptions &opts) {
    uint64_t pending = 1;
    size_t words = 0;
    auto add_pending = [&](uint64_t n) {
        // Every term takes at least one byte, so more pending terms than bytes is a lie.
        if (pending + n > c.remaining()) c.fail("length exceeds the data");
        pending += n;
    };
    while (pending > 0) {
        --pending;
        size_t start = c.pos;
        uint8_t t = c.u8();
        switch (t) {
        case kExtSmallInteger: c.u8(); break;
        case kExtInteger: c.u32(); break;
        case kExtSmallBig:
        case kExtLargeBig: {
            BigDigits d = read_big(c, t);
            if (!d.fits_small()) words += bignum_words(d.limbs());
            break;
        }
        case kExtNewFloat:
            read_new_float(c);
            words += kFloatWords;
            break;
        case kExtFloat:
            read_old_float(c);
            words += kFloatWords;
            break;
        case kExtAtom:
        case kExtSmallAtom:
        case kExtAtomUtf8:
        case kExtSmallAtomUtf8:
            c.pos = start;
            read_atom(c, false, opts);
            break;
        case kExtSmallTuple:
        case kExtLargeTuple: {
            uint32_t n = t == kExtSmallTuple ? c.u8() : c.u32();
            add_pending(n);
            words += 1 + Word(n);
            break;
        }
        case kExtNil: break;
        case kExtString: {
            uint16_t n = c.u16();
            c.bytes(n);
            words += 2 * Word(n);
            break;
        }
        case kExtList: {
            uint32_t n = c.u32();
            add_pending(uint64_t(n) + 1);
            words += 2 * Word(n);
            break;
        }
        case kExtBinary: {
            uint32_t n = c.u32();
            c.bytes(n);
            words += binary_words(n);
            break;
        }
        case kExtBitBinary: {
            uint32_t n = c.u32();
            uint8_t bits = c.u8();
            c.bytes(n);
            if (n == 0 ? bits != 0 : (bits < 1 || bits > 8)) c.fail("bad bit count in BIT_BINARY_EXT");
            words += binary_words(n) + (bits == 8 || n == 0 ? 0 : kSubBinWords);
            break;
        }
        case kExtMap: {
            uint32_t n = c.u32();
            add_pending(2 * uint64_t(n));
            // A HAMT's head and leaves; its inner nodes are allocated once its keys are
            // known (Builder::finish_maps).
            words += n <= kMaxFlatmapSize ? flatmap_words(n) : kHamtNodeMaxWords + 2 * Word(n);
            break;
        }
        case kExtExport: {
            read_atom(c, false, opts);
            read_atom(c, false, opts);
            if (c.u8() != kExtSmallInteger) c.fail("export arity must be SMALL_INTEGER_EXT");
            c.u8();
            words += kExportWords;
            break;
        }
        case kExtNewPid:
        case kExtPid: {
            Term node = read_atom(c, true, opts); // needed to tell local from remote
            uint64_t id = c.u32(), serial = c.u32();
            uint32_t creation = t == kExtNewPid ? c.u32() : c.u8();
            if (!pid_is_local(node, creation, id, serial)) words += kExtPidWords;
            break;
        }
        case kExtNewPort:
        case kExtPort:
        case kExtV4Port: {
            read_atom(c, false, opts);
            if (t == kExtV4Port) c.u64(); else c.u32();
            if (t == kExtPort) c.u8(); else c.u32();
            words += kExtPortWords;
            break;
        }
        case kExtNewerReference:
        case kExtNewReference: {
            uint16_t n = c.u16();
            if (n < 1 || n > 5) c.fail("bad reference length");
            read_atom(c, false, opts);
            if (t == kExtNewerReference) c.u32(); else c.u8();
            c.bytes(4 * size_t(n));
            words += 3 + n;
            break;
        }
        case kExtReference: {
            read_atom(c, false, opts);
            c.u32();
            c.u8();
            words += 3 + 1;
            break;
        }
        case kExtNewFun: c.fail("local funs (NEW_FUN_EXT) are not supported yet");
        case kExtFun: c.fail("FUN_EXT is obsolete and no longer decoded");
        case kExtAtomCacheRef: c.fail("ATOM_CACHE_REF outside a distribution header");
        case kExtCompressed: c.fail("compressed term nested inside a term");
        case kExtLocal: c.fail("LOCAL_EXT from another runtime");
        default: c.pos = start, c.fail("unknown tag " + std::to_string(t));
        }
    }
    return words;
}

// ---- pass 2: build ----------------------------------------------------------------------

struct Builder {
    Cursor &c;
    Word *hp;
    Word *hend;
    TermSink &sink;
    OffHeap &off_heap;
    const EtfOptions &opts;
    std::vector<Term *> slots;
    struct PendingMap {
        Term map;
        Word *leaves; // a HAMT's n leaf cells; nullptr for a flatmap
        uint32_t n;
    };
    std::vector<PendingMap> maps; // in creation (pre-)order; finished afterwards

    Word *take(Word n) {
        if (n > Word(hend - hp)) c.fail("internal error: measured size exceeded");
        Word *p = hp;
        hp += n;
        return p;
    }

    Term binary(const uint8_t *src, size_t n) {
        if (n <= kHeapBinLimit) {
            uint8_t *dst;
            Term t = make_heap_bin(take(heap_bin_words(n)), n, &dst);
            std::memcpy(dst, src, n);
            return t;
        }
        Binary *b = Binary::create(n);
        std::memcpy(b->data, src, n);
        return make_refc_bin(take(kRefcBinWords), b, off_heap);
    }

    Term one() {
        size_t start = c.pos;
        uint8_t t = c.u8();
        switch (t) {
        case kExtSmallInteger: return make_small(c.u8());
        case kExtInteger: return make_small(int32_t(c.u32()));
        case kExtSmallBig:
        case kExtLargeBig: {
            BigDigits d = read_big(c, t);
            Word limbs = d.limbs();
            if (d.fits_small()) {
                Word m = 0;
                for (size_t i = 0; i < d.len; ++i) m |= Word(d.bytes[i]) << (8 * i);
                return make_small(d.negative ? -SWord(m) : SWord(m));
            }
            Word *at = take(bignum_words(limbs));
            for (Word i = 0; i < limbs; ++i) {
                Word limb = 0;
                for (size_t b = 0; b < 8 && i * 8 + b < d.len; ++b) limb |= Word(d.bytes[i * 8 + b]) << (8 * b);
                at[1 + i] = limb;
            }
            at[0] = make_header(d.negative ? Subtag::NegBig : Subtag::PosBig, limbs);
            return make_boxed(at);
        }
        case kExtNewFloat:
        case kExtFloat: {
            double d = t == kExtNewFloat ? read_new_float(c) : read_old_float(c);
            Word *at = take(kFloatWords);
            at[0] = make_header(Subtag::Float, 1);
            std::memcpy(at + 1, &d, 8);
            return make_boxed(at);
        }
        case kExtAtom:
        case kExtSmallAtom:
        case kExtAtomUtf8:
        case kExtSmallAtomUtf8: c.pos = start; return read_atom(c, true, opts);
        case kExtSmallTuple:
        case kExtLargeTuple: {
            uint32_t n = t == kExtSmallTuple ? c.u8() : c.u32();
            Word *at = take(1 + Word(n));
            at[0] = make_header(Subtag::Tuple, n);
            for (uint32_t i = n; i-- > 0;) slots.push_back(at + 1 + i);
            return make_boxed(at);
        }
        case kExtNil: return kNil;
        case kExtString: {
            uint16_t n = c.u16();
            const uint8_t *p = c.bytes(n);
            if (n == 0) return kNil;
            Word *cells = take(2 * Word(n));
            for (uint16_t i = 0; i < n; ++i) {
                cells[2 * i] = make_small(p[i]);
                cells[2 * i + 1] = i + 1 < n ? make_list(cells + 2 * (i + 1)) : kNil;
            }
            return make_list(cells);
        }
        case kExtList: {
            uint32_t n = c.u32();
            if (n == 0) { // degenerate: the "list" is just its tail, the next term read
                redo = true;
                return kNonValue;
            }
            Word *cells = take(2 * Word(n));
            for (uint32_t i = 0; i + 1 < n; ++i) cells[2 * i + 1] = make_list(cells + 2 * (i + 1));
            slots.push_back(cells + 2 * (Word(n) - 1) + 1);
            for (uint32_t i = n; i-- > 0;) slots.push_back(cells + 2 * i);
            return make_list(cells);
        }
        case kExtBinary: {
            uint32_t n = c.u32();
            return binary(c.bytes(n), n);
        }
        case kExtBitBinary: {
            uint32_t n = c.u32();
            uint8_t bits = c.u8();
            const uint8_t *p = c.bytes(n);
            if (n == 0 || bits == 8) return binary(p, n);
            std::vector<uint8_t> copy(p, p + n);
            copy[n - 1] &= uint8_t(0xFF << (8 - bits)); // unused low bits are zero
            Term whole = binary(copy.data(), n);
            return make_sub_bin(take(kSubBinWords), whole, 0, (size_t(n) - 1) * 8 + bits);
        }
        case kExtMap: {
            uint32_t n = c.u32();
            if (n > kMaxFlatmapSize) {
                // Room for the head (a filler until finish_maps writes it) and the leaves.
                Word *head = take(kHamtNodeMaxWords);
                head[0] = make_header(Subtag::Free, kHamtNodeMaxWords - 1);
                Word *cells = take(2 * Word(n));
                for (uint32_t i = n; i-- > 0;) {
                    slots.push_back(cells + 2 * i + 1);
                    slots.push_back(cells + 2 * i);
                }
                Term map = make_boxed(head);
                maps.push_back({map, cells, n});
                return map;
            }
            Word *keys = take(1 + Word(n));
            keys[0] = make_header(Subtag::Tuple, n);
            Word *m = take(3 + Word(n));
            m[0] = make_header(Subtag::Map, 2 + Word(n));
            m[1] = Word(n) << 2 | kFlatmapKind;
            m[2] = make_boxed(keys);
            for (uint32_t i = n; i-- > 0;) {
                slots.push_back(m + 3 + i);
                slots.push_back(keys + 1 + i);
            }
            Term map = make_boxed(m);
            maps.push_back({map, nullptr, n});
            return map;
        }
        case kExtExport: {
            Term mod = read_atom(c, true, opts);
            Term fun = read_atom(c, true, opts);
            c.u8();
            Word *at = take(kExportWords);
            at[0] = make_header(Subtag::Export, kExportWords - 1);
            at[1] = mod;
            at[2] = fun;
            at[3] = make_small(c.u8());
            at[4] = 0; // export entry, bound on first call
            return make_boxed(at);
        }
        case kExtNewPid:
        case kExtPid: {
            Term node = read_atom(c, true, opts);
            uint64_t id = c.u32(), serial = c.u32();
            uint32_t creation = t == kExtNewPid ? c.u32() : c.u8();
            if (pid_is_local(node, creation, id, serial)) return make_local_pid(serial << 32 | id);
            Word *at = take(kExtPidWords);
            at[0] = make_header(Subtag::ExtPid, kExtPidWords - 1);
            at[1] = node, at[2] = id, at[3] = serial, at[4] = creation;
            return make_boxed(at);
        }
        case kExtNewPort:
        case kExtPort:
        case kExtV4Port: {
            Term node = read_atom(c, true, opts);
            uint64_t id = t == kExtV4Port ? c.u64() : c.u32();
            uint32_t creation = t == kExtPort ? c.u8() : c.u32();
            Word *at = take(kExtPortWords);
            at[0] = make_header(Subtag::ExtPort, kExtPortWords - 1);
            at[1] = node, at[2] = id, at[3] = creation;
            return make_boxed(at);
        }
        case kExtReference: { // old layout: node, one id word, one creation byte
            Term node = read_atom(c, true, opts);
            uint32_t id = c.u32();
            uint32_t creation = c.u8();
            Word *at = take(4);
            at[0] = make_header(Subtag::ExtRef, 3);
            at[1] = node, at[2] = creation, at[3] = id;
            return make_boxed(at);
        }
        case kExtNewerReference:
        case kExtNewReference: {
            uint16_t n = c.u16();
            Term node = read_atom(c, true, opts);
            uint32_t creation = t == kExtNewerReference ? c.u32() : c.u8();
            Word *at = take(3 + Word(n));
            at[0] = make_header(Subtag::ExtRef, 2 + Word(n));
            at[1] = node, at[2] = creation;
            for (uint16_t i = 0; i < n; ++i) at[3 + i] = c.u32();
            return make_boxed(at);
        }
        default: c.pos = start; c.fail("unexpected tag in build pass");
        }
    }

    // Set by one() when the term it read does not fill its slot (an empty LIST_EXT): the
    // slot then takes the next term. Keeps decoding iterative however deep such nesting is.
    bool redo = false;

    // Fills every pending slot (and whatever those terms add).
    void fill() {
        while (!slots.empty()) {
            Term *slot = slots.back();
            slots.pop_back();
            Term t = one();
            if (redo) {
                redo = false;
                slots.push_back(slot);
            } else {
                *slot = t;
            }
        }
    }

    // Sorts flatmaps' keys and builds HAMTs, inner maps first: they were created after the
    // maps containing them, and comparing or hashing outer keys looks into them.
    void finish_maps() {
        for (auto it = maps.rbegin(); it != maps.rend(); ++it) {
            if (it->leaves) finish_hamt(*it);
            else sort_flatmap(it->map);
        }
    }

    void sort_flatmap(Term map) {
        Word n = flatmap_size(map);
        Term *keys = tuple_elements(flatmap_keys(map));
        Term *vals = flatmap_values(map);
        std::vector<std::pair<Term, Term>> kv(n);
        for (Word i = 0; i < n; ++i) kv[i] = {keys[i], vals[i]};
        std::sort(kv.begin(), kv.end(), [](auto &a, auto &b) { return compare_exact(a.first, b.first) < 0; });
        for (Word i = 0; i < n; ++i) {
            if (i > 0 && compare_exact(kv[i - 1].first, kv[i].first) == 0) c.fail("duplicate map key");
            keys[i] = kv[i].first;
            vals[i] = kv[i].second;
        }
    }

    // As erts, a map of more than 32 keys is a HAMT however it was encoded.
    void finish_hamt(const PendingMap &pm) {
        std::vector<Term> leaves(pm.n);
        for (uint32_t i = 0; i < pm.n; ++i) leaves[i] = make_list(pm.leaves + 2 * i);
        HamtBuilder b;
        if (!b.plan(leaves.data(), leaves.size(), HamtBuilder::Duplicates::Reject)) c.fail("duplicate map key");
        size_t node_words = b.node_words();
        Word *nodes = node_words ? sink.alloc(node_words) : nullptr;
        Word *head = boxed_ptr(pm.map);
        b.emit(head, nodes);
        size_t used = b.head_words();
        if (used < kHamtNodeMaxWords) head[used] = make_header(Subtag::Free, kHamtNodeMaxWords - used - 1);
    }
};

EtfResult decode_plain(const uint8_t *data, size_t size, size_t skip, TermSink &sink,
                       const EtfOptions &opts) {
    EtfResult r;
    Cursor c{data, size, skip};
    try {
        size_t words = measure(c, opts);
        size_t end = c.pos;
        c.pos = skip;
        Word *hp = words ? sink.alloc(words) : nullptr;
        Builder b{c, hp, hp + words, sink, sink.off_heap(), opts, {}, {}};
        Term root = kNonValue;
        b.slots.push_back(&root);
        b.fill();
        b.finish_maps();
        r.term = root;
        r.consumed = end;
    } catch (const DecodeError &e) {
        r.error = e.what + " at byte " + std::to_string(e.offset);
    }
    return r;
}

} // namespace

EtfResult etf_decode(const uint8_t *data, size_t size, TermSink &sink, const EtfOptions &opts) {
    EtfResult r;
    if (size < 1 || data[0] != kVersion) {
        r.error = "not external term format (no version byte 131)";
        return r;
    }
    if (size >= 2 && data[1] == kExtCompressed) {
        if (size < 6) {
            r.error = "truncated compressed term";
            return r;
        }
        uLongf out_size = uLongf(data[2]) << 24 | uLongf(data[3]) << 16 | uLongf(data[4]) << 8 | data[5];
        // The compressed stream can expand at most ~1032x; reject sizes it cannot reach
        // before allocating anything.
        if (out_size > (size - 6) * 1032 + 64) {
            r.error = "compressed size larger than the data can hold";
            return r;
        }
        std::vector<uint8_t> inflated(out_size + 1);
        inflated[0] = kVersion;
        uLongf got = out_size;
        uLong used = uLong(size - 6);
        int z = uncompress2(inflated.data() + 1, &got, data + 6, &used);
        if (z != Z_OK || got != out_size) {
            r.error = "bad zlib stream in compressed term";
            return r;
        }
        // As on the BEAM, bytes after the term inside the inflated data are ignored.
        EtfResult inner = decode_plain(inflated.data(), inflated.size(), 1, sink, opts);
        if (inner.ok()) inner.consumed = 6 + used;
        return inner;
    }
    return decode_plain(data, size, 1, sink, opts);
}

} // namespace hamlet
