// Checking a frame from a distribution channel (see frame.h). The rules are erts': the
// pass-through byte is skipped unread, then 131 must follow, each term must decode, and the
// control term must be a tuple whose first element names an operation, with that
// operation's arity and the kinds of terms erts requires in it (pids the peer sends as its
// own must be of the peer; the local side of a signal must be a local pid).
#include "dist/frame.h"

#include "vm/atom_table.h"
#include "vm/term_print.h"

namespace hamlet::dist {

namespace {

bool is_pid(Term t) {
    return is_local_pid(t) || is_boxed_of(t, Subtag::ExtPid);
}
bool is_ref(Term t) {
    return is_boxed_of(t, Subtag::Ref) || is_boxed_of(t, Subtag::ExtRef);
}
Term node_of_ext(Term t) {
    return boxed_ptr(t)[1];
}
// A pid of the peer itself.
bool peer_pid(Term t, Term peer) {
    return is_boxed_of(t, Subtag::ExtPid) && node_of_ext(t) == peer;
}
// A pid of this node: a local pid, or one of an earlier incarnation of this node's name
// (erts ignores signals to those, but they are well formed).
bool own_pid(Term t, Term self) {
    return is_local_pid(t) || (is_boxed_of(t, Subtag::ExtPid) && node_of_ext(t) == self);
}
bool proper_list(Term l) {
    for (size_t n = 0; is_list(l); l = cdr(l))
        if (++n > (size_t(1) << 40)) return false;
    return is_nil(l);
}

struct OpShape {
    int arity;    // the control tuple's, operation number included
    bool payload; // a second term follows
};

// erts' DOP_* numbers (dist.h): arity and payload of each; arity 0 = no such operation.
OpShape shape_of(SWord op) {
    switch (op) {
    case 1:
        return {3, false}; // LINK {1, From, To}
    case 2:
        return {3, true}; // SEND {2, Unused, To}
    case 3:
        return {4, false}; // EXIT {3, From, To, Reason}
    case 4:
        return {3, false}; // UNLINK {4, From, To}
    case 6:
        return {4, true}; // REG_SEND {6, From, Unused, Name}
    case 7:
        return {3, false}; // GROUP_LEADER {7, From, To}
    case 8:
        return {4, false}; // EXIT2 {8, From, To, Reason}
    case 12:
        return {4, true}; // SEND_TT
    case 13:
        return {5, false}; // EXIT_TT
    case 16:
        return {5, true}; // REG_SEND_TT
    case 18:
        return {5, false}; // EXIT2_TT
    case 19:
        return {4, false}; // MONITOR_P {19, From, To, Ref}
    case 20:
        return {4, false}; // DEMONITOR_P
    case 21:
        return {5, false}; // MONITOR_P_EXIT {21, From, To, Ref, Reason}
    case 22:
        return {3, true}; // SEND_SENDER {22, From, To}
    case 23:
        return {4, true}; // SEND_SENDER_TT
    case 24:
        return {3, true}; // PAYLOAD_EXIT {24, From, To}
    case 25:
        return {4, true}; // PAYLOAD_EXIT_TT
    case 26:
        return {3, true}; // PAYLOAD_EXIT2
    case 27:
        return {4, true}; // PAYLOAD_EXIT2_TT
    case 28:
        return {4, true}; // PAYLOAD_MONITOR_P_EXIT {28, From, To, Ref}
    case 29:
        return {6, true}; // SPAWN_REQUEST {29, ReqId, From, GL, MFA, Opts}
    case 30:
        return {7, true}; // SPAWN_REQUEST_TT
    case 31:
        return {5, false}; // SPAWN_REPLY {31, ReqId, To, Flags, Result}
    case 32:
        return {6, false}; // SPAWN_REPLY_TT
    case 33:
        return {3, true}; // ALIAS_SEND {33, From, Alias}
    case 34:
        return {4, true}; // ALIAS_SEND_TT
    case 35:
        return {4, false}; // UNLINK_ID {35, Id, From, To}
    case 36:
        return {4, false}; // UNLINK_ID_ACK
    default:
        return {0, false};
    }
}

// The kinds of terms erts requires in control message c (arity already checked).
bool well_formed(SWord op, const Term *c, Term peer, Term self) {
    switch (op) {
    case 1: // LINK
    case 4: // UNLINK
        return peer_pid(c[1], peer) && own_pid(c[2], self);
    case 2:
    case 12:
    case 22:
    case 23: // SEND, SEND_TT, SEND_SENDER(_TT)
        return is_pid(c[2]);
    case 3:
    case 13:
    case 24:
    case 25: // EXIT, PAYLOAD_EXIT (_TT)
        return peer_pid(c[1], peer) && is_local_pid(c[2]);
    case 6:
    case 16: // REG_SEND(_TT)
        return is_pid(c[1]) && is_atom(c[3]);
    case 7: // GROUP_LEADER
        return is_pid(c[1]) && is_pid(c[2]);
    case 8:
    case 18:
    case 26:
    case 27: // EXIT2, PAYLOAD_EXIT2 (_TT)
        return peer_pid(c[1], peer) && own_pid(c[2], self);
    case 19: // MONITOR_P
        return peer_pid(c[1], peer) && is_ref(c[3]) && (own_pid(c[2], self) || is_atom(c[2]));
    case 20: // DEMONITOR_P
        return is_ref(c[3]) && peer_pid(c[1], peer) && (own_pid(c[2], self) || is_atom(c[2]));
    case 21:
    case 28: // MONITOR_P_EXIT, PAYLOAD_MONITOR_P_EXIT
        return is_ref(c[3]) && (peer_pid(c[1], peer) || is_atom(c[1])) && own_pid(c[2], self);
    case 29:
    case 30: { // SPAWN_REQUEST(_TT)
        if (!is_boxed_of(c[1], Subtag::ExtRef) || !peer_pid(c[2], peer) || !is_pid(c[3]))
            return false;
        if (!is_tuple(c[4]) || tuple_arity(c[4]) != 3) return false;
        const Term *mfa = tuple_elements(c[4]);
        return is_atom(mfa[0]) && is_atom(mfa[1]) && is_small(mfa[2]) && proper_list(c[5]);
    }
    case 31:
    case 32: // SPAWN_REPLY(_TT)
        return is_boxed_of(c[1], Subtag::Ref) && own_pid(c[2], self) && is_small(c[3]) &&
               (peer_pid(c[4], peer) || is_atom(c[4]));
    case 33:
    case 34: // ALIAS_SEND(_TT)
        return is_ref(c[2]);
    case 35:
    case 36: // UNLINK_ID(_ACK): a non-zero 64-bit id
        if (!(is_small(c[1]) && small_value(c[1]) > 0) && !is_bignum(c[1])) return false;
        return peer_pid(c[2], peer) && own_pid(c[3], self);
    default:
        return false;
    }
}

} // namespace

Frame decode_frame(std::string_view packet, Term peer, Term self, TermSink &sink) {
    Frame f;
    if (packet.empty()) {
        f.verdict = FrameVerdict::Tick;
        return f;
    }
    // erts skips the pass-through byte without looking at it.
    const auto *data = reinterpret_cast<const uint8_t *>(packet.data());
    size_t size = packet.size();
    if (size - 1 < 2) return f; // Drop
    if (data[1] != 131) {
        f.verdict = FrameVerdict::Incompatible;
        return f;
    }
    EtfResult ctl = etf_decode(data + 1, size - 1, sink);
    if (!ctl.ok()) {
        f.verdict = FrameVerdict::CorruptedTerm;
        f.bad_from = 1;
        return f;
    }
    f.ctl = ctl.term;
    Term t = ctl.term;
    if (!is_tuple(t) || tuple_arity(t) < 1 || !is_small(tuple_elements(t)[0])) {
        f.verdict = FrameVerdict::InvalidControl;
        return f;
    }
    const Term *c = tuple_elements(t);
    SWord op = small_value(c[0]);
    OpShape shape = shape_of(op);
    if (shape.arity == 0 || tuple_arity(t) != size_t(shape.arity) ||
        !well_formed(op, c, peer, self)) {
        f.verdict = FrameVerdict::InvalidControl;
        return f;
    }
    if (shape.payload) {
        size_t at = 1 + ctl.consumed;
        EtfResult pl = at < size ? etf_decode(data + at, size - at, sink) : EtfResult{};
        if (at >= size || data[at] != 131 || !pl.ok()) {
            f.verdict = FrameVerdict::CorruptedTerm;
            f.bad_from = at;
            return f;
        }
        f.payload = pl.term;
    }
    f.verdict = FrameVerdict::Ok;
    return f;
}

std::string bad_frame_text(const Frame &f, std::string_view packet, Term self, Term peer,
                           unsigned channel) {
    switch (f.verdict) {
    case FrameVerdict::Incompatible:
        return "** Got message from incompatible erlang on channel " + std::to_string(channel) +
               "\n";
    case FrameVerdict::CorruptedTerm: {
        std::string s = display_text(self) + " got a corrupted external term from " +
                        display_text(peer) + " on distribution channel " + std::to_string(channel) +
                        "\n";
        for (size_t i = f.bad_from; i < packet.size(); ++i) {
            s += i == f.bad_from ? "<<...," : ",";
            s += std::to_string(uint8_t(packet[i]));
        }
        s += ">>\nATOM_CACHE_REF translations: none";
        return s;
    }
    case FrameVerdict::InvalidControl:
        return "Invalid distribution message: " + display_text(f.ctl);
    default:
        return {};
    }
}

} // namespace hamlet::dist
