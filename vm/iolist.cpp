#include "vm/iolist.h"

#include "vm/binary.h"
#include "vm/bits.h"
#include "vm/term_build.h"

#include <algorithm>
#include <vector>

namespace hamlet {

static void append_bits(std::string &out, const BitView &v) {
    if (v.byte_aligned()) {
        out.append(reinterpret_cast<const char *>(v.bytes()), v.byte_size());
        return;
    }
    for (size_t i = 0; i < v.byte_size(); ++i) {
        size_t bit = v.bit_offset + i * 8, shift = bit % 8;
        const uint8_t *p = v.base + bit / 8;
        out.push_back(char(uint8_t((p[0] << shift) | (p[1] >> (8 - shift)))));
    }
}

bool iolist_to_bytes(Term t, std::string &out) {
    std::vector<Term> rest; // tails still to visit
    for (;;) {
        if (is_list(t)) {
            Term h = car(t);
            if (is_small(h)) {
                SWord c = small_value(h);
                if (c < 0 || c > 255) return false;
                out.push_back(char(c));
            } else if (is_binary(h)) {
                append_bits(out, bit_view(h));
            } else if (is_list(h) || is_nil(h)) {
                rest.push_back(cdr(t));
                t = h;
                continue;
            } else {
                return false;
            }
            t = cdr(t);
            continue;
        }
        if (is_binary(t)) {
            append_bits(out, bit_view(t));
        } else if (!is_nil(t)) {
            return false;
        }
        if (rest.empty()) return true;
        t = rest.back();
        rest.pop_back();
    }
}

// ---- IolistWalk ---------------------------------------------------------------------------

IolistWalk::IolistWalk(Term t, bool resumed) : cur_(t) {
    if (resumed) {
        cur_ = car(t);
        base_ = cdr(t);
    }
}

Term IolistWalk::save(Process *p) {
    Term base = base_;
    for (Term t : overlay_)
        base = make_cons(p, t, base); // the deepest first, the top last
    overlay_.clear();
    base_ = base;
    return make_cons(p, cur_, base);
}

bool IolistWalk::pop(Term *t) {
    if (!overlay_.empty()) {
        *t = overlay_.back();
        overlay_.pop_back();
        return true;
    }
    if (!is_list(base_)) return false;
    *t = car(base_);
    base_ = cdr(base_);
    return true;
}

template <class OnByte, class OnBits>
IolistWalk::Status IolistWalk::walk(bool allow_bits, int64_t &budget, OnByte &&on_byte,
                                    OnBits &&on_bits) {
    for (;;) {
        if (budget <= 0) return Status::Paused;
        if (is_list(cur_)) {
            Term h = car(cur_);
            if (is_small(h)) {
                SWord v = small_value(h);
                if (v < 0 || v > 255) return Status::NotIolist;
                on_byte(uint8_t(v));
                --budget;
            } else if (is_list(h)) {
                overlay_.push_back(cdr(cur_));
                cur_ = h;
                --budget;
                continue;
            } else if (is_nil(h)) {
                --budget;
            } else if (is_bitstring(h)) {
                BitView v = bit_view(h);
                if (!allow_bits && !v.is_binary()) return Status::NotIolist;
                if (!on_bits(v)) return Status::Paused;
            } else {
                return Status::NotIolist;
            }
            cur_ = cdr(cur_);
            continue;
        }
        if (is_bitstring(cur_)) {
            BitView v = bit_view(cur_);
            if (!allow_bits && !v.is_binary()) return Status::NotIolist;
            if (!on_bits(v)) return Status::Paused;
        } else if (!is_nil(cur_)) {
            return Status::NotIolist;
        }
        if (!pop(&cur_)) {
            cur_ = kNil;
            return Status::Done;
        }
    }
}

IolistWalk::Status IolistWalk::measure(bool allow_bits, int64_t &budget, uint64_t &bits) {
    return walk(
        allow_bits, budget, [&](uint8_t) { bits += 8; },
        [&](const BitView &v) {
            bits += v.bit_size;
            --budget;
            return true;
        });
}

IolistWalk::Status IolistWalk::copy(bool allow_bits, int64_t &budget, uint8_t *dst, uint64_t &pos,
                                    uint64_t &partial) {
    return walk(
        allow_bits, budget,
        [&](uint8_t b) {
            if (pos % 8 == 0)
                dst[pos / 8] = b;
            else
                copy_bits(dst, pos, &b, 0, 8);
            pos += 8;
        },
        [&](const BitView &v) {
            uint64_t left = v.bit_size - partial;
            uint64_t room = uint64_t(budget > 0 ? budget : 0) * kCopyBytesPerUnit * 8;
            uint64_t n = std::min(left, room);
            copy_bits(dst, pos, v.base, v.bit_offset + partial, n);
            pos += n;
            budget -=
                int64_t(std::max<uint64_t>(1, (n / 8 + kCopyBytesPerUnit - 1) / kCopyBytesPerUnit));
            if (n < left) {
                partial += n;
                return false;
            }
            partial = 0;
            return true;
        });
}

} // namespace hamlet
