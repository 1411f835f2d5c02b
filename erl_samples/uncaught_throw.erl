%% main/0 throws without a catch: the reason becomes {nocatch, Value} and
%% the system terminates as described in uncaught_error.erl (stdout line
%% from erlang:display, slogan + crash dump notice on stderr, status 1).
%% Nothing is printed before the throw, to keep stdout ordering
%% deterministic.
-module(uncaught_throw).
-export([main/0]).

main() ->
    throw({not_caught, [1, 2, 3]}).
