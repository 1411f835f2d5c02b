// The line of the terminal that the tty_sl driver draws on, and how it draws.
//
// OTP's user_drv never sends a screen position: it asks the driver to write text at the
// cursor, insert text, delete n characters before or after the cursor, or move n characters
// (ports/tty_sl_driver.cpp decodes those commands). The driver therefore keeps the current
// line as a row of cells, one per code point shown, with the cursor as an index into it, and
// turns every command into the bytes that bring the terminal to the new state: text, and
// cursor moves (left, right, up, down) computed from screen columns at the current width.
//
// Everything here mirrors erts' ttsl_drv.c so that the bytes on the terminal are erl's:
//   - a printable character takes one cell, and wcwidth() columns (two for wide ones);
//   - a tab takes cells up to the next multiple of 8 of the cell index and shows as spaces;
//   - ESC passes through raw; a "ESC [ digits;... X" colour sequence takes no columns;
//   - another control character shows as ^X in two cells;
//   - in latin1 mode (no UTF-8 locale) a code point above 127 that the locale cannot print
//     shows as \ooo, or \x{HEX} above \777;
//   - \n or \r in the text ends the line: \r (and \n) are written and a new line starts;
//   - after a write that leaves the cursor exactly at the start of a screen line on an
//     auto-margin ("xn") terminal, one character is written again and the cursor moved
//     back (" \b"), so that the terminal wraps where we think it does.
// Column arithmetic goes through wcwidth() of the calling thread's locale (the driver sets
// it on the I/O thread), including its quirks: cells of tabs, ^X and \ooo forms count as
// zero columns when positions are computed, as in erts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hamlet::tty {

// What the terminal can do (termcap), the strings already expanded (padding applied).
struct TermCaps {
    int cols = 80;
    bool xn = false; // auto-margin that does not wrap until the next character ("xn")
    std::string up, down = "\n", left = "\b", right;
};

class ScreenLine {
  public:
    explicit ScreenLine(TermCaps caps, bool utf8) : caps_(std::move(caps)), utf8_(utf8) {}

    bool utf8() const { return utf8_; }
    void set_utf8(bool on) { utf8_ = on; }
    int cols() const { return caps_.cols; }
    void set_cols(int cols) { caps_.cols = cols > 0 ? cols : 80; }
    // The cursor's index in the line (erl forces a new line past 65536 cells).
    int cursor() const { return pos_; }

    // The commands, each appending the bytes for the terminal to `out`.
    void put_chars(std::string_view utf8_text, std::string &out);
    void move_rel(int n, std::string &out);
    void insert_chars(std::string_view utf8_text, std::string &out);
    void delete_chars(int n, std::string &out);

  private:
    // A cell is a code point, or a code point with a tag (the first cell of a ^X, tab or
    // \ooo form), or a bare tag (the other cells of such a form, which the cursor skips).
    static constexpr uint32_t kControlTag = 0x10000000u, kEscapedTag = 0x01000000u,
                              kTagMask = 0xFF000000u;
    static bool bare_tag(uint32_t c) { return (c & kTagMask) && !(c & ~kTagMask); }

    void store(int at, uint32_t c);
    int add_text(std::string_view text, std::string &out);
    void draw(int from, int n, bool crlf_follows, std::string &out);
    int step(int n) const;
    int column(int pos) const;
    int move_cursor(int from, int to, std::string &out);
    void repeat(const std::string &s, int n, std::string &out) const;
    int escape_width(int at) const;

    TermCaps caps_;
    bool utf8_;
    std::vector<uint32_t> cells_;
    // len_ can be negative for a moment (erts' arithmetic when a line ends inside a write).
    int len_ = 0, pos_ = 0;
};

// Decodes one UTF-8 sequence at text[*at] as erts' pick_utf8 does: the code point and *at
// advanced, -2 for an incomplete sequence at the end, -1 for an invalid one (*at unchanged).
int pick_utf8(std::string_view text, size_t *at);
// Appends the UTF-8 form of c; false (nothing appended) for surrogates, U+FFFE, U+FFFF and
// anything above U+10FFFF.
bool put_utf8(uint32_t c, std::string &out);

} // namespace hamlet::tty
