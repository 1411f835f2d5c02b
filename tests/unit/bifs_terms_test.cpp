// BIFs of bifs/terms.cpp, lists.cpp, maps.cpp and binaries.cpp, checked against OTP 25.
//
// Most cases are rows {"module:function", args, expected}: the arguments and the expected
// result are in the canonical text of vm/term_dump.h (integers decimal, atoms quoted, floats
// f:HEXBITS, binaries <<HEX>> or <<HEX:Bits>>, maps sorted). The expected texts were produced
// by the real erl (OTP 25) applying the same function to the same arguments and printing the
// result the same way; an exception is "class:Reason". The comment after a row is the
// Erlang expression the arguments came from.
#include "bifs/bif.h"
#include "emulator/emulator.h"
#include "vm/atom_table.h"
#include "vm/bignum.h"
#include "vm/binary.h"
#include "vm/map_ops.h"
#include "vm/module.h"
#include "vm/term_build.h"
#include "vm/term_compare.h"
#include "vm/term_dump.h"

#include <catch2/catch.hpp>
#include <gmp.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace hamlet;

namespace {

// ---- a parser for the canonical text ------------------------------------------------------

class Parser {
  public:
    Parser(Process *p, std::string_view s) : p_(p), s_(s) {}

    Term parse() {
        Term t = term();
        if (pos_ != s_.size()) fail("trailing text");
        return t;
    }

  private:
    Process *p_;
    std::string_view s_;
    size_t pos_ = 0;

    [[noreturn]] void fail(const char *why) {
        FAIL("cannot parse term text (" << why << ") at " << pos_ << ": " << std::string(s_));
        throw 0; // not reached
    }
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++pos_;
        return true;
    }
    void expect(char c) {
        if (!eat(c)) fail("unexpected character");
    }
    bool eat(std::string_view w) {
        if (s_.substr(pos_, w.size()) != w) return false;
        pos_ += w.size();
        return true;
    }

    Term term() {
        char c = peek();
        if (c == '-' || (c >= '0' && c <= '9')) return integer();
        if (c == '\'') return atom();
        if (eat("f:")) return flt();
        if (eat("fun")) return export_fun();
        if (eat("#{")) return map();
        if (eat("<<")) return bits();
        if (eat('[')) return list();
        if (eat('{')) return tuple();
        fail("unknown term");
    }

    Term integer() {
        size_t start = pos_;
        eat('-');
        while (peek() >= '0' && peek() <= '9') ++pos_;
        std::string text(s_.substr(start, pos_ - start));
        mpz_t z;
        mpz_init_set_str(z, text.c_str(), 10);
        bool negative = mpz_sgn(z) < 0;
        mpz_abs(z, z);
        size_t count = 0;
        std::vector<Word> limbs((mpz_sizeinbase(z, 2) + 63) / 64 + 1);
        mpz_export(limbs.data(), &count, -1, sizeof(Word), 0, 0, z);
        mpz_clear(z);
        if (count == 0) return make_small(0);
        return make_integer(p_->alloc(bignum_words(count)), limbs.data(), count, negative);
    }

    Term atom() {
        expect('\'');
        std::string text;
        while (peek() != '\'') {
            if (pos_ >= s_.size()) fail("unterminated atom");
            if (peek() == '\\') ++pos_;
            text.push_back(s_[pos_++]);
        }
        expect('\'');
        return *AtomTable::global().intern(text);
    }

    static int hex(char c) { return c <= '9' ? c - '0' : c - 'A' + 10; }

    Term flt() {
        uint64_t bits = 0;
        for (int i = 0; i < 16; ++i) bits = bits << 4 | uint64_t(hex(s_[pos_++]));
        double d;
        std::memcpy(&d, &bits, 8);
        return make_float(p_, d);
    }

    Term export_fun() {
        Term m = atom();
        expect(':');
        Term f = atom();
        expect('/');
        Term a = integer();
        Word *hp = p_->alloc(kExportWords);
        hp[0] = make_header(Subtag::Export, kExportWords - 1);
        hp[1] = m;
        hp[2] = f;
        hp[3] = a;
        hp[4] = 0;
        return make_boxed(hp);
    }

    Term bits() {
        std::vector<uint8_t> bytes;
        while (peek() != '>' && peek() != ':') {
            int hi = hex(s_[pos_++]);
            int lo = hex(s_[pos_++]);
            bytes.push_back(uint8_t(hi << 4 | lo));
        }
        size_t nbits = bytes.size() * 8;
        if (eat(':')) nbits = size_t(small_value(integer()));
        expect('>');
        expect('>');
        Term b = make_binary(p_, bytes.data(), bytes.size());
        if (nbits == bytes.size() * 8) return b;
        return make_sub_bin(p_->alloc(kSubBinWords), b, 0, nbits);
    }

    Term list() {
        std::vector<Term> elems;
        Term tail = kNil;
        if (!eat(']')) {
            do elems.push_back(term());
            while (eat(','));
            if (eat('|')) tail = term();
            expect(']');
        }
        for (size_t i = elems.size(); i-- > 0;) tail = make_cons(p_, elems[i], tail);
        return tail;
    }

    Term tuple() {
        std::vector<Term> elems;
        if (!eat('}')) {
            do elems.push_back(term());
            while (eat(','));
            expect('}');
        }
        Term t = alloc_tuple(p_, elems.size());
        for (size_t i = 0; i < elems.size(); ++i) tuple_elements(t)[i] = elems[i];
        return t;
    }

    Term map() {
        std::vector<std::pair<Term, Term>> pairs;
        if (!eat('}')) {
            do {
                Term k = term();
                if (!eat("=>")) fail("expected =>");
                pairs.push_back({k, term()});
            } while (eat(','));
            expect('}');
        }
        return make_map(p_, pairs);
    }
};

Term parse(Process *p, std::string_view text) { return Parser(p, text).parse(); }

// "class:Reason" for a raised exception, the canonical text of the value otherwise.
std::string outcome(Process *p, Term result) {
    if (result != kNonValue) return dump_term(result);
    const char *cls = p->exc_class == ExcClass::Error ? "error" : p->exc_class == ExcClass::Exit ? "exit" : "throw";
    return std::string(cls) + ":" + dump_term(p->exc_reason);
}

// Calls Module:Function (given as "module:function") through the BIF table.
std::string call(Process *p, std::string_view mf, Term args) {
    size_t colon = mf.find(':');
    std::vector<Term> argv;
    for (Term l = args; is_list(l); l = cdr(l)) argv.push_back(car(l));
    const BifEntry *bif = find_bif(atom_of(mf.substr(0, colon)), atom_of(mf.substr(colon + 1)), unsigned(argv.size()));
    if (!bif) return "no such BIF: " + std::string(mf) + "/" + std::to_string(argv.size());
    p->exc_reason = kNonValue;
    Term r = bif->function(p, argv.data());
    return outcome(p, r);
}

// Long runs of '0' in the tables are written (0*N); these convert between the forms.
std::string expand_zeros(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s.substr(i, 3) == "(0*") {
            size_t close = s.find(')', i);
            out.append(std::stoul(std::string(s.substr(i + 3, close - i - 3))), '0');
            i = close + 1;
        } else {
            out.push_back(s[i++]);
        }
    }
    return out;
}
std::string squeeze_zeros(const std::string &s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        size_t j = i;
        while (j < s.size() && s[j] == '0') ++j;
        if (j - i >= 40) {
            out += "(0*" + std::to_string(j - i) + ")";
            i = j;
        } else if (j > i) {
            out.append(j - i, '0');
            i = j;
        } else {
            out.push_back(s[i++]);
        }
    }
    return out;
}

struct Case {
    const char *function;
    const char *args;
    const char *expected;
};

template <size_t N> void run_cases(const Case (&cases)[N]) {
    for (const Case &c : cases) {
        Process p;
        Term args = parse(&p, expand_zeros(c.args));
        INFO(c.function << c.args);
        CHECK(squeeze_zeros(call(&p, c.function, args)) == c.expected);
    }
}

} // namespace

// ---- terms: rows recorded from erl (OTP 25) ----
const Case k_terms_cases[] = {
    {"erlang:is_atom", R"~(['a'])~", R"~('true')~"},  // erlang:is_atom(a)
    {"erlang:is_atom", R"~([[97]])~", R"~('false')~"},  // erlang:is_atom("a")
    {"erlang:is_atom", R"~([[]])~", R"~('false')~"},  // erlang:is_atom([])
    {"erlang:is_binary", R"~([<<02:7>>])~", R"~('false')~"},  // erlang:is_binary(<<1:7>>)
    {"erlang:is_binary", R"~([<<01>>])~", R"~('true')~"},  // erlang:is_binary(<<1>>)
    {"erlang:is_bitstring", R"~([<<02:7>>])~", R"~('true')~"},  // erlang:is_bitstring(<<1:7>>)
    {"erlang:is_bitstring", R"~(['a'])~", R"~('false')~"},  // erlang:is_bitstring(a)
    {"erlang:is_boolean", R"~(['true'])~", R"~('true')~"},  // erlang:is_boolean(true)
    {"erlang:is_boolean", R"~(['false'])~", R"~('true')~"},  // erlang:is_boolean(false)
    {"erlang:is_boolean", R"~(['maybe'])~", R"~('false')~"},  // erlang:is_boolean(maybe)
    {"erlang:is_float", R"~([f:3FF0000000000000])~", R"~('true')~"},  // erlang:is_float(1.0)
    {"erlang:is_float", R"~([1])~", R"~('false')~"},  // erlang:is_float(1)
    {"erlang:is_function", R"~(['a'])~", R"~('false')~"},  // erlang:is_function(a)
    {"erlang:is_function", R"~([fun'erlang':'abs'/1])~", R"~('true')~"},  // erlang:is_function(fun erlang:abs/1)
    {"erlang:is_function", R"~([fun'erlang':'abs'/1,1])~", R"~('true')~"},  // erlang:is_function(fun erlang:abs/1, 1)
    {"erlang:is_function", R"~([fun'erlang':'abs'/1,2])~", R"~('false')~"},  // erlang:is_function(fun erlang:abs/1, 2)
    {"erlang:is_function", R"~([fun'erlang':'abs'/1,-1])~", R"~(error:'badarg')~"},  // erlang:is_function(fun erlang:abs/1, -1)
    {"erlang:is_function", R"~([fun'erlang':'abs'/1,f:3FF0000000000000])~", R"~(error:'badarg')~"},  // erlang:is_function(fun erlang:abs/1, 1.0)
    {"erlang:is_function", R"~([fun'erlang':'abs'/1,100000000000000000000000])~", R"~('false')~"},  // erlang:is_function(fun erlang:abs/1, 100000000000000000000000)
    {"erlang:is_function", R"~(['a',1])~", R"~('false')~"},  // erlang:is_function(a, 1)
    {"erlang:is_function", R"~(['a',-1])~", R"~(error:'badarg')~"},  // erlang:is_function(a, -1)
    {"erlang:is_function", R"~(['a','x'])~", R"~(error:'badarg')~"},  // erlang:is_function(a, x)
    {"erlang:is_integer", R"~([100000000000000000000000])~", R"~('true')~"},  // erlang:is_integer(100000000000000000000000)
    {"erlang:is_integer", R"~([-1])~", R"~('true')~"},  // erlang:is_integer(-1)
    {"erlang:is_integer", R"~([f:3FF0000000000000])~", R"~('false')~"},  // erlang:is_integer(1.0)
    {"erlang:is_list", R"~([[]])~", R"~('true')~"},  // erlang:is_list([])
    {"erlang:is_list", R"~([['a'|'b']])~", R"~('true')~"},  // erlang:is_list([a|b])
    {"erlang:is_list", R"~([{}])~", R"~('false')~"},  // erlang:is_list({})
    {"erlang:is_map", R"~([#{}])~", R"~('true')~"},  // erlang:is_map(#{})
    {"erlang:is_map", R"~([[]])~", R"~('false')~"},  // erlang:is_map([])
    {"erlang:is_number", R"~([f:3FF8000000000000])~", R"~('true')~"},  // erlang:is_number(1.5)
    {"erlang:is_number", R"~([-100000000000000000000000])~", R"~('true')~"},  // erlang:is_number(-100000000000000000000000)
    {"erlang:is_number", R"~(['a'])~", R"~('false')~"},  // erlang:is_number(a)
    {"erlang:is_pid", R"~(['a'])~", R"~('false')~"},  // erlang:is_pid(a)
    {"erlang:is_port", R"~(['a'])~", R"~('false')~"},  // erlang:is_port(a)
    {"erlang:is_reference", R"~(['a'])~", R"~('false')~"},  // erlang:is_reference(a)
    {"erlang:is_tuple", R"~([{}])~", R"~('true')~"},  // erlang:is_tuple({})
    {"erlang:is_tuple", R"~([[]])~", R"~('false')~"},  // erlang:is_tuple([])
    {"erlang:is_record", R"~([{'a',1},'a'])~", R"~('true')~"},  // erlang:is_record({a,1},a)
    {"erlang:is_record", R"~([{'a'},'a'])~", R"~('true')~"},  // erlang:is_record({a},a)
    {"erlang:is_record", R"~([{},'a'])~", R"~('false')~"},  // erlang:is_record({},a)
    {"erlang:is_record", R"~([{'b',1},'a'])~", R"~('false')~"},  // erlang:is_record({b,1},a)
    {"erlang:is_record", R"~(['x','a'])~", R"~('false')~"},  // erlang:is_record(x,a)
    {"erlang:is_record", R"~([{1,2},1])~", R"~(error:'badarg')~"},  // erlang:is_record({1,2},1)
    {"erlang:is_record", R"~(['x',1])~", R"~(error:'badarg')~"},  // erlang:is_record(x,1)
    {"erlang:is_record", R"~([{'a',1},'a',2])~", R"~('true')~"},  // erlang:is_record({a,1},a,2)
    {"erlang:is_record", R"~([{'a',1},'a',3])~", R"~('false')~"},  // erlang:is_record({a,1},a,3)
    {"erlang:is_record", R"~([{'a',1},'a','x'])~", R"~(error:'badarg')~"},  // erlang:is_record({a,1},a,x)
    {"erlang:is_record", R"~([{'a',1},1,2])~", R"~(error:'badarg')~"},  // erlang:is_record({a,1},1,2)
    {"erlang:is_record", R"~([{1,1},1,2])~", R"~(error:'badarg')~"},  // erlang:is_record({1,1},1,2)
    {"erlang:is_record", R"~(['x','a','x'])~", R"~(error:'badarg')~"},  // erlang:is_record(x,a,x)
    {"erlang:is_record", R"~(['x',1,2])~", R"~(error:'badarg')~"},  // erlang:is_record(x,1,2)
    {"erlang:is_record", R"~([{'a',1},'a',-1])~", R"~('false')~"},  // erlang:is_record({a,1},a,-1)
    {"erlang:is_record", R"~([{},'a',0])~", R"~('false')~"},  // erlang:is_record({},a,0)
    {"erlang:element", R"~([1,{'a','b'}])~", R"~('a')~"},  // erlang:element(1,{a,b})
    {"erlang:element", R"~([2,{'a','b'}])~", R"~('b')~"},  // erlang:element(2,{a,b})
    {"erlang:element", R"~([0,{'a','b'}])~", R"~(error:'badarg')~"},  // erlang:element(0,{a,b})
    {"erlang:element", R"~([3,{'a','b'}])~", R"~(error:'badarg')~"},  // erlang:element(3,{a,b})
    {"erlang:element", R"~([f:3FF0000000000000,{'a','b'}])~", R"~(error:'badarg')~"},  // erlang:element(1.0,{a,b})
    {"erlang:element", R"~([-1,{'a','b'}])~", R"~(error:'badarg')~"},  // erlang:element(-1,{a,b})
    {"erlang:element", R"~([100000000000000000000000,{'a','b'}])~", R"~(error:'badarg')~"},  // erlang:element(100000000000000000000000,{a,b})
    {"erlang:element", R"~([1,['a','b']])~", R"~(error:'badarg')~"},  // erlang:element(1,[a,b])
    {"erlang:element", R"~([1,{}])~", R"~(error:'badarg')~"},  // erlang:element(1,{})
    {"erlang:setelement", R"~([1,{'a','b'},'c'])~", R"~({'c','b'})~"},  // erlang:setelement(1,{a,b},c)
    {"erlang:setelement", R"~([2,{'a','b'},'c'])~", R"~({'a','c'})~"},  // erlang:setelement(2,{a,b},c)
    {"erlang:setelement", R"~([3,{'a','b'},'c'])~", R"~(error:'badarg')~"},  // erlang:setelement(3,{a,b},c)
    {"erlang:setelement", R"~([0,{'a','b'},'c'])~", R"~(error:'badarg')~"},  // erlang:setelement(0,{a,b},c)
    {"erlang:setelement", R"~([1,{},'c'])~", R"~(error:'badarg')~"},  // erlang:setelement(1,{},c)
    {"erlang:setelement", R"~([1,'x','c'])~", R"~(error:'badarg')~"},  // erlang:setelement(1,x,c)
    {"erlang:setelement", R"~(['a',{'a'},'c'])~", R"~(error:'badarg')~"},  // erlang:setelement(a,{a},c)
    {"erlang:tuple_size", R"~([{}])~", R"~(0)~"},  // erlang:tuple_size({})
    {"erlang:tuple_size", R"~([{'a','b','c'}])~", R"~(3)~"},  // erlang:tuple_size({a,b,c})
    {"erlang:tuple_size", R"~([['a']])~", R"~(error:'badarg')~"},  // erlang:tuple_size([a])
    {"erlang:tuple_size", R"~([<<01>>])~", R"~(error:'badarg')~"},  // erlang:tuple_size(<<1>>)
    {"erlang:size", R"~([{'a','b'}])~", R"~(2)~"},  // erlang:size({a,b})
    {"erlang:size", R"~([<<010203>>])~", R"~(3)~"},  // erlang:size(<<1,2,3>>)
    {"erlang:size", R"~([<<010230:20>>])~", R"~(2)~"},  // erlang:size(<<1,2,3:4>>)
    {"erlang:size", R"~([<<10:4>>])~", R"~(0)~"},  // erlang:size(<<1:4>>)
    {"erlang:size", R"~([['a']])~", R"~(error:'badarg')~"},  // erlang:size([a])
    {"erlang:size", R"~([#{'a'=>1}])~", R"~(error:'badarg')~"},  // erlang:size(#{a=>1})
    {"erlang:make_tuple", R"~([0,'a'])~", R"~({})~"},  // erlang:make_tuple(0,a)
    {"erlang:make_tuple", R"~([3,'a'])~", R"~({'a','a','a'})~"},  // erlang:make_tuple(3,a)
    {"erlang:make_tuple", R"~([-1,'a'])~", R"~(error:'badarg')~"},  // erlang:make_tuple(-1,a)
    {"erlang:make_tuple", R"~(['a','a'])~", R"~(error:'badarg')~"},  // erlang:make_tuple(a,a)
    {"erlang:make_tuple", R"~([f:3FF0000000000000,'a'])~", R"~(error:'badarg')~"},  // erlang:make_tuple(1.0,a)
    {"erlang:make_tuple", R"~([16777216,'a'])~", R"~(error:'badarg')~"},  // erlang:make_tuple(16777216,a)
    {"erlang:make_tuple", R"~([100000000000000000000000,'a'])~", R"~(error:'badarg')~"},  // erlang:make_tuple(100000000000000000000000,a)
    {"erlang:make_tuple", R"~([3,'x',[{1,'a'},{3,'c'}]])~", R"~({'a','x','c'})~"},  // erlang:make_tuple(3,x,[{1,a},{3,c}])
    {"erlang:make_tuple", R"~([3,'x',[{1,'a'},{1,'b'}]])~", R"~({'b','x','x'})~"},  // erlang:make_tuple(3,x,[{1,a},{1,b}])
    {"erlang:make_tuple", R"~([3,'x',[]])~", R"~({'x','x','x'})~"},  // erlang:make_tuple(3,x,[])
    {"erlang:make_tuple", R"~([3,'x',[{4,'a'}]])~", R"~(error:'badarg')~"},  // erlang:make_tuple(3,x,[{4,a}])
    {"erlang:make_tuple", R"~([3,'x',[{0,'a'}]])~", R"~(error:'badarg')~"},  // erlang:make_tuple(3,x,[{0,a}])
    {"erlang:make_tuple", R"~([3,'x',[{1,'a'}|'b']])~", R"~(error:'badarg')~"},  // erlang:make_tuple(3,x,[{1,a}|b])
    {"erlang:make_tuple", R"~([3,'x',[{1,'a','b'}]])~", R"~(error:'badarg')~"},  // erlang:make_tuple(3,x,[{1,a,b}])
    {"erlang:make_tuple", R"~([3,'x',['a']])~", R"~(error:'badarg')~"},  // erlang:make_tuple(3,x,[a])
    {"erlang:make_tuple", R"~([3,'x','a'])~", R"~(error:'badarg')~"},  // erlang:make_tuple(3,x,a)
    {"erlang:make_tuple", R"~([0,'x',[{1,'a'}]])~", R"~(error:'badarg')~"},  // erlang:make_tuple(0,x,[{1,a}])
    {"erlang:make_tuple", R"~([0,'x',[]])~", R"~({})~"},  // erlang:make_tuple(0,x,[])
    {"erlang:make_tuple", R"~([-1,'x',[]])~", R"~(error:'badarg')~"},  // erlang:make_tuple(-1,x,[])
    {"erlang:make_tuple", R"~([2,'x',[{f:3FF0000000000000,'a'}]])~", R"~(error:'badarg')~"},  // erlang:make_tuple(2,x,[{1.0,a}])
    {"erlang:append_element", R"~([{'a'},'b'])~", R"~({'a','b'})~"},  // erlang:append_element({a},b)
    {"erlang:append_element", R"~([{},'b'])~", R"~({'b'})~"},  // erlang:append_element({},b)
    {"erlang:append_element", R"~([[],'b'])~", R"~(error:'badarg')~"},  // erlang:append_element([],b)
    {"erlang:delete_element", R"~([1,{'a','b'}])~", R"~({'b'})~"},  // erlang:delete_element(1,{a,b})
    {"erlang:delete_element", R"~([2,{'a','b'}])~", R"~({'a'})~"},  // erlang:delete_element(2,{a,b})
    {"erlang:delete_element", R"~([3,{'a','b'}])~", R"~(error:'badarg')~"},  // erlang:delete_element(3,{a,b})
    {"erlang:delete_element", R"~([0,{'a','b'}])~", R"~(error:'badarg')~"},  // erlang:delete_element(0,{a,b})
    {"erlang:delete_element", R"~([1,{'a'}])~", R"~({})~"},  // erlang:delete_element(1,{a})
    {"erlang:delete_element", R"~([1,{}])~", R"~(error:'badarg')~"},  // erlang:delete_element(1,{})
    {"erlang:delete_element", R"~([1,['a']])~", R"~(error:'badarg')~"},  // erlang:delete_element(1,[a])
    {"erlang:delete_element", R"~(['a',{'a'}])~", R"~(error:'badarg')~"},  // erlang:delete_element(a,{a})
    {"erlang:insert_element", R"~([1,{'a','b'},'x'])~", R"~({'x','a','b'})~"},  // erlang:insert_element(1,{a,b},x)
    {"erlang:insert_element", R"~([2,{'a','b'},'x'])~", R"~({'a','x','b'})~"},  // erlang:insert_element(2,{a,b},x)
    {"erlang:insert_element", R"~([3,{'a','b'},'x'])~", R"~({'a','b','x'})~"},  // erlang:insert_element(3,{a,b},x)
    {"erlang:insert_element", R"~([4,{'a','b'},'x'])~", R"~(error:'badarg')~"},  // erlang:insert_element(4,{a,b},x)
    {"erlang:insert_element", R"~([0,{'a','b'},'x'])~", R"~(error:'badarg')~"},  // erlang:insert_element(0,{a,b},x)
    {"erlang:insert_element", R"~([1,{},'x'])~", R"~({'x'})~"},  // erlang:insert_element(1,{},x)
    {"erlang:insert_element", R"~([2,{},'x'])~", R"~(error:'badarg')~"},  // erlang:insert_element(2,{},x)
    {"erlang:insert_element", R"~([1,[],'x'])~", R"~(error:'badarg')~"},  // erlang:insert_element(1,[],x)
    {"erlang:tuple_to_list", R"~([{}])~", R"~([])~"},  // erlang:tuple_to_list({})
    {"erlang:tuple_to_list", R"~([{'a',{'b'},['c']}])~", R"~(['a',{'b'},['c']])~"},  // erlang:tuple_to_list({a,{b},[c]})
    {"erlang:tuple_to_list", R"~([['a']])~", R"~(error:'badarg')~"},  // erlang:tuple_to_list([a])
    {"erlang:list_to_tuple", R"~([[]])~", R"~({})~"},  // erlang:list_to_tuple([])
    {"erlang:list_to_tuple", R"~([['a','b','c']])~", R"~({'a','b','c'})~"},  // erlang:list_to_tuple([a,b,c])
    {"erlang:list_to_tuple", R"~([['a'|'b']])~", R"~(error:'badarg')~"},  // erlang:list_to_tuple([a|b])
    {"erlang:list_to_tuple", R"~(['a'])~", R"~(error:'badarg')~"},  // erlang:list_to_tuple(a)
    {"erlang:list_to_tuple", R"~([{'a'}])~", R"~(error:'badarg')~"},  // erlang:list_to_tuple({a})
    {"erlang:atom_to_list", R"~(['abc'])~", R"~([97,98,99])~"},  // erlang:atom_to_list(abc)
    {"erlang:atom_to_list", R"~([''])~", R"~([])~"},  // erlang:atom_to_list('')
    {"erlang:atom_to_list", R"~(['hello world'])~", R"~([104,101,108,108,111,32,119,111,114,108,100])~"},  // erlang:atom_to_list('hello world')
    {"erlang:atom_to_list", R"~(['λä€😀'])~", R"~([955,228,8364,128512])~"},  // erlang:atom_to_list(list_to_atom([955,228,8364,128512]))
    {"erlang:atom_to_list", R"~([[97,98,99]])~", R"~(error:'badarg')~"},  // erlang:atom_to_list("abc")
    {"erlang:atom_to_list", R"~([1])~", R"~(error:'badarg')~"},  // erlang:atom_to_list(1)
    {"erlang:list_to_atom", R"~([[97,98,99]])~", R"~('abc')~"},  // erlang:list_to_atom("abc")
    {"erlang:list_to_atom", R"~([[]])~", R"~('')~"},  // erlang:list_to_atom([])
    {"erlang:list_to_atom", R"~([[955,228,8364,128512]])~", R"~('λä€😀')~"},  // erlang:list_to_atom([955,228,8364,128512])
    {"erlang:list_to_atom", R"~([[255]])~", R"~('ÿ')~"},  // erlang:list_to_atom([255])
    {"erlang:list_to_atom", R"~([[256]])~", R"~('Ā')~"},  // erlang:list_to_atom([256])
    {"erlang:list_to_atom", R"~([[55296]])~", R"~(error:'badarg')~"},  // erlang:list_to_atom([16#D800])
    {"erlang:list_to_atom", R"~([[1114112]])~", R"~(error:'badarg')~"},  // erlang:list_to_atom([16#110000])
    {"erlang:list_to_atom", R"~([[-1]])~", R"~(error:'badarg')~"},  // erlang:list_to_atom([-1])
    {"erlang:list_to_atom", R"~([['a']])~", R"~(error:'badarg')~"},  // erlang:list_to_atom([a])
    {"erlang:list_to_atom", R"~([[97|'b']])~", R"~(error:'badarg')~"},  // erlang:list_to_atom([$a|b])
    {"erlang:list_to_atom", R"~([<<61>>])~", R"~(error:'badarg')~"},  // erlang:list_to_atom(<<"a">>)
    {"erlang:list_to_atom", R"~([[[97]]])~", R"~(error:'badarg')~"},  // erlang:list_to_atom(["a"])
    {"erlang:list_to_atom", R"~([[f:3FF0000000000000]])~", R"~(error:'badarg')~"},  // erlang:list_to_atom([1.0])
    {"erlang:list_to_atom", R"~([[97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97]])~", R"~('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')~"},  // erlang:list_to_atom(lists:duplicate(255,$a))
    {"erlang:list_to_atom", R"~([[97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97]])~", R"~(error:'system_limit')~"},  // erlang:list_to_atom(lists:duplicate(256,$a))
    {"erlang:list_to_atom", R"~([[955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955]])~", R"~('λλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλ')~"},  // erlang:list_to_atom(lists:duplicate(255,955))
    {"erlang:list_to_atom", R"~([[955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955,955]])~", R"~(error:'system_limit')~"},  // erlang:list_to_atom(lists:duplicate(256,955))
    {"erlang:list_to_atom", R"~([['a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a']])~", R"~(error:'badarg')~"},  // erlang:list_to_atom(lists:duplicate(256,a))
    {"erlang:list_to_atom", R"~([[97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,'a']])~", R"~(error:'system_limit')~"},  // erlang:list_to_atom(lists:duplicate(256,$a) ++ [a])
    {"erlang:list_to_existing_atom", R"~([[97,98,99]])~", R"~('abc')~"},  // erlang:list_to_existing_atom("abc")
    {"erlang:list_to_existing_atom", R"~([[111,107]])~", R"~('ok')~"},  // erlang:list_to_existing_atom("ok")
    {"erlang:list_to_existing_atom", R"~([[104,97,109,108,101,116,95,115,117,114,101,108,121,95,110,111,116,95,97,110,95,97,116,111,109,95,120,121,122,122,121]])~", R"~(error:'badarg')~"},  // erlang:list_to_existing_atom("hamlet_surely_not_an_atom_xyzzy")
    {"erlang:list_to_existing_atom", R"~([[97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97]])~", R"~(error:'badarg')~"},  // erlang:list_to_existing_atom(lists:duplicate(256,$a))
    {"erlang:list_to_existing_atom", R"~([['a']])~", R"~(error:'badarg')~"},  // erlang:list_to_existing_atom([a])
    {"erlang:list_to_existing_atom", R"~(['ok'])~", R"~(error:'badarg')~"},  // erlang:list_to_existing_atom(ok)
    {"erlang:atom_to_binary", R"~(['abc','utf8'])~", R"~(<<616263>>)~"},  // erlang:atom_to_binary(abc, utf8)
    {"erlang:atom_to_binary", R"~(['abc','unicode'])~", R"~(<<616263>>)~"},  // erlang:atom_to_binary(abc, unicode)
    {"erlang:atom_to_binary", R"~(['abc','latin1'])~", R"~(<<616263>>)~"},  // erlang:atom_to_binary(abc, latin1)
    {"erlang:atom_to_binary", R"~(['ä','latin1'])~", R"~(<<E4>>)~"},  // erlang:atom_to_binary(list_to_atom([228]), latin1)
    {"erlang:atom_to_binary", R"~(['ä','utf8'])~", R"~(<<C3A4>>)~"},  // erlang:atom_to_binary(list_to_atom([228]), utf8)
    {"erlang:atom_to_binary", R"~(['λ','latin1'])~", R"~(error:'badarg')~"},  // erlang:atom_to_binary(list_to_atom([955]), latin1)
    {"erlang:atom_to_binary", R"~(['λ','utf8'])~", R"~(<<CEBB>>)~"},  // erlang:atom_to_binary(list_to_atom([955]), utf8)
    {"erlang:atom_to_binary", R"~(['abc','utf16'])~", R"~(error:'badarg')~"},  // erlang:atom_to_binary(abc, utf16)
    {"erlang:atom_to_binary", R"~(['abc','foo'])~", R"~(error:'badarg')~"},  // erlang:atom_to_binary(abc, foo)
    {"erlang:atom_to_binary", R"~([[97,98,99],'utf8'])~", R"~(error:'badarg')~"},  // erlang:atom_to_binary("abc", utf8)
    {"erlang:binary_to_atom", R"~([<<616263>>,'utf8'])~", R"~('abc')~"},  // erlang:binary_to_atom(<<"abc">>, utf8)
    {"erlang:binary_to_atom", R"~([<<616263>>,'latin1'])~", R"~('abc')~"},  // erlang:binary_to_atom(<<"abc">>, latin1)
    {"erlang:binary_to_atom", R"~([<<616263>>,'unicode'])~", R"~('abc')~"},  // erlang:binary_to_atom(<<"abc">>, unicode)
    {"erlang:binary_to_atom", R"~([<<E4>>,'latin1'])~", R"~('ä')~"},  // erlang:binary_to_atom(<<228>>, latin1)
    {"erlang:binary_to_atom", R"~([<<E4>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_atom(<<228>>, utf8)
    {"erlang:binary_to_atom", R"~([<<C3A4>>,'utf8'])~", R"~('ä')~"},  // erlang:binary_to_atom(<<195,164>>, utf8)
    {"erlang:binary_to_atom", R"~([<<C3A4>>,'latin1'])~", R"~('Ã¤')~"},  // erlang:binary_to_atom(<<195,164>>, latin1)
    {"erlang:binary_to_atom", R"~([<<EDA080>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_atom(<<237,160,128>>, utf8)
    {"erlang:binary_to_atom", R"~([<<C080>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_atom(<<192,128>>, utf8)
    {"erlang:binary_to_atom", R"~([<<616263>>,'utf16'])~", R"~(error:'badarg')~"},  // erlang:binary_to_atom(<<"abc">>, utf16)
    {"erlang:binary_to_atom", R"~([<<616263>>,'foo'])~", R"~(error:'badarg')~"},  // erlang:binary_to_atom(<<"abc">>, foo)
    {"erlang:binary_to_atom", R"~([<<02:7>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_atom(<<1:7>>, utf8)
    {"erlang:binary_to_atom", R"~([[97,98,99],'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_atom("abc", utf8)
    {"erlang:binary_to_atom", R"~([<<>>,'utf8'])~", R"~('')~"},  // erlang:binary_to_atom(<<>>, utf8)
    {"erlang:binary_to_atom", R"~([<<616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161>>,'latin1'])~", R"~('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')~"},  // erlang:binary_to_atom(list_to_binary(lists:duplicate(255,$a)), latin1)
    {"erlang:binary_to_atom", R"~([<<61616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161>>,'latin1'])~", R"~(error:'system_limit')~"},  // erlang:binary_to_atom(list_to_binary(lists:duplicate(256,$a)), latin1)
    {"erlang:binary_to_atom", R"~([<<61616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161>>,'utf8'])~", R"~(error:'system_limit')~"},  // erlang:binary_to_atom(list_to_binary(lists:duplicate(256,$a)), utf8)
    {"erlang:binary_to_atom", R"~([<<E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4>>,'latin1'])~", R"~('äääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääääää')~"},  // erlang:binary_to_atom(list_to_binary(lists:duplicate(255,228)), latin1)
    {"erlang:binary_to_atom", R"~([<<E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4>>,'latin1'])~", R"~(error:'system_limit')~"},  // erlang:binary_to_atom(list_to_binary(lists:duplicate(256,228)), latin1)
    {"erlang:binary_to_atom", R"~([<<E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4E4>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_atom(list_to_binary(lists:duplicate(300,228)), utf8)
    {"erlang:binary_to_atom", R"~([<<CEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBB>>,'utf8'])~", R"~('λλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλλ')~"},  // erlang:binary_to_atom(unicode:characters_to_binary(lists:duplicate(255,955)), utf8)
    {"erlang:binary_to_atom", R"~([<<CEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBBCEBB>>,'utf8'])~", R"~(error:'system_limit')~"},  // erlang:binary_to_atom(unicode:characters_to_binary(lists:duplicate(256,955)), utf8)
    {"erlang:binary_to_atom", R"~([<<FFFF>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_atom(<<255,255>>, utf8)
    {"erlang:binary_to_existing_atom", R"~([<<6F6B>>,'utf8'])~", R"~('ok')~"},  // erlang:binary_to_existing_atom(<<"ok">>, utf8)
    {"erlang:binary_to_existing_atom", R"~([<<6F6B>>,'latin1'])~", R"~('ok')~"},  // erlang:binary_to_existing_atom(<<"ok">>, latin1)
    {"erlang:binary_to_existing_atom", R"~([<<68616D6C65745F737572656C795F6E6F745F616E5F61746F6D5F78797A7A79>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_existing_atom(<<"hamlet_surely_not_an_atom_xyzzy">>, utf8)
    {"erlang:binary_to_existing_atom", R"~([<<6F6B>>,'foo'])~", R"~(error:'badarg')~"},  // erlang:binary_to_existing_atom(<<"ok">>, foo)
    {"erlang:binary_to_existing_atom", R"~([<<FFFF>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_existing_atom(<<255,255>>, utf8)
    {"erlang:binary_to_existing_atom", R"~([<<61616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_existing_atom(list_to_binary(lists:duplicate(256,$a)), utf8)
    {"erlang:binary_to_existing_atom", R"~([<<61616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161>>,'latin1'])~", R"~(error:'badarg')~"},  // erlang:binary_to_existing_atom(list_to_binary(lists:duplicate(256,$a)), latin1)
    {"erlang:binary_to_existing_atom", R"~(['ok','utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_existing_atom(ok, utf8)
    {"erlang:==", R"~([1,f:3FF0000000000000])~", R"~('true')~"},  // erlang:'=='(1,1.0)
    {"erlang:==", R"~([1,2])~", R"~('false')~"},  // erlang:'=='(1,2)
    {"erlang:==", R"~(['a','a'])~", R"~('true')~"},  // erlang:'=='(a,a)
    {"erlang:/=", R"~([1,f:3FF0000000000000])~", R"~('false')~"},  // erlang:'/='(1,1.0)
    {"erlang:/=", R"~([1,2])~", R"~('true')~"},  // erlang:'/='(1,2)
    {"erlang:=:=", R"~([1,f:3FF0000000000000])~", R"~('false')~"},  // erlang:'=:='(1,1.0)
    {"erlang:=:=", R"~([{'a',[1]},{'a',[1]}])~", R"~('true')~"},  // erlang:'=:='({a,[1]},{a,[1]})
    {"erlang:=/=", R"~([1,f:3FF0000000000000])~", R"~('true')~"},  // erlang:'=/='(1,1.0)
    {"erlang:=/=", R"~([1,1])~", R"~('false')~"},  // erlang:'=/='(1,1)
    {"erlang:<", R"~([1,'a'])~", R"~('true')~"},  // erlang:'<'(1,a)
    {"erlang:<", R"~(['a',1])~", R"~('false')~"},  // erlang:'<'(a,1)
    {"erlang:<", R"~([1,f:3FF0000000000000])~", R"~('false')~"},  // erlang:'<'(1,1.0)
    {"erlang:>", R"~([{'a'},['a']])~", R"~('false')~"},  // erlang:'>'({a},[a])
    {"erlang:>", R"~([['a'],{'a'}])~", R"~('true')~"},  // erlang:'>'([a],{a})
    {"erlang:=<", R"~([1,f:3FF0000000000000])~", R"~('true')~"},  // erlang:'=<'(1,1.0)
    {"erlang:=<", R"~([2,f:3FF0000000000000])~", R"~('false')~"},  // erlang:'=<'(2,1.0)
    {"erlang:>=", R"~([f:3FF0000000000000,1])~", R"~('true')~"},  // erlang:'>='(1.0,1)
    {"erlang:>=", R"~([1,2])~", R"~('false')~"},  // erlang:'>='(1,2)
    {"erlang:not", R"~(['true'])~", R"~('false')~"},  // erlang:'not'(true)
    {"erlang:not", R"~(['false'])~", R"~('true')~"},  // erlang:'not'(false)
    {"erlang:not", R"~([1])~", R"~(error:'badarg')~"},  // erlang:'not'(1)
    {"erlang:and", R"~(['true','true'])~", R"~('true')~"},  // erlang:'and'(true,true)
    {"erlang:and", R"~(['true','false'])~", R"~('false')~"},  // erlang:'and'(true,false)
    {"erlang:and", R"~(['false','true'])~", R"~('false')~"},  // erlang:'and'(false,true)
    {"erlang:and", R"~(['false','false'])~", R"~('false')~"},  // erlang:'and'(false,false)
    {"erlang:and", R"~(['false',1])~", R"~(error:'badarg')~"},  // erlang:'and'(false,1)
    {"erlang:and", R"~([1,'false'])~", R"~(error:'badarg')~"},  // erlang:'and'(1,false)
    {"erlang:or", R"~(['true','false'])~", R"~('true')~"},  // erlang:'or'(true,false)
    {"erlang:or", R"~(['false','false'])~", R"~('false')~"},  // erlang:'or'(false,false)
    {"erlang:or", R"~(['true',1])~", R"~(error:'badarg')~"},  // erlang:'or'(true,1)
    {"erlang:or", R"~(['x','true'])~", R"~(error:'badarg')~"},  // erlang:'or'(x,true)
    {"erlang:xor", R"~(['true','false'])~", R"~('true')~"},  // erlang:'xor'(true,false)
    {"erlang:xor", R"~(['true','true'])~", R"~('false')~"},  // erlang:'xor'(true,true)
    {"erlang:xor", R"~(['false','false'])~", R"~('false')~"},  // erlang:'xor'(false,false)
    {"erlang:xor", R"~(['false',1])~", R"~(error:'badarg')~"},  // erlang:'xor'(false,1)
    {"erlang:hd", R"~([['a','b']])~", R"~('a')~"},  // erlang:hd([a,b])
    {"erlang:hd", R"~([['a'|'b']])~", R"~('a')~"},  // erlang:hd([a|b])
    {"erlang:hd", R"~([[]])~", R"~(error:'badarg')~"},  // erlang:hd([])
    {"erlang:hd", R"~(['a'])~", R"~(error:'badarg')~"},  // erlang:hd(a)
    {"erlang:tl", R"~([['a','b']])~", R"~(['b'])~"},  // erlang:tl([a,b])
    {"erlang:tl", R"~([['a'|'b']])~", R"~('b')~"},  // erlang:tl([a|b])
    {"erlang:tl", R"~([[]])~", R"~(error:'badarg')~"},  // erlang:tl([])
    {"erlang:tl", R"~([{'a'}])~", R"~(error:'badarg')~"},  // erlang:tl({a})
    {"erlang:length", R"~([[]])~", R"~(0)~"},  // erlang:length([])
    {"erlang:length", R"~([['a','b','c']])~", R"~(3)~"},  // erlang:length([a,b,c])
    {"erlang:length", R"~([['a','b'|'c']])~", R"~(error:'badarg')~"},  // erlang:length([a,b|c])
    {"erlang:length", R"~(['a'])~", R"~(error:'badarg')~"},  // erlang:length(a)
    {"erlang:list_to_atom", R"~([[97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,'a']])~", R"~(error:'system_limit')~"},  // erlang:list_to_atom(lists:duplicate(255,$a) ++ [a])
    {"erlang:list_to_atom", R"~([[97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97|'b']])~", R"~(error:'system_limit')~"},  // erlang:list_to_atom(lists:duplicate(255,$a) ++ [$a|b])
    {"erlang:list_to_atom", R"~([[97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,-1]])~", R"~(error:'system_limit')~"},  // erlang:list_to_atom(lists:duplicate(255,$a) ++ [-1])
    {"erlang:list_to_atom", R"~([[97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,'a'|'b']])~", R"~(error:'badarg')~"},  // erlang:list_to_atom(lists:duplicate(254,$a) ++ [a|b])
    {"erlang:binary_to_atom", R"~([<<61616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161FF>>,'utf8'])~", R"~(error:'system_limit')~"},  // erlang:binary_to_atom(list_to_binary([lists:duplicate(256,$a),255]), utf8)
    {"erlang:binary_to_atom", R"~([<<61616161616161616161FF616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161>>,'utf8'])~", R"~(error:'badarg')~"},
    {"erlang:binary_to_atom", R"~([<<61616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161>>,'utf8'])~", R"~(error:'system_limit')~"},  // erlang:binary_to_atom(list_to_binary([lists:duplicate(1021,$a)]), utf8)
    {"erlang:binary_to_atom", R"~([<<FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF>>,'latin1'])~", R"~(error:'system_limit')~"},  // erlang:binary_to_atom(list_to_binary([lists:duplicate(1021,255)]), latin1)
    {"erlang:binary_to_existing_atom", R"~([<<FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_existing_atom(list_to_binary([lists:duplicate(1021,255)]), utf8)
    {"erlang:binary_to_existing_atom", R"~([<<E4>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_existing_atom(<<228>>, utf8)
    {"erlang:binary_to_existing_atom", R"~([<<6F6B>>,'unicode'])~", R"~('ok')~"},  // erlang:binary_to_existing_atom(<<"ok">>, unicode)
    {"erlang:list_to_existing_atom", R"~([[55296]])~", R"~(error:'badarg')~"},  // erlang:list_to_existing_atom([16#D800])
    {"erlang:list_to_existing_atom", R"~([[111,107|'b']])~", R"~(error:'badarg')~"},  // erlang:list_to_existing_atom([$o,$k|b])
    {"erlang:atom_to_binary", R"~(['abc',[117,116,102,56]])~", R"~(error:'badarg')~"},  // erlang:atom_to_binary(abc, "utf8")
    {"erlang:binary_to_atom", R"~([<<616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161FF>>,'utf8'])~", R"~(error:'system_limit')~"},  // erlang:binary_to_atom(list_to_binary([lists:duplicate(255,$a),255]), utf8)
    {"erlang:binary_to_atom", R"~([<<6161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161C3>>,'utf8'])~", R"~(error:'badarg')~"},  // erlang:binary_to_atom(list_to_binary([lists:duplicate(254,$a),195]), utf8)
    {"erlang:binary_to_atom", R"~([<<61616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161FF61616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161>>,'utf8'])~", R"~(error:'badarg')~"},
    {"erlang:is_record", R"~([{'a'},'a',100000000000000000000])~", R"~(error:'badarg')~"},  // erlang:is_record({a},a,100000000000000000000)
    {"erlang:is_record", R"~([{'a'},'a',f:3FF0000000000000])~", R"~(error:'badarg')~"},  // erlang:is_record({a},a,1.0)
    {"erlang:is_record", R"~([{'a'},'a',1])~", R"~('true')~"},  // erlang:is_record({a},a,1)
    {"erlang:==", R"~([#{1=>'a'},#{f:3FF0000000000000=>'a'}])~", R"~('false')~"},  // erlang:'=='(#{1=>a},#{1.0=>a})
    {"erlang:==", R"~([{1,[f:4000000000000000]},{f:3FF0000000000000,[2]}])~", R"~('true')~"},  // erlang:'=='({1,[2.0]},{1.0,[2]})
    {"erlang:<", R"~([<<02:7>>,<<01>>])~", R"~('false')~"},  // erlang:'<'(<<1:7>>,<<1>>)
    {"erlang:<", R"~([100000000000000000000,f:4415AF1D78B58C40])~", R"~('false')~"},  // erlang:'<'(100000000000000000000,100000000000000000000.0)
    {"erlang:=<", R"~([[],['a']])~", R"~('true')~"},  // erlang:'=<'([],[a])
    {"erlang:>", R"~([#{},{}])~", R"~('true')~"},  // erlang:'>'(#{},{})
};

TEST_CASE("terms BIFs agree with OTP 25", "[bifs]") { run_cases(k_terms_cases); }

// ---- lists: rows recorded from erl (OTP 25) ----
const Case k_lists_cases[] = {
    {"erlang:binary_to_list", R"~([<<010203>>])~", R"~([1,2,3])~"},  // erlang:binary_to_list(<<1,2,3>>)
    {"erlang:binary_to_list", R"~([<<>>])~", R"~([])~"},  // erlang:binary_to_list(<<>>)
    {"erlang:binary_to_list", R"~([<<010230:20>>])~", R"~(error:'badarg')~"},  // erlang:binary_to_list(<<1,2,3:4>>)
    {"erlang:binary_to_list", R"~([[97,98,99]])~", R"~(error:'badarg')~"},  // erlang:binary_to_list("abc")
    {"erlang:binary_to_list", R"~([<<010203>>,1,3])~", R"~([1,2,3])~"},  // erlang:binary_to_list(<<1,2,3>>,1,3)
    {"erlang:binary_to_list", R"~([<<010203>>,2,2])~", R"~([2])~"},  // erlang:binary_to_list(<<1,2,3>>,2,2)
    {"erlang:binary_to_list", R"~([<<010203>>,3,2])~", R"~(error:'badarg')~"},  // erlang:binary_to_list(<<1,2,3>>,3,2)
    {"erlang:binary_to_list", R"~([<<010203>>,0,2])~", R"~(error:'badarg')~"},  // erlang:binary_to_list(<<1,2,3>>,0,2)
    {"erlang:binary_to_list", R"~([<<010203>>,1,4])~", R"~(error:'badarg')~"},  // erlang:binary_to_list(<<1,2,3>>,1,4)
    {"erlang:binary_to_list", R"~([<<>>,1,0])~", R"~(error:'badarg')~"},  // erlang:binary_to_list(<<>>,1,0)
    {"erlang:binary_to_list", R"~([<<>>,1,1])~", R"~(error:'badarg')~"},  // erlang:binary_to_list(<<>>,1,1)
    {"erlang:binary_to_list", R"~([<<010203>>,1,0])~", R"~(error:'badarg')~"},  // erlang:binary_to_list(<<1,2,3>>,1,0)
    {"erlang:binary_to_list", R"~([<<010203>>,4,3])~", R"~(error:'badarg')~"},  // erlang:binary_to_list(<<1,2,3>>,4,3)
    {"erlang:binary_to_list", R"~([<<010203>>,'a',3])~", R"~(error:'badarg')~"},  // erlang:binary_to_list(<<1,2,3>>,a,3)
    {"erlang:binary_to_list", R"~([<<010230:20>>,1,2])~", R"~([1,2])~"},  // erlang:binary_to_list(<<1,2,3:4>>,1,2)
    {"erlang:bitstring_to_list", R"~([<<010203>>])~", R"~([1,2,3])~"},  // erlang:bitstring_to_list(<<1,2,3>>)
    {"erlang:bitstring_to_list", R"~([<<010230:20>>])~", R"~([1,2,<<30:4>>])~"},  // erlang:bitstring_to_list(<<1,2,3:4>>)
    {"erlang:bitstring_to_list", R"~([<<30:4>>])~", R"~([<<30:4>>])~"},  // erlang:bitstring_to_list(<<3:4>>)
    {"erlang:bitstring_to_list", R"~([<<>>])~", R"~([])~"},  // erlang:bitstring_to_list(<<>>)
    {"erlang:bitstring_to_list", R"~([[]])~", R"~(error:'badarg')~"},  // erlang:bitstring_to_list([])
    {"erlang:list_to_binary", R"~([[1,2,3]])~", R"~(<<010203>>)~"},  // erlang:list_to_binary([1,2,3])
    {"erlang:list_to_binary", R"~([[]])~", R"~(<<>>)~"},  // erlang:list_to_binary([])
    {"erlang:list_to_binary", R"~([[[],[[]]]])~", R"~(<<>>)~"},  // erlang:list_to_binary([[],[[]]])
    {"erlang:list_to_binary", R"~([[1,[2,<<0304>>,[[5]|<<06>>]],<<>>|<<07>>]])~", R"~(<<01020304050607>>)~"},  // erlang:list_to_binary([1,[2,<<3,4>>,[[5]|<<6>>]],<<>>|<<7>>])
    {"erlang:list_to_binary", R"~([[1|2]])~", R"~(error:'badarg')~"},  // erlang:list_to_binary([1|2])
    {"erlang:list_to_binary", R"~([[256]])~", R"~(error:'badarg')~"},  // erlang:list_to_binary([256])
    {"erlang:list_to_binary", R"~([[-1]])~", R"~(error:'badarg')~"},  // erlang:list_to_binary([-1])
    {"erlang:list_to_binary", R"~([['a']])~", R"~(error:'badarg')~"},  // erlang:list_to_binary([a])
    {"erlang:list_to_binary", R"~([[f:3FF0000000000000]])~", R"~(error:'badarg')~"},  // erlang:list_to_binary([1.0])
    {"erlang:list_to_binary", R"~([<<01>>])~", R"~(error:'badarg')~"},  // erlang:list_to_binary(<<1>>)
    {"erlang:list_to_binary", R"~([[<<10:4>>]])~", R"~(error:'badarg')~"},  // erlang:list_to_binary([<<1:4>>])
    {"erlang:list_to_binary", R"~([[<<10:4>>,<<10:4>>]])~", R"~(error:'badarg')~"},  // erlang:list_to_binary([<<1:4>>,<<1:4>>])
    {"erlang:list_to_binary", R"~([[1|<<10:4>>]])~", R"~(error:'badarg')~"},  // erlang:list_to_binary([1|<<1:4>>])
    {"erlang:list_to_binary", R"~(['a'])~", R"~(error:'badarg')~"},  // erlang:list_to_binary(a)
    {"erlang:list_to_binary", R"~([[[1|'a']]])~", R"~(error:'badarg')~"},  // erlang:list_to_binary([[1|a]])
    {"erlang:iolist_to_binary", R"~([<<0102>>])~", R"~(<<0102>>)~"},  // erlang:iolist_to_binary(<<1,2>>)
    {"erlang:iolist_to_binary", R"~([<<10:4>>])~", R"~(error:'badarg')~"},  // erlang:iolist_to_binary(<<1:4>>)
    {"erlang:iolist_to_binary", R"~([[1,<<02>>]])~", R"~(<<0102>>)~"},  // erlang:iolist_to_binary([1,<<2>>])
    {"erlang:iolist_to_binary", R"~([[]])~", R"~(<<>>)~"},  // erlang:iolist_to_binary([])
    {"erlang:iolist_to_binary", R"~(['a'])~", R"~(error:'badarg')~"},  // erlang:iolist_to_binary(a)
    {"erlang:iolist_to_binary", R"~([[1|<<02>>]])~", R"~(<<0102>>)~"},  // erlang:iolist_to_binary([1|<<2>>])
    {"erlang:iolist_to_binary", R"~([[[]|<<02>>]])~", R"~(<<02>>)~"},  // erlang:iolist_to_binary([[]|<<2>>])
    {"erlang:iolist_size", R"~([[1,<<0203>>,[4,[5]]|<<06>>]])~", R"~(6)~"},  // erlang:iolist_size([1,<<2,3>>,[4,[5]]|<<6>>])
    {"erlang:iolist_size", R"~([<<010203>>])~", R"~(3)~"},  // erlang:iolist_size(<<1,2,3>>)
    {"erlang:iolist_size", R"~([<<10:4>>])~", R"~(error:'badarg')~"},  // erlang:iolist_size(<<1:4>>)
    {"erlang:iolist_size", R"~([[<<10:4>>]])~", R"~(error:'badarg')~"},  // erlang:iolist_size([<<1:4>>])
    {"erlang:iolist_size", R"~([[256]])~", R"~(error:'badarg')~"},  // erlang:iolist_size([256])
    {"erlang:iolist_size", R"~(['a'])~", R"~(error:'badarg')~"},  // erlang:iolist_size(a)
    {"erlang:iolist_size", R"~([[]])~", R"~(0)~"},  // erlang:iolist_size([])
    {"erlang:iolist_size", R"~([['a'|'b']])~", R"~(error:'badarg')~"},  // erlang:iolist_size([a|b])
    {"erlang:list_to_bitstring", R"~([[1,<<10:4>>,<<F0:4>>,[<<80:1>>|<<02:7>>]]])~", R"~(<<011F81>>)~"},  // erlang:list_to_bitstring([1,<<1:4>>,<<15:4>>,[<<1:1>>|<<1:7>>]])
    {"erlang:list_to_bitstring", R"~([[<<20:3>>]])~", R"~(<<20:3>>)~"},  // erlang:list_to_bitstring([<<1:3>>])
    {"erlang:list_to_bitstring", R"~([[1,2|<<20:3>>]])~", R"~(<<010220:19>>)~"},  // erlang:list_to_bitstring([1,2|<<1:3>>])
    {"erlang:list_to_bitstring", R"~([<<20:3>>])~", R"~(error:'badarg')~"},  // erlang:list_to_bitstring(<<1:3>>)
    {"erlang:list_to_bitstring", R"~([[]])~", R"~(<<>>)~"},  // erlang:list_to_bitstring([])
    {"erlang:list_to_bitstring", R"~([[256]])~", R"~(error:'badarg')~"},  // erlang:list_to_bitstring([256])
    {"erlang:list_to_bitstring", R"~([[<<10:4>>,255]])~", R"~(<<1FF0:12>>)~"},  // erlang:list_to_bitstring([<<1:4>>,255])
    {"erlang:list_to_bitstring", R"~([['a']])~", R"~(error:'badarg')~"},  // erlang:list_to_bitstring([a])
    {"lists:keyfind", R"~([1,1,[{f:3FF0000000000000}]])~", R"~({f:3FF0000000000000})~"},  // lists:keyfind(1,1,[{1.0}])
    {"lists:keyfind", R"~([f:3FF0000000000000,1,[{1}]])~", R"~({1})~"},  // lists:keyfind(1.0,1,[{1}])
    {"lists:keyfind", R"~([100000000000000000000,1,[{f:4415AF1D78B58C40}]])~", R"~({f:4415AF1D78B58C40})~"},  // lists:keyfind(100000000000000000000,1,[{100000000000000000000.0}])
    {"lists:keyfind", R"~(['a',1,['x',{},{'b'},{'a',1}]])~", R"~({'a',1})~"},  // lists:keyfind(a,1,[x,{},{b},{a,1}])
    {"lists:keyfind", R"~(['a',2,[{'a'},{'b','a'}]])~", R"~({'b','a'})~"},  // lists:keyfind(a,2,[{a},{b,a}])
    {"lists:keyfind", R"~(['a',0,[{'a'}]])~", R"~(error:'badarg')~"},  // lists:keyfind(a,0,[{a}])
    {"lists:keyfind", R"~(['a',f:3FF0000000000000,[{'a'}]])~", R"~(error:'badarg')~"},  // lists:keyfind(a,1.0,[{a}])
    {"lists:keyfind", R"~(['a',1,[{'a'}|'b']])~", R"~({'a'})~"},  // lists:keyfind(a,1,[{a}|b])
    {"lists:keyfind", R"~(['a',1,[{'b'}|'c']])~", R"~(error:'badarg')~"},  // lists:keyfind(a,1,[{b}|c])
    {"lists:keyfind", R"~(['a',1,'x'])~", R"~(error:'badarg')~"},  // lists:keyfind(a,1,x)
    {"lists:keyfind", R"~(['a',1,[]])~", R"~('false')~"},  // lists:keyfind(a,1,[])
    {"lists:keyfind", R"~(['a',100000000000000000000,[{'a'}]])~", R"~(error:'badarg')~"},  // lists:keyfind(a,100000000000000000000,[{a}])
    {"lists:keyfind", R"~(['a',-1,[]])~", R"~(error:'badarg')~"},  // lists:keyfind(a,-1,[])
    {"lists:keyfind", R"~(['a',0,[]])~", R"~(error:'badarg')~"},  // lists:keyfind(a,0,[])
    {"lists:keyfind", R"~([[1],1,[{[f:3FF0000000000000]}]])~", R"~({[f:3FF0000000000000]})~"},  // lists:keyfind([1],1,[{[1.0]}])
    {"lists:keyfind", R"~([{1},1,[{{f:3FF0000000000000}}]])~", R"~({{f:3FF0000000000000}})~"},  // lists:keyfind({1},1,[{{1.0}}])
    {"lists:keyfind", R"~([<<01>>,1,[{<<01>>}]])~", R"~({<<01>>})~"},  // lists:keyfind(<<1>>,1,[{<<1>>}])
    {"lists:keymember", R"~([1,1,[{f:3FF0000000000000}]])~", R"~('true')~"},  // lists:keymember(1,1,[{1.0}])
    {"lists:keymember", R"~(['x',1,[{f:3FF0000000000000}]])~", R"~('false')~"},  // lists:keymember(x,1,[{1.0}])
    {"lists:keymember", R"~(['x',0,[{f:3FF0000000000000}]])~", R"~(error:'badarg')~"},  // lists:keymember(x,0,[{1.0}])
    {"lists:keymember", R"~(['x',1,[{f:3FF0000000000000}|'z']])~", R"~(error:'badarg')~"},  // lists:keymember(x,1,[{1.0}|z])
    {"lists:keysearch", R"~([1,1,[{f:3FF0000000000000,'a'}]])~", R"~({'value',{f:3FF0000000000000,'a'}})~"},  // lists:keysearch(1,1,[{1.0,a}])
    {"lists:keysearch", R"~([2,1,[{f:3FF0000000000000,'a'}]])~", R"~('false')~"},  // lists:keysearch(2,1,[{1.0,a}])
    {"lists:keysearch", R"~([2,0,[{f:3FF0000000000000,'a'}]])~", R"~(error:'badarg')~"},  // lists:keysearch(2,0,[{1.0,a}])
    {"lists:member", R"~([1,[f:3FF0000000000000]])~", R"~('false')~"},  // lists:member(1,[1.0])
    {"lists:member", R"~([1,[2,1]])~", R"~('true')~"},  // lists:member(1,[2,1])
    {"lists:member", R"~(['a',['a'|'b']])~", R"~('true')~"},  // lists:member(a,[a|b])
    {"lists:member", R"~(['c',['a'|'b']])~", R"~(error:'badarg')~"},  // lists:member(c,[a|b])
    {"lists:member", R"~(['c','x'])~", R"~(error:'badarg')~"},  // lists:member(c,x)
    {"lists:member", R"~(['c',[]])~", R"~('false')~"},  // lists:member(c,[])
    {"lists:member", R"~([[1],[[f:3FF0000000000000]]])~", R"~('false')~"},  // lists:member([1],[[1.0]])
    {"lists:member", R"~([{'a',<<0102>>},[{'a',<<0102>>}]])~", R"~('true')~"},  // lists:member({a,<<1,2>>},[{a,<<1,2>>}])
    {"lists:reverse", R"~([[1,2,3],[4]])~", R"~([3,2,1,4])~"},  // lists:reverse([1,2,3],[4])
    {"lists:reverse", R"~([[],'x'])~", R"~('x')~"},  // lists:reverse([],x)
    {"lists:reverse", R"~([[1],'x'])~", R"~([1|'x'])~"},  // lists:reverse([1],x)
    {"lists:reverse", R"~([[1|2],[]])~", R"~(error:'badarg')~"},  // lists:reverse([1|2],[])
    {"lists:reverse", R"~(['a',[]])~", R"~(error:'badarg')~"},  // lists:reverse(a,[])
    {"erlang:++", R"~([[1,2],[3]])~", R"~([1,2,3])~"},  // erlang:'++'([1,2],[3])
    {"erlang:++", R"~([[],'x'])~", R"~('x')~"},  // erlang:'++'([],x)
    {"erlang:++", R"~([[1],'x'])~", R"~([1|'x'])~"},  // erlang:'++'([1],x)
    {"erlang:++", R"~([[1|2],[3]])~", R"~(error:'badarg')~"},  // erlang:'++'([1|2],[3])
    {"erlang:++", R"~(['a',[3]])~", R"~(error:'badarg')~"},  // erlang:'++'(a,[3])
    {"erlang:++", R"~([[97,98,99],<<01>>])~", R"~([97,98,99|<<01>>])~"},  // erlang:'++'("abc",<<1>>)
    {"erlang:append", R"~([[1,2],[3]])~", R"~([1,2,3])~"},  // erlang:append([1,2],[3])
    {"erlang:--", R"~([[1,2,3,2,1],[2,1]])~", R"~([3,2,1])~"},  // erlang:'--'([1,2,3,2,1],[2,1])
    {"erlang:--", R"~([[1,2,3,2,1],[2,2,2,1,1,1]])~", R"~([3])~"},  // erlang:'--'([1,2,3,2,1],[2,2,2,1,1,1])
    {"erlang:--", R"~([[1,f:3FF0000000000000,1],[f:3FF0000000000000]])~", R"~([1,1])~"},  // erlang:'--'([1,1.0,1],[1.0])
    {"erlang:--", R"~([[1,f:3FF0000000000000,1],[1]])~", R"~([f:3FF0000000000000,1])~"},  // erlang:'--'([1,1.0,1],[1])
    {"erlang:--", R"~([[],['a']])~", R"~([])~"},  // erlang:'--'([],[a])
    {"erlang:--", R"~([[],['a'|'b']])~", R"~(error:'badarg')~"},  // erlang:'--'([],[a|b])
    {"erlang:--", R"~([['a'],[]])~", R"~(['a'])~"},  // erlang:'--'([a],[])
    {"erlang:--", R"~([['a'|'b'],[]])~", R"~(error:'badarg')~"},  // erlang:'--'([a|b],[])
    {"erlang:--", R"~([['a'],['a'|'b']])~", R"~(error:'badarg')~"},  // erlang:'--'([a],[a|b])
    {"erlang:--", R"~([['a'],'x'])~", R"~(error:'badarg')~"},  // erlang:'--'([a],x)
    {"erlang:--", R"~(['x',[]])~", R"~(error:'badarg')~"},  // erlang:'--'(x,[])
    {"erlang:--", R"~([[{'a',[1]},{'a',[f:3FF0000000000000]},{'a',[1]}],[{'a',[1]}]])~", R"~([{'a',[f:3FF0000000000000]},{'a',[1]}])~"},  // erlang:'--'([{a,[1]},{a,[1.0]},{a,[1]}],[{a,[1]}])
    {"erlang:subtract", R"~([[1,2],[1]])~", R"~([2])~"},  // erlang:subtract([1,2],[1])
    {"erlang:--", R"~([[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50],[50,48,46,44,42,40,38,36,34,32,30,28,26,24,22,20,18,16,14,12,10,8,6,4,2]])~", R"~([1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,47,49])~"},  // erlang:'--'(lists:seq(1,50),lists:seq(50,1,-2))
    {"erlang:--", R"~([[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127,128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143,144,145,146,147,148,149,150,151,152,153,154,155,156,157,158,159,160,161,162,163,164,165,166,167,168,169,170,171,172,173,174,175,176,177,178,179,180,181,182,183,184,185,186,187,188,189,190,191,192,193,194,195,196,197,198,199,200,201,202,203,204,205,206,207,208,209,210,211,212,213,214,215,216,217,218,219,220,221,222,223,224,225,226,227,228,229,230,231,232,233,234,235,236,237,238,239,240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255,256,257,258,259,260,261,262,263,264,265,266,267,268,269,270,271,272,273,274,275,276,277,278,279,280,281,282,283,284,285,286,287,288,289,290,291,292,293,294,295,296,297,298,299,300,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127,128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143,144,145,146,147,148,149,150,151,152,153,154,155,156,157,158,159,160,161,162,163,164,165,166,167,168,169,170,171,172,173,174,175,176,177,178,179,180,181,182,183,184,185,186,187,188,189,190,191,192,193,194,195,196,197,198,199,200,201,202,203,204,205,206,207,208,209,210,211,212,213,214,215,216,217,218,219,220,221,222,223,224,225,226,227,228,229,230,231,232,233,234,235,236,237,238,239,240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255,256,257,258,259,260,261,262,263,264,265,266,267,268,269,270,271,272,273,274,275,276,277,278,279,280,281,282,283,284,285,286,287,288,289,290,291,292,293,294,295,296,297,298,299,300],[300,297,294,291,288,285,282,279,276,273,270,267,264,261,258,255,252,249,246,243,240,237,234,231,228,225,222,219,216,213,210,207,204,201,198,195,192,189,186,183,180,177,174,171,168,165,162,159,156,153,150,147,144,141,138,135,132,129,126,123,120,117,114,111,108,105,102,99,96,93,90,87,84,81,78,75,72,69,66,63,60,57,54,51,48,45,42,39,36,33,30,27,24,21,18,15,12,9,6,3,f:3FF0000000000000,f:4000000000000000,'a',[120],{1}]])~", R"~([1,2,4,5,7,8,10,11,13,14,16,17,19,20,22,23,25,26,28,29,31,32,34,35,37,38,40,41,43,44,46,47,49,50,52,53,55,56,58,59,61,62,64,65,67,68,70,71,73,74,76,77,79,80,82,83,85,86,88,89,91,92,94,95,97,98,100,101,103,104,106,107,109,110,112,113,115,116,118,119,121,122,124,125,127,128,130,131,133,134,136,137,139,140,142,143,145,146,148,149,151,152,154,155,157,158,160,161,163,164,166,167,169,170,172,173,175,176,178,179,181,182,184,185,187,188,190,191,193,194,196,197,199,200,202,203,205,206,208,209,211,212,214,215,217,218,220,221,223,224,226,227,229,230,232,233,235,236,238,239,241,242,244,245,247,248,250,251,253,254,256,257,259,260,262,263,265,266,268,269,271,272,274,275,277,278,280,281,283,284,286,287,289,290,292,293,295,296,298,299,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127,128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143,144,145,146,147,148,149,150,151,152,153,154,155,156,157,158,159,160,161,162,163,164,165,166,167,168,169,170,171,172,173,174,175,176,177,178,179,180,181,182,183,184,185,186,187,188,189,190,191,192,193,194,195,196,197,198,199,200,201,202,203,204,205,206,207,208,209,210,211,212,213,214,215,216,217,218,219,220,221,222,223,224,225,226,227,228,229,230,231,232,233,234,235,236,237,238,239,240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255,256,257,258,259,260,261,262,263,264,265,266,267,268,269,270,271,272,273,274,275,276,277,278,279,280,281,282,283,284,285,286,287,288,289,290,291,292,293,294,295,296,297,298,299,300])~"},
    {"erlang:--", R"~([['a','b',1,f:3FF0000000000000,'c',2,{'x'},[120],'b','c',1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40],['c',f:3FF0000000000000,f:3FF0000000000000,[120],{'x'},'b',3,40,39,38,37,36,35,34,33,32,31,30]])~", R"~(['a',1,2,'b','c',1,2,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29])~"},
};

TEST_CASE("lists BIFs agree with OTP 25", "[bifs]") { run_cases(k_lists_cases); }

// ---- maps: rows recorded from erl (OTP 25) ----
const Case k_maps_cases[] = {
    {"erlang:map_size", R"~([#{}])~", R"~(0)~"},  // erlang:map_size(#{})
    {"erlang:map_size", R"~([#{'a'=>1,'b'=>2}])~", R"~(2)~"},  // erlang:map_size(#{a=>1,b=>2})
    {"erlang:map_size", R"~([[]])~", R"~(error:{'badmap',[]})~"},  // erlang:map_size([])
    {"erlang:map_size", R"~([#{10=>10,11=>11,12=>12,13=>13,14=>14,15=>15,16=>16,17=>17,18=>18,19=>19,1=>1,20=>20,21=>21,22=>22,23=>23,24=>24,25=>25,26=>26,27=>27,28=>28,29=>29,2=>2,30=>30,31=>31,32=>32,33=>33,34=>34,35=>35,36=>36,37=>37,38=>38,39=>39,3=>3,40=>40,4=>4,5=>5,6=>6,7=>7,8=>8,9=>9}])~", R"~(40)~"},  // erlang:map_size(maps:from_list([{I,I} || I <- lists:seq(1,40)]))
    {"erlang:map_get", R"~(['a',#{'a'=>1}])~", R"~(1)~"},  // erlang:map_get(a,#{a=>1})
    {"erlang:map_get", R"~(['b',#{'a'=>1}])~", R"~(error:{'badkey','b'})~"},  // erlang:map_get(b,#{a=>1})
    {"erlang:map_get", R"~([f:3FF0000000000000,#{1=>'a'}])~", R"~(error:{'badkey',f:3FF0000000000000})~"},  // erlang:map_get(1.0,#{1=>a})
    {"erlang:map_get", R"~(['a',[]])~", R"~(error:{'badmap',[]})~"},  // erlang:map_get(a,[])
    {"erlang:map_get", R"~(['a','x'])~", R"~(error:{'badmap','x'})~"},  // erlang:map_get(a,x)
    {"erlang:is_map_key", R"~(['a',#{'a'=>1}])~", R"~('true')~"},  // erlang:is_map_key(a,#{a=>1})
    {"erlang:is_map_key", R"~(['b',#{'a'=>1}])~", R"~('false')~"},  // erlang:is_map_key(b,#{a=>1})
    {"erlang:is_map_key", R"~([1,#{f:3FF0000000000000=>'a'}])~", R"~('false')~"},  // erlang:is_map_key(1,#{1.0=>a})
    {"erlang:is_map_key", R"~(['a','x'])~", R"~(error:{'badmap','x'})~"},  // erlang:is_map_key(a,x)
    {"maps:get", R"~(['a',#{'a'=>1}])~", R"~(1)~"},  // maps:get(a,#{a=>1})
    {"maps:get", R"~(['b',#{'a'=>1}])~", R"~(error:{'badkey','b'})~"},  // maps:get(b,#{a=>1})
    {"maps:get", R"~(['a','x'])~", R"~(error:{'badmap','x'})~"},  // maps:get(a,x)
    {"maps:get", R"~([{1,[2]},#{{1,[2]}=>'ok'}])~", R"~('ok')~"},  // maps:get({1,[2]},#{{1,[2]}=>ok})
    {"maps:find", R"~(['a',#{'a'=>1}])~", R"~({'ok',1})~"},  // maps:find(a,#{a=>1})
    {"maps:find", R"~(['b',#{'a'=>1}])~", R"~('error')~"},  // maps:find(b,#{a=>1})
    {"maps:find", R"~(['a','x'])~", R"~(error:{'badmap','x'})~"},  // maps:find(a,x)
    {"maps:put", R"~(['a',2,#{'a'=>1}])~", R"~(#{'a'=>2})~"},  // maps:put(a,2,#{a=>1})
    {"maps:put", R"~(['b',2,#{'a'=>1}])~", R"~(#{'a'=>1,'b'=>2})~"},  // maps:put(b,2,#{a=>1})
    {"maps:put", R"~([f:3FF0000000000000,2,#{1=>1}])~", R"~(#{1=>1,f:3FF0000000000000=>2})~"},  // maps:put(1.0,2,#{1=>1})
    {"maps:put", R"~(['a',2,'x'])~", R"~(error:{'badmap','x'})~"},  // maps:put(a,2,x)
    {"maps:put", R"~(['a',2,#{}])~", R"~(#{'a'=>2})~"},  // maps:put(a,2,#{})
    {"maps:remove", R"~(['a',#{'a'=>1,'b'=>2}])~", R"~(#{'b'=>2})~"},  // maps:remove(a,#{a=>1,b=>2})
    {"maps:remove", R"~(['c',#{'a'=>1,'b'=>2}])~", R"~(#{'a'=>1,'b'=>2})~"},  // maps:remove(c,#{a=>1,b=>2})
    {"maps:remove", R"~(['a','x'])~", R"~(error:{'badmap','x'})~"},  // maps:remove(a,x)
    {"maps:remove", R"~([f:3FF0000000000000,#{1=>'a'}])~", R"~(#{1=>'a'})~"},  // maps:remove(1.0,#{1=>a})
    {"maps:update", R"~(['a',2,#{'a'=>1}])~", R"~(#{'a'=>2})~"},  // maps:update(a,2,#{a=>1})
    {"maps:update", R"~(['b',2,#{'a'=>1}])~", R"~(error:{'badkey','b'})~"},  // maps:update(b,2,#{a=>1})
    {"maps:update", R"~(['a',2,'x'])~", R"~(error:{'badmap','x'})~"},  // maps:update(a,2,x)
    {"maps:update", R"~(['a',1,#{'a'=>1}])~", R"~(#{'a'=>1})~"},  // maps:update(a,1,#{a=>1})
    {"maps:keys", R"~([#{'a'=>2,'b'=>1,1=>'x',f:3FF0000000000000=>'y'}])~", R"~([1,f:3FF0000000000000,'a','b'])~"},  // maps:keys(#{b=>1,a=>2,1=>x,1.0=>y})
    {"maps:keys", R"~([#{}])~", R"~([])~"},  // maps:keys(#{})
    {"maps:keys", R"~(['x'])~", R"~(error:{'badmap','x'})~"},  // maps:keys(x)
    {"maps:values", R"~([#{'a'=>2,'b'=>1,1=>'x',f:3FF0000000000000=>'y'}])~", R"~(['x','y',2,1])~"},  // maps:values(#{b=>1,a=>2,1=>x,1.0=>y})
    {"maps:values", R"~(['x'])~", R"~(error:{'badmap','x'})~"},  // maps:values(x)
    {"maps:from_list", R"~([[{'a',1},{'b',2},{'a',3}]])~", R"~(#{'a'=>3,'b'=>2})~"},  // maps:from_list([{a,1},{b,2},{a,3}])
    {"maps:from_list", R"~([[]])~", R"~(#{})~"},  // maps:from_list([])
    {"maps:from_list", R"~([[{'a',1}|'b']])~", R"~(error:'badarg')~"},  // maps:from_list([{a,1}|b])
    {"maps:from_list", R"~([[{'a',1,2}]])~", R"~(error:'badarg')~"},  // maps:from_list([{a,1,2}])
    {"maps:from_list", R"~([['a']])~", R"~(error:'badarg')~"},  // maps:from_list([a])
    {"maps:from_list", R"~(['x'])~", R"~(error:'badarg')~"},  // maps:from_list(x)
    {"maps:from_list", R"~([[{1,'a'},{f:3FF0000000000000,'b'}]])~", R"~(#{1=>'a',f:3FF0000000000000=>'b'})~"},  // maps:from_list([{1,a},{1.0,b}])
    {"maps:from_keys", R"~([['a','b','a'],0])~", R"~(#{'a'=>0,'b'=>0})~"},  // maps:from_keys([a,b,a],0)
    {"maps:from_keys", R"~([[],0])~", R"~(#{})~"},  // maps:from_keys([],0)
    {"maps:from_keys", R"~([['a'|'b'],0])~", R"~(error:'badarg')~"},  // maps:from_keys([a|b],0)
    {"maps:from_keys", R"~(['x',0])~", R"~(error:'badarg')~"},  // maps:from_keys(x,0)
    {"maps:is_key", R"~(['a',#{'a'=>1}])~", R"~('true')~"},  // maps:is_key(a,#{a=>1})
    {"maps:is_key", R"~(['b',#{'a'=>1}])~", R"~('false')~"},  // maps:is_key(b,#{a=>1})
    {"maps:is_key", R"~(['a','x'])~", R"~(error:{'badmap','x'})~"},  // maps:is_key(a,x)
    {"maps:merge", R"~([#{'a'=>1,'b'=>2},#{'b'=>3,'c'=>4}])~", R"~(#{'a'=>1,'b'=>3,'c'=>4})~"},  // maps:merge(#{a=>1,b=>2},#{b=>3,c=>4})
    {"maps:merge", R"~([#{},#{}])~", R"~(#{})~"},  // maps:merge(#{},#{})
    {"maps:merge", R"~(['x',#{}])~", R"~(error:{'badmap','x'})~"},  // maps:merge(x,#{})
    {"maps:merge", R"~([#{},'x'])~", R"~(error:{'badmap','x'})~"},  // maps:merge(#{},x)
    {"maps:merge", R"~(['x','y'])~", R"~(error:{'badmap','x'})~"},  // maps:merge(x,y)
    {"maps:merge", R"~([#{1=>'a'},#{f:3FF0000000000000=>'b'}])~", R"~(#{1=>'a',f:3FF0000000000000=>'b'})~"},  // maps:merge(#{1=>a},#{1.0=>b})
    {"maps:take", R"~(['a',#{'a'=>1,'b'=>2}])~", R"~({1,#{'b'=>2}})~"},  // maps:take(a,#{a=>1,b=>2})
    {"maps:take", R"~(['c',#{'a'=>1,'b'=>2}])~", R"~('error')~"},  // maps:take(c,#{a=>1,b=>2})
    {"maps:take", R"~(['a','x'])~", R"~(error:{'badmap','x'})~"},  // maps:take(a,x)
    {"erts_internal:map_next", R"~([0,#{'a'=>1,'b'=>2,'c'=>3},'iterator'])~", R"~({'a',1,{'b',2,{'c',3,'none'}}})~"},  // erts_internal:map_next(0,#{a=>1,b=>2,c=>3},iterator)
    {"erts_internal:map_next", R"~([0,#{'a'=>1,'b'=>2,'c'=>3},[]])~", R"~([{'a',1},{'b',2},{'c',3}])~"},  // erts_internal:map_next(0,#{a=>1,b=>2,c=>3},[])
    {"erts_internal:map_next", R"~([0,#{'a'=>1,'b'=>2,'c'=>3},['x']])~", R"~([{'a',1},{'b',2},{'c',3},'x'])~"},  // erts_internal:map_next(0,#{a=>1,b=>2,c=>3},[x])
    {"erts_internal:map_next", R"~([0,#{'a'=>1,'b'=>2,'c'=>3},['x'|'y']])~", R"~([{'a',1},{'b',2},{'c',3},'x'|'y'])~"},  // erts_internal:map_next(0,#{a=>1,b=>2,c=>3},[x|y])
    {"erts_internal:map_next", R"~([2,#{'a'=>1,'b'=>2,'c'=>3},'iterator'])~", R"~({'a',1,{'b',2,{'c',3,'none'}}})~"},  // erts_internal:map_next(2,#{a=>1,b=>2,c=>3},iterator)
    {"erts_internal:map_next", R"~([3,#{'a'=>1,'b'=>2,'c'=>3},'iterator'])~", R"~({'a',1,{'b',2,{'c',3,'none'}}})~"},  // erts_internal:map_next(3,#{a=>1,b=>2,c=>3},iterator)
    {"erts_internal:map_next", R"~([4,#{'a'=>1,'b'=>2,'c'=>3},'iterator'])~", R"~(error:'badarg')~"},  // erts_internal:map_next(4,#{a=>1,b=>2,c=>3},iterator)
    {"erts_internal:map_next", R"~([-1,#{'a'=>1,'b'=>2,'c'=>3},'iterator'])~", R"~(error:'badarg')~"},  // erts_internal:map_next(-1,#{a=>1,b=>2,c=>3},iterator)
    {"erts_internal:map_next", R"~(['a',#{'a'=>1,'b'=>2,'c'=>3},'iterator'])~", R"~(error:'badarg')~"},  // erts_internal:map_next(a,#{a=>1,b=>2,c=>3},iterator)
    {"erts_internal:map_next", R"~([0,#{},'iterator'])~", R"~('none')~"},  // erts_internal:map_next(0,#{},iterator)
    {"erts_internal:map_next", R"~([0,#{},[]])~", R"~([])~"},  // erts_internal:map_next(0,#{},[])
    {"erts_internal:map_next", R"~([0,#{},'x'])~", R"~(error:'badarg')~"},  // erts_internal:map_next(0,#{},x)
    {"erts_internal:map_next", R"~([0,'x','iterator'])~", R"~(error:'badarg')~"},  // erts_internal:map_next(0,x,iterator)
    {"erts_internal:map_next", R"~([100000000000000000000,#{'a'=>1},'iterator'])~", R"~(error:'badarg')~"},  // erts_internal:map_next(100000000000000000000,#{a=>1},iterator)
    {"maps:keys", R"~([#{10=>10,11=>11,12=>12,13=>13,14=>14,15=>15,16=>16,17=>17,18=>18,19=>19,1=>1,20=>20,21=>21,22=>22,23=>23,24=>24,25=>25,26=>26,27=>27,28=>28,29=>29,2=>2,30=>30,31=>31,32=>32,33=>33,34=>34,35=>35,36=>36,37=>37,38=>38,39=>39,3=>3,40=>40,4=>4,5=>5,6=>6,7=>7,8=>8,9=>9}])~", R"~([33,12,23,29,30,39,26,31,11,37,9,32,34,25,28,6,38,13,40,20,15,14,2,7,1,8,3,17,22,21,4,36,24,10,35,27,19,5,18,16])~"},  // maps:keys(maps:from_list([{I,I} || I <- lists:seq(1,40)]))
    {"maps:values", R"~([#{10=>-10,11=>-11,12=>-12,13=>-13,14=>-14,15=>-15,16=>-16,17=>-17,18=>-18,19=>-19,1=>-1,20=>-20,21=>-21,22=>-22,23=>-23,24=>-24,25=>-25,26=>-26,27=>-27,28=>-28,29=>-29,2=>-2,30=>-30,31=>-31,32=>-32,33=>-33,34=>-34,35=>-35,36=>-36,37=>-37,38=>-38,39=>-39,3=>-3,40=>-40,4=>-4,5=>-5,6=>-6,7=>-7,8=>-8,9=>-9}])~", R"~([-33,-12,-23,-29,-30,-39,-26,-31,-11,-37,-9,-32,-34,-25,-28,-6,-38,-13,-40,-20,-15,-14,-2,-7,-1,-8,-3,-17,-22,-21,-4,-36,-24,-10,-35,-27,-19,-5,-18,-16])~"},  // maps:values(maps:from_list([{I,-I} || I <- lists:seq(1,40)]))
};

TEST_CASE("maps BIFs agree with OTP 25", "[bifs]") { run_cases(k_maps_cases); }

// ---- binaries: rows recorded from erl (OTP 25) ----
const Case k_binaries_cases[] = {
    {"erlang:byte_size", R"~([<<010203>>])~", R"~(3)~"},  // erlang:byte_size(<<1,2,3>>)
    {"erlang:byte_size", R"~([<<010230:20>>])~", R"~(3)~"},  // erlang:byte_size(<<1,2,3:4>>)
    {"erlang:byte_size", R"~([<<80:1>>])~", R"~(1)~"},  // erlang:byte_size(<<1:1>>)
    {"erlang:byte_size", R"~([<<>>])~", R"~(0)~"},  // erlang:byte_size(<<>>)
    {"erlang:byte_size", R"~([[]])~", R"~(error:'badarg')~"},  // erlang:byte_size([])
    {"erlang:bit_size", R"~([<<010230:20>>])~", R"~(20)~"},  // erlang:bit_size(<<1,2,3:4>>)
    {"erlang:bit_size", R"~([<<>>])~", R"~(0)~"},  // erlang:bit_size(<<>>)
    {"erlang:bit_size", R"~(['a'])~", R"~(error:'badarg')~"},  // erlang:bit_size(a)
    {"erlang:binary_part", R"~([<<01020304>>,{1,2}])~", R"~(<<0203>>)~"},  // erlang:binary_part(<<1,2,3,4>>,{1,2})
    {"erlang:binary_part", R"~([<<01020304>>,{4,0}])~", R"~(<<>>)~"},  // erlang:binary_part(<<1,2,3,4>>,{4,0})
    {"erlang:binary_part", R"~([<<01020304>>,{4,-2}])~", R"~(<<0304>>)~"},  // erlang:binary_part(<<1,2,3,4>>,{4,-2})
    {"erlang:binary_part", R"~([<<01020304>>,{4,1}])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4>>,{4,1})
    {"erlang:binary_part", R"~([<<01020304>>,{1,-2}])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4>>,{1,-2})
    {"erlang:binary_part", R"~([<<01020304>>,{5,0}])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4>>,{5,0})
    {"erlang:binary_part", R"~([<<01020304>>,{-1,1}])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4>>,{-1,1})
    {"erlang:binary_part", R"~([<<01020304>>,{0,4}])~", R"~(<<01020304>>)~"},  // erlang:binary_part(<<1,2,3,4>>,{0,4})
    {"erlang:binary_part", R"~([<<01020304>>,{0,5}])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4>>,{0,5})
    {"erlang:binary_part", R"~([<<01020304>>,{'a',1}])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4>>,{a,1})
    {"erlang:binary_part", R"~([<<01020304>>,{1,2,3}])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4>>,{1,2,3})
    {"erlang:binary_part", R"~([<<01020304>>,[1,2]])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4>>,[1,2])
    {"erlang:binary_part", R"~([<<01020340:28>>,{1,2}])~", R"~(<<0203>>)~"},  // erlang:binary_part(<<1,2,3,4:4>>,{1,2})
    {"erlang:binary_part", R"~([<<01020340:28>>,{1,3}])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4:4>>,{1,3})
    {"erlang:binary_part", R"~([[1,2],{0,1}])~", R"~(error:'badarg')~"},  // erlang:binary_part([1,2],{0,1})
    {"erlang:binary_part", R"~([<<01020304>>,1,2])~", R"~(<<0203>>)~"},  // erlang:binary_part(<<1,2,3,4>>,1,2)
    {"erlang:binary_part", R"~([<<01020304>>,1,-1])~", R"~(<<01>>)~"},  // erlang:binary_part(<<1,2,3,4>>,1,-1)
    {"erlang:binary_part", R"~([<<01020304>>,1,-2])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4>>,1,-2)
    {"erlang:binary_part", R"~([<<01020304>>,1,100000000000000000000])~", R"~(error:'badarg')~"},  // erlang:binary_part(<<1,2,3,4>>,1,100000000000000000000)
    {"erlang:split_binary", R"~([<<010203>>,0])~", R"~({<<>>,<<010203>>})~"},  // erlang:split_binary(<<1,2,3>>,0)
    {"erlang:split_binary", R"~([<<010203>>,1])~", R"~({<<01>>,<<0203>>})~"},  // erlang:split_binary(<<1,2,3>>,1)
    {"erlang:split_binary", R"~([<<010203>>,3])~", R"~({<<010203>>,<<>>})~"},  // erlang:split_binary(<<1,2,3>>,3)
    {"erlang:split_binary", R"~([<<010203>>,4])~", R"~(error:'badarg')~"},  // erlang:split_binary(<<1,2,3>>,4)
    {"erlang:split_binary", R"~([<<010203>>,-1])~", R"~(error:'badarg')~"},  // erlang:split_binary(<<1,2,3>>,-1)
    {"erlang:split_binary", R"~([<<010230:20>>,1])~", R"~({<<01>>,<<0230:12>>})~"},  // erlang:split_binary(<<1,2,3:4>>,1)
    {"erlang:split_binary", R"~([<<010230:20>>,2])~", R"~({<<0102>>,<<30:4>>})~"},  // erlang:split_binary(<<1,2,3:4>>,2)
    {"erlang:split_binary", R"~([<<010230:20>>,3])~", R"~(error:'badarg')~"},  // erlang:split_binary(<<1,2,3:4>>,3)
    {"erlang:split_binary", R"~(['a',0])~", R"~(error:'badarg')~"},  // erlang:split_binary(a,0)
    {"binary:part", R"~([<<01020304>>,{1,2}])~", R"~(<<0203>>)~"},  // binary:part(<<1,2,3,4>>,{1,2})
    {"binary:part", R"~([<<01020304>>,{4,-4}])~", R"~(<<01020304>>)~"},  // binary:part(<<1,2,3,4>>,{4,-4})
    {"binary:part", R"~([<<01020304>>,{4,-5}])~", R"~(error:'badarg')~"},  // binary:part(<<1,2,3,4>>,{4,-5})
    {"binary:part", R"~([<<01020304>>,1,2])~", R"~(<<0203>>)~"},  // binary:part(<<1,2,3,4>>,1,2)
    {"binary:part", R"~([<<01020340:28>>,1,2])~", R"~(<<0203>>)~"},  // binary:part(<<1,2,3,4:4>>,1,2)
    {"binary:part", R"~(['a',1,2])~", R"~(error:'badarg')~"},  // binary:part(a,1,2)
    {"binary:at", R"~([<<010203>>,0])~", R"~(1)~"},  // binary:at(<<1,2,3>>,0)
    {"binary:at", R"~([<<010203>>,2])~", R"~(3)~"},  // binary:at(<<1,2,3>>,2)
    {"binary:at", R"~([<<010203>>,3])~", R"~(error:'badarg')~"},  // binary:at(<<1,2,3>>,3)
    {"binary:at", R"~([<<010203>>,-1])~", R"~(error:'badarg')~"},  // binary:at(<<1,2,3>>,-1)
    {"binary:at", R"~([<<010230:20>>,2])~", R"~(error:'badarg')~"},  // binary:at(<<1,2,3:4>>,2)
    {"binary:at", R"~([<<010230:20>>,1])~", R"~(error:'badarg')~"},  // binary:at(<<1,2,3:4>>,1)
    {"binary:at", R"~(['a',1])~", R"~(error:'badarg')~"},  // binary:at(a,1)
    {"binary:first", R"~([<<010203>>])~", R"~(1)~"},  // binary:first(<<1,2,3>>)
    {"binary:first", R"~([<<>>])~", R"~(error:'badarg')~"},  // binary:first(<<>>)
    {"binary:first", R"~([<<10:4>>])~", R"~(error:'badarg')~"},  // binary:first(<<1:4>>)
    {"binary:first", R"~([<<0110:12>>])~", R"~(error:'badarg')~"},  // binary:first(<<1,1:4>>)
    {"binary:last", R"~([<<010203>>])~", R"~(3)~"},  // binary:last(<<1,2,3>>)
    {"binary:last", R"~([<<>>])~", R"~(error:'badarg')~"},  // binary:last(<<>>)
    {"binary:last", R"~([<<0110:12>>])~", R"~(error:'badarg')~"},  // binary:last(<<1,1:4>>)
    {"binary:copy", R"~([<<010203>>])~", R"~(<<010203>>)~"},  // binary:copy(<<1,2,3>>)
    {"binary:copy", R"~([<<010203>>,3])~", R"~(<<010203010203010203>>)~"},  // binary:copy(<<1,2,3>>,3)
    {"binary:copy", R"~([<<010203>>,0])~", R"~(<<>>)~"},  // binary:copy(<<1,2,3>>,0)
    {"binary:copy", R"~([<<>>,10])~", R"~(<<>>)~"},  // binary:copy(<<>>,10)
    {"binary:copy", R"~([<<010203>>,-1])~", R"~(error:'badarg')~"},  // binary:copy(<<1,2,3>>,-1)
    {"binary:copy", R"~([<<0120:12>>])~", R"~(error:'badarg')~"},  // binary:copy(<<1,2:4>>)
    {"binary:copy", R"~([<<0120:12>>,2])~", R"~(error:'badarg')~"},  // binary:copy(<<1,2:4>>,2)
    {"binary:copy", R"~(['a'])~", R"~(error:'badarg')~"},  // binary:copy(a)
    {"binary:list_to_bin", R"~([[1,<<02>>,[3]]])~", R"~(<<010203>>)~"},  // binary:list_to_bin([1,<<2>>,[3]])
    {"binary:list_to_bin", R"~([<<01>>])~", R"~(error:'badarg')~"},  // binary:list_to_bin(<<1>>)
    {"binary:list_to_bin", R"~([[<<10:4>>]])~", R"~(error:'badarg')~"},  // binary:list_to_bin([<<1:4>>])
    {"binary:list_to_bin", R"~([[256]])~", R"~(error:'badarg')~"},  // binary:list_to_bin([256])
    {"binary:list_to_bin", R"~(['a'])~", R"~(error:'badarg')~"},  // binary:list_to_bin(a)
    {"binary:decode_unsigned", R"~([<<0102>>])~", R"~(258)~"},  // binary:decode_unsigned(<<1,2>>)
    {"binary:decode_unsigned", R"~([<<0102>>,'big'])~", R"~(258)~"},  // binary:decode_unsigned(<<1,2>>,big)
    {"binary:decode_unsigned", R"~([<<0102>>,'little'])~", R"~(513)~"},  // binary:decode_unsigned(<<1,2>>,little)
    {"binary:decode_unsigned", R"~([<<>>])~", R"~(0)~"},  // binary:decode_unsigned(<<>>)
    {"binary:decode_unsigned", R"~([<<FFFFFFFFFFFFFFFFFF>>])~", R"~(4722366482869645213695)~"},  // binary:decode_unsigned(<<255,255,255,255,255,255,255,255,255>>)
    {"binary:decode_unsigned", R"~([<<FFFFFFFFFFFFFFFFFF>>,'little'])~", R"~(4722366482869645213695)~"},  // binary:decode_unsigned(<<255,255,255,255,255,255,255,255,255>>,little)
    {"binary:decode_unsigned", R"~([<<000001>>,'little'])~", R"~(65536)~"},  // binary:decode_unsigned(<<0,0,1>>,little)
    {"binary:decode_unsigned", R"~([<<0120:12>>])~", R"~(error:'badarg')~"},  // binary:decode_unsigned(<<1,2:4>>)
    {"binary:decode_unsigned", R"~([<<0102>>,'native'])~", R"~(error:'badarg')~"},  // binary:decode_unsigned(<<1,2>>,native)
    {"binary:decode_unsigned", R"~([<<0102>>,'foo'])~", R"~(error:'badarg')~"},  // binary:decode_unsigned(<<1,2>>,foo)
    {"binary:decode_unsigned", R"~(['a'])~", R"~(error:'badarg')~"},  // binary:decode_unsigned(a)
    {"binary:encode_unsigned", R"~([0])~", R"~(<<00>>)~"},  // binary:encode_unsigned(0)
    {"binary:encode_unsigned", R"~([258])~", R"~(<<0102>>)~"},  // binary:encode_unsigned(258)
    {"binary:encode_unsigned", R"~([258,'little'])~", R"~(<<0201>>)~"},  // binary:encode_unsigned(258,little)
    {"binary:encode_unsigned", R"~([258,'big'])~", R"~(<<0102>>)~"},  // binary:encode_unsigned(258,big)
    {"binary:encode_unsigned", R"~([258,'native'])~", R"~(error:'badarg')~"},  // binary:encode_unsigned(258,native)
    {"binary:encode_unsigned", R"~([-1])~", R"~(error:'badarg')~"},  // binary:encode_unsigned(-1)
    {"binary:encode_unsigned", R"~([f:3FF0000000000000])~", R"~(error:'badarg')~"},  // binary:encode_unsigned(1.0)
    {"binary:encode_unsigned", R"~([123456789012345678901234567890])~", R"~(<<018EE90FF6C373E0EE4E3F0AD2>>)~"},  // binary:encode_unsigned(123456789012345678901234567890)
    {"binary:encode_unsigned", R"~([123456789012345678901234567890,'little'])~", R"~(<<D20A3F4EEEE073C3F60FE98E01>>)~"},  // binary:encode_unsigned(123456789012345678901234567890,little)
    {"binary:encode_unsigned", R"~([295147905179352825856])~", R"~(<<100000000000000000>>)~"},  // binary:encode_unsigned(16#100000000000000000)
    {"binary:encode_unsigned", R"~([4722366482869645213696,'little'])~", R"~(<<00000000000000000001>>)~"},  // binary:encode_unsigned(16#1000000000000000000,little)
    {"binary:longest_common_prefix", R"~([[<<61626364>>,<<61626365>>,<<616278>>]])~", R"~(2)~"},  // binary:longest_common_prefix([<<"abcd">>,<<"abce">>,<<"abx">>])
    {"binary:longest_common_prefix", R"~([[<<61626364>>]])~", R"~(4)~"},  // binary:longest_common_prefix([<<"abcd">>])
    {"binary:longest_common_prefix", R"~([[<<61626364>>,<<>>]])~", R"~(0)~"},  // binary:longest_common_prefix([<<"abcd">>,<<>>])
    {"binary:longest_common_prefix", R"~([[]])~", R"~(error:'badarg')~"},  // binary:longest_common_prefix([])
    {"binary:longest_common_prefix", R"~([[<<61626364>>|<<61>>]])~", R"~(error:'badarg')~"},  // binary:longest_common_prefix([<<"abcd">>|<<"a">>])
    {"binary:longest_common_prefix", R"~([<<61626364>>])~", R"~(error:'badarg')~"},  // binary:longest_common_prefix(<<"abcd">>)
    {"binary:longest_common_prefix", R"~([[<<6162>>,'a']])~", R"~(error:'badarg')~"},  // binary:longest_common_prefix([<<"ab">>,a])
    {"binary:longest_common_prefix", R"~([[<<6162>>,<<6110:12>>]])~", R"~(error:'badarg')~"},  // binary:longest_common_prefix([<<"ab">>,<<"a",1:4>>])
    {"binary:longest_common_suffix", R"~([[<<61626364>>,<<78626364>>,<<6364>>]])~", R"~(2)~"},  // binary:longest_common_suffix([<<"abcd">>,<<"xbcd">>,<<"cd">>])
    {"binary:longest_common_suffix", R"~([[<<61626364>>]])~", R"~(4)~"},  // binary:longest_common_suffix([<<"abcd">>])
    {"binary:longest_common_suffix", R"~([[<<61626364>>,<<616263>>]])~", R"~(0)~"},  // binary:longest_common_suffix([<<"abcd">>,<<"abc">>])
    {"binary:longest_common_suffix", R"~([[]])~", R"~(error:'badarg')~"},  // binary:longest_common_suffix([])
    {"binary:referenced_byte_size", R"~([<<0101010101>>])~", R"~(5)~"},  // binary:referenced_byte_size(binary:part(list_to_binary(lists:duplicate(100,1)),10,5))
    {"binary:referenced_byte_size", R"~(['a'])~", R"~(error:'badarg')~"},  // binary:referenced_byte_size(a)
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>])~", R"~({4,1})~"},  // binary:match(<<"hello world">>,<<"o">>)
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<78>>])~", R"~('nomatch')~"},  // binary:match(<<"hello world">>,<<"x">>)
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,[<<776F72>>,<<6F2077>>]])~", R"~({4,3})~"},  // binary:match(<<"hello world">>,[<<"wor">>,<<"o w">>])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,[<<6C>>,<<6C6C>>]])~", R"~({2,2})~"},  // binary:match(<<"hello world">>,[<<"l">>,<<"ll">>])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,[<<6C6C>>,<<6C>>]])~", R"~({2,2})~"},  // binary:match(<<"hello world">>,[<<"ll">>,<<"l">>])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,[<<6C6C6F>>,<<6C6F2077>>]])~", R"~({2,3})~"},  // binary:match(<<"hello world">>,[<<"llo">>,<<"lo w">>])
    {"binary:match", R"~([<<6162636465>>,[<<626364>>,<<636465>>]])~", R"~({1,3})~"},  // binary:match(<<"abcde">>,[<<"bcd">>,<<"cde">>])
    {"binary:match", R"~([<<6162636465>>,[<<6364>>,<<62636465>>]])~", R"~({1,4})~"},  // binary:match(<<"abcde">>,[<<"cd">>,<<"bcde">>])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<>>])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<>>)
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,[]])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,[])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,[<<61>>,<<>>]])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,[<<"a">>,<<>>])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[]])~", R"~({4,1})~"},  // binary:match(<<"hello world">>,<<"o">>,[])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{5,6}}]])~", R"~({7,1})~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{5,6}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{6,5}}]])~", R"~({7,1})~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{6,5}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{11,-6}}]])~", R"~({7,1})~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{11,-6}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{11,-7}}]])~", R"~({4,1})~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{11,-7}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{11,-12}}]])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{11,-12}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{0,12}}]])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{0,12}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{0,11}}]])~", R"~({4,1})~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{0,11}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{12,0}}]])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{12,0}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{11,0}}]])~", R"~('nomatch')~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{11,0}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{4,1}}]])~", R"~({4,1})~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{4,1}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{4,0}}]])~", R"~('nomatch')~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{4,0}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,['global']])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<"o">>,[global])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,['foo']])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<"o">>,[foo])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,'x'])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<"o">>,x)
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{0,1}}|'x']])~", R"~('nomatch')~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{0,1}}|x])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{0,1}},{'scope',{0,6}}]])~", R"~({4,1})~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{0,1}},{scope,{0,6}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,['trim']])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<"o">>,[trim])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{'a',1}}]])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,{a,1}}])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',0,1}]])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<"o">>,[{scope,0,1}])
    {"binary:match", R"~([<<D19766CDE83BEFE5B320:77>>,<<6F>>])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world":7>>,<<"o">>)
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<DE:7>>])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,<<"o":7>>)
    {"binary:match", R"~(['a',<<6F>>])~", R"~(error:'badarg')~"},  // binary:match(a,<<"o">>)
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,[<<6F>>|'x']])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,[<<"o">>|x])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,[<<6F>>,'a']])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,[<<"o">>,a])
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,'a'])~", R"~(error:'badarg')~"},  // binary:match(<<"hello world">>,a)
    {"binary:match", R"~([<<68656C6C6F20776F726C64>>,<<68656C6C6F20776F726C6421>>])~", R"~('nomatch')~"},  // binary:match(<<"hello world">>,<<"hello world!">>)
    {"binary:match", R"~([<<>>,<<61>>])~", R"~('nomatch')~"},  // binary:match(<<>>,<<"a">>)
    {"binary:match", R"~([<<616161>>,<<6161>>])~", R"~({0,2})~"},  // binary:match(<<"aaa">>,<<"aa">>)
    {"binary:matches", R"~([<<616161>>,<<6161>>])~", R"~([{0,2}])~"},  // binary:matches(<<"aaa">>,<<"aa">>)
    {"binary:matches", R"~([<<61616161>>,<<6161>>])~", R"~([{0,2},{2,2}])~"},  // binary:matches(<<"aaaa">>,<<"aa">>)
    {"binary:matches", R"~([<<68656C6C6F20776F726C64>>,<<6F>>])~", R"~([{4,1},{7,1}])~"},  // binary:matches(<<"hello world">>,<<"o">>)
    {"binary:matches", R"~([<<68656C6C6F20776F726C64>>,<<78>>])~", R"~([])~"},  // binary:matches(<<"hello world">>,<<"x">>)
    {"binary:matches", R"~([<<68656C6C6F20776F726C64>>,[<<6C>>,<<6C6C>>,<<6F>>]])~", R"~([{2,2},{4,1},{7,1},{9,1}])~"},  // binary:matches(<<"hello world">>,[<<"l">>,<<"ll">>,<<"o">>])
    {"binary:matches", R"~([<<6162636465>>,[<<626364>>,<<636465>>,<<65>>]])~", R"~([{1,3},{4,1}])~"},  // binary:matches(<<"abcde">>,[<<"bcd">>,<<"cde">>,<<"e">>])
    {"binary:matches", R"~([<<6162636465>>,[<<6364>>,<<62636465>>]])~", R"~([{1,4}])~"},  // binary:matches(<<"abcde">>,[<<"cd">>,<<"bcde">>])
    {"binary:matches", R"~([<<616263616263616263>>,[<<616263>>,<<626361>>,<<63>>]])~", R"~([{0,3},{3,3},{6,3}])~"},  // binary:matches(<<"abcabcabc">>,[<<"abc">>,<<"bca">>,<<"c">>])
    {"binary:matches", R"~([<<78616263616278>>,[<<6162636162>>,<<6263616278>>,<<6361>>]])~", R"~([{1,5}])~"},  // binary:matches(<<"xabcabx">>,[<<"abcab">>,<<"bcabx">>,<<"ca">>])
    {"binary:matches", R"~([<<61626162>>,[<<62>>,<<616261>>]])~", R"~([{0,3},{3,1}])~"},  // binary:matches(<<"abab">>,[<<"b">>,<<"aba">>])
    {"binary:matches", R"~([<<616261626162>>,[<<6261>>,<<61626162>>]])~", R"~([{0,4}])~"},  // binary:matches(<<"ababab">>,[<<"ba">>,<<"abab">>])
    {"binary:matches", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{5,6}}]])~", R"~([{7,1}])~"},  // binary:matches(<<"hello world">>,<<"o">>,[{scope,{5,6}}])
    {"binary:matches", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{11,-11}}]])~", R"~([{4,1},{7,1}])~"},  // binary:matches(<<"hello world">>,<<"o">>,[{scope,{11,-11}}])
    {"binary:matches", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,[{'scope',{11,-12}}]])~", R"~(error:'badarg')~"},  // binary:matches(<<"hello world">>,<<"o">>,[{scope,{11,-12}}])
    {"binary:matches", R"~([<<68656C6C6F20776F726C64>>,<<6F>>,['global']])~", R"~(error:'badarg')~"},  // binary:matches(<<"hello world">>,<<"o">>,[global])
    {"binary:matches", R"~([<<68656C6C6F20776F726C64>>,<<>>])~", R"~(error:'badarg')~"},  // binary:matches(<<"hello world">>,<<>>)
    {"binary:split", R"~([<<612C622C2C63>>,<<2C>>])~", R"~([<<61>>,<<622C2C63>>])~"},  // binary:split(<<"a,b,,c">>,<<",">>)
    {"binary:split", R"~([<<612C622C2C63>>,<<2C>>,['global']])~", R"~([<<61>>,<<62>>,<<>>,<<63>>])~"},  // binary:split(<<"a,b,,c">>,<<",">>,[global])
    {"binary:split", R"~([<<612C622C2C632C2C>>,<<2C>>,['global','trim']])~", R"~([<<61>>,<<62>>,<<>>,<<63>>])~"},  // binary:split(<<"a,b,,c,,">>,<<",">>,[global,trim])
    {"binary:split", R"~([<<612C622C2C632C2C>>,<<2C>>,['global','trim_all']])~", R"~([<<61>>,<<62>>,<<63>>])~"},  // binary:split(<<"a,b,,c,,">>,<<",">>,[global,trim_all])
    {"binary:split", R"~([<<2C612C622C2C632C2C>>,<<2C>>,['global','trim_all']])~", R"~([<<61>>,<<62>>,<<63>>])~"},  // binary:split(<<",a,b,,c,,">>,<<",">>,[global,trim_all])
    {"binary:split", R"~([<<2C612C622C2C632C2C>>,<<2C>>,['global','trim']])~", R"~([<<>>,<<61>>,<<62>>,<<>>,<<63>>])~"},  // binary:split(<<",a,b,,c,,">>,<<",">>,[global,trim])
    {"binary:split", R"~([<<2C612C622C2C632C2C>>,<<2C>>,['trim']])~", R"~([<<>>,<<612C622C2C632C2C>>])~"},  // binary:split(<<",a,b,,c,,">>,<<",">>,[trim])
    {"binary:split", R"~([<<2C612C622C2C632C2C>>,<<2C>>,['trim_all']])~", R"~([<<612C622C2C632C2C>>])~"},  // binary:split(<<",a,b,,c,,">>,<<",">>,[trim_all])
    {"binary:split", R"~([<<2C>>,<<2C>>,['trim_all']])~", R"~([])~"},  // binary:split(<<",">>,<<",">>,[trim_all])
    {"binary:split", R"~([<<2C>>,<<2C>>,['trim']])~", R"~([])~"},  // binary:split(<<",">>,<<",">>,[trim])
    {"binary:split", R"~([<<2C>>,<<2C>>,[]])~", R"~([<<>>,<<>>])~"},  // binary:split(<<",">>,<<",">>,[])
    {"binary:split", R"~([<<2C2C>>,<<2C>>,['global','trim']])~", R"~([])~"},  // binary:split(<<",,">>,<<",">>,[global,trim])
    {"binary:split", R"~([<<2C2C>>,<<2C>>,['global','trim_all']])~", R"~([])~"},  // binary:split(<<",,">>,<<",">>,[global,trim_all])
    {"binary:split", R"~([<<2C2C>>,<<2C>>,['global']])~", R"~([<<>>,<<>>,<<>>])~"},  // binary:split(<<",,">>,<<",">>,[global])
    {"binary:split", R"~([<<>>,<<2C>>,['global']])~", R"~([<<>>])~"},  // binary:split(<<>>,<<",">>,[global])
    {"binary:split", R"~([<<>>,<<2C>>,['global','trim']])~", R"~([])~"},  // binary:split(<<>>,<<",">>,[global,trim])
    {"binary:split", R"~([<<>>,<<2C>>,['global','trim_all']])~", R"~([])~"},  // binary:split(<<>>,<<",">>,[global,trim_all])
    {"binary:split", R"~([<<>>,<<2C>>,[]])~", R"~([<<>>])~"},  // binary:split(<<>>,<<",">>,[])
    {"binary:split", R"~([<<616263>>,<<2C>>,['trim_all']])~", R"~([<<616263>>])~"},  // binary:split(<<"abc">>,<<",">>,[trim_all])
    {"binary:split", R"~([<<616263>>,<<2C>>,['trim']])~", R"~([<<616263>>])~"},  // binary:split(<<"abc">>,<<",">>,[trim])
    {"binary:split", R"~([<<612C622C63>>,<<2C>>,[{'scope',{2,3}}]])~", R"~([<<612C62>>,<<63>>])~"},  // binary:split(<<"a,b,c">>,<<",">>,[{scope,{2,3}}])
    {"binary:split", R"~([<<612C622C63>>,<<2C>>,[{'scope',{2,3}},'global']])~", R"~([<<612C62>>,<<63>>])~"},  // binary:split(<<"a,b,c">>,<<",">>,[{scope,{2,3}},global])
    {"binary:split", R"~([<<612C622C63>>,<<2C>>,[{'scope',{3,-2}},'global']])~", R"~([<<61>>,<<622C63>>])~"},  // binary:split(<<"a,b,c">>,<<",">>,[{scope,{3,-2}},global])
    {"binary:split", R"~([<<612C622C63>>,<<2C>>,[{'scope',{2,0}},'global']])~", R"~([<<612C622C63>>])~"},  // binary:split(<<"a,b,c">>,<<",">>,[{scope,{2,0}},global])
    {"binary:split", R"~([<<612D625F63>>,[<<2D>>,<<5F>>],['global']])~", R"~([<<61>>,<<62>>,<<63>>])~"},  // binary:split(<<"a-b_c">>,[<<"-">>,<<"_">>],[global])
    {"binary:split", R"~([<<612D625F63>>,[<<2D>>,<<5F>>],['global','foo']])~", R"~(error:'badarg')~"},  // binary:split(<<"a-b_c">>,[<<"-">>,<<"_">>],[global,foo])
    {"binary:split", R"~([<<612D625F63>>,<<>>])~", R"~(error:'badarg')~"},  // binary:split(<<"a-b_c">>,<<>>)
    {"binary:split", R"~([<<612D625F63>>,<<2D>>,['global'|'x']])~", R"~([<<61>>,<<625F63>>])~"},  // binary:split(<<"a-b_c">>,<<"-">>,[global|x])
    {"binary:split", R"~([<<612C622C632C2C>>,<<2C>>,['global','trim','trim_all']])~", R"~([<<61>>,<<62>>,<<63>>])~"},  // binary:split(<<"a,b,c,,">>,<<",">>,[global,trim,trim_all])
    {"binary:split", R"~([<<612C622C632C2C>>,<<2C>>,['trim_all','trim','global']])~", R"~([<<61>>,<<62>>,<<63>>])~"},  // binary:split(<<"a,b,c,,">>,<<",">>,[trim_all,trim,global])
};

TEST_CASE("binaries BIFs agree with OTP 25", "[bifs]") { run_cases(k_binaries_cases); }

// ---- binary_random: rows recorded from erl (OTP 25) ----
const Case k_binary_random_cases[] = {
    {"binary:match", R"~([<<616162636261626162636261>>,[<<6363>>]])~", R"~('nomatch')~"},  // binary:match(<<"aabcbababcba">>,[<<"cc">>])
    {"binary:matches", R"~([<<6262616162626261>>,[<<61616261>>,<<6161>>]])~", R"~([{2,2}])~"},  // binary:matches(<<"bbaabbba">>,[<<"aaba">>,<<"aa">>])
    {"binary:matches", R"~([<<616261>>,[<<62626261>>,<<61616161>>,<<61>>,<<62616161>>]])~", R"~([{0,1},{2,1}])~"},  // binary:matches(<<"aba">>,[<<"bbba">>,<<"aaaa">>,<<"a">>,<<"baaa">>])
    {"binary:split", R"~([<<636261616161616361>>,[<<6162>>,<<6163>>],['global']])~", R"~([<<636261616161>>,<<61>>])~"},  // binary:split(<<"cbaaaaaca">>,[<<"ab">>,<<"ac">>],[global])
    {"binary:match", R"~([<<626261616161616161616261>>,[<<61626161>>,<<61616262>>,<<6261>>,<<6262>>]])~", R"~({0,2})~"},  // binary:match(<<"bbaaaaaaaaba">>,[<<"abaa">>,<<"aabb">>,<<"ba">>,<<"bb">>])
    {"binary:matches", R"~([<<62>>,[<<61>>,<<6261>>,<<616261>>]])~", R"~([])~"},  // binary:matches(<<"b">>,[<<"a">>,<<"ba">>,<<"aba">>])
    {"binary:split", R"~([<<616261626161>>,[<<6161>>,<<62>>],['global']])~", R"~([<<61>>,<<61>>,<<>>,<<>>])~"},  // binary:split(<<"ababaa">>,[<<"aa">>,<<"b">>],[global])
    {"binary:matches", R"~([<<6162616161626162>>,[<<626262>>,<<61>>,<<626162>>]])~", R"~([{0,1},{2,1},{3,1},{4,1},{5,3}])~"},  // binary:matches(<<"abaaabab">>,[<<"bbb">>,<<"a">>,<<"bab">>])
    {"binary:match", R"~([<<63>>,[<<626161>>,<<62626361>>]])~", R"~('nomatch')~"},  // binary:match(<<"c">>,[<<"baa">>,<<"bbca">>])
    {"binary:split", R"~([<<6261626261>>,[<<63>>,<<61>>],['global']])~", R"~([<<62>>,<<6262>>,<<>>])~"},  // binary:split(<<"babba">>,[<<"c">>,<<"a">>],[global])
    {"binary:split", R"~([<<6161616361636362>>,[<<61>>,<<616163>>,<<61>>],['global']])~", R"~([<<>>,<<>>,<<>>,<<636362>>])~"},  // binary:split(<<"aaacaccb">>,[<<"a">>,<<"aac">>,<<"a">>],[global])
    {"binary:match", R"~([<<626161616161616161616261>>,[<<62616261>>,<<61>>]])~", R"~({1,1})~"},  // binary:match(<<"baaaaaaaaaba">>,[<<"baba">>,<<"a">>])
    {"binary:matches", R"~([<<6262626161616261616261616262>>,[<<61616261>>,<<616162>>]])~", R"~([{4,4},{10,3}])~"},  // binary:matches(<<"bbbaaabaabaabb">>,[<<"aaba">>,<<"aab">>])
    {"binary:split", R"~([<<62626162616261616261626261>>,[<<626262>>,<<616162>>],['global']])~", R"~([<<626261626162>>,<<61626261>>])~"},  // binary:split(<<"bbababaababba">>,[<<"bbb">>,<<"aab">>],[global])
    {"binary:match", R"~([<<6163616361616362626361>>,[<<626262>>]])~", R"~('nomatch')~"},  // binary:match(<<"acacaacbbca">>,[<<"bbb">>])
    {"binary:matches", R"~([<<62>>,[<<61616262>>,<<62>>,<<61>>,<<616161>>]])~", R"~([{0,1}])~"},  // binary:matches(<<"b">>,[<<"aabb">>,<<"b">>,<<"a">>,<<"aaa">>])
    {"binary:match", R"~([<<>>,[<<61>>,<<62>>,<<62>>,<<62616161>>]])~", R"~('nomatch')~"},  // binary:match(<<"">>,[<<"a">>,<<"b">>,<<"b">>,<<"baaa">>])
    {"binary:matches", R"~([<<626162616162>>,[<<616162>>,<<62626261>>,<<61>>]])~", R"~([{1,1},{3,3}])~"},  // binary:matches(<<"babaab">>,[<<"aab">>,<<"bbba">>,<<"a">>])
    {"binary:split", R"~([<<626161626162626262>>,[<<62>>,<<6261>>,<<6261>>,<<6262>>],['global']])~", R"~([<<>>,<<61>>,<<>>,<<>>,<<>>])~"},  // binary:split(<<"baababbbb">>,[<<"b">>,<<"ba">>,<<"ba">>,<<"bb">>],[global])
    {"binary:matches", R"~([<<626261616161>>,[<<61616161>>,<<62>>,<<626162>>,<<61>>]])~", R"~([{0,1},{1,1},{2,4}])~"},  // binary:matches(<<"bbaaaa">>,[<<"aaaa">>,<<"b">>,<<"bab">>,<<"a">>])
    {"binary:match", R"~([<<636262636363>>,[<<626263>>]])~", R"~({1,3})~"},  // binary:match(<<"cbbccc">>,[<<"bbc">>])
    {"binary:split", R"~([<<6362626162>>,[<<616261>>],['global']])~", R"~([<<6362626162>>])~"},  // binary:split(<<"cbbab">>,[<<"aba">>],[global])
    {"binary:split", R"~([<<616162616261>>,[<<61>>],['global']])~", R"~([<<>>,<<>>,<<62>>,<<62>>,<<>>])~"},  // binary:split(<<"aababa">>,[<<"a">>],[global])
    {"binary:split", R"~([<<62616261626163626362>>,[<<616161>>,<<6361>>],['global']])~", R"~([<<62616261626163626362>>])~"},  // binary:split(<<"bababacbcb">>,[<<"aaa">>,<<"ca">>],[global])
    {"binary:match", R"~([<<6161636363>>,[<<616262>>]])~", R"~('nomatch')~"},  // binary:match(<<"aaccc">>,[<<"abb">>])
    {"binary:split", R"~([<<62616262616261>>,[<<62616161>>,<<62>>,<<6161>>],['global']])~", R"~([<<>>,<<61>>,<<>>,<<61>>,<<61>>])~"},  // binary:split(<<"babbaba">>,[<<"baaa">>,<<"b">>,<<"aa">>],[global])
    {"binary:split", R"~([<<6162>>,[<<62>>,<<61616161>>,<<6262>>,<<6161>>],['global']])~", R"~([<<61>>,<<>>])~"},  // binary:split(<<"ab">>,[<<"b">>,<<"aaaa">>,<<"bb">>,<<"aa">>],[global])
    {"binary:matches", R"~([<<63>>,[<<6163>>,<<6263>>,<<636361>>,<<61626262>>]])~", R"~([])~"},  // binary:matches(<<"c">>,[<<"ac">>,<<"bc">>,<<"cca">>,<<"abbb">>])
    {"binary:split", R"~([<<62616261616161616161>>,[<<61616261>>,<<6261>>],['global']])~", R"~([<<>>,<<>>,<<616161616161>>])~"},  // binary:split(<<"babaaaaaaa">>,[<<"aaba">>,<<"ba">>],[global])
    {"binary:matches", R"~([<<63616161616362>>,[<<61>>,<<6161>>]])~", R"~([{1,2},{3,2}])~"},  // binary:matches(<<"caaaacb">>,[<<"a">>,<<"aa">>])
    {"binary:matches", R"~([<<616261>>,[<<61>>,<<62>>]])~", R"~([{0,1},{1,1},{2,1}])~"},  // binary:matches(<<"aba">>,[<<"a">>,<<"b">>])
    {"binary:split", R"~([<<626161616161626162616162>>,[<<616161>>],['global']])~", R"~([<<62>>,<<6161626162616162>>])~"},  // binary:split(<<"baaaaababaab">>,[<<"aaa">>],[global])
    {"binary:matches", R"~([<<63616363636162>>,[<<62626161>>,<<61>>,<<63>>,<<626163>>]])~", R"~([{0,1},{1,1},{2,1},{3,1},{4,1},{5,1}])~"},  // binary:matches(<<"cacccab">>,[<<"bbaa">>,<<"a">>,<<"c">>,<<"bac">>])
    {"binary:match", R"~([<<62>>,[<<61>>]])~", R"~('nomatch')~"},  // binary:match(<<"b">>,[<<"a">>])
    {"binary:split", R"~([<<62626262636161616362>>,[<<6163>>,<<616363>>,<<626261>>],['global']])~", R"~([<<62626262636161>>,<<62>>])~"},  // binary:split(<<"bbbbcaaacb">>,[<<"ac">>,<<"acc">>,<<"bba">>],[global])
    {"binary:split", R"~([<<62>>,[<<616263>>],['global']])~", R"~([<<62>>])~"},  // binary:split(<<"b">>,[<<"abc">>],[global])
    {"binary:match", R"~([<<6161616161>>,[<<61616161>>]])~", R"~({0,4})~"},  // binary:match(<<"aaaaa">>,[<<"aaaa">>])
    {"binary:matches", R"~([<<63>>,[<<6163>>,<<636261>>,<<626361>>]])~", R"~([])~"},  // binary:matches(<<"c">>,[<<"ac">>,<<"cba">>,<<"bca">>])
    {"binary:match", R"~([<<6262616161626162>>,[<<616261>>,<<62626161>>,<<61>>,<<62>>]])~", R"~({0,4})~"},  // binary:match(<<"bbaaabab">>,[<<"aba">>,<<"bbaa">>,<<"a">>,<<"b">>])
    {"binary:match", R"~([<<6362636363626362616263>>,[<<6363>>,<<6263>>,<<6363>>,<<63626263>>]])~", R"~({1,2})~"},  // binary:match(<<"cbcccbcbabc">>,[<<"cc">>,<<"bc">>,<<"cc">>,<<"cbbc">>])
    {"binary:match", R"~([<<61626162>>,[<<626161>>]])~", R"~('nomatch')~"},  // binary:match(<<"abab">>,[<<"baa">>])
    {"binary:matches", R"~([<<6161626161616162>>,[<<62616162>>,<<6162>>]])~", R"~([{1,2},{6,2}])~"},  // binary:matches(<<"aabaaaab">>,[<<"baab">>,<<"ab">>])
    {"binary:match", R"~([<<6161>>,[<<626161>>]])~", R"~('nomatch')~"},  // binary:match(<<"aa">>,[<<"baa">>])
    {"binary:match", R"~([<<6263>>,[<<62626363>>,<<63>>,<<6361>>]])~", R"~({1,1})~"},  // binary:match(<<"bc">>,[<<"bbcc">>,<<"c">>,<<"ca">>])
    {"binary:matches", R"~([<<62636262>>,[<<62626262>>,<<6162>>,<<616163>>]])~", R"~([])~"},  // binary:matches(<<"bcbb">>,[<<"bbbb">>,<<"ab">>,<<"aac">>])
    {"binary:match", R"~([<<616163616362616162>>,[<<616362>>,<<61626163>>,<<616261>>,<<6163>>]])~", R"~({1,2})~"},  // binary:match(<<"aacacbaab">>,[<<"acb">>,<<"abac">>,<<"aba">>,<<"ac">>])
    {"binary:split", R"~([<<616161>>,[<<6161>>,<<626261>>,<<61626161>>],['global']])~", R"~([<<>>,<<61>>])~"},  // binary:split(<<"aaa">>,[<<"aa">>,<<"bba">>,<<"abaa">>],[global])
    {"binary:matches", R"~([<<626162616262626161>>,[<<6261>>,<<6161>>,<<61616261>>]])~", R"~([{0,2},{2,2},{6,2}])~"},  // binary:matches(<<"bababbbaa">>,[<<"ba">>,<<"aa">>,<<"aaba">>])
    {"binary:match", R"~([<<>>,[<<61>>,<<61626161>>]])~", R"~('nomatch')~"},  // binary:match(<<"">>,[<<"a">>,<<"abaa">>])
    {"binary:matches", R"~([<<616161>>,[<<616162>>,<<626161>>,<<61>>]])~", R"~([{0,1},{1,1},{2,1}])~"},  // binary:matches(<<"aaa">>,[<<"aab">>,<<"baa">>,<<"a">>])
    {"binary:match", R"~([<<616162616261>>,[<<6161>>,<<616261>>]])~", R"~({0,2})~"},  // binary:match(<<"aababa">>,[<<"aa">>,<<"aba">>])
    {"binary:match", R"~([<<616162>>,[<<616161>>,<<61616262>>,<<6161>>]])~", R"~({0,2})~"},  // binary:match(<<"aab">>,[<<"aaa">>,<<"aabb">>,<<"aa">>])
    {"binary:match", R"~([<<6261626161616162>>,[<<62>>]])~", R"~({0,1})~"},  // binary:match(<<"babaaaab">>,[<<"b">>])
    {"binary:matches", R"~([<<62626261626261>>,[<<62616162>>,<<61616162>>,<<6262>>,<<61>>]])~", R"~([{0,2},{3,1},{4,2},{6,1}])~"},  // binary:matches(<<"bbbabba">>,[<<"baab">>,<<"aaab">>,<<"bb">>,<<"a">>])
    {"binary:split", R"~([<<6262636162636163636362626263>>,[<<636163>>,<<63>>],['global']])~", R"~([<<6262>>,<<6162>>,<<>>,<<>>,<<626262>>,<<>>])~"},  // binary:split(<<"bbcabcacccbbbc">>,[<<"cac">>,<<"c">>],[global])
    {"binary:match", R"~([<<616161>>,[<<6161>>,<<61626262>>,<<62>>]])~", R"~({0,2})~"},  // binary:match(<<"aaa">>,[<<"aa">>,<<"abbb">>,<<"b">>])
    {"binary:matches", R"~([<<616162626161>>,[<<62626161>>,<<6162>>,<<62>>,<<6162>>]])~", R"~([{1,2},{3,1}])~"},  // binary:matches(<<"aabbaa">>,[<<"bbaa">>,<<"ab">>,<<"b">>,<<"ab">>])
    {"binary:matches", R"~([<<>>,[<<61>>,<<626261>>]])~", R"~([])~"},  // binary:matches(<<"">>,[<<"a">>,<<"bba">>])
    {"binary:match", R"~([<<616262626162626261616161>>,[<<62616162>>,<<61>>,<<626161>>,<<62626162>>]])~", R"~({0,1})~"},  // binary:match(<<"abbbabbbaaaa">>,[<<"baab">>,<<"a">>,<<"baa">>,<<"bbab">>])
    {"binary:split", R"~([<<6161626162616262626161>>,[<<6161>>],['global']])~", R"~([<<>>,<<62616261626262>>,<<>>])~"},  // binary:split(<<"aabababbbaa">>,[<<"aa">>],[global])
    {"binary:matches", R"~([<<62626161616163>>,[<<61626261>>,<<61636362>>]])~", R"~([])~"},  // binary:matches(<<"bbaaaac">>,[<<"abba">>,<<"accb">>])
    {"binary:split", R"~([<<616263>>,[<<63>>,<<626262>>,<<62616361>>,<<61>>],['global']])~", R"~([<<>>,<<62>>,<<>>])~"},  // binary:split(<<"abc">>,[<<"c">>,<<"bbb">>,<<"baca">>,<<"a">>],[global])
    {"binary:split", R"~([<<616262>>,[<<62>>,<<6262>>,<<62616161>>],['global']])~", R"~([<<61>>,<<>>])~"},  // binary:split(<<"abb">>,[<<"b">>,<<"bb">>,<<"baaa">>],[global])
    {"binary:match", R"~([<<61626161626161616362616363>>,[<<61>>,<<63626361>>,<<63>>]])~", R"~({0,1})~"},  // binary:match(<<"abaabaaacbacc">>,[<<"a">>,<<"cbca">>,<<"c">>])
    {"binary:match", R"~([<<6261616261616161616162>>,[<<61>>,<<626161>>,<<61>>]])~", R"~({0,3})~"},  // binary:match(<<"baabaaaaaab">>,[<<"a">>,<<"baa">>,<<"a">>])
    {"binary:match", R"~([<<616162636262616161636261>>,[<<626262>>,<<6262>>]])~", R"~({4,2})~"},  // binary:match(<<"aabcbbaaacba">>,[<<"bbb">>,<<"bb">>])
    {"binary:matches", R"~([<<61616161>>,[<<616161>>,<<616261>>,<<6162>>,<<62616261>>]])~", R"~([{0,3}])~"},  // binary:matches(<<"aaaa">>,[<<"aaa">>,<<"aba">>,<<"ab">>,<<"baba">>])
    {"binary:matches", R"~([<<626363>>,[<<63636263>>,<<63>>,<<6362>>]])~", R"~([{1,1},{2,1}])~"},  // binary:matches(<<"bcc">>,[<<"ccbc">>,<<"c">>,<<"cb">>])
    {"binary:match", R"~([<<6261626162626161626161>>,[<<616161>>,<<6162>>,<<61>>]])~", R"~({1,2})~"},  // binary:match(<<"bababbaabaa">>,[<<"aaa">>,<<"ab">>,<<"a">>])
    {"binary:matches", R"~([<<6162626262626162626161>>,[<<61>>,<<6262>>,<<61>>]])~", R"~([{0,1},{1,2},{3,2},{6,1},{7,2},{9,1},{10,1}])~"},  // binary:matches(<<"abbbbbabbaa">>,[<<"a">>,<<"bb">>,<<"a">>])
    {"binary:match", R"~([<<6261>>,[<<616262>>,<<6161>>]])~", R"~('nomatch')~"},  // binary:match(<<"ba">>,[<<"abb">>,<<"aa">>])
    {"binary:matches", R"~([<<63626261626262636363626162>>,[<<63>>,<<616261>>,<<62626162>>]])~", R"~([{0,1},{1,4},{7,1},{8,1},{9,1}])~"},  // binary:matches(<<"cbbabbbcccbab">>,[<<"c">>,<<"aba">>,<<"bbab">>])
    {"binary:split", R"~([<<61616162616161>>,[<<626161>>,<<626162>>,<<616262>>],['global']])~", R"~([<<616161>>,<<61>>])~"},  // binary:split(<<"aaabaaa">>,[<<"baa">>,<<"bab">>,<<"abb">>],[global])
    {"binary:matches", R"~([<<61>>,[<<626262>>,<<62>>,<<616261>>,<<616261>>]])~", R"~([])~"},  // binary:matches(<<"a">>,[<<"bbb">>,<<"b">>,<<"aba">>,<<"aba">>])
    {"binary:split", R"~([<<616261616161626262616161>>,[<<6261>>,<<6161>>,<<616161>>],['global']])~", R"~([<<61>>,<<>>,<<6262>>,<<>>,<<>>])~"},  // binary:split(<<"abaaaabbbaaa">>,[<<"ba">>,<<"aa">>,<<"aaa">>],[global])
    {"binary:match", R"~([<<616362636263>>,[<<616261>>,<<62616262>>,<<63>>,<<6263>>]])~", R"~({1,1})~"},  // binary:match(<<"acbcbc">>,[<<"aba">>,<<"babb">>,<<"c">>,<<"bc">>])
    {"binary:split", R"~([<<61626161626161616162616161>>,[<<61>>,<<62616262>>,<<62626261>>,<<6261>>],['global']])~", R"~([<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>])~"},  // binary:split(<<"abaabaaaabaaa">>,[<<"a">>,<<"babb">>,<<"bbba">>,<<"ba">>],[global])
    {"binary:split", R"~([<<626161626161616261616162>>,[<<6161>>],['global']])~", R"~([<<62>>,<<62>>,<<6162>>,<<6162>>])~"},  // binary:split(<<"baabaaabaaab">>,[<<"aa">>],[global])
    {"binary:matches", R"~([<<636163626161>>,[<<63616162>>,<<616162>>,<<6262>>]])~", R"~([])~"},  // binary:matches(<<"cacbaa">>,[<<"caab">>,<<"aab">>,<<"bb">>])
    {"binary:split", R"~([<<6261626262>>,[<<6161>>,<<616262>>,<<626262>>],['global']])~", R"~([<<62>>,<<62>>])~"},  // binary:split(<<"babbb">>,[<<"aa">>,<<"abb">>,<<"bbb">>],[global])
    {"binary:split", R"~([<<62616162616161616261>>,[<<62>>,<<6261>>],['global']])~", R"~([<<>>,<<61>>,<<616161>>,<<>>])~"},  // binary:split(<<"baabaaaaba">>,[<<"b">>,<<"ba">>],[global])
    {"binary:split", R"~([<<63636163>>,[<<6263>>,<<636361>>,<<6361>>,<<61>>],['global']])~", R"~([<<>>,<<63>>])~"},  // binary:split(<<"ccac">>,[<<"bc">>,<<"cca">>,<<"ca">>,<<"a">>],[global])
    {"binary:match", R"~([<<>>,[<<63626263>>,<<626263>>,<<6162>>]])~", R"~('nomatch')~"},  // binary:match(<<"">>,[<<"cbbc">>,<<"bbc">>,<<"ab">>])
    {"binary:matches", R"~([<<63636261636162616161616262>>,[<<62>>,<<6161>>,<<63636361>>,<<6363>>]])~", R"~([{0,2},{2,1},{6,1},{7,2},{9,2},{11,1},{12,1}])~"},  // binary:matches(<<"ccbacabaaaabb">>,[<<"b">>,<<"aa">>,<<"ccca">>,<<"cc">>])
    {"binary:split", R"~([<<6261616261616262626261616262>>,[<<6162>>,<<62626162>>,<<6261>>,<<6162>>],['global']])~", R"~([<<>>,<<>>,<<61>>,<<6262>>,<<>>,<<62>>])~"},  // binary:split(<<"baabaabbbbaabb">>,[<<"ab">>,<<"bbab">>,<<"ba">>,<<"ab">>],[global])
    {"binary:split", R"~([<<636262616263626362626262>>,[<<61>>,<<62>>,<<63626263>>,<<62>>],['global']])~", R"~([<<63>>,<<>>,<<>>,<<>>,<<63>>,<<63>>,<<>>,<<>>,<<>>,<<>>])~"},  // binary:split(<<"cbbabcbcbbbb">>,[<<"a">>,<<"b">>,<<"cbbc">>,<<"b">>],[global])
    {"binary:match", R"~([<<616361636261616162>>,[<<61>>,<<616162>>,<<616163>>,<<626162>>]])~", R"~({0,1})~"},  // binary:match(<<"acacbaaab">>,[<<"a">>,<<"aab">>,<<"aac">>,<<"bab">>])
    {"binary:matches", R"~([<<63626161>>,[<<61>>,<<6163>>]])~", R"~([{2,1},{3,1}])~"},  // binary:matches(<<"cbaa">>,[<<"a">>,<<"ac">>])
    {"binary:match", R"~([<<61636163636261636361616161>>,[<<6362>>,<<61626162>>,<<61>>,<<61636161>>]])~", R"~({0,1})~"},  // binary:match(<<"acaccbaccaaaa">>,[<<"cb">>,<<"abab">>,<<"a">>,<<"acaa">>])
    {"binary:match", R"~([<<6161626263636161>>,[<<63616163>>,<<62>>,<<61626362>>]])~", R"~({2,1})~"},  // binary:match(<<"aabbccaa">>,[<<"caac">>,<<"b">>,<<"abcb">>])
    {"binary:split", R"~([<<616162616261626262>>,[<<6161>>,<<616161>>,<<6262>>,<<62>>],['global']])~", R"~([<<>>,<<>>,<<61>>,<<61>>,<<>>,<<>>])~"},  // binary:split(<<"aabababbb">>,[<<"aa">>,<<"aaa">>,<<"bb">>,<<"b">>],[global])
    {"binary:matches", R"~([<<>>,[<<61>>,<<61>>,<<62>>]])~", R"~([])~"},  // binary:matches(<<"">>,[<<"a">>,<<"a">>,<<"b">>])
    {"binary:match", R"~([<<62616161616161626161616262>>,[<<616161>>,<<62>>]])~", R"~({0,1})~"},  // binary:match(<<"baaaaaabaaabb">>,[<<"aaa">>,<<"b">>])
    {"binary:split", R"~([<<62616262636162636362626263>>,[<<626262>>,<<63626361>>,<<61>>,<<6162>>],['global']])~", R"~([<<62>>,<<6263>>,<<6363>>,<<63>>])~"},  // binary:split(<<"babbcabccbbbc">>,[<<"bbb">>,<<"cbca">>,<<"a">>,<<"ab">>],[global])
    {"binary:split", R"~([<<6262616162616261616261616161>>,[<<61616261>>,<<62626161>>,<<6262>>,<<6261>>],['global']])~", R"~([<<>>,<<>>,<<>>,<<61>>,<<616161>>])~"},  // binary:split(<<"bbaababaabaaaa">>,[<<"aaba">>,<<"bbaa">>,<<"bb">>,<<"ba">>],[global])
    {"binary:match", R"~([<<62626261626161>>,[<<6261>>,<<61616162>>]])~", R"~({2,2})~"},  // binary:match(<<"bbbabaa">>,[<<"ba">>,<<"aaab">>])
    {"binary:split", R"~([<<61616163626363636261636261>>,[<<61>>,<<616363>>],['global']])~", R"~([<<>>,<<>>,<<>>,<<636263636362>>,<<6362>>,<<>>])~"},  // binary:split(<<"aaacbcccbacba">>,[<<"a">>,<<"acc">>],[global])
    {"binary:matches", R"~([<<62626161616162616262>>,[<<626262>>,<<61626162>>,<<6262>>]])~", R"~([{0,2},{5,4}])~"},  // binary:matches(<<"bbaaaababb">>,[<<"bbb">>,<<"abab">>,<<"bb">>])
    {"binary:match", R"~([<<63636163626163636263616262>>,[<<626362>>,<<616262>>]])~", R"~({10,3})~"},  // binary:match(<<"ccacbaccbcabb">>,[<<"bcb">>,<<"abb">>])
    {"binary:split", R"~([<<61616162616161>>,[<<61626261>>,<<62>>],['global']])~", R"~([<<616161>>,<<616161>>])~"},  // binary:split(<<"aaabaaa">>,[<<"abba">>,<<"b">>],[global])
    {"binary:split", R"~([<<61616261626261616162616262>>,[<<61>>],['global']])~", R"~([<<>>,<<>>,<<62>>,<<6262>>,<<>>,<<>>,<<62>>,<<6262>>])~"},  // binary:split(<<"aababbaaababb">>,[<<"a">>],[global])
    {"binary:split", R"~([<<63626363626162616263616263>>,[<<6161>>,<<62626261>>],['global']])~", R"~([<<63626363626162616263616263>>])~"},  // binary:split(<<"cbccbababcabc">>,[<<"aa">>,<<"bbba">>],[global])
    {"binary:match", R"~([<<61616262>>,[<<626261>>,<<61>>,<<61626162>>]])~", R"~({0,1})~"},  // binary:match(<<"aabb">>,[<<"bba">>,<<"a">>,<<"abab">>])
    {"binary:match", R"~([<<>>,[<<61>>,<<6161>>]])~", R"~('nomatch')~"},  // binary:match(<<"">>,[<<"a">>,<<"aa">>])
    {"binary:split", R"~([<<6262626161616261626162616162>>,[<<62>>,<<6261>>,<<61>>],['global']])~", R"~([<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>])~"},  // binary:split(<<"bbbaaabababaab">>,[<<"b">>,<<"ba">>,<<"a">>],[global])
    {"binary:split", R"~([<<616161>>,[<<626263>>,<<61>>,<<63626163>>],['global']])~", R"~([<<>>,<<>>,<<>>,<<>>])~"},  // binary:split(<<"aaa">>,[<<"bbc">>,<<"a">>,<<"cbac">>],[global])
    {"binary:matches", R"~([<<6262616162626261>>,[<<626261>>]])~", R"~([{0,3},{5,3}])~"},  // binary:matches(<<"bbaabbba">>,[<<"bba">>])
    {"binary:split", R"~([<<616161626161616161626261>>,[<<61616162>>,<<61626162>>,<<616162>>],['global']])~", R"~([<<>>,<<6161>>,<<6261>>])~"},  // binary:split(<<"aaabaaaaabba">>,[<<"aaab">>,<<"abab">>,<<"aab">>],[global])
    {"binary:split", R"~([<<61>>,[<<6162>>,<<6161>>,<<61616261>>,<<61>>],['global']])~", R"~([<<>>,<<>>])~"},  // binary:split(<<"a">>,[<<"ab">>,<<"aa">>,<<"aaba">>,<<"a">>],[global])
    {"binary:match", R"~([<<626262616261>>,[<<616162>>,<<6161>>,<<62>>]])~", R"~({0,1})~"},  // binary:match(<<"bbbaba">>,[<<"aab">>,<<"aa">>,<<"b">>])
    {"binary:match", R"~([<<626161616262>>,[<<61616261>>,<<616162>>,<<616261>>,<<6161>>]])~", R"~({1,2})~"},  // binary:match(<<"baaabb">>,[<<"aaba">>,<<"aab">>,<<"aba">>,<<"aa">>])
    {"binary:match", R"~([<<>>,[<<61616161>>,<<61616261>>]])~", R"~('nomatch')~"},  // binary:match(<<"">>,[<<"aaaa">>,<<"aaba">>])
    {"binary:split", R"~([<<626262>>,[<<63636261>>,<<63>>,<<63626263>>],['global']])~", R"~([<<626262>>])~"},  // binary:split(<<"bbb">>,[<<"ccba">>,<<"c">>,<<"cbbc">>],[global])
    {"binary:split", R"~([<<616162626262626161>>,[<<616161>>,<<61>>,<<6262>>],['global']])~", R"~([<<>>,<<>>,<<>>,<<>>,<<62>>,<<>>,<<>>])~"},  // binary:split(<<"aabbbbbaa">>,[<<"aaa">>,<<"a">>,<<"bb">>],[global])
    {"binary:matches", R"~([<<62636361616363>>,[<<62>>,<<63>>,<<61>>,<<63>>]])~", R"~([{0,1},{1,1},{2,1},{3,1},{4,1},{5,1},{6,1}])~"},  // binary:matches(<<"bccaacc">>,[<<"b">>,<<"c">>,<<"a">>,<<"c">>])
    {"binary:match", R"~([<<62616162626162626162>>,[<<62>>,<<62626261>>,<<6363>>,<<61626161>>]])~", R"~({0,1})~"},  // binary:match(<<"baabbabbab">>,[<<"b">>,<<"bbba">>,<<"cc">>,<<"abaa">>])
    {"binary:split", R"~([<<>>,[<<63>>],['global']])~", R"~([<<>>])~"},  // binary:split(<<"">>,[<<"c">>],[global])
    {"binary:matches", R"~([<<6162626262>>,[<<6162>>,<<6262>>,<<616261>>]])~", R"~([{0,2},{2,2}])~"},  // binary:matches(<<"abbbb">>,[<<"ab">>,<<"bb">>,<<"aba">>])
    {"binary:match", R"~([<<6261616261626261>>,[<<616161>>,<<616261>>]])~", R"~({2,3})~"},  // binary:match(<<"baababba">>,[<<"aaa">>,<<"aba">>])
    {"binary:split", R"~([<<6261626261>>,[<<6161>>,<<62>>,<<616262>>,<<6162>>],['global']])~", R"~([<<>>,<<>>,<<61>>])~"},  // binary:split(<<"babba">>,[<<"aa">>,<<"b">>,<<"abb">>,<<"ab">>],[global])
    {"binary:matches", R"~([<<6161616262616261>>,[<<616262>>,<<626162>>]])~", R"~([{2,3}])~"},  // binary:matches(<<"aaabbaba">>,[<<"abb">>,<<"bab">>])
    {"binary:split", R"~([<<6262626162626161>>,[<<62626261>>],['global']])~", R"~([<<>>,<<62626161>>])~"},  // binary:split(<<"bbbabbaa">>,[<<"bbba">>],[global])
    {"binary:match", R"~([<<6162616262>>,[<<6162>>,<<61>>]])~", R"~({0,2})~"},  // binary:match(<<"ababb">>,[<<"ab">>,<<"a">>])
    {"binary:split", R"~([<<61626161>>,[<<616261>>,<<616161>>],['global']])~", R"~([<<>>,<<61>>])~"},  // binary:split(<<"abaa">>,[<<"aba">>,<<"aaa">>],[global])
    {"binary:split", R"~([<<6262616161616162636162636361>>,[<<6362>>,<<61616162>>,<<616163>>,<<636261>>],['global']])~", R"~([<<62626161>>,<<636162636361>>])~"},  // binary:split(<<"bbaaaaabcabcca">>,[<<"cb">>,<<"aaab">>,<<"aac">>,<<"cba">>],[global])
    {"binary:matches", R"~([<<626161626261616162616162>>,[<<626262>>,<<62>>]])~", R"~([{0,1},{3,1},{4,1},{8,1},{11,1}])~"},  // binary:matches(<<"baabbaaabaab">>,[<<"bbb">>,<<"b">>])
    {"binary:matches", R"~([<<62626262626161>>,[<<61>>,<<6161>>,<<61>>]])~", R"~([{5,2}])~"},  // binary:matches(<<"bbbbbaa">>,[<<"a">>,<<"aa">>,<<"a">>])
    {"binary:match", R"~([<<61616362>>,[<<6162>>,<<62636163>>]])~", R"~('nomatch')~"},  // binary:match(<<"aacb">>,[<<"ab">>,<<"bcac">>])
    {"binary:matches", R"~([<<616162>>,[<<626162>>,<<626261>>,<<626261>>,<<626161>>]])~", R"~([])~"},  // binary:matches(<<"aab">>,[<<"bab">>,<<"bba">>,<<"bba">>,<<"baa">>])
    {"binary:match", R"~([<<6162616262616261>>,[<<6262>>]])~", R"~({3,2})~"},  // binary:match(<<"ababbaba">>,[<<"bb">>])
    {"binary:match", R"~([<<61>>,[<<62616262>>]])~", R"~('nomatch')~"},  // binary:match(<<"a">>,[<<"babb">>])
    {"binary:split", R"~([<<62>>,[<<63616363>>,<<6361>>,<<62>>,<<62636262>>],['global']])~", R"~([<<>>,<<>>])~"},  // binary:split(<<"b">>,[<<"cacc">>,<<"ca">>,<<"b">>,<<"bcbb">>],[global])
    {"binary:matches", R"~([<<616262616262626161>>,[<<62>>,<<61616161>>,<<61616162>>]])~", R"~([{1,1},{2,1},{4,1},{5,1},{6,1}])~"},  // binary:matches(<<"abbabbbaa">>,[<<"b">>,<<"aaaa">>,<<"aaab">>])
    {"binary:split", R"~([<<626162616261636162>>,[<<6363>>,<<6163>>,<<636363>>,<<616161>>],['global']])~", R"~([<<6261626162>>,<<6162>>])~"},  // binary:split(<<"bababacab">>,[<<"cc">>,<<"ac">>,<<"ccc">>,<<"aaa">>],[global])
    {"binary:match", R"~([<<626262616162616162626262>>,[<<616161>>]])~", R"~('nomatch')~"},  // binary:match(<<"bbbaabaabbbb">>,[<<"aaa">>])
    {"binary:split", R"~([<<6262616161>>,[<<626161>>],['global']])~", R"~([<<62>>,<<61>>])~"},  // binary:split(<<"bbaaa">>,[<<"baa">>],[global])
    {"binary:split", R"~([<<6261616262616261>>,[<<6261>>,<<616262>>,<<61>>],['global']])~", R"~([<<>>,<<>>,<<>>,<<>>,<<>>])~"},  // binary:split(<<"baabbaba">>,[<<"ba">>,<<"abb">>,<<"a">>],[global])
    {"binary:matches", R"~([<<6161626261>>,[<<62>>,<<61616161>>,<<62>>,<<62616161>>]])~", R"~([{2,1},{3,1}])~"},  // binary:matches(<<"aabba">>,[<<"b">>,<<"aaaa">>,<<"b">>,<<"baaa">>])
    {"binary:split", R"~([<<>>,[<<61>>,<<61616162>>,<<62>>,<<6162>>],['global']])~", R"~([<<>>])~"},  // binary:split(<<"">>,[<<"a">>,<<"aaab">>,<<"b">>,<<"ab">>],[global])
    {"binary:split", R"~([<<62616161>>,[<<6261>>],['global']])~", R"~([<<>>,<<6161>>])~"},  // binary:split(<<"baaa">>,[<<"ba">>],[global])
    {"binary:match", R"~([<<626161616161616261>>,[<<6261>>]])~", R"~({0,2})~"},  // binary:match(<<"baaaaaaba">>,[<<"ba">>])
    {"binary:match", R"~([<<62616161>>,[<<61>>,<<626262>>]])~", R"~({1,1})~"},  // binary:match(<<"baaa">>,[<<"a">>,<<"bbb">>])
    {"binary:match", R"~([<<>>,[<<61636363>>,<<636363>>,<<6161>>]])~", R"~('nomatch')~"},  // binary:match(<<"">>,[<<"accc">>,<<"ccc">>,<<"aa">>])
    {"binary:split", R"~([<<6261616162616261626261616162>>,[<<61>>],['global']])~", R"~([<<62>>,<<>>,<<>>,<<62>>,<<62>>,<<6262>>,<<>>,<<>>,<<62>>])~"},  // binary:split(<<"baaabababbaaab">>,[<<"a">>],[global])
    {"binary:split", R"~([<<616262616162626161626261>>,[<<616262>>,<<6161>>,<<61626162>>],['global']])~", R"~([<<>>,<<>>,<<6262>>,<<626261>>])~"},  // binary:split(<<"abbaabbaabba">>,[<<"abb">>,<<"aa">>,<<"abab">>],[global])
    {"binary:split", R"~([<<6261626161626161616162>>,[<<6262>>],['global']])~", R"~([<<6261626161626161616162>>])~"},  // binary:split(<<"babaabaaaab">>,[<<"bb">>],[global])
    {"binary:split", R"~([<<61>>,[<<616262>>,<<61>>,<<61>>],['global']])~", R"~([<<>>,<<>>])~"},  // binary:split(<<"a">>,[<<"abb">>,<<"a">>,<<"a">>],[global])
    {"binary:match", R"~([<<62626262626162616261>>,[<<61626162>>,<<6261>>,<<616161>>]])~", R"~({4,2})~"},  // binary:match(<<"bbbbbababa">>,[<<"abab">>,<<"ba">>,<<"aaa">>])
    {"binary:matches", R"~([<<61>>,[<<616162>>,<<6162>>,<<6261>>,<<626261>>]])~", R"~([])~"},  // binary:matches(<<"a">>,[<<"aab">>,<<"ab">>,<<"ba">>,<<"bba">>])
    {"binary:matches", R"~([<<62616262616161>>,[<<62>>,<<6162>>,<<61626161>>]])~", R"~([{0,1},{1,2},{3,1}])~"},  // binary:matches(<<"babbaaa">>,[<<"b">>,<<"ab">>,<<"abaa">>])
    {"binary:matches", R"~([<<62626362626163616262626162>>,[<<6361>>,<<636263>>]])~", R"~([{6,2}])~"},  // binary:matches(<<"bbcbbacabbbab">>,[<<"ca">>,<<"cbc">>])
    {"binary:matches", R"~([<<63636261>>,[<<62636263>>,<<626361>>]])~", R"~([])~"},  // binary:matches(<<"ccba">>,[<<"bcbc">>,<<"bca">>])
    {"binary:matches", R"~([<<61>>,[<<62>>,<<61>>,<<61>>,<<61>>]])~", R"~([{0,1}])~"},  // binary:matches(<<"a">>,[<<"b">>,<<"a">>,<<"a">>,<<"a">>])
    {"binary:split", R"~([<<6261616261>>,[<<61>>,<<62616162>>,<<62>>],['global']])~", R"~([<<>>,<<>>,<<>>])~"},  // binary:split(<<"baaba">>,[<<"a">>,<<"baab">>,<<"b">>],[global])
    {"binary:split", R"~([<<61626262626161616261616162>>,[<<62>>,<<61616161>>],['global']])~", R"~([<<61>>,<<>>,<<>>,<<>>,<<616161>>,<<616161>>,<<>>])~"},  // binary:split(<<"abbbbaaabaaab">>,[<<"b">>,<<"aaaa">>],[global])
    {"binary:match", R"~([<<62616261616261616161>>,[<<61>>,<<61>>,<<626161>>,<<61626262>>]])~", R"~({1,1})~"},  // binary:match(<<"babaabaaaa">>,[<<"a">>,<<"a">>,<<"baa">>,<<"abbb">>])
    {"binary:split", R"~([<<62626162626162>>,[<<6161>>,<<626262>>,<<62626161>>,<<626162>>],['global']])~", R"~([<<62>>,<<>>,<<>>])~"},  // binary:split(<<"bbabbab">>,[<<"aa">>,<<"bbb">>,<<"bbaa">>,<<"bab">>],[global])
    {"binary:match", R"~([<<626262616162616262>>,[<<61626161>>,<<6161>>,<<626162>>,<<62>>]])~", R"~({0,1})~"},  // binary:match(<<"bbbaababb">>,[<<"abaa">>,<<"aa">>,<<"bab">>,<<"b">>])
    {"binary:matches", R"~([<<61616161626261>>,[<<616162>>,<<61616261>>]])~", R"~([{2,3}])~"},  // binary:matches(<<"aaaabba">>,[<<"aab">>,<<"aaba">>])
    {"binary:matches", R"~([<<62>>,[<<62616162>>,<<62626161>>,<<626361>>]])~", R"~([])~"},  // binary:matches(<<"b">>,[<<"baab">>,<<"bbaa">>,<<"bca">>])
};

TEST_CASE("binary_random BIFs agree with OTP 25", "[bifs]") { run_cases(k_binary_random_cases); }

// ---- unicode: rows recorded from erl (OTP 25) ----
const Case k_unicode_cases[] = {
    {"unicode:characters_to_binary", R"~([[97,[98,[55296,99],100],101],'unicode'])~", R"~({'error',<<6162>>,[[[55296,99],100],101]})~"},  // unicode:characters_to_binary([97,[98,[16#D800,99],100],101],unicode)
    {"unicode:characters_to_binary", R"~([[97,[98,[<<FF>>,99],100],101],'unicode'])~", R"~({'error',<<6162>>,[[[<<FF>>,99],100],101]})~"},  // unicode:characters_to_binary([97,[98,[<<255>>,99],100],101],unicode)
    {"unicode:characters_to_binary", R"~([[97,[98,[<<78FF79>>,99],100],101],'unicode'])~", R"~({'error',<<616278>>,[[[<<FF79>>,99],100],101]})~"},  // unicode:characters_to_binary([97,[98,[<<"x",255,"y">>,99],100],101],unicode)
    {"unicode:characters_to_binary", R"~([[97,[98,[<<78C3>>],100],101],'unicode'])~", R"~({'error',<<616278>>,[<<C3>>,[[100],101]]})~"},  // unicode:characters_to_binary([97,[98,[<<"x",16#C3>>],100],101],unicode)
    {"unicode:characters_to_binary", R"~([[97,[98,[<<78C3>>]]],'unicode'])~", R"~({'incomplete',<<616278>>,<<C3>>})~"},  // unicode:characters_to_binary([97,[98,[<<"x",16#C3>>]]],unicode)
    {"unicode:characters_to_binary", R"~([[97,[98,<<78C3>>]],'unicode'])~", R"~({'incomplete',<<616278>>,<<C3>>})~"},  // unicode:characters_to_binary([97,[98,<<"x",16#C3>>]],unicode)
    {"unicode:characters_to_binary", R"~([<<78C3>>,'unicode'])~", R"~({'incomplete',<<78>>,<<C3>>})~"},  // unicode:characters_to_binary(<<"x",16#C3>>,unicode)
    {"unicode:characters_to_binary", R"~([[<<78C3>>,<<A4>>],'unicode'])~", R"~(<<78C3A4>>)~"},  // unicode:characters_to_binary([<<"x",16#C3>>,<<16#A4>>],unicode)
    {"unicode:characters_to_binary", R"~([[<<78E2>>,<<82>>,<<AC7A>>],'unicode'])~", R"~(<<78E282AC7A>>)~"},  // unicode:characters_to_binary([<<"x",16#E2>>,<<16#82>>,<<16#AC,"z">>],unicode)
    {"unicode:characters_to_binary", R"~([[<<78E2>>,<<82>>,[]],'unicode'])~", R"~({'incomplete',<<78>>,<<E282>>})~"},  // unicode:characters_to_binary([<<"x",16#E2>>,<<16#82>>,[]],unicode)
    {"unicode:characters_to_binary", R"~([[<<78E2>>,<<82>>,[],120],'unicode'])~", R"~({'error',<<78>>,[<<E282>>,[120]]})~"},  // unicode:characters_to_binary([<<"x",16#E2>>,<<16#82>>,[],120],unicode)
    {"unicode:characters_to_binary", R"~([[97,[98,[55296,99],100],101],{'utf16','big'}])~", R"~({'error',<<6162>>,[[[[55296],99],100],101]})~"},  // unicode:characters_to_binary([97,[98,[16#D800,99],100],101],{utf16,big})
    {"unicode:characters_to_binary", R"~([[97,[98,[<<0063D8>>,99],100],101],{'utf16','big'}])~", R"~({'error',<<616263>>,[[[<<D8>>,99],100],101]})~"},  // unicode:characters_to_binary([97,[98,[<<0,99,216>>,99],100],101],{utf16,big})
    {"unicode:characters_to_binary", R"~([[97,[98,[<<0063D8>>]]],{'utf16','big'}])~", R"~({'incomplete',<<616263>>,<<D8>>})~"},  // unicode:characters_to_binary([97,[98,[<<0,99,216>>]]],{utf16,big})
    {"unicode:characters_to_binary", R"~([[97,[98,<<0063D8>>]],{'utf16','big'}])~", R"~({'incomplete',<<616263>>,<<D8>>})~"},  // unicode:characters_to_binary([97,[98,<<0,99,216>>]],{utf16,big})
    {"unicode:characters_to_binary", R"~([[97,[98,<<0063D800>>]],{'utf16','big'}])~", R"~({'incomplete',<<616263>>,<<D800>>})~"},  // unicode:characters_to_binary([97,[98,<<0,99,216,0>>]],{utf16,big})
    {"unicode:characters_to_binary", R"~([[97,[98,<<0063DC00>>,1]],{'utf16','big'}])~", R"~({'error',<<616263>>,[[<<DC00>>,1]]})~"},  // unicode:characters_to_binary([97,[98,<<0,99,220,0>>, 1]],{utf16,big})
    {"unicode:characters_to_list", R"~([[97,[98,[55296,99],100],101],'unicode'])~", R"~({'error',[97,98],[[[55296,99],100],101]})~"},  // unicode:characters_to_list([97,[98,[16#D800,99],100],101],unicode)
    {"unicode:characters_to_list", R"~([[97,[98,[<<78FF79>>,99],100],101],'unicode'])~", R"~({'error',[97,98,120],[[[<<FF79>>,99],100],101]})~"},  // unicode:characters_to_list([97,[98,[<<"x",255,"y">>,99],100],101],unicode)
    {"unicode:characters_to_list", R"~([[97,[98,<<78C3>>]],'unicode'])~", R"~({'incomplete',[97,98,120],<<C3>>})~"},  // unicode:characters_to_list([97,[98,<<"x",16#C3>>]],unicode)
    {"unicode:characters_to_list", R"~([[97,[98,<<0063D800>>]],{'utf16','big'}])~", R"~({'incomplete',[97,98,99],<<D800>>})~"},  // unicode:characters_to_list([97,[98,<<0,99,216,0>>]],{utf16,big})
    {"unicode:characters_to_list", R"~([[97,[98,<<0063DC00>>,1]],{'utf16','big'}])~", R"~({'error',[97,98,99],[[<<DC00>>,1]]})~"},  // unicode:characters_to_list([97,[98,<<0,99,220,0>>, 1]],{utf16,big})
    {"unicode:characters_to_binary", R"~([[97,'a'],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,a],unicode)
    {"unicode:characters_to_binary", R"~([[97|'a'],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97|a],unicode)
    {"unicode:characters_to_binary", R"~([[97|<<62>>],'unicode'])~", R"~(<<6162>>)~"},  // unicode:characters_to_binary([97|<<"b">>],unicode)
    {"unicode:characters_to_binary", R"~([[97,-1],'unicode'])~", R"~({'error',<<61>>,[-1]})~"},  // unicode:characters_to_binary([97,-1],unicode)
    {"unicode:characters_to_binary", R"~([[97,256],'latin1'])~", R"~({'error',<<61>>,[256]})~"},  // unicode:characters_to_binary([97,256],latin1)
    {"unicode:characters_to_binary", R"~([[97,<<10:4>>],'latin1'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,<<1:4>>],latin1)
    {"unicode:characters_to_binary", R"~([[97,<<10:4>>],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,<<1:4>>],unicode)
    {"unicode:characters_to_binary", R"~([[97,'a'],{'utf16','big'}])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,a],{utf16,big})
    {"unicode:characters_to_binary", R"~([[97,-1],{'utf16','big'}])~", R"~({'error',<<61>>,[[-1]]})~"},  // unicode:characters_to_binary([97,-1],{utf16,big})
    {"unicode:characters_to_binary", R"~([[97,1114112],{'utf16','big'}])~", R"~({'error',<<61>>,[[1114112]]})~"},  // unicode:characters_to_binary([97,16#110000],{utf16,big})
    {"unicode:characters_to_binary", R"~(['a','unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary(a,unicode)
    {"unicode:characters_to_binary", R"~([<<10:4>>,'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary(<<1:4>>,unicode)
    {"unicode:characters_to_binary", R"~([<<10:4>>,'utf16'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary(<<1:4>>,utf16)
    {"unicode:characters_to_binary", R"~([<<10:4>>,'latin1'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary(<<1:4>>,latin1)
    {"unicode:characters_to_binary", R"~([[97,98,99],'foo'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary("abc",foo)
    {"unicode:characters_to_binary", R"~([[97,98,99],'latin1'])~", R"~(<<616263>>)~"},  // unicode:characters_to_binary("abc",latin1)
    {"unicode:characters_to_binary", R"~([[97,98,99],'unicode'])~", R"~(<<616263>>)~"},  // unicode:characters_to_binary("abc",unicode)
    {"unicode:characters_to_binary", R"~([[97,98,99],'utf8'])~", R"~(<<616263>>)~"},  // unicode:characters_to_binary("abc",utf8)
    {"unicode:characters_to_binary", R"~([[228,955,8364,128512],'unicode'])~", R"~(<<C3A4CEBBE282ACF09F9880>>)~"},  // unicode:characters_to_binary([228,955,8364,128512],unicode)
    {"unicode:characters_to_binary", R"~([[228,955],'latin1'])~", R"~({'error',<<C3A4>>,[955]})~"},  // unicode:characters_to_binary([228,955],latin1)
    {"unicode:characters_to_binary", R"~([<<E4FF>>,'latin1'])~", R"~(<<C3A4C3BF>>)~"},  // unicode:characters_to_binary(<<228,255>>,latin1)
    {"unicode:characters_to_binary", R"~([[<<E4>>,[<<FF>>|<<01>>]],'latin1'])~", R"~(<<C3A4C3BF01>>)~"},  // unicode:characters_to_binary([<<228>>,[<<255>>|<<1>>]],latin1)
    {"unicode:characters_to_binary", R"~([<<616263>>,'latin1'])~", R"~(<<616263>>)~"},  // unicode:characters_to_binary(<<"abc">>,latin1)
    {"unicode:characters_to_binary", R"~([[<<616263>>],'unicode'])~", R"~(<<616263>>)~"},  // unicode:characters_to_binary([<<"abc">>],unicode)
    {"unicode:characters_to_binary", R"~([[<<6162FF>>],'unicode'])~", R"~({'error',<<6162>>,<<FF>>})~"},  // unicode:characters_to_binary([<<"ab",255>>],unicode)
    {"unicode:characters_to_list", R"~([[<<6162FF>>],'unicode'])~", R"~({'error',[97,98],[<<FF>>]})~"},  // unicode:characters_to_list([<<"ab",255>>],unicode)
    {"unicode:characters_to_binary", R"~([<<6162FF>>,'unicode'])~", R"~({'error',<<6162>>,<<FF>>})~"},  // unicode:characters_to_binary(<<"ab",255>>,unicode)
    {"unicode:characters_to_list", R"~([<<6162FF>>,'unicode'])~", R"~({'error',[97,98],<<FF>>})~"},  // unicode:characters_to_list(<<"ab",255>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162C3>>,'unicode'])~", R"~({'incomplete',<<6162>>,<<C3>>})~"},  // unicode:characters_to_binary(<<"ab",195>>,unicode)
    {"unicode:characters_to_list", R"~([<<6162C3>>,'unicode'])~", R"~({'incomplete',[97,98],<<C3>>})~"},  // unicode:characters_to_list(<<"ab",195>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162E282>>,'unicode'])~", R"~({'incomplete',<<6162>>,<<E282>>})~"},  // unicode:characters_to_binary(<<"ab",16#E2,16#82>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162E241>>,'unicode'])~", R"~({'error',<<6162>>,<<E241>>})~"},  // unicode:characters_to_binary(<<"ab",16#E2,16#41>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162E24142>>,'unicode'])~", R"~({'error',<<6162>>,<<E24142>>})~"},  // unicode:characters_to_binary(<<"ab",16#E2,16#41,16#42>>,unicode)
    {"unicode:characters_to_list", R"~([<<6162E241>>,'unicode'])~", R"~({'error',[97,98],<<E241>>})~"},  // unicode:characters_to_list(<<"ab",16#E2,16#41>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162F09080>>,'unicode'])~", R"~({'incomplete',<<6162>>,<<F09080>>})~"},  // unicode:characters_to_binary(<<"ab",16#F0,16#90,16#80>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162F5>>,'unicode'])~", R"~({'incomplete',<<6162>>,<<F5>>})~"},  // unicode:characters_to_binary(<<"ab",16#F5>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162F8>>,'unicode'])~", R"~({'error',<<6162>>,<<F8>>})~"},  // unicode:characters_to_binary(<<"ab",16#F8>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162C0>>,'unicode'])~", R"~({'incomplete',<<6162>>,<<C0>>})~"},  // unicode:characters_to_binary(<<"ab",16#C0>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162C080>>,'unicode'])~", R"~({'error',<<6162>>,<<C080>>})~"},  // unicode:characters_to_binary(<<"ab",16#C0,16#80>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162C1BF>>,'unicode'])~", R"~({'error',<<6162>>,<<C1BF>>})~"},  // unicode:characters_to_binary(<<"ab",16#C1,16#BF>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162E08080>>,'unicode'])~", R"~({'error',<<6162>>,<<E08080>>})~"},  // unicode:characters_to_binary(<<"ab",16#E0,16#80,16#80>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162EDA080>>,'unicode'])~", R"~({'error',<<6162>>,<<EDA080>>})~"},  // unicode:characters_to_binary(<<"ab",16#ED,16#A0,16#80>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162EDA0>>,'unicode'])~", R"~({'incomplete',<<6162>>,<<EDA0>>})~"},  // unicode:characters_to_binary(<<"ab",16#ED,16#A0>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162F4908080>>,'unicode'])~", R"~({'error',<<6162>>,<<F4908080>>})~"},  // unicode:characters_to_binary(<<"ab",16#F4,16#90,16#80,16#80>>,unicode)
    {"unicode:characters_to_binary", R"~([<<6162F0808080>>,'unicode'])~", R"~({'error',<<6162>>,<<F0808080>>})~"},  // unicode:characters_to_binary(<<"ab",16#F0,16#80,16#80,16#80>>,unicode)
    {"unicode:characters_to_binary", R"~([<<616280>>,'unicode'])~", R"~({'error',<<6162>>,<<80>>})~"},  // unicode:characters_to_binary(<<"ab",16#80>>,unicode)
    {"unicode:characters_to_binary", R"~([[<<61E2>>,<<82AC>>],'unicode'])~", R"~(<<61E282AC>>)~"},  // unicode:characters_to_binary([<<"a",16#E2>>,<<16#82,16#AC>>],unicode)
    {"unicode:characters_to_binary", R"~([[<<61E2>>,<<41AC>>],'unicode'])~", R"~({'error',<<61>>,[<<E2>>,[<<41AC>>]]})~"},  // unicode:characters_to_binary([<<"a",16#E2>>,<<16#41,16#AC>>],unicode)
    {"unicode:characters_to_binary", R"~([[<<61E2>>,<<82>>,<<41>>],'unicode'])~", R"~({'error',<<61>>,[<<E282>>,[<<41>>]]})~"},  // unicode:characters_to_binary([<<"a",16#E2>>,<<16#82>>,<<16#41>>],unicode)
    {"unicode:characters_to_binary", R"~([[<<61E2>>,<<>>,<<82AC>>],'unicode'])~", R"~(<<61E282AC>>)~"},  // unicode:characters_to_binary([<<"a",16#E2>>,<<>>,<<16#82,16#AC>>],unicode)
    {"unicode:characters_to_binary", R"~([[<<61E2>>|<<82AC>>],'unicode'])~", R"~(<<61E282AC>>)~"},  // unicode:characters_to_binary([<<"a",16#E2>>|<<16#82,16#AC>>],unicode)
    {"unicode:characters_to_binary", R"~([[<<61E2>>,[<<82AC>>]],'unicode'])~", R"~(<<61E282AC>>)~"},  // unicode:characters_to_binary([<<"a",16#E2>>,[<<16#82,16#AC>>]],unicode)
    {"unicode:characters_to_binary", R"~([[<<61E2>>,130],'unicode'])~", R"~({'error',<<61>>,[<<E2>>,[130]]})~"},  // unicode:characters_to_binary([<<"a",16#E2>>,16#82],unicode)
    {"unicode:characters_to_binary", R"~([[<<61E2>>,[130]],'unicode'])~", R"~({'error',<<61>>,[<<E2>>,[[130]]]})~"},  // unicode:characters_to_binary([<<"a",16#E2>>,[16#82]],unicode)
    {"unicode:characters_to_list", R"~([[<<61E2>>,<<82AC>>],'unicode'])~", R"~([97,8364])~"},  // unicode:characters_to_list([<<"a",16#E2>>,<<16#82,16#AC>>],unicode)
    {"unicode:characters_to_list", R"~([[<<61E2>>,[130]],'unicode'])~", R"~({'error',[97],[<<E2>>,[[130]]]})~"},  // unicode:characters_to_list([<<"a",16#E2>>,[16#82]],unicode)
    {"unicode:characters_to_list", R"~([[<<61E2>>,[]],'unicode'])~", R"~({'incomplete',[97],<<E2>>})~"},  // unicode:characters_to_list([<<"a",16#E2>>,[]],unicode)
    {"unicode:characters_to_binary", R"~([[55296,'a'],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([16#D800,a],unicode)
    {"unicode:characters_to_binary", R"~([[55296,<<10:4>>],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([16#D800,<<1:4>>],unicode)
    {"unicode:characters_to_binary", R"~([[55296|'x'],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([16#D800|x],unicode)
    {"unicode:characters_to_binary", R"~([[100000000000000000000],'unicode'])~", R"~({'error',<<>>,[100000000000000000000]})~"},  // unicode:characters_to_binary([100000000000000000000],unicode)
    {"unicode:characters_to_binary", R"~([[1114111,1114112],'unicode'])~", R"~({'error',<<F48FBFBF>>,[1114112]})~"},  // unicode:characters_to_binary([16#10FFFF,16#110000],unicode)
    {"unicode:characters_to_binary", R"~([[-5],'latin1'])~", R"~({'error',<<>>,[-5]})~"},  // unicode:characters_to_binary([-5],latin1)
    {"unicode:characters_to_list", R"~([[97,256],'latin1'])~", R"~({'error',[97],[256]})~"},  // unicode:characters_to_list([97,256],latin1)
    {"unicode:characters_to_list", R"~([<<0102FF>>,'latin1'])~", R"~([1,2,255])~"},  // unicode:characters_to_list(<<1,2,255>>,latin1)
    {"unicode:characters_to_list", R"~([[<<0102FF>>|<<C8>>],'latin1'])~", R"~([1,2,255,200])~"},  // unicode:characters_to_list([<<1,2,255>>|<<200>>],latin1)
    {"unicode:characters_to_list", R"~([<<10:4>>,'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_list(<<1:4>>,unicode)
    {"unicode:characters_to_list", R"~([<<10:4>>,'latin1'])~", R"~(error:'badarg')~"},  // unicode:characters_to_list(<<1:4>>,latin1)
    {"unicode:characters_to_list", R"~(['a','unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_list(a,unicode)
    {"unicode:characters_to_list", R"~([[97,98,99],'foo'])~", R"~(error:'badarg')~"},  // unicode:characters_to_list("abc",foo)
    {"unicode:characters_to_list", R"~([[97,98,99],{'utf16','foo'}])~", R"~(error:'badarg')~"},  // unicode:characters_to_list("abc",{utf16,foo})
    {"unicode:characters_to_binary", R"~([<<0061D83DDE00>>,'utf16'])~", R"~(<<61F09F9880>>)~"},  // unicode:characters_to_binary(<<0,97,216,61,222,0>>,utf16)
    {"unicode:characters_to_binary", R"~([<<0061D83DDE00>>,{'utf16','big'}])~", R"~(<<61F09F9880>>)~"},  // unicode:characters_to_binary(<<0,97,216,61,222,0>>,{utf16,big})
    {"unicode:characters_to_binary", R"~([<<61003DD800DE>>,{'utf16','little'}])~", R"~(<<61F09F9880>>)~"},  // unicode:characters_to_binary(<<97,0,61,216,0,222>>,{utf16,little})
    {"unicode:characters_to_list", R"~([<<61003DD800DE>>,{'utf16','little'}])~", R"~([97,128512])~"},  // unicode:characters_to_list(<<97,0,61,216,0,222>>,{utf16,little})
    {"unicode:characters_to_binary", R"~([<<000000610001F600>>,'utf32'])~", R"~(<<61F09F9880>>)~"},  // unicode:characters_to_binary(<<0,0,0,97,0,1,246,0>>,utf32)
    {"unicode:characters_to_binary", R"~([<<6100000000F60100>>,{'utf32','little'}])~", R"~(<<61F09F9880>>)~"},  // unicode:characters_to_binary(<<97,0,0,0,0,246,1,0>>,{utf32,little})
    {"unicode:characters_to_list", R"~([<<6100000000F60100>>,{'utf32','little'}])~", R"~([97,128512])~"},  // unicode:characters_to_list(<<97,0,0,0,0,246,1,0>>,{utf32,little})
    {"unicode:characters_to_binary", R"~([<<0000D800>>,'utf32'])~", R"~({'error',<<>>,<<0000D800>>})~"},  // unicode:characters_to_binary(<<0,0,216,0>>,utf32)
    {"unicode:characters_to_binary", R"~([<<00110000>>,'utf32'])~", R"~({'error',<<>>,<<00110000>>})~"},  // unicode:characters_to_binary(<<0,17,0,0>>,utf32)
    {"unicode:characters_to_binary", R"~([<<000000>>,'utf32'])~", R"~({'incomplete',<<>>,<<000000>>})~"},  // unicode:characters_to_binary(<<0,0,0>>,utf32)
    {"unicode:characters_to_binary", R"~([<<0000>>,'utf32'])~", R"~({'incomplete',<<>>,<<0000>>})~"},  // unicode:characters_to_binary(<<0,0>>,utf32)
    {"unicode:characters_to_binary", R"~([<<00>>,'utf32'])~", R"~({'incomplete',<<>>,<<00>>})~"},  // unicode:characters_to_binary(<<0>>,utf32)
    {"unicode:characters_to_binary", R"~([<<01>>,'utf32'])~", R"~({'error',<<>>,<<01>>})~"},  // unicode:characters_to_binary(<<1>>,utf32)
    {"unicode:characters_to_binary", R"~([<<0011>>,'utf32'])~", R"~({'error',<<>>,<<0011>>})~"},  // unicode:characters_to_binary(<<0,17>>,utf32)
    {"unicode:characters_to_binary", R"~([<<0010FF>>,'utf32'])~", R"~({'incomplete',<<>>,<<0010FF>>})~"},  // unicode:characters_to_binary(<<0,16,255>>,utf32)
    {"unicode:characters_to_binary", R"~([<<0000D8>>,'utf32'])~", R"~({'error',<<>>,<<0000D8>>})~"},  // unicode:characters_to_binary(<<0,0,216>>,utf32)
    {"unicode:characters_to_binary", R"~([<<0000E0>>,'utf32'])~", R"~({'incomplete',<<>>,<<0000E0>>})~"},  // unicode:characters_to_binary(<<0,0,224>>,utf32)
    {"unicode:characters_to_binary", R"~([<<01>>,{'utf32','little'}])~", R"~({'incomplete',<<>>,<<01>>})~"},  // unicode:characters_to_binary(<<1>>,{utf32,little})
    {"unicode:characters_to_binary", R"~([<<0102>>,{'utf32','little'}])~", R"~({'incomplete',<<>>,<<0102>>})~"},  // unicode:characters_to_binary(<<1,2>>,{utf32,little})
    {"unicode:characters_to_binary", R"~([<<010203>>,{'utf32','little'}])~", R"~({'incomplete',<<>>,<<010203>>})~"},  // unicode:characters_to_binary(<<1,2,3>>,{utf32,little})
    {"unicode:characters_to_binary", R"~([<<010211>>,{'utf32','little'}])~", R"~({'error',<<>>,<<010211>>})~"},  // unicode:characters_to_binary(<<1,2,17>>,{utf32,little})
    {"unicode:characters_to_binary", R"~([<<FEFF00>>,{'utf32','little'}])~", R"~({'error',<<>>,<<FEFF00>>})~"},  // unicode:characters_to_binary(<<254,255,0>>,{utf32,little})
    {"unicode:characters_to_binary", R"~([<<01D800>>,{'utf32','little'}])~", R"~({'error',<<>>,<<01D800>>})~"},  // unicode:characters_to_binary(<<1,216,0>>,{utf32,little})
    {"unicode:characters_to_binary", R"~([<<01FF00>>,{'utf32','little'}])~", R"~({'incomplete',<<>>,<<01FF00>>})~"},  // unicode:characters_to_binary(<<1,255,0>>,{utf32,little})
    {"unicode:characters_to_binary", R"~([<<0061D8>>,'utf16'])~", R"~({'incomplete',<<61>>,<<D8>>})~"},  // unicode:characters_to_binary(<<0,97,216>>,utf16)
    {"unicode:characters_to_binary", R"~([<<0061DC>>,'utf16'])~", R"~({'error',<<61>>,<<DC>>})~"},  // unicode:characters_to_binary(<<0,97,220>>,utf16)
    {"unicode:characters_to_binary", R"~([<<0061D800>>,'utf16'])~", R"~({'incomplete',<<61>>,<<D800>>})~"},  // unicode:characters_to_binary(<<0,97,216,0>>,utf16)
    {"unicode:characters_to_binary", R"~([<<0061D80000>>,'utf16'])~", R"~({'error',<<61>>,<<D80000>>})~"},  // unicode:characters_to_binary(<<0,97,216,0,0>>,utf16)
    {"unicode:characters_to_binary", R"~([<<0061D800DC>>,'utf16'])~", R"~({'incomplete',<<61>>,<<D800DC>>})~"},  // unicode:characters_to_binary(<<0,97,216,0,220>>,utf16)
    {"unicode:characters_to_binary", R"~([<<0061D8000061>>,'utf16'])~", R"~({'error',<<61>>,<<D8000061>>})~"},  // unicode:characters_to_binary(<<0,97,216,0,0,97>>,utf16)
    {"unicode:characters_to_binary", R"~([<<0061DC000061>>,'utf16'])~", R"~({'error',<<61>>,<<DC000061>>})~"},  // unicode:characters_to_binary(<<0,97,220,0,0,97>>,utf16)
    {"unicode:characters_to_binary", R"~([<<610001>>,{'utf16','little'}])~", R"~({'incomplete',<<61>>,<<01>>})~"},  // unicode:characters_to_binary(<<97,0,1>>,{utf16,little})
    {"unicode:characters_to_binary", R"~([<<610000D8>>,{'utf16','little'}])~", R"~({'incomplete',<<61>>,<<00D8>>})~"},  // unicode:characters_to_binary(<<97,0,0,216>>,{utf16,little})
    {"unicode:characters_to_binary", R"~([<<610000D801>>,{'utf16','little'}])~", R"~({'incomplete',<<61>>,<<00D801>>})~"},  // unicode:characters_to_binary(<<97,0,0,216,1>>,{utf16,little})
    {"unicode:characters_to_binary", R"~([<<610000DC>>,{'utf16','little'}])~", R"~({'error',<<61>>,<<00DC>>})~"},  // unicode:characters_to_binary(<<97,0,0,220>>,{utf16,little})
    {"unicode:characters_to_binary", R"~([[<<0061D8>>,<<00DC00>>,<<0062>>],'utf16'])~", R"~(<<61F090808062>>)~"},  // unicode:characters_to_binary([<<0,97,216>>,<<0,220,0>>,<<0,98>>],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>,<<00>>,<<DC00>>,<<0062>>],'utf16'])~", R"~(<<61F090808062>>)~"},  // unicode:characters_to_binary([<<0,97,216>>,<<0>>,<<220,0>>,<<0,98>>],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>,<<00>>],'utf16'])~", R"~({'incomplete',<<61>>,<<D800>>})~"},  // unicode:characters_to_binary([<<0,97,216>>,<<0>>],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>,<<000000>>],'utf16'])~", R"~({'error',<<61>>,[<<D8000000>>,<<>>]})~"},  // unicode:characters_to_binary([<<0,97,216>>,<<0,0,0>>],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>,<<0000000062>>],'utf16'])~", R"~({'error',<<61>>,[<<D8000000>>,<<0062>>]})~"},  // unicode:characters_to_binary([<<0,97,216>>,<<0,0,0,0,98>>],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>,[<<00DC00>>],<<0062>>],'utf16'])~", R"~(<<61F090808062>>)~"},  // unicode:characters_to_binary([<<0,97,216>>,[<<0,220,0>>],<<0,98>>],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>,[[]],<<00DC00>>],'utf16'])~", R"~(<<61F0908080>>)~"},  // unicode:characters_to_binary([<<0,97,216>>,[[]],<<0,220,0>>],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>,98],'utf16'])~", R"~({'error',<<61>>,[<<D8>>,98]})~"},  // unicode:characters_to_binary([<<0,97,216>>,98],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>,[98]],'utf16'])~", R"~({'error',<<61>>,[[<<D8>>,98]]})~"},  // unicode:characters_to_binary([<<0,97,216>>,[98]],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>|<<00DC00>>],'utf16'])~", R"~(<<61F0908080>>)~"},  // unicode:characters_to_binary([<<0,97,216>>|<<0,220,0>>],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>|<<00>>],'utf16'])~", R"~({'incomplete',<<61>>,<<D800>>})~"},  // unicode:characters_to_binary([<<0,97,216>>|<<0>>],utf16)
    {"unicode:characters_to_binary", R"~([[<<0061D8>>,<<00>>|<<DC>>],'utf16'])~", R"~({'incomplete',<<61>>,<<D800DC>>})~"},  // unicode:characters_to_binary([<<0,97,216>>,<<0>>|<<220>>],utf16)
    {"unicode:characters_to_binary", R"~([[[<<0061D8>>,<<00>>],<<DC000063>>],'utf16'])~", R"~(<<61F090808063>>)~"},  // unicode:characters_to_binary([[<<0,97,216>>,<<0>>],<<220,0,0,99>>],utf16)
    {"unicode:characters_to_binary", R"~([[[<<0061D8>>|<<00>>],<<DC000063>>],'utf16'])~", R"~(<<61F090808063>>)~"},  // unicode:characters_to_binary([[<<0,97,216>>|<<0>>],<<220,0,0,99>>],utf16)
    {"unicode:characters_to_binary", R"~([[97,[<<0062>>],[[99]|<<0064>>]],'utf16'])~", R"~(<<61626364>>)~"},  // unicode:characters_to_binary([97,[<<0,98>>],[[99]|<<0,100>>]],utf16)
    {"unicode:characters_to_binary", R"~([[97,[<<0062>>],[[99]|<<006400>>]],'utf16'])~", R"~({'incomplete',<<61626364>>,<<00>>})~"},  // unicode:characters_to_binary([97,[<<0,98>>],[[99]|<<0,100,0>>]],utf16)
    {"unicode:characters_to_binary", R"~([[97,[<<0062>>],[[99]|<<0064DC00>>],101],'utf16'])~", R"~({'error',<<61626364>>,[<<DC00>>,101]})~"},  // unicode:characters_to_binary([97,[<<0,98>>],[[99]|<<0,100,220,0>>],101],utf16)
    {"unicode:characters_to_binary", R"~([[97,'a'],'utf16'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,a],utf16)
    {"unicode:characters_to_binary", R"~([[55296,'a'],'utf16'])~", R"~({'error',<<>>,[[55296],'a']})~"},  // unicode:characters_to_binary([16#D800,a],utf16)
    {"unicode:characters_to_binary", R"~([['a',55296],'utf16'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([a,16#D800],utf16)
    {"unicode:characters_to_binary", R"~([[97|'a'],'utf16'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97|a],utf16)
    {"unicode:characters_to_binary", R"~([[97,<<0020:12>>],'utf16'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,<<0,98:4>>],utf16)
    {"unicode:characters_to_binary", R"~([[97,f:3FF0000000000000],'utf16'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,1.0],utf16)
    {"unicode:characters_to_binary", R"~(['a','utf16'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary(a,utf16)
    {"unicode:characters_to_binary", R"~([[],'utf16'])~", R"~(<<>>)~"},  // unicode:characters_to_binary([],utf16)
    {"unicode:characters_to_binary", R"~([<<>>,'utf16'])~", R"~(<<>>)~"},  // unicode:characters_to_binary(<<>>,utf16)
    {"unicode:characters_to_binary", R"~([[[],<<>>,[[]]],'utf32'])~", R"~(<<>>)~"},  // unicode:characters_to_binary([[],<<>>,[[]]],utf32)
    {"unicode:characters_to_list", R"~([[97,[<<0062>>],[[99]|<<0064DC00>>],101],'utf16'])~", R"~({'error',[97,98,99,100],[<<DC00>>,101]})~"},  // unicode:characters_to_list([97,[<<0,98>>],[[99]|<<0,100,220,0>>],101],utf16)
    {"unicode:characters_to_list", R"~([[<<0061D8>>,<<00>>],'utf16'])~", R"~({'incomplete',[97],<<D800>>})~"},  // unicode:characters_to_list([<<0,97,216>>,<<0>>],utf16)
    {"unicode:characters_to_list", R"~([[97,100000000000000000000],'utf16'])~", R"~({'error',[97],[[100000000000000000000]]})~"},  // unicode:characters_to_list([97,100000000000000000000],utf16)
    {"unicode:characters_to_binary", R"~([<<(0*16384)D800DC000061>>,'utf16'])~", R"~(<<(0*8192)F090808061>>)~"},
    {"unicode:characters_to_binary", R"~([<<(0*16380)D800DC000061>>,'utf16'])~", R"~(<<(0*8190)F090808061>>)~"},
    {"unicode:characters_to_binary", R"~([<<(0*16380)D80000000061>>,'utf16'])~", R"~({'error',<<(0*8190)>>,[<<D8000000>>,<<0061>>]})~"},
    {"unicode:characters_to_binary", R"~([<<(0*16388)D80000000061>>,'utf16'])~", R"~({'error',<<(0*8194)>>,[<<D80000000061>>]})~"},
    {"unicode:characters_to_binary", R"~([[<<(0*16380)D80000000061>>,1],'utf16'])~", R"~({'error',<<(0*8190)>>,[<<D8000000>>,<<0061>>,1]})~"},
    {"unicode:characters_to_binary", R"~([[<<(0*16388)DC0000000061>>,1],'utf16'])~", R"~({'error',<<(0*8194)>>,[<<DC0000000061>>,1]})~"},
    {"unicode:characters_to_binary", R"~([<<(0*32800)DC0000000061>>,'utf16'])~", R"~({'error',<<(0*16400)>>,[<<DC0000000061>>]})~"},
    {"unicode:characters_to_binary", R"~([[1|<<(0*32800)DC0000000061>>],'utf16'])~", R"~({'error',<<01(0*16400)>>,[<<DC0000000061>>]})~"},
    {"unicode:bin_is_7bit", R"~([<<616263>>])~", R"~('true')~"},  // unicode:bin_is_7bit(<<"abc">>)
    {"unicode:bin_is_7bit", R"~([<<61626380>>])~", R"~('false')~"},  // unicode:bin_is_7bit(<<"abc",128>>)
    {"unicode:bin_is_7bit", R"~([<<02:7>>])~", R"~('false')~"},  // unicode:bin_is_7bit(<<1:7>>)
    {"unicode:bin_is_7bit", R"~([[97,98,99]])~", R"~('false')~"},  // unicode:bin_is_7bit("abc")
    {"unicode:characters_to_binary", R"~([[100000000000000000000,'a'],'unicode'])~", R"~({'error',<<>>,[100000000000000000000,'a']})~"},  // unicode:characters_to_binary([100000000000000000000,a],unicode)
    {"unicode:characters_to_binary", R"~([['a',100000000000000000000],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([a,100000000000000000000],unicode)
    {"unicode:characters_to_binary", R"~([[97,100000000000000000000|1],'unicode'])~", R"~({'error',<<61>>,[100000000000000000000|1]})~"},  // unicode:characters_to_binary([97,100000000000000000000|1],unicode)
    {"unicode:characters_to_binary", R"~([[[100000000000000000000],'a'],'unicode'])~", R"~({'error',<<>>,[[100000000000000000000],'a']})~"},  // unicode:characters_to_binary([[100000000000000000000],a],unicode)
    {"unicode:characters_to_binary", R"~([[100000000000000000000,<<10:4>>],'unicode'])~", R"~({'error',<<>>,[100000000000000000000,<<10:4>>]})~"},  // unicode:characters_to_binary([100000000000000000000,<<1:4>>],unicode)
    {"unicode:characters_to_binary", R"~([[97,f:3FF0000000000000,100000000000000000000],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,1.0,100000000000000000000],unicode)
    {"unicode:characters_to_binary", R"~([[97,55296,'a'],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,16#D800,a],unicode)
    {"unicode:characters_to_binary", R"~([[97,<<10:4>>,'a'],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,<<1:4>>,a],unicode)
    {"unicode:characters_to_binary", R"~([[97,'a',<<10:4>>],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,a,<<1:4>>],unicode)
    {"unicode:characters_to_binary", R"~([[<<FF>>,'a'],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([<<255>>,a],unicode)
    {"unicode:characters_to_binary", R"~([[<<FF>>,'a'],'latin1'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([<<255>>,a],latin1)
    {"unicode:characters_to_list", R"~([[100000000000000000000,'a'],'latin1'])~", R"~({'error',[],[100000000000000000000,'a']})~"},  // unicode:characters_to_list([100000000000000000000,a],latin1)
    {"unicode:characters_to_list", R"~([[100000000000000000000,'a'],'unicode'])~", R"~({'error',[],[100000000000000000000,'a']})~"},  // unicode:characters_to_list([100000000000000000000,a],unicode)
    {"unicode:characters_to_binary", R"~([100000000000000000000,'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary(100000000000000000000,unicode)
    {"unicode:characters_to_binary", R"~([[f:3FF0000000000000],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([1.0],unicode)
    {"unicode:characters_to_binary", R"~([[97,100000000000000000000,'a'],'unicode'])~", R"~({'error',<<61>>,[100000000000000000000,'a']})~"},  // unicode:characters_to_binary([97,100000000000000000000,a],unicode)
    {"unicode:characters_to_binary", R"~([[97,[100000000000000000000,98]],'latin1'])~", R"~({'error',<<61>>,[[100000000000000000000,98]]})~"},  // unicode:characters_to_binary([97,[100000000000000000000,98]],latin1)
    {"unicode:characters_to_binary", R"~([[97,-100000000000000000000],'unicode'])~", R"~({'error',<<61>>,[-100000000000000000000]})~"},  // unicode:characters_to_binary([97,-100000000000000000000],unicode)
    {"unicode:characters_to_binary", R"~([[<<61C3>>,100000000000000000000],'unicode'])~", R"~({'error',<<61>>,[<<C3>>,[100000000000000000000]]})~"},  // unicode:characters_to_binary([<<"a",195>>,100000000000000000000],unicode)
    {"unicode:characters_to_list", R"~([[97,100000000000000000000],'unicode'])~", R"~({'error',[97],[100000000000000000000]})~"},  // unicode:characters_to_list([97,100000000000000000000],unicode)
    {"unicode:characters_to_binary", R"~([[97,f:3FF0000000000000],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97,1.0],unicode)
    {"unicode:characters_to_binary", R"~([[97|1],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97|1],unicode)
    {"unicode:characters_to_binary", R"~([[97|100000000000000000000],'unicode'])~", R"~(error:'badarg')~"},  // unicode:characters_to_binary([97|100000000000000000000],unicode)
};

TEST_CASE("unicode BIFs agree with OTP 25", "[bifs]") { run_cases(k_unicode_cases); }

// ---- hand-written cases ----------------------------------------------------------------------

namespace {

Term bif(Process *p, const char *mf, std::initializer_list<Term> args) {
    std::string_view s(mf);
    size_t colon = s.find(':');
    const BifEntry *e = find_bif(atom_of(s.substr(0, colon)), atom_of(s.substr(colon + 1)), unsigned(args.size()));
    REQUIRE(e);
    std::vector<Term> argv(args);
    Term r = e->function(p, argv.data());
    // A long list BIF continues in later slices by trapping to itself: follow it.
    while (r == kNonValue && p->trap_export && p->trap_export->bif) {
        const BifEntry *next = p->trap_export->bif;
        p->trap_export = nullptr;
        p->trap_yield = false;
        std::vector<Term> more(p->trap_args, p->trap_args + next->arity);
        r = next->function(p, more.data());
    }
    return r;
}

// A bitstring whose bits start `shift` bits into a heap binary (an unaligned sub binary).
Term unaligned(Process *p, const std::vector<uint8_t> &bytes, unsigned shift, size_t extra_bits = 0) {
    std::vector<uint8_t> buf(bytes.size() + 1, 0);
    // Place the bytes at bit offset `shift`.
    for (size_t i = 0; i < bytes.size(); ++i) {
        buf[i] |= uint8_t(bytes[i] >> shift);
        buf[i + 1] |= uint8_t(bytes[i] << (8 - shift));
    }
    Term whole = make_binary(p, buf.data(), buf.size());
    return make_sub_bin(p->alloc(kSubBinWords), whole, shift, bytes.size() * 8 + extra_bits);
}

Term int_list(Process *p, int64_t from, int64_t to) {
    Term l = kNil;
    for (int64_t i = to; i >= from; --i) l = make_cons(p, make_small(i), l);
    return l;
}

} // namespace

TEST_CASE("BIFs read unaligned sub binaries", "[bifs]") {
    Process p;
    Term u = unaligned(&p, {'h', 'e', 'l', 'l', 'o', 0xFF}, 3);
    CHECK(dump_term(u) == "<<68656C6C6FFF>>");
    CHECK(dump_term(bif(&p, "erlang:binary_to_list", {u})) == "[104,101,108,108,111,255]");
    CHECK(dump_term(bif(&p, "erlang:binary_to_list", {u, make_small(2), make_small(3)})) == "[101,108]");
    CHECK(dump_term(bif(&p, "erlang:byte_size", {u})) == "6");
    CHECK(dump_term(bif(&p, "erlang:list_to_binary", {make_cons(&p, u, make_cons(&p, u, kNil))})) ==
          "<<68656C6C6FFF68656C6C6FFF>>");
    CHECK(dump_term(bif(&p, "erlang:iolist_to_binary", {u})) == "<<68656C6C6FFF>>");
    CHECK(dump_term(bif(&p, "binary:match", {u, parse(&p, "<<6C6C>>")})) == "{2,2}");
    CHECK(dump_term(bif(&p, "binary:split", {u, parse(&p, "<<6C>>"), parse(&p, "['global']")})) ==
          "[<<6865>>,<<>>,<<6FFF>>]");
    CHECK(dump_term(bif(&p, "binary:last", {u})) == "255");
    CHECK(dump_term(bif(&p, "binary:decode_unsigned", {u})) == "114784820031487");
    CHECK(dump_term(bif(&p, "binary:part", {u, make_small(1), make_small(3)})) == "<<656C6C>>");
    Term hello = unaligned(&p, {'h', 'e', 'l', 'l', 'o'}, 5);
    CHECK(bif(&p, "erlang:binary_to_atom", {hello, atom::utf8}) == atom_of("hello"));
    CHECK(dump_term(bif(&p, "unicode:characters_to_list", {hello, atom::utf8})) == "[104,101,108,108,111]");
    // A bitstring with 4 trailing bits, unaligned.
    Term bits = unaligned(&p, {1, 2, 0x30}, 6, 0);
    Term bits4 = make_sub_bin(p.alloc(kSubBinWords), boxed_ptr(bits)[3], 6, 20);
    CHECK(dump_term(bits4) == "<<010230:20>>");
    CHECK(dump_term(bif(&p, "erlang:bitstring_to_list", {bits4})) == "[1,2,<<30:4>>]");
    CHECK(dump_term(bif(&p, "erlang:split_binary", {bits4, make_small(1)})) == "{<<01>>,<<0230:12>>}");
    CHECK(dump_term(bif(&p, "erlang:list_to_bitstring", {make_cons(&p, bits4, make_cons(&p, bits4, kNil))})) ==
          "<<0102301023>>");
}

TEST_CASE("type tests see pids, ports, references and local funs", "[bifs]") {
    Process p;
    Term pid = make_local_pid(42), port = make_local_port(7);
    CHECK(bif(&p, "erlang:is_pid", {pid}) == atom::true_);
    CHECK(bif(&p, "erlang:is_pid", {port}) == atom::false_);
    CHECK(bif(&p, "erlang:is_port", {port}) == atom::true_);
    CHECK(bif(&p, "erlang:is_reference", {pid}) == atom::false_);
    Lambda l{nullptr, 0, 2, 1, 0, atom_of("f"), nullptr};
    Word *hp = p.alloc(4);
    hp[0] = make_header(Subtag::Fun, 3);
    hp[1] = reinterpret_cast<Word>(&l);
    hp[2] = pid;
    hp[3] = make_small(1);
    Term fun = make_boxed(hp);
    CHECK(bif(&p, "erlang:is_function", {fun}) == atom::true_);
    CHECK(bif(&p, "erlang:is_function", {fun, make_small(2)}) == atom::true_);
    CHECK(bif(&p, "erlang:is_function", {fun, make_small(3)}) == atom::false_);
}

TEST_CASE("list BIFs handle long and deep inputs without recursion", "[bifs]") {
    emulator_init(); // long list BIFs trap through export entries, whose stubs are code
    Process p;
    const int64_t n = 200000;
    Term l = int_list(&p, 1, n);
    CHECK(dump_term(bif(&p, "erlang:length", {l})) == std::to_string(n));
    Term r = bif(&p, "lists:reverse", {l, kNil});
    CHECK(car(r) == make_small(n));
    // ++ of a long list works in slices, trapping to itself (followed by bif()).
    Term appended = bif(&p, "erlang:++", {l, l});
    CHECK(dump_term(bif(&p, "erlang:length", {appended})) == std::to_string(2 * n));
    CHECK(car(appended) == make_small(1));
    Term short_list = int_list(&p, 1, 1000);
    CHECK(dump_term(bif(&p, "erlang:length", {bif(&p, "erlang:++", {short_list, l})})) == std::to_string(n + 1000));
    CHECK(bif(&p, "lists:member", {make_small(n), l}) == atom::true_);
    CHECK(dump_term(bif(&p, "erlang:tuple_size", {bif(&p, "erlang:list_to_tuple", {l})})) == std::to_string(n));

    // A -- B on large lists (sorted-table path): evens minus multiples of 4, plus repeats.
    Term evens = kNil, fours = kNil;
    for (int64_t i = n; i >= 1; --i) {
        if (i % 2 == 0) evens = make_cons(&p, make_small(i), evens);
        if (i % 4 == 0) fours = make_cons(&p, make_small(i), fours);
    }
    Term diff = bif(&p, "erlang:--", {evens, fours});
    CHECK(dump_term(bif(&p, "erlang:length", {diff})) == std::to_string(n / 4));
    CHECK(car(diff) == make_small(2));
    CHECK(car(cdr(diff)) == make_small(6));
    // Everything removed from itself.
    CHECK(bif(&p, "erlang:--", {l, bif(&p, "lists:reverse", {l, kNil})}) == kNil);

    // An iolist nested 100000 deep: [[[...[1]...]]] and a binary tail at the bottom.
    Term deep = make_cons(&p, make_small(1), parse(&p, "<<0203>>"));
    for (int i = 0; i < 100000; ++i) deep = make_cons(&p, deep, kNil);
    CHECK(dump_term(bif(&p, "erlang:iolist_to_binary", {deep})) == "<<010203>>");
    CHECK(dump_term(bif(&p, "erlang:iolist_size", {deep})) == "3");
    CHECK(dump_term(bif(&p, "unicode:characters_to_binary", {deep, atom::utf8})) == "<<010203>>");
    CHECK(dump_term(bif(&p, "unicode:characters_to_binary", {deep, atom::utf16})) == "<<01C883>>");
}

TEST_CASE("map iteration over more than 32 keys follows the BEAM", "[bifs]") {
    Process p;
    std::vector<std::pair<Term, Term>> pairs;
    for (int64_t i = 1; i <= 33; ++i) pairs.push_back({make_small(i), make_small(-i)});
    Term m = make_map(&p, pairs);
    // From erl: maps:keys(M), and maps:next/1 order (the reverse).
    const char *keys = "[33,12,23,29,30,26,31,11,9,32,25,28,6,13,20,15,14,2,7,1,8,3,17,22,21,4,24,10,27,19,5,18,16]";
    CHECK(dump_term(bif(&p, "maps:keys", {m})) == keys);
    // maps:to_list/1 as maps.erl does it: map_next(0, M, []) then continue while [Path, M | Acc].
    Term first = bif(&p, "erts_internal:map_next", {make_small(0), m, kNil});
    REQUIRE(is_list(first));
    REQUIRE(is_small(car(first)));
    CHECK(car(cdr(first)) == m);
    Term acc = cdr(cdr(first));
    CHECK(dump_term(bif(&p, "erlang:length", {acc})) == "32");
    CHECK(dump_term(car(acc)) == "{12,-12}"); // from erl: [30, M, {12,-12}, {23,-23} ...]
    Term all = bif(&p, "erts_internal:map_next", {car(first), m, acc});
    std::string ks;
    for (Term l = all; is_list(l); l = cdr(l)) ks += (ks.empty() ? "" : ",") + dump_term(tuple_elements(car(l))[0]);
    CHECK("[" + ks + "]" == keys);

    // Iterator order for 40 keys (erl: maps:next/1 loop).
    pairs.clear();
    for (int64_t i = 1; i <= 40; ++i) pairs.push_back({make_small(i), make_small(-i)});
    Term m40 = make_map(&p, pairs);
    std::string order;
    Term it = bif(&p, "erts_internal:map_next", {make_small(0), m40, atom_of("iterator")});
    for (;;) {
        if (is_tuple(it)) {
            order += (order.empty() ? "" : ",") + dump_term(tuple_elements(it)[0]);
            it = tuple_elements(it)[2];
        } else if (is_list(it)) {
            it = bif(&p, "erts_internal:map_next", {car(it), cdr(it), atom_of("iterator")});
        } else {
            break;
        }
    }
    CHECK(order == "16,18,5,19,27,35,10,24,36,4,21,22,17,3,8,1,7,2,14,15,20,40,13,38,6,28,25,34,32,9,37,11,31,26,39,"
                   "30,29,23,12,33");
}

TEST_CASE("binary slices copy small parts and share large ones", "[bifs]") {
    Process p;
    std::vector<uint8_t> hundred(100, 1);
    Term b = make_binary(&p, hundred.data(), hundred.size());
    auto ref = [&](Term t) { return dump_term(bif(&p, "binary:referenced_byte_size", {t})); };
    // From erl: binary:part(B,10,5) -> 5, binary:part(B,10,70) -> 100, same for binary_part,
    // split_binary(B,5) -> {5, 100}.
    CHECK(ref(bif(&p, "binary:part", {b, make_small(10), make_small(5)})) == "5");
    CHECK(ref(bif(&p, "binary:part", {b, make_small(10), make_small(70)})) == "100");
    CHECK(ref(bif(&p, "erlang:binary_part", {b, make_small(10), make_small(5)})) == "5");
    CHECK(ref(bif(&p, "erlang:binary_part", {b, make_small(10), make_small(70)})) == "100");
    Term halves = bif(&p, "erlang:split_binary", {b, make_small(5)});
    CHECK(ref(tuple_elements(halves)[0]) == "5");
    CHECK(ref(tuple_elements(halves)[1]) == "100");
    CHECK(ref(bif(&p, "binary:copy", {b})) == "100");
    CHECK(ref(b) == "100");
}

TEST_CASE("compiled binary patterns work with match, matches and split", "[bifs]") {
    Process p;
    Term one = bif(&p, "binary:compile_pattern", {parse(&p, "<<61>>")});
    Term many = bif(&p, "binary:compile_pattern", {parse(&p, "[<<61>>,<<6162>>]")});
    CHECK(tuple_elements(one)[0] == atom_of("bm")); // erl: element(1, ...) =:= bm
    CHECK(tuple_elements(many)[0] == atom_of("ac"));
    Term s = parse(&p, "<<786162>>"); // "xab"
    CHECK(dump_term(bif(&p, "binary:match", {s, many})) == "{1,2}"); // erl: {1,2}
    CHECK(dump_term(bif(&p, "binary:match", {s, one})) == "{1,1}");
    CHECK(dump_term(bif(&p, "binary:matches", {s, many})) == "[{1,2}]");
    CHECK(dump_term(bif(&p, "binary:split", {s, one})) == "[<<78>>,<<62>>]");
    CHECK(p.exc_reason == kNonValue);
    CHECK(bif(&p, "binary:compile_pattern", {parse(&p, "[]")}) == kNonValue);
    CHECK(p.exc_reason == atom::badarg);
}
