%% The Erlang side of nif_api.c: stubs replaced by the library's NIFs at on_load.
-module(nif_api).
-export([echo/1, add/2, numbers/1, big_numbers/0, bad_double/0, types/1, atoms/1, long_atom/0,
         strings/1, lists/1, tuples/1, maps/1, compare/2, refs/0, binaries/2, small_binary/0,
         etf/1, decode/2, iovec/1, raise_it/1, badarg_then_ok/0, pending/1, new_counter/0,
         new_counter/1, incr/1, resource_info/1, watch/1, unwatch/1, monitor_term/1,
         counter_no_down/2, dyn/1, copy_send/1, send_to/2, procs/3, priv/0, callbacks/0,
         dirty_cpu/1, dirty_io/1, dirty_raise/1, dirty_slow/1, sum_yield/1, chain/1,
         schedule_raise/2, schedule_bad/1, thread_send/2, thread_join/1, locks/0, system/1,
         times/0, local_echo/1, load_again/0, load_later/1]).
-nifs([echo/1, add/2, numbers/1, big_numbers/0, bad_double/0, types/1, atoms/1, long_atom/0,
       strings/1, lists/1, tuples/1, maps/1, compare/2, refs/0, binaries/2, small_binary/0,
       etf/1, decode/2, iovec/1, raise_it/1, badarg_then_ok/0, pending/1, new_counter/0,
       new_counter/1, incr/1, resource_info/1, watch/1, unwatch/1, monitor_term/1,
       counter_no_down/2, dyn/1, copy_send/1, send_to/2, procs/3, priv/0, callbacks/0,
       dirty_cpu/1, dirty_io/1, dirty_raise/1, dirty_slow/1, sum_yield/1, chain/1,
       schedule_raise/2, schedule_bad/1, thread_send/2, thread_join/1, locks/0, system/1,
       times/0]).
-on_load(init/0).

%% The load_info is the priv value (an upgrade adds the old one).
init() -> erlang:load_nif("./nif_api", 7).

%% A local call reaches the NIF too.
local_echo(X) -> echo(X).

%% A second load_nif from the same instance.
load_again() -> erlang:load_nif("./nif_api", 7).

%% Waits in this module's code (old code once the module is reloaded), then loads.
load_later(Parent) ->
    receive go -> Parent ! {load_later, erlang:load_nif("./nif_api", 7)} end.

-define(STUB, erlang:nif_error({nif_not_loaded, ?MODULE})).
echo(_) -> ?STUB.
add(_, _) -> ?STUB.
numbers(_) -> ?STUB.
big_numbers() -> ?STUB.
bad_double() -> ?STUB.
types(_) -> ?STUB.
atoms(_) -> ?STUB.
long_atom() -> ?STUB.
strings(_) -> ?STUB.
lists(_) -> ?STUB.
tuples(_) -> ?STUB.
maps(_) -> ?STUB.
compare(_, _) -> ?STUB.
refs() -> ?STUB.
binaries(_, _) -> ?STUB.
small_binary() -> ?STUB.
etf(_) -> ?STUB.
decode(_, _) -> ?STUB.
iovec(_) -> ?STUB.
raise_it(_) -> ?STUB.
badarg_then_ok() -> ?STUB.
pending(_) -> ?STUB.
new_counter() -> ?STUB.
new_counter(_) -> ?STUB.
incr(_) -> ?STUB.
resource_info(_) -> ?STUB.
watch(_) -> ?STUB.
unwatch(_) -> ?STUB.
monitor_term(_) -> ?STUB.
counter_no_down(_, _) -> ?STUB.
dyn(_) -> ?STUB.
copy_send(_) -> ?STUB.
send_to(_, _) -> ?STUB.
procs(_, _, _) -> ?STUB.
priv() -> ?STUB.
callbacks() -> ?STUB.
dirty_cpu(_) -> ?STUB.
dirty_io(_) -> ?STUB.
dirty_raise(_) -> ?STUB.
dirty_slow(_) -> ?STUB.
sum_yield(_) -> ?STUB.
chain(_) -> ?STUB.
schedule_raise(_, _) -> ?STUB.
schedule_bad(_) -> ?STUB.
thread_send(_, _) -> ?STUB.
thread_join(_) -> ?STUB.
locks() -> ?STUB.
system(_) -> ?STUB.
times() -> ?STUB.
