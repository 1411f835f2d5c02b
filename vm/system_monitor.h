// erlang:system_monitor/0,1,2: the one VM-wide monitor process and its thresholds. The
// events are detected where they happen (the collector for long_gc and large_heap, the
// scheduler for long_schedule) and sent to the monitor as {monitor, Pid, Event, Info}.
// busy_port and busy_dist_port are kept and shown, but not reported yet.
#pragma once

#include "vm/process.h"

#include <atomic>
#include <cstdint>

namespace hamlet::sysmon {

// Thresholds read on hot paths (0: off): milliseconds for long_gc and long_schedule, words
// for large_heap.
inline std::atomic<uint64_t> g_long_gc{0}, g_long_schedule{0}, g_large_heap{0};
// erts_debug:set_internal_state(test_long_gc_sleep, Ms): each collection takes that much
// longer while long_gc is monitored (erts' own tests of long_gc use it).
inline std::atomic<uint64_t> g_test_long_gc_sleep{0};

// system_monitor/0: undefined or {MonitorPid, Options}, as erts orders them.
Term get(Process *p);
// system_monitor/1,2: sets (or with undefined or [] clears) the monitor and returns the
// previous setting; kNonValue for a bad argument (the caller raises badarg).
Term set(Process *p, Term pid, Term options);
// The monitor process has exited: monitoring stops.
void process_exited(Term pid);

// The collector's hooks: a start time (0 when long_gc is off), then the check after it.
int64_t gc_started();
void gc_finished(Process *p, int64_t started);

// The scheduler's check after a time slice that started at `started` (ns) at code `in`.
void slice_finished(Process *p, int64_t started, const Word *in);
int64_t now_ns();

} // namespace hamlet::sysmon
