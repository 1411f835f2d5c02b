// What a port driver is: a C++ object owned by its port, called on the I/O thread only.
//
// The port core (ports/port.cpp) owns the protocol with processes (owner, links, exits,
// {Port, {data, D}} messages, binary/list and line modes, busy flags, flushing on close);
// a driver owns the outside: descriptors, child processes, sockets, terminals. Its hooks
// mirror erts' driver entry points:
//   start    open_port: set up, or return the error atom open_port gives (enoent, einval...)
//   output   port_command / {Pid, {command, D}}: the bytes to write ({packet, N} headers
//            already added by the core)
//   control  port_control(Port, Op, Data): reply bytes, or false for badarg
//   call     port_call(Port, Op, Term): data and reply in the external term format
//   queued   bytes accepted by output() and not written yet
//   flush    the port is closing with output queued: write it, then call port.flushed()
//   stop     the port is gone: release everything; nothing may reach the port afterwards
//   process_exit  a process the driver monitors (port.monitor_process) exited
//            (erts' driver_monitor_process and the process_exit entry point)
// and the driver reports back through Port: input(), input_ended(), report_exit_status(),
// fail(), set_busy(), send_to_connected(). A driver that reads a blocking descriptor does it
// on a helper thread of its own and posts what it read to the I/O thread (fd_driver.cpp).
//
// Named drivers ({spawn, "tty_sl -c -e"}, {spawn_driver, "udp_inet"}) are found in a
// registry by the first word of the command; the whole command goes to start() in
// PortOptions::command.
#pragma once

#include "ports/port.h"

#include <memory>
#include <string>
#include <string_view>

namespace hamlet {

class PortDriver {
  public:
    virtual ~PortDriver() = default;
    virtual Term start(Port &port, const PortOptions &opts) = 0;
    virtual void output(Port &port, std::string data) = 0;
    virtual bool control(Port &, uint32_t /*op*/, std::string_view /*data*/,
                         std::string & /*reply*/, bool & /*binary_reply*/) {
        return false;
    }
    virtual bool call(Port &, uint32_t /*op*/, std::string_view /*etf*/,
                      std::string & /*reply_etf*/) {
        return false;
    }
    virtual size_t queued() const { return 0; }
    // Whether port_command(..., [force]) may write while the port is busy.
    virtual bool soft_busy() const { return false; }
    virtual void flush(Port &port) { port.flushed(); }
    virtual void stop(Port &port) = 0;
    virtual void process_exit(Port &, Term /*pid*/, uint64_t /*ref*/) {}
    // A distribution frame from the engine (tcp_inet adds the packet header).
    virtual void dist_output(Port &, std::string /*frame*/) {}
};

// Drivers opened by name: the registry maps the first word of the command to a factory.
using DriverFactory = std::unique_ptr<PortDriver> (*)();
DriverFactory find_named_driver(std::string_view name);

// The drivers of this folder (and of ../inet/: udp_inet, tcp_inet).
std::unique_ptr<PortDriver> make_spawn_driver();
std::unique_ptr<PortDriver> make_fd_driver();
std::unique_ptr<PortDriver> make_udp_inet_driver();
std::unique_ptr<PortDriver> make_tcp_inet_driver();
std::unique_ptr<PortDriver> make_tty_sl_driver();
std::unique_ptr<PortDriver> make_ram_file_driver();

// {packet, N} input framing shared by the spawn and fd drivers: N-byte big-endian length
// headers, each complete packet passed to port.input().
class PacketReader {
  public:
    explicit PacketReader(int header_bytes) : header_(header_bytes) {}
    void feed(Port &port, std::string_view bytes);

  private:
    int header_;
    std::string pending_;
};

} // namespace hamlet
