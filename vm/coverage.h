// Coverage counts for the conformance report (tests/coverage/): how many times each
// generic BEAM instruction and each BIF ran. Off unless HAMLET_COVERAGE names a folder at
// start-up; then the translator puts a counting instruction before every generic
// instruction it loads (and fuses none), BIF calls are counted, and at exit the counts are
// written to FOLDER/hamlet-PID.cov. Costs nothing but one predictable branch per BIF call
// when off.
#pragma once

#include <atomic>
#include <cstdint>

namespace hamlet {

struct BifEntry;

namespace coverage {

// Set once by init(), before any module is loaded; read-only afterwards.
extern bool enabled;
extern std::atomic<uint64_t> op_counts[256];

void init();                       // reads HAMLET_COVERAGE
void count_bif(const BifEntry *b); // a BIF call (only when enabled)
void dump();                       // at exit: writes the counts (only when enabled)

} // namespace coverage
} // namespace hamlet
