// How the rest of the VM reaches ports: signals from processes (links, exits, monitors),
// `Port ! Msg`, the registry of named drivers, {packet, N} framing, and the flush before
// halting. Each signal becomes a task on the I/O thread, so signals from one process keep
// their order.
#include "ports/driver.h"
#include "ports/io_thread.h"
#include "vm/atom_table.h"
#include "vm/iolist.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <chrono>
#include <thread>

namespace hamlet {

namespace {

std::shared_ptr<Port> any_port(Term id) {
    return PortTable::global().lookup(id);
}

// "Bad value on output port 'Name'" as erts logs it (to the logger, with no group leader).
void log_bad_output(const std::string &port_name) {
    static const Term kLog = *AtomTable::global().intern("log"),
                      kErrorLogger = *AtomTable::global().intern("error_logger"),
                      kEmulator = *AtomTable::global().intern("emulator"),
                      kTag = *AtomTable::global().intern("tag"),
                      kTime = *AtomTable::global().intern("time");
    Process &h = io_heap();
    Term inner_keys = make_tuple(&h, {kEmulator, kTag});
    Word *inner = h.alloc(5);
    inner[0] = make_header(Subtag::Map, 4);
    inner[1] = Word(2) << 2;
    inner[2] = inner_keys;
    inner[3] = atom::true_;
    inner[4] = atom::error;
    using namespace std::chrono;
    int64_t us = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    Term keys = make_tuple(&h, {kErrorLogger, kTime});
    Word *md = h.alloc(5);
    md[0] = make_header(Subtag::Map, 4);
    md[1] = Word(2) << 2;
    md[2] = keys;
    md[3] = make_boxed(inner);
    md[4] = make_int64(&h, us);
    Term text = make_string(&h, "Bad value on output port '" + port_name + "'\n");
    Term msg = make_tuple(&h, {kLog, atom::error, make_string(&h, "~s~n"),
                               make_cons(&h, text, kNil), make_boxed(md)});
    send_io_message(system_logger(), msg);
}

} // namespace

void send_port_signal(Term port_id, SignalKind kind, Term from, uint64_t ref, Term term) {
    std::shared_ptr<Port> port = any_port(port_id);
    if (!port) {
        // A port that is gone answers as a dead process would.
        if (kind == SignalKind::Link)
            send_signal(from, SignalKind::LinkExit, port_id, 0, atom::noproc);
        else if (kind == SignalKind::Monitor)
            send_signal(from, SignalKind::Down, port_id, ref, atom::noproc);
        return;
    }
    auto reason = std::make_shared<OwnedTerm>(term);
    IoThread::global().post([port, kind, from, ref, reason] {
        switch (kind) {
        case SignalKind::Exit:
            return port->exit_signal(from, reason->get(), false);
        case SignalKind::LinkExit:
            return port->exit_signal(from, reason->get(), true);
        case SignalKind::Link:
            return port->link(from);
        case SignalKind::Unlink:
            return port->unlink(from);
        case SignalKind::Monitor:
            return port->monitor(from, ref);
        case SignalKind::Demonitor:
            return port->demonitor(from, ref);
        case SignalKind::Down: // a process the port (its driver) monitors
            return port->process_down(from, ref);
        default:
            return;
        }
    });
}

void send_to_port(Term port_id, Term msg) {
    static const Term kClose = *AtomTable::global().intern("close"),
                      kCommand = *AtomTable::global().intern("command"),
                      kConnect = *AtomTable::global().intern("connect");
    std::shared_ptr<Port> port = any_port(port_id);
    if (!port) return; // a closed port: the message is dropped
    if (is_tuple(msg) && tuple_arity(msg) == 2 && is_local_pid(tuple_elements(msg)[0])) {
        Term from = tuple_elements(msg)[0], op = tuple_elements(msg)[1];
        if (op == kClose) {
            IoThread::global().post([port, from] { port->close(kNonValue, from, true, 0); });
            return;
        }
        if (is_tuple(op) && tuple_arity(op) == 2 && tuple_elements(op)[0] == kCommand) {
            std::string data;
            if (!iolist_to_bytes(tuple_elements(op)[1], data)) {
                IoThread::global().post([port] {
                    log_bad_output(port->name);
                    port->bad_signal();
                });
                return;
            }
            IoThread::global().post([port, from, d = std::move(data)]() mutable {
                port->command(kNonValue, std::move(d), true, from, 0, false);
            });
            return;
        }
        if (is_tuple(op) && tuple_arity(op) == 2 && tuple_elements(op)[0] == kConnect) {
            Term to = tuple_elements(op)[1];
            if (!is_local_pid(to)) to = kNonValue; // fails there, in signal order
            IoThread::global().post(
                [port, from, to] { port->connect(kNonValue, from, to, true, 0); });
            return;
        }
    }
    IoThread::global().post([port] { port->bad_signal(); });
}

bool port_output_async(Term port_id, Term from, Term data) {
    std::shared_ptr<Port> port = any_port(port_id);
    if (!port) return false;
    std::string bytes;
    if (!iolist_to_bytes(data, bytes)) {
        IoThread::global().post([port] {
            if (port->open()) log_bad_output(port->name);
        });
        return false;
    }
    IoThread::global().post([port, from, d = std::move(bytes)]() mutable {
        port->command(from, std::move(d), false, from, 0, false);
    });
    return true;
}

// ---- named drivers ----

DriverFactory find_named_driver(std::string_view name) {
    if (name == "tty_sl") return make_tty_sl_driver;
    if (name == "udp_inet") return make_udp_inet_driver;
    if (name == "tcp_inet") return make_tcp_inet_driver;
    if (name == "ram_file_drv") return make_ram_file_driver;
    return nullptr;
}

// ---- {packet, N} input ----

void PacketReader::feed(Port &port, std::string_view bytes) {
    pending_.append(bytes);
    size_t at = 0, h = size_t(header_);
    while (pending_.size() - at >= h) {
        uint64_t len = 0;
        for (size_t i = 0; i < h; ++i)
            len = len << 8 | static_cast<unsigned char>(pending_[at + i]);
        if (pending_.size() - at - h < len) break;
        port.input(std::string_view(pending_).substr(at + h, len));
        at += h + len;
    }
    pending_.erase(0, at);
}

// ---- halting ----

void PortTable::flush_output() {
    if (!IoThread::global().started()) return;
    // erl's halt/1 (flush true) writes what ports still hold before the VM ends.
    for (;;) {
        size_t queued = 0;
        IoThread::global().run_and_wait([&] {
            std::shared_lock lock(mutex_);
            for (auto &[n, p] : ports_)
                queued += p->queued();
        });
        if (!queued) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

} // namespace hamlet
