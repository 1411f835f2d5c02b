// erlang:crc32/1,2, crc32_combine/3, adler32/1,2 and adler32_combine/3 on the system zlib,
// which computes the same checksums as erts' own copy of it. Checksums and lengths are
// unsigned 32-bit integers; anything else is badarg, as in erts.
#include "bifs/bif.h"
#include "vm/iolist.h"
#include "vm/term_build.h"

#include <algorithm>
#include <string>
#include <zlib.h>

namespace hamlet {

namespace {

bool to_uint32(Term t, uLong *out) {
    if (!is_small(t) || small_value(t) < 0 || small_value(t) > SWord(0xFFFFFFFF)) return false;
    *out = uLong(small_value(t));
    return true;
}

using Update = uLong (*)(uLong, const Bytef *, uInt);

// Runs `update` over iodata in chunks zlib's uInt length can take.
Term checksum(Process *p, uLong start, Term data, Update update) {
    std::string bytes;
    if (!iolist_to_bytes(data, bytes)) return p->badarg();
    uLong sum = start;
    const Bytef *at = reinterpret_cast<const Bytef *>(bytes.data());
    size_t left = bytes.size();
    while (left) {
        uInt n = uInt(std::min<size_t>(left, 1u << 30));
        sum = update(sum, at, n);
        at += n;
        left -= n;
    }
    return make_small(SWord(sum));
}

} // namespace

Term erlang_crc32_1(Process *p, const Term *args) {
    return checksum(p, crc32(0, Z_NULL, 0), args[0], crc32);
}

Term erlang_crc32_2(Process *p, const Term *args) {
    uLong start;
    if (!to_uint32(args[0], &start)) return p->badarg();
    return checksum(p, start, args[1], crc32);
}

Term erlang_adler32_1(Process *p, const Term *args) {
    return checksum(p, adler32(0, Z_NULL, 0), args[0], adler32);
}

Term erlang_adler32_2(Process *p, const Term *args) {
    uLong start;
    if (!to_uint32(args[0], &start)) return p->badarg();
    return checksum(p, start, args[1], adler32);
}

Term erlang_crc32_combine_3(Process *p, const Term *args) {
    uLong a, b, len;
    if (!to_uint32(args[0], &a) || !to_uint32(args[1], &b) || !to_uint32(args[2], &len))
        return p->badarg();
    return make_small(SWord(crc32_combine(a, b, z_off_t(len))));
}

Term erlang_adler32_combine_3(Process *p, const Term *args) {
    uLong a, b, len;
    if (!to_uint32(args[0], &a) || !to_uint32(args[1], &b) || !to_uint32(args[2], &len))
        return p->badarg();
    if (len == 0) return make_small(SWord(a)); // as erts: the first checksum unchanged
    return make_small(SWord(adler32_combine(a, b, z_off_t(len))));
}

} // namespace hamlet
