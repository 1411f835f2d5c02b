%% The file module's everyday API, which goes through the kernel's file server
%% (file_server_2) and, for file:open/2 without raw, a file_io_server process per file.
%% Run in a scratch directory; prints nothing machine-specific.
-module(file_server_api).
-export([main/0]).

-include_lib("kernel/include/file.hrl").

main() ->
    P = fun(Label, X) -> io:format("~s: ~p~n", [Label, X]) end,
    P(write_file, file:write_file("a.txt", "one\ntwo\n")),
    P(read_file, file:read_file("a.txt")),
    P(read_missing, file:read_file("missing")),
    {ok, Fd} = file:open("b.txt", [write]),
    P(is_pid, is_pid(Fd)),
    P(format, io:format(Fd, "~s ~p~n", ["hello", {1, 2}])),
    P(close, file:close(Fd)),
    P(read_b, file:read_file("b.txt")),
    {ok, In} = file:open("a.txt", [read]),
    P(get_line, io:get_line(In, '')),
    P(read_line, file:read_line(In)),
    P(read_eof, file:read_line(In)),
    ok = file:close(In),
    P(consult, begin
                   ok = file:write_file("terms", "{a, 1}.\n[x, y].\n"),
                   file:consult("terms")
               end),
    P(make_dir, file:make_dir("d")),
    P(list_dir, file:list_dir("d")),
    P(rename, file:rename("b.txt", "d/c.txt")),
    P(list_dir2, file:list_dir("d")),
    {ok, I} = file:read_file_info("d/c.txt"),
    P(info, {I#file_info.size, I#file_info.type}),
    P(delete, file:delete("d/c.txt")),
    P(del_dir, file:del_dir("d")),
    {ok, Cwd} = file:get_cwd(),
    P(cwd_is_list, is_list(Cwd)),
    P(set_cwd_missing, file:set_cwd("missing")),
    ok.
