// The distribution engine (see node.h for the folder). Thread-safe: BIFs call it from the
// schedulers, the inet driver from the I/O thread.
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <cstdint>
#include <string_view>

namespace hamlet {
class Port;
}

namespace hamlet::dist {

// Handshake flags (erts' DFLAG_*, OTP 25): what Hamlet offers is erts' default set without
// the atom cache and fragments, both of which a real node lets its peer decline.
constexpr uint64_t kDefaultFlags = 0xD075F5FBCull;
constexpr uint64_t kMandatoryFlags = 0x1070F94ull;
constexpr uint64_t kRejectableFlags = 0x802042ull;
constexpr uint64_t kStrictOrderFlags = 0x2000ull;
constexpr uint64_t kFlagPublished = 0x1ull;

// ---- connection setup (erts_internal BIFs; results built on p's heap) ----
// new_connection/1: {ConnId, Node}, moving an idle entry to pending.
Term new_connection(Process *p, Term node);
// abort_pending_connection/2: true when a pending connection was dropped.
bool abort_pending(Term node, uint32_t conn_id);
// create_dist_channel/3 with a port: the port becomes the controller; an error atom or
// kNonValue (then *handle is the DHandle).
Term create_channel(Process *p, Term node, Term port, uint64_t flags, uint32_t creation,
                    Term *handle);
// nodes/0,1,2: the connected nodes, visible and/or hidden, with their connection ids.
struct NodeInfo {
    Term node;
    uint32_t conn_id;
    bool hidden;
};
std::vector<NodeInfo> connected_nodes();
// True when `node` has a connection, up or being set up (signals to it are then sent or
// queued without auto-connecting).
bool has_connection(Term node);
// disconnect_node/1's erts part: the controller port is closed; false if not connected.
bool disconnect(Term node);

// ---- signals to other nodes (any scheduler) ----
// Each returns false when the node is not this one's peer and cannot be (not alive).
// `from` may be kNonValue (the sender is unknown: SEND instead of SEND_SENDER).
bool send_to_pid(Term from, Term to_pid, Term msg);
bool send_to_name(Term from, Term name, Term node, Term msg);
bool send_to_alias(Term from, Term alias_ref, Term msg);
// monitor(process, RemotePid | {Name, Node}) by p, ref id `id`: the monitor is recorded in
// p->monitoring (remote) and here.
void monitor(Process *p, Term target, Term node, uint64_t id);
// demonitor of a remote monitor p holds.
void demonitor(Process *p, uint64_t id);
// A monitor a remote process holds on a local one fired (the local process exited or did
// not exist): MONITOR_P_EXIT with `reason`.
void remote_monitor_fired(uint64_t id, Term reason);
// spawn_request to another node: returns the request's reference (on p's heap) or kNonValue
// for badarg. With spawn_opt's form (*monitor_opt is set) the reply is awaited in Erlang.
Term spawn_request(Process *p, Term node, Term mfa, Term opts, bool spawn_opt_form,
                   bool *monitor_opt);
// spawn_request_abandon/1 of a remote request: true if it was still pending.
bool abandon_spawn(uint64_t id);

// Links with processes of other nodes (held here, not in Process::links).
void link(Process *p, Term remote);
void unlink(Process *p, Term remote);
bool exit_signal(Term from, Term to, Term reason); // exit/2 to a remote pid (EXIT2)
void group_leader(Term gl, Term to);               // group_leader/2 of a remote pid
void process_exited(Term pid, Term reason);        // its remote links get EXIT
// A process is exiting, before its links are signalled: net_kernel's exit ends the
// distribution first (see node_started), so its connections go down as net_kernel_terminated
// rather than with the exits of the connection processes linked to it.
void process_exiting(Term pid);
// The remote processes `pid` is linked to, copied onto p's heap (process_info links).
std::vector<Term> remote_links(Process *p, Term pid);
// The other end of remote monitor `id` (process_info monitors and monitored_by), copied
// onto p's heap: the remote pid a local process monitors (`held`), or the remote process
// that monitors a local one; kNonValue when unknown (the connection is gone).
Term remote_monitor_peer(Process *p, uint64_t id, bool held);

// erlang:setnode/2 made this node alive, net_kernel its owner: monitor_nodes subscribers get
// {nodeup, node(), ...} (connection_id undefined). When the owner exits, as erts does, every
// connection goes down with nodedown_reason net_kernel_terminated, the node is no longer
// alive, and subscribers get its own nodedown.
void node_started(Term net_kernel);

// ---- monitor_nodes subscriptions ----
void subscribe_nodes(Term pid, Term opts, bool on);
void node_monitor(Term pid, Term node, bool on); // monitor_node/2
void process_gone(Term pid);                     // a subscriber exited

// ---- the controller port (I/O thread) ----
// A packet read from a distribution port (empty = a tick).
void port_input(Port &port, std::string_view packet);
// The controller port closed: the connection is down.
void port_closed(Port &port, Term reason);

} // namespace hamlet::dist
