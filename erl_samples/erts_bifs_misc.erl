%% BIFs of erts that were missing (tools/bif_report.escript lists what still is): time
%% (now/0, timestamp/0, time_offset/0,1), is_builtin/3, list_to_pid/1, list_to_ref/1,
%% bump_reductions/1, exit_signal/2, spawn_request/1..5 and spawn_request_abandon/1,
%% fun_info_mfa/1, erts_internal:term_type/1, is_system_process/1, system_check/1,
%% error_logger:warning_map/0, the dynamic trace tags, os:env/0 and ets:select_replace/2.
-module(erts_bifs_misc).
-export([main/0, child/1]).
-compile(nowarn_deprecated_function).

main() ->
    times(),
    builtin(),
    text_to_ids(),
    reductions(),
    exit_signal(),
    spawn_requests(),
    funs_and_types(),
    system(),
    env(),
    select_replace(),
    ok.

show(Label, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [Label, R]).

times() ->
    Ns = [erlang:now() || _ <- lists:seq(1, 1000)],
    show("now strictly increasing", fun() -> lists:usort(Ns) =:= Ns andalso length(Ns) =:= 1000 end),
    {M, S, U} = erlang:timestamp(),
    show("timestamp", fun() -> is_integer(M) andalso S < 1000000 andalso U < 1000000 end),
    show("time_offset", fun() ->
                                Sys = erlang:system_time(),
                                Off = erlang:time_offset(),
                                Mono = erlang:monotonic_time(),
                                abs(Sys - (Mono + Off)) < erlang:convert_time_unit(1, second, native)
                        end),
    show("time_offset units", fun() ->
                                      abs(erlang:time_offset(second) -
                                              erlang:convert_time_unit(erlang:time_offset(), native, second)) =< 1
                              end),
    show("time_offset badarg", fun() -> erlang:time_offset(foo) end).

builtin() ->
    [show(io_lib:format("is_builtin ~p", [MFA]), fun() -> erlang:is_builtin(M, F, A) end)
     || {M, F, A} = MFA <- [{erlang, abs, 1}, {erlang, apply, 3}, {erlang, apply, 2},
                            {erlang, yield, 0}, {erlang, '+', 2}, {erlang, process_info, 2},
                            {erlang, halt, 1}, {erlang, garbage_collect, 0},
                            {erlang, spawn, 3}, {lists, reverse, 2}, {lists, map, 2},
                            {ets, insert, 2}, {prim_file, open_nif, 2},
                            {prim_file, is_translatable, 1}, {zlib, deflate_nif, 4},
                            {foo, bar, 0}, {erlang, abs, -1}]],
    show("is_builtin badarg", fun() -> erlang:is_builtin(erlang, abs, x) end).

text_to_ids() ->
    P = spawn(fun() -> receive _ -> ok end end),
    show("list_to_pid round trip", fun() -> list_to_pid(pid_to_list(P)) =:= P end),
    [show("list_to_pid " ++ S, fun() -> list_to_pid(S) end)
     || S <- ["<0.1>", "<0.1.2>x", "0.1.2", "<1.2.3>", "<0.-1.2>", "<a.b.c>", ""]],
    show("list_to_pid not a list", fun() -> list_to_pid(foo) end),
    R = make_ref(),
    show("list_to_ref round trip", fun() -> list_to_ref(ref_to_list(R)) =:= R end),
    [show("list_to_ref " ++ S, fun() -> list_to_ref(S) end)
     || S <- ["#Ref<0.1.2>", "#Ref<1.2.3.4>", "#Ref<0.1.2.3.4>", "Ref<0.1.2.3>",
              "#Ref<0.1.2.99999999999>"]],
    P ! stop.

reductions() ->
    {reductions, R0} = process_info(self(), reductions),
    show("bump_reductions", fun() -> erlang:bump_reductions(100000) end),
    {reductions, R1} = process_info(self(), reductions),
    show("reductions counted", fun() -> R1 - R0 >= 100000 end),
    show("bump_reductions big", fun() -> erlang:bump_reductions(1 bsl 70) end),
    [show("bump_reductions " ++ io_lib:format("~p", [A]), fun() -> erlang:bump_reductions(A) end)
     || A <- [-1, foo, 1.0, -(1 bsl 70)]].

exit_signal() ->
    process_flag(trap_exit, true),
    %% exit_signal/2 to itself is handled like any signal: at the next receive.
    true = erlang:exit_signal(self(), first),
    self() ! second,
    show("exit_signal order",
         fun() -> [receive {'EXIT', P, W} when P =:= self() -> {'EXIT', self, W} end,
                   receive M2 -> M2 end]
         end),
    show("exit_signal badarg", fun() -> erlang:exit_signal(foo, x) end),
    process_flag(trap_exit, false).

spawn_requests() ->
    Self = self(),
    R1 = spawn_request(fun() -> Self ! {hello, self()} end),
    Pid1 = receive {spawn_reply, R1, ok, P1} -> P1 end,
    show("spawn_request reply", fun() -> receive {hello, Pid1} -> ok end end),
    R2 = spawn_request(?MODULE, child, [Self], [monitor, {reply_tag, my_tag}]),
    Pid2 = receive {my_tag, R2, ok, P2} -> P2 end,
    Pid2 ! go,
    show("monitor uses the request id",
         fun() -> receive {'DOWN', R2, process, Pid2, Why} -> Why end end),
    process_flag(trap_exit, true),
    R3 = spawn_request(node(), ?MODULE, child, [Self], [link, {reply, success_only}]),
    Pid3 = receive {spawn_reply, R3, ok, P3} -> P3 end,
    Pid3 ! go,
    show("link", fun() -> receive {'EXIT', Pid3, Why} -> Why end end),
    process_flag(trap_exit, false),
    R4 = spawn_request(fun() -> ok end, [{reply, no}, monitor]),
    show("reply no", fun() ->
                             receive {spawn_reply, R4, _, _} -> reply
                             after 0 -> receive {'DOWN', R4, process, _, R} -> {down, R} end
                             end
                     end),
    R5 = spawn_request(fun() -> ok end, [{reply, error_only}]),
    show("reply error_only", fun() -> receive {spawn_reply, R5, _, _} -> reply after 100 -> none end end),
    show("abandon done", fun() -> spawn_request_abandon(R1) end),
    show("abandon ref", fun() -> spawn_request_abandon(make_ref()) end),
    show("abandon badarg", fun() -> spawn_request_abandon(foo) end),
    Reply = fun(R) -> receive {T, R, error, Why} -> {T, error, Why} after 100 -> none end end,
    show("badopt", fun() -> Reply(spawn_request(fun() -> ok end, [foo])) end),
    show("bad reply", fun() -> Reply(spawn_request(fun() -> ok end, [{reply, maybe}])) end),
    show("badopt error_only",
         fun() -> Reply(spawn_request(fun() -> ok end, [{priority, foo}, {reply, error_only}])) end),
    show("badopt success_only",
         fun() -> Reply(spawn_request(fun() -> ok end, [{priority, foo}, {reply, success_only}])) end),
    show("badopt tag", fun() -> Reply(spawn_request(m, f, [], [{reply_tag, t}, monitor, {priority, x}])) end),
    show("improper options", fun() -> spawn_request(m, f, [], [foo | bar]) end),
    show("badarg module", fun() -> spawn_request("m", f, [], []) end),
    show("badarg args", fun() -> spawn_request(m, f, [a | b], []) end),
    show("badarg fun", fun() -> spawn_request(fun(_) -> ok end) end).

child(Parent) ->
    receive go -> exit({done, Parent =:= Parent}) end.

funs_and_types() ->
    Y = 1,
    F = fun(X) -> X + Y end,
    {M, Name, A} = erlang:fun_info_mfa(F),
    show("fun_info_mfa local", fun() -> {M, A, Name =:= element(2, erlang:fun_info(F, name))} end),
    show("fun_info_mfa export", fun() -> erlang:fun_info_mfa(fun lists:map/2) end),
    show("fun_info_mfa badarg", fun() -> erlang:fun_info_mfa(foo) end),
    Big = maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
    <<_:8, Sub:70/binary, _/binary>> = list_to_binary(lists:seq(1, 100)),
    Types = [1, 1 bsl 70, 1.5, foo, [], [1], {}, #{}, Big, <<1>>,
             list_to_binary(lists:seq(1, 100)), Sub, self(), make_ref(), F, fun lists:map/2],
    show("term_type", fun() -> [erts_internal:term_type(T) || T <- Types] end).

system() ->
    show("is_system_process", fun() -> erts_internal:is_system_process(self()) end),
    show("is_system_process badarg", fun() -> erts_internal:is_system_process(foo) end),
    show("system_check", fun() -> erts_internal:system_check(schedulers) end),
    show("warning_map", fun() -> error_logger:warning_map() end),
    show("break_ignored", fun() -> erlang:system_info(break_ignored) end),
    show("dynamic_trace", fun() -> erlang:system_info(dynamic_trace) end),
    show("dt tags", fun() ->
                            [erlang:dt_put_tag(<<"t">>), erlang:dt_get_tag(), erlang:dt_get_tag_data(),
                             erlang:dt_prepend_vm_tag_data(<<"x">>), erlang:dt_append_vm_tag_data(<<"y">>)]
                    end).

env() ->
    true = os:putenv("HAMLET_ENV_TEST", "a=b"),
    Env = os:env(),
    show("os:env", fun() -> lists:keyfind("HAMLET_ENV_TEST", 1, Env) end),
    show("os:getenv/0", fun() -> lists:member("HAMLET_ENV_TEST=a=b", os:getenv()) end),
    show("os:env agrees with getenv/1",
         fun() -> lists:all(fun({K, V}) -> os:getenv(K) =:= V end, Env) end).

select_replace() ->
    [begin
         T = ets:new(t, [Type]),
         ets:insert(T, [{I, I * 10, x} || I <- lists:seq(1, 6)]),
         show(io_lib:format("~p replace", [Type]),
              fun() -> ets:select_replace(T, [{{'$1', '$2', x}, [{'>', '$1', 3}],
                                                [{{'$1', {'+', '$2', 1}, y}}]}]) end),
         show(io_lib:format("~p after", [Type]), fun() -> lists:sort(ets:tab2list(T)) end),
         show(io_lib:format("~p const", [Type]),
              fun() -> ets:select_replace(T, [{{1, '_', '_'}, [], [{const, {1, one, z}}]}]) end),
         show(io_lib:format("~p element", [Type]),
              fun() -> ets:select_replace(T, [{{'_', 20, x}, [], [{{{element, 1, '$_'}, twenty, z}}]}]) end),
         show(io_lib:format("~p same", [Type]),
              fun() -> ets:select_replace(T, [{{'_', '_', z}, [], ['$_']}]) end),
         show(io_lib:format("~p final", [Type]), fun() -> lists:sort(ets:tab2list(T)) end),
         show(io_lib:format("~p key change", [Type]),
              fun() -> ets:select_replace(T, [{{'$1', '_', '_'}, [], [{{{'+', '$1', 1}, a, b}}]}]) end),
         show(io_lib:format("~p not a tuple", [Type]),
              fun() -> ets:select_replace(T, [{{'$1', '_', '_'}, [], ['$1']}]) end),
         show(io_lib:format("~p bad spec", [Type]), fun() -> ets:select_replace(T, foo) end),
         ets:delete(T)
     end || Type <- [set, ordered_set]],
    B = ets:new(b, [bag]),
    show("bag", fun() -> ets:select_replace(B, [{'_', [], ['$_']}]) end),
    K = ets:new(k, [{keypos, 2}]),
    ets:insert(K, [{a, 1}, {b, 2}]),
    show("keypos 2", fun() -> ets:select_replace(K, [{{'$1', '$2'}, [], [{{{atom_to_list, '$1'}, '$2'}}]}]) end),
    show("keypos 2 after", fun() -> lists:sort(ets:tab2list(K)) end).
