// Calendar BIFs of the erlang module: conversions between POSIX seconds, universal time and
// local time ({{Year, Month, Day}, {Hour, Minute, Second}}), through the C library's time
// zone rules as erl uses them.
#include "bifs/arith.h"
#include "bifs/bif.h"
#include "vm/atom_table.h"
#include "vm/term_build.h"

#include <ctime>

namespace hamlet {

namespace {

Term datetime_term(Process *p, const std::tm &tm) {
    return make_tuple(
        p, {make_tuple(p, {make_small(tm.tm_year + 1900), make_small(tm.tm_mon + 1),
                           make_small(tm.tm_mday)}),
            make_tuple(p, {make_small(tm.tm_hour), make_small(tm.tm_min), make_small(tm.tm_sec)})});
}

bool leap(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Reads a valid {{Y, M, D}, {H, Mi, S}} into tm (fields as struct tm counts them).
bool datetime_arg(Term t, std::tm &tm) {
    if (!is_boxed_of(t, Subtag::Tuple) || tuple_arity(t) != 2) return false;
    Term date = tuple_elements(t)[0], time = tuple_elements(t)[1];
    if (!is_boxed_of(date, Subtag::Tuple) || tuple_arity(date) != 3 ||
        !is_boxed_of(time, Subtag::Tuple) || tuple_arity(time) != 3)
        return false;
    int64_t f[6];
    for (int i = 0; i < 3; ++i) {
        Term d = tuple_elements(date)[i], c = tuple_elements(time)[i];
        if (!is_small(d) || !is_small(c)) return false;
        f[i] = small_value(d);
        f[3 + i] = small_value(c);
    }
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (f[0] < 0 || f[0] > 1'000'000 || f[1] < 1 || f[1] > 12 || f[2] < 1 ||
        f[2] > kDays[f[1] - 1] + (f[1] == 2 && leap(f[0])) || f[3] < 0 || f[3] > 23 || f[4] < 0 ||
        f[4] > 59 || f[5] < 0 || f[5] > 59)
        return false;
    tm = {};
    tm.tm_year = int(f[0] - 1900);
    tm.tm_mon = int(f[1] - 1);
    tm.tm_mday = int(f[2]);
    tm.tm_hour = int(f[3]);
    tm.tm_min = int(f[4]);
    tm.tm_sec = int(f[5]);
    return true;
}

Term from_time_t(Process *p, time_t t, bool local) {
    std::tm tm;
    if (!(local ? localtime_r(&t, &tm) : gmtime_r(&t, &tm))) return p->badarg();
    return datetime_term(p, tm);
}

} // namespace

Term erlang_universaltime_0(Process *p, const Term *) {
    return from_time_t(p, time(nullptr), false);
}

Term erlang_localtime_0(Process *p, const Term *) {
    return from_time_t(p, time(nullptr), true);
}

Term erlang_posixtime_to_universaltime_1(Process *p, const Term *args) {
    int64_t s;
    if (!term_to_int64(args[0], s)) return p->badarg();
    return from_time_t(p, time_t(s), false);
}

Term erlang_universaltime_to_posixtime_1(Process *p, const Term *args) {
    std::tm tm;
    if (!datetime_arg(args[0], tm)) return p->badarg();
    return make_int64(p, int64_t(timegm(&tm)));
}

Term erlang_universaltime_to_localtime_1(Process *p, const Term *args) {
    std::tm tm;
    if (!datetime_arg(args[0], tm)) return p->badarg();
    return from_time_t(p, timegm(&tm), true);
}

Term erlang_localtime_to_universaltime_2(Process *p, const Term *args) {
    std::tm tm;
    if (!datetime_arg(args[0], tm)) return p->badarg();
    Term dst = args[1];
    if (dst == atom::true_)
        tm.tm_isdst = 1;
    else if (dst == atom::false_)
        tm.tm_isdst = 0;
    else if (dst == atom::undefined)
        tm.tm_isdst = -1;
    else
        return p->badarg();
    return from_time_t(p, mktime(&tm), false);
}

// erlang:date/0 and erlang:time/0: the local date and time of day.
Term erlang_date_0(Process *p, const Term *) {
    Term dt = from_time_t(p, time(nullptr), true);
    return tuple_elements(dt)[0];
}

Term erlang_time_0(Process *p, const Term *) {
    Term dt = from_time_t(p, time(nullptr), true);
    return tuple_elements(dt)[1];
}

} // namespace hamlet
