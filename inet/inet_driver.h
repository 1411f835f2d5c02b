// The inet drivers: tcp_inet and udp_inet, driven by the real, unmodified prim_inet
// (erts/preloaded/src/prim_inet.erl) through port_control/3 and port_command/2,3, as erts'
// inet_drv.c is. gen_tcp, gen_udp, inet and kernel's distribution carrier all sit on them.
//
// The inet/ folder owns the sockets:
//   inet_driver.h / .cpp   what both drivers share: the socket, its state and options, the
//                          control requests common to TCP and UDP (bind, names, options,
//                          statistics, subscriptions), addresses in prim_inet's encoding,
//                          readiness (libuv polls) and timers on the I/O thread
//   inet_options.cpp       INET_REQ_SETOPTS / GETOPTS: socket options and the driver's own
//   inet_names.cpp         host name, services, interfaces (getifaddrs, ifget)
//   tcp_inet.cpp           TCP: connect, listen, accept (several acceptors), passive and
//                          active receive in every packet mode, the output queue with its
//                          watermarks (busy port), send timeouts, shutdown, close
//   udp_inet.cpp           UDP: datagrams with their addresses, passive and active
//   packet_parser.h / .cpp packet framing and HTTP/SSL parsing, shared with
//                          erlang:decode_packet/3
//
// Everything here runs on the I/O thread (ports/io_thread.h): no socket call ever blocks a
// scheduler, and driver state needs no locks. Requests are answered as prim_inet expects:
// [1 | Data] (ok), [0 | Reason] (error); later results arrive as messages
// ({inet_async, S, Ref, Result}, {inet_reply, S, Status}, {tcp, S, Data}...).
#pragma once

#include "ports/driver.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <netinet/in.h>
#include <optional>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/un.h>
#include <uv.h>
#include <vector>

namespace hamlet::inet {

// ---- prim_inet's protocol (lib/kernel/src/inet_int.hrl) ----

constexpr uint32_t kControlMagic = 0x03F1A300;

enum Req : uint32_t {
    kReqOpen = 1,
    kReqClose = 2,
    kReqConnect = 3,
    kReqPeer = 4,
    kReqName = 5,
    kReqBind = 6,
    kReqSetopts = 7,
    kReqGetopts = 8,
    kReqGetix = 9,
    kReqGetstat = 11,
    kReqGethostname = 12,
    kReqFdopen = 13,
    kReqGetfd = 14,
    kReqGettype = 15,
    kReqGetstatus = 16,
    kReqGetservbyname = 17,
    kReqGetservbyport = 18,
    kReqSetname = 19,
    kReqSetpeer = 20,
    kReqGetiflist = 21,
    kReqIfget = 22,
    kReqIfset = 23,
    kReqSubscribe = 24,
    kReqGetifaddrs = 25,
    kReqAccept = 26,
    kReqListen = 27,
    kReqIgnorefd = 28,
    kReqGetladdrs = 29,
    kReqGetpaddrs = 30,
    kReqTcpRecv = 42,
    kReqTcpUnrecv = 43,
    kReqTcpShutdown = 44,
    kReqTcpSendfile = 45,
    kReqPacketRecv = 60,
};

enum : uint8_t { kRepError = 0, kRepOk = 1 };

enum : uint8_t {
    kAfUnspec = 0,
    kAfInet = 1,
    kAfInet6 = 2,
    kAfAny = 3,
    kAfLoopback = 4,
    kAfLocal = 5,
    kAfUndefined = 6,
};

enum : uint8_t { kTypeStream = 1, kTypeDgram = 2, kTypeSeqpacket = 3 };

enum : int { kModeList = 0, kModeBinary = 1 };
enum : int { kDeliverPort = 0, kDeliverTerm = 1 };
enum : int { kPassive = 0, kActive = 1, kOnce = 2, kMulti = 3 };

// Socket state flags (INET_REQ_GETSTATUS reports them).
enum : int {
    kFOpen = 0x0001,
    kFActive = 0x0004, // connected
    kFListen = 0x0008,
    kFCon = 0x0010,
    kFAcc = 0x0020,
    kFBusy = 0x0080,
    kStateClosed = 0,
    kStateOpen = kFOpen,
    kStateConnected = kFOpen | kFActive,
    kStateListening = kFOpen | kFListen,
    kStateConnecting = kFOpen | kFCon,
    kStateAccepting = kFOpen | kFListen | kFAcc,
};

enum Opt : uint8_t {
    kOptReuseaddr = 0,
    kOptKeepalive = 1,
    kOptDontroute = 2,
    kOptLinger = 3,
    kOptBroadcast = 4,
    kOptOobinline = 5,
    kOptSndbuf = 6,
    kOptRcvbuf = 7,
    kOptPriority = 8,
    kOptTos = 9,
    kOptNodelay = 10,
    kOptMulticastIf = 11,
    kOptMulticastTtl = 12,
    kOptMulticastLoop = 13,
    kOptAddMembership = 14,
    kOptDropMembership = 15,
    kOptIpv6Only = 16,
    kOptBuffer = 20,
    kOptHeader = 21,
    kOptActive = 22,
    kOptPacket = 23,
    kOptMode = 24,
    kOptDeliver = 25,
    kOptExitOnClose = 26,
    kOptHighWatermark = 27,
    kOptLowWatermark = 28,
    kOptSendTimeout = 30,
    kOptDelaySend = 31,
    kOptPacketSize = 32,
    kOptReadPackets = 33,
    kOptRaw = 34,
    kOptSendTimeoutClose = 35,
    kOptHighMsgqWatermark = 36,
    kOptLowMsgqWatermark = 37,
    kOptNetns = 38,
    kOptShowEconnreset = 39,
    kOptLineDelimiter = 40,
    kOptTclass = 41,
    kOptBindToDevice = 42,
    kOptRecvtos = 43,
    kOptRecvtclass = 44,
    kOptPktoptions = 45,
    kOptTtl = 46,
    kOptRecvttl = 47,
    kOptNopush = 48,
    kOptDebug = 99,
};

enum Stat : uint8_t {
    kStatRecvCnt = 1,
    kStatRecvMax = 2,
    kStatRecvAvg = 3,
    kStatRecvDvi = 4,
    kStatSendCnt = 5,
    kStatSendMax = 6,
    kStatSendAvg = 7,
    kStatSendPend = 8,
    kStatRecvOct = 9,
    kStatSendOct = 10,
};

constexpr uint32_t kInfinity = 0xFFFFFFFF; // a timeout of -1
constexpr int kDefaultBuffer = 1460;
constexpr size_t kMaxTcpPacket = 0x4000000; // a recv(S, N) longer than this is enomem

// ---- bytes ----

inline void put16(std::string &out, uint32_t v) {
    out.push_back(char(v >> 8));
    out.push_back(char(v));
}
inline void put32(std::string &out, uint32_t v) {
    for (int i = 3; i >= 0; --i)
        out.push_back(char(v >> (8 * i)));
}
inline void put64(std::string &out, uint64_t v) {
    for (int i = 7; i >= 0; --i)
        out.push_back(char(v >> (8 * i)));
}
inline uint32_t get16(std::string_view s, size_t at) {
    return uint32_t(uint8_t(s[at])) << 8 | uint8_t(s[at + 1]);
}
inline uint32_t get32(std::string_view s, size_t at) {
    return get16(s, at) << 16 | get16(s, at + 2);
}

// erts' name of an errno value (erl_errno_id): the symbol in lower case.
const char *errno_name(int err);
Term errno_term(int err);

// ---- replies to port_control ----

inline bool reply_ok(std::string &reply, std::string_view data = {}) {
    reply.assign(1, char(kRepOk));
    reply.append(data);
    return true;
}
inline bool reply_error(std::string &reply, const char *reason) {
    reply.assign(1, char(kRepError));
    reply.append(reason);
    return true;
}
inline bool reply_errno(std::string &reply, int err) {
    return reply_error(reply, errno_name(err));
}

// ---- addresses ----

struct SockAddr {
    sockaddr_storage ss{};
    socklen_t len = 0;
    sockaddr *sa() { return reinterpret_cast<sockaddr *>(&ss); }
    const sockaddr *sa() const { return reinterpret_cast<const sockaddr *>(&ss); }
};

// prim_inet's address encoding ([Family, Port:16, Addr...], any, loopback, local) into a
// socket address for a socket of `family` (AF_*); consumes what it read from `data`. An
// error is the reason to reply (einval, eafnosupport).
const char *decode_address(int family, std::string_view &data, SockAddr *out);
// [Family, Port:16, Addr...] (local: [Family, Len, Path...]); false for other families.
bool encode_address(const SockAddr &a, std::string &out);

// ---- the I/O thread's loop: socket readiness and timers ----

class Watch {
  public:
    using Callback = std::function<void(int events)>; // UV_READABLE | UV_WRITABLE
    Watch() = default;
    Watch(const Watch &) = delete;
    Watch &operator=(const Watch &) = delete;
    ~Watch() { close(); }
    void open(int fd, Callback cb);
    // Polls for these events (0 stops).
    void set(int events);
    void add(int events) { set(events_ | events); }
    void remove(int events) { set(events_ & ~events); }
    int events() const { return events_; }
    bool is_open() const { return handle_ != nullptr; }
    void close();

  private:
    uv_poll_t *handle_ = nullptr;
    Callback cb_;
    int events_ = 0;
};

class Timer {
  public:
    using Callback = std::function<void()>;
    Timer() = default;
    Timer(const Timer &) = delete;
    Timer &operator=(const Timer &) = delete;
    ~Timer() { close(); }
    void start(uint64_t ms, Callback cb);
    void stop();
    bool active() const;
    uint64_t remaining() const; // ms left when active
    void close();

  private:
    uv_timer_t *handle_ = nullptr;
    Callback cb_;
};

// An operation waiting for its result: {inet_async, S, Id, Result} goes to caller.
struct AsyncOp {
    uint16_t id = 0;
    Term caller = kNonValue;
    uint32_t req = 0;
};

// ---- what tcp_inet and udp_inet share ----

class InetDriver : public PortDriver {
  public:
    explicit InetDriver(int protocol) : sprotocol_(protocol) {}
    Term start(Port &port, const PortOptions &) override;
    bool control(Port &port, uint32_t op, std::string_view data, std::string &reply,
                 bool &binary) override;
    bool soft_busy() const override { return true; }
    void stop(Port &port) override;

  protected:
    // The protocol's own requests; false when the request is a common one.
    virtual bool protocol_control(uint32_t req, std::string_view data, std::string &reply) = 0;
    // Readiness of the socket (UV_READABLE, UV_WRITABLE).
    virtual void ready(int events) = 0;
    // Setting options changed the active mode or packet type (set_opts' result 1 or 2).
    virtual void options_changed(int) {}
    // A process watched with monitor() exited.
    virtual void monitored_exit(Term, uint64_t) {}
    // A stream socket that the peer closed in passive mode becomes active: true when the
    // port has exited as a result.
    virtual bool active_on_closed() { return false; }
    void process_exit(Port &, Term pid, uint64_t ref) override { monitored_exit(pid, ref); }

    // ---- socket ----
    bool open_socket(int domain, int type, std::string &reply);
    bool adopt_socket(int domain, int type, int fd, bool bound, std::string &reply);
    void close_socket(); // erl_inet_close: the descriptor goes, the port stays
    void close_read();   // stop reading (exit_on_close false after the peer closed)
    bool is_open() const { return state_ & kFOpen; }
    bool is_connected() const { return (state_ & kStateConnected) == kStateConnected; }
    bool is_connecting() const { return (state_ & kStateConnecting) == kStateConnecting; }
    // Keeps the VM from deciding that nothing can happen while the socket is watched or a
    // timer runs (ports/io_thread.h: pending()).
    void update_hold();

    // ---- options (inet_options.cpp) ----
    // -1: einval, 0: done, 1: deliver what is buffered, 2: try to receive (TCP).
    int set_opts(std::string_view data);
    bool get_opts(std::string_view data, std::string &reply);

    // ---- names (inet_names.cpp) ----
    bool names_control(uint32_t req, std::string_view data, std::string &reply);

    // ---- messages ----
    Term id() const;
    Term owner() const;
    uint16_t new_async_id() { return uint16_t(op_ref_++); }
    // {inet_async, S, Id, Result} to the op's caller.
    void send_async(const AsyncOp &op, Term result);
    void send_async_error(const AsyncOp &op, Term reason);
    // {inet_reply, S, Status} to `to` (a process; nothing for other callers).
    void send_inet_reply(Term to, Term status);
    // Data in the socket's mode: a list, or a binary after hsz header bytes as a list.
    Term data_term(Process &h, std::string_view bytes, size_t extra_header = 0) const;
    // The same as port data ({S, {data, D}}, deliver port): binaries only if the port was
    // opened with the binary option (prim_inet's are; accepted sockets' ports are not).
    Term port_data_term(Process &h, std::string_view bytes) const;
    // {tcp_passive, S} / {udp_passive, S}
    void send_passive();
    // After a delivery in an active mode: once becomes passive, N counts down.
    void check_active_to_passive();
    void send_empty_out_q();
    // Bytes delivered or sent, for getstat.
    void count_input(size_t n);
    void count_output(size_t n);
    // A monitor from the port to a process (its exit comes to monitored_exit).
    uint64_t monitor(Term pid);
    void demonitor(Term pid, uint64_t ref);
    // Starts a timer whose callback runs fn; a running timer counts as pending work.
    void arm(Timer &t, uint64_t ms, std::function<void()> fn);

    Port *port_ = nullptr;
    int fd_ = -1;
    bool prebound_ = false; // given by {fd, Fd}: never closed by the driver
    int state_ = kStateClosed;
    int sfamily_ = -1, stype_ = -1;
    const int sprotocol_;
    Watch watch_;
    bool held_ = false;
    std::vector<Timer *> hold_timers_; // timers that count as pending work

    // options
    int mode_ = kModeList;
    int deliver_ = kDeliverTerm;
    int active_ = kPassive;
    int16_t active_count_ = 0;
    bool exitf_ = true;
    uint8_t htype_ = 0;
    uint32_t psize_ = 0;
    uint32_t hsz_ = 0;
    int bufsz_ = kDefaultBuffer;
    bool buffer_set_ = false;
    char delimiter_ = '\n';
    int recv_cmsgflags_ = 0;
    bool debug_ = false;
    int read_packets_ = 5;                                // UDP
    uint32_t high_ = 8 * 1024, low_ = 4 * 1024;           // TCP output watermarks
    uint32_t msgq_high_ = 8 * 1024, msgq_low_ = 4 * 1024; // kept for getopts
    uint32_t send_timeout_ = kInfinity;
    bool send_timeout_close_ = false;
    bool delay_send_ = false;
    bool show_econnreset_ = false;
    bool linger_zero_ = false;

    // fake names (setsockname/setpeername)
    std::optional<SockAddr> fake_name_, fake_peer_;
    SockAddr remote_;

    // statistics
    uint64_t recv_oct_ = 0, send_oct_ = 0;
    uint32_t recv_cnt_ = 0, recv_max_ = 0, send_cnt_ = 0, send_max_ = 0;
    double recv_avg_ = 0, recv_dvi_ = 0, send_avg_ = 0;

    std::vector<Term> empty_out_q_subs_;
    std::optional<AsyncOp> op_; // erts allows one pending connect/recv per socket
    uint32_t op_ref_ = 0;

  private:
    bool common_control(uint32_t req, std::string_view data, std::string &reply);
    bool fill_stat(std::string_view data, std::string &reply);
    bool subscribe(std::string_view data, std::string &reply);
};

} // namespace hamlet::inet
