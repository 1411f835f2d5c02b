#include "ports/tty/screen_line.h"

#include <cctype>
#include <cwchar>

namespace hamlet::tty {

namespace {

bool continuation(unsigned char b) {
    return (b & 0xC0) == 0x80;
}

// How many characters follow the backslash of a \ooo or \x{HEX} form.
int escape_positions(uint32_t c) {
    if (c == 0) return 1;
    int octal = 0;
    for (uint32_t v = c; v; v >>= 3)
        ++octal;
    if (octal <= 3) return 3;
    int hex = 0;
    for (uint32_t v = c; v; v >>= 4)
        ++hex;
    return hex + 3; // "x{" and "}"
}

std::string escape_form(uint32_t c) {
    static const char kHex[] = "0123456789ABCDEF";
    int n = escape_positions(c);
    std::string s;
    if (n == 3) {
        for (int i = 2; i >= 0; --i)
            s.push_back(char('0' + ((c >> (3 * i)) & 7)));
        return s;
    }
    s = "x{";
    for (int i = n - 4; i >= 0; --i)
        s.push_back(kHex[(c >> (4 * i)) & 0xF]);
    s.push_back('}');
    return s;
}

} // namespace

int pick_utf8(std::string_view text, size_t *at) {
    size_t left = text.size() - *at;
    if (*at >= text.size()) return -1;
    // Bytes relative to the sequence's start (read before *at moves).
    auto b = [&](size_t k) { return static_cast<unsigned char>(text[*at + k]); };
    unsigned char b0 = b(0);
    if (b0 < 0x80) {
        *at += 1;
        return b0;
    }
    if ((b0 & 0xE0) == 0xC0) {
        if (left < 2) return -2;
        if (!continuation(b(1)) || b0 < 0xC2) return -1; // overlong
        int c = int(uint32_t(b0 & 0x1F) << 6 | (b(1) & 0x3F));
        *at += 2;
        return c;
    }
    if ((b0 & 0xF0) == 0xE0) {
        if (left < 3) return -2;
        if (!continuation(b(1)) || !continuation(b(2)) || (b0 == 0xE0 && b(1) < 0xA0)) return -1;
        if ((b0 & 0xF) == 0xD && (b(1) & 0x20)) return -1;                           // surrogates
        if (b0 == 0xEF && b(1) == 0xBF && (b(2) == 0xBE || b(2) == 0xBF)) return -1; // FFFE/F
        int c = int(uint32_t(b0 & 0xF) << 12 | uint32_t(b(1) & 0x3F) << 6 | (b(2) & 0x3F));
        *at += 3;
        return c;
    }
    if ((b0 & 0xF8) == 0xF0) {
        if (left < 4) return -2;
        if (!continuation(b(1)) || !continuation(b(2)) || !continuation(b(3)) ||
            (b0 == 0xF0 && b(1) < 0x90))
            return -1;
        if ((b0 & 7) > 4 || ((b0 & 7) == 4 && (b(1) & 0x3F) > 0xF)) return -1; // > 10FFFF
        int c = int(uint32_t(b0 & 7) << 18 | uint32_t(b(1) & 0x3F) << 12 |
                    uint32_t(b(2) & 0x3F) << 6 | (b(3) & 0x3F));
        *at += 4;
        return c;
    }
    return -1;
}

bool put_utf8(uint32_t c, std::string &out) {
    if (c < 0x80) {
        out.push_back(char(c));
    } else if (c < 0x800) {
        out.push_back(char(0xC0 | (c >> 6)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        if ((c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF) return false;
        out.push_back(char(0xE0 | (c >> 12)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else if (c < 0x110000) {
        out.push_back(char(0xF0 | (c >> 18)));
        out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else {
        return false;
    }
    return true;
}

void ScreenLine::store(int at, uint32_t c) {
    if (at < 0) return;
    if (size_t(at) >= cells_.size()) cells_.resize(size_t(at) + 64);
    cells_[size_t(at)] = c;
}

// Puts the cells for `text` at the cursor, overwriting, and moves the cursor past them. A
// newline or carriage return draws what was put so far, ends the screen line and starts the
// buffer again. Returns the number of cells put since the last line start.
int ScreenLine::add_text(std::string_view text, std::string &out) {
    int start = pos_;
    size_t i = 0;
    while (i < text.size()) {
        int ch = pick_utf8(text, &i);
        if (ch < 0) ch = static_cast<unsigned char>(text[i++]); // a stray byte: latin1
        uint32_t c = uint32_t(ch);
        if ((utf8_ && (ch >= 128 || std::isprint(ch))) || (ch <= 255 && std::isprint(ch))) {
            store(pos_++, c);
        } else if (ch >= 128) { // latin1 mode: \ooo or \x{HEX}
            store(pos_++, c | kEscapedTag);
            for (int n = escape_positions(c); n > 0; --n)
                store(pos_++, kEscapedTag);
        } else if (ch == '\t') {
            do {
                store(pos_++, kControlTag | c);
                c = 0;
            } while (pos_ % 8);
        } else if (ch == 0x1B) {
            store(pos_++, kControlTag | c);
        } else if (ch == '\n' || ch == '\r') {
            draw(start, pos_ - start, true, out);
            out.push_back('\r');
            if (ch == '\n') out.push_back('\n');
            // What followed the cursor becomes the start of the new line.
            for (int k = 0; k < len_ - pos_; ++k)
                cells_[size_t(k)] = cells_[size_t(pos_ + k)];
            len_ -= pos_;
            pos_ = start = 0;
        } else { // ^X
            store(pos_++, c | kControlTag);
            store(pos_++, kControlTag);
        }
    }
    return pos_ - start;
}

// Writes n cells from `from`. Unless a line end follows, a cursor left exactly at the start
// of a screen line gets the xn treatment: the character is written again (a space at the
// end of the line) and the cursor moved back over it.
void ScreenLine::draw(int from, int n, bool crlf_follows, std::string &out) {
    int s = from;
    unsigned char last = ' '; // 0: the last character written was UTF-8, in `last_utf8`
    std::string last_utf8;
    while (n > 0) {
        uint32_t c = cells_[size_t(s)];
        if (!(c & kTagMask)) {
            if (utf8_) {
                last_utf8.clear();
                if (put_utf8(c, last_utf8)) {
                    out += last_utf8;
                    last = 0;
                }
            } else {
                last = static_cast<unsigned char>(c);
                out.push_back(char(last));
            }
            --n;
            ++s;
        } else if (c == (kControlTag | '\t')) {
            out.push_back(char(last = ' '));
            --n;
            ++s;
            while (n > 0 && cells_[size_t(s)] == kControlTag) {
                out.push_back(char(last = ' '));
                --n;
                ++s;
            }
        } else if (c == (kControlTag | 0x1B)) {
            out.push_back(char(last = 0x1B));
            --n;
            ++s;
        } else if (c & kControlTag) {
            // erts shows DEL as ^ and DEL itself (its test for DEL never matches a tagged
            // cell), which is what erl's terminal shows.
            out.push_back('^');
            out.push_back(char(last = static_cast<unsigned char>(c | 0x40)));
            n -= 2;
            s += 2;
        } else if (c & ~kTagMask) { // the head of a \ooo form
            std::string form = escape_form(c & ~kTagMask);
            out.push_back('\\');
            out += form;
            last = static_cast<unsigned char>(form.back());
            n -= int(form.size()) + 1;
            s += int(form.size()) + 1;
        } else if (s > 0) { // inside a \ooo form: draw it from its head
            ++n;
            --s;
        } else {
            --n;
            ++s;
        }
    }
    if (!crlf_follows && caps_.xn && s != 0 && column(s) % caps_.cols == 0) {
        if (s >= len_)
            out.push_back(' ');
        else if (last == 0)
            out += last_utf8;
        else
            out.push_back(char(last));
        repeat(caps_.left, 1, out);
    }
}

int ScreenLine::step(int n) const {
    int c = pos_;
    for (; n > 0 && c < len_; --n) {
        ++c;
        while (c < len_ && bare_tag(cells_[size_t(c)]))
            ++c;
    }
    for (; n < 0 && c > 0; ++n) {
        --c;
        while (c > 0 && bare_tag(cells_[size_t(c)]))
            --c;
    }
    return c;
}

// The width of a colour sequence starting at cell `at` (0 if there is none there).
int ScreenLine::escape_width(int at) const {
    int max = len_ - at;
    if (cells_[size_t(at)] != (kControlTag | 0x1B)) return 0;
    if (max <= 1) return 1;
    if (cells_[size_t(at) + 1] != '[') return 2;
    int k = 2;
    while (k < max) {
        uint32_t c = cells_[size_t(at + k)];
        if (c != ';' && (c < '0' || c > '9')) break;
        ++k;
    }
    return k + 1;
}

// The screen column (counted from the line's start, not wrapped) of cell index `pos`;
// positions past the end count one column each.
int ScreenLine::column(int pos) const {
    int col = 0;
    if (pos > len_) {
        col += pos - len_;
        pos = len_;
    }
    for (int i = 0; i < pos;) {
        int j = escape_width(i);
        if (j > 0) {
            i += j;
        } else {
            int w = ::wcwidth(wchar_t(cells_[size_t(i)]));
            if (w > 0) col += w;
            ++i;
        }
    }
    return col;
}

void ScreenLine::repeat(const std::string &s, int n, std::string &out) const {
    while (n-- > 0)
        out += s;
}

int ScreenLine::move_cursor(int from, int to, std::string &out) {
    int from_col = column(from), to_col = column(to), cols = caps_.cols;
    int dc = to_col % cols - from_col % cols;
    int dl = to_col / cols - from_col / cols;
    if (dl > 0) repeat(caps_.down, dl, out);
    if (dl < 0) repeat(caps_.up, -dl, out);
    if (dc > 0) repeat(caps_.right, dc, out);
    if (dc < 0) repeat(caps_.left, -dc, out);
    return to_col - from_col;
}

void ScreenLine::put_chars(std::string_view text, std::string &out) {
    int n = add_text(text, out);
    if (pos_ > len_) len_ = pos_;
    if (n > 0) draw(pos_ - n, n, false, out);
}

void ScreenLine::move_rel(int n, std::string &out) {
    int to = step(n);
    move_cursor(pos_, to, out);
    pos_ = to;
}

void ScreenLine::insert_chars(std::string_view text, std::string &out) {
    std::vector<uint32_t> tail;
    if (len_ > pos_) tail.assign(cells_.begin() + pos_, cells_.begin() + len_);
    int n = add_text(text, out);
    for (size_t k = 0; k < tail.size(); ++k)
        store(pos_ + int(k), tail[k]);
    len_ += n;
    draw(pos_ - n, len_ - (pos_ - n), false, out);
    move_cursor(len_, pos_, out);
}

// Deletes n characters after (n > 0) or before (n < 0) the cursor: the rest of the line is
// drawn again where they were, the freed columns blanked, and the cursor put back.
void ScreenLine::delete_chars(int n, std::string &out) {
    int to = step(n);
    int gone_cols; // screen columns freed
    if (to > pos_) {
        int cells = to - pos_, after = len_ - to;
        gone_cols = column(to) - column(pos_);
        for (int k = 0; k < after; ++k)
            cells_[size_t(pos_ + k)] = cells_[size_t(to + k)];
        len_ -= cells;
        draw(pos_, after, false, out);
    } else if (to < pos_) {
        int cells = pos_ - to, after = len_ - pos_;
        gone_cols = -move_cursor(pos_, to, out);
        for (int k = 0; k < after; ++k)
            cells_[size_t(to + k)] = cells_[size_t(pos_ + k)];
        pos_ -= cells;
        len_ -= cells;
        draw(pos_, after, false, out);
    } else {
        return;
    }
    out.append(size_t(gone_cols > 0 ? gone_cols : 0), ' ');
    if (caps_.xn && (column(len_) + gone_cols) % caps_.cols == 0) {
        out.push_back(' ');
        repeat(caps_.left, 1, out);
    }
    move_cursor(len_ + gone_cols, pos_, out);
}

} // namespace hamlet::tty
