%% The Erlang side of nif_select.c: stubs replaced by the library's NIFs at on_load.
-module(nif_select).
-export([pipe/0, socketpair/0, bad_fd/0, open_file/1, select/3, select_to/4, select_custom/4, write/2,
         read/2, fill/1, drain/1, stop_info/1, notify_stop/1, write_later/2, port_command_later/2, join/0,
         whereis_port/1, is_port_alive/1, port_command/3]).
-on_load(init/0).

init() -> erlang:load_nif("./nif_select", 0).

pipe() -> erlang:nif_error(not_loaded).
socketpair() -> erlang:nif_error(not_loaded).
bad_fd() -> erlang:nif_error(not_loaded).
open_file(_Path) -> erlang:nif_error(not_loaded).
select(_Res, _Modes, _Ref) -> erlang:nif_error(not_loaded).
select_to(_Res, _Modes, _Pid, _Ref) -> erlang:nif_error(not_loaded).
select_custom(_Res, _ReadWrite, _Msg, _UseEnv) -> erlang:nif_error(not_loaded).
write(_Res, _Data) -> erlang:nif_error(not_loaded).
read(_Res, _Max) -> erlang:nif_error(not_loaded).
fill(_Res) -> erlang:nif_error(not_loaded).
drain(_Res) -> erlang:nif_error(not_loaded).
stop_info(_Res) -> erlang:nif_error(not_loaded).
notify_stop(_Res) -> erlang:nif_error(not_loaded).
write_later(_Res, _Data) -> erlang:nif_error(not_loaded).
port_command_later(_Port, _Data) -> erlang:nif_error(not_loaded).
join() -> erlang:nif_error(not_loaded).
whereis_port(_Name) -> erlang:nif_error(not_loaded).
is_port_alive(_Port) -> erlang:nif_error(not_loaded).
port_command(_Port, _Data, _UseEnv) -> erlang:nif_error(not_loaded).
