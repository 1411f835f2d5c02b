// erlang:md5/1 and the incremental erlang:md5_init/0, md5_update/2 and md5_final/1 (the
// algorithm is vm/md5.h's). md5_init's context is a binary of erts' 88 context bytes:
// programs see (and may store or send) them, so they are kept byte for byte.
#include "bifs/bif.h"
#include "vm/iolist.h"
#include "vm/md5.h"
#include "vm/term_build.h"

#include <string>

namespace hamlet {

Term erlang_md5_1(Process *p, const Term *args) {
    std::string bytes;
    if (!iolist_to_bytes(args[0], bytes)) return p->badarg();
    auto digest = Md5::digest(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
    return make_binary(p, digest.data(), digest.size());
}

namespace {

Term context_binary(Process *p, const Md5 &ctx) {
    uint8_t *data = nullptr;
    Term bin = make_binary(p, Md5::kContextBytes, &data);
    ctx.store(data);
    return bin;
}

// The context argument: a binary of exactly the context's size.
bool read_context(Term t, Md5 &ctx) {
    std::string bytes;
    if (!is_binary(t) || !iolist_to_bytes(t, bytes) || bytes.size() != Md5::kContextBytes)
        return false;
    ctx.load(reinterpret_cast<const uint8_t *>(bytes.data()));
    return true;
}

} // namespace

Term erlang_md5_init_0(Process *p, const Term *) {
    Md5 ctx;
    return context_binary(p, ctx);
}

Term erlang_md5_update_2(Process *p, const Term *args) {
    Md5 ctx;
    std::string data;
    if (!read_context(args[0], ctx) || !iolist_to_bytes(args[1], data)) return p->badarg();
    ctx.update(reinterpret_cast<const uint8_t *>(data.data()), data.size());
    return context_binary(p, ctx);
}

Term erlang_md5_final_1(Process *p, const Term *args) {
    Md5 ctx;
    if (!read_context(args[0], ctx)) return p->badarg();
    auto digest = ctx.final();
    return make_binary(p, digest.data(), digest.size());
}

} // namespace hamlet
