#include "vm/magic_ref.h"

namespace hamlet {

Term make_magic_ref(Process *p, MagicObject *obj) {
    Word *hp = p->alloc(kMagicRefWords);
    uint64_t id = obj->ref_number;
    hp[0] = make_header(Subtag::Ref, kMagicRefArity);
    write_ref_numbers(hp + 1, id);
    hp[4] = reinterpret_cast<Word>(obj);
    p->off_heap.link(hp);
    return make_boxed(hp);
}

} // namespace hamlet
