// The terminal driver tty_sl ({spawn, 'tty_sl -c -e'}, opened by OTP 25's user_drv and by
// Elixir's IEx.CLI) is not written yet: opening it fails with einval, which is what erl
// answers when standard input or output is not a terminal. user_drv and IEx.CLI catch that
// error and take their piped path (kernel's user over the fd driver), so both shells work
// with piped input, and on a terminal behave as erl does with TERM=dumb.
//
// The driver to write here (research: ../shared/research/shells.md, section 2) implements
// start (raw mode, termcap, a single instance), output (the PUTC/MOVE/INSC/DELC/BEEP/
// PUTC_SYNC ops, with {Port, ok} after each PUTC_SYNC through port.send_to_connected),
// control (window size, unicode state), stop (restore the terminal; it must have run when
// port_close returns, which the port core guarantees when nothing is queued), reading the
// terminal on a helper thread as fd_driver.cpp does.
#include "ports/driver.h"

#include "vm/atom_table.h"

namespace hamlet {

namespace {

class TtySlDriver final : public PortDriver {
  public:
    Term start(Port &, const PortOptions &) override {
        static const Term kEinval = *AtomTable::global().intern("einval");
        return kEinval;
    }
    void output(Port &, std::string) override {}
    void stop(Port &) override {}
};

} // namespace

std::unique_ptr<PortDriver> make_tty_sl_driver() {
    return std::make_unique<TtySlDriver>();
}

} // namespace hamlet
