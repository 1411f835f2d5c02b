#include "bifs/prim_file_common.h"

#include "vm/atom_table.h"
#include "vm/term_build.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace hamlet {

bool encoded_path_arg(Term t, std::string &out) {
    if (!is_binary(t)) return false;
    BitView v = bit_view(t);
    if (!v.byte_aligned()) return false;
    out.assign(reinterpret_cast<const char *>(v.bytes()), v.byte_size());
    if (!out.empty() && out.back() == '\0') out.pop_back();
    return out.find('\0') == std::string::npos;
}

Term errno_atom(int err) {
    // The names erl uses (erl_errno_id); a directory that is not empty is reported as
    // eexist, as erl does on Linux.
    switch (err) {
#define E(code, name)                                                                              \
    case code:                                                                                     \
        return atom_of(name);
        E(EPERM, "eperm")
        E(ENOENT, "enoent") E(ESRCH, "esrch") E(EINTR, "eintr") E(EIO, "eio") E(ENXIO, "enxio")
            E(E2BIG, "e2big") E(EBADF, "ebadf") E(EAGAIN, "eagain") E(ENOMEM, "enomem")
                E(EACCES, "eacces") E(EFAULT, "efault") E(EBUSY, "ebusy") E(EEXIST, "eexist")
                    E(ENOTEMPTY, "eexist") E(EXDEV, "exdev") E(ENODEV, "enodev")
                        E(ENOTDIR, "enotdir") E(EISDIR, "eisdir") E(EINVAL, "einval")
                            E(ENFILE, "enfile") E(EMFILE, "emfile") E(ETXTBSY, "etxtbsy")
                                E(EFBIG, "efbig") E(ENOSPC, "enospc") E(ESPIPE, "espipe")
                                    E(EROFS, "erofs") E(EMLINK, "emlink") E(EPIPE, "epipe")
                                        E(ENAMETOOLONG, "enametoolong") E(ENOSYS, "enosys")
                                            E(ELOOP, "eloop") E(EOPNOTSUPP, "enotsup")
                                                E(EOVERFLOW, "eoverflow") E(EDQUOT, "edquot")
                                                    E(ESTALE, "estale")
#undef E
                                                        default : return atom_of("unknown");
    }
}

Term posix_error(Process *p, int err) {
    return make_tuple(p, {atom::error, errno_atom(err)});
}

Term path_access(const char *path) {
    bool r = access(path, R_OK) == 0, w = access(path, W_OK) == 0;
    return atom_of(r ? (w ? "read_write" : "read") : (w ? "write" : "none"));
}

Term make_file_info(Process *p, const struct stat &st, Term access) {
    const char *type = S_ISREG(st.st_mode)                            ? "regular"
                       : S_ISDIR(st.st_mode)                          ? "directory"
                       : S_ISLNK(st.st_mode)                          ? "symlink"
                       : (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) ? "device"
                                                                      : "other";
    // {file_info, Size, Type, Access, ATime, MTime, CTime, Mode, Links, MajorDevice,
    //  MinorDevice, Inode, Uid, Gid}, as kernel's file.hrl defines the record.
    return make_tuple(p, {atom_of("file_info"), make_int64(p, st.st_size), atom_of(type),
                          access, make_int64(p, st.st_atime), make_int64(p, st.st_mtime),
                          make_int64(p, st.st_ctime), make_int64(p, st.st_mode),
                          make_int64(p, int64_t(st.st_nlink)), make_uint64(p, st.st_dev),
                          make_uint64(p, st.st_rdev), make_uint64(p, st.st_ino),
                          make_int64(p, st.st_uid), make_int64(p, st.st_gid)});
}

} // namespace hamlet
