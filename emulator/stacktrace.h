// Stack traces, built as the BEAM builds them:
//   [{Module, Function, ArityOrArgs, Location}, ...]   (at most backtrace_depth() frames)
// with Location [{file, "m.erl"}, {line, L}] from the module's Line chunk ([] without one).
//
// The "raw" stack trace an exception handler receives in x2 is, in Hamlet, the 2-tuple
// {Class, Frames}: build_stacktrace takes the frames, raise takes the class from it.
#pragma once

#include "bifs/bif.h"
#include "vm/process.h"

#include <string>

namespace hamlet {

// erlang:system_flag(backtrace_depth, N) (default 8, at most 64): the most frames a stack
// trace keeps; a trace always keeps its first frame, even at depth 0.
int backtrace_depth();
int set_backtrace_depth(int n); // returns the old depth

struct FailurePoint {
    const Word *pc;          // the failing instruction (or the call of a failing BIF)
    const Word *stack;       // the stack top (E) at that moment
    const Word *stack_end;   // p->hend
    const BifEntry *bif;     // the BIF that failed, or nullptr
    const Term *bif_args;    // its arguments
    const Term *func_args;   // for function_clause: the arguments in x registers
};

// Where a BIF reached through its export stub (apply, a fun, a BIF's trap) fails: the
// calling function's frame comes from the return address on top of the stack, as for a
// failing call instruction, and the stack is walked from below it.
inline FailurePoint stub_failure_point(Process *p, const BifEntry *bif, const Term *args) {
    const Word *ret = reinterpret_cast<const Word *>(p->stop[0]);
    return FailurePoint{ret - 1, p->stop + 1, p->hend, bif, args, nullptr};
}

// Builds {Class, Frames} for the exception recorded in p.
Term build_raw_trace(Process *p, const FailurePoint &at);
inline Term raw_trace_frames(Term raw) { return tuple_elements(raw)[1]; }
Term class_atom(ExcClass c);

// The text of process_info(P, backtrace) and process_display(P, backtrace), laid out as erts
// lays it out: the program counter, then each frame's return address and y registers
// (catches as "Catch"), ending at the normal-exit address; the addresses are Hamlet's. Run by
// the process itself (its stack is only read by its own thread).
std::string backtrace_text(Process *p);

// The Location list for a code address (or [] when unknown).
Term location_of(Process *p, const Word *pc);

} // namespace hamlet
