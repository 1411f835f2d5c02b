// The hamlet executable: erl's command line over Hamlet's VM.
#include "dist/launcher.h"
#include "emulator/emulator.h"
#include "loader/beam_file.h"
#include "loader/disasm.h"
#include "ports/os_signals.h"
#include "ports/port.h"
#include "ports/tty/break_handler.h"
#include "ports/tty/terminal.h"
#include "vm/atom_table.h"
#include "vm/command_line.h"
#include "vm/coverage.h"
#include "vm/literal_area.h"
#include "vm/module.h"
#include "vm/process_table.h"
#include "vm/purge.h"
#include "vm/scheduler.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
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

// The emulator's bin directory under the root (erts-VSN/bin), as erl's -bindir.
std::string otp_bindir(const std::string &root) {
    std::error_code ec;
    std::vector<std::string> found;
    for (const auto &e : std::filesystem::directory_iterator(root, ec))
        if (e.path().filename().string().rfind("erts-", 0) == 0)
            found.push_back((e.path() / "bin").string());
    std::sort(found.begin(), found.end());
    return found.empty() ? root + "/bin" : found.back();
}

// What erl's launcher (the erl script and erlexec) puts in the environment of the VM, and so
// of every program a port starts: ROOTDIR, BINDIR, EMU and PROGNAME, and erts' bin directory
// and the root's bin directory at the front of PATH (erlexec's rule: when PATH already
// mentions the root, only the bin directory goes to the front and its other occurrences are
// dropped). Port programs such as inet_gethost and `erl ...` run from os:cmd/1 are found so.
void set_launcher_environment(const std::string &root, const std::string &bindir) {
    setenv("ROOTDIR", root.c_str(), 1);
    setenv("BINDIR", bindir.c_str(), 1);
    setenv("EMU", "beam", 1);
    setenv("PROGNAME", "erl", 1);
    const char *old = std::getenv("PATH");
    std::string path;
    if (!old) {
        path = bindir + ":" + root + "/bin:";
    } else if (std::string_view(old).find(root) == std::string_view::npos) {
        path = bindir + ":" + root + "/bin:" + old;
    } else {
        std::string slug = bindir + ":", rest = old;
        path = slug;
        for (size_t at; (at = rest.find(slug)) != std::string::npos;)
            rest.erase(at, slug.size());
        path += rest;
    }
    setenv("PATH", path.c_str(), 1);
}

std::string shim_dir() {
    if (const char *env = std::getenv("HAMLET_SHIM_DIR")) return env;
    return HAMLET_SHIM_DIR;
}

// erl's default code path, as kernel's code server makes it: of each application in the
// installed OTP's lib/ (the highest version when there are several), its ebin, or the
// application's directory itself when it has no ebin (so code:lib_dir/1 finds the
// applications only headers were installed for); kernel and stdlib first (they come from
// the boot script; *boot is set to their count), then the others in descending name order.
std::vector<std::string> otp_code_path(const std::string &root, size_t *boot) {
    // Name-Vsn with Vsn all digits and dots, as the code server splits it.
    auto split = [](const std::string &dir, std::string &name, std::vector<long> &vsn) {
        size_t dash = dir.rfind('-');
        name = dir;
        vsn.clear();
        if (dash == std::string::npos || dash + 1 == dir.size()) return;
        std::vector<long> parts;
        long cur = -1;
        for (size_t i = dash + 1; i <= dir.size(); ++i) {
            if (i == dir.size() || dir[i] == '.') {
                if (cur < 0) return;
                parts.push_back(cur);
                cur = -1;
            } else if (dir[i] >= '0' && dir[i] <= '9') {
                cur = (cur < 0 ? 0 : cur * 10) + (dir[i] - '0');
            } else {
                return;
            }
        }
        name = dir.substr(0, dash);
        vsn = parts;
    };
    std::map<std::string, std::pair<std::vector<long>, std::string>> best; // name -> (vsn, dir)
    std::error_code ec;
    for (const auto &e : std::filesystem::directory_iterator(root + "/lib", ec)) {
        if (!std::filesystem::is_directory(e.path(), ec)) continue;
        std::string dir = e.path().filename().string(), name;
        std::vector<long> vsn;
        split(dir, name, vsn);
        auto it = best.find(name);
        if (it == best.end() || it->second.first < vsn) best[name] = {vsn, dir};
    }
    std::vector<std::string> first, rest;
    for (auto it = best.rbegin(); it != best.rend(); ++it) {
        std::filesystem::path dir = std::filesystem::path(root) / "lib" / it->second.second;
        std::string entry = std::filesystem::is_directory(dir / "ebin", ec)
                                ? (dir / "ebin").string()
                                : dir.string();
        (it->first == "kernel" || it->first == "stdlib" ? first : rest).push_back(entry);
    }
    std::sort(first.begin(), first.end());
    *boot = first.size();
    first.insert(first.end(), rest.begin(), rest.end());
    return first;
}

// Terms for init:boot/1, built in a literal area that outlives the boot.
class BootTerms {
  public:
    Term atom(const std::string &s) { return *AtomTable::global().intern(s); }
    Term string(const std::string &s) {
        Term l = kNil;
        for (size_t i = s.size(); i-- > 0;)
            l = cons(make_small(static_cast<unsigned char>(s[i])), l);
        return l;
    }
    Term cons(Term h, Term t) {
        Word *c = area_.alloc(2);
        c[0] = h;
        c[1] = t;
        return make_list(c);
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

constexpr const char *kEmulatorVersion = "13.1.5"; // erts' version, as system_info(version)

// Hamlet's own options (they start with "--" and come first): --help, --version, --disasm.
// Returns the exit status, or -1 when the command line is erl's.
int own_options(int argc, char **argv) {
    if (argc < 2 || std::string(argv[1]).rfind("--", 0) != 0 || std::string(argv[1]) == "--")
        return -1;
    CLI::App app{"Hamlet: a virtual machine for BEAM bytecode (OTP 25, erts " +
                     std::string(kEmulatorVersion) + " compatible)\n" +
                     "       hamlet [erl's flags and arguments]",
                 "hamlet"};
    app.footer(R"(Without one of the options above, the command line is erl's:
  hamlet                         the Erlang shell (on a terminal: line editing, ^G, ^C)
  hamlet -noshell -s M F [A...]  run M:F(A) without a shell; -run, -eval, -pa/-pz DIR...,
                                 -noinput, -extra, -App Key Value, -config FILE as on erl
  hamlet -version                the emulator version (erl's -version)
Emulator flags (+X): +S N[:M] schedulers, +P N process limit, +B[c|d|i] what ^C does;
erl's other emulator flags are accepted and ignored, an unknown one is an error.
Environment: HAMLET_OTP_ROOT (default /usr/lib/erlang), ERL_LIBS, HAMLET_TRACE_EXCEPTIONS.)");
    app.set_version_flag("--version",
                         "hamlet " + std::string(HAMLET_VERSION) + " (erts " + kEmulatorVersion +
                             ", OTP 25 libraries)",
                         "Print Hamlet's version and exit");
    std::vector<std::string> disasm;
    app.add_option("--disasm", disasm, "Print what the loader reads from each .beam file")
        ->expected(1, -1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        return app.exit(e) == 0 ? 0 : 1; // erl ends a bad command line with 1
    }
    return disassemble(disasm);
}

} // namespace

int main(int argc, char **argv) {
    if (int status = own_options(argc, argv); status >= 0) return status;
    coverage::init(); // before any module loads: the translator asks it
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string error;
    auto cl = parse_command_line(args, error);
    if (!cl) {
        std::cerr << "hamlet: " << error << "\n";
        return 1;
    }
    if (!cl->disasm_files.empty()) return disassemble(cl->disasm_files);
    if (cl->print_version) {
        // erts ends this line with \r\n, terminal or not.
        std::cerr << "Erlang (SMP,ASYNC_THREADS) (BEAM) emulator version " << kEmulatorVersion
                  << "\r\n";
        return 0;
    }
    // As erts: the terminal's settings are kept to be restored on the way out, and ^C gets
    // its break handler (ports/tty/).
    tty::save_initial_mode();
    tty::install_break_handler(cl->break_mode == 'i'   ? tty::BreakMode::Ignored
                               : cl->break_mode == 'd' ? tty::BreakMode::Disabled
                                                       : tty::BreakMode::Menu,
                               cl->replace_intr);
    // SIGTERM, SIGUSR1 and (with the BREAK menu) SIGQUIT go to erl_signal_server, as erts.
    os_signals_init(cl->break_mode != 'i' && cl->break_mode != 'd');

    set_launcher_environment(otp_root(), otp_bindir(otp_root()));
    for (const auto &[var, value] : cl->env)
        setenv(var.c_str(), value.c_str(), 1);

    start_epmd_if_needed(cl->init_args, otp_bindir(otp_root()));
    emulator_init();
    // erl's base path: ".", kernel and stdlib, the ERL_LIBS libraries, OTP's other
    // libraries; then -pa and -pz.
    // Hamlet's shim stays first: it stands for erts' preloaded modules.
    std::vector<std::string> path;
    size_t fixed = 0;
    if (!shim_dir().empty()) {
        path.push_back(shim_dir());
        fixed = 1;
    }
    path.push_back(".");
    size_t boot = 0;
    auto otp = otp_code_path(otp_root(), &boot);
    path.insert(path.end(), otp.begin(), otp.begin() + long(boot));
    // ERL_LIBS (colon-separated library directories): each lib/ebin, before OTP's other
    // libraries, as erl (a library there cannot shadow kernel's or stdlib's modules).
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
                if (std::filesystem::is_directory(e.path() / "ebin", ec))
                    found.push_back((e.path() / "ebin").string());
            std::sort(found.begin(), found.end());
            path.insert(path.end(), found.begin(), found.end());
        }
    }
    path.insert(path.end(), otp.begin() + long(boot), otp.end());
    ModuleTable::global().set_code_path(
        apply_path_flags(path, fixed, cl->path_front, cl->path_back));

    std::string why;
    if (!ModuleTable::global().ensure_loaded(*AtomTable::global().intern("init"), &why)) {
        std::cerr << "hamlet: cannot load the init module: " << why << "\n";
        return 1;
    }
    // erl's boot script loads error_handler first of all (Hamlet does its work natively,
    // but the module is there on erl: function_exported/3, code:is_loaded/1).
    ModuleTable::global().ensure_loaded(*AtomTable::global().intern("error_handler"));
    // What erl's launcher puts before the user's words: -root, -bindir, -progname, -home
    // (init:get_arguments/0 lists them first), each group closed by "--".
    std::vector<std::string> init_args = {
        "-root", otp_root(), "-bindir", otp_bindir(otp_root()), "-progname", "erl", "--"};
    if (const char *home = std::getenv("HOME"))
        init_args.insert(init_args.end(), {"-home", home, "--"});
    init_args.insert(init_args.end(), cl->init_args.begin(), cl->init_args.end());
    set_init_arguments(init_args);
    // init:boot(Words), the words as strings (erl passes binaries; the shim converts).
    BootTerms bt;
    Term words = kNil;
    for (auto it = init_args.rbegin(); it != init_args.rend(); ++it)
        words = bt.cons(bt.string(*it), words);
    // Like erl: one scheduler per core unless +S says otherwise; +P rounded up to a power of
    // two, 262144 by default.
    unsigned cores = std::thread::hardware_concurrency();
    Scheduler::global().set_count(cl->schedulers ? unsigned(cl->schedulers) : (cores ? cores : 1));
    size_t limit = 262144;
    if (cl->process_limit) {
        limit = 1024;
        while (limit < size_t(cl->process_limit))
            limit *= 2;
    }
    ProcessTable::global().set_limit(limit);
    Scheduler::global().spawn(bt.atom("init"), bt.atom("boot"), bt.cons(words, kNil), nullptr);
    // erts' system processes for purging code and releasing literal areas (vm/purge.h), run
    // by OTP's own modules, as <0.1.0> and <0.2.0> as on erl.
    Term purger =
        Scheduler::global().spawn(bt.atom("erts_code_purger"), bt.atom("start"), kNil, nullptr).pid;
    Term collector =
        Scheduler::global()
            .spawn(bt.atom("erts_literal_area_collector"), bt.atom("start"), kNil, nullptr)
            .pid;
    set_system_processes(purger, collector);
    int status = Scheduler::global().run();
    coverage::dump();
    // As erl's halt/1: what ports still hold for output is written first.
    PortTable::global().flush_output();
    tty::restore_initial_mode();
    std::fflush(stdout);
    std::fflush(stderr);
    // Exit without running destructors of VM-wide tables other threads may still use.
    std::_Exit(status);
}
