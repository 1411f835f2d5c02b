%% string:to_float/1 (erts' string:list_to_float/1) takes ',' as a decimal point, as
%% list_to_float/1 does: "1,2" is 1.2; the exponent after it follows the usual rules.
-module(string_to_float_comma).
-export([main/0]).

main() ->
    Inputs = ["1,2", "+1,2e2", "-1,2e+2", "1,2x", "1,2e", "1,2e+,", "1,", ",5", "1,,2",
              "1.2,3", <<"1,5">>, <<"2,5e1 rest">>, "7.9e-,"],
    lists:foreach(
      fun(S) ->
              io:format("~p -> ~p / ~p~n",
                        [S, string:to_float(S), catch_float(S)])
      end, Inputs).

catch_float(S) when is_list(S) ->
    try list_to_float(S) catch error:badarg -> badarg end;
catch_float(S) ->
    try binary_to_float(S) catch error:badarg -> badarg end.
