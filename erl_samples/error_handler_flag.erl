%% process_flag(error_handler, Module): calls of functions that are not loaded go to
%% Module:undefined_function(M, F, Args), before any loading, as erts does; process_info
%% shows the flag; a new process starts with error_handler. (A handler module without
%% undefined_function/3 is left out: erl 25's JIT dies of SIGILL on such a call.)
-module(error_handler_flag).
-export([main/0, undefined_function/3]).

undefined_function(M, F, Args) -> {handled, M, F, Args}.

show(What, Value) -> io:format("~p: ~p~n", [What, Value]).

main() ->
    show(default, process_info(self(), error_handler)),
    %% Everything main uses below is loaded before the handler changes.
    _ = io_lib:format("~p", [x]),
    Old = process_flag(error_handler, ?MODULE),
    Now = process_info(self(), error_handler),
    Missing = (catch no_such_module:foo(1, 2)),
    MissingFun = (catch lists:no_such_function(x)),
    Loaded = lists:reverse([1, 2]),
    %% A module that is on disk but not loaded yet: the handler gets it too.
    NotLoaded = (catch erl_pp:no_such_function()),
    Prev = process_flag(error_handler, error_handler),
    show(old, Old),
    show(now, Now),
    show(missing_module, Missing),
    show(missing_function, MissingFun),
    show(loaded, Loaded),
    show(not_loaded, NotLoaded),
    show(previous, Prev),
    show(back, catch no_such_module:foo()),
    Parent = self(),
    spawn(fun() -> Parent ! {child, process_info(self(), error_handler)} end),
    receive {child, Info} -> show(child, Info) end,
    show(bad_flag, catch process_flag(error_handler, "x")).
