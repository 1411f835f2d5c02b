// The interpreter: runs a process's threaded code until it exits, waits or is preempted.
#pragma once

#include "loader/beam_file.h"
#include "vm/module.h"
#include "vm/process.h"

#include <memory>
#include <string>

namespace hamlet {

enum class Op : uint16_t {
#define I(name, words) name,
#include "emulator/instructions.def"
#undef I
    kCount
};

// Handler addresses, indexed by Op; filled by emulator_init().
extern const void *const *g_handlers;
void emulator_init();
inline Word op_word(Op op) { return reinterpret_cast<Word>(g_handlers[size_t(op)]); }

constexpr size_t kMaxXRegisters = 1024 + 8; // x registers plus room for fun environments
constexpr size_t kMaxFloatRegisters = 1024;

// Registers of a scheduler thread; a process uses them while it runs.
struct Registers {
    Term x[kMaxXRegisters];
    double fr[kMaxFloatRegisters];
};

// Halted: the process called halt() and stops without exiting (Scheduler::halt_when_settled).
enum class RunResult { Exited, Waiting, Yielded, Halted };

// Runs p (p->pc, saved registers) for up to `reductions` calls.
RunResult run_process(Process *p, Registers *regs, int64_t reductions);

// Translates a read .beam into a loaded module (threaded code), or explains why not.
std::unique_ptr<Module> translate_module(BeamFile &bf, std::string *error);

// The code address processes return to when their initial call returns.
const Word *normal_exit_address();
// Where return_trace (exception: exception_trace) frames return (vm/trace.h).
const Word *return_trace_address(bool exception, bool meta = false);
// Where call_time's return-time frames return, and return_to's return-to frames.
const Word *return_time_address();
const Word *return_to_address();
// What erlang:hibernate/3 traps to (with its stack discarded): waits for a message, then
// calls M:F(A).
Export *hibernate_export();

} // namespace hamlet
