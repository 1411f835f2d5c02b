// Loaded code: modules (threaded code plus what stack traces and funs need), the VM-wide
// export table, and the module table.
//
// Calls to other modules go through Export entries, never directly to code: an entry's
// address is swapped atomically when its module is loaded or replaced, so callers always
// reach the current version. An entry whose function does not exist points at a stub that
// asks the code server to load the module (and raises undef if that fails).
#pragma once

#include "loader/beam_file.h"

#include "bifs/bif.h"
#include "vm/literal_area.h"
#include "vm/term.h"

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

namespace hamlet {

struct Module;

struct Export {
    Term module, function;
    uint32_t arity;
    std::atomic<const Word *> address;
    const BifEntry *bif = nullptr; // when Module:Function/Arity is a BIF
    // Code used when there is no Erlang code for the function: [handler, this] either
    // calling the BIF or reporting an undefined function.
    Word stub[2];
};

struct FunctionInfo {
    uint32_t code_start; // offset of the function's func_info instruction in Module::code
    Term name;
    uint32_t arity;
    bool nif = false; // listed in the module's -nifs attribute (its nif_start instruction)
};

// A fun's code (the BEAM's fun entry). arity excludes the free variables; index and old_uniq
// come from the FunT chunk, old_index is the entry's position in it. A fun decoded from the
// external format whose module is not loaded gets a placeholder with code == nullptr and a
// module that only carries the name and MD5 (vm/etf_fun.h).
struct Lambda {
    Module *module;
    uint32_t index, arity, num_free, old_uniq;
    Term name;
    const Word *code; // nullptr once its module version is purged (then as a placeholder)
    uint32_t old_index = 0;
    // Set while erts_code_purger purges its module version: a call waits for the outcome
    // (erts_code_purger:pending_purge_lambda/3) instead of entering the code.
    uint8_t pending_purge = 0;

    // The fields the purger changes while other schedulers call the fun.
    const Word *loaded_code() const {
        return std::atomic_ref(const_cast<const Word *&>(code)).load(std::memory_order_acquire);
    }
    bool purging() const {
        return std::atomic_ref(const_cast<uint8_t &>(pending_purge))
                   .load(std::memory_order_acquire) != 0;
    }
};

struct Module {
    Term name;
    std::vector<Word> code; // threaded code; never resized after loading
    std::unique_ptr<LiteralArea> literals;
    std::vector<FunctionInfo> functions; // sorted by code_start
    struct LineRecord {
        uint32_t code_offset, item;
    };
    std::vector<LineRecord> lines; // sorted by code_offset
    struct LineItem {
        uint32_t file, line;
    };
    std::vector<LineItem> line_items;
    std::vector<std::string> line_files;
    std::vector<Lambda> lambdas;
    std::vector<uint8_t> strings; // StrT, for bit-syntax string segments
    std::array<uint8_t, 16> md5{};
    Term attributes = kNil, compile_info = kNil;
    std::vector<std::pair<Export *, const Word *>> exports;
    const Word *on_load = nullptr; // the -on_load function's code, if the module has one
    bool has_nifs = false; // a -nifs attribute: only the functions it lists may become NIFs
    // The on_load function as a callable entry, for erlang:call_on_load_function/1.
    std::unique_ptr<Export> on_load_entry;
    std::string file; // where it was loaded from ("" for a binary without a file name)

    bool contains(const Word *pc) const {
        return pc >= code.data() && pc < code.data() + code.size();
    }
    const FunctionInfo *function_at(const Word *pc) const;
    // [{file, F}, {line, L}] for a code address (built on the caller's heap by the caller).
    const LineItem *line_at(const Word *pc) const;
};

class ExportTable {
  public:
    static ExportTable &global();
    // The entry for M:F/A, created (pointing at the undefined-function stub) if needed.
    Export *get(Term module, Term function, uint32_t arity);
    Export *find(Term module, Term function, uint32_t arity);

  private:
    struct Key {
        Term m, f;
        uint32_t a;
        bool operator==(const Key &) const = default;
    };
    struct Hash {
        size_t operator()(const Key &k) const { return (k.m * 1000003u) ^ (k.f * 31u) ^ k.a; }
    };
    std::mutex mutex_;
    std::unordered_map<Key, std::unique_ptr<Export>, Hash> table_;
};

// A module with an -on_load function is loaded in two steps, as on the BEAM: loading it
// gives this error text (the load functions return nullptr) and keeps the module waiting,
// not callable and not listed as loaded; the code server runs its on_load function
// (erlang:call_on_load_function/1) in a new process, then finish_after_on_load installs the
// module (the function returned ok) or drops it.
inline constexpr const char *kOnLoadPending = "on_load";

class ModuleTable {
  public:
    static ModuleTable &global();
    Module *find(Term name);
    // Which module's code contains this address (for stack traces); nullptr if none.
    Module *module_at(const Word *pc);
    // Loads the module from the code path if it is not loaded. Returns nullptr (and an
    // explanation in *error) when no loadable file is found.
    Module *ensure_loaded(Term name, std::string *error = nullptr);
    // Installs translated code as the current version of its module (the previous current
    // version becomes old: code running in it goes on, calls by name reach the new one).
    Module *install(std::unique_ptr<Module> m);
    // Loads name from the code path as a new current version even if it is loaded.
    Module *load_from_path(Term name, std::string *error);
    // Loads a .beam image (code:load_binary). file is recorded for code:which.
    Module *load_binary(Term name, const std::string &file, const uint8_t *data, size_t size,
                        std::string *error);
    // erlang:delete_module: the current version becomes old; calls by name load it again.
    // True also for a module without current code that was ever loaded: erts keeps its
    // module entry, and delete_module/1 is then true, undefined only for an unknown module.
    bool remove(Term name);
    bool has_old(Term name);
    // erts_internal:purge_module/2, erts' purge in steps (driven by erts_code_purger, see
    // vm/purge.h). prepare: true if `name` has old code (for on_load: the module whose on_load
    // function failed); its funs are marked pending until complete or abort. complete:
    // removes that code (its funs become unloaded, its literals are queued for the literal
    // area collector); abort: keeps it. Both false if no purge of `name` was prepared.
    // std::nullopt: erts' badarg (another purge is prepared; none of `name` is).
    std::optional<bool> purge_prepare(Term name, bool on_load);
    std::optional<bool> purge_complete(Term name);
    std::optional<bool> purge_abort(Term name);
    // A process calling a fun of the module version being purged waits suspended, as in
    // erts, until the purge completes or aborts (a Resume signal from kPurgeSuspender then
    // wakes it); false if no purge is under way.
    bool suspend_until_purged(Term pid);
    // The code of name's old version ([begin, end) ranges; empty when it has none), for
    // check_process_code.
    std::vector<std::pair<const Word *, const Word *>> old_code(Term name);
    // A module waiting for its on_load function (see kOnLoadPending), or nullptr.
    Module *pending_on_load(Term name);
    // Installs the waiting module (keep) or drops it; false if none was waiting.
    bool finish_after_on_load(Term name, bool keep);
    // Loaded modules and their files.
    std::vector<std::pair<Term, std::string>> loaded();
    // Bytes of every version of every module kept in memory (code, literals, tables).
    size_t memory_bytes();

    void set_code_path(std::vector<std::string> path);
    std::vector<std::string> code_path();

  private:
    std::recursive_mutex mutex_;
    std::unordered_map<Term, std::unique_ptr<Module>> current_;
    std::vector<std::unique_ptr<Module>> old_;    // replaced versions, kept while code may run
    std::vector<std::unique_ptr<Module>> purged_; // purged versions (see purge)
    std::unordered_map<Term, std::unique_ptr<Module>> on_load_; // waiting for on_load
    // Modules whose on_load function failed, until the purger purges them.
    std::unordered_map<Term, std::unique_ptr<Module>> on_load_failed_;
    std::unordered_set<Term> known_; // every module ever loaded (erts' module table)
    // The module version being purged (purge_prepare .. complete/abort), at most one.
    Term purging_ = kNonValue;
    bool purging_on_load_ = false;
    std::vector<Term> purge_waiters_; // see suspend_until_purged
    void resume_purge_waiters();       // without the lock
    void set_lambdas_pending(Term name, bool on_load, uint8_t pending);
    void drop(std::unique_ptr<Module> m); // into purged_, literals to the collector
    Module *load_file(Term name, const std::string &path, std::string *error);
    Module *load_read(Term name, const std::string &file,
                      std::variant<std::unique_ptr<BeamFile>, LoadError> read, std::string *error);
    std::vector<std::string> path_;
};

// One of the modules erts preloads (erlang, erts_internal, init, prim_file, zlib...): erl
// shows no file and line for their stack frames (bifs/code.cpp).
bool is_preloaded_module(Term module);

} // namespace hamlet
