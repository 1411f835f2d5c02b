// The port core: a port's signals from processes and what it sends back, with erts' rules
// (erts/emulator/beam/io.c): who may command, close or reconnect a port, when an exit
// signal closes it, what links and monitors receive, and closing after the driver's
// queue is written. Everything here runs on the I/O thread.
#include "dist/engine.h"
#include "ports/port.h"

#include "bifs/prim_file_common.h"
#include "ports/driver.h"
#include "ports/io_thread.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/etf_decode.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/signals.h"
#include "vm/term_build.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hamlet {

namespace {

const Term kData = atom_of("data"), kEol = atom_of("eol"), kNoeol = atom_of("noeol"),
           kEof = atom_of("eof"), kClosed = atom_of("closed"), kConnected = atom_of("connected"),
           kExitStatus = atom_of("exit_status"), kBadsig = atom_of("badsig"),
           kPort = atom_of("port");

} // namespace

// ---- terms kept by a port ----

OwnedTerm::OwnedTerm(Term t) {
    size_t words = copy_size(t);
    if (!words) {
        term_ = t;
        return;
    }
    fragment_ = HeapFragment::create(words);
    fragment_->used = words;
    term_ = copy_term(t, fragment_->data, fragment_->off_heap);
}

OwnedTerm::~OwnedTerm() {
    if (fragment_) HeapFragment::destroy(fragment_);
}

// ---- the I/O thread's heap ----

Process &io_heap() {
    static Process *heap = new Process; // the I/O thread's only; never scheduled
    return *heap;
}

void send_io_message(Term to, Term msg) {
    Process &h = io_heap();
    send_message(to, msg);
    h.clear_scratch_heap(); // the receiver has its own copy
}

namespace {

void reply(Term caller, uint64_t ref, Term result) {
    if (!ref) return;
    Process &h = io_heap();
    send_io_message(caller, make_tuple(&h, {make_ref(&h, ref), result}));
}

// port_info's id: erts' index of the port in its table (65536 entries, consecutive
// numbers spread over cache lines of 8 entries).
SWord port_index(uint64_t number) {
    uint64_t n = number & 0xFFFF;
    return SWord(((n & 8191) << 3) + ((n >> 13) & 7));
}

} // namespace

// ---- the port ----

Port::Port(uint64_t n, std::string port_name)
    : number(n), id(make_local_port(n)), name(std::move(port_name)) {}

Port::~Port() = default;

size_t Port::queued() const {
    return driver_ && state_.load() != PortState::Dead ? driver_->queued() : 0;
}

void Port::set_data(Term t) {
    OwnedTerm copy(t);
    std::lock_guard lock(data_mutex_);
    data_ = std::move(copy);
}

Term Port::get_data(Process *p) {
    std::lock_guard lock(data_mutex_);
    Term t = data_.get();
    if (t == kNonValue) return atom::undefined;
    size_t words = copy_size(t);
    return words ? copy_term(t, p->alloc(words), p->off_heap) : t;
}

void Port::start(std::unique_ptr<PortDriver> driver, Term caller, uint64_t ref) {
    driver_ = std::move(driver);
    connected_ = caller;
    links_.push_back(caller);
    if (opts_.line_length) line_.emplace(opts_.line_length);
    Term error = driver_->start(*this, opts_);
    if (error != kNonValue) {
        state_.store(PortState::Dead, std::memory_order_release);
        links_.clear();
        driver_.reset();
        reply(caller, ref, error);
        return;
    }
    soft_busy_ = driver_->soft_busy();
    PortTable::global().add(shared_from_this());
    // The caller's side of the link: a Link signal, handled before the reply below. If the
    // caller has died meanwhile, it comes back as an exit signal and closes the port.
    send_signal(caller, SignalKind::Link, id, 0, kNil);
    reply(caller, ref, id);
}

void Port::send_data(std::string_view bytes, int eol) {
    Process &h = io_heap();
    Term d = opts_.binary ? make_binary(&h, bytes.data(), bytes.size()) : make_string(&h, bytes);
    if (eol >= 0) d = make_tuple(&h, {eol ? kEol : kNoeol, d});
    send_io_message(connected_, make_tuple(&h, {id, make_tuple(&h, {kData, d})}));
}

void Port::input(std::string_view bytes) {
    if (state_.load() != PortState::Open) return;
    input_bytes_ += bytes.size();
    if (line_) {
        line_->feed(bytes, [&](std::string_view piece, bool eol) { send_data(piece, eol); });
    } else {
        send_data(bytes, -1);
    }
}

void Port::input_with_header(std::string_view header, std::string_view data, bool has_data) {
    if (state_.load() != PortState::Open) return;
    input_bytes_ += header.size() + data.size();
    Process &h = io_heap();
    Term d = kNil;
    if (opts_.binary) {
        if (has_data) d = make_binary(&h, data.data(), data.size());
    } else {
        d = make_string(&h, data);
    }
    for (size_t i = header.size(); i-- > 0;)
        d = make_cons(&h, make_small(static_cast<unsigned char>(header[i])), d);
    send_io_message(connected_, make_tuple(&h, {id, make_tuple(&h, {kData, d})}));
}

void Port::send_to_connected(Term payload) {
    Process &h = io_heap();
    send_io_message(connected_, make_tuple(&h, {id, payload}));
}

void Port::input_ended() {
    PortState st = state_.load();
    if (st == PortState::Dead) return;
    if (line_) line_->flush([&](std::string_view piece, bool eol) { send_data(piece, eol); });
    if (st == PortState::Closing) return terminate();
    if (opts_.eof) return send_to_connected(kEof);
    do_exit(id, atom::normal, false, false, true);
}

void Port::report_exit_status(int status) {
    if (state_.load() == PortState::Dead || !opts_.exit_status) return;
    Process &h = io_heap();
    send_to_connected(make_tuple(&h, {kExitStatus, make_small(status)}));
}

void Port::fail(Term reason) {
    PortState st = state_.load();
    if (st == PortState::Dead) return;
    if (st == PortState::Closing) return terminate();
    do_exit(id, reason, false, false, true);
}

void Port::fail_errno(int err) {
    fail(errno_atom(err));
}

void Port::exit_unlinked(Term reason) {
    if (state_.load() == PortState::Open) {
        auto it = std::find(links_.begin(), links_.end(), connected_);
        if (it != links_.end()) {
            links_.erase(it);
            send_signal(connected_, SignalKind::Unlink, id, 0, kNil);
        }
    }
    fail(reason);
}

void Port::set_busy(bool on) {
    busy_.store(on, std::memory_order_release);
    // Commands that waited for the port: each is written, and its caller told, while the
    // port stays writable.
    while (!on && !waiting_.empty() && state_.load() == PortState::Open && !busy()) {
        Waiting w = std::move(waiting_.front());
        waiting_.pop_front();
        caller_ = w.caller;
        output(std::move(w.data));
        reply(w.caller, w.ref, atom::true_);
    }
}

void Port::output(std::string data) {
    int pb = opts_.packet_bytes;
    output_bytes_ += data.size();
    if (pb) {
        // {packet, N}: a length header, and a packet too long for it fails the port.
        if ((pb == 1 && data.size() > 0xFF) || (pb == 2 && data.size() > 0xFFFF) ||
            (pb == 4 && data.size() > 0xFFFFFFFFu))
            return fail_errno(EINVAL);
        std::string framed(size_t(pb), '\0');
        for (int i = 0; i < pb; ++i)
            framed[size_t(i)] = char(data.size() >> (8 * (pb - 1 - i)));
        framed += data;
        data = std::move(framed);
    }
    driver_->output(*this, std::move(data));
}

// ---- signals from processes ----

void Port::command(Term caller, std::string data, bool bang, Term from, uint64_t ref,
                   bool wait_if_busy) {
    if (state_.load() != PortState::Open) return reply(caller, ref, atom::badarg);
    if (bang && from != connected_) return bad_signal();
    if (wait_if_busy && busy()) {
        waiting_.push_back({caller, ref, std::move(data)});
        return;
    }
    caller_ = bang ? from : caller;
    output(std::move(data));
    reply(caller, ref, atom::true_);
}

void Port::close(Term caller, Term from, bool bang, uint64_t ref) {
    if (state_.load() != PortState::Open) return reply(caller, ref, atom::badarg);
    if (bang && from != connected_) return bad_signal();
    bool done = do_exit(from, atom::normal, bang, false, false);
    reply(caller, ref, done ? atom::true_ : atom::badarg);
}

void Port::connect(Term caller, Term from, Term new_owner, bool bang, uint64_t ref) {
    if (state_.load() != PortState::Open) return reply(caller, ref, atom::badarg);
    if (bang) {
        // {Pid, {connect, New}}: only from the owner; the old owner gets {Port, connected}.
        if (!is_local_pid(new_owner) || from != connected_) return bad_signal();
        connected_ = new_owner;
        Process &h = io_heap();
        send_io_message(from, make_tuple(&h, {id, kConnected}));
        return;
    }
    // port_connect/2: links the new owner (which must be alive) to the port.
    if (!is_local_pid(new_owner) || !ProcessTable::global().lookup(new_owner))
        return reply(caller, ref, atom::badarg);
    if (std::find(links_.begin(), links_.end(), new_owner) == links_.end()) {
        links_.push_back(new_owner);
        send_signal(new_owner, SignalKind::Link, id, 0, kNil);
    }
    connected_ = new_owner;
    reply(caller, ref, atom::true_);
}

// A malformed `Port ! Msg`, or a command, close or connect sent in the name of a process
// that does not own the port: the owner gets an exit signal badsig from the port.
void Port::bad_signal() {
    if (state_.load() != PortState::Open) return;
    send_signal(connected_, SignalKind::Exit, id, 0, kBadsig);
}

void Port::control(Term caller, uint32_t op, std::string data, uint64_t ref) {
    if (state_.load() != PortState::Open) return reply(caller, ref, atom::badarg);
    std::string out;
    bool binary = false;
    caller_ = caller;
    if (!driver_->control(*this, op, data, out, binary)) return reply(caller, ref, atom::badarg);
    Process &h = io_heap();
    reply(caller, ref, binary ? make_binary(&h, out.data(), out.size()) : make_string(&h, out));
}

void Port::call(Term caller, uint32_t op, std::string data, uint64_t ref) {
    if (state_.load() != PortState::Open) return reply(caller, ref, atom::badarg);
    std::string out;
    caller_ = caller;
    if (!driver_->call(*this, op, data, out)) return reply(caller, ref, atom::badarg);
    // The driver answered in the external format.
    Process &h = io_heap();
    struct Sink final : TermSink {
        Process &h;
        explicit Sink(Process &heap) : h(heap) {}
        Word *alloc(size_t words) override { return h.alloc(words); }
        OffHeap &off_heap() override { return h.off_heap; }
    } sink(h);
    EtfResult r = etf_decode(reinterpret_cast<const uint8_t *>(out.data()), out.size(), sink);
    if (!r.ok()) return reply(caller, ref, atom::badarg);
    reply(caller, ref, make_tuple(&h, {atom::ok, r.term}));
}

void Port::info(Term caller, Term item, uint64_t ref) {
    static const Term kRegisteredName = atom_of("registered_name"), kId = atom_of("id"),
                      kConnectedItem = atom_of("connected"), kLinks = atom_of("links"),
                      kName = atom_of("name"), kInput = atom_of("input"),
                      kOutput = atom_of("output"), kOsPid = atom_of("os_pid"),
                      kMonitors = atom_of("monitors"), kMonitoredBy = atom_of("monitored_by"),
                      kParallelism = atom_of("parallelism"), kQueueSize = atom_of("queue_size"),
                      kMemory = atom_of("memory"), kLocking = atom_of("locking"),
                      kPortLevel = atom_of("port_level");
    if (state_.load() != PortState::Open) return reply(caller, ref, atom::undefined);
    Process &h = io_heap();
    auto one = [&](Term what) -> Term {
        Term v;
        if (what == kRegisteredName) {
            Term n = ProcessTable::global().name_of(id);
            if (n == kNonValue) return kNil;
            v = n;
        } else if (what == kId) {
            v = make_small(port_index(number));
        } else if (what == kConnectedItem) {
            v = connected_;
        } else if (what == kLinks) {
            v = kNil;
            for (Term l : links_)
                v = make_cons(&h, l, v);
        } else if (what == kName) {
            v = make_string(&h, name);
        } else if (what == kInput) {
            v = make_uint64(&h, input_bytes_);
        } else if (what == kOutput) {
            v = make_uint64(&h, output_bytes_);
        } else if (what == kOsPid) {
            v = os_pid_ < 0 ? atom::undefined : make_int64(&h, os_pid_);
        } else if (what == kMonitors) {
            v = kNil; // monitors held by the port (drivers' monitors): none
        } else if (what == kMonitoredBy) {
            v = kNil;
            for (auto &m : monitors_)
                v = make_cons(&h, m.pid, v);
        } else if (what == kParallelism) {
            v = opts_.parallelism ? atom::true_ : atom::false_;
        } else if (what == kQueueSize) {
            v = make_uint64(&h, driver_->queued());
        } else if (what == kMemory) {
            v = make_uint64(&h, sizeof(Port) + name.size() + driver_->queued());
        } else if (what == kLocking) {
            v = kPortLevel;
        } else {
            return kNonValue;
        }
        return make_tuple(&h, {what, v});
    };
    if (item != kNonValue) {
        Term r = one(item);
        return reply(caller, ref, r == kNonValue ? atom::badarg : r);
    }
    // port_info/1: erl's items, in erl's order, the name first when registered.
    std::vector<Term> items;
    if (ProcessTable::global().name_of(id) != kNonValue) items.push_back(one(kRegisteredName));
    for (Term what : {kName, kLinks, kId, kConnectedItem, kInput, kOutput, kOsPid})
        items.push_back(one(what));
    reply(caller, ref, make_term_list(&h, items));
}

// An exit signal from `from`: exit/2 to the port (link_broken false), or a linked process
// that exited (link_broken true: the link is removed first, and reason normal only closes
// the port when it comes from the owner).
void Port::exit_signal(Term from, Term reason, bool link_broken) {
    if (state_.load() != PortState::Open) return;
    if (link_broken) {
        auto it = std::find(links_.begin(), links_.end(), from);
        if (it == links_.end()) return;
        links_.erase(it);
    }
    do_exit(from, reason, false, link_broken, false);
}

void Port::link(Term from) {
    if (state_.load() != PortState::Open) {
        send_signal(from, SignalKind::LinkExit, id, 0, atom::noproc);
        return;
    }
    if (std::find(links_.begin(), links_.end(), from) == links_.end()) links_.push_back(from);
}

void Port::unlink(Term from) {
    auto it = std::find(links_.begin(), links_.end(), from);
    if (it != links_.end()) links_.erase(it);
}

void Port::monitor(Term from, uint64_t ref) {
    if (state_.load() != PortState::Open) {
        send_signal(from, SignalKind::Down, id, ref, atom::noproc);
        return;
    }
    monitors_.push_back({ref, from});
}

void Port::demonitor(Term, uint64_t ref) {
    auto it = std::find_if(monitors_.begin(), monitors_.end(),
                           [&](const PortMonitor &m) { return m.ref == ref; });
    if (it != monitors_.end()) monitors_.erase(it);
}

uint64_t Port::monitor_process(Term pid) {
    uint64_t ref = new_ref_id();
    send_signal(pid, SignalKind::Monitor, id, ref, kNil);
    return ref;
}

void Port::demonitor_process(Term pid, uint64_t ref) {
    send_signal(pid, SignalKind::Demonitor, id, ref, kNil);
}

void Port::process_down(Term pid, uint64_t ref) {
    if (state_.load() != PortState::Open) return;
    driver_->process_exit(*this, pid, ref);
}

// erts_deliver_port_exit: the port stops being reachable, its links get exit signals and
// its monitors 'DOWN' with the reason (kill becomes killed), and it closes: at once, or
// once the driver has written its queue (unless the reason is kill, or the driver failed).
// Reason normal from another process than the owner or the port itself is ignored when
// drop_normal is set (a linked process ending normally).
bool Port::do_exit(Term from, Term reason, bool send_closed, bool drop_normal, bool drop_output) {
    if (state_.load() != PortState::Open) return false;
    if (reason == atom::normal && drop_normal && from != connected_ && from != id) return false;
    state_.store(PortState::Closing, std::memory_order_release);
    send_closed_ = send_closed;
    // A distribution controller going away takes its connection down (erts' io.c).
    if (dist_node_ != kNonValue) {
        dist::port_closed(*this, reason);
        dist_node_ = kNonValue;
    }
    ProcessTable::global().unregister_pid(id);
    set_busy(false);
    Term why = reason == atom::kill ? atom::killed : reason;
    for (Term l : links_)
        send_signal(l, SignalKind::LinkExit, id, 0, why);
    for (auto &m : monitors_)
        send_signal(m.pid, SignalKind::Down, id, m.ref, why);
    links_.clear();
    monitors_.clear();
    if (reason != atom::kill && !drop_output && driver_->queued() > 0) {
        driver_->flush(*this); // calls flushed() when written
    } else {
        terminate();
    }
    return true;
}

void Port::flushed() {
    if (state_.load() == PortState::Closing) terminate();
}

void Port::dist_output(std::string frame) {
    if (state_.load() == PortState::Dead) return;
    output_bytes_ += frame.size();
    driver_->dist_output(*this, std::move(frame));
}

void Port::terminate() {
    if (state_.exchange(PortState::Dead) == PortState::Dead) return;
    // The port (and its driver, whose callback may be what got here) must outlive the
    // calls on the stack: the last reference goes in a later task.
    std::shared_ptr<Port> self = shared_from_this();
    IoThread::global().post([self] {});
    driver_->stop(*this);
    PortTable::global().remove(number);
    for (auto &w : waiting_)
        reply(w.caller, w.ref, atom::badarg);
    waiting_.clear();
    if (send_closed_) {
        Process &h = io_heap();
        send_io_message(connected_, make_tuple(&h, {id, kClosed}));
    }
}

// ---- the table ----

PortTable &PortTable::global() {
    static PortTable *t = new PortTable; // never destroyed: the VM ends with _Exit
    return *t;
}

void PortTable::add(std::shared_ptr<Port> port) {
    std::unique_lock lock(mutex_);
    ports_[port->number] = std::move(port);
}

void PortTable::remove(uint64_t number) {
    std::shared_ptr<Port> keep; // destroyed outside the lock
    std::unique_lock lock(mutex_);
    auto it = ports_.find(number);
    if (it == ports_.end()) return;
    keep = std::move(it->second);
    ports_.erase(it);
}

std::shared_ptr<Port> PortTable::lookup(Term id_or_name) {
    Term id = id_or_name;
    if (is_atom(id)) id = ProcessTable::global().whereis(id);
    if (!is_local_port(id)) return nullptr;
    std::shared_lock lock(mutex_);
    auto it = ports_.find(local_port_number(id));
    if (it == ports_.end() || !it->second->open()) return nullptr;
    return it->second;
}

std::vector<Term> PortTable::ids() {
    std::vector<std::pair<uint64_t, Term>> v;
    {
        std::shared_lock lock(mutex_);
        for (auto &[n, p] : ports_)
            if (p->open()) v.push_back({n, p->id});
    }
    std::sort(v.begin(), v.end());
    std::vector<Term> out;
    for (auto &e : v)
        out.push_back(e.second);
    return out;
}

size_t PortTable::count() {
    std::shared_lock lock(mutex_);
    return ports_.size();
}

} // namespace hamlet
