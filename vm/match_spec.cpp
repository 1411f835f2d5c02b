#include "vm/match_spec.h"

#include "ports/port.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/hamt.h"
#include "vm/map.h"
#include "vm/map_ops.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"
#include "vm/term_print.h"
#include "vm/trace.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <string_view>
#include <tuple>

namespace hamlet {

namespace {

struct Atoms {
    Term underscore, object, all_vars, const_, and_, or_, andalso, andthen, orelse, self, exit;
    Atoms() {
        auto &a = AtomTable::global();
        underscore = *a.intern("_");
        object = *a.intern("$_");
        all_vars = *a.intern("$$");
        const_ = *a.intern("const");
        and_ = *a.intern("and");
        or_ = *a.intern("or");
        andalso = *a.intern("andalso");
        andthen = *a.intern("andthen");
        orelse = *a.intern("orelse");
        self = *a.intern("self");
        exit = *a.intern("EXIT");
    }
};
const Atoms &atoms() {
    static const Atoms a;
    return a;
}

// The guard functions a match specification may call in every dialect (erts' guard
// table; the trace control word functions are special forms here): name and arity.
const BifEntry *guard_function(Term name, unsigned arity) {
    static const char *const kNames[][2] = {
        {"is_atom", "1"},   {"is_float", "1"},  {"is_integer", "1"},  {"is_list", "1"},
        {"is_number", "1"}, {"is_pid", "1"},    {"is_port", "1"},     {"is_reference", "1"},
        {"is_tuple", "1"},  {"is_map", "1"},    {"is_binary", "1"},   {"is_function", "1"},
        {"is_record", "3"}, {"abs", "1"},       {"element", "2"},     {"hd", "1"},
        {"length", "1"},    {"node", "1"},      {"node", "0"},        {"round", "1"},
        {"size", "1"},      {"map_size", "1"},  {"map_get", "2"},     {"is_map_key", "2"},
        {"bit_size", "1"},  {"byte_size", "1"}, {"binary_part", "2"}, {"binary_part", "3"},
        {"tl", "1"},        {"trunc", "1"},     {"float", "1"},       {"+", "1"},
        {"-", "1"},         {"+", "2"},         {"-", "2"},           {"*", "2"},
        {"/", "2"},         {"div", "2"},       {"rem", "2"},         {"band", "2"},
        {"bor", "2"},       {"bxor", "2"},      {"bnot", "1"},        {"bsl", "2"},
        {"bsr", "2"},       {">", "2"},         {">=", "2"},          {"<", "2"},
        {"=<", "2"},        {"=:=", "2"},       {"==", "2"},          {"=/=", "2"},
        {"/=", "2"},        {"not", "1"},       {"xor", "2"},
    };
    std::string_view text = AtomTable::global().text(name);
    for (auto &n : kNames)
        if (text == n[0] && unsigned(n[1][0] - '0') == arity)
            return find_bif(atom::erlang, name, arity);
    return nullptr;
}

// The special forms of trace specifications (erts' dmc_message, dmc_caller, ...): how
// many arguments they take, whether a guard may use them, and the name their dialect and
// guard errors give (set_seq_token's say set_seq_trace, as erts' do).
struct TraceForm {
    const char *name, *error_name;
    unsigned min_args, max_args;
    bool in_guard;
    MsAction action;
    uint8_t needs; // kOps, kCallOps: the events whose specifications may use it
};
constexpr uint8_t kOps = 1, kCallOps = 2;
const TraceForm *trace_form(Term name) {
    static const TraceForm kForms[] = {
        {"message", "message", 1, 1, false, MsAction::Message, 0},
        {"return_trace", "return_trace", 0, 0, false, MsAction::ReturnTrace, 0},
        {"exception_trace", "exception_trace", 0, 0, false, MsAction::ExceptionTrace, 0},
        {"is_seq_trace", "is_seq_trace", 0, 0, true, MsAction::IsSeqTrace, kOps},
        {"set_seq_token", "set_seq_trace", 2, 2, false, MsAction::SetSeqToken, kOps},
        {"get_seq_token", "get_seq_token", 0, 0, false, MsAction::GetSeqToken, kOps},
        {"display", "display", 1, 1, false, MsAction::Display, 0},
        {"process_dump", "process_dump", 0, 0, false, MsAction::ProcessDump, kOps},
        {"enable_trace", "enable_trace", 1, 2, false, MsAction::EnableTrace, kOps},
        {"disable_trace", "disable_trace", 1, 2, false, MsAction::DisableTrace, kOps},
        {"trace", "trace", 2, 3, false, MsAction::Trace, kOps},
        {"caller", "caller", 0, 0, false, MsAction::Caller, kOps | kCallOps},
        {"caller_line", "caller_line", 0, 0, false, MsAction::CallerLine, kOps | kCallOps},
        {"silent", "silent", 1, 1, false, MsAction::Silent, kOps},
    };
    std::string_view text = AtomTable::global().text(name);
    for (auto &f : kForms)
        if (text == f.name) return &f;
    return nullptr;
}

// erts' real limit on nesting is the C stack it has left. kMsMaxNesting keeps release
// builds near erts' figure; this check keeps builds with far bigger frames (the sanitizers')
// from running off their thread's stack first: at least 256 KB must remain.
bool c_stack_nearly_full() {
    static thread_local uintptr_t limit = [] {
        pthread_attr_t attr;
        void *addr = nullptr;
        size_t size = 0;
        if (pthread_getattr_np(pthread_self(), &attr) != 0) return uintptr_t(0);
        pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
        return uintptr_t(addr) + 256 * 1024;
    }();
    return uintptr_t(__builtin_frame_address(0)) < limit;
}

// The '$N' variables of a head, walked with an explicit stack: heads may be nested as deep
// as any term (erts accepts a head a million tuples deep). A map in a head has literal keys:
// a key that is a variable or '_' makes the head invalid (the error text, else nullptr).
const char *collect_vars(Term pat, std::vector<uint32_t> &vars) {
    std::vector<Term> todo{pat};
    std::vector<Term> keys, values;
    while (!todo.empty()) {
        Term t = todo.back();
        todo.pop_back();
        if (is_atom(t)) {
            int64_t n = ms_variable_number(t);
            if (n >= 0) vars.push_back(uint32_t(n));
        } else if (is_list(t)) {
            todo.push_back(cdr(t));
            todo.push_back(car(t));
        } else if (is_tuple(t)) {
            const Term *el = tuple_elements(t);
            todo.insert(todo.end(), el, el + tuple_arity(t));
        } else if (is_map(t)) {
            keys.clear();
            values.clear();
            map_pairs(t, keys, values);
            for (Term k : keys) {
                if (ms_variable_number(k) >= 0) return "Variable found in map key.";
                if (k == atoms().underscore) return "Underscore found in map key.";
            }
            todo.insert(todo.end(), values.begin(), values.end());
        }
    }
    return nullptr;
}

// Compiles the guards and bodies of one clause the way erts' db_match_compile checks them.
// Without an error list the first error ends the compilation; with one (erts' lint, behind
// erlang:match_spec_test/3) the error is recorded in erts' words and the compilation goes
// on, so one clause may give several. Arguments are visited in erts' order (a call's last
// argument first) so the errors come out in its order.
struct Compiler {
    const MsClause &c;
    bool trace;
    std::vector<std::string> *errors;
    uint8_t allowed = kOps | kCallOps; // what the event's specifications may use
    bool guard = false;
    MsStatus status = MsStatus::Ok;

    // Records an error; false when compiling stops here.
    bool fail(std::string text, MsStatus s = MsStatus::Invalid) {
        if (status != MsStatus::TooDeep) status = s;
        if (!errors) return false;
        errors->push_back(std::move(text));
        return true;
    }
    static std::string form_text(std::string_view form, const char *what, Term t) {
        return "Special form '" + std::string(form) + "' " + what + " in " + display_text(t) + ".";
    }

    // The operands from el[first] on into out.args (already sized), last first unless
    // forward.
    bool operands(const Term *el, MsExpr &out, unsigned depth, bool forward = false) {
        size_t n = out.args.size();
        for (size_t k = 0; k < n; ++k) {
            size_t i = forward ? k : n - 1 - k;
            if (!expr(el[i], out.args[i], depth)) return false;
        }
        return true;
    }

    bool expr(Term e, MsExpr &out, unsigned depth) {
        if (depth > kMsMaxNesting || c_stack_nearly_full())
            return fail("Excessive nesting; system limit reached", MsStatus::TooDeep);
        ++depth;
        const Atoms &a = atoms();
        if (is_atom(e)) {
            if (e == a.object) {
                out.kind = MsExpr::Object;
            } else if (e == a.all_vars) {
                out.kind = MsExpr::AllVars;
            } else if (int64_t n = ms_variable_number(e); n >= 0) {
                auto it = std::lower_bound(c.vars.begin(), c.vars.end(), uint32_t(n));
                if (it == c.vars.end() || *it != uint32_t(n))
                    return fail("Variable $" + std::to_string(n) + " is unbound.");
                out.kind = MsExpr::Var;
                out.value = Term(it - c.vars.begin());
            } else {
                out.kind = MsExpr::Const;
                out.value = e;
            }
            return true;
        }
        if (is_list(e)) {
            out.kind = MsExpr::Cons;
            out.args.resize(2);
            return expr(car(e), out.args[0], depth) && expr(cdr(e), out.args[1], depth);
        }
        if (is_map(e)) { // keys are expressions too: #{'$1' => '$2'} builds a map
            out.kind = MsExpr::Map;
            std::vector<Term> keys, values;
            map_pairs(e, keys, values);
            out.args.resize(2 * keys.size());
            // erts compiles the values, then the keys, each last first.
            for (size_t i = values.size(); i-- > 0;)
                if (!expr(values[i], out.args[2 * i + 1], depth)) return false;
            for (size_t i = keys.size(); i-- > 0;)
                if (!expr(keys[i], out.args[2 * i], depth)) return false;
            return true;
        }
        if (!is_tuple(e)) {
            out.kind = MsExpr::Const;
            out.value = e;
            return true;
        }
        Word arity = tuple_arity(e);
        const Term *el = tuple_elements(e);
        if (arity == 1 && is_tuple(el[0])) { // {{...}}: build a tuple
            out.kind = MsExpr::Tuple;
            out.args.resize(tuple_arity(el[0]));
            return operands(tuple_elements(el[0]), out, depth);
        }
        if (arity == 0 || !is_atom(el[0]) || ms_variable_number(el[0]) >= 0)
            return fail(display_text(e) +
                        " is neither a function call, nor a tuple (tuples are written {{ ... "
                        "}}).");
        return call(e, el[0], unsigned(arity - 1), el + 1, out, depth);
    }

    bool call(Term e, Term f, unsigned nargs, const Term *args, MsExpr &out, unsigned depth) {
        const Atoms &a = atoms();
        std::string_view name = AtomTable::global().text(f);
        if (f == a.const_) {
            if (nargs != 1)
                return fail(form_text("const", "called with more than one argument", e));
            out.kind = MsExpr::Const;
            out.value = args[0];
            return true;
        }
        if (f == a.self) {
            if (nargs != 0) return fail(form_text("self", "called with arguments", e));
            out.kind = MsExpr::Self;
            return true;
        }
        if (f == a.and_ || f == a.or_ || f == a.andalso || f == a.andthen || f == a.orelse) {
            bool lazy = f == a.andalso || f == a.andthen || f == a.orelse;
            if (nargs == 0)
                return fail(form_text(f == a.andthen ? std::string_view("andalso") : name,
                                      "called without arguments", e));
            out.kind = f == a.and_     ? MsExpr::And
                       : f == a.or_    ? MsExpr::Or
                       : f == a.orelse ? MsExpr::OrElse
                                       : MsExpr::AndAlso;
            out.args.resize(nargs);
            return operands(args, out, depth, lazy);
        }
        if (const TraceForm *tf = trace_form(f)) {
            if (!trace)
                return fail(std::string("Special form '") + tf->error_name +
                            "' used in wrong dialect.");
            if ((tf->needs & allowed) != tf->needs)
                return fail(std::string("Special form '") + tf->error_name +
                            "' not allow for this trace event.");
            if (guard && !tf->in_guard)
                return fail(std::string("Special form '") + tf->error_name +
                            "' called in guard context.");
            if (nargs < tf->min_args || nargs > tf->max_args)
                return fail(form_text(tf->name,
                                      tf->max_args == 0 ? "called with arguments"
                                                        : "called with wrong number of arguments",
                                      e));
            out.kind = MsExpr::Action;
            out.value = Term(tf->action);
            out.args.resize(nargs);
            return operands(args, out, depth);
        }
        // The trace control word: get_tcw/0 in trace guards and bodies, set_tcw/1 (and the
        // set_tcw_fake/1 match_spec_test runs it as) in trace bodies.
        bool get = name == "get_tcw" && nargs == 0;
        bool set = (name == "set_tcw" || name == "set_tcw_fake") && nargs == 1;
        const BifEntry *bif = get || set ? nullptr : guard_function(f, nargs);
        if (!get && !set && !bif)
            return fail("Function " + display_text(f) + "/" + std::to_string(nargs) +
                        " does_not_exist.");
        if ((get || set) && (!trace || (set && guard)))
            return fail("Function " + display_text(f) + "/" + std::to_string(nargs) +
                        " cannot be called in this context.");
        if (bif) {
            out.kind = MsExpr::Call;
            out.fn = bif->function;
        } else {
            out.kind = MsExpr::Action;
            out.value = Term(get                 ? MsAction::GetTcw
                             : name == "set_tcw" ? MsAction::SetTcw
                                                 : MsAction::SetTcwFake);
        }
        out.args.resize(nargs);
        return operands(args, out, depth);
    }

    // A guard or body list.
    bool list(Term l, std::vector<MsExpr> &out) {
        if (is_nil(l)) return true;
        if (!is_list(l)) return fail("Match expression is not a list.");
        for (; is_list(l); l = cdr(l)) {
            out.emplace_back();
            if (!expr(car(l), out.back(), 0)) return false;
        }
        if (!is_nil(l)) return fail("Match expression is not a proper list.");
        return true;
    }
};

// Running one clause against one object.
struct Run {
    Process *p;
    Term obj;
    bool copy_out;
    const MsClause &c;
    MsTraceActions *acts;   // trace specifications only
    std::vector<Term> bind; // by slot
    std::vector<bool> copied;
    Term obj_copy = kNonValue;

    Term copy(Term t) {
        size_t words = copy_size(t);
        return words ? copy_term(t, p->alloc(words), p->off_heap) : t;
    }

    bool bind_or_compare(Term pat, Term val) {
        int64_t n = ms_variable_number(pat);
        if (n < 0) return pat == val;
        size_t s =
            size_t(std::lower_bound(c.vars.begin(), c.vars.end(), uint32_t(n)) - c.vars.begin());
        if (bind[s] == kNonValue) {
            bind[s] = val;
            return true;
        }
        return terms_exact_equal(bind[s], val);
    }

    // Matches the head against the object with an explicit stack of (pattern, value)
    // pairs still to match: a head may be nested as deep as any term.
    bool match(Term pat, Term val) {
        thread_local std::vector<std::pair<Term, Term>> todo;
        todo.clear();
        for (;;) {
            if (is_atom(pat)) {
                if (pat != atoms().underscore && !bind_or_compare(pat, val)) return false;
            } else if (is_list(pat)) {
                if (!is_list(val)) return false;
                todo.emplace_back(cdr(pat), cdr(val));
                pat = car(pat);
                val = car(val);
                continue;
            } else if (is_tuple(pat)) {
                Word n = tuple_arity(pat);
                if (!is_tuple(val) || tuple_arity(val) != n) return false;
                for (Word i = n; i-- > 0;)
                    todo.emplace_back(tuple_elements(pat)[i], tuple_elements(val)[i]);
            } else if (is_map(pat)) {
                if (!is_map(val)) return false;
                std::vector<Term> keys, values;
                map_pairs(pat, keys, values);
                for (size_t i = keys.size(); i-- > 0;) {
                    const Term *v = map_lookup(val, keys[i]);
                    if (!v) return false;
                    todo.emplace_back(values[i], *v);
                }
            } else if (!terms_exact_equal(pat, val)) {
                return false;
            }
            if (todo.empty()) return true;
            std::tie(pat, val) = todo.back();
            todo.pop_back();
        }
    }

    // A trace head written as a tuple against the argument list.
    bool match_elements(Term tuple, Term list) {
        const Term *el = tuple_elements(tuple);
        Word n = tuple_arity(tuple), i = 0;
        for (; is_list(list); list = cdr(list), ++i)
            if (i == n || !match(el[i], car(list))) return false;
        return i == n;
    }

    Term var(size_t slot, bool body) {
        if (!body || !copy_out) return bind[slot];
        if (!copied[slot]) {
            bind[slot] = copy(bind[slot]);
            copied[slot] = true;
        }
        return bind[slot];
    }

    Term object(bool body) {
        if (!body || !copy_out) return obj;
        if (obj_copy == kNonValue) obj_copy = copy(obj);
        return obj_copy;
    }

    // A trace specification's function: records what it asks for in acts. kNonValue when
    // it fails (a bad argument).
    Term action(const MsExpr &e, bool body) {
        Term arg[3] = {kNil, kNil, kNil};
        for (size_t i = 0; i < e.args.size(); ++i)
            if ((arg[i] = eval(e.args[i], body)) == kNonValue) return kNonValue;
        if (!acts) return kNonValue;
        switch (MsAction(e.value)) {
        case MsAction::ReturnTrace:
            acts->return_trace = true;
            return atom::true_;
        case MsAction::ExceptionTrace:
            acts->exception_trace = true;
            return atom::true_;
        case MsAction::Message:
            acts->message = arg[0];
            return atom::true_;
        case MsAction::Caller:
            return acts->caller;
        case MsAction::CallerLine: // {M, F, A, {File, Line} | undefined} of the return address
            return caller_line(acts->caller_pc);
        case MsAction::ProcessDump:
            return acts->process_dump;
        case MsAction::Silent:
            if (arg[0] == atom::true_) acts->silent = 1;
            if (arg[0] == atom::false_) acts->silent = 0;
            return atom::true_;
        case MsAction::Display: { // erts prints the term on its standard output
            std::string line = display_text(arg[0]) + "\n";
            PortTable::global().flush_output(); // after what the VM's ports wrote before
            std::fflush(stdout);
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fflush(stdout);
            return atom::true_;
        }
        case MsAction::IsSeqTrace:
            return atom::false_;
        case MsAction::GetSeqToken: // no sequential trace token: []
            return kNil;
        case MsAction::SetSeqToken: {
            // Without a token, as seq_trace:get_token(Key): [] for label and serial, {Key,
            // false} for a flag; another key fails.
            std::string_view key = is_atom(arg[0]) ? AtomTable::global().text(arg[0]) : "";
            if (key == "label" || key == "serial") return kNil;
            for (const char *flag : {"send", "receive", "print", "timestamp", "monotonic_timestamp",
                                     "strict_monotonic_timestamp", "spawn"})
                if (key == flag) return make_tuple(p, {arg[0], atom::false_});
            return kNonValue;
        }
        case MsAction::EnableTrace:
        case MsAction::DisableTrace: {
            // {enable_trace, [Who,] Flag}: the flag on the process running (or Who, which
            // then takes over that process's tracer), as erts does even in match_spec_test.
            uint32_t bit = trace::flag_of(arg[e.args.size() - 1]);
            if (!bit) return kNonValue;
            ProcessRef who = e.args.size() == 2 ? process_of(arg[0]) : ProcessRef{};
            if (e.args.size() == 2 && !who) return kNonValue;
            set_flags(who ? who.get() : p, MsAction(e.value) == MsAction::DisableTrace ? bit : 0,
                      MsAction(e.value) == MsAction::EnableTrace ? bit : 0, kNonValue);
            return atom::true_;
        }
        case MsAction::Trace: {
            // {trace, [Who,] Disable, Enable}: flag lists (Enable may hold {tracer, Pid});
            // whether the flags or the tracer changed.
            size_t n = e.args.size();
            uint32_t off = 0, on = 0;
            Term tracer = kNonValue;
            if (!trace_flags(arg[n - 2], &off, &tracer) || !trace_flags(arg[n - 1], &on, &tracer))
                return kNonValue;
            ProcessRef who = n == 3 ? process_of(arg[0]) : ProcessRef{};
            if (n == 3 && !who) return kNonValue;
            return set_flags(who ? who.get() : p, off, on, tracer) ? atom::true_ : atom::false_;
        }
        case MsAction::GetTcw:
            return make_small(SWord(trace_control_word()));
        case MsAction::SetTcw:
        case MsAction::SetTcwFake: {
            if (!is_small(arg[0]) || small_value(arg[0]) < 0 ||
                uint64_t(small_value(arg[0])) > UINT32_MAX)
                return kNonValue;
            if (MsAction(e.value) == MsAction::SetTcwFake || acts->test)
                return make_small(SWord(trace_control_word()));
            return make_small(SWord(set_trace_control_word(uint32_t(small_value(arg[0])))));
        }
        }
        return kNonValue;
    }

    // A pid or registered name of a live process.
    static ProcessRef process_of(Term who) {
        if (is_atom(who)) who = ProcessTable::global().whereis(who);
        return is_local_pid(who) ? ProcessTable::global().lookup(who) : ProcessRef{};
    }

    // A flag list of {trace, Disable, Enable}; false on anything else (cpu_timestamp too).
    static bool trace_flags(Term l, uint32_t *mask, Term *tracer) {
        static const Term kTracer = *AtomTable::global().intern("tracer");
        for (; is_list(l); l = cdr(l)) {
            Term f = car(l);
            if (uint32_t bit = trace::flag_of(f)) {
                *mask |= bit;
            } else if (is_tuple(f) && tuple_arity(f) == 2 && tuple_elements(f)[0] == kTracer &&
                       is_local_pid(tuple_elements(f)[1])) {
                *tracer = tuple_elements(f)[1];
            } else {
                return false;
            }
        }
        return is_nil(l);
    }

    // Clears off and sets on in t's flags, with tracer (else the tracer of the process
    // running); as erts' set_tracee_flags, no tracer clears them all. Whether anything
    // changed.
    bool set_flags(Process *t, uint32_t off, uint32_t on, Term tracer) {
        constexpr uint32_t kUser = ~uint32_t(trace::kExceptionFrames);
        if (tracer == kNonValue) tracer = p->tracer.load(std::memory_order_acquire);
        uint32_t before = trace::flags_of(t) & kUser;
        Term old_tracer = t->tracer.load(std::memory_order_acquire);
        if (tracer == kNonValue || !ProcessTable::global().lookup(tracer)) {
            trace::set_process_tracing(t, false, kUser, kNonValue);
        } else {
            uint32_t flags = (before & ~off) | on;
            if (old_tracer != tracer || (flags & before) != before)
                trace::set_process_tracing(t, false, kUser, kNonValue);
            if (flags) trace::set_process_tracing(t, true, flags, tracer);
        }
        return (trace::flags_of(t) & kUser) != before ||
               t->tracer.load(std::memory_order_acquire) != old_tracer;
    }

    Term caller_line(const Word *cp) {
        Module *m = cp ? ModuleTable::global().module_at(cp) : nullptr;
        const FunctionInfo *fi = m ? m->function_at(cp) : nullptr;
        if (!fi) return atom::undefined;
        const Module::LineItem *li = m->line_at(cp - 1);
        Term where = li ? make_tuple(p, {make_string(p, m->line_files.at(li->file)),
                                         make_small(SWord(li->line))})
                        : atom::undefined;
        return make_tuple(p, {m->name, fi->name, make_small(SWord(fi->arity)), where});
    }

    // In a body, a failure is the value 'EXIT' and the body goes on (erts' matchCatch).
    Term failed(bool body) const { return body ? atoms().exit : kNonValue; }

    // kNonValue when the expression fails.
    Term eval(const MsExpr &e, bool body) {
        switch (e.kind) {
        case MsExpr::Const:
            return e.value;
        case MsExpr::Var:
            return var(size_t(e.value), body);
        case MsExpr::Object:
            return object(body);
        case MsExpr::AllVars: {
            Term l = kNil;
            for (size_t i = bind.size(); i-- > 0;)
                l = make_cons(p, var(i, body), l);
            return l;
        }
        case MsExpr::Self:
            return p->pid;
        case MsExpr::Action: {
            Term v = action(e, body);
            return v == kNonValue ? failed(body) : v;
        }
        case MsExpr::Tuple: {
            std::vector<Term> v;
            for (auto &a : e.args) {
                Term t = eval(a, body);
                if (t == kNonValue) return kNonValue;
                v.push_back(t);
            }
            Term t = alloc_tuple(p, v.size());
            std::copy(v.begin(), v.end(), tuple_elements(t));
            return t;
        }
        case MsExpr::Cons: {
            Term h = eval(e.args[0], body);
            if (h == kNonValue) return kNonValue;
            Term t = eval(e.args[1], body);
            if (t == kNonValue) return kNonValue;
            return make_cons(p, h, t);
        }
        case MsExpr::Map: {
            std::vector<std::pair<Term, Term>> pairs;
            for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
                Term k = eval(e.args[i], body);
                if (k == kNonValue) return kNonValue;
                Term v = eval(e.args[i + 1], body);
                if (v == kNonValue) return kNonValue;
                pairs.emplace_back(k, v);
            }
            return make_map(p, std::move(pairs));
        }
        case MsExpr::Call: {
            Term args[3];
            for (size_t i = 0; i < e.args.size(); ++i)
                if ((args[i] = eval(e.args[i], body)) == kNonValue) return kNonValue;
            Term v = e.fn(p, args);
            return v == kNonValue ? failed(body) : v;
        }
        case MsExpr::And:
        case MsExpr::Or: {
            bool all = true, any = false;
            for (auto &a : e.args) {
                Term v = eval(a, body);
                if (v != atom::true_ && v != atom::false_) return failed(body);
                all = all && v == atom::true_;
                any = any || v == atom::true_;
            }
            return (e.kind == MsExpr::And ? all : any) ? atom::true_ : atom::false_;
        }
        case MsExpr::AndAlso:
        case MsExpr::OrElse: {
            Term stop = e.kind == MsExpr::AndAlso ? atom::false_ : atom::true_;
            Term go = e.kind == MsExpr::AndAlso ? atom::true_ : atom::false_;
            for (size_t i = 0; i < e.args.size(); ++i) {
                Term v = eval(e.args[i], body);
                if (v == kNonValue) return kNonValue;
                if (i + 1 == e.args.size() || v == stop) return v;
                if (v != go) return failed(body);
            }
            return go;
        }
        }
        return kNonValue;
    }
};

} // namespace

namespace {
std::atomic<uint32_t> g_trace_control_word{0};
}

uint32_t trace_control_word() {
    return g_trace_control_word.load(std::memory_order_relaxed);
}

uint32_t set_trace_control_word(uint32_t value) {
    return g_trace_control_word.exchange(value, std::memory_order_relaxed);
}

int64_t ms_variable_number(Term t) {
    if (!is_atom(t)) return -1;
    std::string_view s = AtomTable::global().text(t);
    if (s.size() < 2 || s[0] != '$') return -1;
    if (s[1] == '0') return s.size() == 2 ? 0 : -1;
    int64_t n = 0;
    for (size_t i = 1; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9' || n > (int64_t(1) << 40)) return -1;
        n = n * 10 + (s[i] - '0');
    }
    return n;
}

MsStatus MatchSpec::compile(Term ms, bool trace, std::vector<std::string> *errors, MsEvent event) {
    clauses_.clear();
    auto fail = [&](const char *text) {
        if (errors) errors->push_back(text);
        return MsStatus::Invalid;
    };
    // The checks erts' lint makes on the whole list before compiling a clause.
    if (errors && !is_list(ms)) return fail("Match programs are not in a list.");
    Term l = ms;
    while (is_list(l))
        l = cdr(l);
    if (!is_nil(l)) return fail("Match programs are not in a proper list.");
    for (l = ms; is_list(l); l = cdr(l)) {
        Term cl = car(l);
        if (!is_tuple(cl) || tuple_arity(cl) != 3)
            return fail("Match program part is not a tuple of arity 3.");
        Term head = tuple_elements(cl)[0];
        if (trace && is_list(head)) {
            Term h = head;
            while (is_list(h))
                h = cdr(h);
            if (!is_nil(h)) {
                if (errors)
                    errors->push_back("Match expression part " + display_text(head) +
                                      " is not a proper list.");
                return MsStatus::Invalid;
            }
        }
    }
    for (; is_list(ms); ms = cdr(ms)) {
        const Term *el = tuple_elements(car(ms));
        Term head = el[0];
        MsClause c;
        c.head = head;
        if (const char *bad = collect_vars(head, c.vars)) return fail(bad);
        std::sort(c.vars.begin(), c.vars.end());
        c.vars.erase(std::unique(c.vars.begin(), c.vars.end()), c.vars.end());
        if (trace) {
            // A trace head matches the argument list: a list (or a tuple, which erts
            // matches the same way), a variable or '_'.
            c.tuple_head = is_tuple(head);
            if (!is_list(head) && !is_nil(head) && !is_tuple(head) && head != atoms().underscore &&
                ms_variable_number(head) < 0)
                return fail("Match head is invalid in this context.");
        }
        Compiler comp{c, trace, errors};
        if (event == MsEvent::Send) comp.allowed = kOps;
        if (event == MsEvent::Receive) comp.allowed = 0;
        comp.guard = true;
        bool go = comp.list(el[1], c.guards);
        comp.guard = false;
        if (go && !trace && !is_list(el[2])) return fail("Body clause does not return anything.");
        if (go) comp.list(el[2], c.body);
        if (comp.status != MsStatus::Ok) return comp.status;
        c.body_is_object = c.body.size() == 1 && c.body[0].kind == MsExpr::Object;
        c.body_is_true =
            c.body.size() == 1 && c.body[0].kind == MsExpr::Const && c.body[0].value == atom::true_;
        clauses_.push_back(std::move(c));
    }
    return MsStatus::Ok;
}

bool MatchSpec::compile_pattern(Term pattern, bool all_vars) {
    clauses_.clear();
    MsClause c;
    c.head = pattern;
    if (collect_vars(pattern, c.vars)) return false;
    std::sort(c.vars.begin(), c.vars.end());
    c.vars.erase(std::unique(c.vars.begin(), c.vars.end()), c.vars.end());
    c.body.emplace_back();
    c.body[0].kind = all_vars ? MsExpr::AllVars : MsExpr::Object;
    c.body_is_object = !all_vars;
    clauses_.push_back(std::move(c));
    return true;
}

bool MatchSpec::run(Process *p, Term obj, bool copy_out, Term *result, MsTraceActions *acts) const {
    for (const MsClause &c : clauses_) {
        Run r{p,
              obj,
              copy_out,
              c,
              acts,
              std::vector<Term>(c.vars.size(), kNonValue),
              std::vector<bool>(c.vars.size(), false)};
        if (!(c.tuple_head ? r.match_elements(c.head, obj) : r.match(c.head, obj))) continue;
        bool pass = true;
        for (auto &g : c.guards)
            if (r.eval(g, false) != atom::true_) {
                pass = false;
                break;
            }
        if (!pass) continue;
        Term v = kNonValue;
        for (auto &b : c.body)
            if ((v = r.eval(b, true)) == kNonValue) break;
        *result = v == kNonValue ? atoms().exit : v;
        return true;
    }
    return false;
}

} // namespace hamlet
