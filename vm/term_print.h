// Printing terms the way the runtime itself does (erlang:display/1, crash slogans): not the
// io_lib formats, which are Erlang code in stdlib.
#pragma once

#include "vm/term.h"

#include <string>

namespace hamlet {

// erlang:display/1's text (without the newline).
std::string display_text(Term t);
// Atom text quoted as Erlang source needs it ('A b', '[]', plain ok).
std::string atom_source_text(Term atom);

} // namespace hamlet
