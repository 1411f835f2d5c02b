// One frame read from a distribution channel, checked as erts checks it (erts' dist.c and
// external.c): what the engine must do with it, and the text of erl's log line when the
// frame is bad. No state and no locks: the engine calls it on the I/O thread, and the fuzz
// target tests/fuzz/fuzz_dist_frame.cpp on arbitrary bytes.
#pragma once

#include "vm/etf_decode.h"
#include "vm/term.h"

#include <string>
#include <string_view>

namespace hamlet::dist {

enum class FrameVerdict {
    Tick,           // an empty frame
    Ok,             // ctl (and payload, if any) decoded and well formed
    Drop,           // too short to hold a term: the connection is dropped without a word
    Incompatible,   // no 131 after the pass-through byte (erl: an error report)
    CorruptedTerm,  // a term does not decode (erl: a warning report with the bytes)
    InvalidControl, // the terms decode but are no control message (erl: an error report)
};

struct Frame {
    FrameVerdict verdict = FrameVerdict::Drop;
    Term ctl = kNonValue, payload = kNonValue; // payload: kNonValue when absent
    size_t bad_from = 0; // CorruptedTerm: offset of the term that did not decode
};

// Decodes `packet` (one frame without its length: 112, then the control term, then the
// payload for the operations that have one) with terms built through `sink`. `peer` is the
// node at the other end (the pids it sends as its own must be of that node), `self` this
// node's name.
Frame decode_frame(std::string_view packet, Term peer, Term self, TermSink &sink);

// Erl's log text for a bad frame (its report's only line(s), without the final newline),
// with this node's name, the peer's and the channel number erts would print.
std::string bad_frame_text(const Frame &f, std::string_view packet, Term self, Term peer,
                           unsigned channel);

} // namespace hamlet::dist
