// Regular expressions on PCRE2 for the re module: Hamlet's compiled-pattern encoding, a
// process-independent cache of compiled PCRE2 code, and matching.
//
// On the BEAM, re:compile/2 returns {re_pattern, Groups, Unicode, UseCRLF, Bin} where Bin is
// PCRE 8.44's own bytecode ("ERCP..."). Hamlet's Bin is instead a small header plus the
// compile options and the pattern source (see encode_pattern); the PCRE2 code lives in a
// shared cache keyed by those bytes and is rebuilt from them on a miss. So a compiled
// pattern stays valid when sent to another process, stored in ETS or in a literal, and a
// foreign BEAM pattern ("ERCP") is simply not recognised (badarg, as the BEAM does for a
// pattern from another PCRE version).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hamlet {

// Everything that determines compiled code: the cache key (with the source).
struct RegexCompileOptions {
    uint32_t flags = 0;  // PCRE2 compile options (PCRE2_CASELESS, PCRE2_UTF, ...)
    uint8_t newline = 0; // 0: default (LF, as erts' PCRE); else PCRE2_NEWLINE_*
    uint8_t bsr = 0;     // 0: default (Unicode, as erts' PCRE); else PCRE2_BSR_*
};

struct CompiledRegex {
    struct Name {
        std::string name;
        int number;
    };
    void *code = nullptr; // pcre2_code_8 *, read-only once published
    uint32_t capture_count = 0;
    bool use_crlf = false;   // the newline convention involves CR LF (any, anycrlf, crlf)
    bool dupnames = false;   // compiled with the dupnames option
    std::vector<Name> names; // the name table, in PCRE2's order (sorted by name)
    RegexCompileOptions options;
    std::string source;
    ~CompiledRegex();
};
using RegexPtr = std::shared_ptr<const CompiledRegex>;

struct RegexCompileError {
    std::string message;
    size_t offset = 0;
};

// The bytes of Hamlet's compiled-pattern binary for a source and its options.
std::string encode_pattern(std::string_view source, const RegexCompileOptions &opts);
// Compiled code for an encoded pattern, from the cache or compiled now; nullptr if the bytes
// are not a Hamlet pattern (foreign or damaged).
RegexPtr regex_from_encoded(std::string_view encoded);
// Compiled code for a source (through the same cache); nullptr with *err filled on error.
RegexPtr regex_compile(std::string_view source, const RegexCompileOptions &opts,
                       RegexCompileError *err);

struct RegexMatchParams {
    uint32_t flags = 0;       // PCRE2 match options (PCRE2_NOTBOL, PCRE2_ANCHORED, ...)
    bool trusted_utf = false; // the subject was already checked as UTF-8 (re:internal_run)
    bool has_match_limit = false, has_depth_limit = false;
    uint32_t match_limit = 0, depth_limit = 0;
};

enum class RegexMatchStatus { Match, NoMatch, MatchLimit, DepthLimit, BadSubject };

// ovector receives 2 * (capture_count + 1) offsets, -1 for unset groups; *rc the number of
// pairs PCRE2 reports (highest group set + 1), as PCRE's exec return value.
RegexMatchStatus regex_match(const CompiledRegex &re, const uint8_t *subject, size_t length,
                             size_t offset, const RegexMatchParams &params,
                             std::vector<long> &ovector, int *rc);

// PCRE2's version, e.g. "10.42 2022-12-11".
std::string pcre2_version_text();

} // namespace hamlet
