%% system_info/1 keys and flags OTP's test suites ask about: the allocator answers that
%% erts_debug:alloc_blocks_size/1 reads (their shape; Hamlet has no alloc_util allocators,
%% so the values differ from erl's), outstanding_system_requests_limit and its system_flag,
%% snifs, ethread_info, modified_timing_level, heap_sizes, context_reductions, and
%% process_flag(scheduler, N) with system_info(scheduler_id).
-module(system_info_keys).
-export([main/0]).

show(Label, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [Label, R]).

main() ->
    allocators(),
    limits(),
    lists_of_the_vm(),
    scheduler_binding(),
    show("beam_jump_table", fun() -> erlang:system_info(beam_jump_table) end),
    ok.

allocators() ->
    show("alloc_util_allocators is a list of atoms", fun() ->
        L = erlang:system_info(alloc_util_allocators),
        is_list(L) andalso lists:all(fun is_atom/1, L) end),
    show("alloc_blocks_size", fun() ->
        case erts_debug:alloc_blocks_size(ets_alloc) of
            undefined -> ok;
            N when is_integer(N), N >= 0 -> ok
        end end),
    show("sys_alloc is enabled, libc's", fun() ->
        [{instance, 0, [{options, Opts}]}] = erlang:system_info({allocator, sys_alloc}),
        {lists:keyfind(e, 1, Opts), lists:keyfind(m, 1, Opts)} end),
    show("sys_alloc sizes", fun() -> erlang:system_info({allocator_sizes, [sys_alloc]}) end),
    show("allocator", fun() ->
        {_, Version, Features, Settings} = erlang:system_info(allocator),
        {is_list(Version), lists:member(sys_alloc, Features),
         lists:keyfind(lock_physical_memory, 1, Settings)} end),
    show("unknown allocator", fun() -> erlang:system_info({allocator, no_such_alloc}) end),
    show("an allocator twice", fun() ->
        erlang:system_info({allocator_sizes, [sys_alloc, sys_alloc]}) end),
    show("improper allocator list", fun() ->
        erlang:system_info({allocator, [sys_alloc | ets_alloc]}) end).

limits() ->
    Default = erlang:system_info(outstanding_system_requests_limit),
    show("outstanding limit is two per scheduler", fun() ->
        Default =:= 2 * erlang:system_info(schedulers) end),
    show("set the limit", fun() ->
        {erlang:system_flag(outstanding_system_requests_limit, 7) =:= Default,
         erlang:system_info(outstanding_system_requests_limit)} end),
    show("limit 0", fun() -> erlang:system_flag(outstanding_system_requests_limit, 0) end),
    show("limit too large", fun() ->
        erlang:system_flag(outstanding_system_requests_limit, 1 bsl 27) end),
    show("limit not an integer", fun() ->
        erlang:system_flag(outstanding_system_requests_limit, four) end),
    show("restore the limit", fun() ->
        erlang:system_flag(outstanding_system_requests_limit, Default) end),
    show("modified_timing_level", fun() -> erlang:system_info(modified_timing_level) end),
    show("context_reductions", fun() -> erlang:system_info(context_reductions) end),
    show("heap_sizes", fun() ->
        [A, B, C | _] = Sizes = erlang:system_info(heap_sizes),
        {A, B, C, lists:member(233, Sizes), lists:sort(Sizes) =:= Sizes,
         lists:last(Sizes) * 8 > 1 bsl 52} end).

lists_of_the_vm() ->
    Snifs = erlang:system_info(snifs),
    show("snifs are BIFs", fun() ->
        lists:all(fun({M, F, A}) -> erlang:is_builtin(M, F, A) end, Snifs) end),
    show("some snifs", fun() ->
        [lists:member(MFA, Snifs) || MFA <- [{erlang, element, 2}, {lists, keyfind, 3},
                                            {maps, get, 2}, {lists, map, 2}]] end),
    show("ethread_info's atomics", fun() ->
        Info = erlang:system_info(ethread_info),
        [case lists:keyfind(K, 1, Info) of
             {K, Impl, Ops} when is_list(Impl), is_list(Ops) -> K;
             Other -> Other
         end || K <- ["32-bit native atomics", "64-bit native atomics",
                      "Double word native atomics"]] end).

scheduler_binding() ->
    N = erlang:system_info(schedulers),
    show("bind to each scheduler", fun() ->
        [begin
             Old = process_flag(scheduler, S),
             Here = [erlang:system_info(scheduler_id) || _ <- lists:seq(1, 100)],
             {Old =:= S - 1, lists:usort(Here) =:= [S]}
         end || S <- lists:seq(1, N)] end),
    show("unbind", fun() -> process_flag(scheduler, 0) =:= N end),
    show("unbound again", fun() -> process_flag(scheduler, 0) end),
    show("scheduler out of range", fun() -> process_flag(scheduler, N + 1) end),
    show("scheduler not an integer", fun() -> process_flag(scheduler, one) end),
    show("scheduler_id in range", fun() ->
        Id = erlang:system_info(scheduler_id), Id >= 1 andalso Id =< N end).
