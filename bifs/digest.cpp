// erlang:md5/1: the MD5 digest of iodata (OpenSSL's EVP interface, as the loader uses for
// module MD5s); erlang:md5_init/0, md5_update/2 and md5_final/1 below.
#include "bifs/bif.h"
#include "vm/iolist.h"
#include "vm/term_build.h"

#include <openssl/evp.h>

namespace hamlet {

Term erlang_md5_1(Process *p, const Term *args) {
    std::string bytes;
    if (!iolist_to_bytes(args[0], bytes)) return p->badarg();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_md5(), nullptr))
        return p->badarg();
    return make_binary(p, digest, len);
}

} // namespace hamlet

// ---- erlang:md5_init/0, md5_update/2, md5_final/1 ----
//
// The context is a binary whose bytes are erts' MD5 context (RFC 1321's reference layout,
// 88 bytes): the four state words, the message length in bits as two words (low, high),
// then the 64-byte block buffer, words little-endian. Programs see (and may store or send)
// these bytes, so Hamlet keeps them byte for byte, including the buffer's stale bytes past
// the pending input, which the reference code never clears.

#include <array>
#include <cstring>

namespace hamlet {

namespace {

constexpr size_t kMd5ContextSize = 88;

struct Md5Context {
    uint32_t state[4];
    uint32_t count[2]; // length in bits, low word first
    uint8_t buffer[64];

    static uint32_t get32(const uint8_t *p) {
        return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    }
    static void put32(uint8_t *p, uint32_t v) {
        for (int i = 0; i < 4; ++i)
            p[i] = uint8_t(v >> (8 * i));
    }

    void init() {
        state[0] = 0x67452301;
        state[1] = 0xefcdab89;
        state[2] = 0x98badcfe;
        state[3] = 0x10325476;
        count[0] = count[1] = 0;
        std::memset(buffer, 0, sizeof buffer);
    }
    void load(const uint8_t *bytes) {
        for (int i = 0; i < 4; ++i)
            state[i] = get32(bytes + 4 * i);
        for (int i = 0; i < 2; ++i)
            count[i] = get32(bytes + 16 + 4 * i);
        std::memcpy(buffer, bytes + 24, 64);
    }
    void store(uint8_t *bytes) const {
        for (int i = 0; i < 4; ++i)
            put32(bytes + 4 * i, state[i]);
        for (int i = 0; i < 2; ++i)
            put32(bytes + 16 + 4 * i, count[i]);
        std::memcpy(bytes + 24, buffer, 64);
    }

    // One 64-byte block into the state (RFC 1321, section 3.4).
    void transform(const uint8_t *block) {
        static constexpr uint32_t kSine[64] = {
            0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
            0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
            0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
            0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
            0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
            0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
            0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
            0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
            0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
            0xeb86d391};
        static constexpr int kShift[4][4] = {
            {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};
        uint32_t m[16];
        for (int i = 0; i < 16; ++i)
            m[i] = get32(block + 4 * i);
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        for (int i = 0; i < 64; ++i) {
            int round = i / 16;
            uint32_t f;
            int k;
            switch (round) {
            case 0:
                f = (b & c) | (~b & d), k = i;
                break;
            case 1:
                f = (b & d) | (c & ~d), k = (5 * i + 1) % 16;
                break;
            case 2:
                f = b ^ c ^ d, k = (3 * i + 5) % 16;
                break;
            default:
                f = c ^ (b | ~d), k = (7 * i) % 16;
                break;
            }
            uint32_t sum = a + f + kSine[i] + m[k];
            int s = kShift[round][i % 4];
            uint32_t rotated = (sum << s) | (sum >> (32 - s));
            a = d;
            d = c;
            c = b;
            b = b + rotated;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }

    // Buffers and hashes input the way the reference code does: a partial block is
    // completed in the buffer, whole blocks are hashed straight from the input, and the
    // tail is copied to the start of the buffer.
    void update(const uint8_t *input, size_t len) {
        size_t index = (count[0] >> 3) & 63;
        uint64_t bits = (uint64_t(count[1]) << 32 | count[0]) + (uint64_t(len) << 3);
        count[0] = uint32_t(bits);
        count[1] = uint32_t(bits >> 32);
        size_t part = 64 - index, i = 0;
        if (len >= part) {
            std::memcpy(buffer + index, input, part);
            transform(buffer);
            for (i = part; i + 63 < len; i += 64)
                transform(input + i);
            index = 0;
        }
        std::memcpy(buffer + index, input + i, len - i);
    }

    std::array<uint8_t, 16> final() {
        uint8_t bits[8];
        put32(bits, count[0]);
        put32(bits + 4, count[1]);
        size_t index = (count[0] >> 3) & 63;
        static constexpr uint8_t kPadding[64] = {0x80};
        update(kPadding, index < 56 ? 56 - index : 120 - index);
        update(bits, 8);
        std::array<uint8_t, 16> digest;
        for (int i = 0; i < 4; ++i)
            put32(digest.data() + 4 * i, state[i]);
        return digest;
    }
};

Term context_binary(Process *p, const Md5Context &ctx) {
    uint8_t *data = nullptr;
    Term bin = make_binary(p, kMd5ContextSize, &data);
    ctx.store(data);
    return bin;
}

// The context argument: a binary of exactly the context's size.
bool read_context(Term t, Md5Context &ctx) {
    std::string bytes;
    if (!is_binary(t) || !iolist_to_bytes(t, bytes) || bytes.size() != kMd5ContextSize)
        return false;
    ctx.load(reinterpret_cast<const uint8_t *>(bytes.data()));
    return true;
}

} // namespace

Term erlang_md5_init_0(Process *p, const Term *) {
    Md5Context ctx;
    ctx.init();
    return context_binary(p, ctx);
}

Term erlang_md5_update_2(Process *p, const Term *args) {
    Md5Context ctx;
    std::string data;
    if (!read_context(args[0], ctx) || !iolist_to_bytes(args[1], data)) return p->badarg();
    ctx.update(reinterpret_cast<const uint8_t *>(data.data()), data.size());
    return context_binary(p, ctx);
}

Term erlang_md5_final_1(Process *p, const Term *args) {
    Md5Context ctx;
    if (!read_context(args[0], ctx)) return p->badarg();
    auto digest = ctx.final();
    return make_binary(p, digest.data(), digest.size());
}

} // namespace hamlet
