// UTF-8 text: validation, encoding one code point, latin-1 conversion.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hamlet {

// Counts the characters of valid UTF-8 text; nullopt if it is not valid UTF-8
// (overlong forms, surrogates and values above U+10FFFF are invalid, as in the BEAM).
std::optional<size_t> utf8_length(std::string_view s);

// Appends the UTF-8 encoding of a code point (which must be at most 0x10FFFF).
void append_utf8(std::string &out, uint32_t cp);

std::string latin1_to_utf8(std::string_view latin1);

} // namespace hamlet
