#include "vm/command_line.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>

namespace hamlet {

namespace {

bool starts_flag(const std::string &a) {
    return !a.empty() && a[0] == '-';
}

bool parse_schedulers(const std::string &n, int &out) {
    // +S Schedulers[:Online]: Hamlet runs the online ones.
    int total = 0, online = 0;
    auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), total);
    bool ok = ec == std::errc() && total >= 1 && total <= 1024;
    online = total;
    if (ok && p != n.data() + n.size()) {
        ok = *p == ':';
        if (ok) {
            auto [q, ec2] = std::from_chars(p + 1, n.data() + n.size(), online);
            ok = ec2 == std::errc() && q == n.data() + n.size() && online >= 1 && online <= total;
        }
    }
    out = online;
    return ok;
}

std::vector<std::string> init_arguments_;

bool one_of(const std::string &s, std::initializer_list<const char *> names) {
    for (const char *n : names)
        if (s == n) return true;
    return false;
}

// An emulator flag `+F` (F without the '+'): whether erl knows it, and whether the next word
// is its value (erlexec's rule: for most flags only when the value is not attached, as in
// "+A 4" against "+A4").
bool emulator_flag(const std::string &f, const std::string *next, bool &takes_next) {
    takes_next = false;
    std::string rest = f.substr(1);
    switch (f[0]) {
    case 'a':
    case 'A':
    case 'C':
    case 'e':
    case 'i':
    case 'n':
    case 'P':
    case 'Q':
    case 't':
    case 'T':
    case 'R':
    case 'W':
    case 'K':
        takes_next = rest.empty();
        return true;
    case 'I':
        takes_next = one_of(f, {"IOt", "IOp", "IOPt", "IOPp", "IOs"});
        return takes_next;
    case 'J':
    case 'M':
        takes_next = true;
        return true;
    case 'S':
        if (rest.empty() || one_of(rest, {"P", "Dcpu", "DPcpu", "Dio"})) {
            takes_next = true;
            return true;
        }
        return rest[0] != 'D'; // +S4:4 and the like carry their value
    case 'B':
        if (rest.empty()) {
            takes_next = next && one_of(*next, {"i", "c", "d"});
            return true;
        }
        return one_of(rest, {"i", "c", "d"});
    case 'c':
        takes_next = rest.empty() && next && one_of(*next, {"true", "false"});
        return true;
    case 'h':
        takes_next = one_of(rest, {"ms", "mbs", "pds", "max", "maxk", "maxel", "mqd", ""});
        return true;
    case 'r':
        takes_next = rest == "g";
        return true;
    case 's':
        takes_next =
            one_of(rest, {"bt", "bwtdcpu", "bwtdio", "bwt", "cl", "ct", "ecio", "fwi", "tbt", "wct",
                          "wtdcpu", "wtdio", "wt", "ws", "ss", "ssdcpu", "ssdio", "pp", "ub"});
        return takes_next;
    case 'p':
        takes_next = f == "pc";
        return takes_next;
    case 'z':
        takes_next = one_of(rest, {"dbbl", "dntgc", "ebwt", "osrl"});
        return takes_next;
    case 'f':
        return rest[0] == 'n';
    case 'L':
    case 'v':
    case 'V':
    case 'H':
    case 'd':
        return true;
    default:
        return false;
    }
}

} // namespace

std::optional<CommandLine> parse_command_line(const std::vector<std::string> &args,
                                              std::string &error) {
    CommandLine cl;
    size_t i = 0;
    auto one = [&](const std::string &flag, std::string &out) {
        if (i >= args.size()) {
            error = "missing argument to " + flag;
            return false;
        }
        out = args[i++];
        return true;
    };
    // First the emulator's share; the rest goes to init in order.
    while (i < args.size()) {
        std::string a = args[i++];
        if (a == "-extra") {
            cl.init_args.insert(cl.init_args.end(), args.begin() + long(i) - 1, args.end());
            break;
        }
        if (a == "+S") {
            std::string n;
            if (!one(a, n)) return std::nullopt;
            if (!parse_schedulers(n, cl.schedulers)) {
                error = "bad scheduler count: " + n;
                return std::nullopt;
            }
        } else if (a == "+P") {
            std::string n;
            if (!one(a, n)) return std::nullopt;
            long v = 0;
            auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
            if (ec != std::errc() || p != n.data() + n.size() || v < 1024 || v > (1l << 27)) {
                error = "bad process limit: " + n;
                return std::nullopt;
            }
            cl.process_limit = v;
        } else if (a == "-env") {
            std::string var, value;
            if (!one(a, var) || !one(a, value)) return std::nullopt;
            cl.env.emplace_back(var, value);
        } else if (a == "--disasm") {
            while (i < args.size() && !starts_flag(args[i]))
                cl.disasm_files.push_back(args[i++]);
        } else if (a == "-version") {
            cl.print_version = true; // erlexec passes +V to the emulator
        } else if (a.size() > 1 && a[0] == '+') {
            bool takes_next = false;
            std::string f = a.substr(1);
            const std::string *next = i < args.size() ? &args[i] : nullptr;
            if (!emulator_flag(f, next, takes_next)) {
                error = "unknown emulator flag " + a + " (see hamlet --help)";
                return std::nullopt;
            }
            std::string value;
            if (takes_next && !one(a, value)) return std::nullopt;
            if (f[0] == 'V') cl.print_version = true;
            if (f[0] == 'B') {
                char m = f.size() > 1 ? f[1] : value.empty() ? 'd' : value[0];
                if (m == 'c')
                    cl.replace_intr = true;
                else
                    cl.break_mode = m;
            }
        } else if (a == "-noinput") {
            // As erlexec: -noinput implies -noshell (init sees both, in that order).
            cl.init_args.push_back("-noshell");
            cl.init_args.push_back(a);
        } else {
            cl.init_args.push_back(a);
        }
    }
    // The code path flags, read as init reads every flag: values up to the next word that
    // starts with '-' ("--" ends them and is dropped; -extra ends everything).
    for (size_t k = 0; k < cl.init_args.size();) {
        const std::string &a = cl.init_args[k++];
        if (a == "-extra") break;
        if (a != "-pa" && a != "-pz") continue;
        auto &into = a == "-pa" ? cl.path_front : cl.path_back;
        while (k < cl.init_args.size() && !starts_flag(cl.init_args[k]))
            into.push_back(cl.init_args[k++]);
    }
    return cl;
}

std::vector<std::string> apply_path_flags(std::vector<std::string> path, size_t fixed,
                                          const std::vector<std::string> &front,
                                          const std::vector<std::string> &back) {
    auto drop = [&](const std::string &dir) {
        auto it = std::find(path.begin() + long(fixed), path.end(), dir);
        if (it != path.end()) path.erase(it);
    };
    for (const auto &dir : front) {
        drop(dir);
        path.insert(path.begin() + long(fixed), dir);
    }
    for (const auto &dir : back) {
        drop(dir);
        path.push_back(dir);
    }
    return path;
}

void set_init_arguments(std::vector<std::string> args) {
    init_arguments_ = std::move(args);
}

const std::vector<std::string> &init_arguments() {
    return init_arguments_;
}

} // namespace hamlet
