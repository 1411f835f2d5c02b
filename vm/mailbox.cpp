#include "vm/mailbox.h"

namespace hamlet {

void Mailbox::free_signal(Signal *s) {
    if (s->fragment) HeapFragment::destroy(s->fragment);
    delete s;
}

Mailbox::~Mailbox() {
    for (Signal *lists[] = {take_incoming(), first_}; Signal * s : lists) {
        while (s) {
            Signal *next = s->next;
            free_signal(s);
            s = next;
        }
    }
}

size_t Mailbox::length() const {
    size_t n = 0;
    for (Signal *m = first_; m; m = m->next)
        ++n;
    return n;
}

} // namespace hamlet
