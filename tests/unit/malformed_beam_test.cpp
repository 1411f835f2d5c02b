// The loader against malformed .beam images: truncations, random corruption and targeted
// corruptions of real OTP and Elixir beams (variants made in code, never written to disk),
// plus a minimal hand-built module for precise Code-chunk errors. Every bad image must give
// a LoadError "<file>: <chunk> chunk: <what>", never a crash; nothing here runs erlc.
#include "loader/beam_file.h"
#include "loader/generic_ops.h"
#include "vm/atom_table.h"
#include "vm/term.h"
#include "vm/term_dump.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>
#include <zlib.h>

using namespace hamlet;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<uint8_t>;

// ---- files -------------------------------------------------------------------------------

Bytes read_bytes(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// <root>/lib/<app>-<vsn>/ebin/<module>.beam for the installed OTP, whatever its version.
std::string otp_beam(const std::string &app, const std::string &module) {
    std::error_code ec;
    for (const auto &e : fs::directory_iterator("/usr/lib/erlang/lib", ec)) {
        std::string dir = e.path().filename().string();
        if (dir.rfind(app + "-", 0) != 0) continue;
        fs::path p = e.path() / "ebin" / (module + ".beam");
        if (fs::exists(p)) return p.string();
    }
    return {};
}

struct RealBeam {
    std::string name; // short name used in messages
    std::string path;
    Bytes bytes;
};

// The real beams these tests corrupt. Each has AtU8, Code, ImpT, ExpT, LocT, LitT, Line;
// lists and maps also FunT and Type, Elixir.Access a non-empty StrT and FunT.
const std::vector<RealBeam> &real_beams() {
    static const std::vector<RealBeam> beams = [] {
        std::vector<RealBeam> out;
        auto add = [&](const std::string &name, const std::string &path) {
            if (path.empty() || !fs::exists(path)) return;
            out.push_back({name, path, read_bytes(path)});
        };
        add("dets_sup.beam", otp_beam("stdlib", "dets_sup"));
        add("maps.beam", otp_beam("stdlib", "maps"));
        add("lists.beam", otp_beam("stdlib", "lists"));
        add("Elixir.Access.beam", "/usr/lib/elixir/lib/elixir/ebin/Elixir.Access.beam");
        return out;
    }();
    return beams;
}

const RealBeam *real_beam(const std::string &name) {
    for (const RealBeam &b : real_beams())
        if (b.name == name) return &b;
    WARN(name << " is not installed; skipping the checks that use it");
    return nullptr;
}

// ---- bytes -------------------------------------------------------------------------------

uint32_t get32(const Bytes &b, size_t at) {
    return uint32_t(b[at]) << 24 | uint32_t(b[at + 1]) << 16 | uint32_t(b[at + 2]) << 8 | b[at + 3];
}
void put32(Bytes &b, size_t at, uint32_t v) {
    b[at] = uint8_t(v >> 24), b[at + 1] = uint8_t(v >> 16), b[at + 2] = uint8_t(v >> 8), b[at + 3] = uint8_t(v);
}
void append32(Bytes &b, uint32_t v) {
    b.insert(b.end(), {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)});
}
Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes &p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// ---- the IFF container ---------------------------------------------------------------------

struct Chunk {
    std::string id;
    Bytes data;
};

struct ChunkPos {
    std::string id;
    size_t header; // offset of the chunk's id
    size_t data;   // offset of its first data byte
    size_t size;   // data size, without padding
};

std::vector<ChunkPos> layout(const Bytes &beam) {
    REQUIRE(beam.size() >= 12);
    REQUIRE(std::memcmp(beam.data(), "FOR1", 4) == 0);
    size_t end = 8 + get32(beam, 4);
    REQUIRE(end <= beam.size());
    std::vector<ChunkPos> out;
    size_t at = 12;
    while (at + 8 <= end) {
        size_t size = get32(beam, at + 4);
        REQUIRE(at + 8 + size <= end);
        out.push_back({std::string(reinterpret_cast<const char *>(&beam[at]), 4), at, at + 8, size});
        at += 8 + (size + 3) / 4 * 4;
    }
    return out;
}

std::vector<Chunk> split(const Bytes &beam) {
    std::vector<Chunk> out;
    for (const ChunkPos &c : layout(beam))
        out.push_back({c.id, Bytes(beam.begin() + long(c.data), beam.begin() + long(c.data + c.size))});
    return out;
}

Bytes join(const std::vector<Chunk> &chunks) {
    Bytes out{'F', 'O', 'R', '1', 0, 0, 0, 0, 'B', 'E', 'A', 'M'};
    for (const Chunk &c : chunks) {
        REQUIRE(c.id.size() == 4);
        out.insert(out.end(), c.id.begin(), c.id.end());
        append32(out, uint32_t(c.data.size()));
        out.insert(out.end(), c.data.begin(), c.data.end());
        out.resize((out.size() + 3) / 4 * 4, 0);
    }
    put32(out, 4, uint32_t(out.size() - 8));
    return out;
}

Chunk &chunk(std::vector<Chunk> &chunks, const std::string &id) {
    for (Chunk &c : chunks)
        if (c.id == id) return c;
    FAIL("no chunk " << id);
    throw 0;
}

const ChunkPos &chunk_pos(const std::vector<ChunkPos> &chunks, const std::string &id) {
    for (const ChunkPos &c : chunks)
        if (c.id == id) return c;
    FAIL("no chunk " << id);
    throw 0;
}

// ---- loading ------------------------------------------------------------------------------

struct Outcome {
    std::unique_ptr<BeamFile> beam;
    std::string error;
    bool ok() const { return beam != nullptr; }
};

Outcome load(const Bytes &b, const std::string &name) {
    auto r = read_beam(b.data(), b.size(), name);
    if (auto *e = std::get_if<LoadError>(&r)) return {nullptr, e->message};
    return {std::move(std::get<std::unique_ptr<BeamFile>>(r)), {}};
}

// Loads an image that must be refused; returns the message after checking that it names the
// file, then the chunk, and contains `what`.
std::string expect_error(const Bytes &b, const std::string &name, const std::string &chunk_id,
                         const std::string &what) {
    Outcome o = load(b, name);
    INFO("expected an error in " << chunk_id << " containing \"" << what << "\"");
    REQUIRE_FALSE(o.ok());
    INFO("message: " << o.error);
    std::string prefix = name + ": " + (chunk_id.empty() ? "" : chunk_id + " chunk: ");
    CHECK(o.error.rfind(prefix, 0) == 0);
    CHECK(o.error.find(what) != std::string::npos);
    return o.error;
}

// ---- compact terms (beam-reference §2), for building and scanning code ---------------------

enum : uint8_t { kU = 0, kI = 1, kA = 2, kX = 3, kY = 4, kF = 5, kZ = 7 };

Bytes enc(uint8_t tag, uint64_t v) {
    if (v < 16) return {uint8_t(v << 4 | tag)};
    if (v < 2048) return {uint8_t(((v >> 3) & 0xE0) | 0x08 | tag), uint8_t(v)};
    Bytes be;
    for (uint64_t x = v; x; x >>= 8) be.insert(be.begin(), uint8_t(x));
    if (tag == kI && (be[0] & 0x80)) be.insert(be.begin(), 0); // keep it positive
    REQUIRE(be.size() <= 8);
    return cat({{uint8_t(((be.size() - 2) << 5) | 0x18 | tag)}, be});
}

// Length in bytes of a simple (non-z) compact operand starting at p[0].
size_t simple_len(const uint8_t *p) {
    if (!(p[0] & 0x08)) return 1;
    if (!(p[0] & 0x10)) return 2;
    size_t n = size_t(p[0] >> 5) + 2;
    REQUIRE(n < 9);
    return 1 + n;
}

// ---- a minimal hand-built module ----------------------------------------------------------

Bytes etf_atom(const std::string &s) {
    Bytes b{131, 119, uint8_t(s.size())};
    b.insert(b.end(), s.begin(), s.end());
    return b;
}

Bytes zlib_compress(const Bytes &plain) {
    uLongf n = compressBound(uLong(plain.size()));
    Bytes z(n);
    REQUIRE(compress(z.data(), &n, plain.data(), uLong(plain.size())) == Z_OK);
    z.resize(n);
    return z;
}

Bytes zlib_uncompress(const Bytes &z, size_t size) {
    Bytes out(size);
    uLongf n = size;
    REQUIRE(uncompress(out.data(), &n, z.data(), uLong(z.size())) == Z_OK);
    REQUIRE(n == size);
    return out;
}

Bytes litt_chunk(const std::vector<Bytes> &literals, bool compressed = true) {
    Bytes table;
    append32(table, uint32_t(literals.size()));
    for (const Bytes &l : literals) {
        append32(table, uint32_t(l.size()));
        table.insert(table.end(), l.begin(), l.end());
    }
    Bytes chunk;
    if (!compressed) { // OTP 28+: an uncompressed size of 0, then the table itself
        append32(chunk, 0);
        chunk.insert(chunk.end(), table.begin(), table.end());
        return chunk;
    }
    append32(chunk, uint32_t(table.size()));
    Bytes z = zlib_compress(table);
    chunk.insert(chunk.end(), z.begin(), z.end());
    return chunk;
}

struct TinyModule {
    // Atom 1 is the module name. Atoms: m f ok erlang self.
    std::vector<std::string> atoms{"m", "f", "ok", "erlang", "self"};
    uint32_t max_opcode = 180, label_count = 3, function_count = 1;
    Bytes body; // instructions between `label 2` and `move 'ok' x0; return`
    Bytes code_override; // if non-empty: the whole instruction stream
    std::vector<std::array<uint32_t, 3>> imports{{4, 5, 0}}; // erlang:self/0
    std::vector<std::array<uint32_t, 3>> exports{{2, 0, 2}}; // f/0 at label 2
    std::vector<Bytes> literals{etf_atom("lit0")};
    Bytes strings{'a', 'b', 'c', 'd'};
    std::string atom_chunk = "AtU8"; // or "Atom" (Latin-1, before OTP 21)
    bool compact_atom_lengths = false; // OTP 28: negated count, lengths as compact u values
    bool plain_literals = false;       // OTP 28: LitT stored uncompressed

    Bytes code() const {
        if (!code_override.empty()) return code_override;
        return cat({{1}, enc(kU, 1),                                         // label 1
                    {2}, enc(kA, 1), enc(kA, 2), enc(kU, 0),                 // func_info 'm' 'f' 0
                    {1}, enc(kU, 2),                                         // label 2
                    body,                                                    //
                    {64}, enc(kA, 3), enc(kX, 0),                            // move 'ok' x0
                    {19},                                                    // return
                    {3}});                                                   // int_code_end
    }

    std::vector<Chunk> chunks() const {
        std::vector<Chunk> out;
        Bytes atu8;
        append32(atu8, compact_atom_lengths ? uint32_t(-int32_t(atoms.size())) : uint32_t(atoms.size()));
        for (const std::string &a : atoms) {
            Bytes len = compact_atom_lengths ? enc(kU, a.size()) : Bytes{uint8_t(a.size())};
            atu8.insert(atu8.end(), len.begin(), len.end());
            atu8.insert(atu8.end(), a.begin(), a.end());
        }
        out.push_back({atom_chunk, atu8});
        Bytes code_chunk;
        for (uint32_t v : {16u, 0u, max_opcode, label_count, function_count}) append32(code_chunk, v);
        Bytes c = code();
        code_chunk.insert(code_chunk.end(), c.begin(), c.end());
        out.push_back({"Code", code_chunk});
        out.push_back({"StrT", strings});
        auto table = [](const std::vector<std::array<uint32_t, 3>> &rows) {
            Bytes t;
            append32(t, uint32_t(rows.size()));
            for (const auto &r : rows)
                for (uint32_t v : r) append32(t, v);
            return t;
        };
        out.push_back({"ImpT", table(imports)});
        out.push_back({"ExpT", table(exports)});
        if (!literals.empty()) out.push_back({"LitT", litt_chunk(literals, !plain_literals)});
        return out;
    }
    Bytes image() const { return join(chunks()); }
};

// ---- deterministic pseudo-random numbers (SplitMix64: same sequence everywhere) -----------

struct Rng {
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return size_t(next() % n); }
};

// Chunks the loader parses (the others are only hashed or ignored).
const char *const kParsedChunks[] = {"AtU8", "Code", "StrT", "ImpT", "ExpT", "LocT", "FunT",
                                     "LitT", "Attr", "CInf", "Line", "Type"};
bool is_parsed(const std::string &id) {
    return std::find_if(std::begin(kParsedChunks), std::end(kParsedChunks),
                        [&](const char *p) { return id == p; }) != std::end(kParsedChunks);
}

// A loaded module must be internally consistent, whatever bytes it came from. (Plain ifs:
// this runs on thousands of loaded variants, and one Catch assertion per operand is slow.)
void check_consistent(const BeamFile &bf) {
    auto fail = [&](const std::string &what) { FAIL("loaded module is inconsistent: " << what); };
    if (bf.atoms.size() < 2) fail("no atoms");
    if (bf.label_instr.size() != bf.label_count) fail("label table size");
    if (bf.code.empty() || bf.code.back().op != GenOp::int_code_end_) fail("no int_code_end");
    for (const auto &e : bf.exports)
        if (e.label >= bf.label_count || bf.label_instr[e.label] == ~0u) fail("export label " + std::to_string(e.label));
    for (const GenericInstr &ins : bf.code) {
        if (size_t(ins.first_operand) + ins.operand_count > bf.operands.size()) fail("operand range");
        for (uint32_t i = 0; i < ins.operand_count; ++i) {
            const Operand &o = bf.operands[ins.first_operand + i];
            if (o.kind == OperandKind::Label && o.value &&
                (o.value >= bf.label_count || bf.label_instr[o.value] == ~0u))
                fail("label operand " + std::to_string(o.value));
            if ((o.kind == OperandKind::Literal || o.kind == OperandKind::BigInt) && o.value >= bf.literals.size())
                fail("literal operand " + std::to_string(o.value));
            if (o.kind == OperandKind::AllocList && o.value >= bf.alloc_lists.size()) fail("alloc list operand");
        }
    }
}

// Cut lengths to try for a file or chunk of `size` bytes: all of them for small ones; for
// large ones every length near the start, near the end and near the given offsets (chunk
// headers and ends), plus an even spread of about `spread` lengths.
std::vector<size_t> cut_lengths(size_t size, size_t all_below, const std::vector<size_t> &near = {},
                                size_t spread = 192) {
    std::vector<size_t> out;
    size_t step = size <= all_below ? 1 : std::max<size_t>(1, size / spread);
    for (size_t len = 0; len < size; ++len) {
        bool keep = len % step == 0 || len < 64 || len + 64 >= size;
        for (size_t n : near) keep |= len + 16 >= n && len <= n + 16;
        if (keep) out.push_back(len);
    }
    return out;
}

std::vector<size_t> chunk_offsets(const Bytes &beam) {
    std::vector<size_t> out;
    for (const ChunkPos &c : layout(beam)) out.insert(out.end(), {c.header, c.data, c.data + c.size});
    return out;
}

} // namespace

// =============================================================================================
// Baseline
// =============================================================================================

TEST_CASE("malformed: the unmodified beams and the hand-built module load", "[loader][malformed]") {
    REQUIRE_FALSE(real_beams().empty());
    for (const RealBeam &b : real_beams()) {
        INFO(b.path);
        Outcome o = load(b.bytes, b.name);
        REQUIRE(o.ok());
        check_consistent(*o.beam);
        // Re-splitting and re-joining a file gives back the same bytes (the helpers are exact).
        CHECK(join(split(b.bytes)) == b.bytes);
    }
    TinyModule m;
    Outcome o = load(m.image(), "tiny.beam");
    INFO(o.error);
    REQUIRE(o.ok());
    CHECK(AtomTable::global().text(o.beam->module) == "m");
    REQUIRE(o.beam->exports.size() == 1);
    CHECK(o.beam->exports[0].label == 2);
    REQUIRE(o.beam->literals.size() == 1);
    CHECK(dump_term(o.beam->literals[0]) == "'lit0'");
    check_consistent(*o.beam);
}

// =============================================================================================
// (a) truncations
// =============================================================================================

TEST_CASE("malformed: every truncation of a real beam is refused", "[loader][malformed]") {
    // Every length for dets_sup.beam; for the larger ones every length in the header and
    // within 16 bytes of every chunk header, chunk start and chunk end, and ~1000 others.
    for (const RealBeam &b : real_beams()) {
        INFO(b.name);
        for (size_t len : cut_lengths(b.bytes.size(), 4096, chunk_offsets(b.bytes), 1024)) {
            auto r = read_beam(b.bytes.data(), len, b.name);
            auto *e = std::get_if<LoadError>(&r);
            if (!e) FAIL("length " << len << " loaded");
            if (e->message.rfind(b.name + ": IFF chunk: ", 0) != 0) FAIL("length " << len << ": " << e->message);
        }
    }
}

TEST_CASE("malformed: truncations with a consistent form size", "[loader][malformed]") {
    // The file is cut and its FOR1 size patched to match, so the cut lands inside a chunk
    // header or chunk data (an IFF error), or between chunks (then it may load).
    for (const RealBeam &b : real_beams()) {
        INFO(b.name);
        std::vector<ChunkPos> chunks = layout(b.bytes);
        for (size_t len : cut_lengths(b.bytes.size(), 2048, chunk_offsets(b.bytes))) {
            if (len < 12) continue;
            Bytes cut(b.bytes.begin(), b.bytes.begin() + long(len));
            put32(cut, 4, uint32_t(len - 8));
            Outcome o = load(cut, b.name);
            bool inside = false;
            for (const ChunkPos &c : chunks) inside |= len > c.header && len < c.data + c.size;
            INFO("length " << len << ": " << (o.ok() ? "loaded" : o.error));
            if (inside) {
                REQUIRE_FALSE(o.ok());
                REQUIRE(o.error.rfind(b.name + ": IFF chunk: ", 0) == 0);
            } else if (o.ok()) {
                check_consistent(*o.beam);
            } else {
                REQUIRE(o.error.rfind(b.name + ": ", 0) == 0);
            }
        }
    }
}

TEST_CASE("malformed: truncating any parsed chunk is an error in that chunk", "[loader][malformed]") {
    // Each chunk in turn is cut short and the container rebuilt with correct sizes, so the
    // truncation reaches the chunk's own parser.
    for (const RealBeam &b : real_beams()) {
        if (b.name == "lists.beam") continue; // large; its tables are like maps.beam's
        std::vector<Chunk> chunks = split(b.bytes);
        for (size_t k = 0; k < chunks.size(); ++k) {
            const std::string id = chunks[k].id;
            if (!is_parsed(id) || id == "StrT") continue; // StrT is raw bytes
            size_t size = chunks[k].data.size();
            for (size_t len : cut_lengths(size, 512)) {
                std::vector<Chunk> cut = chunks;
                cut[k].data.resize(len);
                Outcome o = load(join(cut), b.name);
                INFO(b.name << ": " << id << " cut to " << len << " of " << size << " bytes");
                if (o.ok()) FAIL("loaded");
                if (o.error.rfind(b.name + ": " + id + " chunk: ", 0) != 0) FAIL(o.error);
            }
        }
    }
}

TEST_CASE("malformed: truncations of the hand-built module", "[loader][malformed]") {
    TinyModule m;
    Bytes image = m.image();
    for (size_t len = 0; len < image.size(); ++len) {
        INFO("length " << len);
        auto r = read_beam(image.data(), len, "tiny.beam");
        REQUIRE(std::holds_alternative<LoadError>(r));
    }
    std::vector<Chunk> chunks = m.chunks();
    for (size_t k = 0; k < chunks.size(); ++k) {
        if (chunks[k].id == "StrT") continue;
        for (size_t len = 0; len < chunks[k].data.size(); ++len) {
            std::vector<Chunk> cut = chunks;
            cut[k].data.resize(len);
            INFO(chunks[k].id << " cut to " << len);
            expect_error(join(cut), "tiny.beam", chunks[k].id, "");
        }
    }
}

// =============================================================================================
// (b) deterministic random corruption
// =============================================================================================

namespace {

// Applies 1..4 random edits, mostly inside the chunks the loader parses.
void mutate(Bytes &b, const std::vector<ChunkPos> &chunks, Rng &rng) {
    std::vector<const ChunkPos *> parsed;
    for (const ChunkPos &c : chunks)
        if (is_parsed(c.id) && c.size > 0) parsed.push_back(&c);
    int edits = 1 + int(rng.below(4));
    for (int e = 0; e < edits; ++e) {
        size_t at;
        uint64_t where = rng.below(10);
        if (where < 7 && !parsed.empty()) {
            const ChunkPos &c = *parsed[rng.below(parsed.size())];
            at = c.data + rng.below(c.size);
        } else if (where < 8) {
            at = rng.below(std::min<size_t>(b.size(), 64)); // the header and first chunk headers
        } else {
            at = rng.below(b.size());
        }
        switch (rng.below(6)) {
        case 0:
        case 1: b[at] ^= uint8_t(1u << rng.below(8)); break;
        case 2: b[at] = uint8_t(rng.next()); break;
        case 3: {
            static const uint8_t kInteresting[] = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0x08, 0x18, 0xF8};
            b[at] = kInteresting[rng.below(sizeof kInteresting)];
            break;
        }
        case 4:
            if (at + 4 <= b.size()) {
                static const uint32_t kWords[] = {0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x10000, 0xFFFF};
                put32(b, at, kWords[rng.below(sizeof kWords / sizeof kWords[0])]);
            }
            break;
        default:
            if (at + 1 < b.size()) std::swap(b[at], b[at + 1]);
            break;
        }
    }
}

} // namespace

TEST_CASE("malformed: random corruption loads or gives a LoadError", "[loader][malformed]") {
    for (const char *name : {"dets_sup.beam", "maps.beam", "Elixir.Access.beam"}) {
        const RealBeam *b = real_beam(name);
        if (!b) continue;
        std::vector<ChunkPos> chunks = layout(b->bytes);
        Rng rng{0x4A4D4C4554ull ^ b->bytes.size()};
        int loaded = 0, refused = 0;
        for (int i = 0; i < 2000; ++i) {
            Bytes m = b->bytes;
            mutate(m, chunks, rng);
            Outcome o = load(m, b->name);
            INFO(name << " mutation " << i);
            if (o.ok()) {
                ++loaded;
                check_consistent(*o.beam);
            } else {
                ++refused;
                REQUIRE(o.error.rfind(b->name + ": ", 0) == 0);
                REQUIRE(o.error.size() > b->name.size() + 2);
            }
        }
        // Both outcomes must occur, or the mutations are not reaching the parsers.
        CHECK(loaded > 0);
        CHECK(refused > 0);
    }
}

TEST_CASE("malformed: random corruption of the Code chunk of the hand-built module", "[loader][malformed]") {
    TinyModule m;
    m.label_count = 5;
    m.body = cat({{64}, {0x47}, enc(kU, 0), enc(kX, 1),   // move {literal,0} x1
                  {7}, enc(kU, 0), enc(kU, 0),             // call_ext 0 erlang:self/0
                  {4}, enc(kU, 0), enc(kF, 4),             // call 0 label 4
                  {92}, enc(kU, 2), enc(kU, 1),            // bs_put_string 2 1
                  {19}, {1}, enc(kU, 3), {1}, enc(kU, 4)}); // return; label 3; label 4
    Bytes image = m.image();
    REQUIRE(load(image, "tiny.beam").ok());
    std::vector<ChunkPos> chunks = layout(image);
    const ChunkPos &code = chunk_pos(chunks, "Code");
    Rng rng{20240501};
    for (int i = 0; i < 3000; ++i) {
        Bytes b = image;
        int edits = 1 + int(rng.below(3));
        for (int e = 0; e < edits; ++e) {
            size_t at = code.data + rng.below(code.size);
            if (rng.below(2)) b[at] ^= uint8_t(1u << rng.below(8));
            else b[at] = uint8_t(rng.next());
        }
        Outcome o = load(b, "tiny.beam");
        INFO("mutation " << i << ": " << o.error);
        if (o.ok()) {
            check_consistent(*o.beam);
        } else {
            // A damaged header label count can also make the export's label invalid.
            REQUIRE((o.error.rfind("tiny.beam: Code chunk: ", 0) == 0 || o.error.rfind("tiny.beam: ExpT chunk: ", 0) == 0));
        }
    }
}

TEST_CASE("malformed: random corruption inside the inflated literal table", "[loader][malformed]") {
    // Corrupting the zlib stream only tests zlib; this corrupts the table it holds and
    // recompresses it, so the ETF decoder sees the damage.
    for (const char *name : {"maps.beam", "Elixir.Access.beam"}) {
        const RealBeam *b = real_beam(name);
        if (!b) continue;
        std::vector<Chunk> chunks = split(b->bytes);
        Bytes &litt = chunk(chunks, "LitT").data;
        uint32_t raw = get32(litt, 0);
        if (raw == 0) { // OTP 28+ stores the table uncompressed
            WARN(name << ": uncompressed LitT; skipped");
            continue;
        }
        Bytes table = zlib_uncompress(Bytes(litt.begin() + 4, litt.end()), raw);
        Rng rng{0xE7F ^ raw};
        int refused = 0;
        for (int i = 0; i < 600; ++i) {
            Bytes t = table;
            int edits = 1 + int(rng.below(3));
            for (int e = 0; e < edits; ++e) {
                size_t at = rng.below(t.size());
                switch (rng.below(3)) {
                case 0: t[at] ^= uint8_t(1u << rng.below(8)); break;
                case 1: t[at] = uint8_t(rng.next()); break;
                default: t[at] = uint8_t(97 + rng.below(23)); break; // another ETF tag
                }
            }
            std::vector<Chunk> c = chunks;
            Bytes &l = chunk(c, "LitT").data;
            l.clear();
            append32(l, uint32_t(t.size()));
            Bytes z = zlib_compress(t);
            l.insert(l.end(), z.begin(), z.end());
            Outcome o = load(join(c), b->name);
            INFO(name << " mutation " << i);
            if (o.ok()) {
                check_consistent(*o.beam);
            } else {
                ++refused;
                REQUIRE(o.error.rfind(b->name + ": ", 0) == 0);
            }
        }
        CHECK(refused > 0);
    }
}

// =============================================================================================
// (c) targeted corruptions of real beams
// =============================================================================================

TEST_CASE("malformed: container errors", "[loader][malformed]") {
    const RealBeam *b = real_beam("maps.beam");
    if (!b) return;
    const std::string name = b->name;
    std::vector<ChunkPos> pos = layout(b->bytes);

    Bytes bad = b->bytes;
    bad[0] = 'X';
    expect_error(bad, name, "IFF", "no FOR1 header");

    bad = b->bytes;
    std::memcpy(&bad[8], "BEAN", 4);
    expect_error(bad, name, "IFF", "form type is not BEAM");

    bad = b->bytes;
    put32(bad, 4, uint32_t(bad.size() - 8 + 1));
    expect_error(bad, name, "IFF", "form size " + std::to_string(bad.size() - 7) + " exceeds the file size");
    put32(bad, 4, 0xFFFFFFFF);
    expect_error(bad, name, "IFF", "exceeds the file size");
    put32(bad, 4, 2);
    expect_error(bad, name, "IFF", "");

    // A chunk whose size runs past the end of the form.
    for (const char *id : {"AtU8", "Code", "LitT", "Type"}) {
        bad = b->bytes;
        const ChunkPos &c = chunk_pos(pos, id);
        put32(bad, c.header + 4, uint32_t(b->bytes.size() - c.data + 1));
        std::string msg = expect_error(bad, name, "IFF", std::string("chunk ") + id + " size");
        CHECK(msg.find("exceeds the file") != std::string::npos);
        put32(bad, c.header + 4, 0xFFFFFFF0);
        expect_error(bad, name, "IFF", std::string("chunk ") + id + " size 4294967280 exceeds the file");
    }

    // Junk after the last chunk (fewer than 8 bytes: not even a chunk header).
    bad = b->bytes;
    bad.insert(bad.end(), {'J', 'U', 'N', 'K'});
    put32(bad, 4, uint32_t(bad.size() - 8));
    expect_error(bad, name, "IFF", "trailing bytes");

    // The same chunk twice.
    std::vector<Chunk> chunks = split(b->bytes);
    std::vector<Chunk> twice = chunks;
    twice.push_back(chunk(chunks, "ImpT"));
    expect_error(join(twice), name, "IFF", "duplicate chunk ImpT");

    // A file shorter than the header.
    expect_error(Bytes{'F', 'O', 'R', '1'}, name, "IFF", "too short");
    expect_error(Bytes{}, name, "IFF", "too short");
}

TEST_CASE("malformed: missing required chunks", "[loader][malformed]") {
    for (const RealBeam &b : real_beams()) {
        for (const char *id : {"AtU8", "Code", "ImpT", "ExpT"}) {
            INFO(b.name << " without " << id);
            std::vector<Chunk> chunks = split(b.bytes);
            chunk(chunks, id).id = "Xxxx"; // renamed: present but unknown
            expect_error(join(chunks), b.name, id, "missing required chunk");
            std::vector<Chunk> removed;
            for (const Chunk &c : split(b.bytes))
                if (c.id != id) removed.push_back(c);
            expect_error(join(removed), b.name, id, "missing required chunk");
        }
    }
    // Only the IFF header: the first thing missing is the atom table.
    Bytes empty{'F', 'O', 'R', '1', 0, 0, 0, 4, 'B', 'E', 'A', 'M'};
    expect_error(empty, "empty.beam", "AtU8", "missing required chunk");
}

TEST_CASE("malformed: table errors in ImpT, ExpT, LocT, FunT, AtU8, Line, Type, Attr, CInf", "[loader][malformed]") {
    const RealBeam *b = real_beam("lists.beam");
    if (!b) return;
    const std::string name = b->name;
    Outcome good = load(b->bytes, name);
    REQUIRE(good.ok());
    const uint32_t atom_count = uint32_t(good.beam->atoms.size() - 1);
    const uint32_t label_count = good.beam->label_count;
    std::vector<Chunk> chunks = split(b->bytes);
    auto with = [&](const std::string &id, auto &&edit) {
        std::vector<Chunk> c = chunks;
        edit(chunk(c, id).data);
        return join(c);
    };

    // ImpT: atom indexes out of range, for the module and the function of an entry.
    expect_error(with("ImpT", [&](Bytes &d) { put32(d, 4, atom_count + 1); }), name, "ImpT",
                 "module atom index " + std::to_string(atom_count + 1) + " out of range");
    expect_error(with("ImpT", [&](Bytes &d) { put32(d, 4 + 12 + 4, 0xFFFFFFFF); }), name, "ImpT",
                 "function atom index 4294967295 out of range");
    expect_error(with("ImpT", [&](Bytes &d) { put32(d, 4, 0); }), name, "ImpT", "atom index 0 out of range");
    expect_error(with("ImpT", [&](Bytes &d) { put32(d, 12, 256); }), name, "ImpT", "arity above 255");
    expect_error(with("ImpT", [&](Bytes &d) { put32(d, 0, get32(d, 0) + 1); }), name, "ImpT", "count larger than the chunk");
    expect_error(with("ImpT", [&](Bytes &d) { put32(d, 0, 0xFFFFFFFF); }), name, "ImpT", "count larger than the chunk");

    // ExpT: labels that are out of range or not defined by the code.
    expect_error(with("ExpT", [&](Bytes &d) { put32(d, 12, label_count); }), name, "ExpT",
                 "entry label " + std::to_string(label_count) + " out of range");
    expect_error(with("ExpT", [&](Bytes &d) { put32(d, 12, 0); }), name, "ExpT", "entry label 0 out of range");
    expect_error(with("ExpT", [&](Bytes &d) { put32(d, 4, atom_count + 7); }), name, "ExpT", "atom index");
    expect_error(with("ExpT", [&](Bytes &d) { put32(d, 8, 1000); }), name, "ExpT", "arity above 255");
    expect_error(with("ExpT", [&](Bytes &d) { put32(d, 0, 0x7FFFFFFF); }), name, "ExpT", "count larger than the chunk");
    {
        // In range but undefined: raise the header's label count by one and export the new label.
        std::vector<Chunk> c = chunks;
        Bytes &code = chunk(c, "Code").data;
        put32(code, 12, label_count + 1);
        put32(chunk(c, "ExpT").data, 12, label_count);
        expect_error(join(c), name, "ExpT", "entry label " + std::to_string(label_count) + " is not defined in the code");
        // The same for a local function and for a lambda.
        c = chunks;
        put32(chunk(c, "Code").data, 12, label_count + 1);
        put32(chunk(c, "LocT").data, 12, label_count);
        expect_error(join(c), name, "LocT", "entry label " + std::to_string(label_count) + " is not defined in the code");
        c = chunks;
        put32(chunk(c, "Code").data, 12, label_count + 1);
        put32(chunk(c, "FunT").data, 12, label_count);
        expect_error(join(c), name, "FunT", "is not defined in the code");
    }
    expect_error(with("LocT", [&](Bytes &d) { put32(d, 12, 0x40000000); }), name, "LocT", "out of range");

    // FunT: label, arity/free count, atom.
    expect_error(with("FunT", [&](Bytes &d) { put32(d, 12, label_count + 5); }), name, "FunT", "lambda label out of range");
    expect_error(with("FunT", [&](Bytes &d) { put32(d, 8, 300); }), name, "FunT", "bad lambda arity");
    expect_error(with("FunT", [&](Bytes &d) { put32(d, 20, get32(d, 8) + 1); }), name, "FunT", "free count");
    expect_error(with("FunT", [&](Bytes &d) { put32(d, 4, atom_count + 1); }), name, "FunT", "atom index");
    expect_error(with("FunT", [&](Bytes &d) { put32(d, 0, 2); }), name, "FunT", "count larger than the chunk");

    // AtU8: count beyond the chunk, an atom running off the end, bad UTF-8, no atoms.
    expect_error(with("AtU8", [&](Bytes &d) { put32(d, 0, 0x10000000); }), name, "AtU8", "atom count larger than the chunk");
    expect_error(with("AtU8", [&](Bytes &d) { put32(d, 0, get32(d, 0) + 1); }), name, "AtU8", "truncated");
    expect_error(with("AtU8", [&](Bytes &d) { d[5] = 0xFF; }), name, "AtU8", "atom 1 is not valid UTF-8");
    expect_error(with("AtU8", [&](Bytes &d) { d.resize(4), put32(d, 0, 0); }), name, "AtU8", "no atoms");
    expect_error(with("AtU8", [&](Bytes &d) { put32(d, 0, 0x80000000); }), name, "AtU8", "bad atom count");

    // Line: counts beyond the chunk, file index out of range.
    expect_error(with("Line", [&](Bytes &d) { put32(d, 12, 0x7FFFFFFF); }), name, "Line", "item count larger than the chunk");
    expect_error(with("Line", [&](Bytes &d) { put32(d, 16, 0x00FFFFFF); }), name, "Line", "item count larger than the chunk");
    expect_error(with("Line", [&](Bytes &d) { put32(d, 16, get32(d, 16) + 1); }), name, "Line", "truncated");

    // Type: a version 1 table whose size does not match its count.
    expect_error(with("Type", [&](Bytes &d) { put32(d, 4, get32(d, 4) + 1); }), name, "Type", "does not match its count");
    expect_error(with("Type", [&](Bytes &d) { d.push_back(0); }), name, "Type", "does not match its count");

    // Attr and CInf are single terms in the external format.
    expect_error(with("Attr", [&](Bytes &d) { d[0] = 130; }), name, "Attr", "not external term format");
    expect_error(with("CInf", [&](Bytes &d) { d[1] = 0xEE; }), name, "CInf", "unknown tag 238");
    expect_error(with("CInf", [&](Bytes &d) { d.resize(d.size() / 2); }), name, "CInf", "truncated term");
}

TEST_CASE("malformed: literal table errors", "[loader][malformed]") {
    for (const char *bname : {"maps.beam", "Elixir.Access.beam"}) {
        const RealBeam *b = real_beam(bname);
        if (!b) continue;
        const std::string name = b->name;
        INFO(name);
        std::vector<Chunk> chunks = split(b->bytes);
        const Bytes litt = chunk(chunks, "LitT").data;
        const uint32_t raw = get32(litt, 0);
        if (raw == 0) { // OTP 28+ stores the table uncompressed
            WARN(name << ": uncompressed LitT; skipped");
            continue;
        }
        const Bytes table = zlib_uncompress(Bytes(litt.begin() + 4, litt.end()), raw);
        auto with_litt = [&](const Bytes &data) {
            std::vector<Chunk> c = chunks;
            chunk(c, "LitT").data = data;
            return join(c);
        };
        auto with_table = [&](const Bytes &t) {
            Bytes d;
            append32(d, uint32_t(t.size()));
            Bytes z = zlib_compress(t);
            d.insert(d.end(), z.begin(), z.end());
            return with_litt(d);
        };
        REQUIRE(load(with_table(table), name).ok()); // recompressing by itself is harmless

        // A bad zlib stream: broken zlib header, flipped data (Adler-32 mismatch), garbage.
        Bytes bad = litt;
        bad[4] = 0x00;
        expect_error(with_litt(bad), name, "LitT", "bad zlib stream");
        bad = litt;
        bad[bad.size() - 1] ^= 0x55;
        expect_error(with_litt(bad), name, "LitT", "bad zlib stream");
        bad = litt;
        std::fill(bad.begin() + 6, bad.end(), 0xA5);
        expect_error(with_litt(bad), name, "LitT", "bad zlib stream");
        // The declared inflated size is wrong, or impossibly large.
        bad = litt;
        put32(bad, 0, raw + 1);
        expect_error(with_litt(bad), name, "LitT", "bad zlib stream");
        put32(bad, 0, raw - 1);
        expect_error(with_litt(bad), name, "LitT", "bad zlib stream");
        put32(bad, 0, 0xFFFFFFFF);
        expect_error(with_litt(bad), name, "LitT", "impossible");
        put32(bad, 0, 0x3FFFFFFF);
        expect_error(with_litt(bad), name, "LitT", "impossible");

        // Bad ETF inside the table: version byte, unknown tag, truncated term, trailing bytes.
        Bytes t = table;
        REQUIRE(t[8] == 131); // count, size of literal 0, then its version byte
        t[8] = 130;
        expect_error(with_table(t), name, "LitT", "literal 0: not external term format");
        t = table;
        t[9] = 0xEE;
        expect_error(with_table(t), name, "LitT", "literal 0: unknown tag 238");
        t = table;
        put32(t, 4, get32(t, 4) - 1);
        t.erase(t.begin() + 8 + long(get32(t, 4))); // the last byte of literal 0
        expect_error(with_table(t), name, "LitT", "literal 0: truncated term");
        t = table;
        put32(t, 4, get32(t, 4) + 1);
        t.insert(t.begin() + 8 + long(get32(t, 4)) - 1, 0);
        expect_error(with_table(t), name, "LitT", "literal 0: trailing bytes");
        // Counts and sizes beyond the table.
        t = table;
        put32(t, 0, get32(t, 0) + 1);
        expect_error(with_table(t), name, "LitT", "");
        t = table;
        put32(t, 0, 0x7FFFFFFF);
        expect_error(with_table(t), name, "LitT", "literal count larger than the table");
        t = table;
        put32(t, 4, 0xFFFFFFFF);
        expect_error(with_table(t), name, "LitT", "truncated literal");
    }
}

// =============================================================================================
// (c) targeted corruptions of the Code chunk: real beams, located by scanning
// =============================================================================================

namespace {

// Bytes of instruction i of a loaded module: [code_offset, next instruction's code_offset).
std::pair<size_t, size_t> instr_span(const BeamFile &bf, size_t i, size_t code_size) {
    size_t begin = bf.code[i].code_offset;
    size_t end = i + 1 < bf.code.size() ? bf.code[i + 1].code_offset : code_size;
    return {begin, end};
}

} // namespace

TEST_CASE("malformed: Code chunk corruptions located in real beams", "[loader][malformed]") {
    for (const char *bname : {"maps.beam", "lists.beam", "Elixir.Access.beam"}) {
        const RealBeam *b = real_beam(bname);
        if (!b) continue;
        const std::string name = b->name;
        INFO(name);
        Outcome good = load(b->bytes, name);
        REQUIRE(good.ok());
        const BeamFile &bf = *good.beam;
        std::vector<Chunk> chunks = split(b->bytes);
        const Bytes code = chunk(chunks, "Code").data;
        auto with_code = [&](const Bytes &c) {
            std::vector<Chunk> cs = chunks;
            chunk(cs, "Code").data = c;
            return join(cs);
        };
        auto find = [&](GenOp op, auto &&pred) -> size_t {
            for (size_t i = 0; i < bf.code.size(); ++i) {
                if (bf.code[i].op != op) continue;
                auto [begin, end] = instr_span(bf, i, code.size());
                REQUIRE(code[begin] == uint8_t(op));
                if (pred(begin, end)) return i;
            }
            return SIZE_MAX;
        };

        // Code header: the highest opcode beyond what Hamlet knows, a bad version, labels.
        Bytes c = code;
        put32(c, 8, kMaxGenericOpcode + 1);
        expect_error(with_code(c), name, "Code", "highest opcode " + std::to_string(kMaxGenericOpcode + 1));
        put32(c, 8, 0xFFFFFFFF);
        expect_error(with_code(c), name, "Code", "compiled for a newer runtime");
        c = code;
        put32(c, 4, 1);
        expect_error(with_code(c), name, "Code", "instruction set version 1");
        c = code;
        put32(c, 12, 0);
        expect_error(with_code(c), name, "Code", "label count out of range");
        c = code;
        put32(c, 12, 0xFFFFFFFF);
        expect_error(with_code(c), name, "Code", "label count out of range");
        c = code;
        put32(c, 0, 8);
        expect_error(with_code(c), name, "Code", "code header shorter than 16 bytes");
        c = code;
        put32(c, 0, 0x7FFFFFFF);
        expect_error(with_code(c), name, "Code", "truncated code header");
        // An opcode used by the code but above the header's highest opcode.
        uint32_t max_used = 0;
        for (const GenericInstr &ins : bf.code) max_used = std::max<uint32_t>(max_used, uint32_t(ins.op));
        c = code;
        put32(c, 8, max_used - 1);
        expect_error(with_code(c), name, "Code", "above the header's highest opcode");

        // Unknown opcodes in place of the last `return` (no operands, so nothing else moves).
        size_t ret = SIZE_MAX;
        for (size_t i = 0; i < bf.code.size(); ++i)
            if (bf.code[i].op == GenOp::return_) ret = i;
        REQUIRE(ret != SIZE_MAX);
        size_t at = bf.code[ret].code_offset;
        REQUIRE(code[at] == uint8_t(GenOp::return_));
        for (uint8_t op : {uint8_t(0), uint8_t(kMaxGenericOpcode + 1), uint8_t(200), uint8_t(255)}) {
            c = code;
            c[at] = op;
            expect_error(with_code(c), name, "Code",
                         "unknown opcode " + std::to_string(op) + " (at byte " + std::to_string(at) + " of the chunk)");
        }
        c = code;
        c[at] = 27; // m_plus: obsolete
        expect_error(with_code(c), name, "Code", "obsolete instruction m_plus");
        // Cut the stream right after that return: no int_code_end.
        c = Bytes(code.begin(), code.begin() + long(at) + 1);
        expect_error(with_code(c), name, "Code", "code does not end with int_code_end");

        // Operands are replaced by re-encoding them (the Code chunk holds no byte offsets, so
        // the instruction may change length).
        auto splice = [&](size_t pos, size_t old_len, const Bytes &now) {
            Bytes out = code;
            out.erase(out.begin() + long(pos), out.begin() + long(pos + old_len));
            out.insert(out.begin() + long(pos), now.begin(), now.end());
            return out;
        };

        // call_ext Arity Import: the first import index past the table.
        size_t ce = find(GenOp::call_ext_, [](size_t, size_t) { return true; });
        REQUIRE(ce != SIZE_MAX);
        {
            size_t begin = bf.code[ce].code_offset;
            size_t idx = begin + 1 + simple_len(&code[begin + 1]);
            size_t n = bf.imports.size();
            c = splice(idx, simple_len(&code[idx]), enc(kU, n));
            expect_error(with_code(c), name, "Code",
                         "import index " + std::to_string(n) + " out of range (at byte " + std::to_string(idx) + " of the chunk)");
            c = splice(idx, simple_len(&code[idx]), enc(kU, n - 1));
            CHECK(load(with_code(c), name).ok()); // the last import is fine
        }

        // move {literal,N} Dst (z4 = 0x47, then u N): the first literal index past the table.
        size_t mv = find(GenOp::move_, [&](size_t begin, size_t) { return code[begin + 1] == 0x47; });
        if (mv != SIZE_MAX) {
            size_t begin = bf.code[mv].code_offset;
            size_t n = bf.file_literal_count;
            c = splice(begin + 2, simple_len(&code[begin + 2]), enc(kU, n));
            expect_error(with_code(c), name, "Code",
                         "literal index " + std::to_string(n) + " out of range (at byte " + std::to_string(begin + 1) + " of the chunk)");
        } else {
            WARN(name << ": no move of a literal to corrupt");
        }

        // call Arity Label: a label in range (the header's count raised by one) but never
        // defined; and the label count itself, which is out of range.
        size_t call = find(GenOp::call_, [](size_t, size_t) { return true; });
        REQUIRE(call != SIZE_MAX);
        {
            size_t begin = bf.code[call].code_offset;
            size_t lab = begin + 1 + simple_len(&code[begin + 1]);
            c = splice(lab, simple_len(&code[lab]), enc(kF, bf.label_count));
            expect_error(with_code(c), name, "Code", "label " + std::to_string(bf.label_count) + " out of range");
            put32(c, 12, bf.label_count + 1);
            expect_error(with_code(c), name, "Code",
                         "jump to undefined label " + std::to_string(bf.label_count) + " (at byte " + std::to_string(begin) + " of the chunk)");
        }

        // A `label` instruction defining a label twice.
        size_t l2 = find(GenOp::label_, [&](size_t begin, size_t end) { return end - begin == 2; });
        size_t l3 = SIZE_MAX;
        for (size_t i = l2 + 1; i < bf.code.size() && l3 == SIZE_MAX; ++i)
            if (bf.code[i].op == GenOp::label_ && instr_span(bf, i, code.size()).second - bf.code[i].code_offset == 2) l3 = i;
        REQUIRE(l3 != SIZE_MAX);
        c = code;
        c[bf.code[l3].code_offset + 1] = code[bf.code[l2].code_offset + 1];
        expect_error(with_code(c), name, "Code", "defined twice");
    }
}

// =============================================================================================
// (c) targeted corruptions of the Code chunk: the hand-built module
// =============================================================================================

TEST_CASE("malformed: Code chunk errors in a hand-built module", "[loader][malformed]") {
    const std::string name = "tiny.beam";
    auto err = [&](const TinyModule &m, const std::string &what) { return expect_error(m.image(), name, "Code", what); };

    TinyModule m;
    m.body = cat({{4}, enc(kU, 0), enc(kF, 2)}); // call 0 label 2: fine
    REQUIRE(load(m.image(), name).ok());

    m.label_count = 4;
    m.body = cat({{4}, enc(kU, 0), enc(kF, 3)}); // label 3 is in range but never defined
    err(m, "jump to undefined label 3");
    m.body = cat({{59}, enc(kX, 0), enc(kF, 2), {0x17}, enc(kU, 2), enc(kI, 1), enc(kF, 3)}); // select_val x0 f2 [1 f3]
    err(m, "jump to undefined label 3");
    m.label_count = 3;
    m.body = cat({{4}, enc(kU, 0), enc(kF, 9)});
    err(m, "label 9 out of range");

    m = TinyModule{};
    m.body = cat({{7}, enc(kU, 0), enc(kU, 0)}); // call_ext 0 erlang:self/0
    REQUIRE(load(m.image(), name).ok());
    m.body = cat({{7}, enc(kU, 0), enc(kU, 1)});
    err(m, "import index 1 out of range");
    m.imports.clear();
    m.body = cat({{7}, enc(kU, 0), enc(kU, 0)});
    err(m, "import index 0 out of range");
    m.body = cat({{7}, enc(kU, 0), enc(kX, 0)});
    err(m, "call_ext: operand should be an import index");

    m = TinyModule{};
    m.body = cat({{64}, {0x47}, enc(kU, 0), enc(kX, 0)}); // move {literal,0} x0
    REQUIRE(load(m.image(), name).ok());
    m.body = cat({{64}, {0x47}, enc(kU, 1), enc(kX, 0)});
    err(m, "literal index 1 out of range");
    m.literals.clear(); // no LitT at all
    m.body = cat({{64}, {0x47}, enc(kU, 0), enc(kX, 0)});
    err(m, "literal index 0 out of range");

    m = TinyModule{};
    m.body = {200};
    err(m, "unknown opcode 200");
    m.body = {0};
    err(m, "unknown opcode 0");
    m.body = {185};
    err(m, "unknown opcode 185");
    m.max_opcode = kMaxGenericOpcode + 1;
    m.body = {};
    err(m, "highest opcode " + std::to_string(kMaxGenericOpcode + 1));
    m.max_opcode = 63; // move is 64
    err(m, "opcode 64 above the header's highest opcode");

    m = TinyModule{};
    m.body = cat({{64}, enc(kA, 99), enc(kX, 0)});
    err(m, "atom index 99 out of range");
    m.body = cat({{64}, enc(kA, 1), enc(kX, 1024)});
    err(m, "x register 1024 out of range");
    m.body = cat({{64}, enc(kA, 1), enc(kY, 1u << 20)});
    err(m, "y register out of range");
    m.body = cat({{64}, enc(kA, 1), enc(kA, 1)});
    err(m, "move: operand should be a register");
    m.body = cat({{64}, {0x17}, enc(kU, 1), enc(kA, 1), enc(kX, 0)}); // a list not last
    err(m, "operand list not in last position");
    m.body = cat({{64}, {0x07}, enc(kX, 0)}); // z0: old float literal
    err(m, "old-style float operand");
    m.body = cat({{64}, {0x67}, enc(kX, 0)}); // z6: unknown extension
    err(m, "unknown extended operand tag 6");
    m.body = cat({{64}, {0x06}, enc(kX, 0)}); // h
    err(m, "character operand");
    m.body = cat({{12}, enc(kU, 0), enc(kU, 1)}); // allocate 0 1: fine
    REQUIRE(load(m.image(), name).ok());
    m.body = cat({{16}, {0x37}, enc(kU, 1), enc(kU, 7), enc(kU, 1), enc(kU, 1)}); // test_heap alloc:[{7,1}]
    err(m, "unknown allocation kind 7");
    m.body = cat({{16}, {0x37}, enc(kU, 4)});
    err(m, "allocation list too long");
    // A long operand (byte count as a u value) that runs off the end.
    m.body = cat({{64}, {0xF9}, enc(kU, 200)});
    err(m, "");
    // Typed register with an out-of-range register.
    m.body = cat({{64}, enc(kA, 1), {0x57}, enc(kX, 2000), enc(kU, 0)});
    err(m, "x register 2000 out of range");

    // Missing int_code_end / label 0 / duplicate label / a trailing instruction.
    m = TinyModule{};
    m.code_override = cat({{1}, enc(kU, 1), {2}, enc(kA, 1), enc(kA, 2), enc(kU, 0), {1}, enc(kU, 2), {19}});
    err(m, "code does not end with int_code_end");
    m.code_override = cat({{1}, enc(kU, 0), {3}});
    err(m, "label 0 out of range");
    m.code_override = cat({{1}, enc(kU, 1), {1}, enc(kU, 1), {3}});
    err(m, "label 1 defined twice");

    // StrT references out of range.
    m = TinyModule{};
    m.body = cat({{92}, enc(kU, 4), enc(kU, 0)}); // bs_put_string 4 0: the whole StrT
    REQUIRE(load(m.image(), name).ok());
    m.body = cat({{92}, enc(kU, 5), enc(kU, 0)});
    err(m, "string reference outside the StrT chunk");
    m.body = cat({{92}, enc(kU, 1), enc(kU, 4)});
    err(m, "string reference outside the StrT chunk");
    m.body = cat({{92}, enc(kU, 1), enc(kU, ~uint64_t(0))});
    err(m, "string reference outside the StrT chunk");
    m.body = cat({{132}, enc(kF, 0), enc(kX, 0), enc(kU, 33), enc(kU, 0)}); // 33 bits = 5 bytes
    err(m, "string reference outside the StrT chunk");
    m.body = cat({{132}, enc(kF, 0), enc(kX, 0), enc(kU, 32), enc(kU, 0)});
    REQUIRE(load(m.image(), name).ok());

    // bs_create_bin string segments: (a 'string', u Seg, u Unit, Flags, u Offset, i Bytes).
    m = TinyModule{};
    m.atoms.push_back("string"); // atom 6
    auto create_bin = [](const Bytes &segments, uint64_t count) {
        return cat({{177}, enc(kF, 0), enc(kU, 0), enc(kU, 1), enc(kU, 8), enc(kX, 0), {0x17}, enc(kU, count), segments});
    };
    auto string_seg = [](uint64_t offset, const Bytes &size) {
        return cat({enc(kA, 6), enc(kU, 1), enc(kU, 8), enc(kA, 0), enc(kU, offset), size});
    };
    m.body = create_bin(string_seg(0, enc(kI, 4)), 6);
    REQUIRE(load(m.image(), name).ok());
    m.body = create_bin(cat({string_seg(0, enc(kI, 4)), string_seg(3, enc(kI, 1))}), 12);
    REQUIRE(load(m.image(), name).ok());
    m.body = create_bin(string_seg(0, enc(kI, 5)), 6);
    err(m, "string reference outside the StrT chunk");
    m.body = create_bin(string_seg(4, enc(kI, 1)), 6);
    err(m, "string reference outside the StrT chunk");
    m.body = create_bin(cat({string_seg(0, enc(kI, 1)), string_seg(~uint64_t(0) - 1, enc(kI, 2))}), 12);
    err(m, "string reference outside the StrT chunk");
    m.body = create_bin(string_seg(0, {0x19, 0xFF, 0xFF}), 6); // i -1
    err(m, "negative string segment length");
    m.body = create_bin(string_seg(0, enc(kX, 4)), 6);
    err(m, "bad bs_create_bin string segment");
    m.body = create_bin(cat({enc(kA, 6), enc(kU, 1), enc(kU, 8), enc(kA, 0), enc(kU, 0)}), 5);
    err(m, "not a multiple of 6");
    m.body = create_bin(cat({enc(kX, 1), enc(kU, 1), enc(kU, 8), enc(kA, 0), enc(kU, 0), enc(kI, 1),
                             string_seg(0, enc(kI, 4))}), 12);
    err(m, "segment type is not an atom");
}

TEST_CASE("malformed: older and newer container variants, and their errors", "[loader][malformed]") {
    const std::string name = "tiny.beam";
    auto atom_text = [](Term a) { return std::string(AtomTable::global().text(a)); };
    // Latin-1 atom table (the "Atom" chunk).
    TinyModule m;
    m.atom_chunk = "Atom";
    m.atoms[1] = "f\xE9"; // Latin-1 e-acute
    Outcome o = load(m.image(), name);
    INFO(o.error);
    REQUIRE(o.ok());
    CHECK(atom_text(o.beam->atoms[2]) == "f\xC3\xA9");
    m.atoms[1] = std::string(256, 'x').substr(0, 255);
    CHECK(load(m.image(), name).ok());

    // OTP 28 atom table: negated count, lengths as compact u values (so atoms may be long).
    m = TinyModule{};
    m.compact_atom_lengths = true;
    std::string greek;
    for (int i = 0; i < 255; ++i) greek += "\xCE\xB1"; // 255 characters, 510 bytes
    m.atoms[1] = greek;
    o = load(m.image(), name);
    INFO(o.error);
    REQUIRE(o.ok());
    CHECK(atom_text(o.beam->atoms[2]) == greek);
    m.atoms[1] = greek + "\xCE\xB1"; // 256 characters
    expect_error(m.image(), name, "AtU8", "atom 2 is not valid UTF-8 or is too long");
    m.atoms[1] = "\xC0\x80";
    expect_error(m.image(), name, "AtU8", "atom 2 is not valid UTF-8");
    m.atoms[1] = "f";
    std::vector<Chunk> chunks = m.chunks();
    chunk(chunks, "AtU8").data[4] = uint8_t(1 << 4 | kX); // a length tagged x, not u
    expect_error(join(chunks), name, "AtU8", "bad atom length");

    // OTP 28 literal table: stored uncompressed.
    m = TinyModule{};
    m.plain_literals = true;
    m.literals = {etf_atom("plain"), {131, 97, 42}};
    m.body = cat({{64}, {0x47}, enc(kU, 1), enc(kX, 0)});
    o = load(m.image(), name);
    INFO(o.error);
    REQUIRE(o.ok());
    REQUIRE(o.beam->literals.size() == 2);
    CHECK(dump_term(o.beam->literals[0]) == "'plain'");
    CHECK(dump_term(o.beam->literals[1]) == "42");
    m.literals = {{131, 200}};
    std::string msg = expect_error(m.image(), name, "LitT", "literal 0: unknown tag 200");
    CHECK(msg.find("inflated") == std::string::npos);
    m.literals = {etf_atom("ok"), {131, 104, 1, 97}};
    expect_error(m.image(), name, "LitT", "literal 1: truncated term");
}

TEST_CASE("malformed: bs_match_string bit counts near 2^64 do not wrap the StrT check", "[loader][malformed]") {
    // Rounding bits up to bytes as (bits + 7) / 8 wraps for bits >= 2^64 - 7, which once let
    // a reference to 2^61 bytes of a 4-byte StrT through.
    TinyModule m;
    for (uint64_t bits : {~uint64_t(0), ~uint64_t(0) - 6}) {
        INFO("bits " << bits);
        m.body = cat({{132}, enc(kF, 0), enc(kX, 0), enc(kU, bits), enc(kU, 0)});
        expect_error(m.image(), "tiny.beam", "Code", "string reference outside the StrT chunk");
    }
}

// =============================================================================================
// gzip-wrapped beams
// =============================================================================================

namespace {

Bytes gzip(const Bytes &plain) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    Bytes out(deflateBound(&z, uLong(plain.size())) + 64);
    z.next_in = const_cast<uint8_t *>(plain.data());
    z.avail_in = uInt(plain.size());
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

} // namespace

TEST_CASE("malformed: gzip-wrapped beams", "[loader][malformed]") {
    for (const char *bname : {"maps.beam", "Elixir.Access.beam"}) {
        const RealBeam *b = real_beam(bname);
        if (!b) continue;
        const std::string name = b->name;
        INFO(name);
        Bytes gz = gzip(b->bytes);
        REQUIRE(gz[0] == 0x1F);
        REQUIRE(gz[1] == 0x8B);
        Outcome plain = load(b->bytes, name), packed = load(gz, name);
        REQUIRE(plain.ok());
        INFO(packed.error);
        REQUIRE(packed.ok());
        CHECK(packed.beam->md5 == plain.beam->md5);
        CHECK(packed.beam->code.size() == plain.beam->code.size());
        CHECK(packed.beam->module == plain.beam->module);

        // Corrupted: the CRC-32 or the size in the trailer, the deflate data, truncation.
        Bytes bad = gz;
        bad[bad.size() - 6] ^= 0x01; // CRC-32
        expect_error(bad, name, "", "bad gzip stream");
        bad = gz;
        bad[bad.size() - 2] ^= 0x01; // ISIZE
        expect_error(bad, name, "", "bad gzip stream");
        bad = gz;
        for (size_t i = 20; i < 40; ++i) bad[i] = 0xFF;
        expect_error(bad, name, "", "bad gzip stream");
        for (size_t len : {size_t(2), size_t(10), gz.size() / 2, gz.size() - 8, gz.size() - 1}) {
            INFO("gzip cut to " << len);
            expect_error(Bytes(gz.begin(), gz.begin() + long(len)), name, "", "bad gzip stream");
        }
        // A valid gzip stream of something that is not a beam: the IFF error still names the file.
        Bytes not_beam(b->bytes.begin() + 4, b->bytes.end());
        expect_error(gzip(not_beam), name, "IFF", "no FOR1 header");
        // A valid gzip stream of a corrupted beam reports the chunk inside.
        std::vector<Chunk> chunks = split(b->bytes);
        chunk(chunks, "ImpT").id = "Impt";
        expect_error(gzip(join(chunks)), name, "ImpT", "missing required chunk");
    }
}

// =============================================================================================
// The OTP 26 instructions whose operands the loader decodes itself: bs_match, update_record
// =============================================================================================

TEST_CASE("malformed: bs_match command lists", "[loader][malformed]") {
    const std::string name = "tiny.beam";
    TinyModule m;
    m.max_opcode = 183;
    // Atoms 6.. are the bs_match commands and one unknown word.
    for (const char *a : {"ensure_at_least", "ensure_exactly", "integer", "binary", "get_tail",
                          "skip", "=:=", "bogus"})
        m.atoms.push_back(a);
    enum : uint64_t { kAtLeast = 6, kExactly, kInteger, kBinary, kGetTail, kSkip, kEq, kBogus };
    // Literal 1: [little, signed]; literal 0 ('lit0') is not a list.
    m.literals.push_back({131, 108, 0,   0, 0,   2,   119, 6,   'l', 'i', 't', 't',
                          'l', 'e', 119, 6, 's', 'i', 'g', 'n', 'e', 'd', 106});
    // bs_match Fail Ctx [Count operands]
    auto code = [&](const Bytes &fail, const Bytes &ctx, uint64_t count, const Bytes &list) {
        return cat({{182}, fail, ctx, {0x17}, enc(kU, count), list});
    };
    const Bytes nil = enc(kA, 0), f1 = enc(kF, 1), f0 = enc(kF, 0), x0 = enc(kX, 0);
    auto ensure = [&](uint64_t bits, uint64_t unit) {
        return cat({enc(kA, kAtLeast), enc(kU, bits), enc(kU, unit)});
    };
    auto integer = [&](const Bytes &flags, const Bytes &size, const Bytes &dst) {
        return cat({enc(kA, kInteger), enc(kU, 2), flags, size, enc(kU, 1), dst});
    };
    auto err = [&](const std::string &what) {
        return expect_error(m.image(), name, "Code", "bs_match: " + what);
    };

    // Well-formed lists load: every command, each kind of flags.
    m.body = code(
        f1, x0, 3 + 6 + 6 + 2 + 4 + 2 + 4,
        cat({ensure(32, 8), integer(nil, enc(kU, 8), enc(kX, 1)),
             integer(cat({{0x47}, enc(kU, 1)}), enc(kU, 8), enc(kY, 0)),
             cat({enc(kA, kExactly), enc(kU, 24)}),
             cat({enc(kA, kEq), nil, enc(kU, 8), enc(kU, 0x41)}), cat({enc(kA, kSkip), enc(kU, 4)}),
             cat({enc(kA, kGetTail), enc(kU, 2), enc(kU, 1), enc(kX, 2)})}));
    {
        Outcome o = load(m.image(), name);
        INFO(o.error);
        REQUIRE(o.ok());
        check_consistent(*o.beam);
    }
    m.body = code(f0, x0, 6, integer(enc(kU, 6), enc(kU, 8), enc(kX, 1))); // u flags, no ensure
    REQUIRE(load(m.image(), name).ok());
    m.body = code(f1, enc(kY, 0), 6,
                  cat({enc(kA, kBinary), nil, nil, enc(kU, 3), enc(kU, 8), enc(kX, 1)}));
    REQUIRE(load(m.image(), name).ok());

    // Unknown commands and bad list shapes.
    m.body = code(f1, x0, 2, cat({enc(kA, kBogus), enc(kU, 8)}));
    err("unknown command 'bogus'");
    m.body = code(f1, x0, 3, cat({enc(kU, 8), enc(kU, 8), enc(kU, 1)}));
    err("command 1 is not an atom");
    m.body = code(f1, x0, 3 + 2, cat({ensure(8, 1), enc(kU, 8), enc(kU, 1)}));
    err("command 2 is not an atom");
    m.body = code(f1, x0, 2, cat({enc(kA, kAtLeast), enc(kU, 8)}));
    err("'ensure_at_least' needs 2 operands, the list ends after 1");
    m.body =
        code(f1, x0, 3 + 4, cat({ensure(8, 1), enc(kA, kInteger), enc(kU, 2), nil, enc(kU, 8)}));
    err("'integer' needs 5 operands, the list ends after 3");
    m.body = code(f1, x0, 0, {});
    err("empty command list");
    m.body = cat({{182}, f1, x0, enc(kU, 3)}); // the commands are not a list
    expect_error(m.image(), name, "Code", "bs_match: operand should be a list");

    // Operands of the wrong kind or out of range.
    m.body = code(f1, enc(kA, 3), 3, ensure(8, 1));
    err("the context is not a register");
    m.body = code(f1, x0, 3, ensure(8, 0));
    err("'ensure_at_least' operand 2 should be a unit from 1 up");
    m.body = code(f1, x0, 3, cat({enc(kA, kAtLeast), enc(kX, 8), enc(kU, 1)}));
    err("'ensure_at_least' operand 1 should be an unsigned bit count");
    m.body = code(f1, x0, 3 + 6, cat({ensure(8, 1), integer(nil, enc(kX, 3), enc(kX, 1))}));
    err("'integer' operand 3 should be an unsigned size");
    m.body = code(f1, x0, 3 + 6, cat({ensure(8, 1), integer(nil, enc(kU, 8), enc(kA, 3))}));
    err("'integer' operand 5 should be a register");
    m.body = code(f1, x0, 3 + 6,
                  cat({ensure(8, 1), integer(cat({{0x47}, enc(kU, 0)}), enc(kU, 8), enc(kX, 1))}));
    err("'integer' operand 2 should be flags (a list of atoms)");
    m.body = code(f1, x0, 3 + 6, cat({ensure(8, 1), integer(enc(kA, 3), enc(kU, 8), enc(kX, 1))}));
    err("'integer' operand 2 should be flags");
    m.body = code(f1, x0, 3 + 4, cat({ensure(72, 1), enc(kA, kEq), nil, enc(kU, 65), enc(kU, 0)}));
    err("'=:=' operand 2 should be a bit count up to 64");
    m.body = code(f1, x0, 3 + 4,
                  cat({enc(kA, kGetTail), enc(kU, 1), enc(kU, 1), enc(kI, 1), ensure(8, 1)}));
    err("'get_tail' operand 3 should be a register");
    // A test without a fail label, and a context overwritten while still needed.
    m.body = code(f0, x0, 3, ensure(8, 1));
    err("'ensure_at_least' can fail, but the instruction has no fail label");
    m.body = code(f1, x0, 3 + 6 + 2,
                  cat({ensure(16, 1), integer(nil, enc(kU, 8), x0), enc(kA, kSkip), enc(kU, 8)}));
    err("'integer' overwrites the context register before the last command");
    m.body = code(f1, x0, 3 + 6, cat({ensure(8, 1), integer(nil, enc(kU, 8), x0)})); // last: fine
    REQUIRE(load(m.image(), name).ok());
}

TEST_CASE("malformed: update_record field lists", "[loader][malformed]") {
    const std::string name = "tiny.beam";
    TinyModule m;
    m.max_opcode = 183;
    m.atoms.push_back("copy"); // atom 6
    auto update = [](uint64_t size, uint64_t count, const Bytes &updates) {
        return cat({{181},
                    enc(kA, 6),
                    enc(kU, size),
                    enc(kX, 0),
                    enc(kX, 0),
                    {0x17},
                    enc(kU, count),
                    updates});
    };
    m.body = update(3, 4, cat({enc(kU, 1), enc(kX, 1), enc(kU, 3), enc(kA, 3)}));
    REQUIRE(load(m.image(), name).ok());
    m.body = update(3, 2, cat({enc(kU, 0), enc(kX, 1)}));
    expect_error(m.image(), name, "Code", "update_record: field index outside the record");
    m.body = update(3, 2, cat({enc(kU, 4), enc(kX, 1)}));
    expect_error(m.image(), name, "Code", "update_record: field index outside the record");
    m.body = update(3, 2, cat({enc(kI, 2), enc(kX, 1)}));
    expect_error(m.image(), name, "Code", "update_record: field index outside the record");
    m.body = update(3, 3, cat({enc(kU, 1), enc(kX, 1), enc(kU, 2)}));
    expect_error(m.image(), name, "Code", "update_record: odd update list");
    m.body = update(3, 2, cat({enc(kU, 1), enc(kF, 1)}));
    expect_error(m.image(), name, "Code", "update_record: an update value is not a value");
}
