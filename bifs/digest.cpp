// erlang:md5/1: the MD5 digest of iodata (OpenSSL's EVP interface, as the loader uses for
// module MD5s).
#include "bifs/bif.h"
#include "vm/iolist.h"
#include "vm/term_build.h"

#include <openssl/evp.h>

namespace hamlet {

Term erlang_md5_1(Process *p, const Term *args) {
    std::string bytes;
    if (!iolist_to_bytes(args[0], bytes)) return p->badarg();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_md5(), nullptr))
        return p->badarg();
    return make_binary(p, digest, len);
}

} // namespace hamlet
