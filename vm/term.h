// Tagged 64-bit terms.
//
// Every Erlang value is one 64-bit word. The low bits say what it is:
//
//   primary tag (2 bits)   ..00 header word (only inside boxed objects, never a value)
//                          ..01 list: pointer to a cons cell (two words: head, tail)
//                          ..10 boxed: pointer to a header word followed by data
//                          ..11 immediate
//   immediate (4 bits)     0011 local pid     (serial/number << 4)
//                          0111 local port    (number << 4)
//                          1011 second-level immediate (6 bits, below)
//                          1111 small integer (signed 60-bit value << 4)
//   second level (6 bits) 001011 atom        (atom index << 6)
//                          011011 catch label (handler index << 6)
//                          111011 nil []      (all upper bits set)
//
// Heap objects start with a header: arity (number of data words that follow) << 6 |
// subtag << 2 | 00. The layout mirrors the BEAM's because it makes the common type tests
// one mask-and-compare, and because erts' term hash depends on the same distinctions.
#pragma once

#include <cstdint>
#include <cstring>

namespace hamlet {

using Term = uint64_t;
using Word = uint64_t;
using SWord = int64_t;

namespace tag {
constexpr Word kPrimaryMask = 0x3;
constexpr Word kHeader = 0x0;
constexpr Word kList = 0x1;
constexpr Word kBoxed = 0x2;
constexpr Word kImmediate = 0x3;

constexpr Word kImmMask = 0xF;
constexpr Word kPid = 0x3;
constexpr Word kPort = 0x7;
constexpr Word kImm2 = 0xB;
constexpr Word kSmall = 0xF;

constexpr Word kImm2Mask = 0x3F;
constexpr Word kAtom = 0x0B;
constexpr Word kCatch = 0x1B;
constexpr Word kNilTag = 0x3B;
} // namespace tag

// Header subtags (bits 2..5 of a header word).
enum class Subtag : uint8_t {
    Tuple = 0,
    PosBig = 1,
    NegBig = 2,
    Ref = 3,
    Fun = 4,
    Float = 5,
    Export = 6,
    RefcBin = 7, // handle to an off-heap, reference-counted binary
    HeapBin = 8, // small binary stored inline
    SubBin = 9,  // slice (byte/bit offset and size) of another binary
    MatchCtx = 10,
    ExtPid = 11,
    ExtPort = 12,
    ExtRef = 13,
    Map = 14, // flatmap or HAMT node; the word after the header says which
    Free = 15,
};

constexpr Term kNil = ~Word(0) << 6 | tag::kNilTag;
// Marks "no value" in registers (exception landing, unset slots). A header word is never
// a valid term value, and 0 is the header of an empty tuple, so it is safe as a marker.
constexpr Term kNonValue = 0;

constexpr int kSmallBits = 60;
constexpr SWord kMaxSmall = (SWord(1) << (kSmallBits - 1)) - 1;
constexpr SWord kMinSmall = -(SWord(1) << (kSmallBits - 1));

// ---- immediates ------------------------------------------------------------------------

constexpr bool is_immediate(Term t) { return (t & tag::kPrimaryMask) == tag::kImmediate; }
constexpr bool is_small(Term t) { return (t & tag::kImmMask) == tag::kSmall; }
constexpr bool fits_small(SWord v) { return v >= kMinSmall && v <= kMaxSmall; }
constexpr Term make_small(SWord v) { return (Word(v) << 4) | tag::kSmall; }
constexpr SWord small_value(Term t) { return SWord(t) >> 4; }

constexpr bool is_atom(Term t) { return (t & tag::kImm2Mask) == tag::kAtom; }
constexpr Term make_atom(uint32_t index) { return (Word(index) << 6) | tag::kAtom; }
constexpr uint32_t atom_index(Term t) { return uint32_t(t >> 6); }

constexpr bool is_nil(Term t) { return t == kNil; }
constexpr bool is_catch(Term t) { return (t & tag::kImm2Mask) == tag::kCatch; }
constexpr Term make_catch(uint32_t index) { return (Word(index) << 6) | tag::kCatch; }
constexpr uint32_t catch_index(Term t) { return uint32_t(t >> 6); }
// A catch term can also carry a code address (8-byte aligned, below 2^57): the handler.
inline Term make_catch_addr(const Word *handler) { return (Word(reinterpret_cast<uintptr_t>(handler)) << 3) | tag::kCatch; }
inline const Word *catch_addr(Term t) { return reinterpret_cast<const Word *>(uintptr_t((t >> 6) << 3)); }

constexpr bool is_local_pid(Term t) { return (t & tag::kImmMask) == tag::kPid; }
constexpr Term make_local_pid(Word number) { return (number << 4) | tag::kPid; }
constexpr Word local_pid_number(Term t) { return t >> 4; }
constexpr bool is_local_port(Term t) { return (t & tag::kImmMask) == tag::kPort; }
constexpr Term make_local_port(Word number) { return (number << 4) | tag::kPort; }
constexpr Word local_port_number(Term t) { return t >> 4; }

// ---- pointers ----------------------------------------------------------------------------

constexpr bool is_list(Term t) { return (t & tag::kPrimaryMask) == tag::kList; }
constexpr bool is_boxed(Term t) { return (t & tag::kPrimaryMask) == tag::kBoxed; }
inline Term make_list(const Word *cell) { return Word(reinterpret_cast<uintptr_t>(cell)) | tag::kList; }
inline Term make_boxed(const Word *obj) { return Word(reinterpret_cast<uintptr_t>(obj)) | tag::kBoxed; }
inline Word *list_ptr(Term t) { return reinterpret_cast<Word *>(uintptr_t(t - tag::kList)); }
inline Word *boxed_ptr(Term t) { return reinterpret_cast<Word *>(uintptr_t(t - tag::kBoxed)); }
inline Term car(Term t) { return list_ptr(t)[0]; }
inline Term cdr(Term t) { return list_ptr(t)[1]; }

// ---- headers -----------------------------------------------------------------------------

constexpr Word make_header(Subtag st, Word arity) { return (arity << 6) | (Word(st) << 2); }
constexpr Subtag header_subtag(Word h) { return Subtag((h >> 2) & 0xF); }
constexpr Word header_arity(Word h) { return h >> 6; }
constexpr bool is_header(Word w) { return (w & tag::kPrimaryMask) == tag::kHeader; }
// Largest arity a header can describe (58 bits), far above any real limit.
constexpr Word kMaxHeaderArity = (Word(1) << 58) - 1;

inline Subtag boxed_subtag(Term t) { return header_subtag(boxed_ptr(t)[0]); }
inline bool is_boxed_of(Term t, Subtag st) { return is_boxed(t) && boxed_subtag(t) == st; }

inline bool is_tuple(Term t) { return is_boxed_of(t, Subtag::Tuple); }
inline Word tuple_arity(Term t) { return header_arity(boxed_ptr(t)[0]); }
// 0-based element access.
inline Term *tuple_elements(Term t) { return boxed_ptr(t) + 1; }

inline bool is_float(Term t) { return is_boxed_of(t, Subtag::Float); }
inline double float_value(Term t) {
    double d;
    std::memcpy(&d, boxed_ptr(t) + 1, sizeof d);
    return d;
}
constexpr Word kFloatWords = 2; // header + IEEE double

inline bool is_bignum(Term t) {
    if (!is_boxed(t)) return false;
    Subtag st = boxed_subtag(t);
    return st == Subtag::PosBig || st == Subtag::NegBig;
}
inline bool is_integer(Term t) { return is_small(t) || is_bignum(t); }
inline bool is_number(Term t) { return is_integer(t) || is_float(t); }

// Export funs (fun M:F/A): header, module atom, function atom, arity (small), and a pointer
// slot to the export entry, filled in lazily by the code table.
constexpr Word kExportWords = 5;

} // namespace hamlet
