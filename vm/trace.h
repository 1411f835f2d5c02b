// Tracing as erts does it: which processes are traced, for what and by whom
// (erlang:trace/3), which functions are call-traced (erlang:trace_pattern/3), and the trace
// messages ({trace, Pid, Tag, ...} or {trace_ts, ...}) sent to the tracer.
//
// A process's flags and tracer are Process::trace_flags and Process::tracer; every event
// site tests a flag first, so untraced processes pay one relaxed load. Call tracing works
// with breakpoints, in the spirit of erts: a traced function has a TracePoint. A local
// point overwrites the function's first instruction word with i_trace_local (the handler
// finds the point by its address and continues with the word it replaced); a global
// point leaves the code alone and points the function's Export at a two-word trampoline
// [i_trace_global, TracePoint*], so only calls by name are seen, as on the BEAM. The
// handlers are in emulator/ops_trace.inc; return_trace and exception_trace push a frame
// [return-trace code, TracePoint*] under the caller's return address.
#pragma once

#include "bifs/bif.h"
#include "vm/process.h"
#include "vm/term.h"

namespace hamlet {

struct Export;
struct Module;

namespace trace {

// Process trace flags (erts' F_TRACE_*), one bit each.
enum : uint32_t {
    kSend = 1u << 0,
    kReceive = 1u << 1,
    kSos = 1u << 2,  // set_on_spawn
    kSos1 = 1u << 3, // set_on_first_spawn
    kSol = 1u << 4,  // set_on_link
    kSol1 = 1u << 5, // set_on_first_link
    kCall = 1u << 6,
    kProcs = 1u << 7,
    kRunning = 1u << 8,
    kGc = 1u << 9,
    kArity = 1u << 10,
    kReturnTo = 1u << 11,
    kSilent = 1u << 12,
    kRunningProcs = 1u << 13,
    kPorts = 1u << 14,
    kRunningPorts = 1u << 15,
    kSchedulerId = 1u << 16,
    kExiting = 1u << 17,
    kNowTs = 1u << 18,
    kStrictMonTs = 1u << 19,
    kMonTs = 1u << 20,
    // Not a user flag: an exception_trace frame may be on the stack (erts' F_EXCEPTION_TRACE).
    kExceptionFrames = 1u << 31,
};

inline uint32_t flags_of(const Process *p) {
    return p->trace_flags.load(std::memory_order_relaxed);
}

// ---- process events (call only when the flag is set) ----
void send(Process *p, Term dest, Term msg); // send: p sent msg to dest
// 'receive': msg joined p's queue; from is its sender's pid, or an atom for messages of the
// runtime (clock_service: a receive's timeout), or kNonValue when unknown.
void receive(Process *p, Term from, Term msg);
void procs(Process *p, Term what, Term arg); // procs: {trace, P, What, Arg}
// The same about the process pid, by the running process (register/2 of another process).
void procs_of(Process *running, Term pid, Term what, Term arg);
// A new process: inherits its parent's tracing (set_on_spawn) or the tracing of new
// processes (erlang:trace(new, ...)), and the spawn/spawned events. Call when
// spawn_tracing_possible(parent).
void spawned(Process *parent, Process *child, Term module, Term function, Term args, bool link);
bool spawn_tracing_possible(const Process *parent);
// A link made by p to other (link/1, spawn_link): link events and set_on_link.
void linked(Process *p, Term other);
// running: p is scheduled in or out ({trace, P, in | out, {M, F, A} | 0}).
void scheduled(Process *p, bool in);
// The process exits with reason (procs: {trace, P, exit, Reason}).
void exited(Process *p, Term reason);

// ---- call tracing (emulator/ops_trace.inc) ----
struct TracePoint;
struct CallOutcome {
    Word original = 0;                 // i_trace_local: the word the breakpoint replaced
    const TracePoint *frame = nullptr; // push a return-trace frame for this point
    bool exception = false;            // ... an exception_trace one
    uint32_t arity = 0;                // the live argument registers
    // call_time: push a return-time frame with this (the function timed before the call)
    const TracePoint *time_prev = nullptr;
    bool return_to = false; // return_to: push a return-to frame
    // meta tracing's return_trace/exception_trace frame (reported to the meta tracer)
    const TracePoint *meta_frame = nullptr;
    bool meta_exception = false;
};
// A return-to frame is returned through; rest: the stack below its word.
void returned_to(Process *p, const Word *rest);
// A call reached a local breakpoint at entry (x: the arguments; cp: the return address).
// original is 0 when the breakpoint is gone (the caller dispatches *entry again).
// stack: the stack top, whose first word is the return address.
CallOutcome enter_local(Process *p, const Word *entry, const Term *x, const Word *stack);
// A call by name reached a global point's trampoline; *target: where to continue.
CallOutcome enter_global(Process *p, const Word *stub, const Term *x, const Word *stack,
                         const Word **target);
// A return_trace/exception_trace frame is returned through with value.
void returned(Process *p, const TracePoint *tp, Term value, bool meta);
// A return-time frame is returned through (prev: what it holds); the time since the last
// event goes to the call_time function running, and prev runs again.
void time_returned(Process *p, const TracePoint *prev);
// p, which has a call_time function running (call_time_point), is scheduled in or out.
void time_scheduled(Process *p, bool in);
// An exception is unwinding the stack from stack up to the innermost catch (or the
// bottom): exception_from for each exception_trace frame passed.
void unwinding(Process *p, const Word *stack);

// BIFs called from Erlang code (the emulator's CALL_BIF): while any BIF has a trace
// pattern, each call asks bif_call, which traces it and says whether to report the return.
inline std::atomic<int> g_bifs_traced{0};
// bif_call's answer: which returns to report (0: none, and bif_returned is not called).
enum : int {
    kBifReturn = 1,
    kBifException = 2,
    kBifMetaReturn = 4,
    kBifMetaException = 8,
    kBifReturnTo = 16,
    kBifTime = 32
};
int bif_call(Process *p, const BifEntry *bif, const Term *args);
void bif_returned(Process *p, const BifEntry *bif, Term result, int kinds);

// ---- the BIFs' side (bifs/trace.cpp) ----
// Sets or clears flags on p; false when p is traced by another live tracer.
bool set_process_tracing(Process *p, bool on, uint32_t mask, Term tracer);
// The flags and tracer given to new processes (trace(new, ...)).
void set_new_tracing(bool on, uint32_t mask, Term tracer);
void new_tracing(uint32_t *flags, Term *tracer);
Term flag_atom(uint32_t bit);
void set_cpu_timestamp(bool on); // trace(all, Bool, [cpu_timestamp])
uint32_t flag_of(Term atom);     // 0 if not a flag

// trace_pattern: mfa pattern (m/f may be '_' with arity -1 for '_'), ms is the spec
// (kNil-free: true/false/[] handled by the caller; ms == kNonValue disables), where:
// local or global. Returns the number of functions matched.
struct PatternRequest {
    Term module = kNonValue, function = kNonValue; // kNonValue: any
    int64_t arity = -1;                            // -1: any
    bool enable = true;
    Term ms = kNil; // the match specification ([] for none)
    bool local = false, global = false, meta = false, call_count = false, call_time = false;
    Term meta_tracer = kNonValue;
    bool count_pause = false, count_restart = false;
};
int64_t set_pattern(const PatternRequest &r);
// trace_pattern(send | 'receive', Ms, []): ms is a checked specification, [] for none.
void set_event_pattern(bool send, bool on, Term ms);
// trace_info(send | 'receive', match_spec)'s value, on p's heap.
Term event_pattern_info(Process *p, bool send);
// trace_pattern(on_load, ...): the pattern erts gives modules loaded later (kept, shown by
// trace_info(on_load, Item); Hamlet does not apply it). on: 0 off, 1 on, 2 restart, 3 pause.
void set_on_load_pattern(const PatternRequest &r, int on);
Term on_load_info(Process *p, Term item); // kNonValue: not an item
// trace_info for {M, F, A}: builds {Item, Value} on p's heap.
Term function_info(Process *p, Term m, Term f, uint32_t a, Term item);

} // namespace trace
} // namespace hamlet
