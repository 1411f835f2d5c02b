// The re module's BIFs on PCRE2 (vm/regex.h): version/0, compile/1,2, run/2,3,
// internal_run/4 and inspect/2, with the option handling and results of erts' erl_bif_re.c.
//
// As on the BEAM, some cases continue in re.erl's own Erlang code (a BIF trap):
//   - global matching goes to re:grun/3, which calls re:internal_run/4 once per match and
//     steps over empty matches one character at a time;
//   - a unicode pattern or subject that is not a binary (and list captures in unicode
//     mode) go to re:urun/3 or re:ucompile/2, which convert them to UTF-8 binaries first.
// re:split and re:replace are plain Erlang code in re.erl calling these.
//
// A global run thus gives up the scheduler between matches like any Erlang code (each
// match charges reductions for the bytes it went over), but one match runs to its end:
// PCRE2 cannot stop in the middle of a match and go on later, as erts' own PCRE does.
//
// Source patterns given to run/2,3 are compiled once per distinct (pattern, options): the
// compiled code is cached by vm/regex.cpp, shared by every process.
#include "bifs/bif.h"
#include "bifs/trap.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/iolist.h"
#include "vm/module.h"
#include "vm/regex.h"
#include "vm/term_build.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <climits>
#include <string>
#include <vector>

namespace hamlet {

namespace {

struct ReAtoms {
    Term re = atom_of("re"), re_pattern = atom_of("re_pattern"), match = atom_of("match"),
         nomatch = atom_of("nomatch"), namelist = atom_of("namelist"), compile = atom_of("compile"),
         badopt = atom_of("badopt"), capture = atom_of("capture"), offset = atom_of("offset"),
         match_limit = atom_of("match_limit"),
         match_limit_recursion = atom_of("match_limit_recursion"), newline = atom_of("newline"),
         cr = atom_of("cr"), crlf = atom_of("crlf"), lf = atom_of("lf"),
         anycrlf = atom_of("anycrlf"), any = atom_of("any"), anchored = atom_of("anchored"),
         notempty = atom_of("notempty"), notempty_atstart = atom_of("notempty_atstart"),
         notbol = atom_of("notbol"), noteol = atom_of("noteol"),
         no_start_optimize = atom_of("no_start_optimize"), caseless = atom_of("caseless"),
         dollar_endonly = atom_of("dollar_endonly"), dotall = atom_of("dotall"),
         extended = atom_of("extended"), firstline = atom_of("firstline"),
         multiline = atom_of("multiline"), no_auto_capture = atom_of("no_auto_capture"),
         dupnames = atom_of("dupnames"), ungreedy = atom_of("ungreedy"), ucp = atom_of("ucp"),
         never_utf = atom_of("never_utf"), report_errors = atom_of("report_errors"),
         unicode = atom_of("unicode"), global = atom_of("global"),
         bsr_anycrlf = atom_of("bsr_anycrlf"), bsr_unicode = atom_of("bsr_unicode"),
         index = atom_of("index"), list = atom_of("list"), binary = atom_of("binary"),
         all = atom_of("all"), none = atom_of("none"), all_but_first = atom_of("all_but_first"),
         first = atom_of("first"), all_names = atom_of("all_names"), grun = atom_of("grun"),
         urun = atom_of("urun"), ucompile = atom_of("ucompile");
};
const ReAtoms &A() {
    static const ReAtoms atoms;
    return atoms;
}

// ---- options (erts' parse_options) -----------------------------------------------------

enum : unsigned {
    kUniqueCompileOpt = 1, // a compile-only option (not allowed with a compiled pattern)
    kUniqueExecOpt = 2,    // a run-only option (not allowed in compile)
    kUnicode = 4,
    kCaptureOpt = 16,
    kGlobal = 32,
    kReportErrors = 64,
    kMatchLimit = 128,
    kMatchLimitRecursion = 256,
};

struct Options {
    uint32_t compile_flags = 0; // PCRE2 compile options
    uint32_t match_flags = 0;   // PCRE2 match options
    // Newline and \R conventions as PCRE 1 option bits, which several options OR together
    // (cr|lf is crlf): newline 1 cr, 2 lf, 3 crlf, 4 any, 5 anycrlf; bsr 1 anycrlf, 2 unicode.
    unsigned newline_bits = 0, bsr_bits = 0;
    unsigned flags = 0;
    int offset = 0;
    Term capture_values = kNonValue, capture_type = kNonValue;
    int match_limit = 0, match_limit_recursion = 0;
};

// erts' term_to_int on 64-bit machines: a small from 0 to INT_MAX.
bool to_int(Term t, int *out) {
    if (!is_small(t) || small_value(t) < 0 || small_value(t) > INT_MAX) return false;
    *out = int(small_value(t));
    return true;
}

bool parse_options(Term list, Options &o) {
    const ReAtoms &a = A();
    for (; is_list(list); list = cdr(list)) {
        Term item = car(list);
        if (is_tuple(item)) {
            Term *e = tuple_elements(item);
            Word n = tuple_arity(item);
            if (n == 3 && e[0] == a.capture) {
                o.capture_values = e[1];
                o.capture_type = e[2];
                o.flags |= kCaptureOpt | kUniqueExecOpt;
                continue;
            }
            if (n != 2 || !is_atom(e[0])) return false;
            if (e[0] == a.capture) {
                o.capture_values = e[1];
                o.capture_type = a.index;
                o.flags |= kCaptureOpt | kUniqueExecOpt;
            } else if (e[0] == a.offset) {
                if (!to_int(e[1], &o.offset)) return false;
                o.flags |= kUniqueExecOpt;
            } else if (e[0] == a.match_limit) {
                if (!to_int(e[1], &o.match_limit)) return false;
                o.flags |= kUniqueExecOpt | kMatchLimit;
            } else if (e[0] == a.match_limit_recursion) {
                if (!to_int(e[1], &o.match_limit_recursion)) return false;
                o.flags |= kUniqueExecOpt | kMatchLimitRecursion;
            } else if (e[0] == a.newline) {
                Term v = e[1];
                if (v == a.cr)
                    o.newline_bits |= 1;
                else if (v == a.lf)
                    o.newline_bits |= 2;
                else if (v == a.crlf)
                    o.newline_bits |= 3;
                else if (v == a.any)
                    o.newline_bits |= 4;
                else if (v == a.anycrlf)
                    o.newline_bits |= 5;
                else
                    return false;
            } else {
                return false;
            }
            continue;
        }
        if (!is_atom(item)) return false;
        struct Flag {
            Term atom;
            uint32_t compile, match;
            unsigned flags;
        };
        const Flag table[] = {
            {a.anchored, PCRE2_ANCHORED, PCRE2_ANCHORED, 0},
            {a.notempty, 0, PCRE2_NOTEMPTY, kUniqueExecOpt},
            {a.notempty_atstart, 0, PCRE2_NOTEMPTY_ATSTART, kUniqueExecOpt},
            {a.notbol, 0, PCRE2_NOTBOL, kUniqueExecOpt},
            {a.noteol, 0, PCRE2_NOTEOL, kUniqueExecOpt},
            {a.no_start_optimize, PCRE2_NO_START_OPTIMIZE, 0, kUniqueCompileOpt},
            {a.caseless, PCRE2_CASELESS, 0, kUniqueCompileOpt},
            {a.dollar_endonly, PCRE2_DOLLAR_ENDONLY, 0, kUniqueCompileOpt},
            {a.dotall, PCRE2_DOTALL, 0, kUniqueCompileOpt},
            {a.extended, PCRE2_EXTENDED, 0, kUniqueCompileOpt},
            {a.firstline, PCRE2_FIRSTLINE, 0, kUniqueCompileOpt},
            {a.multiline, PCRE2_MULTILINE, 0, kUniqueCompileOpt},
            {a.no_auto_capture, PCRE2_NO_AUTO_CAPTURE, 0, kUniqueCompileOpt},
            {a.dupnames, PCRE2_DUPNAMES, 0, kUniqueCompileOpt},
            {a.ungreedy, PCRE2_UNGREEDY, 0, kUniqueCompileOpt},
            {a.ucp, PCRE2_UCP, 0, kUniqueCompileOpt},
            {a.never_utf, PCRE2_NEVER_UTF, 0, kUniqueCompileOpt},
            {a.report_errors, 0, 0, kUniqueExecOpt | kReportErrors},
            {a.unicode, PCRE2_UTF, 0, kUniqueCompileOpt | kUnicode},
            {a.global, 0, 0, kUniqueExecOpt | kGlobal},
        };
        bool found = false;
        for (const Flag &f : table) {
            if (f.atom != item) continue;
            o.compile_flags |= f.compile;
            o.match_flags |= f.match;
            o.flags |= f.flags;
            found = true;
            break;
        }
        if (found) continue;
        if (item == a.bsr_anycrlf)
            o.bsr_bits |= 1;
        else if (item == a.bsr_unicode)
            o.bsr_bits |= 2;
        else
            return false;
    }
    return is_nil(list);
}

// The PCRE2 compile options for parsed options; false if the newline or \R options
// contradict each other (PCRE 1 refuses those as a compile error).
bool compile_options(const Options &o, RegexCompileOptions *out) {
    static const uint8_t kNewline[] = {0,
                                       PCRE2_NEWLINE_CR,
                                       PCRE2_NEWLINE_LF,
                                       PCRE2_NEWLINE_CRLF,
                                       PCRE2_NEWLINE_ANY,
                                       PCRE2_NEWLINE_ANYCRLF};
    if (o.newline_bits > 5 || o.bsr_bits == 3) return false;
    out->flags = o.compile_flags;
    out->newline = kNewline[o.newline_bits];
    out->bsr = o.bsr_bits == 1 ? PCRE2_BSR_ANYCRLF : o.bsr_bits == 2 ? PCRE2_BSR_UNICODE : 0;
    return true;
}

Term badopt(Process *p) {
    return p->badarg_cause(A().badopt);
}

// ---- terms -----------------------------------------------------------------------------

// The bytes of a binary (copied into *copy when not byte-aligned).
std::string_view binary_bytes(Term bin, std::string *copy) {
    BitView v = bit_view(bin);
    if (v.byte_aligned()) return {reinterpret_cast<const char *>(v.bytes()), v.byte_size()};
    copy->clear();
    if (!iolist_to_bytes(bin, *copy)) copy->clear();
    return *copy;
}

// A pattern's source: like erts, PCRE receives it as a C string, so it ends at a NUL.
std::string_view c_string(std::string_view s) {
    return s.substr(0, s.find('\0'));
}

Term make_bin(Process *p, std::string_view s) {
    return make_binary(p, s.data(), s.size());
}

Term pattern_tuple(Process *p, const CompiledRegex &re, bool unicode) {
    std::string enc = encode_pattern(re.source, re.options);
    return make_tuple(p, {A().re_pattern, make_small(re.capture_count), make_small(unicode ? 1 : 0),
                          make_small(re.use_crlf ? 1 : 0), make_bin(p, enc)});
}

// {Msg, Pos} for a compile error, Msg as a list of bytes.
Term compile_error(Process *p, const RegexCompileError &err) {
    return make_tuple(p, {make_string(p, err.message), make_small(SWord(err.offset))});
}

// The compiled code of a {re_pattern, _, _, _, Bin} term, or nullptr if it is not one of
// Hamlet's patterns (a BEAM-compiled "ERCP" one, for example).
RegexPtr pattern_of(Term t, bool *unicode) {
    if (!is_tuple(t) || tuple_arity(t) != 5) return nullptr;
    Term *e = tuple_elements(t);
    if (e[0] != A().re_pattern || !is_small(e[1]) || !is_small(e[2]) || !is_small(e[3]) ||
        !is_binary(e[4]))
        return nullptr;
    if (unicode) *unicode = small_value(e[2]) != 0;
    std::string copy;
    std::string_view bytes = binary_bytes(e[4], &copy);
    if (bytes.size() < 4) return nullptr;
    return regex_from_encoded(bytes);
}

Export *trap_export(Term name, unsigned arity) {
    return ExportTable::global().get(A().re, name, arity);
}

// ---- captures (erts' build_capture and build_exec_return) ------------------------------

struct Capture {
    enum Type { Index, List, Bin, None } type = Index;
    // 0: all groups; -1: all but the first; > 0: the groups listed in v, where an entry
    // -K (K > 1) is followed by K groups of one duplicate name (the first set one counts).
    int num_spec = 0;
    std::vector<int> v;
};

// PCRE 1's pcre_get_stringnumber: a binary search of the sorted name table (with several
// groups of one name and no dupnames option, the one it lands on).
int name_number(const CompiledRegex &re, std::string_view name) {
    size_t bot = 0, top = re.names.size();
    while (top > bot) {
        size_t mid = (top + bot) / 2;
        int c = std::string_view(name).compare(re.names[mid].name);
        if (c == 0) return re.names[mid].number;
        if (c > 0)
            bot = mid + 1;
        else
            top = mid;
    }
    return -1;
}

void add_name(const CompiledRegex &re, std::string_view name, Capture &c) {
    if (!re.dupnames) {
        c.v.push_back(name_number(re, name));
        return;
    }
    std::vector<int> numbers;
    for (const auto &n : re.names)
        if (n.name == name) numbers.push_back(n.number);
    if (numbers.empty())
        c.v.push_back(-1);
    else if (numbers.size() == 1)
        c.v.push_back(numbers[0]);
    else {
        c.v.push_back(-int(numbers.size()));
        c.v.insert(c.v.end(), numbers.begin(), numbers.end());
    }
}

bool build_capture(Term values, Term type, const CompiledRegex &re, Capture &c) {
    const ReAtoms &a = A();
    if (type == a.index)
        c.type = Capture::Index;
    else if (type == a.list)
        c.type = Capture::List;
    else if (type == a.binary)
        c.type = Capture::Bin;
    else
        return false;
    if (values == a.all) {
        c.num_spec = 0;
    } else if (values == a.none || is_nil(values)) {
        c.type = Capture::None;
    } else if (values == a.all_but_first) {
        c.num_spec = -1;
    } else if (values == a.first) {
        c.v = {0};
    } else if (values == a.all_names) {
        if (re.names.empty()) {
            c.type = Capture::None;
            return true;
        }
        const std::string *last = nullptr;
        for (const auto &n : re.names) {
            if (!last || !re.dupnames || *last != n.name) {
                if (re.dupnames)
                    add_name(re, n.name, c);
                else
                    c.v.push_back(n.number);
            }
            last = &n.name;
        }
    } else if (is_list(values)) {
        Term l = values;
        for (; is_list(l); l = cdr(l)) {
            Term val = car(l);
            int x;
            if (to_int(val, &x)) {
                c.v.push_back(x);
            } else if (is_atom(val)) {
                add_name(re, c_string(AtomTable::global().text(val)), c);
            } else if (is_binary(val) || is_list(val)) {
                std::string name;
                if (!iolist_to_bytes(val, name)) return false;
                add_name(re, c_string(name), c);
            } else {
                return false;
            }
        }
        if (!is_nil(l)) return false;
    } else {
        return false;
    }
    if (c.type != Capture::None && !c.v.empty()) c.num_spec = int(c.v.size());
    return true;
}

// The subject of a match: its bytes and, when it was a binary, the term (for sub binaries).
struct Subject {
    std::string_view bytes;
    std::string copy;
    Term binary = kNonValue;
};

bool load_subject(Term t, Subject &s) {
    if (is_binary(t)) {
        s.bytes = binary_bytes(t, &s.copy);
        s.binary = t;
        return true;
    }
    if (!iolist_to_bytes(t, s.copy)) return false;
    s.bytes = s.copy;
    return true;
}

// Bytes [start, start + len) of the subject as a binary: a sub binary of a binary subject
// when longer than a heap binary (as erts), a fresh binary otherwise.
Term subject_part(Process *p, const Subject &s, size_t start, size_t len) {
    if (s.binary == kNonValue || len <= kHeapBinLimit || !bit_view(s.binary).byte_aligned())
        return make_binary(p, s.bytes.data() + start, len);
    Term orig = s.binary;
    size_t bit_off = 0;
    while (boxed_subtag(orig) == Subtag::SubBin) {
        bit_off += size_t(boxed_ptr(orig)[2]);
        orig = boxed_ptr(orig)[3];
    }
    return make_sub_bin(p->alloc(kSubBinWords), orig, bit_off + start * 8, len * 8);
}

Term capture_value(Process *p, const Capture &c, const Subject &s, const std::vector<long> &ov,
                   int group) {
    long start = ov[2 * size_t(group)], end = ov[2 * size_t(group) + 1];
    if (c.type == Capture::Index)
        return make_tuple(p, {make_small(start), make_small(start < 0 ? 0 : end - start)});
    size_t from = start < 0 ? 0 : size_t(start);
    size_t len = start < 0 ? 0 : size_t(end - start);
    if (c.type == Capture::Bin) return subject_part(p, s, from, len);
    return make_string(p, s.bytes.substr(from, len));
}

Term missing_value(Process *p, const Capture &c) {
    if (c.type == Capture::Index) return make_tuple(p, {make_small(-1), make_small(0)});
    if (c.type == Capture::Bin) return make_binary(p, "", 0);
    return kNil;
}

Term match_result(Process *p, const Capture &c, const Subject &s, const std::vector<long> &ov,
                  int rc) {
    if (c.type == Capture::None) return A().match;
    std::vector<Term> items;
    if (c.num_spec <= 0) {
        for (int i = -c.num_spec; i < rc; ++i)
            items.push_back(capture_value(p, c, s, ov, i));
    } else {
        int groups = int(ov.size() / 2);
        for (int i = 0; i < c.num_spec; ++i) {
            int x = c.v[size_t(i)];
            if (x < -1) { // a duplicate name: the first of its groups that is set
                int end = i - x + 1;
                for (int j = i + 1; j < c.num_spec && j < end; ++j) {
                    int g = c.v[size_t(j)];
                    if (g >= 0 && g < groups && ov[2 * size_t(g)] >= 0) {
                        x = g;
                        break;
                    }
                }
                i = end - 1;
            }
            items.push_back(x >= 0 && x < rc ? capture_value(p, c, s, ov, x) : missing_value(p, c));
        }
    }
    Term list = kNil;
    for (size_t i = items.size(); i-- > 0;)
        list = make_cons(p, items[i], list);
    return make_tuple(p, {A().match, list});
}

// ---- run -------------------------------------------------------------------------------

Term run(Process *p, Term subject, Term pattern, Term opts, bool first) {
    const ReAtoms &a = A();
    Options o;
    if (!parse_options(opts, o)) return badopt(p);
    bool list_capture = (o.flags & kCaptureOpt) && o.capture_type == a.list;
    bool global = o.flags & kGlobal;
    RegexPtr re;
    if (!is_tuple(pattern) || tuple_arity(pattern) != 5) {
        if (!is_binary(pattern) && !is_list(pattern) && !is_nil(pattern)) return p->badarg();
        if ((o.flags & kUnicode) &&
            (!is_binary(pattern) || !is_binary(subject) || (list_capture && !global)))
            return p->trap(trap_export(a.urun, 3), {subject, pattern, opts});
        std::string source;
        if (!iolist_to_bytes(pattern, source)) return p->badarg();
        RegexCompileOptions copts;
        RegexCompileError err{"inconsistent newline or \\R options", 0};
        if (compile_options(o, &copts)) re = regex_compile(c_string(source), copts, &err);
        if (!re) {
            if (!(o.flags & kReportErrors)) return p->badarg();
            return make_tuple(p, {atom::error, make_tuple(p, {a.compile, compile_error(p, err)})});
        }
        if (global) {
            Term precompiled = pattern_tuple(p, *re, o.flags & kUnicode);
            Term state = make_tuple(
                p, {opts, (o.flags & kUniqueCompileOpt) ? atom::true_ : atom::false_, pattern});
            return p->trap(trap_export(a.grun, 3), {subject, precompiled, state});
        }
    } else {
        if (o.flags & kUniqueCompileOpt) return p->badarg();
        bool unicode = false;
        re = pattern_of(pattern, &unicode);
        if (!re) return p->badarg();
        if (unicode && (!is_binary(subject) || (list_capture && !global)))
            return p->trap(trap_export(a.urun, 3), {subject, pattern, opts});
        if (global)
            return p->trap(trap_export(a.grun, 3),
                           {subject, pattern, make_tuple(p, {opts, atom::false_})});
        if (o.newline_bits || o.bsr_bits) {
            // PCRE 1 takes newline and \R conventions at match time too; PCRE2 only when
            // compiling, so the pattern is compiled (once, cached) with them.
            RegexCompileOptions copts = re->options;
            RegexCompileOptions run_opts;
            if (!compile_options(o, &run_opts)) return p->badarg();
            if (o.newline_bits) copts.newline = run_opts.newline;
            if (o.bsr_bits) copts.bsr = run_opts.bsr;
            re = regex_compile(re->source, copts, nullptr);
            if (!re) return p->badarg();
        }
    }
    Capture capture;
    if ((o.flags & kCaptureOpt) && !build_capture(o.capture_values, o.capture_type, *re, capture))
        return p->badarg();
    Subject s;
    if (!load_subject(subject, s)) return p->badarg();
    // erts fails with an internal error for an offset past the end; Hamlet with badarg.
    if (size_t(o.offset) > s.bytes.size()) return p->badarg();
    RegexMatchParams params;
    params.flags = o.match_flags;
    params.trusted_utf = !first;
    params.has_match_limit = o.flags & kMatchLimit;
    params.match_limit = uint32_t(o.match_limit);
    params.has_depth_limit = o.flags & kMatchLimitRecursion;
    params.depth_limit = uint32_t(o.match_limit_recursion);
    std::vector<long> ov;
    int rc = 0;
    auto status = regex_match(*re, reinterpret_cast<const uint8_t *>(s.bytes.data()),
                              s.bytes.size(), size_t(o.offset), params, ov, &rc);
    // The work done, as erts charges it (a reduction per 10 steps of the matcher): PCRE2
    // does not tell its steps, so the bytes it went over stand for them.
    size_t scanned = status == RegexMatchStatus::Match && !ov.empty() && ov[1] >= o.offset
                         ? size_t(ov[1] - o.offset)
                         : s.bytes.size() - size_t(o.offset);
    charge_reductions(p, int64_t(scanned / 10));
    switch (status) {
    case RegexMatchStatus::Match:
        return match_result(p, capture, s, ov, rc);
    case RegexMatchStatus::NoMatch:
        return a.nomatch;
    case RegexMatchStatus::MatchLimit:
        if (o.flags & kReportErrors) return make_tuple(p, {atom::error, a.match_limit});
        return a.nomatch;
    case RegexMatchStatus::DepthLimit:
        if (o.flags & kReportErrors) return make_tuple(p, {atom::error, a.match_limit_recursion});
        return a.nomatch;
    case RegexMatchStatus::BadSubject:
        break;
    }
    return p->badarg();
}

Term compile(Process *p, Term source_term, Term opts) {
    Options o;
    if (!parse_options(opts, o) || (o.flags & kUniqueExecOpt)) return badopt(p);
    bool unicode = o.flags & kUnicode;
    if (unicode && !is_binary(source_term))
        return p->trap(trap_export(A().ucompile, 2), {source_term, opts});
    std::string source;
    if (!iolist_to_bytes(source_term, source)) return p->badarg();
    RegexCompileOptions copts;
    RegexCompileError err{"inconsistent newline or \\R options", 0};
    RegexPtr re;
    if (compile_options(o, &copts)) re = regex_compile(c_string(source), copts, &err);
    if (!re) return make_tuple(p, {atom::error, compile_error(p, err)});
    return make_tuple(p, {atom::ok, pattern_tuple(p, *re, unicode)});
}

} // namespace

// PCRE2's version with a suffix: deliberately not PCRE 8.44's "8.44 2020-02-12". Elixir
// keeps compiled regexes in its .beam files as the BEAM's PCRE bytecode, tagged with that
// version; when re:version/0 differs, Regex recompiles them from their source, which is
// what Hamlet needs (it cannot run PCRE 1 bytecode).
Term re_version_0(Process *p, const Term *) {
    return make_bin(p, pcre2_version_text() + " (hamlet pcre2)");
}

Term re_compile_1(Process *p, const Term *args) {
    return compile(p, args[0], kNil);
}
Term re_compile_2(Process *p, const Term *args) {
    return compile(p, args[0], args[1]);
}
Term re_run_2(Process *p, const Term *args) {
    return run(p, args[0], args[1], kNil, true);
}
Term re_run_3(Process *p, const Term *args) {
    return run(p, args[0], args[1], args[2], true);
}

// Called by re:grun/3 for each match of a global run; First = false means the subject was
// already checked as UTF-8 by an earlier call.
Term re_internal_run_4(Process *p, const Term *args) {
    if (args[3] != atom::true_ && args[3] != atom::false_) return p->badarg();
    return run(p, args[0], args[1], args[2], args[3] == atom::true_);
}

Term re_inspect_2(Process *p, const Term *args) {
    RegexPtr re = pattern_of(args[0], nullptr);
    if (!re || args[1] != A().namelist) return p->badarg();
    std::vector<Term> names;
    const std::string *last = nullptr;
    for (const auto &n : re->names) {
        if (!last || !re->dupnames || *last != n.name) names.push_back(make_bin(p, n.name));
        last = &n.name;
    }
    Term list = kNil;
    for (size_t i = names.size(); i-- > 0;)
        list = make_cons(p, names[i], list);
    return make_tuple(p, {A().namelist, list});
}

} // namespace hamlet
