// Match specifications ([{Head, Guards, Body}]) as ets:select and friends run them.
//
// compile checks a specification the way the BEAM's compiler does (badarg when it fails,
// system_limit when an expression is nested too deep; with an error list, the texts erts'
// lint gives, for erlang:match_spec_test/3):
// heads are patterns (any term) with '_' and '$N' variables; guards and bodies are expressions over
// the variables, '$_' (the object) and '$$' (the head's variables in number order), with
// {const, T}, {{...}} tuples, lists, maps and calls of the guard functions. Every variable
// used in a guard or body must occur in the head. run matches one object: clauses are
// tried in order; a guard that fails or is not `true` moves on to the next clause; in a
// body, an expression that raises gives the atom 'EXIT' as its value and the body goes on,
// as on the BEAM.
//
// The compiled form points into the specification term, which must outlive it.
#pragma once

#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/process.h"
#include "vm/term.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hamlet {

struct MsExpr {
    enum Kind : uint8_t {
        Const,
        Var,
        Object,
        AllVars,
        Tuple,
        Cons,
        Map,
        Call,
        And,
        Or,
        AndAlso,
        OrElse,
        Self,
        Action // a tracing-only function (trace mode): value is its MsAction
    };
    Kind kind = Const;
    Term value = 0;           // Const: the term; Var: the variable's slot
    BifFunction fn = nullptr; // Call
    std::vector<MsExpr> args; // operands; Cons: head and tail; Map: key, value, key, ...
};

struct MsClause {
    Term head = 0;
    std::vector<uint32_t> vars; // variable numbers in the head, ascending (slot = index)
    std::vector<MsExpr> guards, body;
    bool body_is_object = false; // body is ['$_'] (match_object, tab2list)
    bool body_is_true = false;   // body is [true] (select_count, select_delete)
    bool tuple_head = false;     // a trace head written as a tuple: matches the argument list
};

// How compiling a specification ended: Invalid is badarg, TooDeep (a guard or body
// expression nested more than kMsMaxNesting levels) is system_limit.
enum class MsStatus { Ok, Invalid, TooDeep };

// Which trace event a trace specification is for (erts' compile flags): call specifications
// may use every tracing function; send ones neither caller/0 nor caller_line/0; 'receive'
// ones none of the functions acting on tracing (message/1, return_trace/0... remain).
enum class MsEvent : uint8_t { Call, Send, Receive };

// The functions only trace specifications may call (erlang:trace_pattern/3).
enum class MsAction : uint8_t {
    ReturnTrace,
    ExceptionTrace,
    Message,
    Caller,
    ProcessDump,
    Silent,
    Display,
    IsSeqTrace,
    GetTcw,
    SetTcw,
    SetTcwFake, // set_tcw as erlang:match_spec_test/3 runs it: gives the word, changes nothing
    SetSeqToken,
    GetSeqToken,
    EnableTrace,
    DisableTrace,
    Trace,
    CallerLine
};

// What the body of a trace specification asked for while it ran (vm/trace.cpp acts on it).
struct MsTraceActions {
    bool return_trace = false, exception_trace = false;
    Term message = atom::true_;      // message(M): false suppresses the message, else M joins it
    int silent = -1;                 // silent(Bool): 1 or 0; -1 when not called
    Term caller = atom::undefined;   // what caller() gives
    const Word *caller_pc = nullptr; // the return address, for caller_line()
    Term process_dump = atom::undefined; // what process_dump() gives (a binary)
    bool test = false;                   // erlang:match_spec_test/3: set_tcw changes nothing
};

// The trace control word (erlang:system_flag(trace_control_word, N), get_tcw/set_tcw in
// trace specifications).
uint32_t trace_control_word();
uint32_t set_trace_control_word(uint32_t value); // returns the previous word
constexpr unsigned kMsMaxNesting = 3000;

class MatchSpec {
  public:
    // trace: a trace specification (erlang:trace_pattern/3), whose bodies may call the
    // tracing functions (MsAction).
    // errors: erts' lint texts of the errors of the first clause that has any (erts stops
    // there too), or of the whole list's shape.
    MsStatus compile(Term ms, bool trace = false, std::vector<std::string> *errors = nullptr,
                     MsEvent event = MsEvent::Call);
    // A spec of one clause {Pattern, [], [Body]} where Body is '$$' (all_vars) or '$_'.
    // false for a pattern erts rejects (a map key that is a variable or '_').
    bool compile_pattern(Term pattern, bool all_vars);

    // Runs the spec on obj. On a match returns true and sets *result, built on p's heap;
    // with copy_out, parts of obj in the result are copied to p's heap (obj may live in an
    // ETS table).
    // acts: where a trace specification's actions go (required for one compiled with trace).
    bool run(Process *p, Term obj, bool copy_out, Term *result,
             MsTraceActions *acts = nullptr) const;

    const std::vector<MsClause> &clauses() const { return clauses_; }

  private:
    std::vector<MsClause> clauses_;
};

// The variable number of '$N' (N without leading zeros), or -1.
int64_t ms_variable_number(Term t);

} // namespace hamlet
