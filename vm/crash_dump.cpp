#include "vm/crash_dump.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string_view>

namespace hamlet {

void write_crash_dump(const std::string &slogan, const char *eol) {
    for (const char *var : {"ERL_CRASH_DUMP_SECONDS", "ERL_CRASH_DUMP_BYTES"})
        if (const char *v = std::getenv(var); v && std::string_view(v) == "0") return;
    const char *name = std::getenv("ERL_CRASH_DUMP");
    if (!name || !*name) name = "erl_crash.dump";
    std::fprintf(stderr, "%sCrash dump is being written to: %s...", eol, name);
    if (std::FILE *f = std::fopen(name, "w")) {
        std::time_t now = std::time(nullptr);
        char date[64];
        // ctime's layout ("Sun Dec  6 20:29:54 2026"), as erts writes it.
        std::strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", std::localtime(&now));
        std::fprintf(f, "=erl_crash_dump:0.5\n%s\nSlogan: %s\nSystem version: Hamlet\n", date,
                     slogan.c_str());
        std::fclose(f);
    }
    std::fprintf(stderr, "done%s", eol);
}

} // namespace hamlet
