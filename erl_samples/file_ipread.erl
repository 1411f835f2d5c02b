%% file:ipread_s32bu_p32bu/3 (dets' indirect reads through prim_file): the 8 bytes at an
%% offset are a big-endian size and position; the data there is returned, eof past the end
%% or above the size limit.
-module(file_ipread).
-export([main/0]).

show(Label, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [Label, R]).

main() ->
    Name = "file_ipread.tmp",
    Data = <<5:32, 16:32, 100:32, 24:32, "hello", 0:24, "tail">>,
    ok = file:write_file(Name, Data),
    {ok, Fd} = file:open(Name, [read, raw, binary]),
    show("pointer at 0", fun() -> file:ipread_s32bu_p32bu(Fd, 0, 100) end),
    show("size above the limit", fun() -> file:ipread_s32bu_p32bu(Fd, 0, 4) end),
    show("infinity", fun() -> file:ipread_s32bu_p32bu(Fd, 0, infinity) end),
    show("data cut by the end", fun() -> file:ipread_s32bu_p32bu(Fd, 8, 200) end),
    show("pointer cut by the end", fun() -> file:ipread_s32bu_p32bu(Fd, 25, 100) end),
    show("past the end", fun() -> file:ipread_s32bu_p32bu(Fd, 1000, 100) end),
    show("negative offset", fun() -> file:ipread_s32bu_p32bu(Fd, -1, 100) end),
    show("limit 2^31", fun() -> file:ipread_s32bu_p32bu(Fd, 0, 1 bsl 31) end),
    show("bad offset", fun() -> file:ipread_s32bu_p32bu(Fd, x, 100) end),
    ok = file:close(Fd),
    show("closed", fun() -> file:ipread_s32bu_p32bu(Fd, 0, 100) end),
    ok = file:write_file(Name, <<0:32, 8:32>>),
    {ok, Fd2} = file:open(Name, [read, raw, binary]),
    show("size 0 at the end", fun() -> file:ipread_s32bu_p32bu(Fd2, 0, 100) end),
    ok = file:close(Fd2),
    ok = file:delete(Name).
