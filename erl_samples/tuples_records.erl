%% Tuples (BIFs on tuples) and records (creation, access, update, matching,
%% record_info, badrecord errors).
-module(tuples_records).
-export([main/0]).

-record(point, {x = 0, y = 0}).
-record(person, {name, age = 0 :: integer(), email = undefined, tags = []}).
-record(empty, {}).

main() ->
    tuples(),
    records(),
    errors(),
    ok.

id(X) -> X.

tuples() ->
    io:format("-- tuples~n"),
    T = {a, b, c, d},
    io:format("~p ~p ~p~n", [element(1, T), element(4, T), tuple_size(T)]),
    io:format("~p~n", [setelement(2, T, replaced)]),
    io:format("~p~n", [erlang:make_tuple(3, x)]),
    io:format("~p~n", [erlang:make_tuple(5, 0, [{2, two}, {4, four}, {2, again}])]),
    io:format("~p~n", [erlang:append_element(T, e)]),
    io:format("~p~n", [erlang:delete_element(2, T)]),
    io:format("~p~n", [erlang:insert_element(1, T, first)]),
    io:format("~p~n", [tuple_to_list(T)]),
    io:format("~p ~p~n", [{}, tuple_size({})]),
    io:format("~p~n", [list_to_tuple(lists:seq(1, 5))]),
    Big = erlang:make_tuple(1000, filler),
    Big2 = setelement(1000, setelement(500, Big, middle), last),
    io:format("~p ~p ~p ~p~n", [tuple_size(Big2), element(500, Big2), element(1000, Big2),
                                element(999, Big2)]),
    {A, {B, C}, _} = {1, {2, 3}, 4},
    io:format("destructure ~p ~p ~p~n", [A, B, C]),
    io:format("size/1 ~p~n", [size({1, 2})]),
    io:format("is_tuple ~p ~p~n", [is_tuple(T), is_tuple([T])]),
    io:format("nested ~p~n", [{{{}}, [{}], {[]}}]),
    io:format("compare ~p ~p~n", [{1, 2} < {1, 3}, {9} < {1, 1}]).

records() ->
    io:format("-- records~n"),
    P = #point{},
    P2 = #point{x = 3, y = 4},
    io:format("~p ~p~n", [P, P2]),
    io:format("x=~p y=~p~n", [P2#point.x, P2#point.y]),
    P3 = P2#point{y = 10},
    io:format("updated ~p~n", [P3]),
    io:format("field index ~p ~p~n", [#point.x, #point.y]),
    io:format("record_info ~p ~p~n", [record_info(fields, person), record_info(size, person)]),
    Ann = #person{name = "Ann", age = 31},
    Bob = #person{name = "Bob", email = "bob@example.com", tags = [admin]},
    People = [Ann, Bob, #person{name = "Cid", age = 19, tags = [new, guest]}],
    lists:foreach(fun(Pp) -> io:format("~p~n", [Pp]) end, People),
    io:format("names ~p~n", [[N || #person{name = N} <- People]]),
    io:format("adults ~p~n", [[N || #person{name = N, age = Ag} <- People, Ag >= 21]]),
    io:format("sorted by age ~p~n", [[Pp#person.name || Pp <- lists:keysort(#person.age, People)]]),
    Older = [Pp#person{age = Pp#person.age + 1} || Pp <- People],
    io:format("ages ~p~n", [[Pp#person.age || Pp <- Older]]),
    io:format("describe ~s~n", [describe(Bob)]),
    io:format("describe ~s~n", [describe(P2)]),
    io:format("describe ~s~n", [describe(#empty{})]),
    io:format("is_record ~p ~p ~p~n", [is_record(Ann, person), is_record(P, person),
                                       is_record({point, 1}, point)]),
    io:format("as tuple ~w~n", [setelement(1, P2, other)]),
    io:format("guard ~p ~p~n", [is_point(P2), is_point({point, 1, 2, 3})]),
    Nested = {wrapper, #point{x = #point{x = 1}, y = [#point{}]}},
    io:format("~p~n", [Nested]),
    {wrapper, #point{x = #point{x = InnerX}}} = Nested,
    io:format("inner x ~p~n", [InnerX]).

describe(#person{name = N, tags = []}) -> "person " ++ N ++ " without tags";
describe(#person{name = N, tags = Ts}) -> "person " ++ N ++ " " ++ io_lib:format("~w", [Ts]);
describe(#point{x = X, y = Y}) when X =:= Y -> "diagonal point";
describe(#point{}) -> "point";
describe(Other) -> io_lib:format("something else: ~p", [Other]).

is_point(R) when is_record(R, point) -> true;
is_point(_) -> false.

errors() ->
    io:format("-- errors~n"),
    Tests = [{"element 0", fun() -> element(0, id({a})) end},
             {"element 2", fun() -> element(2, id({a})) end},
             {"element list", fun() -> element(1, id([a])) end},
             {"setelement 5", fun() -> setelement(5, id({a}), b) end},
             {"tuple_size list", fun() -> tuple_size(id([])) end},
             {"make_tuple neg", fun() -> erlang:make_tuple(id(-1), a) end},
             {"record access", fun() -> (id({point, 1}))#point.x end},
             {"record access 2", fun() -> (id(#person{}))#point.y end},
             {"record update", fun() -> (id(not_a_record))#point{x = 1} end},
             {"record update 2", fun() -> (id(#point{}))#person{age = 1} end},
             {"match", fun() -> #point{x = 1} = id(#point{x = 2}) end}],
    lists:foreach(
      fun({Label, F}) ->
              Res = try F() of V -> {ok, V} catch C:R -> {C, R} end,
              io:format("~-16s -> ~p~n", [Label, Res])
      end, Tests).
