#include "ports/open_port.h"

#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/iolist.h"
#include "vm/utf8.h"

namespace hamlet {

namespace {

const Term kBadopt = atom_of("badopt");

// A file name or command as erts converts it: an atom, a flat list of characters (as
// UTF-8) or a binary (its bytes). False for anything else, or a NUL inside.
bool filename_arg(Term t, std::string &out) {
    out.clear();
    if (is_atom(t)) {
        out = std::string(AtomTable::global().text(t));
    } else if (is_binary(t)) {
        if (!iolist_to_bytes(t, out)) return false;
    } else {
        for (; is_list(t); t = cdr(t)) {
            Term c = car(t);
            if (!is_small(c) || small_value(c) < 0 || small_value(c) > 0x10FFFF) return false;
            append_utf8(out, uint32_t(small_value(c)));
        }
        if (!is_nil(t)) return false;
    }
    return out.find('\0') == std::string::npos;
}

bool env_arg(Term list, PortOptions &o) {
    for (; is_list(list); list = cdr(list)) {
        Term e = car(list);
        if (!is_tuple(e) || tuple_arity(e) != 2) return false;
        std::string name, value;
        if (!filename_arg(tuple_elements(e)[0], name) || name.empty() ||
            name.find('=') != std::string::npos)
            return false;
        Term v = tuple_elements(e)[1];
        if (is_nil(v) || v == atom::false_) {
            o.env.emplace_back(name, std::nullopt);
        } else {
            if (!filename_arg(v, value)) return false;
            o.env.emplace_back(name, value);
        }
    }
    return is_nil(list);
}

bool args_arg(Term list, PortOptions &o) {
    std::vector<std::string> args;
    for (; is_list(list); list = cdr(list)) {
        std::string a;
        if (!filename_arg(car(list), a)) return false;
        args.push_back(std::move(a));
    }
    if (!is_nil(list)) return false;
    o.args = std::move(args);
    return true;
}

bool busy_limits_arg(Term v, PortOptions &o, bool port_limits) {
    static const Term kDisabled = atom_of("disabled");
    if (v == kDisabled) {
        if (port_limits) o.high_watermark = o.low_watermark = SIZE_MAX;
        return true;
    }
    if (!is_tuple(v) || tuple_arity(v) != 2) return false;
    Term lo = tuple_elements(v)[0], hi = tuple_elements(v)[1];
    // erts' limits: at least 1, at most 2^62 (and not all bits set).
    if (!is_small(lo) || !is_small(hi) || small_value(lo) < 1 || small_value(hi) < 1) return false;
    if (port_limits) {
        o.high_watermark = size_t(small_value(hi));
        o.low_watermark = std::min(size_t(small_value(lo)), o.high_watermark);
    }
    return true;
}

// One element of the settings list: false for badopt.
bool setting(Term s, PortOptions &o, std::optional<Term> &cd, bool &env_given) {
    static const Term kPacket = atom_of("packet"), kLine = atom_of("line"), kEnv = atom_of("env"),
                      kArgs = atom_of("args"), kArg0 = atom_of("arg0"), kCd = atom_of("cd"),
                      kParallelism = atom_of("parallelism"),
                      kBusyLimitsPort = atom_of("busy_limits_port"),
                      kBusyLimitsMsgq = atom_of("busy_limits_msgq"), kStream = atom_of("stream"),
                      kUseStdio = atom_of("use_stdio"),
                      kStderrToStdout = atom_of("stderr_to_stdout"),
                      kNouseStdio = atom_of("nouse_stdio"), kBinary = atom_of("binary"),
                      kIn = atom_of("in"), kOut = atom_of("out"), kEof = atom_of("eof"),
                      kHide = atom_of("hide"), kExitStatus = atom_of("exit_status"),
                      kOverlappedIo = atom_of("overlapped_io");
    if (is_tuple(s) && tuple_arity(s) == 2) {
        Term k = tuple_elements(s)[0], v = tuple_elements(s)[1];
        if (k == kPacket) {
            if (!is_small(v)) return false;
            SWord n = small_value(v);
            if (n != 1 && n != 2 && n != 4) return false;
            o.packet_bytes = int(n);
        } else if (k == kLine) {
            if (!is_small(v) || small_value(v) <= 0) return false;
            o.line_length = size_t(small_value(v));
        } else if (k == kEnv) {
            if (env_given) o.env.clear(); // a later {env, L} replaces an earlier one
            env_given = true;
            if (!env_arg(v, o)) return false;
        } else if (k == kArgs) {
            if (!args_arg(v, o)) return false;
        } else if (k == kArg0) {
            std::string a;
            if (!filename_arg(v, a)) return false;
            o.arg0 = std::move(a);
        } else if (k == kCd) {
            cd = v;
        } else if (k == kParallelism) {
            if (v != atom::true_ && v != atom::false_) return false;
            o.parallelism = v == atom::true_;
        } else if (k == kBusyLimitsPort || k == kBusyLimitsMsgq) {
            if (!busy_limits_arg(v, o, k == kBusyLimitsPort)) return false;
        } else {
            return false;
        }
        return true;
    }
    if (s == kStream)
        o.packet_bytes = 0;
    else if (s == kUseStdio)
        o.use_stdio = true;
    else if (s == kStderrToStdout)
        o.stderr_to_stdout = true;
    else if (s == kLine)
        o.line_length = 512;
    else if (s == kNouseStdio)
        o.use_stdio = false;
    else if (s == kBinary)
        o.binary = true;
    else if (s == kIn)
        o.read_write_bits |= 1;
    else if (s == kOut)
        o.read_write_bits |= 2;
    else if (s == kEof)
        o.eof = true;
    else if (s == kHide)
        o.hide = true;
    else if (s == kExitStatus)
        o.exit_status = true;
    else if (s == kOverlappedIo)
        o.overlapped_io = true;
    else
        return false;
    return true;
}

} // namespace

Term parse_open_port(Term name, Term settings, OpenPortRequest *out) {
    static const Term kSpawn = atom_of("spawn"), kSpawnDriver = atom_of("spawn_driver"),
                      kSpawnExecutable = atom_of("spawn_executable"), kFd = atom_of("fd");
    PortOptions &o = out->opts;
    std::optional<Term> cd;
    bool env_given = false;
    Term s = settings;
    for (; is_list(s); s = cdr(s))
        if (!setting(car(s), o, cd, env_given)) return kBadopt;
    if (!is_nil(s)) return kBadopt;
    if (o.read_write_bits == 0) o.read_write_bits = 3;
    o.read = o.read_write_bits & 1;
    o.write = o.read_write_bits & 2;
    if ((o.line_length && o.packet_bytes) || (o.stderr_to_stdout && !o.use_stdio)) return kBadopt;

    bool spawn_kind = false;
    if (is_atom(name) || is_list(name) || is_nil(name)) {
        // A plain name: erts' "vanilla" driver, the fd driver over a file it opens.
        if (!filename_arg(name, o.command)) return atom::badarg;
        o.kind = PortOptions::Kind::File;
        out->name = o.command;
        out->factory = make_fd_driver;
        if (o.args || o.arg0 || o.exit_status) return atom::badarg;
        if (cd) {
            std::string dir;
            if (!filename_arg(*cd, dir)) return atom::badarg;
        }
        return kNonValue;
    }
    if (!is_tuple(name) || tuple_arity(name) == 0) return atom::badarg;
    Term kind = tuple_elements(name)[0];
    if (kind == kSpawn || kind == kSpawnDriver || kind == kSpawnExecutable) {
        if (tuple_arity(name) != 2) return atom::badarg;
        if (!filename_arg(tuple_elements(name)[1], o.command)) return atom::badarg;
        spawn_kind = true;
        out->name = o.command;
        if (kind == kSpawnExecutable) {
            o.kind = PortOptions::Kind::SpawnExecutable;
            out->factory = make_spawn_driver;
        } else {
            // A driver named by the command's first word, else (spawn only) a shell command.
            o.kind = kind == kSpawn ? PortOptions::Kind::Spawn : PortOptions::Kind::SpawnDriver;
            std::string first = o.command.substr(0, o.command.find(' '));
            out->factory = find_named_driver(first);
            if (out->factory) {
                o.kind = PortOptions::Kind::SpawnDriver;
            } else {
                if (kind == kSpawnDriver) return atom::badarg;
                out->factory = make_spawn_driver;
            }
        }
    } else if (kind == kFd) {
        if (tuple_arity(name) != 3) return atom::badarg;
        Term in = tuple_elements(name)[1], outfd = tuple_elements(name)[2];
        if (!is_small(in) || !is_small(outfd)) return atom::badarg;
        o.kind = PortOptions::Kind::Fd;
        o.in_fd = int(small_value(in));
        o.out_fd = int(small_value(outfd));
        if (o.in_fd < 0 || o.out_fd < 0) return atom::badarg;
        out->name = std::to_string(o.in_fd) + "/" + std::to_string(o.out_fd);
        out->factory = make_fd_driver;
    } else {
        return atom::badarg;
    }
    // Arguments only for spawn_executable; exit_status only for the spawn driver.
    if ((o.args || o.arg0) && o.kind != PortOptions::Kind::SpawnExecutable) return atom::badarg;
    if (cd) {
        std::string dir;
        if (!filename_arg(*cd, dir)) return atom::badarg;
        o.cd = std::move(dir);
    }
    if (o.exit_status && !spawn_kind) return atom::badarg;
    return kNonValue;
}

} // namespace hamlet
