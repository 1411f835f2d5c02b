// libFuzzer entry point for the loader's first stage: read_beam() on arbitrary bytes must
// return a BeamFile or a LoadError naming the file, never crash, hang or read out of bounds.
// A module that loads must be internally consistent (every label, literal and table index it
// hands to later stages is valid). Seeds: tests/fuzz/corpus/loader/; run via tools/fuzz-smoke.sh.
#include "loader/beam_file.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace hamlet;

namespace {

[[noreturn]] void die(const char *what, const std::string &detail = {}) {
    std::fprintf(stderr, "fuzz_loader: %s %s\n", what, detail.c_str());
    std::abort();
}

void check_consistent(const BeamFile &bf) {
    if (bf.atoms.size() < 2) die("loaded with no atoms");
    if (bf.label_instr.size() != bf.label_count) die("label table size");
    if (bf.code.empty() || bf.code.back().op != GenOp::int_code_end_) die("no int_code_end");
    if (bf.file_literal_count > bf.literals.size()) die("literal count");
    auto label_ok = [&](uint64_t l) { return l < bf.label_count && bf.label_instr[l] != ~0u; };
    for (const auto &e : bf.exports)
        if (!label_ok(e.label)) die("export label", std::to_string(e.label));
    for (const auto &e : bf.locals)
        if (!label_ok(e.label)) die("local label", std::to_string(e.label));
    for (const auto &l : bf.lambdas)
        if (!label_ok(l.label)) die("lambda label", std::to_string(l.label));
    for (uint32_t l = 0; l < bf.label_count; ++l)
        if (bf.label_instr[l] != ~0u && bf.label_instr[l] >= bf.code.size()) die("label_instr");
    for (const GenericInstr &ins : bf.code) {
        if (uint64_t(ins.first_operand) + ins.operand_count > bf.operands.size()) die("operand range");
        for (uint32_t i = 0; i < ins.operand_count; ++i) {
            const Operand &o = bf.operands[ins.first_operand + i];
            switch (o.kind) {
            case OperandKind::Label:
                if (o.value && !label_ok(o.value)) die("label operand", std::to_string(o.value));
                break;
            case OperandKind::Literal:
                if (o.value >= bf.file_literal_count) die("literal operand");
                break;
            case OperandKind::BigInt:
                if (o.value >= bf.literals.size()) die("bignum operand");
                break;
            case OperandKind::AllocList:
                if (o.value >= bf.alloc_lists.size()) die("alloc list operand");
                break;
            default: break;
            }
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const std::string kName = "fuzz.beam";
    auto r = read_beam(data, size, kName);
    if (auto *e = std::get_if<LoadError>(&r)) {
        if (e->message.compare(0, kName.size() + 2, kName + ": ") != 0 || e->message.size() <= kName.size() + 2)
            die("error message does not name the file:", e->message);
    } else {
        check_consistent(*std::get<std::unique_ptr<BeamFile>>(r));
    }
    return 0;
}
