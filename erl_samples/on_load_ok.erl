%% A module whose -on_load function succeeds: it runs once, when the module is first loaded
%% (here by the first call, from -s on_load_ok main), in a process of its own, before any
%% function of the module can be called from outside. on_load_main also loads it again.
-module(on_load_ok).
-on_load(init/0).
-export([main/0, f/0]).

init() ->
    %% A call by name to the module itself reaches the version already loaded, if any;
    %% otherwise it cannot be served yet and fails with undef.
    Remote = case catch ?MODULE:f() of
                 {'EXIT', {undef, [{?MODULE, f, [], []} | _]}} -> undef;
                 Other -> Other
             end,
    io:format("on_load_ok: on_load runs; loaded: ~p, f/0 exported: ~p, local call: ~p, "
              "remote call: ~p~n",
              [erlang:module_loaded(?MODULE), erlang:function_exported(?MODULE, f, 0), local(),
               Remote]),
    ok.

local() -> from_local_call.

f() -> on_load_ok_f.

main() ->
    io:format("main: f() = ~p, loaded: ~p~n", [f(), erlang:module_loaded(?MODULE)]).
