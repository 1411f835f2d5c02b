// erl's command line, as Hamlet accepts it.
//
// As with erl, the command line is split in two: emulator flags (`+S N`, `+P N`, any other
// `+X [Value]`, and `-env Var Value`) are taken by the emulator; every other word goes to
// init, in order, which gives them their meaning (vm/shim/init.erl: -s, -run, -eval, plain
// arguments, `--`, -extra, and user flags for init:get_argument/1). Everything after
// `-extra` goes to init untouched. The emulator reads only the code path flags from init's
// words (-pa/-pz, with init's rule that a flag's values run until the next word starting
// with '-').
// Emulator flags follow erl's rules (erlexec's for which ones take the next word as their
// value, beam's for which ones exist): an unknown `+X` is an error, as on erl; the ones
// Hamlet does not act on are accepted and ignored. `-version` (and +V) print the emulator
// version and exit.
// Hamlet's own options start with "--" and come first (vm/main.cpp: --help, --version,
// --disasm FILE...).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hamlet {

struct CommandLine {
    std::vector<std::string> init_args; // for init, in order (without the root/home prefix)
    std::vector<std::string> path_front, path_back;       // -pa and -pz directories, in order
    std::vector<std::pair<std::string, std::string>> env; // -env Var Value
    int schedulers = 0;                                   // 0: one per core
    long process_limit = 0;                               // +P; 0: the BEAM's default (262144)
    char break_mode = 'm';      // +B: 'm' the BREAK menu, 'd' no break handler, 'i' ignored
    bool replace_intr = false;  // +Bc: ^C is a character for the shell, not a signal
    bool print_version = false; // -version, +V
    std::vector<std::string> disasm_files;
};

// Parses argv (without argv[0]); on a malformed command line returns an error text.
std::optional<CommandLine> parse_command_line(const std::vector<std::string> &args,
                                              std::string &error);

// The code path erl builds from its base path and the -pa/-pz directories: each -pa
// directory in command-line order is moved to the front (so `-pa A B` gives B, A, as erl
// 25 does), then each -pz directory is moved to the back. `fixed` leading entries (Hamlet's
// shim directory) stay first.
std::vector<std::string> apply_path_flags(std::vector<std::string> base, size_t fixed,
                                          const std::vector<std::string> &front,
                                          const std::vector<std::string> &back);

// The words init:boot/1 gets and init:get_arguments/0 & co. read: set once by main before
// the VM starts, read-only afterwards.
void set_init_arguments(std::vector<std::string> args);
const std::vector<std::string> &init_arguments();

} // namespace hamlet
