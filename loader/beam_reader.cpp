// The loader's first stage: the IFF container, the tables and the module MD5.
// The Code chunk is decoded by code_decoder.cpp.
#include "loader/beam_file.h"
#include "loader/byte_reader.h"
#include "loader/code_decoder.h"
#include "loader/compact_term.h"
#include "vm/atom_table.h"
#include "vm/etf_decode.h"
#include "vm/md5.h"

#include <cstring>
#include <fstream>
#include <map>
#include <zlib.h>

namespace hamlet {
namespace {

struct Chunk {
    const uint8_t *data = nullptr;
    size_t size = 0;
    size_t file_offset = 0;
    bool present = false;
};

// Thrown with the chunk name attached, turned into a LoadError at the top.
struct ChunkFailure {
    std::string chunk;
    ChunkError error;
};

template <typename F> auto in_chunk(const char *id, const Chunk &c, F &&body) {
    try {
        ByteReader r(c.data, c.size);
        return body(r);
    } catch (const ChunkError &e) {
        throw ChunkFailure{id, e};
    }
}

constexpr size_t kMaxInflated = size_t(1) << 30;

std::vector<uint8_t> gunzip(const uint8_t *data, size_t size) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw ChunkError{"cannot start inflating", 0};
    std::vector<uint8_t> out;
    z.next_in = const_cast<uint8_t *>(data);
    z.avail_in = uInt(size);
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (out.size() >= kMaxInflated) break;
        size_t old = out.size();
        out.resize(old + 65536);
        z.next_out = out.data() + old;
        z.avail_out = 65536;
        rc = inflate(&z, Z_NO_FLUSH);
        out.resize(old + 65536 - z.avail_out);
        if (rc != Z_OK && rc != Z_STREAM_END) break;
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) throw ChunkError{"bad gzip stream", 0};
    return out;
}

void read_atoms(BeamFile &bf, const Chunk &c, bool utf8) {
    in_chunk(utf8 ? "AtU8" : "Atom", c, [&](ByteReader &r) {
        int32_t count = int32_t(r.u32());
        bool compact_lengths = false;
        if (count < 0) { // OTP 28: negated count, lengths as compact u values
            if (count == INT32_MIN) r.fail("bad atom count");
            count = -count;
            compact_lengths = true;
        }
        if (uint64_t(count) > r.remaining()) r.fail("atom count larger than the chunk");
        bf.atoms.reserve(size_t(count) + 1);
        bf.atoms.push_back(kNil);
        auto &tab = AtomTable::global();
        for (int32_t i = 0; i < count; ++i) {
            size_t len =
                compact_lengths ? size_t(read_compact_expect(r, kTagU, "atom length")) : r.u8();
            const uint8_t *p = r.bytes(len, "atom text");
            std::string_view text(reinterpret_cast<const char *>(p), len);
            auto a = utf8 ? tab.intern(text) : tab.intern_latin1(text);
            if (!a) r.fail("atom " + std::to_string(i + 1) + " is not valid UTF-8 or is too long");
            bf.atoms.push_back(*a);
        }
        if (count == 0) r.fail("no atoms (the module name must be atom 1)");
        bf.module = bf.atoms[1];
        return 0;
    });
}

Term atom_at(const BeamFile &bf, ByteReader &r, uint32_t index, const char *what) {
    if (index == 0 || index >= bf.atoms.size())
        r.fail(std::string(what) + " atom index " + std::to_string(index) + " out of range");
    return bf.atoms[index];
}

void read_imports(BeamFile &bf, const Chunk &c) {
    in_chunk("ImpT", c, [&](ByteReader &r) {
        uint32_t n = r.u32();
        if (uint64_t(n) * 12 > r.remaining()) r.fail("import count larger than the chunk");
        for (uint32_t i = 0; i < n; ++i) {
            Term m = atom_at(bf, r, r.u32(), "module");
            Term f = atom_at(bf, r, r.u32(), "function");
            uint32_t a = r.u32();
            if (a > 255) r.fail("import arity above 255");
            bf.imports.push_back({m, f, a});
        }
        return 0;
    });
}

void read_function_table(BeamFile &bf, const Chunk &c, const char *id,
                         std::vector<BeamFile::Export> &out) {
    in_chunk(id, c, [&](ByteReader &r) {
        uint32_t n = r.u32();
        if (uint64_t(n) * 12 > r.remaining()) r.fail("entry count larger than the chunk");
        for (uint32_t i = 0; i < n; ++i) {
            Term f = atom_at(bf, r, r.u32(), "function");
            uint32_t arity = r.u32(), label = r.u32();
            if (arity > 255) r.fail("arity above 255");
            if (label == 0 || label >= bf.label_count)
                r.fail("entry label " + std::to_string(label) + " out of range");
            out.push_back({f, arity, label});
        }
        return 0;
    });
}

void read_lambdas(BeamFile &bf, const Chunk &c) {
    in_chunk("FunT", c, [&](ByteReader &r) {
        uint32_t n = r.u32();
        if (uint64_t(n) * 24 > r.remaining()) r.fail("lambda count larger than the chunk");
        for (uint32_t i = 0; i < n; ++i) {
            BeamFile::Lambda l;
            l.function = atom_at(bf, r, r.u32(), "function");
            l.arity = r.u32();
            l.label = r.u32();
            l.index = r.u32();
            l.num_free = r.u32();
            l.old_uniq = r.u32();
            if (l.arity > 255 || l.num_free > l.arity) r.fail("bad lambda arity or free count");
            if (l.label == 0 || l.label >= bf.label_count) r.fail("lambda label out of range");
            bf.lambdas.push_back(l);
        }
        return 0;
    });
}

void read_literals(BeamFile &bf, const Chunk &c) {
    in_chunk("LitT", c, [&](ByteReader &r) {
        uint32_t raw_size = r.u32();
        std::vector<uint8_t> inflated;
        const uint8_t *table;
        size_t table_size;
        if (raw_size == 0) { // OTP 28+: stored uncompressed
            table = r.data() + r.pos();
            table_size = r.remaining();
        } else {
            if (raw_size > kMaxInflated || raw_size > r.remaining() * 1032 + 64)
                r.fail("uncompressed size impossible for the compressed data");
            inflated.resize(raw_size);
            uLongf got = raw_size;
            uLong used = uLong(r.remaining());
            if (uncompress2(inflated.data(), &got, r.data() + r.pos(), &used) != Z_OK ||
                got != raw_size)
                r.fail("bad zlib stream");
            table = inflated.data();
            table_size = inflated.size();
        }
        ByteReader t(table, table_size);
        try {
            uint32_t n = t.u32();
            if (uint64_t(n) * 5 > t.remaining()) t.fail("literal count larger than the table");
            bf.literals.reserve(n);
            for (uint32_t i = 0; i < n; ++i) {
                uint32_t size = t.u32();
                const uint8_t *p = t.bytes(size, "literal");
                EtfResult res = etf_decode(p, size, *bf.literal_area);
                if (!res.ok()) t.fail("literal " + std::to_string(i) + ": " + res.error);
                if (res.consumed != size)
                    t.fail("literal " + std::to_string(i) + ": trailing bytes");
                bf.literals.push_back(res.term);
            }
        } catch (const ChunkError &e) {
            // Offsets inside the inflated table are not file offsets; say so.
            r.fail(e.what +
                   (raw_size ? " (at byte " + std::to_string(e.offset) + " of the inflated table)"
                             : ""));
        }
        bf.file_literal_count = uint32_t(bf.literals.size());
        return 0;
    });
}

void read_lines(BeamFile &bf, const Chunk &c) {
    in_chunk("Line", c, [&](ByteReader &r) {
        uint32_t version = r.u32();
        if (version != 0) return 0; // unknown versions are ignored, as the BEAM does
        r.u32();                    // flags
        r.u32();                    // number of line instructions
        uint32_t items = r.u32(), names = r.u32();
        if (uint64_t(items) + names > r.remaining()) r.fail("item count larger than the chunk");
        bf.line_items.reserve(size_t(items) + 1);
        bf.line_items.push_back({0, 0});
        uint32_t file = 0;
        while (bf.line_items.size() <= items) {
            size_t at = r.pos();
            CompactValue v = read_compact(r);
            if (v.is_big()) throw ChunkError{"line number too large", at};
            if (v.tag == kTagA) {
                if (v.value > names) throw ChunkError{"file name index out of range", at};
                file = uint32_t(v.value);
            } else if (v.tag == kTagI) {
                if (v.value > UINT32_MAX) throw ChunkError{"bad line number", at};
                bf.line_items.push_back({file, uint32_t(v.value)});
            } else {
                throw ChunkError{"unexpected operand in line items", at};
            }
        }
        bf.line_files.push_back(std::string(AtomTable::global().text(bf.module)) + ".erl");
        for (uint32_t i = 0; i < names; ++i) {
            uint16_t len = r.u16();
            bf.line_files.emplace_back(reinterpret_cast<const char *>(r.bytes(len, "file name")),
                                       len);
        }
        bf.has_line_table = true;
        return 0;
    });
}

void read_types(BeamFile &bf, const Chunk &c) {
    in_chunk("Type", c, [&](ByteReader &r) {
        bf.type_version = r.u32();
        bf.type_count = r.u32();
        // Version 1 entries are 18 bytes each; later versions have variable entries.
        if (bf.type_version == 1 && uint64_t(bf.type_count) * 18 != r.remaining())
            r.fail("type table size does not match its count");
        return 0;
    });
}

Term read_etf_chunk(BeamFile &bf, const Chunk &c, const char *id) {
    return in_chunk(id, c, [&](ByteReader &r) {
        EtfResult res = etf_decode(c.data, c.size, *bf.literal_area);
        if (!res.ok()) r.fail(res.error);
        return res.term;
    });
}

void compute_md5(BeamFile &bf, const std::map<std::string, Chunk> &chunks) {
    Md5 ctx;
    for (const char *id :
         {"AtU8", "Atom", "Code", "StrT", "ImpT", "ExpT", "FunT", "LitT", "Meta"}) {
        auto it = chunks.find(id);
        if (it == chunks.end()) continue;
        const Chunk &c = it->second;
        if (std::strcmp(id, "FunT") == 0 && c.size >= 4) {
            // Each lambda's OldUniq is derived from this MD5, so it counts as zero.
            std::vector<uint8_t> copy(c.data, c.data + c.size);
            for (size_t off = 4 + 20; off + 4 <= copy.size(); off += 24)
                std::memset(&copy[off], 0, 4);
            ctx.update(copy.data(), copy.size());
        } else {
            ctx.update(c.data, c.size);
        }
    }
    bf.md5 = ctx.final();
}

std::unique_ptr<BeamFile> read_container(const uint8_t *data, size_t size,
                                         const std::string &name) {
    auto bf = std::make_unique<BeamFile>();
    bf->name = name;
    std::map<std::string, Chunk> chunks;
    try {
        ByteReader r(data, size);
        if (size < 12) r.fail("file too short for a BEAM header");
        if (std::memcmp(r.bytes(4), "FOR1", 4) != 0) r.fail("not an IFF file (no FOR1 header)");
        uint32_t form = r.u32();
        if (form > size - 8) r.fail("form size " + std::to_string(form) + " exceeds the file size");
        if (std::memcmp(r.bytes(4), "BEAM", 4) != 0) r.fail("IFF form type is not BEAM");
        ByteReader body(data, 8 + size_t(form));
        body.bytes(12);
        while (body.remaining() >= 8) {
            size_t at = body.pos();
            std::string id(reinterpret_cast<const char *>(body.bytes(4)), 4);
            uint32_t len = body.u32();
            if (len > body.remaining())
                throw ChunkError{
                    "chunk " + id + " size " + std::to_string(len) + " exceeds the file", at};
            Chunk c{body.bytes(len), len, at + 8, true};
            size_t pad = (4 - len % 4) % 4;
            body.bytes(std::min(pad, body.remaining()));
            if (chunks.count(id)) throw ChunkError{"duplicate chunk " + id, at};
            chunks[id] = c;
        }
        if (!body.at_end()) body.fail("trailing bytes after the last chunk");
    } catch (const ChunkError &e) {
        throw ChunkFailure{"IFF", e};
    }
    auto get = [&](const char *id) -> const Chunk & {
        static const Chunk kAbsent;
        auto it = chunks.find(id);
        return it == chunks.end() ? kAbsent : it->second;
    };
    auto require = [&](const char *id) -> const Chunk & {
        const Chunk &c = get(id);
        if (!c.present) throw ChunkFailure{id, {"missing required chunk", 0}};
        return c;
    };
    if (get("AtU8").present) {
        read_atoms(*bf, get("AtU8"), true);
    } else if (get("Atom").present) {
        read_atoms(*bf, get("Atom"), false);
    } else {
        require("AtU8");
    }
    const Chunk &code = require("Code");
    CodeHeader header = in_chunk("Code", code, [&](ByteReader &r) { return read_code_header(r); });
    bf->label_count = header.label_count;
    bf->function_count = header.function_count;
    bf->max_opcode = header.max_opcode;
    read_imports(*bf, require("ImpT"));
    read_function_table(*bf, require("ExpT"), "ExpT", bf->exports);
    if (get("LocT").present) read_function_table(*bf, get("LocT"), "LocT", bf->locals);
    if (get("FunT").present) read_lambdas(*bf, get("FunT"));
    if (get("LitT").present) read_literals(*bf, get("LitT"));
    if (get("StrT").present)
        bf->strings.assign(get("StrT").data, get("StrT").data + get("StrT").size);
    if (get("Line").present) read_lines(*bf, get("Line"));
    if (get("Type").present) read_types(*bf, get("Type"));
    if (get("Attr").present) bf->attributes = read_etf_chunk(*bf, get("Attr"), "Attr");
    if (get("CInf").present) bf->compile_info = read_etf_chunk(*bf, get("CInf"), "CInf");
    in_chunk("Code", code, [&](ByteReader &r) {
        decode_code(*bf, r, header);
        return 0;
    });
    // Entry labels can be checked only now that the code says which labels exist.
    auto check_labels = [&](const char *id, const auto &table) {
        for (const auto &e : table)
            if (bf->label_instr[e.label] == ~0u)
                throw ChunkFailure{
                    id,
                    {"entry label " + std::to_string(e.label) + " is not defined in the code", 0}};
    };
    check_labels("ExpT", bf->exports);
    check_labels("LocT", bf->locals);
    check_labels("FunT", bf->lambdas);
    compute_md5(*bf, chunks);
    return bf;
}

} // namespace

std::variant<std::unique_ptr<BeamFile>, LoadError> read_beam(const uint8_t *data, size_t size,
                                                             const std::string &name) {
    try {
        if (size >= 2 && data[0] == 0x1F && data[1] == 0x8B) {
            std::vector<uint8_t> plain;
            try {
                plain = gunzip(data, size);
            } catch (const ChunkError &e) {
                return LoadError{name + ": " + e.what};
            }
            return read_container(plain.data(), plain.size(), name);
        }
        return read_container(data, size, name);
    } catch (const ChunkFailure &f) {
        std::string msg = name + ": " + f.chunk + " chunk: " + f.error.what;
        if (f.error.offset) msg += " (at byte " + std::to_string(f.error.offset) + " of the chunk)";
        return LoadError{msg};
    } catch (const std::bad_alloc &) {
        return LoadError{name + ": out of memory while loading"};
    }
}

std::variant<std::unique_ptr<BeamFile>, LoadError> read_beam_file(const std::string &path) {
    // One read of the whole file (a stream iterator byte by byte cost a tenth of the VM's
    // start-up).
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return LoadError{path + ": cannot open file"};
    std::streamoff size = in.tellg();
    if (size < 0) return LoadError{path + ": cannot read file"};
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char *>(bytes.data()), size))
        return LoadError{path + ": cannot read file"};
    return read_beam(bytes.data(), bytes.size(), path);
}

} // namespace hamlet
