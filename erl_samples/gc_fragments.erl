%% BIF results that do not fit the heap go to heap fragments; the fragments must count
%% against the heap in the heap tests, so that a loop whose heap tests ask for a few words
%% (allocate 2) while its BIFs make larger bignums still collects them. Prints whether the
%% process's total heap stayed bounded (its garbage is about 700,000 words).
-module(gc_fragments).
-export([main/0]).

main() ->
    Parent = self(),
    spawn(fun() ->
                  Sum = loop(2000, 0),
                  {total_heap_size, T} = process_info(self(), total_heap_size),
                  Parent ! {loop, Sum, T < 100000}
          end),
    receive {loop, S1, B1} -> io:format("loop ~p bounded ~p~n", [S1, B1]) end.

loop(0, Acc) -> Acc;
loop(N, Acc) ->
    F = fact(50, 1),
    loop(N - 1, Acc + sum_digits(F, 0)).

fact(0, Acc) -> Acc;
fact(N, Acc) -> fact(N - 1, Acc * N).

sum_digits(0, S) -> S;
sum_digits(X, S) -> sum_digits(X div 10, S + X rem 10).
