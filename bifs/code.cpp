// Code and module information: module_info, function_exported, fun_info.
#include "bifs/bif.h"
#include "nif/call.h"
#include "loader/beam_file.h"
#include "vm/atom_table.h"
#include "vm/etf_fun.h"
#include "vm/iolist.h"
#include "vm/module.h"
#include "vm/term_build.h"
#include "vm/term_print.h"

#include <algorithm>
#include <vector>

namespace hamlet {

namespace {

Term exports_list(Process *p, Module *m) {
    Term l = kNil;
    // module_info(exports) lists them in the order of the export table (as the BEAM).
    for (auto it = m->exports.rbegin(); it != m->exports.rend(); ++it)
        l = make_cons(p, make_tuple(p, {it->first->function, make_small(it->first->arity)}), l);
    return l;
}

Term module_info_item(Process *p, Module *m, Term item) {
    static auto &atoms = AtomTable::global();
    static const Term kModule = *atoms.intern("module"), kExports = *atoms.intern("exports"),
                      kAttributes = *atoms.intern("attributes"),
                      kCompile = *atoms.intern("compile"), kMd5 = *atoms.intern("md5"),
                      kFunctions = *atoms.intern("functions"), kNifs = *atoms.intern("nifs");
    if (item == kModule) return m->name;
    if (item == kExports) return exports_list(p, m);
    if (item == kAttributes) return m->attributes;
    if (item == kCompile) return m->compile_info;
    if (item == kMd5) return make_binary(p, m->md5.data(), m->md5.size());
    if (item == kFunctions) {
        Term l = kNil;
        for (auto it = m->functions.rbegin(); it != m->functions.rend(); ++it)
            l = make_cons(p, make_tuple(p, {it->name, make_small(it->arity)}), l);
        return l;
    }
    if (item == kNifs) return kNil;
    // erts 25 compiles no function to native code of its own (HiPE is gone): native is
    // false and native_addresses [] for every module.
    static const Term kNative = *atoms.intern("native"),
                      kNativeAddresses = *atoms.intern("native_addresses");
    if (item == kNative) return atom::false_;
    if (item == kNativeAddresses) return kNil;
    return kNonValue;
}

} // namespace

Term erlang_get_module_info_1(Process *p, const Term *args) {
    Module *m = is_atom(args[0]) ? ModuleTable::global().find(args[0]) : nullptr;
    if (!m) return p->badarg();
    static auto &atoms = AtomTable::global();
    const char *items[] = {"module", "exports", "attributes", "compile", "md5"};
    Term l = kNil;
    for (int i = 4; i >= 0; --i) {
        Term key = *atoms.intern(items[i]);
        l = make_cons(p, make_tuple(p, {key, module_info_item(p, m, key)}), l);
    }
    return l;
}

Term erlang_get_module_info_2(Process *p, const Term *args) {
    Module *m = is_atom(args[0]) ? ModuleTable::global().find(args[0]) : nullptr;
    if (!m) return p->badarg();
    Term r = module_info_item(p, m, args[1]);
    return r == kNonValue ? p->badarg() : r;
}

Term erlang_module_loaded_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    return ModuleTable::global().find(args[0]) ? atom::true_ : atom::false_;
}

// Whether M:F/A is a BIF of erts: the table's BIF entries (not its NIF ones), and apply/2,3,
// which Hamlet, as erts, runs as instructions.
Term erlang_is_builtin_3(Process *p, const Term *args) {
    if (!is_atom(args[0]) || !is_atom(args[1]) || !is_small(args[2])) return p->badarg();
    SWord arity = small_value(args[2]);
    if (args[0] == atom::erlang && args[1] == atom::apply && (arity == 2 || arity == 3))
        return atom::true_;
    const BifEntry *b =
        arity >= 0 && arity <= 255 ? find_bif(args[0], args[1], unsigned(arity)) : nullptr;
    return b && !b->nif ? atom::true_ : atom::false_;
}

Term erlang_function_exported_3(Process *p, const Term *args) {
    if (!is_atom(args[0]) || !is_atom(args[1]) || !is_small(args[2])) return p->badarg();
    Export *e = ExportTable::global().find(args[0], args[1], uint32_t(small_value(args[2])));
    if (!e) return atom::false_;
    if (e->bif) return atom::true_;
    return e->address.load() != e->stub ? atom::true_ : atom::false_;
}

// {Module, Name, Arity} of a fun (Name [] while a local fun's code is not loaded).
Term erlang_fun_info_mfa_1(Process *p, const Term *args) {
    Term f = args[0];
    if (is_boxed_of(f, Subtag::Export)) {
        Word *fp = boxed_ptr(f);
        return make_tuple(p, {fp[1], fp[2], fp[3]});
    }
    if (!is_boxed_of(f, Subtag::Fun)) return p->badarg();
    auto *l = reinterpret_cast<const Lambda *>(boxed_ptr(f)[1]);
    return make_tuple(p, {l->module->name, lambda_name(l), make_small(l->arity)});
}

Term erlang_fun_info_2(Process *p, const Term *args) {
    Term f = args[0], item = args[1];
    static auto &atoms = AtomTable::global();
    static const Term kArity = *atoms.intern("arity"), kModule = *atoms.intern("module"),
                      kName = *atoms.intern("name"), kType = *atoms.intern("type"),
                      kEnv = *atoms.intern("env"), kLocal = *atoms.intern("local"),
                      kExternal = *atoms.intern("external"), kIndex = *atoms.intern("index"),
                      kNewIndex = *atoms.intern("new_index"), kUniq = *atoms.intern("uniq"),
                      kPid = *atoms.intern("pid"), kNewUniq = *atoms.intern("new_uniq");
    if (is_boxed_of(f, Subtag::Export)) {
        Word *fp = boxed_ptr(f);
        Term v;
        if (item == kArity)
            v = fp[3];
        else if (item == kModule)
            v = fp[1];
        else if (item == kName)
            v = fp[2];
        else if (item == kType)
            v = kExternal;
        else if (item == kEnv)
            v = kNil;
        else if (item == kPid || item == kIndex || item == kNewIndex || item == kUniq ||
                 item == kNewUniq)
            v = atom::undefined;
        else
            return p->badarg();
        return make_tuple(p, {item, v});
    }
    if (!is_boxed_of(f, Subtag::Fun)) return p->badarg();
    Word *fp = boxed_ptr(f);
    auto *l = reinterpret_cast<const Lambda *>(fp[1]);
    Term v;
    if (item == kArity)
        v = make_small(l->arity);
    else if (item == kModule)
        v = l->module->name;
    else if (item == kName)
        v = lambda_name(l); // [] while the fun's code is not loaded
    else if (item == kType)
        v = kLocal;
    else if (item == kPid)
        v = fp[2];
    else if (item == kIndex)
        v = make_small(int32_t(l->old_index));
    else if (item == kNewIndex)
        v = make_small(int32_t(l->index));
    else if (item == kUniq)
        v = make_small(int32_t(l->old_uniq));
    else if (item == kNewUniq)
        v = make_binary(p, l->module->md5.data(), l->module->md5.size());
    else if (item == kEnv) {
        v = kNil;
        for (uint32_t i = l->num_free; i-- > 0;)
            v = make_cons(p, fp[3 + i], v);
    } else
        return p->badarg();
    return make_tuple(p, {item, v});
}

} // namespace hamlet

namespace hamlet {

Term erlang_make_fun_3(Process *p, const Term *args) {
    if (!is_atom(args[0]) || !is_atom(args[1]) || !is_small(args[2]) || small_value(args[2]) < 0 ||
        small_value(args[2]) > 255)
        return p->badarg();
    Word *hp = p->alloc(kExportWords);
    hp[0] = make_header(Subtag::Export, kExportWords - 1);
    hp[1] = args[0];
    hp[2] = args[1];
    hp[3] = args[2];
    hp[4] = reinterpret_cast<Word>(
        ExportTable::global().get(args[0], args[1], uint32_t(small_value(args[2]))));
    return make_boxed(hp);
}

Term erlang_fun_to_list_1(Process *p, const Term *args) {
    Term f = args[0];
    if (!is_boxed_of(f, Subtag::Fun) && !is_boxed_of(f, Subtag::Export)) return p->badarg();
    return make_string(p, display_text(f));
}

} // namespace hamlet

// ---- what the erl_prim_loader shim (vm/shim/erl_prim_loader.erl) stands on ----

#include "vm/command_line.h"
#include "vm/module.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <fstream>
#include <sstream>

namespace hamlet {

namespace {
bool text_of(Term t, std::string &out) {
    if (is_binary(t)) return iolist_to_bytes(t, out);
    return iolist_to_bytes(t, out); // a flat string of latin-1 characters
}
} // namespace

// hamlet:read_file(Name) -> {ok, Binary} | {error, enoent}: reads a whole file (boot only:
// application resource files; modules load in C++).
Term hamlet_read_file_1(Process *p, const Term *args) {
    std::string name;
    if (!text_of(args[0], name)) return p->badarg();
    std::ifstream in(name, std::ios::binary);
    if (!in) return make_tuple(p, {atom::error, *AtomTable::global().intern("enoent")});
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string bytes = ss.str();
    return make_tuple(p, {atom::ok, make_binary(p, bytes.data(), bytes.size())});
}

// hamlet:init_arguments() -> [binary()]: the words of the command line that init reads
// (vm/command_line.h), as erl's init:boot/1 receives them.
Term hamlet_init_arguments_0(Process *p, const Term *) {
    const auto &args = init_arguments();
    Term l = kNil;
    for (auto it = args.rbegin(); it != args.rend(); ++it)
        l = make_cons(p, make_binary(p, it->data(), it->size()), l);
    return l;
}

// hamlet:code_path() -> [Dir]: the directories modules load from, in order.
Term hamlet_code_path_0(Process *p, const Term *) {
    auto path = ModuleTable::global().code_path();
    Term l = kNil;
    for (auto it = path.rbegin(); it != path.rend(); ++it)
        l = make_cons(p, make_string(p, *it), l);
    return l;
}

} // namespace hamlet

// ---- what the code_server shim (vm/shim/code_server.erl) stands on ----

namespace hamlet {

namespace {

Term load_result(Process *p, Term name, Module *m, const std::string &why) {
    static const Term kModule = *AtomTable::global().intern("module"),
                      kNofile = *AtomTable::global().intern("nofile"),
                      kBadfile = *AtomTable::global().intern("badfile");
    static const Term kOnLoad = *AtomTable::global().intern("on_load");
    if (m) return make_tuple(p, {kModule, name});
    if (why == kOnLoadPending) return make_tuple(p, {atom::error, kOnLoad});
    return make_tuple(p, {atom::error, why.rfind("no ", 0) == 0 ? kNofile : kBadfile});
}

bool string_arg(Term t, std::string &out) {
    if (is_atom(t)) {
        out = AtomTable::global().text(t);
        return true;
    }
    return iolist_to_bytes(t, out);
}

} // namespace

// hamlet:ensure_loaded(M) / hamlet:load_file(M) -> {module, M} | {error, nofile | badfile}
// | {error, on_load} (the module waits for its on_load function: see vm/module.h)
Term hamlet_ensure_loaded_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    std::string why;
    return load_result(p, args[0], ModuleTable::global().ensure_loaded(args[0], &why), why);
}

Term hamlet_load_file_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    std::string why;
    return load_result(p, args[0], ModuleTable::global().load_from_path(args[0], &why), why);
}

// hamlet:load_binary(M, File, Binary)
Term hamlet_load_binary_3(Process *p, const Term *args) {
    std::string file, bytes;
    if (!is_atom(args[0]) || !string_arg(args[1], file) || !is_binary(args[2]) ||
        !iolist_to_bytes(args[2], bytes))
        return p->badarg();
    std::string why;
    Module *m = ModuleTable::global().load_binary(
        args[0], file, reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), &why);
    return load_result(p, args[0], m, why);
}

// hamlet:loaded_file(M) -> File | false
Term hamlet_loaded_file_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    Module *m = ModuleTable::global().find(args[0]);
    return m ? make_string(p, m->file) : atom::false_;
}

// hamlet:all_loaded() -> [{M, File}]
Term hamlet_all_loaded_0(Process *p, const Term *) {
    Term l = kNil;
    for (auto &[name, file] : ModuleTable::global().loaded())
        l = make_cons(p, make_tuple(p, {name, make_string(p, file)}), l);
    return l;
}

// hamlet:set_code_path([Dir])
Term hamlet_set_code_path_1(Process *p, const Term *args) {
    std::vector<std::string> dirs;
    Term l = args[0];
    for (; is_list(l); l = cdr(l)) {
        std::string d;
        if (!string_arg(car(l), d)) return p->badarg();
        dirs.push_back(d);
    }
    if (!is_nil(l)) return p->badarg();
    ModuleTable::global().set_code_path(std::move(dirs));
    return atom::true_;
}

Term erlang_delete_module_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    if (ModuleTable::global().has_old(args[0])) {
        // The BEAM refuses a second old version, and says so in the log.
        std::string text = "Module " + std::string(AtomTable::global().text(args[0])) +
                           " must be purged before deleting\n";
        send_vm_log(p, "~s~n", make_cons(p, make_string(p, text), kNil));
        return p->badarg();
    }
    return ModuleTable::global().remove(args[0]) ? atom::true_ : atom::undefined;
}

Term erlang_check_old_code_1(Process *p, const Term *args) {
    if (!is_atom(args[0])) return p->badarg();
    return ModuleTable::global().has_old(args[0]) ? atom::true_ : atom::false_;
}

Term erlang_loaded_0(Process *p, const Term *) {
    Term l = kNil;
    for (auto &[name, file] : ModuleTable::global().loaded())
        l = make_cons(p, name, l);
    return l;
}

namespace {

// The modules erts preloads on the BEAM (code:which/1 says preloaded for them).
const char *const kPreloaded[] = {"atomics",
                                             "counters",
                                             "erl_init",
                                             "erl_prim_loader",
                                             "erl_tracer",
                                             "erlang",
                                             "erts_code_purger",
                                             "erts_dirty_process_signal_handler",
                                             "erts_internal",
                                             "erts_literal_area_collector",
                                             "init",
                                             "persistent_term",
                                             "prim_buffer",
                                             "prim_eval",
                                             "prim_file",
                                             "prim_inet",
                                             "prim_net",
                                             "prim_socket",
                                             "prim_zip",
                                             "socket_registry",
                                             "zlib"};

} // namespace

bool is_preloaded_module(Term module) {
    static const std::vector<Term> atoms = [] {
        std::vector<Term> v;
        for (const char *m : kPreloaded)
            v.push_back(*AtomTable::global().intern(m));
        return v;
    }();
    return std::find(atoms.begin(), atoms.end(), module) != atoms.end();
}

Term erlang_pre_loaded_0(Process *p, const Term *) {
    Term l = kNil;
    for (const char *m : kPreloaded)
        l = make_cons(p, *AtomTable::global().intern(m), l);
    return l;
}

} // namespace hamlet

#include <filesystem>

namespace hamlet {

// hamlet:file_type(Name) -> regular | directory | other | none
Term hamlet_file_type_1(Process *p, const Term *args) {
    std::string name;
    if (!iolist_to_bytes(args[0], name)) return p->badarg();
    std::error_code ec;
    auto st = std::filesystem::status(name, ec);
    if (ec || !std::filesystem::exists(st)) return *AtomTable::global().intern("none");
    if (std::filesystem::is_directory(st)) return *AtomTable::global().intern("directory");
    if (std::filesystem::is_regular_file(st)) return *AtomTable::global().intern("regular");
    return *AtomTable::global().intern("other");
}

} // namespace hamlet

#include "vm/magic_ref.h"

namespace hamlet {

namespace {

// Prepared code (erlang:prepare_loading/2): as on the BEAM, a magic reference. Hamlet keeps
// the checked .beam image in it and translates it when loading is finished.
struct PreparedCode : MagicObject {
    Term module;
    std::string bytes;
    bool has_on_load = false;
};

PreparedCode *prepared_arg(Term t) {
    return magic_cast<PreparedCode>(t);
}

// Loads prepared code as the current version of its module (or a module waiting for its
// on_load function: nullptr with kOnLoadPending).
Module *load_prepared(PreparedCode *c, const std::string &file, std::string *why) {
    return ModuleTable::global().load_binary(
        c->module, file, reinterpret_cast<const uint8_t *>(c->bytes.data()), c->bytes.size(), why);
}

} // namespace

// erlang:prepare_loading(Module, Binary) -> PreparedCode | {error, badfile}
Term erlang_prepare_loading_2(Process *p, const Term *args) {
    std::string bytes;
    if (!is_atom(args[0]) || !is_binary(args[1]) || !iolist_to_bytes(args[1], bytes))
        return p->badarg();
    auto r = read_beam(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), "prepared");
    static const Term kBadfile = *AtomTable::global().intern("badfile");
    if (std::holds_alternative<LoadError>(r) || std::get<0>(r)->module != args[0])
        return make_tuple(p, {atom::error, kBadfile});
    auto *c = new PreparedCode;
    c->module = args[0];
    // The compiler puts an on_load instruction before the -on_load function (the attribute
    // itself is not kept).
    for (const auto &i : std::get<0>(r)->code)
        if (i.op == GenOp::on_load_) c->has_on_load = true;
    c->bytes = std::move(bytes);
    return make_magic_ref(p, c);
}

Term erlang_has_prepared_code_on_load_1(Process *p, const Term *args) {
    PreparedCode *c = prepared_arg(args[0]);
    if (!c) return p->badarg();
    return c->has_on_load ? atom::true_ : atom::false_;
}

// erlang:finish_loading([PreparedCode]) -> ok | {Reason, [Module]}, with the BEAM's rules:
// old code must have been purged (not_purged), a module with an on_load function can only be
// loaded alone (on_load_not_allowed) and is then left waiting for it ({on_load, [Module]}).
Term erlang_finish_loading_1(Process *p, const Term *args) {
    std::vector<PreparedCode *> codes;
    Term l = args[0];
    for (; is_list(l); l = cdr(l)) {
        PreparedCode *c = prepared_arg(car(l));
        if (!c) return p->badarg();
        codes.push_back(c);
    }
    if (!is_nil(l)) return p->badarg();
    auto failing = [&](const char *reason, auto pred) {
        Term ms = kNil;
        for (auto it = codes.rbegin(); it != codes.rend(); ++it)
            if (pred(*it)) ms = make_cons(p, (*it)->module, ms);
        return ms == kNil ? kNonValue : make_tuple(p, {*AtomTable::global().intern(reason), ms});
    };
    Term r = failing("not_purged",
                     [](PreparedCode *c) { return ModuleTable::global().has_old(c->module); });
    if (r != kNonValue) return r;
    if (codes.size() > 1) {
        r = failing("on_load_not_allowed", [](PreparedCode *c) { return c->has_on_load; });
        if (r != kNonValue) return r;
    }
    for (PreparedCode *c : codes) {
        std::string why;
        if (!load_prepared(c, "", &why) && why == kOnLoadPending)
            return make_tuple(
                p, {*AtomTable::global().intern("on_load"), make_cons(p, c->module, kNil)});
    }
    return atom::ok;
}

// hamlet:load_prepared(PreparedCode, File) -> {module, M} | {error, on_load | badfile}: the
// code server's finish_loading, recording the file for code:which/1.
Term hamlet_load_prepared_2(Process *p, const Term *args) {
    PreparedCode *c = prepared_arg(args[0]);
    std::string file;
    if (!c || !string_arg(args[1], file)) return p->badarg();
    std::string why;
    return load_result(p, c->module, load_prepared(c, file, &why), why);
}

} // namespace hamlet

// ---- on_load (vm/module.h: a module with an -on_load function waits for it) ----

namespace hamlet {

// erlang:call_on_load_function(Module): runs the waiting module's on_load function in the
// calling process (the code server's runner) and returns its result.
Term erlang_call_on_load_function_1(Process *p, const Term *args) {
    Module *m = is_atom(args[0]) ? ModuleTable::global().pending_on_load(args[0]) : nullptr;
    if (!m) return p->badarg();
    return p->trap(m->on_load_entry.get(), {});
}

// erlang:finish_after_on_load(Module, Keep): installs the waiting module (Keep) or drops it.
Term erlang_finish_after_on_load_2(Process *p, const Term *args) {
    if (!is_atom(args[0]) || (args[1] != atom::true_ && args[1] != atom::false_))
        return p->badarg();
    if (!ModuleTable::global().finish_after_on_load(args[0], args[1] == atom::true_))
        return p->badarg();
    return atom::true_;
}

// erlang:load_nif(Path, LoadInfo), called by a module's on_load function. The NIFs of OTP
// modules that Hamlet implements itself are BIF table entries (bifs/bif_table.def), bound
// when the module loads: for a module with at least one such entry loading just succeeds.
// Any other module loads the real shared library (nif/load.cpp).
Term erlang_load_nif_2(Process *p, const Term *args) {
    std::string path;
    if (!iolist_to_bytes(args[0], path)) return p->badarg();
    Module *m = ModuleTable::global().module_at(p->pc);
    if (m)
        for (const auto &f : m->functions)
            if (find_bif(m->name, f.name, f.arity)) return atom::ok;
    return nif::load_nif(p, args[0], args[1]); // a real library (nif/load.cpp)
}

} // namespace hamlet

// ---- erts_internal:beamfile_chunk/2, beamfile_module_md5/1 (erl_features, beam_lib) ----

namespace hamlet {

// erts_internal:beamfile_chunk(Beam, "Name") -> binary() | undefined: the contents of the
// first chunk with that id in an uncompressed .beam image (empty chunks count as absent).
Term erts_internal_beamfile_chunk_2(Process *p, const Term *args) {
    std::string id, bytes;
    if (!is_list(args[1]) || !iolist_to_bytes(args[1], id) || id.size() != 4 ||
        !is_binary(args[0]) || !iolist_to_bytes(args[0], bytes))
        return p->badarg();
    auto be32 = [&](size_t at) {
        return uint32_t(uint8_t(bytes[at])) << 24 | uint32_t(uint8_t(bytes[at + 1])) << 16 |
               uint32_t(uint8_t(bytes[at + 2])) << 8 | uint32_t(uint8_t(bytes[at + 3]));
    };
    if (bytes.size() < 12 || bytes.compare(0, 4, "FOR1") != 0 || bytes.compare(8, 4, "BEAM") != 0)
        return atom::undefined;
    size_t end = std::min(bytes.size(), size_t(be32(4)) + 8);
    for (size_t at = 12; at + 8 <= end;) {
        size_t size = be32(at + 4);
        if (at + 8 + size > end) break;
        if (bytes.compare(at, 4, id) == 0 && size > 0)
            return make_binary(p, bytes.data() + at + 8, size);
        at += 8 + ((size + 3) & ~size_t(3));
    }
    return atom::undefined;
}

// erts_internal:beamfile_module_md5(Beam) -> binary() | undefined: the module MD5 the loader
// computes (module_info(md5)).
Term erts_internal_beamfile_module_md5_1(Process *p, const Term *args) {
    std::string bytes;
    if (!is_binary(args[0]) || !iolist_to_bytes(args[0], bytes)) return p->badarg();
    auto r = read_beam(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), "beamfile");
    if (std::holds_alternative<LoadError>(r)) return atom::undefined;
    const auto &md5 = std::get<0>(r)->md5;
    return make_binary(p, md5.data(), md5.size());
}

} // namespace hamlet
