// A canonical, unambiguous text form of a term, for the disassembler and for tests (not the
// io_lib formats, which live with the BIFs). Integers in decimal; floats as f:<IEEE bits in
// hex>; atoms always single-quoted; binaries as <<HEX>> or <<HEX:Bits>>; map pairs sorted by
// their text; export funs as fun'm':'f'/A. tools/beam_disasm_canonical.escript prints the
// same form from OTP's side.
#pragma once

#include "vm/term.h"

#include <string>
#include <string_view>

namespace hamlet {

std::string dump_term(Term t);
void append_quoted_atom(std::string &out, std::string_view text);

} // namespace hamlet
