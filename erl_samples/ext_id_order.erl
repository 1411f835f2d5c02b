%% The order of pids, ports and references of other nodes (built from the external term
%% format), and of this node's against them: erts compares pids by serial, then number,
%% then node (name, then creation); ports and references by node first. global's locker
%% needs two nodes to sort the lockers' pids alike. Output: sorted positions and
%% pairwise comparisons (the terms themselves print with node numbers that differ).
-module(ext_id_order).
-export([main/0]).

atom(A) ->
    B = atom_to_binary(A, utf8),
    <<119, (byte_size(B)), B/binary>>.

pid(Node, Num, Ser, Cre) ->
    binary_to_term(<<131, 88, (atom(Node))/binary, Num:32, Ser:32, Cre:32>>).
port(Node, Num, Cre) ->
    binary_to_term(<<131, 120, (atom(Node))/binary, Num:64, Cre:32>>).
ref(Node, Cre, Nums) ->
    binary_to_term(<<131, 90, (length(Nums)):16, (atom(Node))/binary, Cre:32,
                     << <<N:32>> || N <- Nums >>/binary>>).

show(What, Terms) ->
    Indexed = lists:zip(Terms, lists:seq(1, length(Terms))),
    Sorted = [I || {_, I} <- lists:sort(Indexed)],
    Cmp = [[cmp(A, B) || B <- Terms] || A <- Terms],
    io:format("~p sorted ~w~n", [What, Sorted]),
    [io:format("~p ~s~n", [What, Row]) || Row <- Cmp],
    ok.

cmp(A, B) when A < B -> $<;
cmp(A, B) when A > B -> $>;
cmp(A, B) when A == B -> $=.

main() ->
    Pids = [pid('b@h', 17, 0, 1), pid('a@h', 56, 0, 1), pid('a@h', 17, 0, 2),
            pid('a@h', 17, 0, 1), pid('c@h', 3, 1, 1), pid('a@h', 900, 0, 1),
            pid('zz@h', 17, 0, 1), pid('b@h', 2, 2, 5)],
    show(pids, Pids),
    %% A local pid has serial 0 and this node (nonode@nohost, creation 0): below any
    %% external pid with a serial above 0, whatever its number.
    show(local_pid, [self(), pid('a@h', 0, 1, 1), pid('zz@h', 0, 1, 1)]),
    Ports = [port('b@h', 1, 1), port('a@h', 9, 1), port('a@h', 9, 2), port('a@h', 1, 3),
             port('zz@h', 0, 1)],
    show(ports, Ports),
    %% A local port is on nonode@nohost: after a@h, before zz@h, whatever the numbers.
    P = open_port({spawn, "cat"}, []),
    show(local_port, [P, port('a@h', 0, 1), port('zz@h', 0, 1)]),
    port_close(P),
    Refs = [ref('b@h', 1, [1, 2, 3]), ref('a@h', 1, [9, 9, 9]), ref('a@h', 2, [0, 0, 0]),
            ref('a@h', 1, [1, 0, 5]), ref('a@h', 1, [7, 7]), ref('a@h', 1, [7, 7, 0]),
            ref('a@h', 1, [7, 7, 0, 1]), ref('a@h', 1, [8, 6, 0]), ref('zz@h', 1, [1])],
    show(refs, Refs),
    show(local_ref, [make_ref(), ref('a@h', 1, [1, 2, 3]), ref('zz@h', 1, [1, 2, 3])]),
    %% In a tuple and a sorted list, as global's locker id is.
    L = lists:sort([pid('hs1@vm', 17, 0, 7), pid('ec2@vm', 56, 0, 9)]),
    io:format("locker ~w~n", [[node(X) || X <- L]]).
