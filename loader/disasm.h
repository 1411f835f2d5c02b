// Text forms of a read .beam: a human listing and the canonical form that
// tools/beam_disasm_canonical.escript also produces from OTP's beam_disasm.
#pragma once

#include "loader/beam_file.h"

#include <string>

namespace hamlet {

// One instruction per line, in file order, int_code_end omitted.
std::string canonical_listing(const BeamFile &bf);
// Module, exports, imports, then the instructions, indented under their labels.
std::string human_listing(const BeamFile &bf);

} // namespace hamlet
