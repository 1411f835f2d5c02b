// The hamlet executable: erl's command line over Hamlet's VM.
#include "emulator/emulator.h"
#include "loader/beam_file.h"
#include "loader/disasm.h"
#include "vm/atom_table.h"
#include "vm/command_line.h"
#include "vm/literal_area.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/scheduler.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

using namespace hamlet;

namespace {

#ifndef HAMLET_SHIM_DIR
#define HAMLET_SHIM_DIR ""
#endif

// The installed OTP's root, found as erl finds it (the directory holding lib/ and
// erts-*/), overridable with HAMLET_OTP_ROOT.
std::string otp_root() {
    if (const char *env = std::getenv("HAMLET_OTP_ROOT")) return env;
    return "/usr/lib/erlang";
}

std::string shim_dir() {
    if (const char *env = std::getenv("HAMLET_SHIM_DIR")) return env;
    return HAMLET_SHIM_DIR;
}

// erl's default code path: every lib/*/ebin of the installed OTP, kernel and stdlib first.
std::vector<std::string> otp_code_path(const std::string &root) {
    std::vector<std::string> dirs, first;
    std::error_code ec;
    for (const auto &e : std::filesystem::directory_iterator(root + "/lib", ec)) {
        auto ebin = e.path() / "ebin";
        if (!std::filesystem::is_directory(ebin, ec)) continue;
        std::string name = e.path().filename().string();
        (name.rfind("kernel-", 0) == 0 || name.rfind("stdlib-", 0) == 0 ? first : dirs).push_back(ebin.string());
    }
    std::sort(first.begin(), first.end());
    std::sort(dirs.begin(), dirs.end());
    first.insert(first.end(), dirs.begin(), dirs.end());
    return first;
}

// A term for the boot call list, built in a literal area that outlives the boot.
class BootTerms {
  public:
    Term atom(const std::string &s) { return *AtomTable::global().intern(s); }
    Term string(const std::string &s) {
        Term l = kNil;
        for (size_t i = s.size(); i-- > 0;) l = cons(make_small(static_cast<unsigned char>(s[i])), l);
        return l;
    }
    Term cons(Term h, Term t) {
        Word *c = area_.alloc(2);
        c[0] = h;
        c[1] = t;
        return make_list(c);
    }
    Term tuple(std::initializer_list<Term> elems) {
        Word *p = area_.alloc(1 + elems.size());
        p[0] = make_header(Subtag::Tuple, elems.size());
        size_t i = 1;
        for (Term e : elems) p[i++] = e;
        return make_boxed(p);
    }

  private:
    LiteralArea area_;
};

int disassemble(const std::vector<std::string> &files) {
    int status = 0;
    for (const auto &f : files) {
        auto r = read_beam_file(f);
        if (auto *e = std::get_if<LoadError>(&r)) {
            std::cerr << "hamlet: " << e->message << "\n";
            status = 1;
            continue;
        }
        std::cout << human_listing(*std::get<0>(r));
    }
    return status;
}

} // namespace

int main(int argc, char **argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string error;
    auto cl = parse_command_line(args, error);
    if (!cl) {
        std::cerr << "hamlet: " << error << "\n";
        return 1;
    }
    if (!cl->disasm_files.empty()) return disassemble(cl->disasm_files);

    emulator_init();
    std::vector<std::string> path;
    if (!shim_dir().empty()) path.push_back(shim_dir());
    path.insert(path.end(), cl->path_front.begin(), cl->path_front.end());
    path.push_back(".");
    // ERL_LIBS (colon-separated library directories): each lib/ebin, before OTP's, as erl.
    if (const char *libs = std::getenv("ERL_LIBS")) {
        std::string all = libs;
        for (size_t start = 0; start <= all.size();) {
            size_t end = all.find(':', start);
            if (end == std::string::npos) end = all.size();
            std::string dir = all.substr(start, end - start);
            start = end + 1;
            if (dir.empty()) continue;
            std::vector<std::string> found;
            std::error_code ec;
            for (const auto &e : std::filesystem::directory_iterator(dir, ec))
                if (std::filesystem::is_directory(e.path() / "ebin", ec)) found.push_back((e.path() / "ebin").string());
            std::sort(found.begin(), found.end());
            path.insert(path.end(), found.begin(), found.end());
        }
    }
    auto otp = otp_code_path(otp_root());
    path.insert(path.end(), otp.begin(), otp.end());
    path.insert(path.end(), cl->path_back.begin(), cl->path_back.end());
    ModuleTable::global().set_code_path(path);

    std::string why;
    if (!ModuleTable::global().ensure_loaded(*AtomTable::global().intern("init"), &why)) {
        std::cerr << "hamlet: cannot load the init module: " << why << "\n";
        return 1;
    }
    // init:boot([{M, F, Args}]) with erl's conventions: -s passes atoms, -run strings, and
    // the function gets one list argument only when arguments were given.
    BootTerms bt;
    Term calls = kNil;
    for (auto it = cl->calls.rbegin(); it != cl->calls.rend(); ++it) {
        Term argv_list = kNil;
        for (auto a = it->args.rbegin(); a != it->args.rend(); ++a)
            argv_list = bt.cons(it->as_strings ? bt.string(*a) : bt.atom(*a), argv_list);
        Term apply_args = it->args.empty() ? kNil : bt.cons(argv_list, kNil);
        calls = bt.cons(bt.tuple({bt.atom(it->module), bt.atom(it->function), apply_args}), calls);
    }
    // Like erl: one scheduler per core unless +S says otherwise; +P rounded up to a power of
    // two, 262144 by default.
    unsigned cores = std::thread::hardware_concurrency();
    Scheduler::global().set_count(cl->schedulers ? unsigned(cl->schedulers) : (cores ? cores : 1));
    size_t limit = 262144;
    if (cl->process_limit) {
        limit = 1024;
        while (limit < size_t(cl->process_limit)) limit *= 2;
    }
    ProcessTable::global().set_limit(limit);
    Scheduler::global().spawn(bt.atom("init"), bt.atom("boot"), bt.cons(calls, kNil), nullptr);
    int status = Scheduler::global().run();
    std::fflush(stdout);
    std::fflush(stderr);
    // Exit without running destructors of VM-wide tables other threads may still use.
    std::_Exit(status);
}
