// erlang:error/throw/exit/raise. The exception belongs to the caller: no BIF frame is added
// to the stack trace (Process::exc_in_caller).
#include "bifs/bif.h"
#include "vm/atom_table.h"

namespace hamlet {

namespace {
Term raise_in_caller(Process *p, ExcClass cls, Term reason) {
    p->raise(cls, reason);
    p->exc_in_caller = true;
    return kNonValue;
}

bool is_proper_list(Term t) {
    while (is_list(t)) t = cdr(t);
    return is_nil(t);
}
} // namespace

Term erlang_error_1(Process *p, const Term *args) { return raise_in_caller(p, ExcClass::Error, args[0]); }

Term erlang_error_2(Process *p, const Term *args) {
    raise_in_caller(p, ExcClass::Error, args[0]);
    // error(Reason, Args): the stack frame shows the arguments instead of the arity.
    if (is_proper_list(args[1])) p->exc_args = args[1];
    return kNonValue;
}

// error(Reason, Args | none, Options): an {error_info, Map} option goes into the top stack
// frame's location list, as the BEAM puts it there.
Term erlang_error_3(Process *p, const Term *args) {
    erlang_error_2(p, args);
    static const Term kErrorInfo = *AtomTable::global().intern("error_info");
    for (Term o = args[2]; is_list(o); o = cdr(o)) {
        Term t = car(o);
        if (is_tuple(t) && tuple_arity(t) == 2 && tuple_elements(t)[0] == kErrorInfo) p->exc_error_info = t;
    }
    return kNonValue;
}

Term erlang_exit_1(Process *p, const Term *args) { return raise_in_caller(p, ExcClass::Exit, args[0]); }
Term erlang_throw_1(Process *p, const Term *args) { return raise_in_caller(p, ExcClass::Throw, args[0]); }
// As in erts, nif_error/1 fails as a BIF: its own frame {erlang, nif_error, [Reason], _} on top.
Term erlang_nif_error_1(Process *p, const Term *args) { return p->error(args[0]); }
Term erlang_nif_error_2(Process *p, const Term *args) { return erlang_error_2(p, args); }

Term erlang_raise_3(Process *p, const Term *args) {
    Term cls = args[0];
    ExcClass c;
    if (cls == atom::error) c = ExcClass::Error;
    else if (cls == atom::exit) c = ExcClass::Exit;
    else if (cls == atom::throw_) c = ExcClass::Throw;
    else return atom::badarg; // the BEAM returns badarg instead of raising
    if (!is_proper_list(args[2])) return atom::badarg;
    // Every element must look like a stack frame: {M,F,ArityOrArgs,Location} or {Fun,Args,Loc}.
    for (Term t = args[2]; is_list(t); t = cdr(t)) {
        Term f = car(t);
        if (!is_tuple(f) || (tuple_arity(f) != 4 && tuple_arity(f) != 3)) return atom::badarg;
    }
    raise_in_caller(p, c, args[1]);
    p->exc_trace = args[2];
    return kNonValue;
}

} // namespace hamlet
