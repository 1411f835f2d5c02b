#include "vm/command_line.h"

#include <charconv>

namespace hamlet {

namespace {
bool is_flag(const std::string &a) { return !a.empty() && (a[0] == '-' || a[0] == '+'); }
} // namespace

std::optional<CommandLine> parse_command_line(const std::vector<std::string> &args, std::string &error) {
    CommandLine cl;
    size_t i = 0;
    auto values = [&]() {
        std::vector<std::string> v;
        while (i < args.size() && !is_flag(args[i])) v.push_back(args[i++]);
        return v;
    };
    auto one = [&](const std::string &flag, std::string &out) {
        if (i >= args.size()) {
            error = "missing argument to " + flag;
            return false;
        }
        out = args[i++];
        return true;
    };
    while (i < args.size()) {
        std::string a = args[i++];
        if (a == "-pa") {
            auto v = values();
            cl.path_front.insert(cl.path_front.end(), v.begin(), v.end());
        } else if (a == "-pz") {
            auto v = values();
            cl.path_back.insert(cl.path_back.end(), v.begin(), v.end());
        } else if (a == "-s" || a == "-run") {
            auto v = values();
            if (v.empty()) {
                error = "missing module after " + a;
                return std::nullopt;
            }
            BootCall c{a == "-run", v[0], v.size() > 1 ? v[1] : "start", {}};
            if (v.size() > 2) c.args.assign(v.begin() + 2, v.end());
            cl.calls.push_back(std::move(c));
        } else if (a == "-eval") {
            std::string e;
            if (!one(a, e)) return std::nullopt;
            cl.evals.push_back(e);
        } else if (a == "-noshell") {
            cl.noshell = true;
        } else if (a == "-noinput") {
            cl.noinput = cl.noshell = true;
        } else if (a == "-extra") {
            cl.extra.assign(args.begin() + long(i), args.end());
            break;
        } else if (a == "-sname") {
            if (!one(a, cl.sname)) return std::nullopt;
        } else if (a == "-name") {
            if (!one(a, cl.name)) return std::nullopt;
        } else if (a == "-setcookie") {
            if (!one(a, cl.cookie)) return std::nullopt;
        } else if (a == "+S") {
            // +S Schedulers[:Online]: Hamlet runs the online ones.
            std::string n;
            if (!one(a, n)) return std::nullopt;
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
            if (!ok) {
                error = "bad scheduler count: " + n;
                return std::nullopt;
            }
            cl.schedulers = online;
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
        } else if (a == "--disasm") {
            auto v = values();
            cl.disasm_files.insert(cl.disasm_files.end(), v.begin(), v.end());
        } else if (a.size() > 1 && a[0] == '+') {
            // Emulator flags Hamlet does not act on (+A, +K, +sbt, ...) take one value.
            if (i < args.size() && !is_flag(args[i])) ++i;
        } else if (a.size() > 1 && a[0] == '-') {
            // erl ignores flags it does not know (they become init arguments); so do we.
            values();
        } else {
            // A plain word before -extra is an init argument; erl ignores it too.
        }
    }
    return cl;
}

} // namespace hamlet
