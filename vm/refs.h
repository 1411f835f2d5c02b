// Local references (#Ref<...>): one VM-wide counter shared by make_ref/0, monitors and ETS
// table identifiers, so no two references are ever equal by accident.
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <cstdint>

namespace hamlet {

// A fresh reference number (never 0).
uint64_t new_ref_id();
// A reference term for id on p's heap: [header(Ref, 3), low 32 bits, high 32 bits, 0].
Term make_ref_term(Process *p, uint64_t id);
// The number of a local reference; false if t is not one.
bool ref_id(Term t, uint64_t *id);

} // namespace hamlet
