%% Runs the test NIF (nif_api.c through nif_api.erl) family by family and prints what it
%% returns; the expected output is erl's (tests/nif/record.sh). Run from the directory of
%% the .so files: nif_api loads "./nif_api".
-module(nif_api_test).
-export([main/0]).

main() ->
    terms(),
    binaries(),
    exceptions(),
    resources(),
    monitors(),
    messages(),
    dirty(),
    scheduling(),
    threads(),
    system(),
    upgrade(),
    ok.

show(Label, F) ->
    R = try F() of V -> V
        catch C:E:St -> {C, E, top(St)}
        end,
    io:format("~s: ~p~n", [Label, R]).

top([Frame | _]) -> Frame;
top([]) -> none.

terms() ->
    show("echo", fun() -> nif_api:echo({hello, [1, 2.5, <<"x">>]}) end),
    show("local call", fun() -> nif_api:local_echo(local) end),
    show("add", fun() -> nif_api:add(1, 2) end),
    show("add long", fun() -> nif_api:add(1 bsl 62, (1 bsl 62) - 1) end),
    show("add bignum", fun() -> nif_api:add(1 bsl 70, 1) end),
    [show("numbers " ++ io_lib:format("~p", [N]), fun() -> nif_api:numbers(N) end)
     || N <- [5, -5, 1 bsl 40, (1 bsl 63) - 1, 1 bsl 63, -(1 bsl 63), -(1 bsl 63) - 1, 1 bsl 64,
              4294967295, 4294967296, 2.5, foo]],
    show("big numbers", fun() -> nif_api:big_numbers() end),
    show("bad double", fun() -> nif_api:bad_double() end),
    [show("types " ++ Name, fun() -> nif_api:types(T) end)
     || {Name, T} <- [{"atom", foo}, {"binary", <<1>>}, {"bitstring", <<1:3>>},
                      {"ref", make_ref()}, {"fun", fun() -> ok end}, {"export", fun lists:map/2},
                      {"pid", self()}, {"list", [1]}, {"nil", []}, {"tuple", {}},
                      {"map", #{}}, {"int", 1}, {"float", 1.5}, {"big", 1 bsl 70}]],
    show("atoms hello", fun() -> nif_api:atoms(hello) end),
    show("atoms latin1", fun() -> nif_api:atoms(list_to_atom([$c, $a, $f, 233])) end),
    show("atoms unicode", fun() -> nif_api:atoms(list_to_atom([$x, 1000])) end),
    show("atoms not atom", fun() -> nif_api:atoms("str") end),
    show("long atom", fun() -> nif_api:long_atom() end),
    show("strings", fun() -> nif_api:strings("hello") end),
    show("strings latin1", fun() -> nif_api:strings([$a, 255]) end),
    show("strings wide", fun() -> nif_api:strings("ab" ++ [300]) end),
    show("strings empty", fun() -> nif_api:strings([]) end),
    show("strings improper", fun() -> nif_api:strings([$a | b]) end),
    show("lists", fun() -> nif_api:lists([1, 2, 3]) end),
    show("lists empty", fun() -> nif_api:lists([]) end),
    show("lists improper", fun() -> nif_api:lists([1 | 2]) end),
    show("tuples", fun() -> nif_api:tuples({a, b, c}) end),
    show("tuples empty", fun() -> nif_api:tuples({}) end),
    show("tuples bad", fun() -> nif_api:tuples([a]) end),
    show("maps", fun() -> nif_api:maps(#{a => 1, b => 2, "s" => 3}) end),
    show("maps empty", fun() -> nif_api:maps(#{}) end),
    show("maps no a", fun() -> nif_api:maps(#{b => 2}) end),
    Big = maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]),
    show("maps large", fun() -> nif_api:maps(Big) end),
    show("maps bad", fun() -> nif_api:maps([]) end),
    [show("compare " ++ io_lib:format("~p ~p", [A, B]), fun() -> nif_api:compare(A, B) end)
     || {A, B} <- [{1, 1.0}, {1, 1}, {a, b}, {{1, 2}, {1, 2}}, {2, 1}, {"abc", <<"abc">>},
                   {[a, {b, 1.5}], [a, {b, 1.5}]}]],
    show("phash2 agrees", fun() ->
        [element(3, nif_api:compare(T, T)) =:= erlang:phash2(T)
         || T <- [foo, 1, <<"bin">>, {a, [1, 2]}, #{k => v}, 1.5, 1 bsl 80]]
    end),
    show("refs", fun() -> nif_api:refs() end).

binaries() ->
    show("binaries", fun() -> nif_api:binaries(<<"hello world">>, [<<"ab">>, "cd", [$e | <<"f">>]]) end),
    <<_:1, Unaligned:4/binary, _:7>> = <<0:1, "abcd", 0:7>>,
    show("binaries unaligned", fun() -> nif_api:binaries(Unaligned, notiolist) end),
    show("binaries large", fun() -> nif_api:binaries(binary:copy(<<"0123456789">>, 20), <<"bin">>) end),
    show("binaries bitstring", fun() -> nif_api:binaries(<<1:3>>, []) end),
    show("small binary", fun() -> nif_api:small_binary() end),
    show("etf", fun() -> nif_api:etf({a, [1, 2.5, <<"x">>], #{k => "v"}, 1 bsl 70}) end),
    show("decode safe unknown atom", fun() -> nif_api:decode(<<131, 100, 0, 5, "zqzq9">>, 1) end),
    show("decode unknown atom", fun() -> nif_api:decode(<<131, 100, 0, 5, "zqzq9">>, 0) end),
    show("decode trailing", fun() -> nif_api:decode(<<(term_to_binary({1, 2}))/binary, "junk">>, 0) end),
    show("decode garbage", fun() -> nif_api:decode(<<131, 255, 1>>, 0) end),
    show("iovec", fun() -> nif_api:iovec([<<"abc">>, <<"defgh">>, <<"ij">>]) end),
    show("iovec large", fun() -> nif_api:iovec([binary:copy(<<"x">>, 100), <<"yz">>]) end),
    show("iovec bad", fun() -> nif_api:iovec([<<"a">>, foo]) end).

exceptions() ->
    show("raise", fun() -> nif_api:raise_it({my_error, x}) end),
    show("badarg then ok", fun() -> nif_api:badarg_then_ok() end),
    show("pending", fun() -> nif_api:pending(first) end),
    show("caught in catch", fun() -> catch nif_api:raise_it(thrown) end).

resources() ->
    C = nif_api:new_counter(),
    show("counter", fun() -> [nif_api:incr(C), nif_api:incr(C), nif_api:incr(C)] end),
    show("resource is a reference", fun() -> {is_reference(C), C =:= C, C == make_ref()} end),
    show("resource info", fun() -> nif_api:resource_info(C) end),
    show("wrong resource", fun() -> nif_api:incr({not_a_resource}) end),
    show("resource in a message", fun() ->
        self() ! {counter, C},
        receive {counter, C2} -> nif_api:incr(C2) end
    end),
    Self = self(),
    spawn(fun() -> D = nif_api:new_counter(Self), nif_api:incr(D), nif_api:incr(D) end),
    show("destructor after exit", fun() -> receive {counter_dtor, N} -> N after 20000 -> timeout end end),
    make_dropped_counter(Self),
    erlang:garbage_collect(),
    show("destructor after gc", fun() -> receive {counter_dtor, N} -> N after 20000 -> timeout end end),
    show("dynamic call", fun() -> nif_api:dyn(5) end).

make_dropped_counter(Owner) ->
    D = nif_api:new_counter(Owner),
    nif_api:incr(D),
    ok.

monitors() ->
    P = spawn(fun() -> receive stop -> ok end end),
    {Rc, W} = nif_api:watch(P),
    show("monitor", fun() -> Rc end),
    show("monitor term", fun() -> is_reference(nif_api:monitor_term(W)) end),
    P ! stop,
    show("down", fun() -> receive {down, Same} -> Same after 20000 -> timeout end end),
    %% W stays reachable until P's death is reported: a collection before that would destroy
    %% the resource, and its monitor with it (no down callback, on erl too).
    is_reference(nif_api:monitor_term(W)) orelse error(W),
    show("monitor dead", fun() -> element(1, nif_api:watch(P)) end),
    P2 = spawn(fun() -> receive stop -> ok end end),
    {0, W2} = nif_api:watch(P2),
    show("demonitor", fun() -> [nif_api:unwatch(W2), nif_api:unwatch(W2)] end),
    Ref = erlang:monitor(process, P2),
    P2 ! stop,
    receive {'DOWN', Ref, process, P2, _} -> ok end,
    show("no down after demonitor", fun() -> receive {down, _} -> got after 0 -> none end end),
    show("monitor without down callback", fun() -> nif_api:counter_no_down(nif_api:new_counter(), self()) end).

messages() ->
    show("copy and send", fun() -> nif_api:copy_send({a, [1, 2], <<"bin">>, 1.5}) end),
    show("received", fun() -> [receive M -> M after 5000 -> timeout end || _ <- [1, 2, 3]] end),
    Dead = spawn(fun() -> ok end),
    Ref = erlang:monitor(process, Dead),
    receive {'DOWN', Ref, process, Dead, _} -> ok end,
    show("send to dead", fun() -> nif_api:send_to(Dead, x) end),
    show("send to self", fun() -> {nif_api:send_to(self(), hi), receive hi -> got after 5000 -> timeout end} end),
    register(nif_api_test_registered, self()),
    show("processes", fun() -> nif_api:procs(self(), nif_api_test_registered, Dead) end),
    show("processes unregistered", fun() -> nif_api:procs(self(), nif_api_test_nobody, self()) end),
    unregister(nif_api_test_registered),
    show("priv data", fun() -> nif_api:priv() end).

dirty() ->
    show("dirty cpu", fun() -> nif_api:dirty_cpu(x) end),
    show("dirty io", fun() -> nif_api:dirty_io({y, <<"bin">>}) end),
    show("dirty raise", fun() -> nif_api:dirty_raise(z) end),
    show("dirty result", fun() -> nif_api:dirty_slow(1000) end),
    % The process takes signals while its dirty NIF runs: it is killed at once.
    P = spawn(fun() -> nif_api:dirty_slow(1000000000) end),
    Ref = erlang:monitor(process, P),
    wait_until_dirty(P),
    exit(P, kill),
    show("killed during dirty", fun() -> receive {'DOWN', Ref, process, P, R} -> R after 20000 -> timeout end end).

% Waits until P is inside its dirty NIF (its status is no longer runnable/running at
% the start); a message round trip is enough on both VMs.
wait_until_dirty(P) ->
    _ = process_info(P, status),
    ok.

scheduling() ->
    show("schedule_nif sum", fun() -> nif_api:sum_yield(100000) end),
    show("schedule_nif chain", fun() -> nif_api:chain([]) end),
    show("schedule_nif raise", fun() -> nif_api:schedule_raise(v, 0) end),
    show("schedule_nif dirty raise", fun() -> nif_api:schedule_raise(w, 1) end),
    show("schedule_nif bad flags", fun() -> nif_api:schedule_bad(u) end).

threads() ->
    T = nif_api:thread_send(self(), 5),
    show("thread messages", fun() -> [receive {from_thread, I, Type} -> {I, Type} after 20000 -> timeout end
                                      || I <- lists:seq(1, 5)] end),
    show("thread join", fun() -> nif_api:thread_join(T) end),
    show("locks", fun() -> nif_api:locks() end).

system() ->
    os:putenv("NIF_API_LONG", "hello world"),
    show("system", fun() -> nif_api:system({printed, [1, "ab"], <<"b">>}) end),
    show("times", fun() -> nif_api:times() end).

upgrade() ->
    show("callbacks", fun() -> nif_api:callbacks() end),
    show("load again", fun() -> nif_api:load_again() end),
    Self = self(),
    Waiter = spawn(fun() -> nif_api:load_later(Self) end),
    show("reload module", fun() -> code:load_file(nif_api) end),
    show("priv after upgrade", fun() -> nif_api:priv() end),
    show("callbacks after upgrade", fun() -> nif_api:callbacks() end),
    Waiter ! go,
    show("load from old code", fun() -> receive {load_later, R} -> R after 20000 -> timeout end end),
    show("still a NIF", fun() -> nif_api:echo(still) end),
    code:purge(nif_api),
    show("callbacks after purge", fun() -> wait_unload(50) end).

% erts runs the unload callback once no process can be in the old code any more, which
% may be a moment after the purge.
wait_unload(0) -> nif_api:callbacks();
wait_unload(N) ->
    case nif_api:callbacks() of
        {_, _, 1} = C -> C;
        _ -> receive after 100 -> wait_unload(N - 1) end
    end.
