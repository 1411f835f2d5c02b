// The interpreter: direct-threaded code. Each instruction is the address of its handler
// (a label inside run_process, taken with &&) followed by its operands, resolved at load
// time (emulator/translate.cpp). Handlers are grouped by family in ops_*.inc.
#include "emulator/emulator.h"
#include "emulator/stacktrace.h"
#include "nif/call.h"
#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/binary.h"
#include "vm/bits.h"
#include "vm/copy.h"
#include "vm/coverage.h"
#include "vm/etf_fun.h"
#include "vm/gc.h"
#include "vm/mailbox.h"
#include "vm/map_ops.h"
#include "vm/scheduler.h"
#include "vm/signals.h"
#include "vm/suspend.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"
#include "vm/term_print.h"
#include "vm/timer_service.h"
#include "vm/trace.h"

#include <cstdlib>

#include <cmath>

namespace hamlet {

const void *const *g_handlers = nullptr;

namespace {
// The code every process returns to when its first function returns.
Word g_normal_exit[1];
// Where a hibernating process waits: erlang:hibernate/3 traps here with M, F, A in x0-x2.
Word g_hibernate_wait[1];
// Where return_trace and exception_trace frames return (two addresses, one handler).
Word g_return_trace[1], g_exception_trace[1];
Word g_meta_return_trace[1], g_meta_exception_trace[1]; // ... of meta tracing
// Where call_time's return-time frames and return_to's return-to frames return (the same
// handler tells them apart).
Word g_return_time[1], g_return_to[1];
Export g_hibernate_export;
} // namespace

const Word *normal_exit_address() {
    return g_normal_exit;
}
const Word *return_trace_address(bool exception, bool meta) {
    if (meta) return exception ? g_meta_exception_trace : g_meta_return_trace;
    return exception ? g_exception_trace : g_return_trace;
}
const Word *return_time_address() {
    return g_return_time;
}
const Word *return_to_address() {
    return g_return_to;
}
Export *hibernate_export() {
    return &g_hibernate_export;
}

void emulator_init() {
    static bool done = false;
    if (done) return;
    done = true;
    run_process(nullptr, nullptr, 0); // exports the handler table
    g_normal_exit[0] = op_word(Op::i_normal_exit);
    g_hibernate_wait[0] = op_word(Op::i_hibernate_wait);
    g_return_trace[0] = g_exception_trace[0] = g_return_time[0] = g_return_to[0] =
        g_meta_return_trace[0] = g_meta_exception_trace[0] = op_word(Op::i_return_trace);
    g_hibernate_export.module = atom::erlang;
    g_hibernate_export.function = *AtomTable::global().intern("hibernate");
    g_hibernate_export.arity = 3;
    g_hibernate_export.address.store(g_hibernate_wait);
}

namespace {

Term make_badfun_args(Process *p, const Term *x, unsigned arity) {
    Term l = kNil;
    for (unsigned i = arity; i-- > 0;)
        l = make_cons(p, x[i], l);
    return l;
}

// erlang:apply/2,3 are instructions, not entries of the BIF table; a failing apply still
// shows erts' frame {erlang, apply, Args, [{error_info, ...}]}, so they get entries here.
const BifEntry *apply_bif_entry(unsigned arity) {
    static const BifEntry apply2{atom::erlang, atom::apply, 2, nullptr, false};
    static const BifEntry apply3{atom::erlang, atom::apply, 3, nullptr, false};
    return arity == 2 ? &apply2 : &apply3;
}

// Whether the code at a return address returns at once (return_, deallocate_return, or
// deallocate then return_): the call before it is the function's last call.
bool returns_at(const Word *cp) {
    if (cp[0] == op_word(Op::i_count_op)) cp += 2; // coverage counting (vm/coverage.h)
    if (cp[0] == op_word(Op::return_) || cp[0] == op_word(Op::deallocate_return)) return true;
    if (cp[0] != op_word(Op::deallocate)) return false;
    cp += 2;
    if (cp[0] == op_word(Op::i_count_op)) cp += 2;
    return cp[0] == op_word(Op::return_);
}

// A fun term: [header(Fun, 2 + nfree), Lambda*, creator pid, env...]
Term make_fun_term(Process *p, const Lambda *l, const Term *env) {
    Word *hp = p->alloc(3 + l->num_free);
    hp[0] = make_header(Subtag::Fun, 2 + l->num_free);
    hp[1] = reinterpret_cast<Word>(l);
    hp[2] = p->pid;
    for (uint32_t i = 0; i < l->num_free; ++i)
        hp[3 + i] = env[i];
    return make_boxed(hp);
}

// The stack top in a register. Code outside the emulator reads p->stop (heap allocation
// checks the free space against it; stack traces, process_info and the collector walk the
// stack from it), so every change is written through; only a collection moves the stack,
// and COLLECT reloads it after one.
struct StackTop {
    Word *v;
    Process *p;
    operator Word *() const { return v; }
    Word &operator[](size_t i) const { return v[i]; }
    StackTop &operator=(Word *w) {
        v = w;
        p->stop = w;
        return *this;
    }
    StackTop &operator+=(Word n) { return *this = v + n; }
    StackTop &operator-=(Word n) { return *this = v - n; }
    StackTop &operator++() { return *this = v + 1; }
    StackTop &operator--() { return *this = v - 1; }
    void reload() { v = p->stop; }
};

} // namespace

RunResult run_process(Process *p, Registers *regs, int64_t reductions) {
    static const void *const kLabels[] = {
#define I(name, words) &&op_##name,
#include "emulator/instructions.def"
#undef I
    };
    if (!p) {
        g_handlers = kLabels;
        return RunResult::Exited;
    }

    Term *x = regs->x;
    double *fr = regs->fr;
    const Word *pc = p->pc;
    int64_t reds = reductions;
    // Where an exception happened (see handle_error).
    FailurePoint fail{};
    Term bif_args[kMaxBifArity]; // a failing BIF's arguments
    unsigned fun_arity_ = 0;     // arity for call_fun_common
    bool fun_keep_cp_ = false;   // call_fun_common: a failure keeps the pushed return address
    bool fun_tail_ = false;      // call_fun_common from call_fun_last: no return address pushed
    const BifEntry *tail_bif_ = nullptr; // tail_apply_bif: the BIF a tail apply reached
    int variant_ = 0;                    // which of several entry labels reached a shared handler
    uint8_t *bs_buf_ = nullptr;          // OTP 24 construction: the binary being filled
    size_t bs_pos_ = 0;                  // and the bit position to write next

    p->in_wait = false;
    for (uint32_t i = 0; i < p->arity; ++i)
        x[i] = p->saved_x[i];
    p->saved_x.clear();

    StackTop E{p->stop, p};
// A collection (it moves the stack).
#define COLLECT(...)                                                                               \
    do {                                                                                           \
        garbage_collect(p, __VA_ARGS__);                                                           \
        E.reload();                                                                                \
    } while (0)
#define DISPATCH() goto *reinterpret_cast<const void *>(*pc)
#define NEXT(n)                                                                                    \
    do {                                                                                           \
        pc += (n);                                                                                 \
        DISPATCH();                                                                                \
    } while (0)
#define JUMP(addr)                                                                                 \
    do {                                                                                           \
        pc = reinterpret_cast<const Word *>(addr);                                                 \
        DISPATCH();                                                                                \
    } while (0)
#define FETCH(w) ((Word(w) & 3) ? Term(w) : ((Word(w) & 4) ? E[Word(w) >> 3] : x[Word(w) >> 3]))
#define SRC(i) FETCH(pc[i])
#define PUT(w, v)                                                                                  \
    do {                                                                                           \
        Word w_ = (w);                                                                             \
        Term v_ = (v);                                                                             \
        if (w_ & 4)                                                                                \
            E[w_ >> 3] = v_;                                                                       \
        else                                                                                       \
            x[w_ >> 3] = v_;                                                                       \
    } while (0)
#define STORE(i, v) PUT(pc[i], v)
// Ensures `need` free heap words plus one stack word for a return address.
#define ENSURE_FREE(need, live)                                                                    \
    do {                                                                                           \
        size_t n_ = (need) + 1;                                                                    \
        if (p->gc_due(n_)) COLLECT(n_, x, unsigned(live));                                         \
    } while (0)
// Raise the exception recorded in p, failing at the current instruction.
#define RAISE()                                                                                    \
    do {                                                                                           \
        fail = FailurePoint{pc, E, p->hend, nullptr, nullptr, nullptr};                            \
        goto handle_error;                                                                         \
    } while (0)
#define RAISE_BIF(bif, args)                                                                       \
    do {                                                                                           \
        fail = FailurePoint{pc, E, p->hend, (bif), (args), nullptr};                               \
        goto handle_error;                                                                         \
    } while (0)
// Calls a BIF. A BIF charges the reductions of long work by adding them to p->reductions
// (the BEAM's BUMP_REDS); the charge comes off this time slice, so other processes get
// their turn as soon as it is used up.
// Counts a BIF call for the coverage report (vm/coverage.h) when that is on.
#define COUNT_BIF(bif)                                                                             \
    do {                                                                                           \
        if (coverage::enabled) [[unlikely]]                                                        \
            coverage::count_bif(bif);                                                              \
    } while (0)
#define CALL_BIF(bif, args, result)                                                                \
    do {                                                                                           \
        COUNT_BIF(bif);                                                                            \
        int bif_traced_ = 0; /* call-traced BIFs (vm/trace.h) */                                   \
        if (trace::g_bifs_traced.load(std::memory_order_relaxed)) [[unlikely]]                     \
            bif_traced_ = trace::bif_call(p, (bif), (args));                                       \
        int64_t before_ = p->reductions;                                                           \
        p->slice_left = reds;                                                                      \
        (result) = (bif)->function(p, (args));                                                     \
        if (bif_traced_) [[unlikely]]                                                              \
            trace::bif_returned(p, (bif), (result), bif_traced_);                                  \
        if (p->reductions != before_) {                                                            \
            reds -= p->reductions - before_;                                                       \
            p->reductions = before_;                                                               \
        }                                                                                          \
    } while (0)
// A test instruction: jump to the fail label at pc[1] unless cond holds.
#define TEST(cond, size)                                                                           \
    do {                                                                                           \
        if (cond) NEXT(size);                                                                      \
        JUMP(pc[1]);                                                                               \
    } while (0)
// Preemption: charged at every call, checked before jumping to the callee.
#define CALL_TO(TARGET, NARGS)                                                                     \
    do {                                                                                           \
        const Word *t_ = reinterpret_cast<const Word *>(TARGET);                                   \
        Word nargs_ = Word(NARGS);                                                                 \
        if (--reds <= 0) {                                                                         \
            p->pc = t_;                                                                            \
            p->arity = uint32_t(nargs_);                                                           \
            p->saved_x.assign(x, x + nargs_);                                                      \
            p->reductions += reductions - reds;                                                    \
            return RunResult::Yielded;                                                             \
        }                                                                                          \
        JUMP(t_);                                                                                  \
    } while (0)
#define PUSH_CP(addr)                                                                              \
    do {                                                                                           \
        --E;                                                                                       \
        E[0] = reinterpret_cast<Word>(addr);                                                       \
    } while (0)

    // A handler reached from several instructions must not test *pc to tell them apart: two
    // labels at the same address are the same handler address. Give each its own entry
    // label that sets variant_ and jumps to the shared body.
    DISPATCH();

#include "emulator/ops_bits.inc"
#include "emulator/ops_control.inc"
#include "emulator/ops_data.inc"
#include "emulator/ops_exceptions.inc"
#include "emulator/ops_float.inc"
#include "emulator/ops_maps.inc"
#include "emulator/ops_receive.inc"
#include "emulator/ops_specialised.inc"
#include "emulator/ops_tests.inc"
#include "emulator/ops_trace.inc"

exit_pending : {
    // A signal killed the process: it exits at once, whatever handlers it has.
    p->exit_reason = p->pending_exit;
    p->exc_class_at_exit = ExcClass::Exit;
    p->reductions += reductions - reds;
    return RunResult::Exited;
}

handle_error : {
    if (Scheduler::global().is_halting_process(p)) [[unlikely]] {
        p->reductions += reductions - reds;
        return RunResult::Halted;
    }
    if (p->pending_exit != kNonValue) goto exit_pending;
    Term raw;
    if (p->exc_trace != kNonValue) {
        raw = make_tuple(p, {class_atom(p->exc_class), p->exc_trace});
    } else {
        raw = build_raw_trace(p, fail);
    }
    p->exc_trace = kNonValue;
    if (trace::flags_of(p) & trace::kExceptionFrames) [[unlikely]]
        trace::unwinding(p, E);
    {
        // HAMLET_TRACE_EXCEPTIONS=1: print every exception as it is raised (debugging aid).
        static const bool trace = std::getenv("HAMLET_TRACE_EXCEPTIONS") != nullptr;
        if (trace) {
            std::string line =
                "hamlet: exception " + display_text(make_tuple(p, {p->exc_reason, raw})) + "\n";
            std::fwrite(line.data(), 1, line.size(), stderr);
        }
    }
    // The innermost active handler: scan the stack for a catch term; the frame that holds
    // it starts just above the last return address seen.
    if (p->catches > 0) {
        Word *frame = E;
        for (Word *w = E; w < p->hend; ++w) {
            if (*w != 0 && is_header(*w)) {
                frame = w + 1;
            } else if (is_catch(*w)) {
                E = frame;
                x[0] = kNonValue;
                x[1] = p->exc_reason;
                x[2] = raw;
                x[3] = class_atom(p->exc_class);
                JUMP(catch_addr(*w));
            }
        }
    }
    // Uncaught: the process exits.
    Term frames = raw_trace_frames(raw);
    switch (p->exc_class) {
    case ExcClass::Error:
        p->exit_reason = make_tuple(p, {p->exc_reason, frames});
        break;
    case ExcClass::Throw:
        p->exit_reason = make_tuple(
            p, {make_tuple(p, {*AtomTable::global().intern("nocatch"), p->exc_reason}), frames});
        break;
    case ExcClass::Exit:
        p->exit_reason = p->exc_reason;
        break;
    }
    p->exc_class_at_exit = p->exc_class;
    p->reductions += reductions - reds;
    return RunResult::Exited;
}

#undef COLLECT
}

} // namespace hamlet
