// libFuzzer entry point for the distribution frame decoder (dist/frame.cpp): decode_frame()
// on arbitrary bytes, as a peer 'peer@host' would send them after the handshake, must give
// a verdict and never crash, hang or allocate without bound; a bad verdict must have erl's
// log text (bad_frame_text), a good one a control tuple with the operation's payload.
// Seeds: tests/fuzz/corpus/dist_frame/ (tests/dist/dist_frame_seeds.erl); run via
// tools/fuzz-smoke.sh.
#include "dist/frame.h"
#include "vm/atom_table.h"
#include "vm/literal_area.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace hamlet;
using namespace hamlet::dist;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const Term peer = *AtomTable::global().intern("peer@host"),
                      self = *AtomTable::global().intern("self@host");
    std::string_view packet(reinterpret_cast<const char *>(data), size);
    LiteralArea area;
    Frame f = decode_frame(packet, peer, self, area);
    std::string text = bad_frame_text(f, packet, self, peer, 42);
    bool bad = f.verdict == FrameVerdict::Incompatible ||
               f.verdict == FrameVerdict::CorruptedTerm ||
               f.verdict == FrameVerdict::InvalidControl;
    if (bad == text.empty()) {
        std::fprintf(stderr, "fuzz_dist_frame: verdict %d with text '%s'\n", int(f.verdict),
                     text.c_str());
        std::abort();
    }
    if (f.verdict == FrameVerdict::Ok &&
        (!is_tuple(f.ctl) || !is_small(tuple_elements(f.ctl)[0]))) {
        std::fprintf(stderr, "fuzz_dist_frame: accepted a control message that is no tuple\n");
        std::abort();
    }
    if (f.verdict == FrameVerdict::Tick && size != 0) std::abort();
    if (f.verdict == FrameVerdict::CorruptedTerm && f.bad_from > size) std::abort();
    return 0;
}
