// erlang:system_info/1's memory allocator answers (alloc_util_allocators, allocator,
// {allocator, A}, {allocator_sizes, A}, and the requests {memory_internal, Ref, Allocs} and
// {allocator_sizes, Ref, Allocs} answered by messages), and
// erts_internal:no_aux_work_threads/0.
//
// erts carves memory out of its own alloc_util allocators (temp_alloc, ets_alloc, ...),
// each of which can be disabled (erl +Mea min disables most). Hamlet has none of them: every
// allocation goes to libc's malloc, which erts calls sys_alloc. So the answers are erts'
// answers for that configuration: sys_alloc is the one enabled allocator, each alloc_util
// allocator erts knows is disabled (false), and no allocator uses the alloc_util framework
// (alloc_util_allocators is []). Callers such as erts_debug:alloc_blocks_size/1 then get
// `undefined` (no allocator to count), as on an erl without the allocator asked for.
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/scheduler.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <array>
#include <optional>
#include <string_view>
#include <vector>

namespace hamlet {

namespace {

// Every allocator erts 25 (built as an interpreter, so without exec_alloc) answers about, in
// erts' order, after sys_alloc: the alloc_util allocators and test_alloc, then the three
// that are not allocators of blocks (mseg_alloc's segments, erts_mmap's mappings and the
// alloc_util framework's own settings).
constexpr std::array<std::string_view, 11> kAllocUtil = {
    "temp_alloc", "sl_alloc",      "std_alloc",    "ll_alloc",     "eheap_alloc", "ets_alloc",
    "fix_alloc",  "literal_alloc", "binary_alloc", "driver_alloc", "test_alloc"};
constexpr std::array<std::string_view, 3> kOthers = {"mseg_alloc", "erts_mmap", "alloc_util"};

bool known_allocator(Term a) {
    if (!is_atom(a)) return false;
    std::string_view name = AtomTable::global().text(a);
    if (name == "sys_alloc") return true;
    for (auto n : kAllocUtil)
        if (n == name) return true;
    for (auto n : kOthers)
        if (n == name) return true;
    return false;
}

// sys_alloc's options as erts prints them: enabled, libc's malloc. erts adds the trim
// threshold and top pad it set with mallopt; Hamlet sets neither, and erts leaves out what
// it does not know.
Term sys_alloc_options(Process *p) {
    return make_term_list(p, {make_tuple(p, {atom_of("e"), atom::true_}),
                              make_tuple(p, {atom_of("m"), atom_of("libc")})});
}

// {allocator, A} (sizes false) or {allocator_sizes, A} (sizes true) of one allocator.
Term allocator_answer(Process *p, Term a, bool sizes) {
    if (AtomTable::global().text(a) != "sys_alloc") return atom::false_;
    Term info =
        sizes ? kNil
              : make_term_list(p, {make_tuple(p, {atom_of("options"), sys_alloc_options(p)})});
    return make_term_list(p, {make_tuple(p, {atom_of("instance"), make_small(0), info})});
}

// A proper list of known allocators, each at most once, into `asked`; false if it is not.
bool allocator_list(Term l, std::vector<Term> &asked) {
    for (; is_list(l); l = cdr(l)) {
        Term a = car(l);
        if (!known_allocator(a)) return false;
        for (Term seen : asked)
            if (seen == a) return false;
        asked.push_back(a);
    }
    return l == kNil;
}

// {memory_internal, Ref, Allocs} and {allocator_sizes, Ref, Allocs} (what erlang:memory/0,1
// and erts' own tests use): erts asks each of its auxiliary work threads but the first (one
// per scheduler) for the sizes of Allocs, and each answers {Ref, ThreadIndex, Infos}; the
// requesting scheduler's thread adds the global instances: {sys_alloc, 0, []} here,
// {A, false} for every other allocator (none is enabled), while the other threads, with no
// enabled per-thread instance, answer []. Allocs is a non-empty proper list of known
// allocators, each at most once, and Ref a local reference; else badarg.
std::optional<Term> request_alloc_info(Process *p, Term ref, Term allocs) {
    if (!is_boxed_of(ref, Subtag::Ref) || !is_list(allocs)) return p->badarg();
    std::vector<Term> asked;
    if (!allocator_list(allocs, asked)) return p->badarg();
    std::vector<Term> global;
    for (Term a : asked)
        global.push_back(AtomTable::global().text(a) == "sys_alloc"
                             ? make_tuple(p, {a, make_small(0), kNil})
                             : make_tuple(p, {a, atom::false_}));
    unsigned threads = Scheduler::global().count(), me = current_scheduler_id();
    if (me == 0) me = 1;
    send_message(p->pid, make_tuple(p, {ref, make_small(me), make_term_list(p, global)}));
    for (unsigned ix = 1; ix <= threads; ++ix)
        if (ix != me) send_message(p->pid, make_tuple(p, {ref, make_small(ix), kNil}));
    return atom::true_;
}

// The answer to `item`, or nullopt when it is not an allocator item.
std::optional<Term> answer_for(Process *p, Term item) {
    if (item == atom_of("alloc_util_allocators")) return kNil;
    if (item == atom_of("allocator")) {
        // {Allocator, Version, Features, Settings}: glibc's malloc, the version Hamlet was
        // built against, the enabled allocators, and each allocator's settings.
        std::vector<Term> settings = {make_tuple(p, {atom_of("sys_alloc"), sys_alloc_options(p)})};
        for (auto n : kAllocUtil)
            settings.push_back(make_tuple(
                p, {atom_of(n), make_term_list(p, {make_tuple(p, {atom_of("e"), atom::false_})})}));
        settings.push_back(make_tuple(p, {atom_of("lock_physical_memory"), atom_of("no")}));
#if defined(__GLIBC__)
        Term malloc_name = atom_of("glibc");
        Term version = make_term_list(p, {make_small(__GLIBC__), make_small(__GLIBC_MINOR__)});
#else
        Term malloc_name = atom::undefined, version = kNil;
#endif
        return make_tuple(p, {malloc_name, version, make_term_list(p, {atom_of("sys_alloc")}),
                              make_term_list(p, settings)});
    }
    if (is_tuple(item) && tuple_arity(item) == 3) {
        const Term *e = tuple_elements(item);
        if (e[0] != atom_of("memory_internal") && e[0] != atom_of("allocator_sizes"))
            return std::nullopt;
        return request_alloc_info(p, e[1], e[2]);
    }
    if (!is_tuple(item) || tuple_arity(item) != 2) return std::nullopt;
    Term key = tuple_elements(item)[0], arg = tuple_elements(item)[1];
    bool sizes = key == atom_of("allocator_sizes");
    if (!sizes && key != atom_of("allocator")) return std::nullopt;
    if (is_atom(arg)) {
        if (!known_allocator(arg)) return p->badarg();
        return allocator_answer(p, arg, sizes);
    }
    // A list of allocators: [{A, Answer}] in the order asked; each at most once.
    std::vector<Term> asked;
    if (!allocator_list(arg, asked)) return p->badarg();
    std::vector<Term> answers;
    for (Term a : asked)
        answers.push_back(make_tuple(p, {a, allocator_answer(p, a, sizes)}));
    return make_term_list(p, answers);
}

} // namespace

// alloc_util_allocators, allocator, {allocator, A} and {allocator_sizes, A}: false when
// `item` is none of them; else true with the answer in `answer` (p->badarg()'s kNonValue
// for a bad allocator).
bool allocator_system_info(Process *p, Term item, Term &answer) {
    std::optional<Term> a = answer_for(p, item);
    if (a) answer = *a;
    return a.has_value();
}

// erts has one auxiliary work thread per scheduler plus its own; the allocator requests
// above get one answer from each but the first.
Term erts_internal_no_aux_work_threads_0(Process *, const Term *) {
    return make_small(Scheduler::global().count() + 1);
}

} // namespace hamlet
