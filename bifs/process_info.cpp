// process_info/1,2: a process describes itself. For another process the BIF sends a
// request signal and the answer is built by that process when it handles the signal
// (vm/signals.cpp), so nothing here ever reads another process's heap.
#include "bifs/bif.h"
#include "bifs/processes.h"
#include "dist/engine.h"
#include "dist/node.h"
#include "emulator/emulator.h"
#include "emulator/stacktrace.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/mailbox.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/scheduler.h"
#include "vm/signals.h"
#include "vm/suspend.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <cstdio>

namespace hamlet {

namespace {

#define PROCESS_INFO_ITEMS(X)                                                                      \
    X(registered_name)                                                                             \
    X(current_function)                                                                            \
    X(current_location)                                                                            \
    X(current_stacktrace)                                                                          \
    X(initial_call)                                                                                \
    X(status)                                                                                      \
    X(message_queue_len)                                                                           \
    X(messages) X(links) X(monitors) X(monitored_by) X(dictionary) X(trap_exit) X(error_handler)   \
        X(priority) X(group_leader) X(total_heap_size) X(heap_size) X(stack_size) X(reductions)    \
            X(garbage_collection) X(suspending) X(memory) X(min_heap_size) X(min_bin_vheap_size)   \
                X(max_heap_size) X(fullsweep_after) X(message_queue_data) X(parent) X(catchlevel)  \
                    X(binary) X(last_calls) X(sequential_trace_token) X(backtrace)                 \
                        X(garbage_collection_info) X(magic_ref)

struct ItemAtoms {
#define X(name) Term name = *AtomTable::global().intern(#name);
    PROCESS_INFO_ITEMS(X)
#undef X
    Term running = *AtomTable::global().intern("running");
    Term error_handler_module = *AtomTable::global().intern("error_handler");
    Term minor_gcs = *AtomTable::global().intern("minor_gcs");
    Term size = *AtomTable::global().intern("size");
    Term kill = atom::kill;
    Term error_logger = *AtomTable::global().intern("error_logger");
    bool known(Term t) const {
#define X(name)                                                                                    \
    if (t == name) return true;
        PROCESS_INFO_ITEMS(X)
#undef X
        return false;
    }
};

const ItemAtoms &items() {
    static const ItemAtoms a;
    return a;
}

// process_info(P, garbage_collection_info): the sizes of the heaps (in words), as the BEAM
// names them. recent_size is what survived the last collection (below the high-water mark).
Term gc_info(Process *p) {
    auto words = [](const Word *from, const Word *to) { return make_small(SWord(to - from)); };
    auto pair = [p](const char *name, Term v) {
        return make_tuple(p, {*AtomTable::global().intern(name), v});
    };
    std::vector<Term> v = {
        pair("old_heap_block_size", words(p->old_heap, p->old_hend)),
        pair("heap_block_size", words(p->heap, p->hend)),
        pair("mbuf_size", make_small(SWord(p->fragment_words))),
        pair("recent_size", words(p->heap, p->high_water)),
        pair("stack_size", words(p->stop, p->hend)),
        pair("old_heap_size", words(p->old_heap, p->old_htop)),
        pair("heap_size", words(p->heap, p->htop)),
        pair("bin_vheap_size", make_small(SWord(p->binary_vheap / sizeof(Word)))),
        pair("bin_vheap_block_size", make_small(SWord(p->binary_vheap_limit / sizeof(Word)))),
        pair("bin_old_vheap_size", make_small(SWord(p->old_binary_vheap / sizeof(Word)))),
        pair("bin_old_vheap_block_size",
             make_small(SWord(p->old_binary_vheap_limit / sizeof(Word)))),
    };
    return make_term_list(p, v);
}

// An item ({dictionary, Key} only arrives in OTP 26).
// What process_display sends as the "item" of an information request (never a valid item
// for process_info/2 itself).
Term display_backtrace_request() {
    static const Term a = *AtomTable::global().intern("$hamlet_display_backtrace");
    return a;
}

bool valid_item(Term t) {
    return is_atom(t) && items().known(t);
}

// {M, F, A} of the function holding pc, or kNonValue when pc is in no module.
Term mfa_at(Process *p, const Word *pc, const Module **mod_out = nullptr) {
    Export *h = hibernate_export();
    if (pc == h->address.load())
        return make_tuple(p, {h->module, h->function, make_small(h->arity)});
    Module *m = ModuleTable::global().module_at(pc);
    if (!m && pc && pc[0] == op_word(Op::i_call_bif_stub)) {
        // An export stub outside any module: a BIF without Erlang code, or a BIF's trap
        // (where a long BIF waits for its next time slice), named by its entry.
        auto *bif = reinterpret_cast<const BifEntry *>(pc[1]);
        return make_tuple(p, {bif->module, bif->name, make_small(bif->arity)});
    }
    if (!m) return kNonValue;
    const FunctionInfo *f = m->function_at(pc);
    if (!f) return kNonValue;
    if (mod_out) *mod_out = m;
    return make_tuple(p, {m->name, f->name, make_small(f->arity)});
}

// Code addresses from the current one outwards: pc, then each return address on the stack.
template <typename Fn> void walk_frames(Process *p, Fn fn) {
    if (p->pc) fn(p->pc);
    for (Word *w = p->stop; w < p->hend; ++w)
        if (*w != 0 && is_header(*w) &&
            ModuleTable::global().module_at(reinterpret_cast<const Word *>(*w)))
            fn(reinterpret_cast<const Word *>(*w));
}

Term stacktrace(Process *p) {
    std::vector<Term> frames;
    walk_frames(p, [&](const Word *pc) {
        Term mfa = mfa_at(p, pc);
        if (mfa == kNonValue) return;
        const Term *e = tuple_elements(mfa);
        frames.push_back(make_tuple(p, {e[0], e[1], e[2], location_of(p, pc)}));
    });
    return make_term_list(p, frames);
}

size_t memory_bytes(Process *p) {
    size_t bytes = sizeof(Process) + sizeof(Mailbox) + size_t(p->hend - p->heap) * sizeof(Word);
    for (HeapFragment *f = p->fragments; f; f = f->next)
        bytes += f->size * sizeof(Word);
    for (Signal *m = p->mailbox->first(); m; m = m->next)
        bytes += sizeof(Signal) + (m->fragment ? m->fragment->size * sizeof(Word) : 0);
    bytes += (p->links.capacity() + p->dictionary.words()) * sizeof(Term);
    return bytes;
}

Term item_value(Process *p, Term item) {
    const ItemAtoms &a = items();
    if (item == a.registered_name) {
        Term n = ProcessTable::global().name_of(p->pid);
        return n == kNonValue ? kNil : n;
    }
    if (item == a.current_function) {
        Term mfa = mfa_at(p, p->pc);
        return mfa == kNonValue ? atom::undefined : mfa;
    }
    if (item == a.current_location) {
        Term mfa = mfa_at(p, p->pc);
        if (mfa == kNonValue) return atom::undefined;
        const Term *e = tuple_elements(mfa);
        return make_tuple(p, {e[0], e[1], e[2], location_of(p, p->pc)});
    }
    if (item == a.current_stacktrace) return stacktrace(p);
    if (item == a.initial_call)
        return make_tuple(p,
                          {p->initial_module, p->initial_function, make_small(p->initial_arity)});
    // A process answers while it handles signals: before it resumes a receive it was
    // waiting; otherwise it is running.
    // A suspended process answers while it handles signals, before it stops again.
    if (item == a.status)
        return is_suspended(p) ? *AtomTable::global().intern("suspended")
               : p->in_wait    ? *AtomTable::global().intern("waiting")
                               : a.running;
    if (item == a.message_queue_len) return make_small(SWord(p->mailbox->length()));
    if (item == a.messages) {
        if (p->sensitive) return kNil; // as erts, a sensitive process hides them
        std::vector<Term> v;
        // Copied: a message's fragment may be freed while the list is still in use.
        for (Signal *m = p->mailbox->first(); m; m = m->next) {
            size_t words = copy_size(m->term);
            v.push_back(words ? copy_term(m->term, p->alloc(words), p->off_heap) : m->term);
        }
        return make_term_list(p, v);
    }
    if (item == a.links) {
        // Links to other nodes' processes are held by the distribution engine.
        std::vector<Term> v(p->links.begin(), p->links.end());
        for (Term r : dist::remote_links(p, p->pid))
            v.push_back(r);
        return make_term_list(p, v);
    }
    if (item == a.monitors) {
        std::vector<Term> v;
        for (auto &m : p->monitoring) {
            if (m.pid == kNonValue) continue;
            Term what;
            if (m.name != kNonValue) // a remote monitor's pid is its node
                what = make_tuple(p, {m.name, m.remote ? m.pid : this_node()});
            else if (m.remote)
                what = dist::remote_monitor_peer(p, m.ref, true);
            else
                what = m.pid;
            if (what != kNonValue) v.push_back(make_tuple(p, {atom::process, what}));
        }
        return make_term_list(p, v);
    }
    if (item == a.monitored_by) {
        std::vector<Term> v;
        for (auto &m : p->monitored_by) {
            Term who = m.remote ? dist::remote_monitor_peer(p, m.ref, false) : m.pid;
            if (who != kNonValue) v.push_back(who);
        }
        return make_term_list(p, v);
    }
    if (item == a.dictionary) {
        if (p->sensitive) return kNil;
        std::vector<Term> v;
        p->dictionary.for_each([&](Term k, Term val) { v.push_back(make_tuple(p, {k, val})); });
        return make_term_list(p, v);
    }
    if (item == a.trap_exit) return p->trap_exit ? atom::true_ : atom::false_;
    if (item == a.error_handler)
        return p->error_handler == kNonValue ? a.error_handler_module : p->error_handler;
    if (item == a.priority) return priority_atom(p->priority);
    if (item == a.group_leader) return p->group_leader;
    if (item == a.total_heap_size)
        return make_small(
            SWord((p->hend - p->heap) + (p->old_hend - p->old_heap) + p->fragment_words));
    if (item == a.heap_size) return make_small(SWord(p->hend - p->heap));
    if (item == a.stack_size) return make_small(SWord(p->hend - p->stop));
    if (item == a.reductions) return make_small(p->reductions);
    if (item == a.garbage_collection) {
        std::vector<Term> v = {
            make_tuple(p, {a.max_heap_size, max_heap_size_map(p)}),
            make_tuple(p, {a.min_bin_vheap_size, make_small(SWord(p->min_bin_vheap_words))}),
            make_tuple(p, {a.min_heap_size, make_small(SWord(p->min_heap_words))}),
            make_tuple(p, {a.fullsweep_after, make_small(p->fullsweep_after)}),
            make_tuple(p, {a.minor_gcs, make_small(p->minor_gcs)}),
        };
        return make_term_list(p, v);
    }
    if (item == a.suspending) return suspending_info(p);
    if (item == a.binary || item == a.last_calls) return item == a.last_calls ? atom::false_ : kNil;
    if (item == a.memory) return make_small(SWord(memory_bytes(p)));
    if (item == a.min_heap_size) return make_small(SWord(p->min_heap_words));
    if (item == a.min_bin_vheap_size) return make_small(SWord(p->min_bin_vheap_words));
    if (item == a.max_heap_size) return max_heap_size_map(p);
    if (item == a.fullsweep_after) return make_small(p->fullsweep_after);
    if (item == a.message_queue_data) return p->mq_off_heap ? atom::off_heap : atom::on_heap;
    if (item == a.parent) return p->parent == kNonValue ? atom::undefined : p->parent;
    if (item == a.catchlevel) return make_small(p->catches);
    if (item == a.sequential_trace_token) return kNil;
    if (item == a.backtrace) {
        std::string text = p->sensitive ? std::string() : backtrace_text(p);
        return make_binary(p, text.data(), text.size());
    }
    if (item == display_backtrace_request()) {
        // erlang:process_display(P, backtrace) of another process: it prints its own stack.
        std::string text = p->sensitive ? std::string() : backtrace_text(p);
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
        return atom::true_;
    }
    if (item == a.garbage_collection_info) return gc_info(p);
    return atom::undefined;
}

Term item_pair(Process *p, Term item) {
    if (item == items().registered_name && ProcessTable::global().name_of(p->pid) == kNonValue)
        return make_tuple(p, {item, kNil});
    return make_tuple(p, {item, item_value(p, item)});
}

// What process_info/1 lists, in the BEAM's order.
Term default_items(Process *p) {
    const ItemAtoms &a = items();
    std::vector<Term> v = {a.current_function,  a.initial_call,    a.status,
                           a.message_queue_len, a.links,           a.dictionary,
                           a.trap_exit,         a.error_handler,   a.priority,
                           a.group_leader,      a.total_heap_size, a.heap_size,
                           a.stack_size,        a.reductions,      a.garbage_collection,
                           a.suspending};
    if (ProcessTable::global().name_of(p->pid) != kNonValue) v.insert(v.begin(), a.registered_name);
    return make_term_list(p, v);
}

} // namespace

// what: an item, a list of items, the atom `all` (process_info/1), or true (is_process_alive).
Term process_info_answer(Process *p, Term what) {
    if (what == atom::true_) return atom::true_;
    if (what == atom::all) what = default_items(p);
    if (is_list(what) || is_nil(what)) {
        std::vector<Term> v;
        for (Term l = what; is_list(l); l = cdr(l))
            v.push_back(item_pair(p, car(l)));
        return make_term_list(p, v);
    }
    if (what == items().registered_name) {
        Term n = ProcessTable::global().name_of(p->pid);
        return n == kNonValue ? kNil : make_tuple(p, {what, n});
    }
    return item_pair(p, what);
}

namespace {

// A process asking about itself first handles the signals that reached it, as the BEAM does,
// so messages sent to it and not yet received count in message_queue_len and messages (an
// exit signal among them may end it here, as at a receive).
Term answer_self(Process *p, Term what) {
    handle_incoming_signals(p);
    if (p->pending_exit != kNonValue) return kNonValue; // the emulator ends the process
    // Its reductions include this time slice's, as in erts. They are added for the answer only:
    // what a BIF adds to p->reductions is charged to the slice.
    int64_t slice = Scheduler::slice_reductions(p);
    p->reductions += slice;
    Term answer = process_info_answer(p, what);
    p->reductions -= slice;
    return answer;
}

} // namespace

// erts_internal:process_display(Pid, backtrace): Pid's backtrace on standard error, printed by
// Pid itself (true); the atoms badopt or badarg for erlang:process_display/2 to raise.
Term erts_internal_process_display_2(Process *p, const Term *args) {
    static const Term kBacktrace = *AtomTable::global().intern("backtrace"),
                      kBadopt = *AtomTable::global().intern("badopt");
    Term pid = args[0];
    if (args[1] != kBacktrace) return kBadopt;
    if (!is_local_pid(pid)) return atom::badarg;
    if (pid == p->pid) return answer_self(p, display_backtrace_request());
    if (!ProcessTable::global().lookup(pid)) return atom::badarg;
    return request_from_process(p, pid, display_backtrace_request());
}

Term erlang_process_info_1(Process *p, const Term *args) {
    Term pid = args[0];
    if (!is_local_pid(pid)) return p->badarg();
    if (pid == p->pid) return answer_self(p, atom::all);
    if (!ProcessTable::global().lookup(pid)) return atom::undefined;
    return request_from_process(p, pid, atom::all);
}

Term erlang_process_info_2(Process *p, const Term *args) {
    Term pid = args[0], what = args[1];
    if (!is_local_pid(pid)) return p->badarg();
    if (is_list(what)) {
        Term l = what;
        for (; is_list(l); l = cdr(l))
            if (!valid_item(car(l))) return p->badarg();
        if (!is_nil(l)) return p->badarg();
    } else if (!is_nil(what) && !valid_item(what)) {
        return p->badarg();
    }
    if (pid == p->pid) return answer_self(p, what);
    if (!ProcessTable::global().lookup(pid)) return atom::undefined;
    return request_from_process(p, pid, what);
}

} // namespace hamlet
