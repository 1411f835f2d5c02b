// MD5 (RFC 1321): module MD5s computed by the loader, erlang:md5/1 and the
// md5_init/update/final BIFs. Hamlet's own, so the VM does not link a crypto library (a NIF
// library such as OTP's crypto brings its own).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace hamlet {

// The state is RFC 1321's reference context: four state words, the message length in bits
// as two words (low first) and the 64-byte block buffer. erts hands exactly these bytes to
// programs as md5_init's context (see store/load), so they are kept as the reference code
// keeps them, stale buffer bytes included.
struct Md5 {
    static constexpr size_t kContextBytes = 88;

    uint32_t state[4];
    uint32_t count[2];
    uint8_t buffer[64];

    Md5() { init(); }
    void init();
    void update(const uint8_t *input, size_t len);
    std::array<uint8_t, 16> final();

    // The context as erts' 88 bytes, words little-endian.
    void store(uint8_t *bytes) const;
    void load(const uint8_t *bytes);

    static std::array<uint8_t, 16> digest(const uint8_t *data, size_t len) {
        Md5 m;
        m.update(data, len);
        return m.final();
    }

  private:
    void transform(const uint8_t *block);
};

} // namespace hamlet
