// The hamlet executable: erl's command line over Hamlet's VM.
#include "loader/beam_file.h"
#include "loader/disasm.h"
#include "vm/command_line.h"

#include <filesystem>
#include <iostream>

using namespace hamlet;

int main(int argc, char **argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string error;
    auto cl = parse_command_line(args, error);
    if (!cl) {
        std::cerr << "hamlet: " << error << "\n";
        return 1;
    }
    if (!cl->disasm_files.empty()) {
        int status = 0;
        for (const auto &f : cl->disasm_files) {
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
    // Until the interpreter exists, boot calls load their module and stop there.
    std::vector<std::string> path = cl->path_front;
    path.push_back(".");
    path.insert(path.end(), cl->path_back.begin(), cl->path_back.end());
    for (const auto &call : cl->calls) {
        std::string found;
        for (const auto &dir : path) {
            auto candidate = std::filesystem::path(dir) / (call.module + ".beam");
            if (std::filesystem::exists(candidate)) {
                found = candidate;
                break;
            }
        }
        if (found.empty()) {
            std::cerr << "hamlet: module " << call.module << " not found in the code path\n";
            return 1;
        }
        auto r = read_beam_file(found);
        if (auto *e = std::get_if<LoadError>(&r)) {
            std::cerr << "hamlet: " << e->message << "\n";
            return 1;
        }
        std::cerr << "hamlet: loaded " << found << " (" << std::get<0>(r)->code.size()
                  << " instructions); running code is not implemented yet\n";
        return 2;
    }
    return 0;
}
