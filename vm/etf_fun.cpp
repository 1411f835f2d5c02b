#include "vm/etf_fun.h"

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace hamlet {
namespace {

struct KeyHash {
    size_t operator()(const FunKey &k) const {
        uint64_t h = k.module * 0x9E3779B97F4A7C15ull;
        for (uint8_t b : k.md5)
            h = (h ^ b) * 0x100000001B3ull;
        for (uint32_t v : {k.index, k.old_index, k.old_uniq, k.arity, k.num_free})
            h = (h ^ v) * 0x9E3779B97F4A7C15ull;
        return size_t(h ^ (h >> 29));
    }
};

// Placeholders and the stand-in modules (name and MD5 only) they belong to. They are never
// freed (erts frees a fun entry when no fun refers to it), so their number is bounded:
// hostile input cannot make the table grow without end.
constexpr size_t kMaxPlaceholders = size_t(1) << 16;

class Placeholders {
  public:
    static Placeholders &global() {
        static Placeholders table;
        return table;
    }

    const Lambda *get(const FunKey &k) {
        std::lock_guard lock(mutex_);
        auto it = lambdas_.find(k);
        if (it != lambdas_.end()) return it->second.get();
        if (lambdas_.size() >= kMaxPlaceholders) return nullptr;
        auto &mod = modules_[{k.module, k.md5}];
        if (!mod) {
            mod = std::make_unique<Module>();
            mod->name = k.module;
            mod->md5 = k.md5;
        }
        auto l = std::make_unique<Lambda>(Lambda{mod.get(), k.index, k.arity, k.num_free,
                                                 k.old_uniq, kNil, nullptr, k.old_index});
        const Lambda *result = l.get();
        lambdas_.emplace(k, std::move(l));
        return result;
    }

  private:
    std::mutex mutex_;
    std::unordered_map<FunKey, std::unique_ptr<Lambda>, KeyHash> lambdas_;
    std::map<std::pair<Term, std::array<uint8_t, 16>>, std::unique_ptr<Module>> modules_;
};

} // namespace

FunKey lambda_key(const Lambda *l) {
    return {l->module->name, l->module->md5, l->index,   l->old_index,
            l->old_uniq,     l->arity,       l->num_free};
}

const Lambda *find_lambda(const Module *m, const FunKey &key) {
    if (!m || m->md5 != key.md5 || key.old_index >= m->lambdas.size()) return nullptr;
    const Lambda *l = &m->lambdas[key.old_index];
    if (l->index != key.index || l->old_uniq != key.old_uniq || l->arity != key.arity ||
        l->num_free != key.num_free)
        return nullptr;
    return l;
}

const Lambda *fun_entry(const FunKey &key) {
    if (const Lambda *l = find_lambda(ModuleTable::global().find(key.module), key)) return l;
    return Placeholders::global().get(key);
}

FunCall resolve_fun_call(const Lambda *placeholder, const Lambda **target) {
    Term name = placeholder->module->name;
    Module *m = ModuleTable::global().find(name);
    if (!m) m = ModuleTable::global().ensure_loaded(name);
    if (!m) return FunCall::Undef;
    *target = find_lambda(m, lambda_key(placeholder));
    return *target ? FunCall::Found : FunCall::Badfun;
}

Term lambda_name(const Lambda *l) {
    // erts points the fun entries of code being purged at its purge stub, which no function
    // name covers: [] until the purge completes or aborts.
    if (l->purging()) return kNil;
    if (l->loaded_code()) return l->name;
    const Lambda *loaded = find_lambda(ModuleTable::global().find(l->module->name), lambda_key(l));
    return loaded ? loaded->name : kNil;
}

} // namespace hamlet
