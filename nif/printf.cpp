// enif_snprintf and friends: C's printf conversions plus erts' %T, which prints a term as
// the runtime prints it (erlang:display/1's text).
#include "nif/nif.h"

#include "vm/term_print.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>

using namespace hamlet;

namespace {

// Formats into out; each conversion is handed to vsnprintf with its own argument.
void format(std::string &out, const char *fmt, va_list ap) {
    for (const char *p = fmt; *p;) {
        if (*p != '%') {
            out.push_back(*p++);
            continue;
        }
        const char *start = p++;
        if (*p == '%') {
            out.push_back('%');
            ++p;
            continue;
        }
        // flags, width, precision ('*' takes an int argument), length modifier
        std::string spec(start, 1);
        auto take_star = [&]() {
            spec += std::to_string(va_arg(ap, int));
            ++p;
        };
        while (*p && std::strchr("-+ #0'", *p))
            spec.push_back(*p++);
        if (*p == '*') take_star();
        while (*p >= '0' && *p <= '9')
            spec.push_back(*p++);
        if (*p == '.') {
            spec.push_back(*p++);
            if (*p == '*') take_star();
            while (*p >= '0' && *p <= '9')
                spec.push_back(*p++);
        }
        std::string len;
        while (*p && std::strchr("hlLqjzt", *p))
            len.push_back(*p++);
        char conv = *p ? *p++ : '\0';
        char buf[512];
        std::string s = spec + len + conv;
        switch (conv) {
        case 'T': {
            std::string text = display_text(va_arg(ap, ERL_NIF_TERM));
            std::snprintf(buf, sizeof buf, (spec + "s").c_str(), text.c_str());
            out += text.size() >= sizeof buf - 1 && spec.size() == 1 ? text : std::string(buf);
            break;
        }
        case 'd':
        case 'i':
        case 'o':
        case 'u':
        case 'x':
        case 'X':
        case 'c':
            if (len == "l" || len == "z" || len == "j" || len == "t")
                std::snprintf(buf, sizeof buf, s.c_str(), va_arg(ap, long));
            else if (len == "ll" || len == "q")
                std::snprintf(buf, sizeof buf, s.c_str(), va_arg(ap, long long));
            else
                std::snprintf(buf, sizeof buf, s.c_str(), va_arg(ap, int));
            out += buf;
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            if (len == "L")
                std::snprintf(buf, sizeof buf, s.c_str(), va_arg(ap, long double));
            else
                std::snprintf(buf, sizeof buf, s.c_str(), va_arg(ap, double));
            out += buf;
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (spec.size() == 1) {
                out += str ? str : "(null)";
            } else {
                std::snprintf(buf, sizeof buf, s.c_str(), str);
                out += buf;
            }
            break;
        }
        case 'p':
            std::snprintf(buf, sizeof buf, s.c_str(), va_arg(ap, void *));
            out += buf;
            break;
        case 'n':
            *va_arg(ap, int *) = int(out.size());
            break;
        default:
            out += s; // unknown: printed as written
            break;
        }
    }
}

} // namespace

int enif_vsnprintf(char *buffer, size_t size, const char *fmt, va_list ap) {
    std::string out;
    va_list copy;
    va_copy(copy, ap);
    format(out, fmt, copy);
    va_end(copy);
    if (size > 0) {
        size_t n = std::min(out.size(), size - 1);
        std::memcpy(buffer, out.data(), n);
        buffer[n] = '\0';
    }
    return int(out.size());
}

int enif_snprintf(char *buffer, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = enif_vsnprintf(buffer, size, fmt, ap);
    va_end(ap);
    return n;
}

int enif_vfprintf(FILE *filep, const char *fmt, va_list ap) {
    std::string out;
    va_list copy;
    va_copy(copy, ap);
    format(out, fmt, copy);
    va_end(copy);
    return int(std::fwrite(out.data(), 1, out.size(), filep));
}

int enif_fprintf(FILE *filep, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = enif_vfprintf(filep, fmt, ap);
    va_end(ap);
    return n;
}
