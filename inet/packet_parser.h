// The packet parser: where one packet ends in a byte stream, and what an HTTP line or an
// SSL/TLS record says. One parser serves the tcp_inet driver ({packet, Type} sockets) and
// erlang:decode_packet/3, as in erts, so both split and parse alike.
//
// Packet types are prim_inet's numbers (TCP_PB_* in lib/kernel/src/inet_int.hrl).
#pragma once

#include "vm/process.h"
#include "vm/term.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hamlet::packet {

enum class Type : uint8_t {
    Raw = 0,
    One = 1,
    Two = 2,
    Four = 3,
    Asn1 = 4,
    SunRm = 5,
    Cdr = 6,
    Fcgi = 7,
    Line = 8,
    Tpkt = 9,
    Http = 10,
    Httph = 11,
    SslTls = 12,
    HttpBin = 13,
    HttphBin = 14,
};
constexpr uint32_t kLastType = 14;

inline bool is_http(Type t) {
    return t == Type::Http || t == Type::Httph || t == Type::HttpBin || t == Type::HttphBin;
}

// The length of the first packet of `data` (header included):
//   > 0  the packet's length; it may be more than data.size() (that many bytes are needed)
//   = 0  unknown yet: more bytes are needed
//   < 0  the bytes are not a valid packet of this type, or it is longer than max_len
// max_len limits the packet body (0: no limit); trunc_len cuts lines (line, and HTTP when
// max_len is 0) that are longer (0: no limit). http_header is the HTTP parser's state: false
// while a request or status line is expected, true within the headers (httph starts there).
int64_t length(Type type, std::string_view data, uint32_t max_len, uint32_t trunc_len,
               char delimiter, bool *http_header);

// The packet's body: without its length header (1, 2, 4) or an FCGI record's padding.
std::string_view body(Type type, std::string_view packet);

// ---- HTTP ----

struct HttpUri {
    enum Kind { Star, String, AbsPath, Scheme, Http, Https } kind = String;
    std::string_view s1, s2; // path or host and path, or scheme and the rest
    uint32_t port = 0;       // 0: not given
};

struct HttpLine {
    enum Kind { Response, Request, Header, EndOfHeaders } kind = EndOfHeaders;
    int32_t major = 0, minor = 0;
    int32_t status = 0;
    std::string_view phrase;
    int method = -1; // index in the method table, -1: method_text is the method
    std::string_view method_text;
    HttpUri uri;
    int header = -1;  // index in the header table, -1: name is the (normalised) name
    std::string name; // the name, first letters upper case, others lower case
    std::string_view original_name, value;
};

// Parses one HTTP packet (a whole line, as length() found it). False when the line is not
// valid HTTP (the caller reports {http_error, Line}). Updates http_header.
bool parse_http(std::string_view packet, bool *http_header, HttpLine *out);

// The term for a parsed line: http_eoh, {http_request, M, Uri, {Maj, Min}},
// {http_response, {Maj, Min}, Status, Phrase} or {http_header, Bit, Name, Orig, Value},
// with strings as binaries when binary_strings. {http_error, Line} from http_error_term.
Term http_term(Process *h, const HttpLine &line, bool binary_strings);
Term http_error_term(Process *h, std::string_view packet, bool binary_strings);

// ---- SSL/TLS ----

// {ssl_tls, Second, ContentType, {Major, Minor}, Bin} for one record (an SSLv2 client
// hello is given as a handshake record, as erts does).
Term ssl_tls_term(Process *h, Term second, std::string_view packet);

} // namespace hamlet::packet
