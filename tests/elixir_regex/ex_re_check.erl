%% Elixir regexes on Hamlet: one compiled at run time (Regex.compile!) and the
%% precompiled literals of ReLiteral (re_literal.ex, compiled by elixirc on the BEAM,
%% so they hold PCRE 8.44 bytecode that Regex recompiles from source on Hamlet).
%% Run by tools/check-elixir-regex.sh.
-module(ex_re_check).
-export([main/0]).
main() ->
    Text = <<"Hello, world! It's 2024">>,
    Regex = 'Elixir.Regex':'compile!'(<<"[^a-zA-Z']+">>),
    io:format("~p~n", [ 'Elixir.String':split(Text, Regex, [{trim, true}]) ]),
    io:format("~p~n", [ 'Elixir.ReLiteral':words(Text) ]),
    io:format("~p~n", [ 'Elixir.ReLiteral':more() ]),
    ok.
