// The packet parser (inet/packet_parser.h): packet lengths of every {packet, Type}, HTTP
// lines and SSL/TLS records, as erts' packet_parser.c splits and reads them.
#include "inet/packet_parser.h"

#include "vm/atom_table.h"
#include "vm/term_build.h"

#include <array>
#include <cstring>

namespace hamlet::packet {

namespace {

uint32_t be(std::string_view s, size_t at, size_t bytes) {
    uint32_t v = 0;
    for (size_t i = 0; i < bytes; ++i)
        v = v << 8 | static_cast<unsigned char>(s[at + i]);
    return v;
}

// A length-prefixed packet: header bytes plus body, checked against max_len. The total must
// fit a signed 32-bit length, as in erts (a 4-byte length of 2 GB or more is invalid).
int64_t framed(uint32_t header, uint32_t body, uint32_t max_len) {
    if (max_len != 0 && body > max_len) return -1;
    int32_t total = int32_t(header + body);
    if (total < int32_t(header)) return -1;
    return total;
}

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// RFC 2616's separators and controls: what ends a token (methods, header names).
bool is_separator(unsigned char c) {
    if (c <= 32 || c >= 127) return true;
    return std::strchr("()<>@,;:\\\"/[]?={}", c) != nullptr;
}

int64_t line_length(std::string_view data, uint32_t max_len, uint32_t trunc_len, char delim) {
    size_t n = data.size();
    const void *end = std::memchr(data.data(), delim, n);
    if (!end) {
        if (max_len != 0 && n > max_len) return -1;
        if (trunc_len != 0 && n >= trunc_len) return trunc_len;
        return 0;
    }
    size_t len = size_t(static_cast<const char *>(end) - data.data()) + 1;
    if (max_len != 0 && len > max_len) return -1;
    if (trunc_len != 0 && len > trunc_len) return trunc_len;
    return int64_t(len);
}

// An HTTP line: up to its LF; within headers, lines that continue (start with a space or
// tab) belong to it, so a header line is only complete once the next byte is known.
int64_t http_length(std::string_view data, uint32_t max_len, uint32_t trunc_len, bool header) {
    size_t n = data.size();
    if ((n == 1 && data[0] == '\n') || (n == 2 && data[0] == '\r' && data[1] == '\n'))
        return int64_t(n);
    if (max_len == 0) max_len = trunc_len; // decode_packet's old line_length limit
    size_t from = 0;
    for (;;) {
        size_t nl = data.find('\n', from);
        if (nl == std::string_view::npos) {
            if (max_len != 0 && n >= max_len) return -1;
            return 0;
        }
        size_t len = nl + 1;
        if (!header || len < n) {
            if (header && len > 2 && is_space(data[len])) {
                from = len; // a continuation line
                continue;
            }
            if (max_len != 0 && len > max_len) return -1;
            return int64_t(len);
        }
        if (max_len != 0 && len > max_len) return -1;
        return 0;
    }
}

int64_t asn1_length(std::string_view d, uint32_t max_len) {
    size_t n = d.size();
    if (n < 2) return 0;
    size_t at = 1;
    if ((static_cast<unsigned char>(d[0]) & 0x1f) == 0x1f) { // tag in several bytes
        while (at < n && (static_cast<unsigned char>(d[at]) & 0x80))
            ++at;
        if (n - at < 2) return 0;
        ++at;
    }
    unsigned char first = static_cast<unsigned char>(d[at]);
    uint32_t body;
    if (first & 0x80) { // long form: the next (first & 0x7f) bytes
        size_t count = first & 0x7f;
        ++at;
        if (n - at < count) return 0;
        if (count > 4) return -1;
        body = be(d, at, count);
        at += count;
    } else {
        body = first;
        ++at;
    }
    return framed(uint32_t(at), body, max_len);
}

} // namespace

int64_t length(Type type, std::string_view d, uint32_t max_len, uint32_t trunc_len, char delimiter,
               bool *http_header) {
    size_t n = d.size();
    switch (type) {
    case Type::Raw:
        return int64_t(n);
    case Type::One:
        return n < 1 ? 0 : framed(1, be(d, 0, 1), max_len);
    case Type::Two:
        return n < 2 ? 0 : framed(2, be(d, 0, 2), max_len);
    case Type::Four:
        return n < 4 ? 0 : framed(4, be(d, 0, 4), max_len);
    case Type::SunRm: // the top bit marks the last fragment of a record
        return n < 4 ? 0 : framed(4, be(d, 0, 4) & 0x7fffffff, max_len);
    case Type::Line:
        return line_length(d, max_len, trunc_len, delimiter);
    case Type::Asn1:
        return asn1_length(d, max_len);
    case Type::Cdr: { // GIOP: magic, version, flags (bit 0: little-endian), type, size
        if (n < 12) return 0;
        if (d.substr(0, 4) != "GIOP") return -1;
        uint32_t size = be(d, 8, 4);
        if (d[6] & 1) size = __builtin_bswap32(size);
        return framed(12, size, max_len);
    }
    case Type::Fcgi: { // version 1 records: content length and padding
        if (n < 8) return 0;
        if (d[0] != 1) return -1;
        return framed(8, be(d, 4, 2) + static_cast<unsigned char>(d[6]), max_len);
    }
    case Type::Tpkt: { // RFC 1006: version 3, a reserved byte, the total length
        if (n < 4) return 0;
        if (d[0] != 3) return -1;
        return framed(4, be(d, 2, 2) - 4, max_len);
    }
    case Type::SslTls: {
        if (n < 5) return 0;
        if ((d[0] & 0x80) && d[2] == 1) // an SSLv2 client hello: 15-bit length
            return framed(5, (be(d, 0, 2) & 0x7fff) - 3, max_len);
        return framed(5, be(d, 3, 2), max_len);
    }
    case Type::Httph:
    case Type::HttphBin:
        *http_header = true;
        return http_length(d, max_len, trunc_len, true);
    case Type::Http:
    case Type::HttpBin:
        return http_length(d, max_len, trunc_len, *http_header);
    }
    return -1;
}

std::string_view body(Type type, std::string_view p) {
    switch (type) {
    case Type::One:
        return p.substr(1);
    case Type::Two:
        return p.substr(2);
    case Type::Four:
        return p.substr(4);
    case Type::Fcgi:
        return p.substr(0, p.size() - static_cast<unsigned char>(p[6]));
    default:
        return p;
    }
}

// ---- HTTP ----

namespace {

// The methods and headers erts reports as atoms (a header's bit is its position + 1).
constexpr std::array<const char *, 7> kMethods = {"OPTIONS", "GET",    "HEAD", "POST",
                                                  "PUT",     "DELETE", "TRACE"};
constexpr std::array<const char *, 52> kHeaders = {"Cache-Control",
                                                   "Connection",
                                                   "Date",
                                                   "Pragma",
                                                   "Transfer-Encoding",
                                                   "Upgrade",
                                                   "Via",
                                                   "Accept",
                                                   "Accept-Charset",
                                                   "Accept-Encoding",
                                                   "Accept-Language",
                                                   "Authorization",
                                                   "From",
                                                   "Host",
                                                   "If-Modified-Since",
                                                   "If-Match",
                                                   "If-None-Match",
                                                   "If-Range",
                                                   "If-Unmodified-Since",
                                                   "Max-Forwards",
                                                   "Proxy-Authorization",
                                                   "Range",
                                                   "Referer",
                                                   "User-Agent",
                                                   "Age",
                                                   "Location",
                                                   "Proxy-Authenticate",
                                                   "Public",
                                                   "Retry-After",
                                                   "Server",
                                                   "Vary",
                                                   "Warning",
                                                   "Www-Authenticate",
                                                   "Allow",
                                                   "Content-Base",
                                                   "Content-Encoding",
                                                   "Content-Language",
                                                   "Content-Length",
                                                   "Content-Location",
                                                   "Content-Md5",
                                                   "Content-Range",
                                                   "Content-Type",
                                                   "Etag",
                                                   "Expires",
                                                   "Last-Modified",
                                                   "Accept-Ranges",
                                                   "Set-Cookie",
                                                   "Set-Cookie2",
                                                   "X-Forwarded-For",
                                                   "Cookie",
                                                   "Keep-Alive",
                                                   "Proxy-Connection"};
constexpr size_t kMaxHeaderName = 50;

template <size_t N> int find_name(const std::array<const char *, N> &table, std::string_view s) {
    for (size_t i = 0; i < N; ++i)
        if (s == table[i]) return int(i);
    return -1;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Digits at s[at...]: their value (wrapping as a 32-bit int, as erts' int does) and count.
size_t digits(std::string_view s, size_t at, int32_t *value) {
    uint32_t v = 0;
    size_t i = at;
    while (i < s.size() && is_digit(s[i]))
        v = v * 10 + uint32_t(s[i++] - '0');
    *value = int32_t(v);
    return i - at;
}

size_t skip_spaces(std::string_view s, size_t at) {
    while (at < s.size() && is_space(s[at]))
        ++at;
    return at;
}

// "Major.Minor" at s[*at]: false if either number is missing.
bool version(std::string_view s, size_t *at, HttpLine *out) {
    size_t n = digits(s, *at, &out->major);
    if (n == 0) return false;
    *at += n;
    if (*at >= s.size() || s[*at] != '.') return false;
    ++*at;
    n = digits(s, *at, &out->minor);
    if (n == 0) return false;
    *at += n;
    return true;
}

bool starts_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

// host[:port][/path] after http:// or https://
void absolute_uri(std::string_view rest, HttpUri *uri) {
    size_t slash = rest.find('/');
    std::string_view host = rest;
    if (slash == std::string_view::npos) {
        uri->s2 = "/";
    } else {
        uri->s2 = rest.substr(slash);
        host = rest.substr(0, slash);
    }
    size_t colon = host.find(':');
    uri->port = 0;
    if (colon == std::string_view::npos) {
        uri->s1 = host;
        return;
    }
    uri->s1 = host.substr(0, colon);
    std::string_view digits_part = host.substr(colon + 1);
    uint32_t port = 0;
    size_t i = 0;
    while (i < digits_part.size() && is_digit(digits_part[i]))
        port = port * 10 + uint32_t(digits_part[i++] - '0');
    if (i == digits_part.size() && port != 0) uri->port = port;
}

void parse_uri(std::string_view s, HttpUri *uri) {
    if (s == "*") {
        uri->kind = HttpUri::Star;
    } else if (s.size() <= 1 || s[0] == '/') {
        uri->kind = HttpUri::AbsPath;
        uri->s1 = s;
    } else if (starts_nocase(s, "http://")) {
        uri->kind = HttpUri::Http;
        absolute_uri(s.substr(7), uri);
    } else if (starts_nocase(s, "https://")) {
        uri->kind = HttpUri::Https;
        absolute_uri(s.substr(8), uri);
    } else if (size_t colon = s.find(':'); colon != std::string_view::npos) {
        uri->kind = HttpUri::Scheme;
        uri->s1 = s.substr(0, colon);
        uri->s2 = s.substr(colon + 1);
    } else {
        uri->kind = HttpUri::String;
        uri->s1 = s;
    }
}

bool status_line(std::string_view s, HttpLine *out) {
    size_t at = 5; // after "HTTP/"
    if (!version(s, &at, out)) return false;
    size_t spaces = skip_spaces(s, at);
    if (spaces == at) return false;
    at = spaces + digits(s, spaces, &out->status);
    spaces = skip_spaces(s, at);
    if (spaces == at && at < s.size()) return false;
    out->kind = HttpLine::Response;
    out->phrase = s.substr(spaces);
    return true;
}

bool request_line(std::string_view s, HttpLine *out) {
    size_t at = 0;
    while (at < s.size() && !is_separator(static_cast<unsigned char>(s[at])))
        ++at;
    if (at == s.size() || at == 0 || !is_space(s[at])) return false;
    out->method_text = s.substr(0, at);
    out->method = find_name(kMethods, out->method_text);
    at = skip_spaces(s, at);
    size_t uri_start = at;
    while (at < s.size() && !is_space(s[at]))
        ++at;
    if (at == uri_start) return false;
    std::string_view uri = s.substr(uri_start, at - uri_start);
    at = skip_spaces(s, at);
    out->kind = HttpLine::Request;
    if (at == s.size()) { // HTTP/0.9: no version
        out->major = 0;
        out->minor = 9;
    } else {
        if (s.size() - at < 8 || s.substr(at, 5) != "HTTP/") return false;
        at += 5;
        if (!version(s, &at, out)) return false;
    }
    parse_uri(uri, &out->uri);
    return true;
}

bool header_line(std::string_view s, HttpLine *out) {
    size_t at = 0;
    bool upper = true;
    out->name.clear();
    while (!is_separator(static_cast<unsigned char>(s[at]))) {
        char c = s[at];
        if (out->name.size() < kMaxHeaderName) {
            if (upper) {
                c = char(std::toupper(static_cast<unsigned char>(c)));
                upper = false;
            } else {
                c = char(std::tolower(static_cast<unsigned char>(c)));
                upper = c == '-';
            }
            out->name.push_back(c);
        }
        if (++at == s.size()) return false;
    }
    if (s[at] != ':') return false;
    out->original_name = s.substr(0, at);
    if (at <= kMaxHeaderName) {
        out->header = find_name(kHeaders, out->name);
    } else { // too long to look up: the name as it came
        out->name.assign(out->original_name);
        out->header = -1;
    }
    out->kind = HttpLine::Header;
    out->value = s.substr(skip_spaces(s, at + 1));
    return true;
}

} // namespace

bool parse_http(std::string_view packet, bool *http_header, HttpLine *out) {
    std::string_view s = packet;
    if (s.size() >= 2 && s[s.size() - 2] == '\r')
        s.remove_suffix(2);
    else if (!s.empty() && s.back() == '\n')
        s.remove_suffix(1);
    if (!*http_header) {
        bool ok =
            s.size() >= 5 && s.substr(0, 5) == "HTTP/" ? status_line(s, out) : request_line(s, out);
        if (ok) *http_header = true;
        return ok;
    }
    if (s.empty()) {
        *http_header = false; // ready for the next message
        out->kind = HttpLine::EndOfHeaders;
        return true;
    }
    return header_line(s, out);
}

namespace {

Term http_string(Process *h, std::string_view s, bool binary) {
    return binary ? make_binary(h, s.data(), s.size()) : make_string(h, s);
}

Term uri_term(Process *h, const HttpUri &u, bool bin) {
    static const Term kStar = atom_of("*"), kAbsPath = atom_of("abs_path"),
                      kAbsoluteUri = atom_of("absoluteURI"), kHttp = atom_of("http"),
                      kHttps = atom_of("https"), kScheme = atom_of("scheme");
    switch (u.kind) {
    case HttpUri::Star:
        return kStar;
    case HttpUri::AbsPath:
        return make_tuple(h, {kAbsPath, http_string(h, u.s1, bin)});
    case HttpUri::Http:
    case HttpUri::Https:
        return make_tuple(
            h, {kAbsoluteUri, u.kind == HttpUri::Http ? kHttp : kHttps, http_string(h, u.s1, bin),
                u.port ? make_small(SWord(u.port)) : atom::undefined, http_string(h, u.s2, bin)});
    case HttpUri::Scheme:
        return make_tuple(h, {kScheme, http_string(h, u.s1, bin), http_string(h, u.s2, bin)});
    case HttpUri::String:
        break;
    }
    return http_string(h, u.s1, bin);
}

} // namespace

Term http_term(Process *h, const HttpLine &l, bool bin) {
    static const Term kEoh = atom_of("http_eoh"), kRequest = atom_of("http_request"),
                      kResponse = atom_of("http_response"), kHeader = atom_of("http_header");
    switch (l.kind) {
    case HttpLine::EndOfHeaders:
        return kEoh;
    case HttpLine::Response:
        return make_tuple(h, {kResponse, make_tuple(h, {make_small(l.major), make_small(l.minor)}),
                              make_small(l.status), http_string(h, l.phrase, bin)});
    case HttpLine::Request: {
        Term method = l.method >= 0 ? atom_of(kMethods[size_t(l.method)])
                                    : http_string(h, l.method_text, bin);
        return make_tuple(h, {kRequest, method, uri_term(h, l.uri, bin),
                              make_tuple(h, {make_small(l.major), make_small(l.minor)})});
    }
    case HttpLine::Header: {
        Term bit = make_small(l.header + 1);
        Term name =
            l.header >= 0 ? atom_of(kHeaders[size_t(l.header)]) : http_string(h, l.name, bin);
        return make_tuple(h, {kHeader, bit, name, http_string(h, l.original_name, bin),
                              http_string(h, l.value, bin)});
    }
    }
    return atom::undefined;
}

Term http_error_term(Process *h, std::string_view packet, bool bin) {
    static const Term kError = atom_of("http_error");
    return make_tuple(h, {kError, http_string(h, packet, bin)});
}

Term ssl_tls_term(Process *h, Term second, std::string_view p) {
    static const Term kSslTls = atom_of("ssl_tls");
    unsigned type, major, minor;
    std::string data;
    if ((p[0] & 0x80) && p[2] == 1) { // SSLv2 client hello: <<1, Length:24, Data>>
        type = 22;
        major = static_cast<unsigned char>(p[3]);
        minor = static_cast<unsigned char>(p[4]);
        size_t n = p.size() - 3;
        data.push_back(1);
        data.push_back(char(n >> 16));
        data.push_back(char(n >> 8));
        data.push_back(char(n));
        data.append(p.substr(3));
    } else {
        type = static_cast<unsigned char>(p[0]);
        major = static_cast<unsigned char>(p[1]);
        minor = static_cast<unsigned char>(p[2]);
        data.assign(p.substr(5));
    }
    return make_tuple(h, {kSslTls, second, make_small(SWord(type)),
                          make_tuple(h, {make_small(SWord(major)), make_small(SWord(minor))}),
                          make_binary(h, data.data(), data.size())});
}

} // namespace hamlet::packet
