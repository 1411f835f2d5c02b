%% The environment erl's launcher gives the VM and the programs its ports start: ROOTDIR,
%% BINDIR, EMU, PROGNAME, and erts' bin directory then the root's bin directory first in PATH
%% (so inet_gethost, which kernel's host name look-up spawns, is found).
-module(launcher_env).
-export([main/0]).

main() ->
    Root = os:getenv("ROOTDIR"),
    Bindir = os:getenv("BINDIR"),
    {ok, [[BindirArg]]} = init:get_argument(bindir),
    io:format("ROOTDIR is the root: ~p~n", [Root =:= code:root_dir()]),
    io:format("BINDIR is -bindir: ~p~n", [Bindir =:= BindirArg]),
    io:format("EMU ~p PROGNAME ~p~n", [os:getenv("EMU"), os:getenv("PROGNAME")]),
    io:format("PATH starts with them: ~p~n",
              [lists:prefix(Bindir ++ ":" ++ Root ++ "/bin:", os:getenv("PATH"))]),
    io:format("seen by a child: ~p~n",
              [os:cmd("echo $ROOTDIR $BINDIR $EMU $PROGNAME") =:=
                   lists:flatten([Root, " ", Bindir, " beam erl\n"])]),
    io:format("inet_gethost in BINDIR: ~p~n",
              [os:find_executable("inet_gethost") =:= filename:join(Bindir, "inet_gethost")]),
    io:format("~p~n", [inet:gethostbyname("localhost")]),
    ok.
