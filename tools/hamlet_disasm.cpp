// hamlet-disasm: prints what Hamlet's loader reads from .beam files.
//   hamlet-disasm FILE.beam...            human listing (exports, imports, instructions)
//   hamlet-disasm --canonical FILE.beam   instructions only, in the canonical operand form
//   hamlet-disasm --check PATH...         loads every .beam under the paths; prints failures
//                                         and a count of modules and instructions
#include "loader/beam_file.h"
#include "loader/disasm.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>

using namespace hamlet;

static int check(const std::vector<std::string> &paths) {
    std::vector<std::string> files;
    for (const auto &p : paths) {
        if (std::filesystem::is_directory(p)) {
            for (const auto &e : std::filesystem::recursive_directory_iterator(p))
                if (e.is_regular_file() && e.path().extension() == ".beam") files.push_back(e.path());
        } else {
            files.push_back(p);
        }
    }
    std::sort(files.begin(), files.end());
    size_t modules = 0, instructions = 0, failures = 0;
    for (const auto &f : files) {
        auto r = read_beam_file(f);
        if (auto *err = std::get_if<LoadError>(&r)) {
            std::cout << "FAIL " << err->message << "\n";
            ++failures;
            continue;
        }
        ++modules;
        instructions += std::get<0>(r)->code.size();
    }
    std::cout << "loaded " << modules << " modules, " << instructions << " instructions; " << failures
              << " failures\n";
    return failures ? 1 : 0;
}

int main(int argc, char **argv) {
    CLI::App app{"Disassembles .beam files as Hamlet's loader reads them"};
    bool canonical = false, check_mode = false;
    std::vector<std::string> paths;
    app.add_flag("--canonical", canonical, "instructions only, in the canonical operand form");
    app.add_flag("--check", check_mode, "load every .beam under the given paths and report");
    app.add_option("paths", paths, ".beam files (or directories with --check)")->required();
    CLI11_PARSE(app, argc, argv);
    if (check_mode) return check(paths);
    int status = 0;
    for (const auto &p : paths) {
        auto r = read_beam_file(p);
        if (auto *err = std::get_if<LoadError>(&r)) {
            std::cerr << "hamlet-disasm: " << err->message << "\n";
            status = 1;
            continue;
        }
        const BeamFile &bf = *std::get<0>(r);
        std::cout << (canonical ? canonical_listing(bf) : human_listing(bf));
    }
    return status;
}
