#include "vm/etf_decode.h"
#include "vm/etf_tags.h"

#include "dist/node.h"

#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/etf_fun.h"
#include "vm/hamt.h"
#include "vm/map.h"
#include "vm/module.h"
#include "vm/term_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
        for (size_t i = 0; i < len; ++i)
            m |= Word(bytes[i]) << (8 * i);
        return negative ? m <= Word(kMaxSmall) + 1 : m <= Word(kMaxSmall);
    }
};

BigDigits read_big(Cursor &c, uint8_t tag) {
    size_t n = tag == kExtSmallBig ? c.u8() : c.u32();
    uint8_t sign = c.u8();
    if (sign > 1) c.fail("bad bignum sign byte");
    const uint8_t *p = c.bytes(n);
    while (n > 0 && p[n - 1] == 0)
        --n;
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

// An integer term that is a small integer (any integer encoding), as erts reads the
// arity of EXPORT_EXT and the old index and old uniq of NEW_FUN_EXT.
SWord read_small_integer(Cursor &c) {
    uint8_t t = c.u8();
    switch (t) {
    case kExtSmallInteger:
        return c.u8();
    case kExtInteger:
        return int32_t(c.u32());
    case kExtSmallBig:
    case kExtLargeBig: {
        BigDigits d = read_big(c, t);
        if (!d.fits_small()) c.fail("integer is not a small integer");
        Word m = 0;
        for (size_t i = 0; i < d.len; ++i)
            m |= Word(d.bytes[i]) << (8 * i);
        return d.negative ? -SWord(m) : SWord(m);
    }
    default:
        c.fail("expected an integer");
    }
}

struct PidFields {
    Term node;
    uint64_t id, serial;
    uint32_t creation;
};

// A node name and creation naming this (non-distributed) node.
bool node_is_local(Term node, uint32_t creation) {
    return node == this_node() && creation == this_creation();
}

// The largest number of a port of this node (erts' 28 bits of port data): a larger one
// naming this node is refused, as in erts.
constexpr uint64_t kMaxLocalPortNumber = (uint64_t(1) << 28) - 1;

// Local when it names this node and fits a local pid immediate.
bool pid_is_local(Term node, uint32_t creation, uint64_t id, uint64_t serial) {
    return node_is_local(node, creation) && id < (1ull << 32) && serial < (1ull << 28);
}

// A reference of this node is rebuilt as an internal reference with the same numbers (one or
// two numbers are padded with zeros), so that it is the very reference that was encoded (=:=,
// usable as an alias or a monitor reference). As in erts, a reference of this node with more
// than three numbers is refused.
constexpr Word kLocalRefWords = 4;

// PID_EXT, PORT_EXT, REFERENCE_EXT and NEW_REFERENCE_EXT carry a creation of 2 bits.
constexpr uint32_t kMaxTinyCreation = 3;

// The fields of a NEW_PID_EXT or PID_EXT whose tag has been read.
PidFields read_pid_fields(Cursor &c, uint8_t tag, const EtfOptions &opts) {
    Term node = read_atom(c, true, opts); // needed to tell local from remote
    uint64_t id = c.u32(), serial = c.u32();
    uint32_t creation = tag == kExtNewPid ? c.u32() : c.u8();
    // The old forms' one-byte creation is refused above 3, as in erts.
    if (tag != kExtNewPid && creation > kMaxTinyCreation) c.fail("bad creation");
    // This node's pids all fit a local pid immediate; erts refuses one of this node that
    // does not fit its own.
    if (node_is_local(node, creation) && !pid_is_local(node, creation, id, serial))
        c.fail("pid serial too large");
    return {node, id, serial, creation};
}

// A fun's creator: a pid (erts would take any term here).
PidFields read_creator(Cursor &c, const EtfOptions &opts) {
    uint8_t t = c.u8();
    if (t != kExtNewPid && t != kExtPid) c.fail("a fun's creator must be a pid");
    return read_pid_fields(c, t, opts);
}

Word pid_words(const PidFields &f) {
    return pid_is_local(f.node, f.creation, f.id, f.serial) ? 0 : kExtPidWords;
}

// binary_to_term(B, [safe]) refuses export funs of functions that are neither BIFs nor
// loaded.
bool export_is_active(Term module, Term function, uint32_t arity) {
    if (find_bif(module, function, arity)) return true;
    Export *e = ExportTable::global().find(module, function, arity);
    return e && e->address.load(std::memory_order_acquire) != e->stub;
}

// NEW_FUN_EXT after its tag, up to the creator (the free variables follow).
struct FunHeader {
    uint8_t arity;
    const uint8_t *md5;
    uint32_t index, num_free;
    Term module; // kNonValue in the validation pass (unless safe)
    SWord old_index, old_uniq;
    PidFields creator;
};

FunHeader read_fun_header(Cursor &c, bool build, const EtfOptions &opts) {
    FunHeader h;
    c.u32(); // the size: not checked, as in erts (some OTP releases wrote it too large)
    h.arity = c.u8();
    h.md5 = c.bytes(16);
    h.index = c.u32();
    h.num_free = c.u32();
    if (h.num_free > 255) c.fail("more than 255 free variables");
    h.module = read_atom(c, build, opts);
    h.old_index = read_small_integer(c);
    h.old_uniq = read_small_integer(c);
    h.creator = read_creator(c, opts);
    return h;
}

// ---- pass 1: validate and measure -------------------------------------------------------

struct Measure {
    uint64_t pending = 1; // terms still to read
    size_t words = 0;     // heap words of what was read
    uint64_t units = 0;   // the build pass's work

    // Reads terms until none is pending (true) or the budget is spent (false).
    bool run(Cursor &c, const EtfOptions &opts, int64_t &budget) {
        auto add_pending = [&](uint64_t n) {
            // Every term takes at least one byte, so more pending terms than bytes is a lie.
            if (pending + n > c.remaining()) c.fail("length exceeds the data");
            pending += n;
        };
        while (pending > 0) {
            if (budget <= 0) return false;
            --budget;
            ++units;
            --pending;
            size_t start = c.pos;
            uint8_t t = c.u8();
            switch (t) {
            case kExtSmallInteger:
                c.u8();
                break;
            case kExtInteger:
                c.u32();
                break;
            case kExtSmallBig:
            case kExtLargeBig: {
                BigDigits d = read_big(c, t);
                if (!d.fits_small()) words += bignum_words(d.limbs());
                budget -= int64_t(d.len / 64);
                units += d.len / 64;
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
            case kExtNil:
                break;
            case kExtString: {
                uint16_t n = c.u16();
                c.bytes(n);
                words += 2 * Word(n);
                budget -= n / 16;
                units += n / 16;
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
                units += n / 64;
                break;
            }
            case kExtBitBinary: {
                uint32_t n = c.u32();
                uint8_t bits = c.u8();
                c.bytes(n);
                if (n == 0 ? bits != 0 : (bits < 1 || bits > 8))
                    c.fail("bad bit count in BIT_BINARY_EXT");
                words += binary_words(n) + (bits == 8 || n == 0 ? 0 : kSubBinWords);
                units += n / 64;
                break;
            }
            case kExtMap: {
                uint32_t n = c.u32();
                add_pending(2 * uint64_t(n));
                // A HAMT's head and leaves; its inner nodes are allocated once its keys are
                // known (Builder::finish_maps).
                words += n <= kMaxFlatmapSize ? flatmap_words(n) : kHamtNodeMaxWords + 2 * Word(n);
                units += n;
                break;
            }
            case kExtExport: {
                Term m = read_atom(c, false, opts), f = read_atom(c, false, opts);
                SWord arity = read_small_integer(c);
                if (arity < 0) c.fail("negative export arity");
                // safe: read_atom returned the atoms (they exist)
                if (opts.safe && !export_is_active(m, f, uint32_t(arity)))
                    c.fail("export fun of an unloaded function (safe decoding)");
                words += kExportWords;
                break;
            }
            case kExtNewFun: {
                FunHeader h = read_fun_header(c, false, opts);
                add_pending(h.num_free);
                words += 3 + h.num_free + pid_words(h.creator);
                break;
            }
            case kExtNewPid:
            case kExtPid:
                words += pid_words(read_pid_fields(c, t, opts));
                break;
            case kExtNewPort:
            case kExtPort:
            case kExtV4Port: {
                Term node = read_atom(c, true, opts);
                uint64_t id = t == kExtV4Port ? c.u64() : c.u32();
                uint32_t creation = t == kExtPort ? c.u8() : c.u32();
                if (t == kExtPort && creation > kMaxTinyCreation) c.fail("bad creation");
                if (!node_is_local(node, creation))
                    words += kExtPortWords;
                else if (id > kMaxLocalPortNumber)
                    c.fail("port number too large");
                break;
            }
            case kExtNewerReference:
            case kExtNewReference: {
                uint16_t n = c.u16();
                if (n < 1 || n > 5) c.fail("bad reference length");
                Term node = read_atom(c, true, opts); // needed to tell local from remote
                uint32_t creation = t == kExtNewerReference ? c.u32() : c.u8();
                if (t == kExtNewReference && creation > kMaxTinyCreation) c.fail("bad creation");
                c.bytes(4 * size_t(n));
                bool local = node_is_local(node, creation);
                if (local && n > 3) c.fail("a reference of this node with more than 3 numbers");
                words += local ? kLocalRefWords : 3 + n;
                break;
            }
            case kExtReference: {
                Term node = read_atom(c, true, opts);
                c.u32();
                uint32_t creation = c.u8();
                if (creation > kMaxTinyCreation) c.fail("bad creation");
                words += node_is_local(node, creation) ? kLocalRefWords : 3 + 1;
                break;
            }
            case kExtFun:
                c.fail("FUN_EXT is obsolete and no longer decoded");
            case kExtAtomCacheRef:
                c.fail("ATOM_CACHE_REF outside a distribution header");
            case kExtCompressed:
                c.fail("compressed term nested inside a term");
            case kExtLocal:
                c.fail("LOCAL_EXT from another runtime");
            default:
                c.pos = start, c.fail("unknown tag " + std::to_string(t));
            }
        }
        return true;
    }
};

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
    size_t maps_left = 0;         // finish_maps: how many are still to do (from the end)

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

    Term pid(const PidFields &f) {
        if (pid_is_local(f.node, f.creation, f.id, f.serial))
            return make_local_pid(f.serial << 32 | f.id);
        Word *at = take(kExtPidWords);
        at[0] = make_header(Subtag::ExtPid, kExtPidWords - 1);
        at[1] = f.node, at[2] = f.id, at[3] = f.serial, at[4] = f.creation;
        return make_boxed(at);
    }

    Term local_ref(const uint32_t *nums, size_t n) {
        Word *at = take(kLocalRefWords);
        at[0] = make_header(Subtag::Ref, kLocalRefWords - 1);
        for (Word i = 1; i < kLocalRefWords; ++i)
            at[i] = i <= n ? nums[i - 1] : 0;
        return make_boxed(at);
    }

    Term one(int64_t &budget) {
        size_t start = c.pos;
        uint8_t t = c.u8();
        switch (t) {
        case kExtSmallInteger:
            return make_small(c.u8());
        case kExtInteger:
            return make_small(int32_t(c.u32()));
        case kExtSmallBig:
        case kExtLargeBig: {
            BigDigits d = read_big(c, t);
            Word limbs = d.limbs();
            if (d.fits_small()) {
                Word m = 0;
                for (size_t i = 0; i < d.len; ++i)
                    m |= Word(d.bytes[i]) << (8 * i);
                return make_small(d.negative ? -SWord(m) : SWord(m));
            }
            budget -= int64_t(d.len / 64);
            Word *at = take(bignum_words(limbs));
            for (Word i = 0; i < limbs; ++i) {
                Word limb = 0;
                for (size_t b = 0; b < 8 && i * 8 + b < d.len; ++b)
                    limb |= Word(d.bytes[i * 8 + b]) << (8 * b);
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
        case kExtSmallAtomUtf8:
            c.pos = start;
            return read_atom(c, true, opts);
        case kExtSmallTuple:
        case kExtLargeTuple: {
            uint32_t n = t == kExtSmallTuple ? c.u8() : c.u32();
            Word *at = take(1 + Word(n));
            at[0] = make_header(Subtag::Tuple, n);
            for (uint32_t i = n; i-- > 0;)
                slots.push_back(at + 1 + i);
            return make_boxed(at);
        }
        case kExtNil:
            return kNil;
        case kExtString: {
            uint16_t n = c.u16();
            const uint8_t *p = c.bytes(n);
            if (n == 0) return kNil;
            budget -= n / 16;
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
            for (uint32_t i = 0; i + 1 < n; ++i)
                cells[2 * i + 1] = make_list(cells + 2 * (i + 1));
            slots.push_back(cells + 2 * (Word(n) - 1) + 1);
            for (uint32_t i = n; i-- > 0;)
                slots.push_back(cells + 2 * i);
            return make_list(cells);
        }
        case kExtBinary: {
            uint32_t n = c.u32();
            budget -= int64_t(n / 64);
            return binary(c.bytes(n), n);
        }
        case kExtBitBinary: {
            uint32_t n = c.u32();
            uint8_t bits = c.u8();
            const uint8_t *p = c.bytes(n);
            budget -= int64_t(n / 64);
            if (n == 0 || bits == 8) return binary(p, n);
            Term whole = binary(p, n);
            // unused low bits are zero
            BitView v = bit_view(whole);
            const_cast<uint8_t *>(v.bytes())[n - 1] &= uint8_t(0xFF << (8 - bits));
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
            SWord arity = read_small_integer(c);
            Word *at = take(kExportWords);
            at[0] = make_header(Subtag::Export, kExportWords - 1);
            at[1] = mod;
            at[2] = fun;
            at[3] = make_small(SWord(uint32_t(arity))); // erts keeps 32 bits
            at[4] = 0;                                  // export entry, bound on first call
            return make_boxed(at);
        }
        case kExtNewFun: {
            FunHeader h = read_fun_header(c, true, opts);
            FunKey key{h.module, {},        h.index, uint32_t(h.old_index), uint32_t(h.old_uniq),
                       h.arity,  h.num_free};
            std::memcpy(key.md5.data(), h.md5, 16);
            const Lambda *lambda = fun_entry(key);
            if (!lambda) c.fail("too many funs of code that is not loaded");
            Term creator = pid(h.creator);
            Word *at = take(3 + Word(h.num_free));
            at[0] = make_header(Subtag::Fun, 2 + Word(h.num_free));
            at[1] = reinterpret_cast<Word>(lambda);
            at[2] = creator;
            for (uint32_t i = h.num_free; i-- > 0;) {
                at[3 + i] = kNil; // filled in below
                slots.push_back(at + 3 + i);
            }
            return make_boxed(at);
        }
        case kExtNewPid:
        case kExtPid:
            return pid(read_pid_fields(c, t, opts));
        case kExtNewPort:
        case kExtPort:
        case kExtV4Port: {
            Term node = read_atom(c, true, opts);
            uint64_t id = t == kExtV4Port ? c.u64() : c.u32();
            uint32_t creation = t == kExtPort ? c.u8() : c.u32();
            if (node_is_local(node, creation)) return make_local_port(id); // checked when sized
            Word *at = take(kExtPortWords);
            at[0] = make_header(Subtag::ExtPort, kExtPortWords - 1);
            at[1] = node, at[2] = id, at[3] = creation;
            return make_boxed(at);
        }
        case kExtReference: { // old layout: node, one id word, one creation byte
            Term node = read_atom(c, true, opts);
            uint32_t id = c.u32();
            uint32_t creation = c.u8();
            if (node_is_local(node, creation)) return local_ref(&id, 1);
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
            uint32_t nums[5];
            for (uint16_t i = 0; i < n; ++i)
                nums[i] = c.u32();
            if (node_is_local(node, creation)) return local_ref(nums, n);
            Word *at = take(3 + Word(n));
            at[0] = make_header(Subtag::ExtRef, 2 + Word(n));
            at[1] = node, at[2] = creation;
            for (uint16_t i = 0; i < n; ++i)
                at[3 + i] = nums[i];
            return make_boxed(at);
        }
        default:
            c.pos = start;
            c.fail("unexpected tag in build pass");
        }
    }

    // Set by one() when the term it read does not fill its slot (an empty LIST_EXT): the
    // slot then takes the next term. Keeps decoding iterative however deep such nesting is.
    bool redo = false;

    // Fills pending slots (and whatever those terms add) until none is left (true) or the
    // budget is spent (false).
    bool fill(int64_t &budget) {
        while (!slots.empty()) {
            if (budget <= 0) return false;
            --budget;
            Term *slot = slots.back();
            slots.pop_back();
            Term t = one(budget);
            if (redo) {
                redo = false;
                slots.push_back(slot);
            } else {
                *slot = t;
            }
        }
        return true;
    }

    // Sorts flatmaps' keys and builds HAMTs, inner maps first: they were created after the
    // maps containing them, and comparing or hashing outer keys looks into them. True when
    // all are done.
    bool finish_maps(int64_t &budget) {
        while (maps_left > 0) {
            if (budget <= 0) return false;
            const PendingMap &m = maps[--maps_left];
            budget -= 1 + int64_t(m.n);
            if (m.leaves)
                finish_hamt(m);
            else
                sort_flatmap(m.map);
        }
        return true;
    }

    void sort_flatmap(Term map) {
        Word n = flatmap_size(map);
        Term *keys = tuple_elements(flatmap_keys(map));
        Term *vals = flatmap_values(map);
        // term_to_binary writes a flatmap's keys in map-key order: check that first (strict
        // order also proves them distinct) and sort only what other encoders wrote.
        bool ordered = true;
        for (Word i = 1; i < n && ordered; ++i)
            ordered = compare_exact(keys[i - 1], keys[i]) < 0;
        if (ordered) return;
        std::vector<std::pair<Term, Term>> kv(n);
        for (Word i = 0; i < n; ++i)
            kv[i] = {keys[i], vals[i]};
        std::sort(kv.begin(), kv.end(),
                  [](auto &a, auto &b) { return compare_exact(a.first, b.first) < 0; });
        for (Word i = 0; i < n; ++i) {
            if (i > 0 && compare_exact(kv[i - 1].first, kv[i].first) == 0)
                c.fail("duplicate map key");
            keys[i] = kv[i].first;
            vals[i] = kv[i].second;
        }
    }

    // As erts, a map of more than 32 keys is a HAMT however it was encoded.
    void finish_hamt(const PendingMap &pm) {
        std::vector<Term> leaves(pm.n);
        for (uint32_t i = 0; i < pm.n; ++i)
            leaves[i] = make_list(pm.leaves + 2 * i);
        HamtBuilder b;
        if (!b.plan(leaves.data(), leaves.size(), HamtBuilder::Duplicates::Reject))
            c.fail("duplicate map key");
        size_t node_words = b.node_words();
        Word *nodes = node_words ? sink.alloc(node_words) : nullptr;
        Word *head = boxed_ptr(pm.map);
        b.emit(head, nodes);
        size_t used = b.head_words();
        if (used < kHamtNodeMaxWords)
            head[used] = make_header(Subtag::Free, kHamtNodeMaxWords - used - 1);
    }
};

} // namespace

// ---- the decoding job -------------------------------------------------------------------------

struct EtfDecodeJob::Impl {
    enum class Phase : uint8_t { Start, Inflate, Measure, Build, Maps, Done, Failed };
    Phase phase = Phase::Start;
    const uint8_t *input;
    size_t input_size;
    EtfOptions opts;
    Cursor c{nullptr, 0};
    size_t consumed = 0;
    std::string error;
    // compressed terms
    std::vector<uint8_t> inflated;
    z_stream zs{};
    bool inflating = false;
    // validation, then building
    Measure measure;
    std::unique_ptr<Builder> builder;
    Term root = kNonValue;

    Impl(const uint8_t *data, size_t size, const EtfOptions &o)
        : input(data), input_size(size), opts(o) {}
    ~Impl() {
        if (inflating) inflateEnd(&zs);
    }

    [[noreturn]] void fail(const std::string &what) { throw DecodeError{what, 0}; }

    // Sets up the cursor, or the inflation of a compressed term.
    void start() {
        if (input_size < 1 || input[0] != kVersion)
            fail("not external term format (no version byte 131)");
        if (input_size >= 2 && input[1] == kExtCompressed) {
            if (input_size < 6) fail("truncated compressed term");
            size_t out_size =
                size_t(input[2]) << 24 | size_t(input[3]) << 16 | size_t(input[4]) << 8 | input[5];
            // The compressed stream can expand at most ~1032x; reject sizes it cannot reach
            // before allocating anything.
            if (out_size > (input_size - 6) * 1032 + 64)
                fail("compressed size larger than the data can hold");
            inflated.resize(out_size + 1);
            inflated[0] = kVersion;
            if (inflateInit(&zs) != Z_OK) fail("zlib");
            inflating = true;
            zs.next_in = const_cast<Bytef *>(input + 6);
            zs.avail_in = uInt(input_size - 6);
            zs.next_out = inflated.data() + 1;
            zs.avail_out = 0;
            phase = Phase::Inflate;
            return;
        }
        c = Cursor{input, input_size, 1};
        phase = Phase::Measure;
    }

    // Inflates up to the budget (in output bytes); true when the whole term is inflated.
    bool inflate_some(int64_t &budget) {
        size_t out_total = inflated.size() - 1;
        while (budget > 0) {
            size_t left = out_total - zs.total_out;
            size_t chunk = std::min<size_t>(left, size_t(budget) * 4);
            zs.avail_out = uInt(chunk);
            int r = inflate(&zs, Z_NO_FLUSH);
            size_t produced = chunk - zs.avail_out;
            budget -= int64_t(produced / 4) + 1;
            if (r == Z_STREAM_END) {
                if (zs.total_out != out_total) fail("bad zlib stream in compressed term");
                // As on the BEAM, bytes after the term inside the inflated data are ignored.
                consumed = 6 + (input_size - 6 - zs.avail_in);
                inflateEnd(&zs);
                inflating = false;
                c = Cursor{inflated.data(), inflated.size(), 1};
                return true;
            }
            if (r != Z_OK) fail("bad zlib stream in compressed term"); // Z_OK: it made progress
        }
        return false;
    }

    Step run(int64_t &budget, TermSink *sink) {
        try {
            for (;;) {
                switch (phase) {
                case Phase::Start:
                    start();
                    break;
                case Phase::Inflate:
                    if (!inflate_some(budget)) return Step::Yield;
                    phase = Phase::Measure;
                    break;
                case Phase::Measure:
                    if (!measure.run(c, opts, budget)) return Step::Yield;
                    if (!inflated.size()) consumed = c.pos;
                    c.pos = 1;
                    phase = Phase::Build;
                    return Step::Measured;
                case Phase::Build: {
                    if (!builder) {
                        size_t words = measure.words;
                        Word *hp = words ? sink->alloc(words) : nullptr;
                        builder.reset(
                            new Builder{c, hp, hp + words, *sink, sink->off_heap(), opts, {}, {}});
                        builder->slots.push_back(&root);
                    }
                    if (!builder->fill(budget)) return Step::Yield;
                    builder->maps_left = builder->maps.size();
                    phase = Phase::Maps;
                    break;
                }
                case Phase::Maps:
                    if (!builder->finish_maps(budget)) return Step::Yield;
                    phase = Phase::Done;
                    return Step::Done;
                case Phase::Done:
                    return Step::Done;
                case Phase::Failed:
                    return Step::Error;
                }
            }
        } catch (const DecodeError &e) {
            phase = Phase::Failed;
            error = e.what;
            if (c.data) error += " at byte " + std::to_string(e.offset);
            return Step::Error;
        }
    }
};

EtfDecodeJob::EtfDecodeJob(const uint8_t *data, size_t size, const EtfOptions &opts)
    : impl_(std::make_unique<Impl>(data, size, opts)) {}
EtfDecodeJob::~EtfDecodeJob() = default;
EtfDecodeJob::Step EtfDecodeJob::run(int64_t &budget, TermSink *sink) {
    return impl_->run(budget, sink);
}
size_t EtfDecodeJob::heap_words() const {
    return impl_->measure.words;
}
uint64_t EtfDecodeJob::build_units() const {
    return impl_->measure.units;
}
Term EtfDecodeJob::result() const {
    return impl_->root;
}
size_t EtfDecodeJob::consumed() const {
    return impl_->consumed;
}
const std::string &EtfDecodeJob::error() const {
    return impl_->error;
}

EtfResult etf_decode(const uint8_t *data, size_t size, TermSink &sink, const EtfOptions &opts) {
    EtfResult r;
    EtfDecodeJob job(data, size, opts);
    int64_t budget = INT64_MAX;
    EtfDecodeJob::Step s;
    do {
        s = job.run(budget, &sink);
    } while (s == EtfDecodeJob::Step::Measured);
    if (s != EtfDecodeJob::Step::Done) {
        r.error = job.error();
        return r;
    }
    r.term = job.result();
    r.consumed = job.consumed();
    return r;
}

} // namespace hamlet
