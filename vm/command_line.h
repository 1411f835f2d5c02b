// erl's command line, as Hamlet accepts it.
//   -pa DIR...  -pz DIR...   code path additions (front / back)
//   -s M [F [Args...]]       call M:F([Args as atoms]) at boot (F defaults to start)
//   -run M [F [Args...]]     call M:F([Args as strings]) at boot
//   -eval Expr  -noshell  -noinput  -extra Args...  +S N[:M]  +P N
//   -sname/-name/-setcookie are parsed and kept for the distribution milestone.
// Hamlet's own options start with "--": --disasm FILE... prints a loader listing.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hamlet {

struct BootCall {
    bool as_strings; // -run (strings) or -s (atoms)
    std::string module, function;
    std::vector<std::string> args;
};

struct CommandLine {
    std::vector<std::string> path_front, path_back;
    std::vector<BootCall> calls; // -s and -run, in order, with -eval kept apart
    std::vector<std::string> evals;
    std::vector<std::string> extra;
    bool noshell = false, noinput = false;
    int schedulers = 0; // 0: one per core
    long process_limit = 0; // +P; 0: the BEAM's default (262144)
    std::string sname, name, cookie;
    std::vector<std::string> disasm_files;
};

// Parses argv (without argv[0]); on a malformed command line returns an error text.
std::optional<CommandLine> parse_command_line(const std::vector<std::string> &args, std::string &error);

} // namespace hamlet
