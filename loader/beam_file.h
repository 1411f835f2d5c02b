// A .beam file, read and validated: the result of the loader's first stage. Every table and
// the generic instruction stream are decoded; atoms are interned; literals live in the
// module's literal area. The emulator's translator turns this into threaded code.
#pragma once

#include "loader/generic_ops.h"
#include "vm/literal_area.h"
#include "vm/term.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace hamlet {

enum class OperandKind : uint8_t {
    Unsigned, // u
    Integer,  // i, fits a small integer: value is the Term
    BigInt,   // i too large for a small: value indexes literals (a bignum)
    Atom,     // a, value is the Term
    Nil,      // a 0
    X,
    Y,
    FloatReg, // z2
    Label,    // f; 0 = no fail label
    Literal,  // z4; value indexes literals
    AllocList, // z3; value indexes alloc_lists
    List,     // z1; value = element count; the elements are the operands that follow
};

struct Operand {
    OperandKind kind;
    bool typed = false;      // z5 typed register (x or y); type_index says which type
    uint32_t type_index = 0;
    uint64_t value = 0;
};

struct GenericInstr {
    GenOp op;
    uint32_t first_operand; // index into BeamFile::operands
    uint32_t operand_count; // including the elements of a trailing list
    uint32_t code_offset;   // byte offset in the Code chunk, for error messages
};

struct AllocList {
    uint64_t words = 0, floats = 0, funs = 0;
};

struct BeamFile {
    struct Import {
        Term module, function;
        uint32_t arity;
    };
    struct Export {
        Term function;
        uint32_t arity, label;
    };
    struct Lambda {
        Term function;
        uint32_t arity, label, index, num_free, old_uniq;
    };
    struct LineItem {
        uint32_t file; // index into line_files
        uint32_t line;
    };

    std::string name; // what error messages call it (usually the path)
    Term module = kNonValue;
    std::vector<Term> atoms; // atoms[0] is nil: the operand "a 0"
    std::vector<Import> imports;
    std::vector<Export> exports, locals;
    std::vector<Lambda> lambdas;
    std::unique_ptr<LiteralArea> literal_area = std::make_unique<LiteralArea>();
    std::vector<Term> literals; // LitT entries, then bignums from large i operands
    uint32_t file_literal_count = 0;
    std::vector<uint8_t> strings; // StrT
    std::vector<LineItem> line_items; // [0] = no location
    std::vector<std::string> line_files; // [0] = "<module>.erl"
    bool has_line_table = false;
    Term attributes = kNil, compile_info = kNil;
    uint32_t type_version = 0, type_count = 0;

    uint32_t max_opcode = 0, label_count = 0, function_count = 0;
    std::vector<GenericInstr> code;
    std::vector<Operand> operands;
    std::vector<AllocList> alloc_lists;
    std::vector<uint32_t> label_instr; // label -> index of its `label` instruction (or ~0u)
    std::array<uint8_t, 16> md5{};

    const Operand *ops(const GenericInstr &i) const { return operands.data() + i.first_operand; }
};

struct LoadError {
    std::string message; // "<file>: <chunk> chunk: <what> (at byte N)"
};

// Reads a .beam image (plain or gzip-compressed). Never reads out of bounds; every problem
// is reported as a LoadError naming the file, the chunk and what is wrong.
std::variant<std::unique_ptr<BeamFile>, LoadError> read_beam(const uint8_t *data, size_t size,
                                                              const std::string &name);
std::variant<std::unique_ptr<BeamFile>, LoadError> read_beam_file(const std::string &path);

} // namespace hamlet
