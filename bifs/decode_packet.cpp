// erlang:decode_packet/3 on the inet driver's packet parser (inet/packet_parser.h):
//   {ok, Packet, Rest} | {more, Length | undefined} | {error, invalid}
#include "bifs/bif.h"
#include "inet/packet_parser.h"
#include "vm/atom_table.h"
#include "vm/binary.h"
#include "vm/bits.h"
#include "vm/term_build.h"

#include <climits>
#include <vector>

namespace hamlet {

namespace {

bool packet_type(Term t, packet::Type *out) {
    using packet::Type;
    static const struct {
        Term name;
        Type type;
    } kNames[] = {
        {atom_of("raw"), Type::Raw},
        {atom_of("asn1"), Type::Asn1},
        {atom_of("sunrm"), Type::SunRm},
        {atom_of("cdr"), Type::Cdr},
        {atom_of("fcgi"), Type::Fcgi},
        {atom_of("line"), Type::Line},
        {atom_of("tpkt"), Type::Tpkt},
        {atom_of("http"), Type::Http},
        {atom_of("httph"), Type::Httph},
        {atom_of("http_bin"), Type::HttpBin},
        {atom_of("httph_bin"), Type::HttphBin},
        {atom_of("ssl_tls"), Type::SslTls},
    };
    if (is_small(t)) {
        switch (small_value(t)) {
        case 0:
            *out = Type::Raw;
            return true;
        case 1:
            *out = Type::One;
            return true;
        case 2:
            *out = Type::Two;
            return true;
        case 4:
            *out = Type::Four;
            return true;
        default:
            return false;
        }
    }
    for (auto &n : kNames)
        if (n.name == t) {
            *out = n.type;
            return true;
        }
    return false;
}

} // namespace

Term erlang_decode_packet_3(Process *p, const Term *args) {
    static const Term kBadopt = atom_of("badopt"), kPacketSize = atom_of("packet_size"),
                      kLineLength = atom_of("line_length"),
                      kLineDelimiter = atom_of("line_delimiter"), kMore = atom_of("more"),
                      kInvalid = atom_of("invalid");
    packet::Type type;
    if (!packet_type(args[0], &type)) return p->badarg_cause(kBadopt);
    if (!is_bitstring(args[1]) || !(is_list(args[2]) || is_nil(args[2]))) return p->badarg();
    uint32_t max_len = 0, trunc_len = 0;
    char delimiter = '\n';
    Term opts = args[2];
    for (; is_list(opts); opts = cdr(opts)) {
        Term o = car(opts);
        if (!is_tuple(o) || tuple_arity(o) != 2) return p->badarg();
        Term key = tuple_elements(o)[0], v = tuple_elements(o)[1];
        if (!is_small(v) || small_value(v) < 0 || small_value(v) > SWord(UINT_MAX))
            return p->badarg();
        uint32_t value = uint32_t(small_value(v));
        if (key == kPacketSize) {
            max_len = value;
        } else if (key == kLineLength) {
            trunc_len = value;
        } else if (key == kLineDelimiter && type == packet::Type::Line && value <= 255) {
            delimiter = char(value);
        } else {
            return p->badarg();
        }
    }
    if (!is_nil(opts)) return p->badarg();

    BitView v = bit_view(args[1]);
    size_t size = v.bit_size / 8;
    std::vector<uint8_t> copy;
    const uint8_t *bytes = v.bytes();
    if (!v.byte_aligned()) {
        copy.resize(size + 1);
        copy_bits(copy.data(), 0, v.base, v.bit_offset, size * 8);
        bytes = copy.data();
    }
    std::string_view data(reinterpret_cast<const char *>(bytes), size);
    bool http_header = false;
    int64_t len = packet::length(type, data, max_len, trunc_len, delimiter, &http_header);
    if (len < 0) return make_tuple(p, {atom::error, kInvalid});
    if (len == 0 || size_t(len) > size)
        return make_tuple(p, {kMore, len == 0 ? atom::undefined : make_int64(p, len)});

    std::string_view packet_bytes = data.substr(0, size_t(len));
    Term result;
    if (packet::is_http(type)) {
        bool bin = type == packet::Type::HttpBin || type == packet::Type::HttphBin;
        packet::HttpLine line;
        result = packet::parse_http(packet_bytes, &http_header, &line)
                     ? packet::http_term(p, line, bin)
                     : packet::http_error_term(p, packet_bytes, bin);
    } else if (type == packet::Type::SslTls) {
        result = packet::ssl_tls_term(p, kNil, packet_bytes);
    } else {
        std::string_view body = packet::body(type, packet_bytes);
        size_t offset = size_t(body.data() - data.data());
        result = make_sub_binary(p, args[1], offset * 8, body.size() * 8);
    }
    // The rest keeps the bits after the last whole byte.
    Term rest = make_sub_binary(p, args[1], size_t(len) * 8, v.bit_size - size_t(len) * 8);
    return make_tuple(p, {atom::ok, result, rest});
}

} // namespace hamlet
