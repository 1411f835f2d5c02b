// iolists (nested lists of bytes and binaries, possibly with a binary tail) as bytes.
#pragma once

#include "vm/term.h"

#include <string>

namespace hamlet {

// Appends the bytes of an iolist to out; false if t is not an iolist. Iterative.
bool iolist_to_bytes(Term t, std::string &out);

} // namespace hamlet
