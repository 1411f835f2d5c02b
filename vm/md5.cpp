// MD5 after RFC 1321 (sections 3.1-3.5). The four rounds are written out so the compiler
// can keep the state in registers: the loader hashes every module it loads.
#include "vm/md5.h"

#include <cstring>

namespace hamlet {

namespace {

uint32_t get32(const uint8_t *p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

void put32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = uint8_t(v >> (8 * i));
}

// T[i] = floor(2^32 * |sin(i + 1)|) (section 3.4).
constexpr uint32_t kSine[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};

constexpr uint32_t rotl(uint32_t x, int s) {
    return (x << s) | (x >> (32 - s));
}

// One step: a = b + rotl(a + f(b, c, d) + m + t, s), with the round's f.
#define MD5_STEP(f, a, b, c, d, m, t, s) (a) = (b) + rotl((a) + f((b), (c), (d)) + (m) + (t), (s))
#define MD5_F(x, y, z) (((x) & (y)) | (~(x) & (z)))
#define MD5_G(x, y, z) (((x) & (z)) | ((y) & ~(z)))
#define MD5_H(x, y, z) ((x) ^ (y) ^ (z))
#define MD5_I(x, y, z) ((y) ^ ((x) | ~(z)))

} // namespace

void Md5::init() {
    state[0] = 0x67452301;
    state[1] = 0xefcdab89;
    state[2] = 0x98badcfe;
    state[3] = 0x10325476;
    count[0] = count[1] = 0;
    std::memset(buffer, 0, sizeof buffer);
}

void Md5::transform(const uint8_t *block) {
    uint32_t m[16];
    for (int i = 0; i < 16; ++i)
        m[i] = get32(block + 4 * i);
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    // Each round: 16 steps; the message word index and the rotation follow section 3.4.
    for (int i = 0; i < 16; i += 4) {
        MD5_STEP(MD5_F, a, b, c, d, m[i], kSine[i], 7);
        MD5_STEP(MD5_F, d, a, b, c, m[i + 1], kSine[i + 1], 12);
        MD5_STEP(MD5_F, c, d, a, b, m[i + 2], kSine[i + 2], 17);
        MD5_STEP(MD5_F, b, c, d, a, m[i + 3], kSine[i + 3], 22);
    }
    for (int i = 16; i < 32; i += 4) {
        MD5_STEP(MD5_G, a, b, c, d, m[(5 * i + 1) & 15], kSine[i], 5);
        MD5_STEP(MD5_G, d, a, b, c, m[(5 * i + 6) & 15], kSine[i + 1], 9);
        MD5_STEP(MD5_G, c, d, a, b, m[(5 * i + 11) & 15], kSine[i + 2], 14);
        MD5_STEP(MD5_G, b, c, d, a, m[(5 * i + 16) & 15], kSine[i + 3], 20);
    }
    for (int i = 32; i < 48; i += 4) {
        MD5_STEP(MD5_H, a, b, c, d, m[(3 * i + 5) & 15], kSine[i], 4);
        MD5_STEP(MD5_H, d, a, b, c, m[(3 * i + 8) & 15], kSine[i + 1], 11);
        MD5_STEP(MD5_H, c, d, a, b, m[(3 * i + 11) & 15], kSine[i + 2], 16);
        MD5_STEP(MD5_H, b, c, d, a, m[(3 * i + 14) & 15], kSine[i + 3], 23);
    }
    for (int i = 48; i < 64; i += 4) {
        MD5_STEP(MD5_I, a, b, c, d, m[(7 * i) & 15], kSine[i], 6);
        MD5_STEP(MD5_I, d, a, b, c, m[(7 * i + 7) & 15], kSine[i + 1], 10);
        MD5_STEP(MD5_I, c, d, a, b, m[(7 * i + 14) & 15], kSine[i + 2], 15);
        MD5_STEP(MD5_I, b, c, d, a, m[(7 * i + 21) & 15], kSine[i + 3], 21);
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
}

// As the reference code: a partial block is completed in the buffer, whole blocks are hashed
// straight from the input, and the tail goes to the start of the buffer.
void Md5::update(const uint8_t *input, size_t len) {
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
    if (len > i) std::memcpy(buffer + index, input + i, len - i);
}

std::array<uint8_t, 16> Md5::final() {
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

void Md5::store(uint8_t *bytes) const {
    for (int i = 0; i < 4; ++i)
        put32(bytes + 4 * i, state[i]);
    for (int i = 0; i < 2; ++i)
        put32(bytes + 16 + 4 * i, count[i]);
    std::memcpy(bytes + 24, buffer, 64);
}

void Md5::load(const uint8_t *bytes) {
    for (int i = 0; i < 4; ++i)
        state[i] = get32(bytes + 4 * i);
    for (int i = 0; i < 2; ++i)
        count[i] = get32(bytes + 16 + 4 * i);
    std::memcpy(buffer, bytes + 24, 64);
}

} // namespace hamlet
