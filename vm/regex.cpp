#include "vm/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>
#include <cstring>
#include <list>
#include <mutex>
#include <unordered_map>

namespace hamlet {

namespace {

// "HMRE", a format version, flags (4 bytes, little-endian), newline, bsr, then the source.
constexpr char kMagic[4] = {'H', 'M', 'R', 'E'};
constexpr uint8_t kFormatVersion = 1;
constexpr size_t kHeaderSize = 4 + 1 + 4 + 1 + 1;
// Compile options an encoded pattern may carry: the ones re:compile/2 can set.
constexpr uint32_t kAllowedFlags =
    PCRE2_CASELESS | PCRE2_NO_START_OPTIMIZE | PCRE2_NEVER_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY |
    PCRE2_DOTALL | PCRE2_EXTENDED | PCRE2_FIRSTLINE | PCRE2_MULTILINE | PCRE2_NO_AUTO_CAPTURE |
    PCRE2_DUPNAMES | PCRE2_UNGREEDY | PCRE2_UTF | PCRE2_ANCHORED;
// Distinct (pattern, options) pairs kept compiled; least recently used ones go first.
constexpr size_t kCacheCapacity = 1024;

bool valid_newline(uint8_t nl) {
    return nl == 0 || nl == PCRE2_NEWLINE_CR || nl == PCRE2_NEWLINE_LF ||
           nl == PCRE2_NEWLINE_CRLF || nl == PCRE2_NEWLINE_ANY || nl == PCRE2_NEWLINE_ANYCRLF;
}
bool valid_bsr(uint8_t bsr) {
    return bsr == 0 || bsr == PCRE2_BSR_UNICODE || bsr == PCRE2_BSR_ANYCRLF;
}

bool decode_header(std::string_view enc, RegexCompileOptions *opts, std::string_view *source) {
    if (enc.size() < kHeaderSize || std::memcmp(enc.data(), kMagic, 4) != 0) return false;
    if (uint8_t(enc[4]) != kFormatVersion) return false;
    uint32_t flags = 0;
    for (int i = 0; i < 4; ++i)
        flags |= uint32_t(uint8_t(enc[5 + i])) << (8 * i);
    opts->flags = flags;
    opts->newline = uint8_t(enc[9]);
    opts->bsr = uint8_t(enc[10]);
    if ((flags & ~kAllowedFlags) || !valid_newline(opts->newline) || !valid_bsr(opts->bsr))
        return false;
    *source = enc.substr(kHeaderSize);
    return true;
}

// Character tables for code points below 256. erts builds its PCRE with ISO 8859-1 tables
// (glibc's Latin-1 locale), so that, for example, \w matches é and caseless matching
// pairs À with à even without the unicode option; PCRE2's built-in tables are ASCII only.
// The classes below are what erl's re reports for each byte.
const uint8_t *latin1_tables() {
    static const auto tables = [] {
        // PCRE2's table layout (pcre2_maketables): lower case, flip case, ten class bitmaps
        // of 32 bytes (space, xdigit, digit, upper, lower, word, graph, print, punct,
        // cntrl), then a ctype byte per character.
        enum { kLcc = 0, kFcc = 256, kCbits = 512, kCtypes = 512 + 320, kSize = kCtypes + 256 };
        enum {
            kSpace = 0,
            kXdigit = 32,
            kDigit = 64,
            kUpper = 96,
            kLower = 128,
            kWord = 160,
            kGraph = 192,
            kPrint = 224,
            kPunct = 256,
            kCntrl = 288
        };
        std::array<uint8_t, kSize> t{};
        auto in = [](int c, std::initializer_list<std::pair<int, int>> ranges) {
            for (auto [lo, hi] : ranges)
                if (c >= lo && c <= hi) return true;
            return false;
        };
        for (int c = 0; c < 256; ++c) {
            bool upper = in(c, {{'A', 'Z'}, {0xC0, 0xD6}, {0xD8, 0xDE}});
            bool lower = in(
                c,
                {{'a', 'z'}, {0xAA, 0xAA}, {0xB5, 0xB5}, {0xBA, 0xBA}, {0xDF, 0xF6}, {0xF8, 0xFF}});
            bool digit = c >= '0' && c <= '9';
            bool space = (c >= 9 && c <= 13) || c == ' ';
            bool alpha = upper || lower;
            bool word = alpha || digit || c == '_';
            bool graph = (c >= 33 && c <= 126) || c >= 0xA0;
            bool print = graph || c == ' ';
            bool punct = graph && !alpha && !digit;
            bool cntrl = c < 32 || (c >= 127 && c <= 159);
            bool xdigit = digit || in(c, {{'A', 'F'}, {'a', 'f'}});
            // Case pairs: the ASCII letters and Latin-1's U+00C0..U+00DE (but U+00D7) with
            // the letters 32 above; ß, ÿ, ª, µ and º have no Latin-1 partner.
            bool has_lower = upper;
            bool has_upper = lower && in(c, {{'a', 'z'}, {0xE0, 0xF6}, {0xF8, 0xFE}});
            t[kLcc + c] = uint8_t(has_lower ? c + 32 : c);
            t[kFcc + c] = uint8_t(has_lower ? c + 32 : has_upper ? c - 32 : c);
            const std::pair<bool, int> classes[] = {
                {space, kSpace}, {xdigit, kXdigit}, {digit, kDigit}, {upper, kUpper},
                {lower, kLower}, {word, kWord},     {graph, kGraph}, {print, kPrint},
                {punct, kPunct}, {cntrl, kCntrl}};
            for (auto [member, offset] : classes)
                if (member) t[kCbits + offset + c / 8] |= uint8_t(1 << (c % 8));
            t[kCtypes + c] = uint8_t((space ? 0x01 : 0) | (alpha ? 0x02 : 0) | (lower ? 0x04 : 0) |
                                     (digit ? 0x08 : 0) | (word ? 0x10 : 0));
        }
        return t;
    }();
    return tables.data();
}

std::shared_ptr<CompiledRegex> compile_now(std::string_view source, const RegexCompileOptions &opts,
                                           RegexCompileError *err) {
    pcre2_compile_context *ctx = pcre2_compile_context_create(nullptr);
    if (!ctx) throw std::bad_alloc();
    pcre2_set_newline(ctx, opts.newline ? opts.newline : PCRE2_NEWLINE_LF);
    pcre2_set_bsr(ctx, opts.bsr ? opts.bsr : PCRE2_BSR_UNICODE);
    pcre2_set_character_tables(ctx, latin1_tables());
    int errcode = 0;
    PCRE2_SIZE erroffset = 0;
    pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(source.data()), source.size(),
                                     opts.flags, &errcode, &erroffset, ctx);
    if (code && source.find("\\w") != std::string_view::npos) {
        // PCRE2 10.42's start-of-match bitmap for \w in UTF-8 mode takes the characters
        // U+0080..U+00FF from the \s table instead of the \w one, so with Latin-1 tables a
        // match starting with, say, é would be skipped. Without ucp (where the tables do
        // not apply), such patterns are compiled without start-of-match optimisations.
        uint32_t all = 0;
        pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &all);
        if ((all & PCRE2_UTF) && !(all & (PCRE2_UCP | PCRE2_NO_START_OPTIMIZE))) {
            pcre2_code_free(code);
            code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(source.data()), source.size(),
                                 opts.flags | PCRE2_NO_START_OPTIMIZE, &errcode, &erroffset, ctx);
        }
    }
    pcre2_compile_context_free(ctx);
    if (!code) {
        if (err) {
            PCRE2_UCHAR buf[256];
            int n = pcre2_get_error_message(errcode, buf, sizeof buf);
            err->message = n > 0 ? std::string(reinterpret_cast<char *>(buf), size_t(n)) : "error";
            err->offset = erroffset;
        }
        return nullptr;
    }
    // JIT-compile before the code is shared: afterwards it is only read. A pattern the JIT
    // cannot handle still matches with the interpreter.
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    auto re = std::make_shared<CompiledRegex>();
    re->code = code;
    re->options = opts;
    re->source = std::string(source);
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &re->capture_count);
    uint32_t newline = 0, argopts = 0, namecount = 0, entrysize = 0;
    pcre2_pattern_info(code, PCRE2_INFO_NEWLINE, &newline);
    re->use_crlf = newline == PCRE2_NEWLINE_CRLF || newline == PCRE2_NEWLINE_ANY ||
                   newline == PCRE2_NEWLINE_ANYCRLF;
    // Like erts, only the option (not an inline (?J)) makes names with several groups.
    pcre2_pattern_info(code, PCRE2_INFO_ARGOPTIONS, &argopts);
    re->dupnames = (argopts & PCRE2_DUPNAMES) != 0;
    PCRE2_SPTR table = nullptr;
    pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &namecount);
    pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entrysize);
    pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < namecount; ++i) {
        PCRE2_SPTR e = table + size_t(i) * entrysize;
        re->names.push_back({reinterpret_cast<const char *>(e + 2), e[0] << 8 | e[1]});
    }
    return re;
}

// The shared cache: encoded pattern -> compiled code, least recently used evicted.
class RegexCache {
  public:
    static RegexCache &global() {
        static RegexCache cache;
        return cache;
    }
    RegexPtr find(const std::string &key) {
        std::lock_guard lock(mutex_);
        auto it = index_.find(key);
        if (it == index_.end()) return nullptr;
        order_.splice(order_.begin(), order_, it->second);
        return it->second->second;
    }
    RegexPtr insert(const std::string &key, RegexPtr re) {
        std::lock_guard lock(mutex_);
        auto it = index_.find(key);
        if (it != index_.end()) return it->second->second; // another thread was first
        order_.emplace_front(key, std::move(re));
        index_.emplace(key, order_.begin());
        if (order_.size() > kCacheCapacity) {
            index_.erase(order_.back().first);
            order_.pop_back(); // users still holding it keep it alive (shared_ptr)
        }
        return order_.front().second;
    }

  private:
    std::mutex mutex_;
    std::list<std::pair<std::string, RegexPtr>> order_;
    std::unordered_map<std::string, std::list<std::pair<std::string, RegexPtr>>::iterator> index_;
};

// The last pattern each scheduler thread used: global re:run loops call the same one
// once per match, and this spares them the shared lock.
thread_local std::string t_last_key;
thread_local RegexPtr t_last_regex;

RegexPtr lookup_or_compile(const std::string &key, std::string_view source,
                           const RegexCompileOptions &opts, RegexCompileError *err) {
    if (t_last_regex && t_last_key == key) return t_last_regex;
    RegexPtr re = RegexCache::global().find(key);
    if (!re) {
        std::shared_ptr<CompiledRegex> fresh = compile_now(source, opts, err);
        if (!fresh) return nullptr;
        re = RegexCache::global().insert(key, std::move(fresh));
    }
    t_last_key = key;
    t_last_regex = re;
    return re;
}

// Match data reused by each thread, grown to the largest pattern seen (it also keeps
// PCRE2's backtracking frames between calls).
struct ThreadMatchData {
    pcre2_match_data *md = nullptr;
    uint32_t pairs = 0;
    ~ThreadMatchData() {
        if (md) pcre2_match_data_free(md);
    }
    pcre2_match_data *get(uint32_t need) {
        if (!md || pairs < need) {
            if (md) pcre2_match_data_free(md);
            md = pcre2_match_data_create(need, nullptr);
            if (!md) throw std::bad_alloc();
            pairs = need;
        }
        return md;
    }
};
thread_local ThreadMatchData t_match_data;

} // namespace

CompiledRegex::~CompiledRegex() {
    if (code) pcre2_code_free(static_cast<pcre2_code *>(code));
}

std::string encode_pattern(std::string_view source, const RegexCompileOptions &opts) {
    std::string enc(kMagic, 4);
    enc.push_back(char(kFormatVersion));
    for (int i = 0; i < 4; ++i)
        enc.push_back(char((opts.flags >> (8 * i)) & 0xFF));
    enc.push_back(char(opts.newline));
    enc.push_back(char(opts.bsr));
    enc.append(source);
    return enc;
}

RegexPtr regex_from_encoded(std::string_view encoded) {
    RegexCompileOptions opts;
    std::string_view source;
    if (!decode_header(encoded, &opts, &source)) return nullptr;
    return lookup_or_compile(std::string(encoded), source, opts, nullptr);
}

RegexPtr regex_compile(std::string_view source, const RegexCompileOptions &opts,
                       RegexCompileError *err) {
    return lookup_or_compile(encode_pattern(source, opts), source, opts, err);
}

RegexMatchStatus regex_match(const CompiledRegex &re, const uint8_t *subject, size_t length,
                             size_t offset, const RegexMatchParams &params,
                             std::vector<long> &ovector, int *rc) {
    auto *code = static_cast<const pcre2_code *>(re.code);
    uint32_t pairs = re.capture_count + 1;
    pcre2_match_data *md = t_match_data.get(pairs);
    uint32_t flags = params.flags;
    if (params.trusted_utf) {
        // Skip the UTF-8 check of a subject re:grun already checked, unless the offset is
        // inside a character (PCRE2 then reports it, and would misbehave unchecked).
        uint32_t all = 0;
        pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &all);
        if (!(all & PCRE2_UTF) || offset >= length || (subject[offset] & 0xC0) != 0x80)
            flags |= PCRE2_NO_UTF_CHECK;
    }
    pcre2_match_context *mctx = nullptr;
    if (params.has_match_limit || params.has_depth_limit) {
        // The JIT ignores the depth limit and counts differently: limits use the interpreter.
        mctx = pcre2_match_context_create(nullptr);
        if (!mctx) throw std::bad_alloc();
        if (params.has_match_limit) pcre2_set_match_limit(mctx, params.match_limit);
        if (params.has_depth_limit) pcre2_set_depth_limit(mctx, params.depth_limit);
        flags |= PCRE2_NO_JIT;
    }
    int r = pcre2_match(code, subject, length, offset, flags, md, mctx);
    if (r == PCRE2_ERROR_JIT_STACKLIMIT)
        r = pcre2_match(code, subject, length, offset, flags | PCRE2_NO_JIT, md, mctx);
    if (mctx) pcre2_match_context_free(mctx);
    if (r < 0) {
        switch (r) {
        case PCRE2_ERROR_NOMATCH:
        case PCRE2_ERROR_RECURSELOOP:
            return RegexMatchStatus::NoMatch;
        case PCRE2_ERROR_MATCHLIMIT:
            return RegexMatchStatus::MatchLimit;
        case PCRE2_ERROR_DEPTHLIMIT:
        case PCRE2_ERROR_HEAPLIMIT:
            return RegexMatchStatus::DepthLimit;
        default:
            return RegexMatchStatus::BadSubject; // invalid UTF-8, bad offset
        }
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    ovector.assign(2 * size_t(pairs), -1);
    for (uint32_t i = 0; i < pairs; ++i) {
        if (ov[2 * i] == PCRE2_UNSET) continue;
        ovector[2 * i] = long(ov[2 * i]);
        ovector[2 * i + 1] = long(ov[2 * i + 1]);
    }
    *rc = r == 0 ? int(pairs) : r;
    return RegexMatchStatus::Match;
}

std::string pcre2_version_text() {
    char buf[64] = {};
    pcre2_config(PCRE2_CONFIG_VERSION, buf);
    return buf;
}

} // namespace hamlet
