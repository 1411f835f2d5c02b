// prim_file's NIFs on paths (read_info_nif, list_dir_nif, make_dir_nif, rename_nif, ...) and
// its file name BIFs (internal_name2native/1 and friends), plus file:native_name_encoding/0.
//
// File names are UTF-8, as erl's on a UTF-8 system (`+fnu`): names are encoded to UTF-8
// with a terminating NUL for the NIFs, and names read back that are not valid UTF-8 give
// {error, warning} to prim_file, as erl's default `+fnuw` does.
#include "bifs/arith.h"
#include "bifs/bif.h"
#include "bifs/prim_file_common.h"
#include "vm/atom_table.h"
#include "vm/module.h"
#include "vm/term_build.h"
#include "vm/utf8.h"

#include <cerrno>
#include <climits>
#include <dirent.h>
#include <string>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <vector>

namespace hamlet {

namespace {

// The code points of valid UTF-8 text as an Erlang list; kNonValue if it is not valid.
Term utf8_to_list(Process *p, std::string_view s) {
    if (!utf8_length(s)) return kNonValue;
    std::vector<uint32_t> cps;
    for (size_t i = 0; i < s.size();) {
        auto b = uint8_t(s[i]);
        int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        uint32_t cp = n == 1 ? b : b & (0x7F >> n);
        for (int k = 1; k < n; ++k)
            cp = cp << 6 | (uint8_t(s[i + k]) & 0x3F);
        cps.push_back(cp);
        i += size_t(n);
    }
    Term l = kNil;
    for (size_t i = cps.size(); i-- > 0;)
        l = make_cons(p, make_small(cps[i]), l);
    return l;
}

std::string_view binary_text(Term t) {
    BitView v = bit_view(t);
    return {reinterpret_cast<const char *>(v.bytes()), v.byte_size()};
}

bool is_byte_binary(Term t) {
    return is_binary(t) && bit_view(t).byte_aligned();
}

Term ok_or_error(Process *p, int r) {
    return r == 0 ? atom::ok : posix_error(p, errno);
}

// Runs a one-path system call for a NIF taking an encoded path.
template <typename F> Term with_path(Process *p, Term arg, F call) {
    std::string path;
    if (!encoded_path_arg(arg, path)) return p->badarg();
    return ok_or_error(p, call(path.c_str()));
}

template <typename F> Term with_two_paths(Process *p, const Term *args, F call) {
    std::string a, b;
    if (!encoded_path_arg(args[0], a) || !encoded_path_arg(args[1], b)) return p->badarg();
    return ok_or_error(p, call(a.c_str(), b.c_str()));
}

} // namespace

Term file_native_name_encoding_0(Process *, const Term *) {
    return atom_of("utf8");
}

Term prim_file_internal_name2native_1(Process *p, const Term *args) {
    // A flat list of code points or a binary (taken as it is); no NUL inside.
    std::string out;
    Term t = args[0];
    if (is_byte_binary(t)) {
        out = binary_text(t);
    } else {
        for (; is_list(t); t = cdr(t)) {
            Term c = car(t);
            if (!is_small(c) || small_value(c) < 0 || small_value(c) > 0x10FFFF) return p->badarg();
            append_utf8(out, uint32_t(small_value(c)));
        }
        if (!is_nil(t)) return p->badarg();
    }
    if (out.find('\0') != std::string::npos) return p->badarg();
    out.push_back('\0');
    return make_binary(p, out.data(), out.size());
}

Term prim_file_internal_native2name_1(Process *p, const Term *args) {
    if (!is_byte_binary(args[0])) return p->badarg();
    Term l = utf8_to_list(p, binary_text(args[0]));
    return l != kNonValue ? l : make_tuple(p, {atom::error, atom_of("warning")});
}

Term prim_file_internal_normalize_utf8_1(Process *p, const Term *args) {
    // erts composes combining sequences (the form macOS file names come in); stdlib's
    // unicode module has the composition data, so valid UTF-8 continues in
    // unicode:characters_to_nfc_list/1 (the same list but for the singletons, which NFC
    // replaces and erts keeps: a README difference).
    if (!is_byte_binary(args[0]) || !utf8_length(binary_text(args[0]))) return p->badarg();
    static Export *nfc =
        ExportTable::global().get(atom_of("unicode"), atom_of("characters_to_nfc_list"), 1);
    return p->trap(nfc, {args[0]});
}

Term prim_file_is_translatable_1(Process *p, const Term *args) {
    if (!is_byte_binary(args[0])) return p->badarg();
    return utf8_length(binary_text(args[0])) ? atom::true_ : atom::false_;
}

Term prim_file_read_info_nif_2(Process *p, const Term *args) {
    std::string path;
    if (!encoded_path_arg(args[0], path) || !is_small(args[1])) return p->badarg();
    struct stat st;
    int r = small_value(args[1]) ? stat(path.c_str(), &st) : lstat(path.c_str(), &st);
    if (r != 0) return posix_error(p, errno);
    return make_file_info(p, st, path_access(path.c_str()));
}

Term prim_file_list_dir_nif_1(Process *p, const Term *args) {
    std::string path;
    if (!encoded_path_arg(args[0], path)) return p->badarg();
    DIR *dir = opendir(path.c_str());
    if (!dir) return posix_error(p, errno);
    Term names = kNil;
    errno = 0;
    while (struct dirent *e = readdir(dir)) {
        std::string_view name = e->d_name;
        if (name == "." || name == "..") continue;
        names = make_cons(p, make_binary(p, name.data(), name.size()), names);
    }
    int err = errno;
    closedir(dir);
    if (err) return posix_error(p, err);
    return make_tuple(p, {atom::ok, names});
}

Term prim_file_read_link_nif_1(Process *p, const Term *args) {
    std::string path;
    if (!encoded_path_arg(args[0], path)) return p->badarg();
    char buf[PATH_MAX];
    ssize_t n = readlink(path.c_str(), buf, sizeof buf);
    if (n < 0) return posix_error(p, errno);
    return make_tuple(p, {atom::ok, make_binary(p, buf, size_t(n))});
}

Term prim_file_make_hard_link_nif_2(Process *p, const Term *args) {
    return with_two_paths(p, args, [](const char *a, const char *b) { return link(a, b); });
}

Term prim_file_make_soft_link_nif_2(Process *p, const Term *args) {
    return with_two_paths(p, args, [](const char *a, const char *b) { return symlink(a, b); });
}

Term prim_file_rename_nif_2(Process *p, const Term *args) {
    return with_two_paths(p, args, [](const char *a, const char *b) { return rename(a, b); });
}

Term prim_file_make_dir_nif_1(Process *p, const Term *args) {
    return with_path(p, args[0], [](const char *path) { return mkdir(path, 0777); });
}

Term prim_file_del_file_nif_1(Process *p, const Term *args) {
    return with_path(p, args[0], [](const char *path) {
        int r = unlink(path);
        if (r != 0 && errno == EISDIR) errno = EPERM; // erl reports a directory as eperm
        return r;
    });
}

Term prim_file_del_dir_nif_1(Process *p, const Term *args) {
    return with_path(p, args[0], [](const char *path) { return rmdir(path); });
}

Term prim_file_set_cwd_nif_1(Process *p, const Term *args) {
    return with_path(p, args[0], [](const char *path) { return chdir(path); });
}

Term prim_file_get_cwd_nif_0(Process *p, const Term *) {
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) return posix_error(p, errno);
    return make_tuple(p, {atom::ok, make_binary(p, buf, std::string_view(buf).size())});
}

Term prim_file_get_device_cwd_nif_1(Process *p, const Term *) {
    return posix_error(p, EOPNOTSUPP); // drive letters exist only on Windows
}

Term prim_file_altname_nif_1(Process *p, const Term *) {
    return posix_error(p, EOPNOTSUPP); // short (8.3) names exist only on Windows
}

Term prim_file_set_permissions_nif_2(Process *p, const Term *args) {
    std::string path;
    if (!encoded_path_arg(args[0], path) || !is_small(args[1])) return p->badarg();
    return ok_or_error(p, chmod(path.c_str(), mode_t(small_value(args[1]))));
}

Term prim_file_set_owner_nif_3(Process *p, const Term *args) {
    std::string path;
    if (!encoded_path_arg(args[0], path) || !is_small(args[1]) || !is_small(args[2]))
        return p->badarg();
    return ok_or_error(
        p, chown(path.c_str(), uid_t(small_value(args[1])), gid_t(small_value(args[2]))));
}

Term prim_file_set_time_nif_4(Process *p, const Term *args) {
    // Access and modification times in POSIX seconds; the change time cannot be set.
    std::string path;
    int64_t atime, mtime;
    if (!encoded_path_arg(args[0], path) || !term_to_int64(args[1], atime) ||
        !term_to_int64(args[2], mtime))
        return p->badarg();
    struct timeval times[2] = {{time_t(atime), 0}, {time_t(mtime), 0}};
    return ok_or_error(p, utimes(path.c_str(), times));
}

} // namespace hamlet
