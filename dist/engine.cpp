// The distribution engine: erts' dist.c and the distribution side of io.c, for one carrier
// (a tcp_inet port handed over by erlang:setnode/3). Frames are pass-through (112, then
// each term with its own 131): Hamlet declines the atom cache and fragments in the
// handshake, so a real node sends nothing else.
//
// One Entry per node name holds the connection state (idle, pending, connected), the
// controller port, the frames queued while the connection is set up, and what must be
// undone when it goes down: monitors local processes hold on the node's processes, monitors
// its processes hold on local ones, spawn requests awaiting their reply. Entries live under
// one mutex; signals to processes are sent after it is released.
#include "dist/engine.h"

#include "bifs/processes.h"
#include "dist/frame.h"
#include "dist/node.h"
#include "ports/io_thread.h"
#include "ports/port.h"
#include "vm/atom_table.h"
#include "vm/copy.h"
#include "vm/etf_decode.h"
#include "vm/etf_encode.h"
#include "vm/map_ops.h"
#include "vm/process_table.h"
#include "vm/ref.h"
#include "vm/scheduler.h"
#include "vm/signals.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace hamlet::dist {

namespace {

Term A(const char *text) {
    return *AtomTable::global().intern(text);
}

bool map_get(Term map, Term key, Term *v) {
    const Term *found = map_lookup(map, key);
    if (found) *v = *found;
    return found != nullptr;
}

// The length of a proper list; -1 otherwise.
SWord list_length(Term l) {
    SWord n = 0;
    for (; is_list(l); l = cdr(l))
        ++n;
    return is_nil(l) ? n : -1;
}

// Control message opcodes (erts' dist.h).
enum Op : int {
    kLink = 1,
    kSend = 2,
    kExit = 3,
    kUnlink = 4,
    kRegSend = 6,
    kGroupLeader = 7,
    kExit2 = 8,
    kSendTT = 12,
    kExitTT = 13,
    kRegSendTT = 16,
    kExit2TT = 18,
    kMonitorP = 19,
    kDemonitorP = 20,
    kMonitorPExit = 21,
    kSendSender = 22,
    kSendSenderTT = 23,
    kPayloadExit = 24,
    kPayloadExitTT = 25,
    kPayloadExit2 = 26,
    kPayloadExit2TT = 27,
    kPayloadMonitorPExit = 28,
    kSpawnRequest = 29,
    kSpawnRequestTT = 30,
    kSpawnReply = 31,
    kSpawnReplyTT = 32,
    kAliasSend = 33,
    kAliasSendTT = 34,
    kUnlinkId = 35,
    kUnlinkIdAck = 36,
};

enum class State { Idle, Pending, Connected };

const Term kEmptyAtom = A("");

struct OutMonitor { // a local process monitors one of the node's processes
    Term watcher;
    OwnedTerm target; // the remote pid, or the name atom
    bool by_name;
};

struct InMonitor {                 // one of the node's processes monitors a local process
    OwnedTerm watcher, ref, named; // named: what the monitor named (pid or name)
    Term target;                   // the local pid
};

struct SpawnWait { // a spawn_request to the node awaiting SPAWN_REPLY
    Term caller;
    bool monitor, link;
    Term tag;
    bool reply_ok, reply_error;
    MonitorTag monitor_tag = {}; // {monitor, [{tag, T}]}: the 'DOWN' message's first element
    // {reply_tag, T}: a copy of T that tag points into (the caller's heap moves with its
    // collections; erpc's tags are not atoms).
    MonitorTag reply_tag = {};
};

struct RemoteLink { // a local process linked to one of the node's processes
    Term local;
    OwnedTerm remote;
};

struct Entry {
    Term node;
    State state = State::Idle;
    uint32_t conn_id = 0;
    uint64_t flags = 0;
    uint32_t creation = 0;
    Term port = kNonValue; // the controller
    std::vector<std::string> queue;
    std::unordered_map<uint64_t, OutMonitor> out_monitors;
    std::unordered_map<uint64_t, InMonitor> in_monitors;
    std::unordered_map<uint64_t, SpawnWait> spawns;
    std::vector<Term> node_monitors; // monitor_node/2 holders (one per call)
    std::vector<RemoteLink> links;
};

std::atomic<size_t> g_links{0}; // remote links anywhere: process exits skip the scan when 0
std::atomic<uint64_t> g_next_unlink_id{1};

// Removes the link local <-> remote from e; true if it was there.
bool drop_link_locked(Entry &e, Term local, Term remote) {
    for (auto it = e.links.begin(); it != e.links.end(); ++it)
        if (it->local == local && terms_exact_equal(it->remote.get(), remote)) {
            e.links.erase(it);
            g_links.fetch_sub(1);
            return true;
        }
    return false;
}

void add_link_locked(Entry &e, Term local, Term remote) {
    for (auto &l : e.links)
        if (l.local == local && terms_exact_equal(l.remote.get(), remote)) return;
    e.links.push_back({local, OwnedTerm(remote)});
    g_links.fetch_add(1);
}

struct Subscriber {
    Term pid;
    OwnedTerm opts; // kNonValue: plain {nodeup, N}; else the option list or map
};

std::mutex g_mutex;
std::unordered_map<Term, std::unique_ptr<Entry>> g_entries;
std::unordered_map<uint64_t, Term> g_monitor_node; // monitor ids (both kinds) -> node
std::vector<Subscriber> g_subscribers;
std::atomic<uint32_t> g_next_conn_id{1};

Entry &entry_locked(Term node) {
    auto &e = g_entries[node];
    if (!e) {
        e = std::make_unique<Entry>();
        e->node = node;
    }
    return *e;
}

Entry *find_locked(Term node) {
    auto it = g_entries.find(node);
    return it == g_entries.end() ? nullptr : it->second.get();
}

// ---- frames ----

void append_term(std::string &out, Term t) {
    EtfEncodeOptions o;
    o.minor_version = 2;
    std::vector<uint8_t> bytes;
    if (etf_encode(t, o, bytes) != EtfEncodeStatus::Ok) return;
    out.append(reinterpret_cast<const char *>(bytes.data()), bytes.size());
}

std::string frame(Term ctl, Term payload = kNonValue) {
    std::string f(1, char(112));
    append_term(f, ctl);
    if (payload != kNonValue) append_term(f, payload);
    return f;
}

void post_frame(Term port, std::string f) {
    IoThread::global().post([port, f = std::move(f)]() mutable {
        if (auto p = PortTable::global().lookup(port)) p->dist_output(std::move(f));
    });
}

// A frame for an existing connection: sent when it is up, kept while it is being set up,
// dropped when it is down (nothing is owed to a node that is gone).
void send_or_queue_locked(Entry &e, std::string f) {
    if (e.state == State::Connected)
        post_frame(e.port, std::move(f));
    else if (e.state == State::Pending)
        e.queue.push_back(std::move(f));
}

// The entry of the node that monitor `id` concerns, the id forgotten; nullptr if unknown.
Entry *take_monitor_entry_locked(uint64_t id) {
    auto it = g_monitor_node.find(id);
    if (it == g_monitor_node.end()) return nullptr;
    Entry *e = find_locked(it->second);
    g_monitor_node.erase(it);
    return e;
}

Term handle_term(Process *p, uint32_t conn_id, Term node) {
    return make_tuple(p, {make_small(SWord(conn_id)), node});
}

// Moves an idle entry to pending and asks net_kernel to connect (erts' auto-connect).
void auto_connect_locked(Entry &e) {
    e.state = State::Pending;
    e.conn_id = g_next_conn_id.fetch_add(1);
    static const Term kAutoConnect = A("auto_connect"), kNetKernel = A("net_kernel");
    Word h[3] = {make_header(Subtag::Tuple, 2), make_small(SWord(e.conn_id)), e.node};
    Word m[4] = {make_header(Subtag::Tuple, 3), kAutoConnect, e.node, make_boxed(h)};
    send_message(kNetKernel, make_boxed(m));
}

// Sends or queues a frame for `node`; false when the node cannot be reached (this node is
// not alive, or the node is this one).
bool route(Term node, std::string f) {
    if (!node_alive() || node == this_node() || !is_atom(node)) return false;
    std::lock_guard lock(g_mutex);
    Entry &e = entry_locked(node);
    if (e.state == State::Connected) {
        post_frame(e.port, std::move(f));
        return true;
    }
    if (e.state == State::Idle) auto_connect_locked(e);
    e.queue.push_back(std::move(f));
    return true;
}

Term tuple_of(std::initializer_list<Term> items, Word *w) {
    w[0] = make_header(Subtag::Tuple, items.size());
    size_t i = 1;
    for (Term t : items)
        w[i++] = t;
    return make_boxed(w);
}

Term node_of(Term t) {
    if (is_boxed_of(t, Subtag::ExtPid) || is_boxed_of(t, Subtag::ExtRef) ||
        is_boxed_of(t, Subtag::ExtPort))
        return boxed_ptr(t)[1];
    return this_node();
}

// ---- node up and down notices ----

// conn_id: the connection's id (a small), or undefined for this node itself.
void notify_nodes(Term node, bool up, Term conn_id, bool hidden, Term reason) {
    static const Term kNodeup = A("nodeup"), kNodedown = A("nodedown"), kNodeType = A("node_type"),
                      kConnectionId = A("connection_id"), kNodedownReason = A("nodedown_reason"),
                      kVisible = A("visible"), kHidden = A("hidden"), kAll = A("all");
    std::vector<std::pair<Term, Term>> plain;
    std::lock_guard lock(g_mutex);
    for (auto &s : g_subscribers) {
        Process h;
        Term tag = up ? kNodeup : kNodedown;
        Term opts = s.opts.get();
        if (opts == kNonValue) {
            if (hidden) continue; // plain subscriptions see visible nodes only
            send_message(s.pid, make_tuple(&h, {tag, node}));
            continue;
        }
        // net_kernel:monitor_nodes/2 hands over a map: node_type => visible | hidden | all
        // (also a filter), connection_id and nodedown_reason => Bool, list => true when
        // the caller gave a list (the info then comes as a list).
        static const Term kList = A("list");
        bool want_type = false, want_reason = false, want_id = false, all_types = false;
        bool as_map = true;
        if (is_map(opts)) {
            Term v;
            if (map_get(opts, kNodeType, &v)) {
                want_type = true;
                all_types = v == kAll || v == kHidden;
                if ((v == kHidden && !hidden) || (v == kVisible && hidden)) continue;
            }
            if (map_get(opts, kNodedownReason, &v)) want_reason = v == atom::true_;
            if (map_get(opts, kConnectionId, &v)) want_id = v == atom::true_;
            if (map_get(opts, kList, &v)) as_map = v != atom::true_;
        }
        if (hidden && !all_types) continue;
        // In erts' order for the list: connection_id, nodedown_reason, node_type.
        std::vector<std::pair<Term, Term>> info;
        if (want_id) info.push_back({kConnectionId, conn_id});
        if (!up && want_reason) info.push_back({kNodedownReason, reason});
        if (want_type) info.push_back({kNodeType, hidden ? kHidden : kVisible});
        Term infot;
        if (as_map) {
            infot = make_map(&h, std::vector<std::pair<Term, Term>>(info.begin(), info.end()));
        } else {
            infot = kNil;
            for (auto it = info.rbegin(); it != info.rend(); ++it)
                infot = make_cons(&h, make_tuple(&h, {it->first, it->second}), infot);
        }
        send_message(s.pid, make_tuple(&h, {tag, node, infot}));
    }
}

// The connection to `e` is gone: everyone who depended on it learns noconnection.
void connection_down(Term node, Term reason) {
    std::unordered_map<uint64_t, OutMonitor> outs;
    std::unordered_map<uint64_t, InMonitor> ins;
    std::unordered_map<uint64_t, SpawnWait> spawns;
    std::vector<Term> watchers;
    std::vector<RemoteLink> links;
    uint32_t conn_id;
    bool hidden, was_up;
    {
        std::lock_guard lock(g_mutex);
        Entry *e = find_locked(node);
        if (!e || e->state == State::Idle) return;
        was_up = e->state == State::Connected;
        outs.swap(e->out_monitors);
        ins.swap(e->in_monitors);
        spawns.swap(e->spawns);
        watchers.swap(e->node_monitors);
        links.swap(e->links);
        g_links.fetch_sub(links.size());
        conn_id = e->conn_id;
        hidden = !(e->flags & kFlagPublished);
        e->queue.clear();
        e->state = State::Idle;
        e->port = kNonValue;
        for (auto &[id, m] : outs)
            g_monitor_node.erase(id);
        for (auto &[id, m] : ins)
            g_monitor_node.erase(id);
    }
    static const Term kNoconnection = A("noconnection"), kNodedown = A("nodedown");
    for (auto &[id, m] : outs) {
        Process h;
        Term object = m.by_name ? make_tuple(&h, {m.target.get(), node}) : m.target.get();
        send_signal(m.watcher, SignalKind::Down, node, id, make_tuple(&h, {object, kNoconnection}));
    }
    for (auto &[id, m] : ins)
        send_signal(m.target, SignalKind::Demonitor, node, id, kNil);
    for (auto &l : links)
        send_signal(l.local, SignalKind::RemoteLinkExit, l.remote.get(), 0, kNoconnection);
    for (auto &[id, s] : spawns) {
        if (!s.reply_error) continue;
        Process h;
        send_message(s.caller,
                     make_tuple(&h, {s.tag, make_ref(&h, id), atom::error, kNoconnection}));
    }
    for (Term w : watchers) {
        Process h;
        send_message(w, make_tuple(&h, {kNodedown, node}));
    }
    if (was_up) notify_nodes(node, false, make_small(SWord(conn_id)), hidden, reason);
}

// ---- incoming control messages (I/O thread) ----

class ScratchSink final : public TermSink {
  public:
    explicit ScratchSink(Process &h) : h_(h) {}
    Word *alloc(size_t words) override { return h_.alloc(words); }
    OffHeap &off_heap() override { return h_.off_heap; }

  private:
    Process &h_;
};

Process &scratch() {
    static Process *heap = new Process; // the I/O thread's only
    return *heap;
}

void clear_scratch() {
    scratch().clear_scratch_heap();
}

void spawn_setup(Process *p, void *arg);

struct SpawnSetup {
    Term gl, args;
    bool monitor, link;
    Term node, from, req;
};

// Runs before the new process can run (and exit): its group leader (the caller's, on the
// other node), the monitor the caller asked for, and the argument list as first message.
void spawn_setup(Process *p, void *arg) {
    auto *s = static_cast<SpawnSetup *>(arg);
    size_t words = copy_size(s->gl);
    p->group_leader = words ? copy_term(s->gl, p->alloc(words), p->off_heap) : s->gl;
    // SPAWN_REPLY goes out before the process can run, so that it precedes whatever the
    // process sends (its exit's MONITOR_P_EXIT above all).
    Process h;
    Term reply = make_tuple(&h, {make_small(kSpawnReply), s->req, s->from,
                                 make_small((s->monitor ? 2 : 0) | (s->link ? 1 : 0)), p->pid});
    std::string f = frame(reply);
    {
        std::lock_guard lock(g_mutex);
        Entry *e = find_locked(s->node);
        if (e && e->state == State::Connected) {
            if (s->monitor) {
                uint64_t id = new_ref_id();
                e->in_monitors[id] =
                    InMonitor{OwnedTerm(s->from), OwnedTerm(s->req), OwnedTerm(p->pid), p->pid};
                g_monitor_node[id] = s->node;
                p->monitored_by.push_back({id, s->node, kNonValue, false, true});
            }
            if (s->link) add_link_locked(*e, p->pid, s->from);
            post_frame(e->port, std::move(f));
        }
    }
    deliver_first_message(p, s->args);
}

void reply_frame(Term node, Term ctl, Term payload = kNonValue) {
    std::string f = frame(ctl, payload);
    std::lock_guard lock(g_mutex);
    Entry *e = find_locked(node);
    if (e && e->state == State::Connected) post_frame(e->port, std::move(f));
}

void incoming_spawn(Term node, const Term *c, size_t n, Term args) {
    // {29, ReqId, From, GroupLeader, {M, F, Arity}, Opts}
    if (n < 6) return;
    Process &h = scratch();
    Term req = c[1], from = c[2], gl = c[3], mfa = c[4], opts = c[5];
    static const Term kBadopt = A("badopt");
    // spawn_opt's options, checked as a local spawn_opt checks them (badopt otherwise); the
    // link and the monitor are the requester's, set up by spawn_setup.
    SpawnOptions so;
    bool bad = !parse_spawn_options(opts, so);
    bool monitor = so.monitor, link = so.link;
    so.monitor = so.link = false;
    so.monitor_alias = 0;
    SpawnSetup setup{gl, args, monitor, link, node, from, req};
    so.setup = spawn_setup;
    so.setup_arg = &setup;
    Term result;
    int flags = 0;
    if (bad || !is_tuple(mfa) || tuple_arity(mfa) != 3 || (!is_list(args) && !is_nil(args))) {
        result = kBadopt;
    } else {
        Term init_args = make_cons(&h, mfa, kNil);
        SpawnResult r = Scheduler::global().spawn(A("erts_internal"), A("dist_spawn_init"),
                                                  init_args, nullptr, so);
        if (!r.system_limit) return; // spawn_setup replied
        result = atom::system_limit;
    }
    reply_frame(node,
                make_tuple(&h, {make_small(kSpawnReply), req, from, make_small(flags), result}));
}

void incoming(Term node, Term ctl, Term payload) {
    if (!is_tuple(ctl) || tuple_arity(ctl) < 1 || !is_small(tuple_elements(ctl)[0])) return;
    const Term *c = tuple_elements(ctl);
    size_t n = tuple_arity(ctl);
    Process &h = scratch();
    switch (int(small_value(c[0]))) {
    case kSend:
    case kSendTT:
    case kSendSender:
    case kSendSenderTT:
        if (n >= 3 && is_local_pid(c[2])) send_message(c[2], payload);
        break;
    case kRegSend:
    case kRegSendTT:
        if (n >= 4 && is_atom(c[3])) send_message(c[3], payload);
        break;
    case kAliasSend:
    case kAliasSendTT:
        if (n >= 3) send_message(c[2], payload);
        break;
    case kMonitorP: { // {19, FromPid, ToProc, Ref}
        if (n < 4) break;
        Term target = c[2];
        Term pid = is_atom(target) ? ProcessTable::global().whereis(target) : target;
        if (!is_local_pid(pid) || !ProcessTable::global().lookup(pid)) {
            reply_frame(node,
                        make_tuple(&h, {make_small(kPayloadMonitorPExit), target, c[1], c[3]}),
                        atom::noproc);
            break;
        }
        uint64_t id = new_ref_id();
        {
            std::lock_guard lock(g_mutex);
            Entry *e = find_locked(node);
            if (!e || e->state != State::Connected) break;
            e->in_monitors[id] =
                InMonitor{OwnedTerm(c[1]), OwnedTerm(c[3]), OwnedTerm(target), pid};
            g_monitor_node[id] = node;
        }
        send_signal(pid, SignalKind::RemoteMonitored, node, id, kNil);
        break;
    }
    case kDemonitorP: { // {20, FromPid, ToProc, Ref}
        if (n < 4) break;
        Term target = kNonValue;
        uint64_t id = 0;
        {
            std::lock_guard lock(g_mutex);
            Entry *e = find_locked(node);
            if (!e) break;
            for (auto &[k, m] : e->in_monitors)
                if (terms_exact_equal(m.ref.get(), c[3])) {
                    id = k;
                    target = m.target;
                    break;
                }
            if (!id) break;
            e->in_monitors.erase(id);
            g_monitor_node.erase(id);
        }
        send_signal(target, SignalKind::Demonitor, node, id, kNil);
        break;
    }
    case kMonitorPExit:
    case kPayloadMonitorPExit: { // {21, FromProc, ToPid, Ref, Reason} / {28, ...} + Reason
        if (n < 4) break;
        Term reason =
            int(small_value(c[0])) == kMonitorPExit ? (n >= 5 ? c[4] : kNonValue) : payload;
        uint64_t id;
        if (!ref_id(c[3], &id) || reason == kNonValue) break;
        Term watcher;
        {
            std::lock_guard lock(g_mutex);
            Entry *e = find_locked(node);
            if (!e) break;
            auto it = e->out_monitors.find(id);
            if (it == e->out_monitors.end()) break;
            watcher = it->second.watcher;
            e->out_monitors.erase(it);
            g_monitor_node.erase(id);
        }
        Term object = is_atom(c[1]) ? make_tuple(&h, {c[1], node}) : c[1];
        send_signal(watcher, SignalKind::Down, node, id, make_tuple(&h, {object, reason}));
        break;
    }
    case kSpawnRequest:
    case kSpawnRequestTT:
        incoming_spawn(node, c, n, payload);
        break;
    case kSpawnReply:
    case kSpawnReplyTT: { // {31, ReqId, To, Flags, Result}
        if (n < 5) break;
        uint64_t id;
        if (!ref_id(c[1], &id)) break;
        SpawnWait s;
        Term result = c[4];
        bool ok = is_boxed_of(result, Subtag::ExtPid);
        {
            std::lock_guard lock(g_mutex);
            Entry *e = find_locked(node);
            if (!e) break;
            auto it = e->spawns.find(id);
            if (it == e->spawns.end()) break;
            s = it->second;
            e->spawns.erase(it);
            if (ok && s.monitor) {
                e->out_monitors[id] = OutMonitor{s.caller, OwnedTerm(result), false};
                g_monitor_node[id] = node;
            }
            if (ok && s.link && (small_value(c[3]) & 1)) add_link_locked(*e, s.caller, result);
        }
        if (ok && s.monitor) // a tag travels as {Tag}
            send_signal(s.caller, SignalKind::RemoteMonitor, node, id,
                        s.monitor_tag.term == kNonValue ? kNil
                                                        : make_tuple(&h, {s.monitor_tag.term}));
        if (ok ? s.reply_ok : s.reply_error)
            send_message(s.caller,
                         make_tuple(&h, {s.tag, c[1], ok ? atom::ok : atom::error, result}));
        break;
    }
    case kLink: { // {1, FromPid, ToPid}
        if (n < 3) break;
        if (!is_local_pid(c[2]) || !ProcessTable::global().lookup(c[2])) {
            // Linking to a process that does not exist (or of an earlier incarnation of
            // this node): the linker gets noproc.
            reply_frame(node, make_tuple(&h, {make_small(kPayloadExit), c[2], c[1]}), atom::noproc);
            break;
        }
        std::lock_guard lock(g_mutex);
        if (Entry *e = find_locked(node)) add_link_locked(*e, c[2], c[1]);
        break;
    }
    case kUnlink:
    case kUnlinkId: { // {4, From, To} / {35, Id, From, To}: acknowledged by UNLINK_ID_ACK
        bool with_id = int(small_value(c[0])) == kUnlinkId;
        if (n < (with_id ? 4u : 3u)) break;
        Term from = c[with_id ? 2 : 1], to = c[with_id ? 3 : 2];
        {
            std::lock_guard lock(g_mutex);
            if (Entry *e = find_locked(node)) drop_link_locked(*e, to, from);
        }
        if (with_id) reply_frame(node, make_tuple(&h, {make_small(kUnlinkIdAck), c[1], to, from}));
        break;
    }
    case kExit:
    case kExitTT:
    case kPayloadExit:
    case kPayloadExitTT: { // {3, From, To, Reason} / {24, From, To} + Reason: a linked exit
        int op = int(small_value(c[0]));
        Term reason = op == kExit || op == kExitTT ? (n >= 4 ? c[3] : kNonValue) : payload;
        if (n < 3 || reason == kNonValue || !is_local_pid(c[2])) break;
        bool linked;
        {
            std::lock_guard lock(g_mutex);
            Entry *e = find_locked(node);
            linked = e && drop_link_locked(*e, c[2], c[1]);
        }
        if (linked) send_signal(c[2], SignalKind::RemoteLinkExit, c[1], 0, reason);
        break;
    }
    case kExit2:
    case kExit2TT:
    case kPayloadExit2:
    case kPayloadExit2TT: { // exit/2: {8, From, To, Reason} / {26, From, To} + Reason
        int op = int(small_value(c[0]));
        Term reason = op == kExit2 || op == kExit2TT ? (n >= 4 ? c[3] : kNonValue) : payload;
        if (n < 3 || reason == kNonValue || !is_local_pid(c[2])) break;
        send_signal(c[2], SignalKind::Exit, c[1], 0, reason);
        break;
    }
    case kGroupLeader: // {7, GroupLeader, To}: To's group leader is set (a missing To ignores it)
        if (n >= 3 && is_local_pid(c[2])) send_signal(c[2], SignalKind::GroupLeader, c[1], 0, kNil);
        break;
    default:
        // UNLINK_ID_ACK: nothing to do.
        break;
    }
}

// A log event with no process behind it (erts' *_to_logger_nogl): {log, Level, "~s~n",
// [Text], #{error_logger => #{emulator => true, tag => Tag}, time => Us}} to the system
// logger. Runs on the I/O thread (its scratch heap).
void log_nogl(bool warning, const std::string &text) {
    static const Term kLog = A("log"), kWarning = A("warning"), kWarningMsg = A("warning_msg"),
                      kErrorLogger = A("error_logger"), kEmulator = A("emulator"), kTag = A("tag"),
                      kTime = A("time");
    Process &h = scratch();
    using namespace std::chrono;
    int64_t us = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    Term el = make_map(&h, {{kEmulator, atom::true_}, {kTag, warning ? kWarningMsg : atom::error}});
    Term md = make_map(&h, {{kErrorLogger, el}, {kTime, make_int64(&h, us)}});
    Term args = make_cons(&h, make_string(&h, text), kNil);
    send_message(system_logger(), make_tuple(&h, {kLog, warning ? kWarning : atom::error,
                                                  make_string(&h, "~s~n"), args, md}));
}

// A bad frame: erl's log line, then the connection is down at once (later frames are
// ignored) and its port is killed, as erts_kill_dist_connection does (the nodedown reason
// is then the port's, killed).
void drop_bad_connection(Port &port, Term node, const Frame &f, std::string_view packet) {
    std::string text = bad_frame_text(f, packet, this_node(), node, atom_index(node));
    if (!text.empty()) log_nogl(f.verdict == FrameVerdict::CorruptedTerm, text);
    connection_down(node, atom::killed);
    send_signal(port.id, SignalKind::Exit, port.id, 0, A("kill"));
}

} // namespace

// ---- setup ----

Term new_connection(Process *p, Term node) {
    std::lock_guard lock(g_mutex);
    Entry &e = entry_locked(node);
    if (e.state == State::Idle) {
        e.state = State::Pending;
        e.conn_id = g_next_conn_id.fetch_add(1);
    }
    return handle_term(p, e.conn_id, node);
}

bool abort_pending(Term node, uint32_t conn_id) {
    {
        std::lock_guard lock(g_mutex);
        Entry *e = find_locked(node);
        if (!e || e->state != State::Pending || e->conn_id != conn_id) return false;
    }
    connection_down(node, A("connection_setup_failed"));
    return true;
}

Term create_channel(Process *p, Term node, Term port, uint64_t flags, uint32_t creation,
                    Term *handle) {
    if ((flags & kMandatoryFlags) != kMandatoryFlags && !(flags & 0x4000000ull))
        return atom::system_limit;
    std::vector<std::string> queued;
    uint32_t conn_id;
    {
        std::lock_guard lock(g_mutex);
        Entry &e = entry_locked(node);
        if (e.state == State::Connected) return atom::badarg;
        if (e.state == State::Idle) e.conn_id = g_next_conn_id.fetch_add(1);
        e.state = State::Connected;
        e.flags = flags;
        e.creation = creation;
        e.port = port;
        conn_id = e.conn_id;
        queued.swap(e.queue);
        // The port becomes the controller before any queued frame is written to it.
        IoThread::global().post([port, node] {
            if (auto pt = PortTable::global().lookup(port)) pt->make_dist(node);
        });
        for (auto &f : queued)
            post_frame(port, std::move(f));
    }
    static const Term kDistCtrlr = A("dist_ctrlr"), kNetKernel = A("net_kernel");
    send_message(kNetKernel, make_tuple(p, {kDistCtrlr, port, node, p->pid}));
    notify_nodes(node, true, make_small(SWord(conn_id)), !(flags & kFlagPublished), kNonValue);
    *handle = handle_term(p, conn_id, node);
    return kNonValue;
}

std::vector<NodeInfo> connected_nodes() {
    std::vector<NodeInfo> v;
    std::lock_guard lock(g_mutex);
    for (auto &[n, e] : g_entries)
        if (e->state == State::Connected)
            v.push_back({n, e->conn_id, !(e->flags & kFlagPublished)});
    return v;
}

bool has_connection(Term node) {
    std::lock_guard lock(g_mutex);
    Entry *e = find_locked(node);
    return e && e->state != State::Idle;
}

bool disconnect(Term node) {
    Term port;
    {
        std::lock_guard lock(g_mutex);
        Entry *e = find_locked(node);
        if (!e || e->state != State::Connected) return false;
        port = e->port;
    }
    send_signal(port, SignalKind::Exit, port, 0, A("kill"));
    return true;
}

// ---- signals out ----

bool send_to_pid(Term from, Term to, Term msg) {
    Word w[4];
    Term ctl = from != kNonValue && is_local_pid(from)
                   ? tuple_of({make_small(kSendSender), from, to}, w)
                   : tuple_of({make_small(kSend), kEmptyAtom, to}, w);
    return route(node_of(to), frame(ctl, msg));
}

bool send_to_name(Term from, Term name, Term node, Term msg) {
    Word w[5];
    Term ctl = tuple_of(
        {make_small(kRegSend), from != kNonValue ? from : atom::undefined, kEmptyAtom, name}, w);
    return route(node, frame(ctl, msg));
}

bool send_to_alias(Term from, Term alias, Term msg) {
    Word w[4];
    Term ctl =
        tuple_of({make_small(kAliasSend), from != kNonValue ? from : atom::undefined, alias}, w);
    return route(node_of(alias), frame(ctl, msg));
}

void monitor(Process *p, Term target, Term node, uint64_t id) {
    bool by_name = is_atom(target);
    p->monitoring.push_back({id, node, by_name ? target : kNonValue, false, true});
    Term ref = make_ref(p, id);
    Word w[5];
    Term ctl = tuple_of({make_small(kMonitorP), p->pid, target, ref}, w);
    std::string f = frame(ctl);
    bool reachable = node_alive() && node != this_node();
    if (reachable) {
        std::lock_guard lock(g_mutex);
        Entry &e = entry_locked(node);
        e.out_monitors[id] = OutMonitor{p->pid, OwnedTerm(target), by_name};
        g_monitor_node[id] = node;
        if (e.state == State::Connected) {
            post_frame(e.port, std::move(f));
        } else {
            if (e.state == State::Idle) auto_connect_locked(e);
            e.queue.push_back(std::move(f));
        }
        return;
    }
    // Not alive: 'DOWN' with noconnection at once.
    Term object = by_name ? make_tuple(p, {target, node}) : target;
    send_signal(p->pid, SignalKind::Down, node, id, make_tuple(p, {object, A("noconnection")}));
}

void demonitor(Process *p, uint64_t id) {
    std::lock_guard lock(g_mutex);
    Entry *e = take_monitor_entry_locked(id);
    if (!e) return;
    auto m = e->out_monitors.find(id);
    if (m == e->out_monitors.end()) return;
    Process h;
    Term ctl =
        make_tuple(&h, {make_small(kDemonitorP), p->pid, m->second.target.get(), make_ref(&h, id)});
    std::string f = frame(ctl); // before the entry (which the tuple points into) goes
    e->out_monitors.erase(m);
    send_or_queue_locked(*e, std::move(f));
}

void remote_monitor_fired(uint64_t id, Term reason) {
    std::lock_guard lock(g_mutex);
    Entry *e = take_monitor_entry_locked(id);
    if (!e) return;
    auto m = e->in_monitors.find(id);
    if (m == e->in_monitors.end()) return;
    Process h;
    Term ctl = make_tuple(&h, {make_small(kPayloadMonitorPExit), m->second.named.get(),
                               m->second.watcher.get(), m->second.ref.get()});
    std::string f = frame(ctl, reason); // before the entry (which the tuple points into) goes
    e->in_monitors.erase(m);
    if (e->state == State::Connected) post_frame(e->port, std::move(f));
}

namespace {

// monitor/3's option list as erts_monitor_opts accepts it: [{alias, Mode} | {tag, Tag}].
bool monitor_option_list(Term l) {
    static const Term kAlias = A("alias"), kTag = A("tag"),
                      kExplicitUnalias = A("explicit_unalias"), kDemonitor = A("demonitor"),
                      kReplyDemonitor = A("reply_demonitor");
    for (; is_list(l); l = cdr(l)) {
        Term o = car(l);
        if (!is_tuple(o) || tuple_arity(o) != 2) return false;
        Term k = tuple_elements(o)[0], v = tuple_elements(o)[1];
        if (k == kAlias) {
            if (v != kExplicitUnalias && v != kDemonitor && v != kReplyDemonitor) return false;
        } else if (k != kTag) {
            return false;
        }
    }
    return is_nil(l);
}

} // namespace

Term spawn_request(Process *p, Term node, Term mfa, Term opts, bool spawn_opt_form,
                   bool *monitor_opt) {
    static const Term kMonitor = A("monitor"), kLink = A("link"), kReply = A("reply"),
                      kReplyTag = A("reply_tag"), kYes = A("yes"), kNo = A("no"),
                      kErrorOnly = A("error_only"), kSuccessOnly = A("success_only"),
                      kSpawnReply = A("spawn_reply");
    if (!is_atom(node) || !is_tuple(mfa) || tuple_arity(mfa) != 3) return kNonValue;
    const Term *m = tuple_elements(mfa);
    if (!is_atom(m[0]) || !is_atom(m[1]) || list_length(m[2]) < 0) return kNonValue;
    SpawnWait s{p->pid, false, false, kSpawnReply, true, true};
    Term fwd = kNil; // options passed on to the other node
    // As erts: spawn_request's own options (reply_tag, reply, monitor's options) are checked
    // here, in order; a bad reply value or monitor option list ends the scan with a
    // {Tag, Ref, error, badopt} reply (badarg in spawn_opt's form, which takes neither
    // reply option); an improper list is badarg; the rest is the other node's to check.
    bool badopt = false;
    Term l = opts;
    for (; is_list(l) && !badopt; l = cdr(l)) {
        Term o = car(l);
        Term k = is_tuple(o) && tuple_arity(o) == 2 ? tuple_elements(o)[0] : kNonValue;
        Term v = k != kNonValue ? tuple_elements(o)[1] : kNonValue;
        if (o == kMonitor) {
            s.monitor = true;
            fwd = make_cons(p, o, fwd);
        } else if (o == kLink) {
            s.link = true;
            fwd = make_cons(p, o, fwd);
        } else if (k == kReplyTag) {
            if (spawn_opt_form) return kNonValue;
            s.reply_tag = MonitorTag::of(v);
            s.tag = s.reply_tag.term;
        } else if (k == kReply) {
            if (v == kYes)
                s.reply_ok = s.reply_error = true;
            else if (v == kNo)
                s.reply_ok = s.reply_error = false;
            else if (v == kErrorOnly)
                s.reply_ok = false, s.reply_error = true;
            else if (v == kSuccessOnly)
                s.reply_ok = true, s.reply_error = false;
            else if (!spawn_opt_form)
                badopt = true;
            if (spawn_opt_form) return kNonValue;
        } else if (k == kMonitor) {
            if (!monitor_option_list(v)) {
                if (spawn_opt_form) return kNonValue;
                badopt = true;
            } else {
                s.monitor = true;
                fwd = make_cons(p, kMonitor, fwd);
                static const Term kTag = A("tag");
                for (Term t = v; is_list(t); t = cdr(t))
                    if (tuple_elements(car(t))[0] == kTag)
                        s.monitor_tag = MonitorTag::of(tuple_elements(car(t))[1]);
            }
        } else {
            fwd = make_cons(p, o, fwd);
        }
    }
    if (badopt) {
        Term ref = make_ref(p, new_ref_id());
        if (s.reply_error)
            send_message(p->pid, make_tuple(p, {s.tag, ref, atom::error, A("badopt")}));
        return ref;
    }
    if (!is_nil(l)) return kNonValue;
    if (spawn_opt_form) {
        *monitor_opt = s.monitor;
        s.reply_ok = s.reply_error = true;
    }
    if (!is_atom(s.tag) && spawn_opt_form) s.tag = kSpawnReply;
    uint64_t id = new_ref_id();
    Term ref = make_ref(p, id);
    Term mfa3 = make_tuple(p, {m[0], m[1], make_small(SWord(list_length(m[2])))});
    Term ctl = make_tuple(p, {make_small(kSpawnRequest), ref, p->pid, p->group_leader, mfa3, fwd});
    std::string f = frame(ctl, m[2]);
    if (!node_alive() || node == this_node()) {
        if (s.reply_error)
            send_message(p->pid, make_tuple(p, {s.tag, ref, atom::error, A("noconnection")}));
        return ref;
    }
    std::lock_guard lock(g_mutex);
    Entry &e = entry_locked(node);
    e.spawns[id] = s;
    if (e.state == State::Connected) {
        post_frame(e.port, std::move(f));
    } else {
        if (e.state == State::Idle) auto_connect_locked(e);
        e.queue.push_back(std::move(f));
    }
    return ref;
}

bool abandon_spawn(uint64_t id) {
    std::lock_guard lock(g_mutex);
    for (auto &[n, e] : g_entries)
        if (e->spawns.erase(id)) return true;
    return false;
}

// ---- links ----

void link(Process *p, Term remote) {
    Term node = node_of(remote);
    Word w[4];
    std::string f = frame(tuple_of({make_small(kLink), p->pid, remote}, w));
    if (!node_alive() || node == this_node()) {
        send_signal(p->pid, SignalKind::RemoteLinkExit, remote, 0, A("noconnection"));
        return;
    }
    std::lock_guard lock(g_mutex);
    Entry &e = entry_locked(node);
    add_link_locked(e, p->pid, remote);
    if (e.state == State::Connected) {
        post_frame(e.port, std::move(f));
    } else {
        if (e.state == State::Idle) auto_connect_locked(e);
        e.queue.push_back(std::move(f));
    }
}

void unlink(Process *p, Term remote) {
    std::lock_guard lock(g_mutex);
    Entry *e = find_locked(node_of(remote));
    if (!e || !drop_link_locked(*e, p->pid, remote)) return;
    Process h;
    Term ctl = make_tuple(&h, {make_small(kUnlinkId),
                               make_small(SWord(g_next_unlink_id.fetch_add(1))), p->pid, remote});
    send_or_queue_locked(*e, frame(ctl));
}

// GROUP_LEADER {7, GroupLeader, To}; like erts, nothing is owed when the node cannot be
// reached.
void group_leader(Term gl, Term to) {
    Word w[4];
    route(node_of(to), frame(tuple_of({make_small(kGroupLeader), gl, to}, w)));
}

bool exit_signal(Term from, Term to, Term reason) {
    Word w[4];
    return route(node_of(to), frame(tuple_of({make_small(kPayloadExit2), from, to}, w), reason));
}

namespace {

std::atomic<Term> g_owner{kNonValue}; // net_kernel while the node is alive

// net_kernel exited: erts_do_net_exits for this node's own entry.
void net_exits() {
    static const Term kTerminated = A("net_kernel_terminated");
    std::vector<std::pair<Term, Term>> up; // node, controller port
    std::vector<Term> pending;
    {
        std::lock_guard lock(g_mutex);
        for (auto &[n, e] : g_entries)
            if (e->state == State::Connected)
                up.push_back({n, e->port});
            else if (e->state == State::Pending)
                pending.push_back(n);
    }
    for (auto &[node, port] : up) {
        connection_down(node, kTerminated);
        send_signal(port, SignalKind::Exit, port, 0, A("kill"));
    }
    for (Term node : pending)
        connection_down(node, A("connection_setup_failed"));
    Term me = this_node();
    set_this_node(atom::nonode_nohost, 0);
    notify_nodes(me, false, atom::undefined, false, kTerminated);
}

} // namespace

void node_started(Term net_kernel) {
    g_owner.store(net_kernel);
    notify_nodes(this_node(), true, atom::undefined, false, kNonValue);
}

void process_exiting(Term pid) {
    Term owner = g_owner.load();
    if (owner != kNonValue && pid == owner && g_owner.compare_exchange_strong(owner, kNonValue))
        net_exits();
}

void process_exited(Term pid, Term reason) {
    if (g_links.load() == 0) return;
    std::lock_guard lock(g_mutex);
    for (auto &[n, e] : g_entries) {
        for (auto it = e->links.begin(); it != e->links.end();) {
            if (it->local != pid) {
                ++it;
                continue;
            }
            Word w[4];
            std::string f =
                frame(tuple_of({make_small(kPayloadExit), pid, it->remote.get()}, w), reason);
            send_or_queue_locked(*e, std::move(f));
            it = e->links.erase(it);
            g_links.fetch_sub(1);
        }
    }
}

Term remote_monitor_peer(Process *p, uint64_t id, bool held) {
    std::lock_guard lock(g_mutex);
    auto it = g_monitor_node.find(id);
    if (it == g_monitor_node.end()) return kNonValue;
    Entry *e = find_locked(it->second);
    if (!e) return kNonValue;
    Term t = kNonValue;
    if (held) {
        auto m = e->out_monitors.find(id);
        if (m != e->out_monitors.end() && !m->second.by_name) t = m->second.target.get();
    } else {
        auto m = e->in_monitors.find(id);
        if (m != e->in_monitors.end()) t = m->second.watcher.get();
    }
    return t == kNonValue ? t : copy_term(t, p->alloc(copy_size(t)), p->off_heap);
}

std::vector<Term> remote_links(Process *p, Term pid) {
    std::vector<Term> v;
    if (g_links.load() == 0) return v;
    std::lock_guard lock(g_mutex);
    for (auto &[n, e] : g_entries)
        for (auto &l : e->links)
            if (l.local == pid) {
                Term r = l.remote.get();
                v.push_back(copy_term(r, p->alloc(copy_size(r)), p->off_heap));
            }
    return v;
}

// ---- node monitors ----

void subscribe_nodes(Term pid, Term opts, bool on) {
    std::lock_guard lock(g_mutex);
    if (on) {
        g_subscribers.push_back({pid, OwnedTerm(opts)});
        return;
    }
    for (auto it = g_subscribers.begin(); it != g_subscribers.end(); ++it)
        if (it->pid == pid && (opts == kNonValue ? it->opts.get() == kNonValue
                                                 : it->opts.get() != kNonValue &&
                                                       terms_equal(it->opts.get(), opts))) {
            g_subscribers.erase(it);
            return;
        }
}

void node_monitor(Term pid, Term node, bool on) {
    bool down_now = false;
    {
        std::lock_guard lock(g_mutex);
        Entry &e = entry_locked(node);
        if (on) {
            // As erts: an unconnected node is connected to (net_kernel's auto-connect),
            // and {nodedown, Node} comes if that fails (abort_pending).
            if (!node_alive())
                down_now = true;
            else {
                if (e.state == State::Idle) auto_connect_locked(e);
                e.node_monitors.push_back(pid);
            }
        } else {
            auto it = std::find(e.node_monitors.begin(), e.node_monitors.end(), pid);
            if (it != e.node_monitors.end()) e.node_monitors.erase(it);
        }
    }
    if (down_now) {
        Process h;
        send_message(pid, make_tuple(&h, {A("nodedown"), node}));
    }
}

void process_gone(Term pid) {
    std::lock_guard lock(g_mutex);
    std::erase_if(g_subscribers, [&](auto &s) { return s.pid == pid; });
}

// ---- the controller port ----

void port_input(Port &port, std::string_view packet) {
    if (packet.empty()) return; // a tick: counted by the driver
    Term node = port.dist_node();
    {
        // Frames still buffered from a connection that was dropped are ignored, as erts does.
        std::lock_guard lock(g_mutex);
        Entry *e = find_locked(node);
        if (!e || e->state != State::Connected || e->port != port.id) return;
    }
    ScratchSink sink(scratch());
    Frame f = decode_frame(packet, node, this_node(), sink);
    if (f.verdict == FrameVerdict::Ok)
        incoming(node, f.ctl, f.payload);
    else
        drop_bad_connection(port, node, f, packet);
    clear_scratch();
}

// The nodedown reason is the port's exit reason, as in erts (io.c hands it to
// erts_do_net_exits): net_tick_timeout from dist_util's connection process (linked to the
// port), disconnect from net_kernel's exit(Port, disconnect), killed for kill; normal (the
// peer closed the socket) is connection_closed.
void port_closed(Port &port, Term reason) {
    Term node = port.dist_node();
    {
        std::lock_guard lock(g_mutex);
        Entry *e = find_locked(node);
        if (!e || e->port != port.id) return;
    }
    if (reason == atom::normal) reason = A("connection_closed");
    if (reason == atom::kill) reason = atom::killed;
    connection_down(node, reason);
}

} // namespace hamlet::dist
