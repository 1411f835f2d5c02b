%% RAM files (file:open(Data, [ram | Modes]), kernel's ram_file over the ram_file_drv
%% driver): reads, writes, positions, pread/pwrite, truncate, the whole contents, sizes, the
%% errors of each mode, list and binary modes.
-module(ram_file_ops).
-export([main/0]).

main() ->
    {ok, F} = file:open(<<"hello world">>, [ram, read, write, binary]),
    show(read5, file:read(F, 5)),
    show(position_cur, file:position(F, cur)),
    show(read_rest, file:read(F, 100)),
    show(read_eof, file:read(F, 1)),
    show(position_bof, file:position(F, bof)),
    show(write, file:write(F, <<"HELLO">>)),
    show(pread, file:pread(F, 0, 11)),
    show(pread_past_end, file:pread(F, 50, 3)),
    show(pwrite_past_end, file:pwrite(F, 14, <<"!!">>)),
    show(size, ram_file:get_size(F)),
    show(contents, ram_file:get_file(F)),
    show(position_eof, file:position(F, {eof, -4})),
    show(truncate, file:truncate(F)),
    show(after_truncate, ram_file:get_file(F)),
    show(position_past, file:position(F, 20)),
    show(truncate_past, file:truncate(F)),
    show(grown, ram_file:get_file(F)),
    show(negative_position, file:position(F, {bof, -1})),
    show(bad_position, file:position(F, {nowhere, 1})),
    show(pread_negative, file:pread(F, -1, 2)),
    show(multi_pread, file:pread(F, [{0, 2}, {4, 3}, {100, 1}])),
    show(sync, file:sync(F)),
    show(datasync, file:datasync(F)),
    show(advise, file:advise(F, 0, 10, normal)),
    show(allocate, file:allocate(F, 0, 10)),
    show(close, file:close(F)),
    show(closed_read, file:read(F, 1)),
    %% list mode
    {ok, L} = file:open("abc\ndef\n", [ram, read]),
    show(list_read, file:read(L, 2)),
    show(list_read_rest, file:read(L, 10)),
    show(list_position, file:position(L, {cur, -3})),
    show(list_pread, file:pread(L, 1, 4)),
    show(read_only_write, file:write(L, "x")),
    show(read_only_truncate, file:truncate(L)),
    ok = file:close(L),
    {ok, W} = file:open(<<>>, [ram, write]),
    show(write_only_read, file:read(W, 1)),
    show(write_only_write, file:write(W, ["ab", $c, <<"de">>])),
    show(write_only_get, ram_file:get_file(W)),
    ok = file:close(W),
    show(bad_mode, catch file:open(<<"x">>, [ram, append])),
    ok.

show(What, Result) -> io:format("~p: ~p~n", [What, Result]).
