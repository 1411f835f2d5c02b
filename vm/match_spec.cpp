#include "vm/match_spec.h"

#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/hamt.h"
#include "vm/map.h"
#include "vm/map_ops.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <algorithm>
#include <string_view>
#include <tuple>

namespace hamlet {

namespace {

struct Atoms {
    Term underscore, object, all_vars, const_, and_, or_, andalso, orelse, self, exit;
    Atoms() {
        auto &a = AtomTable::global();
        underscore = *a.intern("_");
        object = *a.intern("$_");
        all_vars = *a.intern("$$");
        const_ = *a.intern("const");
        and_ = *a.intern("and");
        or_ = *a.intern("or");
        andalso = *a.intern("andalso");
        orelse = *a.intern("orelse");
        self = *a.intern("self");
        exit = *a.intern("EXIT");
    }
};
const Atoms &atoms() {
    static const Atoms a;
    return a;
}

// The guard functions a match specification may call (erts' guard table without the
// tracing-only ones): name and arity.
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

// The functions of trace specifications: name, arity, action.
bool trace_action(Term name, unsigned arity, MsAction *out) {
    static const struct {
        const char *name;
        unsigned arity;
        MsAction action;
    } kActions[] = {
        {"return_trace", 0, MsAction::ReturnTrace},
        {"exception_trace", 0, MsAction::ExceptionTrace},
        {"message", 1, MsAction::Message},
        {"caller", 0, MsAction::Caller},
        {"process_dump", 0, MsAction::ProcessDump},
        {"silent", 1, MsAction::Silent},
        {"display", 1, MsAction::Display},
        {"is_seq_trace", 0, MsAction::IsSeqTrace},
        {"get_tcw", 0, MsAction::GetTcw},
        {"set_tcw", 1, MsAction::SetTcw},
    };
    std::string_view text = AtomTable::global().text(name);
    for (auto &a : kActions)
        if (text == a.name && a.arity == arity) {
            *out = a.action;
            return true;
        }
    return false;
}

// The '$N' variables of a head, walked with an explicit stack: heads may be nested as deep
// as any term (erts accepts a head a million tuples deep).
void collect_vars(Term pat, std::vector<uint32_t> &vars) {
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
        } else if (is_map(t)) { // keys are literals; values are patterns
            keys.clear();
            values.clear();
            map_pairs(t, keys, values);
            todo.insert(todo.end(), values.begin(), values.end());
        }
    }
}

// Compiles one guard or body expression. Expressions are compiled and evaluated
// recursively, so their nesting is limited (erts limits it by the C stack it has left).
MsStatus compile_expr(Term e, const MsClause &c, MsExpr &out, unsigned depth, bool trace) {
    if (depth > kMsMaxNesting) return MsStatus::TooDeep;
    ++depth;
    auto all = [&](std::vector<MsExpr> &args, const Term *from) {
        for (size_t i = 0; i < args.size(); ++i)
            if (MsStatus s = compile_expr(from[i], c, args[i], depth, trace); s != MsStatus::Ok)
                return s;
        return MsStatus::Ok;
    };
    const Atoms &a = atoms();
    if (is_atom(e)) {
        if (e == a.object) {
            out.kind = MsExpr::Object;
        } else if (e == a.all_vars) {
            out.kind = MsExpr::AllVars;
        } else if (int64_t n = ms_variable_number(e); n >= 0) {
            auto it = std::lower_bound(c.vars.begin(), c.vars.end(), uint32_t(n));
            if (it == c.vars.end() || *it != uint32_t(n)) return MsStatus::Invalid; // unbound
            out.kind = MsExpr::Var;
            out.value = Term(it - c.vars.begin());
        } else {
            out.kind = MsExpr::Const;
            out.value = e;
        }
        return MsStatus::Ok;
    }
    if (is_list(e)) {
        out.kind = MsExpr::Cons;
        out.args.resize(2);
        Term parts[2] = {car(e), cdr(e)};
        return all(out.args, parts);
    }
    if (is_map(e)) { // keys are expressions too: #{'$1' => '$2'} builds a map
        out.kind = MsExpr::Map;
        std::vector<Term> keys, values, parts;
        map_pairs(e, keys, values);
        for (size_t i = 0; i < keys.size(); ++i) {
            parts.push_back(keys[i]);
            parts.push_back(values[i]);
        }
        out.args.resize(parts.size());
        return all(out.args, parts.data());
    }
    if (!is_tuple(e)) {
        out.kind = MsExpr::Const;
        out.value = e;
        return MsStatus::Ok;
    }
    Word arity = tuple_arity(e);
    if (arity == 0) return MsStatus::Invalid;
    const Term *el = tuple_elements(e);
    if (arity == 1 && is_tuple(el[0])) { // {{...}}: build a tuple
        out.kind = MsExpr::Tuple;
        out.args.resize(tuple_arity(el[0]));
        return all(out.args, tuple_elements(el[0]));
    }
    if (!is_atom(el[0])) return MsStatus::Invalid;
    Term f = el[0];
    if (f == a.const_) {
        if (arity != 2) return MsStatus::Invalid;
        out.kind = MsExpr::Const;
        out.value = el[1];
        return MsStatus::Ok;
    }
    if (f == a.self) {
        if (arity != 1) return MsStatus::Invalid;
        out.kind = MsExpr::Self;
        return MsStatus::Ok;
    }
    if (f == a.and_ || f == a.or_ || f == a.andalso || f == a.orelse) {
        if (arity < 2) return MsStatus::Invalid;
        out.kind = f == a.and_      ? MsExpr::And
                   : f == a.or_     ? MsExpr::Or
                   : f == a.andalso ? MsExpr::AndAlso
                                    : MsExpr::OrElse;
    } else if (MsAction act; trace && trace_action(f, unsigned(arity - 1), &act)) {
        out.kind = MsExpr::Action;
        out.value = Term(act);
    } else {
        const BifEntry *bif = guard_function(f, unsigned(arity - 1));
        if (!bif) return MsStatus::Invalid;
        out.kind = MsExpr::Call;
        out.fn = bif->function;
    }
    out.args.resize(arity - 1);
    return all(out.args, el + 1);
}

MsStatus compile_list(Term l, const MsClause &c, std::vector<MsExpr> &out, bool trace) {
    for (; is_list(l); l = cdr(l)) {
        out.emplace_back();
        if (MsStatus s = compile_expr(car(l), c, out.back(), 0, trace); s != MsStatus::Ok) return s;
    }
    return is_nil(l) ? MsStatus::Ok : MsStatus::Invalid;
}

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

    // A trace specification's function: records what it asks for in acts.
    Term action(const MsExpr &e) {
        Term arg = kNil;
        if (!e.args.empty() && (arg = eval(e.args[0], true)) == kNonValue) return kNonValue;
        if (!acts) return kNonValue;
        switch (MsAction(e.value)) {
        case MsAction::ReturnTrace:
            acts->return_trace = true;
            return atom::true_;
        case MsAction::ExceptionTrace:
            acts->exception_trace = true;
            return atom::true_;
        case MsAction::Message:
            acts->message = arg;
            return atom::true_;
        case MsAction::Caller:
            return acts->caller;
        case MsAction::ProcessDump:
            return acts->process_dump;
        case MsAction::Silent:
            if (arg == atom::true_) acts->silent = 1;
            if (arg == atom::false_) acts->silent = 0;
            return atom::true_;
        case MsAction::Display:
        case MsAction::SetTcw:
            return atom::true_;
        case MsAction::IsSeqTrace:
            return atom::false_;
        case MsAction::GetTcw:
            return make_small(0);
        }
        return kNonValue;
    }

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
        case MsExpr::Action:
            return action(e);
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
            return e.fn(p, args);
        }
        case MsExpr::And:
        case MsExpr::Or: {
            bool all = true, any = false;
            for (auto &a : e.args) {
                Term v = eval(a, body);
                if (v != atom::true_ && v != atom::false_) return kNonValue;
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
                if (v != go) return kNonValue;
            }
            return go;
        }
        }
        return kNonValue;
    }
};

} // namespace

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

MsStatus MatchSpec::compile(Term ms, bool trace) {
    clauses_.clear();
    for (; is_list(ms); ms = cdr(ms)) {
        Term cl = car(ms);
        if (!is_tuple(cl) || tuple_arity(cl) != 3) return MsStatus::Invalid;
        const Term *el = tuple_elements(cl);
        Term head = el[0];
        MsClause c;
        c.head = head;
        collect_vars(head, c.vars);
        std::sort(c.vars.begin(), c.vars.end());
        c.vars.erase(std::unique(c.vars.begin(), c.vars.end()), c.vars.end());
        // A trace specification's head matches the argument list.
        if (trace && !is_list(head) && !is_nil(head) && head != atoms().underscore &&
            ms_variable_number(head) < 0)
            return MsStatus::Invalid;
        if (MsStatus s = compile_list(el[1], c, c.guards, trace); s != MsStatus::Ok) return s;
        if (MsStatus s = compile_list(el[2], c, c.body, trace); s != MsStatus::Ok) return s;
        if (c.body.empty() && !trace) return MsStatus::Invalid; // a trace body may be []
        c.body_is_object = c.body.size() == 1 && c.body[0].kind == MsExpr::Object;
        c.body_is_true =
            c.body.size() == 1 && c.body[0].kind == MsExpr::Const && c.body[0].value == atom::true_;
        clauses_.push_back(std::move(c));
    }
    return is_nil(ms) ? MsStatus::Ok : MsStatus::Invalid;
}

void MatchSpec::compile_pattern(Term pattern, bool all_vars) {
    clauses_.clear();
    MsClause c;
    c.head = pattern;
    collect_vars(pattern, c.vars);
    std::sort(c.vars.begin(), c.vars.end());
    c.vars.erase(std::unique(c.vars.begin(), c.vars.end()), c.vars.end());
    c.body.emplace_back();
    c.body[0].kind = all_vars ? MsExpr::AllVars : MsExpr::Object;
    c.body_is_object = !all_vars;
    clauses_.push_back(std::move(c));
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
        if (!r.match(c.head, obj)) continue;
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
