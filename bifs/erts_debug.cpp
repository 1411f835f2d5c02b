// erts_debug's BIFs as OTP's own test suites use them: term sizes (flat_size/1,
// size_shared/1), identity (same/2), display/1, and the test switch
// set_internal_state/2 / get_internal_state/1 with the keys that mean something in Hamlet.
// Sizes are Hamlet's heap words, which follow the BEAM's layout (vm/term.h, vm/heap_layout.h).
// What is not here is listed in bifs/not_implemented.txt.
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/bits.h"
#include "vm/copy.h"
#include "vm/ets_table.h"
#include "vm/heap_layout.h"
#include "vm/mailbox.h"
#include "vm/process_table.h"
#include "vm/scheduler.h"
#include "vm/signals.h"
#include "vm/system_monitor.h"
#include "vm/term_build.h"
#include "vm/term_hash.h"
#include "vm/term_print.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <unordered_set>
#include <vector>

namespace hamlet {

Term erlang_display_1(Process *p, const Term *args);

namespace {

// Off until a process turns it on: then the other keys are available (as in erts, where
// they raise undef before).
std::atomic<bool> internal_state_available{false};

// Whether o is in p's own memory (its heaps and fragments), not a module's literals.
bool in_process(const Process *p, const Word *o) {
    if (o >= p->heap && o < p->htop) return true;
    if (p->old_heap && o >= p->old_heap && o < p->old_htop) return true;
    for (const HeapFragment *f = p->fragments; f; f = f->next)
        if (o >= f->data && o < f->data + f->used) return true;
    return false;
}

// Heap words of t counting each shared subterm once (objects are identified by address);
// literals count nothing, as in erts (they are shared by every process).
size_t shared_size(const Process *p, Term root) {
    size_t words = 0;
    std::unordered_set<const Word *> seen;
    std::vector<Term> todo{root};
    while (!todo.empty()) {
        Term t = todo.back();
        todo.pop_back();
        if (is_list(t)) {
            if (!in_process(p, list_ptr(t)) || !seen.insert(list_ptr(t)).second) continue;
            words += 2;
            todo.push_back(car(t));
            todo.push_back(cdr(t));
        } else if (is_boxed(t)) {
            Word *o = boxed_ptr(t);
            if (!in_process(p, o) || !seen.insert(o).second) continue;
            words += object_words(o[0]);
            TermSlots s = term_slots(o[0]);
            for (Word i = 0; i < s.count; ++i)
                todo.push_back(o[s.first + i]);
        }
    }
    return words;
}

// The warning erts logs when a process enables the internal state (the text is made
// first, as erts does, and logged with "~s~n").
void log_enabled(Process *p) {
    std::string text = "Process " + display_text(p->pid) +
                       " enabled access to the emulator internal state.\n"
                       "NOTE: This is an erts internal test feature and should *only* be "
                       "used by OTP test-suites.\n";
    send_vm_log(p, "~s~n", make_cons(p, make_string(p, text), kNil), atom_of("warning"));
}

// {binary_info, Bin}: heap_binary, or {refc_binary, HandleBytes, {binary, AllocatedBytes},
// Flags} for the shared binary under Bin (through a sub binary); Flags is 3 for an append
// buffer the process may still extend in place (erts' writable and active-writer flags),
// else 0.
Term binary_info(Process *p, Term bin) {
    size_t offset = 0;
    Term orig = bitstring_original(bin, &offset);
    Word *o = boxed_ptr(orig);
    if (header_subtag(o[0]) != Subtag::RefcBin) return atom_of("heap_binary");
    const Binary *b = reinterpret_cast<const Binary *>(o[2]);
    Term alloc = make_tuple(p, {atom_of("binary"), make_small(SWord(b->size))});
    return make_tuple(p, {atom_of("refc_binary"), make_small(SWord(o[1])), alloc,
                          make_small(is_append_buffer(o) ? 3 : 0)});
}

// {process_status, Pid}: the scheduling state as erts reads it, without asking the process;
// undefined once the process is gone from the process table (erts' tests wait for that).
Term process_status(Term pid) {
    if (pid == running_pid()) return atom_of("running");
    ProcessRef r = ProcessTable::global().lookup(pid);
    if (!r) return atom::undefined;
    ProcessStatus st;
    {
        std::lock_guard lock(r->mailbox->lock());
        st = r->status;
    }
    switch (st) {
    case ProcessStatus::Runnable: return atom_of("runnable");
    case ProcessStatus::Running: return atom_of("running");
    case ProcessStatus::Waiting: return atom_of("waiting");
    case ProcessStatus::Suspended:
        return atom_of("suspended");
    case ProcessStatus::Exited: break;
    }
    return atom_of("exiting");
}

} // namespace

Term erts_debug_same_2(Process *, const Term *args) {
    return args[0] == args[1] ? atom::true_ : atom::false_;
}

Term erts_debug_flat_size_1(Process *, const Term *args) {
    return make_small(SWord(copy_size(args[0])));
}

Term erts_debug_size_shared_1(Process *p, const Term *args) {
    return make_small(SWord(shared_size(p, args[0])));
}

// Prints as erlang:display/1 does and returns the text printed.
Term erts_debug_display_1(Process *p, const Term *args) {
    erlang_display_1(p, args);
    return make_string(p, display_text(args[0]) + "\n");
}

Term erts_debug_set_internal_state_2(Process *p, const Term *args) {
    static Term available = atom_of("available_internal_state"), sleep = atom_of("sleep"),
                block = atom_of("block"), wait = atom_of("wait");
    Term key = args[0], value = args[1];
    if (key == available && (value == atom::true_ || value == atom::false_)) {
        bool was = internal_state_available.exchange(value == atom::true_);
        if (value == atom::true_) log_enabled(p);
        return was ? atom::true_ : atom::false_;
    }
    if (!internal_state_available.load()) return p->error(atom::undef);
    if ((key == sleep || key == block) && is_small(value)) {
        // erts blocks the calling scheduler thread; block also stops the other schedulers
        // (erpc_SUITE's *_reqtmo cases check that a request to a blocked node times out).
        if (small_value(value) > 0) {
            if (key == block)
                Scheduler::global().block_all(small_value(value));
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(small_value(value)));
        }
        return atom::true_;
    }
    if (key == atom_of("test_long_gc_sleep") && is_small(value) && small_value(value) >= 0) {
        sysmon::g_test_long_gc_sleep.store(uint64_t(small_value(value)));
        return atom::true_;
    }
    if (key == atom_of("ets_force_trap")) {
        // Only debug builds of erts can make ETS operations trap on demand; a release
        // build answers notsup, as Hamlet does.
        return atom_of("notsup");
    }
    if ((key == atom_of("ets_force_split") ||
         key == atom_of("ets_debug_random_split_join")) &&
        is_tuple(value) && tuple_arity(value) == 2) {
        // erts splits (or randomly splits and joins) the lock routing tree of an ordered_set
        // with write_concurrency (its CA tree) to test fine-grained locking. Hamlet's
        // ordered_set has one lock and no routing tree, so there is nothing to split: the
        // answer is erts' for such a table, and badarg for any other.
        std::shared_ptr<EtsTable> t = ets_find_table(tuple_elements(value)[0]);
        if (t && t->ordered() && t->write_concurrency != atom::false_) return atom::ok;
        return p->badarg();
    }
    if (key == atom_of("reds_left") && is_small(value)) {
        // Sets the reductions left in the running slice, as erts (0..4000; true for any
        // other integer, which changes nothing): the emulator takes the difference from
        // the slice when the BIF returns.
        SWord n = small_value(value);
        if (n >= 0 && n <= Scheduler::kContextReductions) p->reductions += p->slice_left - n;
        return atom::true_;
    }
    if (key == wait && is_atom(value)) {
        // erts waits until deallocations, thread progress or timer changes scheduled
        // before the call are done; Hamlet frees and cancels at once, so nothing is pending.
        return atom::ok;
    }
    return p->badarg();
}

Term persistent_term_internal_state(Process *p); // bifs/persistent_term.cpp

Term erts_debug_get_internal_state_1(Process *p, const Term *args) {
    static Term available = atom_of("available_internal_state");
    if (!internal_state_available.load()) return p->error(atom::undef);
    if (args[0] == available) return atom::true_;
    if (args[0] == atom_of("reds_left")) return make_small(std::max<int64_t>(p->slice_left, 0));
    if (args[0] == atom_of("persistent_term")) return persistent_term_internal_state(p);
    // erts built with FORCE_HEAP_FRAGS makes every allocation a heap fragment; Hamlet does not.
    if (args[0] == atom_of("force_heap_frags")) return atom::false_;
    if (is_tuple(args[0]) && tuple_arity(args[0]) == 2) {
        Term key = tuple_elements(args[0])[0], arg = tuple_elements(args[0])[1];
        if (key == atom_of("binary_info") && is_bitstring(arg)) return binary_info(p, arg);
        // erts' make_internal_hash(Term, 0), which orders maps and persistent terms.
        if (key == atom_of("internal_hash")) return make_uint64(p, internal_hash(arg, 0));
        if (key == atom_of("process_status") && is_local_pid(arg)) return process_status(arg);
    }
    return p->badarg();
}

} // namespace hamlet
