%% Reaches the prim_file, prim_buffer and erts_internal functions that no other sample
%% calls (Hamlet's coverage report listed them as never called): advise, allocate,
%% handle info, hard links, mode, owner and time changes, a Windows device cwd and
%% altname (errors on Unix), handles, descriptors, name translation, buffer locks, the
%% perf counter unit and a system process.
-module(prim_file_rare).
-export([main/0, system_process/1]).
-include_lib("kernel/include/file.hrl").

main() ->
    Dir = "prim_file_rare.tmp",
    _ = file:del_dir_r(Dir),
    ok = file:make_dir(Dir),
    A = filename:join(Dir, "a"),
    B = filename:join(Dir, "b"),
    ok = file:write_file(A, <<"hello prim_file">>),
    {ok, Fd} = file:open(A, [raw, read, write, binary]),
    io:format("advise ~p~n", [file:advise(Fd, 0, 0, sequential)]),
    io:format("advise bad ~p~n", [file:advise(Fd, 0, 0, sideways)]),
    Alloc = file:allocate(Fd, 0, 4096),
    io:format("allocate ~p~n", [Alloc =:= ok orelse Alloc =:= {error, enotsup}]),
    {ok, HI} = file:read_file_info(Fd),
    io:format("handle info ~p ~p ~p~n", [HI#file_info.type, HI#file_info.size >= 15,
                                          HI#file_info.access]),
    {ok, HIp} = prim_file:read_handle_info(Fd, [{time, posix}]),
    io:format("handle info posix ~p~n", [is_integer(HIp#file_info.mtime)]),
    H = prim_file:get_handle(Fd),
    io:format("handle ~p~n", [is_binary(H)]),
    ok = file:close(Fd),
    io:format("closed handle ~p~n", [prim_file:get_handle(Fd)]),
    io:format("link ~p~n", [file:make_link(A, B)]),
    io:format("link again ~p~n", [file:make_link(A, B)]),
    {ok, LI} = file:read_file_info(B),
    io:format("links ~p~n", [LI#file_info.links]),
    io:format("mode ~p~n", [file:change_mode(B, 8#600)]),
    {ok, MI} = file:read_file_info(A),
    io:format("mode now ~.8B~n", [MI#file_info.mode band 8#777]),
    io:format("owner ~p~n", [file:change_owner(A, MI#file_info.uid, MI#file_info.gid)]),
    io:format("owner missing ~p~n", [file:change_owner(filename:join(Dir, "none"), 0)]),
    io:format("time ~p~n",
              [file:write_file_info(A, #file_info{atime = 946684800, mtime = 978307200},
                                    [{time, posix}])]),
    {ok, TI} = file:read_file_info(A, [{time, posix}]),
    io:format("times ~p ~p~n", [TI#file_info.atime, TI#file_info.mtime]),
    io:format("device cwd ~p ~p ~p~n",
              [prim_file:get_cwd("c:"), prim_file:get_cwd("cd"), prim_file:get_cwd(x)]),
    io:format("altname ~p~n", [file:altname(A)]),
    io:format("fd to ref ~p~n", [prim_file:file_desc_to_ref(100000, [read])]),
    io:format("fd to ref badarg ~p~n", [prim_file:file_desc_to_ref(x, [read])]),
    io:format("translatable ~p ~p~n",
              [prim_file:is_translatable(<<"abc">>), prim_file:is_translatable(<<"caf", 233/utf8>>)]),
    io:format("normalize ~w ~w ~w~n",
              [prim_file:internal_normalize_utf8(<<"cafe", 204, 129>>),
               prim_file:internal_normalize_utf8(<<>>),
               try prim_file:internal_normalize_utf8(<<255>>) catch error:E2 -> E2 end]),
    Buf = prim_buffer:new(),
    io:format("locks ~p ~p ~p ~p~n",
              [prim_buffer:try_lock(Buf), prim_buffer:try_lock(Buf), prim_buffer:unlock(Buf),
               prim_buffer:try_lock(Buf)]),
    io:format("perf unit ~p~n", [is_integer(erts_internal:perf_counter_unit())]),
    io:format("perf convert ~p~n",
              [erlang:convert_time_unit(erts_internal:perf_counter_unit(), perf_counter, second)]),
    Self = self(),
    %% A system process must never end (erts halts the VM when one does): it reports and waits.
    Sys = erts_internal:spawn_system_process(?MODULE, system_process, [Self]),
    io:format("system process ~p~n", [is_pid(Sys)]),
    receive from_system -> io:format("message from_system~n") end,
    io:format("dist_get_stat ~p~n", [try erlang:dist_get_stat(self()) catch error:E -> E end]),
    ok = file:del_dir_r(Dir),
    ok.

system_process(Parent) ->
    Parent ! from_system,
    receive after infinity -> ok end.
