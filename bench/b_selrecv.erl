%% selrecv: selective receive with a long queue. The process first sends itself 10,000
%% messages that nothing matches, then N times sends itself {tag, I} and receives exactly
%% that message, so every receive scans past the whole queue (erlc's receive-marker
%% optimisation does not apply: the pattern holds no fresh reference).
%% Result: the sum of the received I plus the number of junk messages left.
-module(b_selrecv).
-export([run/1]).

-define(JUNK, 10000).

run(N) ->
    [self() ! {junk, J} || J <- lists:seq(1, ?JUNK)],
    Sum = loop(N, 0),
    {Sum, flush(0)}.

loop(0, Acc) -> Acc;
loop(I, Acc) ->
    self() ! {tag, I},
    receive
        {tag, I} -> loop(I - 1, Acc + I)
    end.

flush(K) ->
    receive
        {junk, _} -> flush(K + 1)
    after 0 -> K
    end.
