#include "vm/mailbox.h"

namespace hamlet {

Mailbox::~Mailbox() {
    take_incoming();
    for (Message *m = first_; m;) {
        Message *next = m->next;
        if (m->fragment) HeapFragment::destroy(m->fragment);
        delete m;
        m = next;
    }
}

size_t Mailbox::length() {
    take_incoming();
    size_t n = 0;
    for (Message *m = first_; m; m = m->next) ++n;
    return n;
}

} // namespace hamlet
