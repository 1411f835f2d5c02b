%% binary_to_term/1 refuses the old pid, port and reference forms (PID_EXT, PORT_EXT,
%% REFERENCE_EXT, NEW_REFERENCE_EXT) with a creation above 3, as erts.
-module(etf_tiny_creation).
-export([main/0]).

node_atom() -> <<100, 0, 4, "a@bc">>.

main() ->
    N = node_atom(),
    [begin
         Pid = <<131, 103, N/binary, 0, 0, 0, 17, 0, 0, 0, 0, C>>,
         Port = <<131, 102, N/binary, 0, 0, 0, 5, C>>,
         Ref = <<131, 101, N/binary, 0, 0, 0, 7, C>>,
         NewRef = <<131, 114, 0, 1, N/binary, C, 0, 0, 0, 9>>,
         io:format("creation ~w: ~w~n", [C, [ok_or_badarg(B) || B <- [Pid, Port, Ref, NewRef]]])
     end || C <- [0, 1, 3, 4, 255]],
    io:format("bad pid in a tuple: ~w~n",
              [ok_or_badarg(<<131, 104, 2, 103, 100, 0, 20, "wslin1427198@wslin14",
                              255, 255, 255, 255, 255, 255, 255, 255, 255, 106>>)]),
    ok.

ok_or_badarg(B) ->
    try binary_to_term(B) of
        T -> {ok, node(T)}
    catch
        error:badarg -> badarg
    end.
