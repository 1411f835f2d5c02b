%% erlang:system_info({memory_internal, Ref, Allocs}) and ({allocator_sizes, Ref, Allocs}):
%% true, then one message {Ref, ThreadIndex, Infos} per auxiliary work thread but the first
%% (erts_internal:no_aux_work_threads/0 - 1), each info about an allocator asked for; the
%% errors. The infos themselves depend on the allocators the VM has (Hamlet has none of
%% erts' alloc_util allocators), so only their shape is printed.
-module(alloc_requests).
-export([main/0]).

main() ->
    N = erts_internal:no_aux_work_threads() - 1,
    io:format("answers: one per scheduler: ~p~n", [N =:= erlang:system_info(schedulers)]),
    request(memory_internal, [fix_alloc, sys_alloc, mseg_alloc], N),
    request(allocator_sizes, [ets_alloc], N),
    request(allocator_sizes, [alloc_util, erts_mmap, binary_alloc], N),
    io:format("nothing else: ~p~n", [receive M -> M after 0 -> none end]),
    [io:format("~p: ~p~n", [What, try erlang:system_info(T) catch C:R -> {C, R} end]) ||
        {What, T} <- [{not_a_ref, {memory_internal, x, []}},
                      {unknown_allocator, {memory_internal, make_ref(), [nope]}},
                      {twice, {memory_internal, make_ref(), [fix_alloc, fix_alloc]}},
                      {improper, {memory_internal, make_ref(), [fix_alloc | x]}},
                      {not_a_list, {allocator_sizes, make_ref(), x}},
                      {empty, {memory_internal, make_ref(), []}}]],
    ok.

request(Key, Allocs, N) ->
    R = make_ref(),
    io:format("~p ~p: ~p~n", [Key, Allocs, erlang:system_info({Key, R, Allocs})]),
    Msgs = [receive {R, I, L} when is_integer(I), is_list(L) -> L end || _ <- lists:seq(1, N)],
    Names = lists:usort([element(1, Info) || L <- Msgs, Info <- L]),
    io:format("  a message from each, allocators named: ~p~n", [Names]).
