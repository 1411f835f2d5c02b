// erl_crash.dump, as erts writes its start: the header line, the date (ctime), the slogan and
// the system version. Hamlet writes no process, table or memory sections.
#pragma once

#include <string>

namespace hamlet {

// Writes the dump for `slogan` to $ERL_CRASH_DUMP (erl_crash.dump by default), announcing it
// on stderr ("Crash dump is being written to: NAME..." then "done"), unless
// ERL_CRASH_DUMP_SECONDS or ERL_CRASH_DUMP_BYTES is 0, as erts. `eol` ends the lines on
// stderr ("\r\n" where erts writes to a terminal that may be raw).
void write_crash_dump(const std::string &slogan, const char *eol = "\r\n");

} // namespace hamlet
