%% -on_load functions, as the BEAM runs them: modules loaded implicitly by a call and
%% explicitly by code:load_file/1 and code:ensure_loaded/1, with on_load functions that
%% succeed (on_load_ok), return error (on_load_error), return a tuple (on_load_tuple) and
%% raise (on_load_raise). Log events (the code server's warnings, crash reports) go to a
%% handler of this module that sends them here, so they print in a fixed order, with pids
%% masked.
-module(on_load_main).
-export([main/0, try_call/1, log/2]).

main() ->
    setup(),
    io:format("loaded before: ~p~n", [[M || M <- mods(), erlang:module_loaded(M)]]),
    call(on_load_ok, 0),
    call(on_load_error, 0),
    call(on_load_tuple, 1),
    call(on_load_raise, 2),
    io:format("loaded after calls: ~p~n", [[M || M <- mods(), erlang:module_loaded(M)]]),
    io:format("which: ~p~n", [[code:which(M) =:= non_existing || M <- mods()]]),
    %% Explicit loading: the function runs again each time.
    load(on_load_ok, 0),
    load(on_load_error, 0),
    load(on_load_tuple, 1),
    load(on_load_raise, 2),
    io:format("ensure_loaded(on_load_error): ~p~n", [code:ensure_loaded(on_load_error)]),
    reports(0),
    %% A failed module is tried again by the next call.
    call(on_load_error, 0),
    io:format("loaded at the end: ~p~n", [[M || M <- mods(), erlang:module_loaded(M)]]).

%% For the helper modules' own samples (their .args files).
try_call(M) ->
    setup(),
    call(M, case M of on_load_tuple -> 1; on_load_raise -> 2; _ -> 0 end).

mods() -> [on_load_ok, on_load_error, on_load_tuple, on_load_raise].

call(M, Reports) ->
    io:format("~p:f() -> ~p~n", [M, catch M:f()]),
    reports(Reports).

load(M, Reports) ->
    io:format("code:load_file(~p) -> ~p~n", [M, code:load_file(M)]),
    reports(Reports).

setup() ->
    register(?MODULE, self()),
    ok = logger:remove_handler(default),
    ok = logger:add_handler(?MODULE, ?MODULE, #{}).

%% The logger handler: runs in the process that logs.
log(#{level := Level, msg := Msg}, _Config) ->
    ?MODULE ! {report, Level, lists:flatten(text(Msg))}.

text({report, Report}) -> io_lib:format("~p", [Report]);
text({string, S}) -> S;
text({Format, Args}) -> io_lib:format(Format, [mask(A) || A <- Args]).

mask(Pid) when is_pid(Pid) -> pid;
mask(T) -> T.

%% Exactly N log events are expected; they are printed sorted.
reports(N) ->
    Events = lists:sort(collect(N)),
    [io:format("~p report:~n~s~n", [L, T]) || {report, L, T} <- Events],
    receive
        {report, L, T} -> io:format("unexpected ~p report:~n~s~n", [L, T])
    after 100 -> ok
    end.

collect(0) -> [];
collect(N) ->
    receive
        {report, _, _} = E -> [E | collect(N - 1)]
    after 5000 -> [timeout]
    end.
