// What prim_file's NIFs share (bifs/prim_file_handles.cpp, bifs/prim_file_paths.cpp): encoded
// file names, POSIX error results and the file_info record.
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <string>
#include <sys/stat.h>

namespace hamlet {

// A file name as prim_file passes it to its NIFs: the binary made by
// prim_file:internal_name2native/1 (the name's UTF-8 bytes and a NUL). False for anything
// else, or a name with a NUL inside.
bool encoded_path_arg(Term t, std::string &out);

// The atom erl uses for an errno value (enoent, eacces, ...).
Term errno_atom(int err);
// {error, Posix} for errno `err`.
Term posix_error(Process *p, int err);
// An atom by name (interned on first use).

// The #file_info{} record prim_file's read_info_nif/2 returns, with times as POSIX seconds;
// `access` is the file's accessibility for this process (read, write, read_write, none).
Term make_file_info(Process *p, const struct stat &st, Term access);
// The accessibility of a path for this process, as file_info's access field.
Term path_access(const char *path);

} // namespace hamlet
