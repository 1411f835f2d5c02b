#include "emulator/stacktrace.h"

#include "emulator/emulator.h"

#include "vm/atom_table.h"
#include "vm/module.h"
#include "vm/term_build.h"
#include "vm/term_print.h"

#include <algorithm>
#include <cstdio>

#include <vector>

namespace hamlet {

Term class_atom(ExcClass c) {
    switch (c) {
    case ExcClass::Error:
        return atom::error;
    case ExcClass::Exit:
        return atom::exit;
    case ExcClass::Throw:
        return atom::throw_;
    }
    return atom::error;
}

Term location_of(Process *p, const Word *pc) {
    Module *m = ModuleTable::global().module_at(pc);
    if (!m || is_preloaded_module(m->name)) return kNil; // erts: no locations for these
    const Module::LineItem *li = m->line_at(pc);
    if (!li) return kNil;
    Term file = make_string(p, m->line_files.at(li->file));
    Term file_t = make_tuple(p, {atom::file, file});
    Term line_t = make_tuple(p, {atom::line, make_small(li->line)});
    return make_cons(p, file_t, make_cons(p, line_t, kNil));
}

namespace {

Term args_list(Process *p, const Term *args, unsigned n) {
    Term l = kNil;
    for (unsigned i = n; i-- > 0;)
        l = make_cons(p, args[i], l);
    return l;
}

// {M, F, ArityOrArgs, Location} for the function containing pc, or kNonValue.
Term frame_at(Process *p, const Word *pc, Term arity_or_args, bool use_args) {
    Module *m = ModuleTable::global().module_at(pc);
    if (!m) return kNonValue;
    const FunctionInfo *fi = m->function_at(pc);
    if (!fi) return kNonValue;
    Term a = use_args ? arity_or_args : make_small(fi->arity);
    return make_tuple(p, {m->name, fi->name, a, location_of(p, pc)});
}

} // namespace

namespace {

// "M:F/A + Offset" for a code address, as erts names one (offset in bytes from the function's
// start), "<terminate process normally>" for the normal-exit address, else "unknown function".
std::string code_address_name(const Word *pc) {
    if (pc == normal_exit_address()) return "<terminate process normally>";
    Module *m = ModuleTable::global().module_at(pc);
    const FunctionInfo *fi = m ? m->function_at(pc) : nullptr;
    if (!fi) return "unknown function";
    size_t offset = size_t(pc - (m->code.data() + fi->code_start)) * sizeof(Word);
    return display_text(m->name) + ":" + display_text(fi->name) + "/" + std::to_string(fi->arity) +
           " + " + std::to_string(offset);
}

std::string hex_address(const void *a) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%016llx",
                  static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(a)));
    return buf;
}

} // namespace

std::string backtrace_text(Process *p) {
    std::string out =
        "Program counter: " + hex_address(p->pc) + " (" + code_address_name(p->pc) + ")\n";
    int y = 0;
    for (const Word *w = p->stop; w < p->hend; ++w) {
        if (is_catch(*w)) {
            const Word *handler = catch_addr(*w);
            out += "y(" + std::to_string(y++) + ")     Catch " + hex_address(handler) + " (" +
                   code_address_name(handler) + ")\n";
        } else if (is_header(*w) && *w != 0) {
            const Word *cp = reinterpret_cast<const Word *>(*w);
            out += "\n" + hex_address(w) + " Return addr " + hex_address(cp) + " (" +
                   code_address_name(cp) + ")\n";
            y = 0;
        } else {
            out += "y(" + std::to_string(y++) + ")     " + display_text(*w) + "\n";
        }
    }
    return out;
}

namespace {
std::atomic<int> g_backtrace_depth{8};
} // namespace

int backtrace_depth() {
    return g_backtrace_depth.load(std::memory_order_relaxed);
}
int set_backtrace_depth(int n) {
    return g_backtrace_depth.exchange(n > 64 ? 64 : n);
}

Term build_raw_trace(Process *p, const FailurePoint &at) {
    const size_t depth = size_t(std::max(1, backtrace_depth()));
    std::vector<Term> frames;
    if (at.bif && !p->exc_in_caller) {
        Term info = kNil;
        // The module that explains the error (erl_erts_errors, erl_stdlib_errors...), with
        // the cause the BIF recorded, as OTP 25 attaches it; erts names one for the BIFs of
        // these modules only.
        static const Term kErts = *AtomTable::global().intern("erl_erts_errors");
        static const Term kStdlib = *AtomTable::global().intern("erl_stdlib_errors");
        static const Term kKernel = *AtomTable::global().intern("erl_kernel_errors");
        static const std::pair<Term, Term> kFormatters[] = {
            {*AtomTable::global().intern("atomics"), kErts},
            {*AtomTable::global().intern("counters"), kErts},
            {atom::erlang, kErts},
            {*AtomTable::global().intern("erts_internal"), kErts},
            {*AtomTable::global().intern("persistent_term"), kErts},
            {*AtomTable::global().intern("os"), kKernel},
            {*AtomTable::global().intern("binary"), kStdlib},
            {*AtomTable::global().intern("ets"), kStdlib},
            {*AtomTable::global().intern("lists"), kStdlib},
            {*AtomTable::global().intern("maps"), kStdlib},
            {*AtomTable::global().intern("math"), kStdlib},
            {*AtomTable::global().intern("re"), kStdlib},
            {*AtomTable::global().intern("unicode"), kStdlib},
        };
        Term m = at.bif->module, formatter = kNonValue;
        for (const auto &[bm, f] : kFormatters)
            if (bm == m) formatter = f;
        if (formatter != kNonValue) {
            // #{module => Formatter}, or #{cause => C, module => Formatter}
            Term module_key = *AtomTable::global().intern("module");
            Term map;
            if (p->exc_cause != kNonValue) {
                Word *keys = p->alloc(3);
                keys[0] = make_header(Subtag::Tuple, 2);
                keys[1] = *AtomTable::global().intern("cause");
                keys[2] = module_key;
                Word *m = p->alloc(5);
                m[0] = make_header(Subtag::Map, 4);
                m[1] = Word(2) << 2;
                m[2] = make_boxed(keys);
                m[3] = p->exc_cause;
                m[4] = formatter;
                map = make_boxed(m);
            } else {
                Word *keys = p->alloc(2);
                keys[0] = make_header(Subtag::Tuple, 1);
                keys[1] = module_key;
                Word *m = p->alloc(4);
                m[0] = make_header(Subtag::Map, 3);
                m[1] = Word(1) << 2;
                m[2] = make_boxed(keys);
                m[3] = formatter;
                map = make_boxed(m);
            }
            info =
                make_cons(p, make_tuple(p, {*AtomTable::global().intern("error_info"), map}), kNil);
        }
        frames.push_back(make_tuple(
            p, {at.bif->module, at.bif->name, args_list(p, at.bif_args, at.bif->arity), info}));
    }
    if (at.func_args) {
        // function_clause: the frame names the function with its arguments.
        Module *m = ModuleTable::global().module_at(at.pc);
        const FunctionInfo *fi = m ? m->function_at(at.pc) : nullptr;
        if (fi) frames.push_back(frame_at(p, at.pc, args_list(p, at.func_args, fi->arity), true));
    } else {
        bool with_args = p->exc_in_caller && p->exc_args != kNonValue;
        Term f = frame_at(p, at.pc, with_args ? p->exc_args : kNil, with_args);
        if (f != kNonValue && (p->exc_in_caller || !at.bif) && p->exc_error_info != kNonValue) {
            // erlang:error/3's error_info (or a bit-syntax construction error's) joins the
            // location: [{file,F},{line,L},{error_info,M}]
            Term *e = tuple_elements(f);
            Term loc = e[3], rev = kNil;
            for (Term l = loc; is_list(l); l = cdr(l))
                rev = make_cons(p, car(l), rev);
            Term out = make_cons(p, p->exc_error_info, kNil);
            for (Term l = rev; is_list(l); l = cdr(l))
                out = make_cons(p, car(l), out);
            e[3] = out;
        }
        if (f != kNonValue) frames.push_back(f);
    }
    // Return addresses on the stack, as the BEAM records them: a return address equal to the
    // one just recorded is skipped, so self-recursion shows as one frame.
    Word previous = 0;
    for (const Word *w = at.stack; w < at.stack_end && frames.size() < depth; ++w) {
        if (!is_header(*w) || *w == 0) continue; // only return addresses
        if (*w == previous) continue;
        previous = *w;
        const Word *cp = reinterpret_cast<const Word *>(*w);
        Term f = frame_at(p, cp - 1, kNil, false);
        if (f != kNonValue) frames.push_back(f);
    }
    if (frames.size() > depth) frames.resize(depth);
    Term list = make_term_list(p, frames);
    return make_tuple(p, {class_atom(p->exc_class), list});
}

} // namespace hamlet
