// Local funs in the external term format (NEW_FUN_EXT): which code a decoded fun names.
//
// As in OTP 25, a fun names its code by module, the module's MD5 ("uniq"), index, old index,
// old uniq and arity. Decoding looks that key up in the current version of the module: if it
// defines the fun, the decoded fun is an ordinary one. If not (the module is not loaded, or
// another version of it is), the fun gets a placeholder Lambda with code == nullptr, shared by
// every fun with the same key and kept as long as the VM runs (erts keeps such a fun entry
// while funs refer to it; here there are at most 65536 of them). Calling a placeholder looks the
// module up again, loading it from the code path if it is not loaded, as erts does through
// error_handler:undefined_lambda/3: the call then reaches the fun if that module defines it, and
// fails with badfun if not, or with undef if there is no such module.
#pragma once

#include "vm/module.h"

#include <array>
#include <cstdint>

namespace hamlet {

struct FunKey {
    Term module;
    std::array<uint8_t, 16> md5;
    uint32_t index, old_index, old_uniq, arity, num_free;
    bool operator==(const FunKey &) const = default;
};

FunKey lambda_key(const Lambda *l);

// The lambda a decoded fun points to: the loaded one, or the key's placeholder; nullptr
// when 65536 placeholders exist already (decoding then fails).
const Lambda *fun_entry(const FunKey &key);

// The lambda module m defines for the key, or nullptr.
const Lambda *find_lambda(const Module *m, const FunKey &key);

enum class FunCall : uint8_t {
    Found,  // *target is the loaded lambda to call
    Badfun, // the module is loaded but does not define the fun
    Undef,  // no such module can be loaded
};
// For a placeholder about to be called (may load its module).
FunCall resolve_fun_call(const Lambda *placeholder, const Lambda **target);

// erlang:fun_info(F, name): the function's name when its code is loaded, else [].
Term lambda_name(const Lambda *l);

} // namespace hamlet
