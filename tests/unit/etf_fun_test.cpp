// Local funs in the external term format (NEW_FUN_EXT, vm/etf_fun.h): decoding gives the
// loaded lambda when the module defines the fun and a shared placeholder otherwise, the
// encoder writes the bytes back exactly (the byte layout is OTP 25's: see the
// ext_term_funs sample for bytes recorded from erl), and hostile funs are refused.
#include "emulator/emulator.h"
#include "loader/beam_file.h"
#include "vm/atom_table.h"
#include "vm/etf_decode.h"
#include "vm/etf_encode.h"
#include "vm/etf_fun.h"
#include "vm/literal_area.h"
#include "vm/module.h"
#include "vm/term_compare.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <variant>
#include <vector>

using namespace hamlet;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes &p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}
Bytes u32be(uint32_t v) {
    return {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
}
Bytes atom_ext(const std::string &text) { // ATOM_EXT, as term_to_binary writes Latin-1 atoms
    Bytes b;
    b.reserve(3 + text.size());
    b.push_back(100);
    b.push_back(uint8_t(text.size() >> 8));
    b.push_back(uint8_t(text.size()));
    for (char c : text)
        b.push_back(uint8_t(c));
    return b;
}
Bytes integer(int32_t v) { // as term_to_binary writes a small integer
    if (v >= 0 && v < 256) return {97, uint8_t(v)};
    return cat({{98}, u32be(uint32_t(v))});
}
// NEW_PID_EXT of <0.Id.0> on nonode@nohost.
Bytes pid(uint32_t id) {
    return cat({{88}, atom_ext("nonode@nohost"), u32be(id), u32be(0), u32be(0)});
}

struct FunSpec {
    std::string module = "hamlet_etf_fun_test";
    Bytes md5 = Bytes(16, 7);
    uint8_t arity = 1;
    uint32_t index = 3;
    Bytes old_index = integer(3), old_uniq = integer(123456789), creator = pid(42);
    std::vector<Bytes> env;
    int64_t num_free = -1; // -1: env.size()
};

// NEW_FUN_EXT with its size field as term_to_binary writes it (from the size field to the end).
Bytes fun_ext(const FunSpec &s) {
    Bytes body = cat({{s.arity},
                      s.md5,
                      u32be(s.index),
                      u32be(uint32_t(s.num_free < 0 ? int64_t(s.env.size()) : s.num_free)),
                      atom_ext(s.module),
                      s.old_index,
                      s.old_uniq,
                      s.creator});
    for (const Bytes &e : s.env)
        body = cat({body, e});
    return cat({{131, 112}, u32be(uint32_t(4 + body.size())), body});
}

EtfResult decode(const Bytes &b, TermSink &sink, const EtfOptions &opts = {}) {
    return etf_decode(b.data(), b.size(), sink, opts);
}

const Lambda *lambda_of(Term fun) {
    REQUIRE(is_boxed_of(fun, Subtag::Fun));
    return reinterpret_cast<const Lambda *>(boxed_ptr(fun)[1]);
}

Bytes encode(Term t) {
    Bytes out;
    REQUIRE(etf_encode(t, {}, out) == EtfEncodeStatus::Ok);
    return out;
}

void refused(const Bytes &b) {
    LiteralArea area;
    EtfResult r = decode(b, area);
    CHECK_FALSE(r.ok());
    CHECK(r.term == kNonValue);
}

} // namespace

TEST_CASE("etf funs: a fun of a module that is not loaded decodes to a placeholder", "[etf][fun]") {
    FunSpec s;
    s.env = {integer(1), atom_ext("two"), cat({{104, 2}, integer(3), integer(-4)})};
    Bytes b = fun_ext(s);
    LiteralArea area;
    EtfResult r = decode(b, area);
    REQUIRE(r.ok());
    CHECK(r.consumed == b.size());
    const Lambda *l = lambda_of(r.term);
    CHECK(l->code == nullptr);
    CHECK(l->module->name == atom_of("hamlet_etf_fun_test"));
    CHECK(l->module->md5 ==
          std::array<uint8_t, 16>{7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});
    CHECK(l->index == 3);
    CHECK(l->old_index == 3);
    CHECK(l->old_uniq == 123456789);
    CHECK(l->arity == 1);
    CHECK(l->num_free == 3);
    CHECK(lambda_name(l) == kNil); // erlang:fun_info(F, name) is [] while the code is missing
    CHECK(header_arity(boxed_ptr(r.term)[0]) == 2 + 3);
    // Written back exactly.
    CHECK(encode(r.term) == b);
    uint64_t size = 0;
    REQUIRE(etf_encoded_size(r.term, {}, size) == EtfEncodeStatus::Ok);
    CHECK(size == b.size());
    // erlang:external_size counts the old index as INTEGER_EXT, as erts does.
    REQUIRE(etf_external_size(r.term, {}, size) == EtfEncodeStatus::Ok);
    CHECK(size == b.size() + 3);

    // The same fun decoded again shares the placeholder, and is =:= to the first.
    LiteralArea other;
    EtfResult again = decode(b, other);
    REQUIRE(again.ok());
    CHECK(lambda_of(again.term) == l);
    CHECK(compare_exact(again.term, r.term) == 0);

    // Another MD5 (another version of the module) is another entry, but the same fun for
    // =:= (erts compares module, index, old uniq and the environment).
    FunSpec v2 = s;
    v2.md5 = Bytes(16, 9);
    EtfResult r2 = decode(fun_ext(v2), other);
    REQUIRE(r2.ok());
    CHECK(lambda_of(r2.term) != l);
    CHECK(compare_exact(r2.term, r.term) == 0);
    // A different environment is a different fun.
    FunSpec v3 = s;
    v3.env[0] = integer(2);
    EtfResult r3 = decode(fun_ext(v3), other);
    REQUIRE(r3.ok());
    CHECK(compare_exact(r3.term, r.term) > 0);
}

TEST_CASE("etf funs: field encodings are kept as erts keeps them", "[etf][fun]") {
    LiteralArea area;
    // Negative index and old uniq (INTEGER_EXT), an external creator, arity 255, no env.
    FunSpec s;
    s.arity = 255;
    s.index = 0xFFFFFFFF;
    s.old_index = integer(-1);
    s.old_uniq = integer(-2);
    s.creator = cat({{88}, atom_ext("a@b"), u32be(9), u32be(1), u32be(7)});
    Bytes b = fun_ext(s);
    EtfResult r = decode(b, area);
    REQUIRE(r.ok());
    CHECK(encode(r.term) == b);
    CHECK(is_boxed_of(boxed_ptr(r.term)[2], Subtag::ExtPid));
    // Old index and old uniq in other integer encodings: 32 bits kept, written back as
    // term_to_binary writes them.
    FunSpec big = s;
    big.old_index = {110, 5, 0, 1, 0, 0, 0, 1}; // 2^32 + 1 -> 1
    big.old_uniq = {98, 0, 0, 0, 4};            // INTEGER_EXT 4 -> SMALL_INTEGER_EXT 4
    EtfResult rb = decode(fun_ext(big), area);
    REQUIRE(rb.ok());
    CHECK(lambda_of(rb.term)->old_index == 1);
    FunSpec canon = s;
    canon.old_index = integer(1);
    canon.old_uniq = integer(4);
    CHECK(encode(rb.term) == fun_ext(canon));
    // The old PID_EXT creator is accepted too.
    FunSpec old = s;
    old.creator = cat({{103}, atom_ext("nonode@nohost"), u32be(5), u32be(0), {0}});
    EtfResult ro = decode(fun_ext(old), area);
    REQUIRE(ro.ok());
    CHECK(is_local_pid(boxed_ptr(ro.term)[2]));
    // Nested funs, and funs inside other terms, with the size field of each patched.
    FunSpec inner;
    inner.env = {integer(5)};
    FunSpec outer;
    outer.index = 4;
    Bytes inner_ext = fun_ext(inner);
    outer.env = {Bytes(inner_ext.begin() + 1, inner_ext.end()), atom_ext("x")};
    Bytes outer_ext = fun_ext(outer);
    Bytes nested = cat({{131, 104, 2}, Bytes(outer_ext.begin() + 1, outer_ext.end()), {106}});
    EtfResult rn = decode(nested, area);
    REQUIRE(rn.ok());
    CHECK(encode(rn.term) == nested);
}

TEST_CASE("etf funs: hostile NEW_FUN_EXT is refused without crashing", "[etf][fun][hostile]") {
    FunSpec good;
    good.env = {integer(1), integer(2)};
    Bytes b = fun_ext(good);
    for (size_t n = 1; n < b.size(); ++n)
        refused(Bytes(b.begin(), b.begin() + ptrdiff_t(n)));

    auto with = [&](auto change) {
        FunSpec s = good;
        change(s);
        return fun_ext(s);
    };
    refused(with([](FunSpec &s) { s.num_free = 3; }));          // more free variables than given
    refused(with([](FunSpec &s) { s.num_free = 256; }));        // erts: at most 255
    refused(with([](FunSpec &s) { s.num_free = 0xFFFFFFFF; })); // huge
    refused(with([](FunSpec &s) { s.old_index = atom_ext("a"); }));
    refused(with([](FunSpec &s) { s.old_uniq = {70, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0}; })); // a float
    refused(with(
        [](FunSpec &s) { s.old_index = {110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 16}; })); // 2^60: no small
    refused(with([](FunSpec &s) {
        s.creator = atom_ext("hi");
    })); // erts would take it, then crash encoding it
    refused(with([](FunSpec &s) { s.creator = integer(1); }));
    refused(cat({{131, 112},
                 u32be(40),
                 {1},
                 Bytes(16, 0),
                 u32be(0),
                 u32be(0),
                 integer(1),
                 integer(1),
                 integer(1),
                 pid(1)})); // module not an atom
    // The size field is not checked (erts ignores it too).
    Bytes wrong_size = b;
    wrong_size[2] = 0x7F;
    LiteralArea area;
    CHECK(decode(wrong_size, area).ok());

    // With `safe`, the module atom must exist.
    EtfOptions safe;
    safe.safe = true;
    FunSpec unknown = good;
    unknown.module = "hamlet_etf_fun_test_module_nobody_names";
    REQUIRE_FALSE(AtomTable::global().find(unknown.module));
    CHECK_FALSE(decode(fun_ext(unknown), area, safe).ok());
    CHECK_FALSE(AtomTable::global().find(unknown.module));
    CHECK(decode(fun_ext(good), area, safe).ok());
}

TEST_CASE("etf funs: a loaded module's fun decodes to its lambda", "[etf][fun]") {
    run_process(nullptr, nullptr, 0); // the instruction table, for loading code
    std::string file = std::string(HAMLET_SAMPLE_BEAMS) + "/ext_term_funlib.beam";
    std::ifstream in(file, std::ios::binary);
    REQUIRE(in);
    Bytes beam((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Term name = atom_of("ext_term_funlib");

    // The fun's key, from the .beam: lambda 0 is adder/1's fun(X) -> X + N end.
    auto read = read_beam(beam.data(), beam.size(), file);
    REQUIRE(std::holds_alternative<std::unique_ptr<BeamFile>>(read));
    const BeamFile &bf = *std::get<std::unique_ptr<BeamFile>>(read);
    REQUIRE(bf.lambdas.size() == 3);
    FunSpec s;
    s.module = "ext_term_funlib";
    s.md5.assign(bf.md5.begin(), bf.md5.end());
    s.index = bf.lambdas[0].index;
    s.old_index = integer(0);
    s.old_uniq = integer(int32_t(bf.lambdas[0].old_uniq));
    s.arity = uint8_t(bf.lambdas[0].arity - bf.lambdas[0].num_free);
    s.env = {integer(10)};
    Bytes b = fun_ext(s);
    LiteralArea area;

    // Decoded before the module is loaded: a placeholder, which finds the code once the
    // module is there (as erts' fun entries do).
    Module *m = ModuleTable::global().find(name);
    if (!m) {
        EtfResult early = decode(b, area);
        REQUIRE(early.ok());
        const Lambda *l = lambda_of(early.term);
        CHECK(l->code == nullptr);
        CHECK(lambda_name(l) == kNil);
        std::string error;
        m = ModuleTable::global().load_binary(name, file, beam.data(), beam.size(), &error);
        REQUIRE(m);
        const Lambda *target = nullptr;
        CHECK(resolve_fun_call(l, &target) == FunCall::Found);
        CHECK(target == &m->lambdas[0]);
        CHECK(lambda_name(l) == atom_of("-adder/1-fun-0-"));
    }
    REQUIRE(m);
    const Lambda &adder = m->lambdas[0];
    EtfResult r = decode(b, area);
    REQUIRE(r.ok());
    CHECK(lambda_of(r.term) == &adder);
    CHECK(lambda_name(&adder) == atom_of("-adder/1-fun-0-"));
    CHECK(encode(r.term) == b);

    // Any field that differs gives a placeholder that never resolves to this code.
    auto placeholder_for = [&](auto change) {
        FunSpec t = s;
        change(t);
        EtfResult rr = decode(fun_ext(t), area);
        REQUIRE(rr.ok());
        const Lambda *l = lambda_of(rr.term);
        CHECK(l->code == nullptr);
        const Lambda *target = nullptr;
        CHECK(resolve_fun_call(l, &target) == FunCall::Badfun);
        CHECK(lambda_name(l) == kNil);
    };
    placeholder_for([](FunSpec &t) { t.md5[0] ^= 1; });
    placeholder_for([](FunSpec &t) { t.index += 1; });
    placeholder_for([](FunSpec &t) { t.old_uniq = integer(1); });
    placeholder_for([](FunSpec &t) { t.old_index = integer(7); });
    placeholder_for([](FunSpec &t) { t.arity = 2; });
    placeholder_for([](FunSpec &t) { t.env.push_back(integer(1)); });

    // A placeholder of a module that cannot be found: undef when called.
    FunSpec gone = s;
    gone.module = "hamlet_etf_fun_test_no_such_module";
    EtfResult rg = decode(fun_ext(gone), area);
    REQUIRE(rg.ok());
    const Lambda *target = nullptr;
    CHECK(resolve_fun_call(lambda_of(rg.term), &target) == FunCall::Undef);
}
