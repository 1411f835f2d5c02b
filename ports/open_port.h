// open_port/2's arguments, checked as erts checks them (erl_bif_port.c's open_port):
// settings that are not understood give badopt, a bad port name or an option that does
// not fit the port kind gives badarg.
#pragma once

#include "ports/driver.h"

namespace hamlet {

struct OpenPortRequest {
    PortOptions opts;
    std::string name;      // port_info's name
    DriverFactory factory; // the driver to start
};

// kNonValue when the request is valid (then *out is filled), else the atom
// erts_internal:open_port/2 returns: badarg or badopt.
Term parse_open_port(Term name, Term settings, OpenPortRequest *out);

// The VM's environment as NAME=VALUE strings (bifs/os.cpp, under its lock).
std::vector<std::string> os_environment();

} // namespace hamlet
