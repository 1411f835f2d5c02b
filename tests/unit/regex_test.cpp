// The regex layer under the re module (vm/regex.h): the compiled-pattern encoding, foreign
// (BEAM PCRE 8.44) patterns refused, the shared cache, and several threads matching with
// one compiled pattern at once (run under ASan/TSan in the sanitizer builds).
#include "vm/regex.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace hamlet;

namespace {

RegexMatchStatus match(const CompiledRegex &re, std::string_view s, std::vector<long> &ov, int *rc,
                       size_t offset = 0) {
    return regex_match(re, reinterpret_cast<const uint8_t *>(s.data()), s.size(), offset, {}, ov,
                       rc);
}

} // namespace

TEST_CASE("regex: an encoded pattern decodes to the same compiled code", "[regex]") {
    RegexCompileError err;
    RegexPtr re = regex_compile("(?<y>\\d{4})-(\\d\\d)", {}, &err);
    REQUIRE(re);
    CHECK(re->capture_count == 2);
    REQUIRE(re->names.size() == 1);
    CHECK(re->names[0].name == "y");
    CHECK(re->names[0].number == 1);
    std::string enc = encode_pattern(re->source, re->options);
    CHECK(enc.substr(0, 4) == "HMRE");
    RegexPtr again = regex_from_encoded(enc);
    REQUIRE(again);
    CHECK(again.get() == re.get()); // from the cache
    std::vector<long> ov;
    int rc = 0;
    REQUIRE(match(*again, "on 2024-05", ov, &rc) == RegexMatchStatus::Match);
    CHECK(rc == 3);
    CHECK(ov == std::vector<long>{3, 10, 3, 7, 8, 10});
}

TEST_CASE("regex: BEAM-compiled and damaged patterns are refused", "[regex]") {
    // The start of erl's re:compile("a") binary: PCRE 8.44 bytecode.
    const unsigned char ercp[] = {69, 82, 67, 80, 73, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0, 0, 255, 255};
    CHECK_FALSE(
        regex_from_encoded(std::string_view(reinterpret_cast<const char *>(ercp), sizeof ercp)));
    CHECK_FALSE(regex_from_encoded("HMRE"));
    std::string enc = encode_pattern("a", {});
    enc[4] = 99; // unknown format version
    CHECK_FALSE(regex_from_encoded(enc));
    enc = encode_pattern("a", {});
    enc[8] = char(0x40); // PCRE2_NO_UTF_CHECK: an option re:compile cannot set
    CHECK_FALSE(regex_from_encoded(enc));
    CHECK_FALSE(regex_from_encoded(encode_pattern("(", {}))); // does not compile
}

TEST_CASE("regex: compile errors carry PCRE2's message and offset", "[regex]") {
    RegexCompileError err;
    CHECK_FALSE(regex_compile("a(b", {}, &err));
    CHECK_FALSE(err.message.empty());
    CHECK(err.offset == 3);
}

TEST_CASE("regex: unset groups, offsets and UTF-8 checks", "[regex]") {
    RegexCompileError err;
    RegexPtr re = regex_compile("(a)|(b)", {}, &err);
    REQUIRE(re);
    std::vector<long> ov;
    int rc = 0;
    REQUIRE(match(*re, "xb", ov, &rc) == RegexMatchStatus::Match);
    CHECK(rc == 3);
    CHECK(ov == std::vector<long>{1, 2, -1, -1, 1, 2});
    CHECK(match(*re, "ab", ov, &rc, 1) == RegexMatchStatus::Match);
    CHECK(ov[0] == 1);
    RegexCompileOptions utf;
    utf.flags = 0x00080000u; // PCRE2_UTF
    RegexPtr u = regex_compile(".", utf, &err);
    REQUIRE(u);
    CHECK(match(*u, "\xff", ov, &rc) == RegexMatchStatus::BadSubject);
    // An offset inside a character is reported even when the subject is trusted.
    RegexMatchParams trusted;
    trusted.trusted_utf = true;
    std::string s = "\xc3\xa9";
    CHECK(regex_match(*u, reinterpret_cast<const uint8_t *>(s.data()), s.size(), 1, trusted, ov,
                      &rc) == RegexMatchStatus::BadSubject);
}

TEST_CASE("regex: match limits", "[regex]") {
    RegexCompileError err;
    RegexPtr re = regex_compile("(a+)+$", {}, &err);
    REQUIRE(re);
    std::string s(30, 'a');
    s += 'b';
    RegexMatchParams limited;
    limited.has_match_limit = true;
    limited.match_limit = 100;
    std::vector<long> ov;
    int rc = 0;
    CHECK(regex_match(*re, reinterpret_cast<const uint8_t *>(s.data()), s.size(), 0, limited, ov,
                      &rc) == RegexMatchStatus::MatchLimit);
}

TEST_CASE("regex: many threads share compiled patterns and the cache", "[regex]") {
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &failures] {
            std::vector<long> ov;
            int rc = 0;
            for (int i = 0; i < 2000; ++i) {
                // A few shared patterns and many distinct ones (which evict from the cache).
                std::string src = i % 2 ? "w(o)rd" : "x" + std::to_string(t * 100000 + i);
                RegexCompileError err;
                RegexPtr re = regex_compile(src, {}, &err);
                std::string subject = i % 2 ? "a word" : "-" + src;
                if (!re || match(*re, subject, ov, &rc) != RegexMatchStatus::Match) ++failures;
            }
        });
    }
    for (auto &th : threads)
        th.join();
    CHECK(failures == 0);
}
