%% Logged reports must all be printed before the VM stops: gen_servers crash (each logs its
%% ERROR REPORT and proc_lib's CRASH REPORT through the default logger handler), and the
%% program returns at once to -s init stop. init:stop/0 stops the system in order: every
%% report logged before it must be printed. The handler prints one line per report (level and
%% where it was logged), so the output has no pids or timestamps.
-module(stop_flush).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2]).
-include_lib("kernel/include/logger.hrl").

main() ->
    ok = logger:set_handler_config(default, formatter,
                                   {logger_formatter, #{legacy_header => false, single_line => true,
                                                        template => [level, " ", mfa, "\n"]}}),
    Names = [list_to_atom("server_" ++ integer_to_list(I)) || I <- lists:seq(1, 5)],
    Pids = [begin {ok, P} = gen_server:start({local, N}, ?MODULE, [], []), P end || N <- Names],
    %% One at a time, so that the reports come in a fixed order.
    [begin
         R = erlang:monitor(process, P),
         gen_server:cast(P, crash),
         receive {'DOWN', R, process, _, _} -> ok end
     end || P <- Pids],
    %% Printed through the handler too (io:format could come before or after the reports).
    ?LOG_ERROR("~p servers crashed", [length(Names)]).

init([]) -> {ok, 0}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(crash, S) -> erlang:error({crashed, S}).
