-module(receive_bad_timeout_save).
%% A receive whose after value is bad (timeout_value) leaves no save pointer behind: the next
%% receive sees the messages already in the queue (OTP gh-5235).
-export([main/0, id/1]).
id(X) -> X.
main() ->
    id(self()) ! init,
    try receive blipp -> ok after blupp -> ok end catch _:_ -> ok end,
    R1 = receive init -> ok after 1000 -> missing end,
    id(self()) ! init2,
    try receive blapp -> ok after id(blepp) -> ok end catch _:_ -> ok end,
    R2 = receive init2 -> ok after 1000 -> missing end,
    io:format("~p ~p~n", [R1, R2]).
