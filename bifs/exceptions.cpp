// erlang:error/throw/exit/raise. The exception belongs to the caller: no BIF frame is added
// to the stack trace (Process::exc_in_caller).
#include "bifs/bif.h"
#include "emulator/stacktrace.h"
#include "vm/atom_table.h"
#include "vm/map.h"
#include "vm/term_build.h"

#include <vector>

namespace hamlet {

namespace {
Term raise_in_caller(Process *p, ExcClass cls, Term reason) {
    p->raise(cls, reason);
    p->exc_in_caller = true;
    return kNonValue;
}

bool is_proper_list(Term t) {
    while (is_list(t))
        t = cdr(t);
    return is_nil(t);
}
} // namespace

Term erlang_error_1(Process *p, const Term *args) {
    return raise_in_caller(p, ExcClass::Error, args[0]);
}

Term erlang_error_2(Process *p, const Term *args) {
    raise_in_caller(p, ExcClass::Error, args[0]);
    // error(Reason, Args): the stack frame shows the arguments instead of the arity.
    if (is_proper_list(args[1])) p->exc_args = args[1];
    return kNonValue;
}

// error(Reason, Args | none, Options): an {error_info, Map} option goes into the top stack
// frame's location list, as the BEAM puts it there. As erts, only a proper list made of
// nothing but {error_info, Map} tuples counts (the last one wins); any other option, a map
// that is not one or an improper list makes it error/2.
Term erlang_error_3(Process *p, const Term *args) {
    erlang_error_2(p, args);
    static const Term kErrorInfo = *AtomTable::global().intern("error_info");
    Term info = kNonValue, o = args[2];
    for (; is_list(o); o = cdr(o)) {
        Term t = car(o);
        if (!is_tuple(t) || tuple_arity(t) != 2 || tuple_elements(t)[0] != kErrorInfo ||
            !is_map(tuple_elements(t)[1]))
            break;
        info = t;
    }
    if (is_nil(o) && info != kNonValue) p->exc_error_info = info;
    return kNonValue;
}

Term erlang_exit_1(Process *p, const Term *args) {
    return raise_in_caller(p, ExcClass::Exit, args[0]);
}
Term erlang_throw_1(Process *p, const Term *args) {
    return raise_in_caller(p, ExcClass::Throw, args[0]);
}
// As in erts, nif_error/1 fails as a BIF: its own frame {erlang, nif_error, [Reason], _} on top.
Term erlang_nif_error_1(Process *p, const Term *args) {
    return p->error(args[0]);
}
Term erlang_nif_error_2(Process *p, const Term *args) {
    return erlang_error_2(p, args);
}

namespace {
bool is_any_fun(Term t) {
    return is_boxed_of(t, Subtag::Fun) || is_boxed_of(t, Subtag::Export);
}
} // namespace

Term erlang_raise_3(Process *p, const Term *args) {
    Term cls = args[0];
    ExcClass c;
    if (cls == atom::error)
        c = ExcClass::Error;
    else if (cls == atom::exit)
        c = ExcClass::Exit;
    else if (cls == atom::throw_)
        c = ExcClass::Throw;
    else
        return atom::badarg; // the BEAM returns badarg instead of raising
    if (!is_proper_list(args[2])) return atom::badarg;
    // As erts, every element must look like a stack frame: {M,F,ArityOrArgs,Location},
    // {Fun,Args,Location}, or the old {M,F,ArityOrArgs} and {Fun,Args}, with a list as the
    // location. The old forms get an empty location, and a trace longer than the backtrace
    // depth is cut to it (keeping at least one frame).
    size_t len = 0;
    bool copy = false;
    for (Term t = args[2]; is_list(t); t = cdr(t), ++len) {
        Term f = car(t);
        if (!is_tuple(f)) return atom::badarg;
        const Term *e = tuple_elements(f);
        Term loc = kNil;
        switch (tuple_arity(f)) {
        case 2:
            if (!is_any_fun(e[0])) return atom::badarg;
            copy = true;
            break;
        case 3:
            if (is_any_fun(e[0]))
                loc = e[2];
            else if (is_atom(e[0]) && is_atom(e[1]))
                copy = true;
            else
                return atom::badarg;
            break;
        case 4:
            if (!is_atom(e[0]) || !is_atom(e[1])) return atom::badarg;
            loc = e[3];
            break;
        default:
            return atom::badarg;
        }
        if (!is_list(loc) && !is_nil(loc)) return atom::badarg;
    }
    size_t depth = len, max = size_t(backtrace_depth());
    if (max < depth) {
        depth = max == 0 ? 1 : max;
        copy = true;
    }
    Term trace = args[2];
    if (copy) {
        std::vector<Term> frames;
        Term t = args[2];
        for (size_t i = 0; i < depth; ++i, t = cdr(t)) {
            Term f = car(t);
            const Term *e = tuple_elements(f);
            if (tuple_arity(f) == 2)
                f = make_tuple(p, {e[0], e[1], kNil});
            else if (tuple_arity(f) == 3 && is_atom(e[0]))
                f = make_tuple(p, {e[0], e[1], e[2], kNil});
            frames.push_back(f);
        }
        trace = make_term_list(p, frames);
    }
    raise_in_caller(p, c, args[1]);
    p->exc_trace = trace;
    return kNonValue;
}

} // namespace hamlet
