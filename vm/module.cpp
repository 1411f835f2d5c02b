#include "vm/module.h"

#include "nif/call.h"

#include "emulator/emulator.h"
#include "loader/beam_file.h"
#include "vm/atom_table.h"
#include "vm/purge.h"
#include "vm/signals.h"
#include "vm/suspend.h"

#include <algorithm>
#include <filesystem>
#include <unordered_set>

namespace hamlet {

const FunctionInfo *Module::function_at(const Word *pc) const {
    if (!contains(pc) || functions.empty()) return nullptr;
    uint32_t off = uint32_t(pc - code.data());
    auto it = std::upper_bound(functions.begin(), functions.end(), off,
                               [](uint32_t o, const FunctionInfo &f) { return o < f.code_start; });
    if (it == functions.begin()) return nullptr;
    return &*(it - 1);
}

const Module::LineItem *Module::line_at(const Word *pc) const {
    if (!contains(pc) || lines.empty() || line_items.empty()) return nullptr;
    uint32_t off = uint32_t(pc - code.data());
    const FunctionInfo *fi = function_at(pc);
    auto it = std::upper_bound(lines.begin(), lines.end(), off,
                               [](uint32_t o, const LineRecord &l) { return o < l.code_offset; });
    if (it == lines.begin()) return nullptr;
    --it;
    // A line record belongs to a function only if it is not before the function's start
    // (the `line` before func_info is recorded at the func_info's own offset).
    if (fi && it->code_offset < fi->code_start) return nullptr;
    if (it->item == 0 || it->item >= line_items.size()) return nullptr;
    // erts packs a location into 8 bits of file and 24 of line and silently drops one that
    // does not fit (a file index of 255 or more, a line of 2^24 - 1 or more).
    const LineItem &li = line_items[it->item];
    if (li.file >= 255 || li.line >= (1u << 24) - 1) return nullptr;
    return &li;
}

ExportTable &ExportTable::global() {
    static ExportTable t;
    return t;
}

Export *ExportTable::find(Term module, Term function, uint32_t arity) {
    std::lock_guard lock(mutex_);
    auto it = table_.find({module, function, arity});
    return it == table_.end() ? nullptr : it->second.get();
}

Export *ExportTable::get(Term module, Term function, uint32_t arity) {
    std::lock_guard lock(mutex_);
    auto &slot = table_[{module, function, arity}];
    if (!slot) {
        auto e = std::make_unique<Export>();
        e->module = module;
        e->function = function;
        e->arity = arity;
        e->bif = find_bif(module, function, arity);
        static const Term kApply = *AtomTable::global().intern("apply");
        if (module == atom::erlang && function == kApply && (arity == 2 || arity == 3)) {
            e->stub[0] = op_word(Op::i_apply_stub);
            e->stub[1] = arity;
        } else {
            // A BIF's stub names the BIF (as a module's own BIF bodies do, see translate.cpp).
            e->stub[0] = op_word(e->bif ? Op::i_call_bif_stub : Op::i_undefined_function);
            e->stub[1] = e->bif ? reinterpret_cast<Word>(e->bif) : reinterpret_cast<Word>(e.get());
        }
        e->address.store(e->stub, std::memory_order_release);
        slot = std::move(e);
    }
    return slot.get();
}

ModuleTable &ModuleTable::global() {
    static ModuleTable t;
    return t;
}

Module *ModuleTable::find(Term name) {
    std::lock_guard lock(mutex_);
    auto it = current_.find(name);
    return it == current_.end() ? nullptr : it->second.get();
}

Module *ModuleTable::module_at(const Word *pc) {
    std::lock_guard lock(mutex_);
    for (auto &[name, m] : current_)
        if (m->contains(pc)) return m.get();
    for (auto &m : old_)
        if (m->contains(pc)) return m.get();
    // A module runs its on_load function before it is installed.
    for (auto *waiting : {&on_load_, &on_load_failed_})
        for (auto &[name, m] : *waiting)
            if (m->contains(pc)) return m.get();
    return nullptr;
}

Module *ModuleTable::install(std::unique_ptr<Module> m) {
    std::lock_guard lock(mutex_);
    Module *raw = m.get();
    known_.insert(m->name);
    auto &slot = current_[m->name];
    for (auto &[e, addr] : raw->exports)
        if (!e->bif) e->address.store(addr, std::memory_order_release); // a BIF stays a BIF
    if (slot) {
        // What the new version no longer exports is undefined now, as after delete.
        std::unordered_set<const Export *> kept;
        for (auto &[e, addr] : raw->exports)
            kept.insert(e);
        for (auto &[e, addr] : slot->exports)
            if (!e->bif && !kept.count(e)) e->address.store(e->stub, std::memory_order_release);
        old_.push_back(std::move(slot));
    }
    slot = std::move(m);
    return raw;
}

void ModuleTable::set_code_path(std::vector<std::string> path) {
    std::lock_guard lock(mutex_);
    path_ = std::move(path);
}

std::vector<std::string> ModuleTable::code_path() {
    std::lock_guard lock(mutex_);
    return path_;
}

Module *ModuleTable::load_file(Term name, const std::string &path, std::string *error) {
    return load_read(name, path, read_beam_file(path), error);
}

// Translates and installs a read .beam as the current version of `name`.
Module *ModuleTable::load_read(Term name, const std::string &file,
                               std::variant<std::unique_ptr<BeamFile>, LoadError> read,
                               std::string *error) {
    if (auto *e = std::get_if<LoadError>(&read)) {
        if (error) *error = e->message;
        return nullptr;
    }
    auto &bf = *std::get<0>(read);
    if (bf.module != name) {
        if (error) *error = file + ": the module is not named as expected";
        return nullptr;
    }
    std::string why;
    auto m = translate_module(bf, &why);
    if (!m) {
        if (error) *error = why;
        return nullptr;
    }
    m->file = file;
    if (m->on_load) {
        // Not callable until its on_load function has succeeded (finish_after_on_load).
        auto e = std::make_unique<Export>();
        e->module = m->name;
        e->function = *AtomTable::global().intern("on_load");
        e->arity = 0;
        e->address.store(m->on_load, std::memory_order_release);
        m->on_load_entry = std::move(e);
        std::lock_guard lock(mutex_);
        known_.insert(name);
        auto &slot = on_load_[name];
        if (slot) purged_.push_back(std::move(slot)); // a process may still run its on_load
        slot = std::move(m);
        if (error) *error = kOnLoadPending;
        return nullptr;
    }
    return install(std::move(m));
}

Module *ModuleTable::ensure_loaded(Term name, std::string *error) {
    std::lock_guard lock(mutex_);
    if (auto it = current_.find(name); it != current_.end()) return it->second.get();
    if (on_load_.count(name)) {
        if (error) *error = kOnLoadPending;
        return nullptr;
    }
    return load_from_path(name, error);
}

Module *ModuleTable::pending_on_load(Term name) {
    std::lock_guard lock(mutex_);
    auto it = on_load_.find(name);
    return it == on_load_.end() ? nullptr : it->second.get();
}

bool ModuleTable::finish_after_on_load(Term name, bool keep) {
    std::lock_guard lock(mutex_);
    auto it = on_load_.find(name);
    if (it == on_load_.end()) return false;
    std::unique_ptr<Module> m = std::move(it->second);
    on_load_.erase(it);
    if (keep) {
        install(std::move(m));
    } else {
        // erts_code_purger purges it (purge_prepare with on_load) once no process runs it.
        auto &slot = on_load_failed_[name];
        if (slot) purged_.push_back(std::move(slot));
        slot = std::move(m);
    }
    return true;
}

Module *ModuleTable::load_from_path(Term name, std::string *error) {
    std::lock_guard lock(mutex_);
    std::string file = std::string(AtomTable::global().text(name)) + ".beam";
    for (const auto &dir : path_) {
        std::filesystem::path candidate = std::filesystem::path(dir) / file;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(candidate, ec)) continue;
        return load_file(name, candidate.string(), error);
    }
    if (error) *error = "no " + file + " in the code path";
    return nullptr;
}

Module *ModuleTable::load_binary(Term name, const std::string &file, const uint8_t *data,
                                 size_t size, std::string *error) {
    return load_read(name, file, read_beam(data, size, file), error);
}

bool ModuleTable::remove(Term name) {
    std::lock_guard lock(mutex_);
    auto it = current_.find(name);
    if (it == current_.end()) return known_.count(name) != 0;
    for (auto &[e, addr] : it->second->exports)
        if (!e->bif) e->address.store(e->stub, std::memory_order_release);
    old_.push_back(std::move(it->second));
    current_.erase(it);
    return true;
}

void ModuleTable::set_lambdas_pending(Term name, bool on_load, uint8_t pending) {
    auto mark = [&](Module &m) {
        for (Lambda &l : m.lambdas)
            std::atomic_ref(l.pending_purge).store(pending, std::memory_order_release);
    };
    if (on_load) {
        if (auto it = on_load_failed_.find(name); it != on_load_failed_.end()) mark(*it->second);
        return;
    }
    for (auto &m : old_)
        if (m->name == name) mark(*m);
}

std::optional<bool> ModuleTable::purge_prepare(Term name, bool on_load) {
    std::lock_guard lock(mutex_);
    if (purging_ != kNonValue) return std::nullopt; // one purge at a time, as in erts
    bool any = on_load ? on_load_failed_.count(name) != 0 : false;
    if (!on_load)
        for (auto &m : old_)
            any = any || m->name == name;
    if (!any) return false;
    purging_ = name;
    purging_on_load_ = on_load;
    set_lambdas_pending(name, on_load, 1);
    return true;
}

std::optional<bool> ModuleTable::purge_abort(Term name) {
    {
        std::lock_guard lock(mutex_);
        if (purging_ != name || name == kNonValue) return std::nullopt;
        set_lambdas_pending(name, purging_on_load_, 0);
        purging_ = kNonValue;
    }
    resume_purge_waiters();
    return false;
}

bool ModuleTable::suspend_until_purged(Term pid) {
    std::lock_guard lock(mutex_);
    if (purging_ == kNonValue) return false;
    purge_waiters_.push_back(pid);
    return true;
}

void ModuleTable::resume_purge_waiters() {
    std::vector<Term> waiters;
    {
        std::lock_guard lock(mutex_);
        if (purging_ != kNonValue) return; // a new purge began: they are resumed at its end
        waiters.swap(purge_waiters_);
    }
    for (Term pid : waiters)
        send_signal(pid, SignalKind::Resume, kPurgeSuspender, 0, kNil);
}

void ModuleTable::drop(std::unique_ptr<Module> m) {
    // Calls of its funs now find no code (vm/etf_fun.h), as erts' unloaded fun entries.
    for (Lambda &l : m->lambdas) {
        std::atomic_ref(l.code).store(nullptr, std::memory_order_release);
        std::atomic_ref(l.pending_purge).store(0, std::memory_order_release);
    }
    // No process runs the code any more (the purger checked); processes may still hold its
    // literals: they are copied into them before the area is freed.
    if (m->literals) release_literal_area(std::move(m->literals));
    purged_.push_back(std::move(m));
}

std::optional<bool> ModuleTable::purge_complete(Term name) {
    std::vector<const Module *> forgotten;
    {
        std::lock_guard lock(mutex_);
        if (purging_ != name || name == kNonValue) return std::nullopt;
        std::vector<std::unique_ptr<Module>> gone;
        if (purging_on_load_) {
            if (auto it = on_load_failed_.find(name); it != on_load_failed_.end()) {
                gone.push_back(std::move(it->second));
                on_load_failed_.erase(it);
            }
        } else {
            for (auto it = old_.begin(); it != old_.end();) {
                if ((*it)->name == name) {
                    gone.push_back(std::move(*it));
                    it = old_.erase(it);
                } else {
                    ++it;
                }
            }
        }
        purging_ = kNonValue;
        for (auto &m : gone) {
            forgotten.push_back(m.get());
            drop(std::move(m));
        }
    }
    resume_purge_waiters();
    for (const Module *m : forgotten)
        nif_module_purged(m); // outside the lock: runs NIF code
    return !forgotten.empty();
}

std::vector<std::pair<const Word *, const Word *>> ModuleTable::old_code(Term name) {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<const Word *, const Word *>> out;
    auto add = [&](const Module &m) {
        out.emplace_back(m.code.data(), m.code.data() + m.code.size());
    };
    // While the code of a failed on_load function is purged, it alone is the old code (erts
    // puts it in the old slot meanwhile): processes that run the version before it, deleted
    // or replaced, keep running.
    if (purging_ == name && purging_on_load_) {
        if (auto it = on_load_failed_.find(name); it != on_load_failed_.end()) add(*it->second);
        return out;
    }
    for (auto &m : old_)
        if (m->name == name) add(*m);
    return out;
}

bool ModuleTable::has_old(Term name) {
    std::lock_guard lock(mutex_);
    for (auto &m : old_)
        if (m->name == name) return true;
    return false;
}

namespace {

size_t module_bytes(const Module &m) {
    return sizeof(Module) + m.code.size() * sizeof(Word) +
           (m.literals ? m.literals->words() * sizeof(Word) : 0) +
           m.functions.size() * sizeof(m.functions[0]) + m.lines.size() * sizeof(m.lines[0]) +
           m.line_items.size() * sizeof(m.line_items[0]) + m.lambdas.size() * sizeof(Lambda) +
           m.strings.size();
}

} // namespace

size_t ModuleTable::memory_bytes() {
    std::lock_guard lock(mutex_);
    size_t n = 0;
    for (auto &[name, m] : current_)
        n += module_bytes(*m);
    for (auto *waiting : {&on_load_, &on_load_failed_})
        for (auto &[name, m] : *waiting)
            n += module_bytes(*m);
    for (auto *versions : {&old_, &purged_})
        for (auto &m : *versions)
            n += module_bytes(*m);
    return n;
}

std::vector<std::pair<Term, std::string>> ModuleTable::loaded() {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<Term, std::string>> out;
    for (auto &[name, m] : current_)
        out.push_back({name, m->file});
    return out;
}

} // namespace hamlet
