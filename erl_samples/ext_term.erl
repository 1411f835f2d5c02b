%% External term format: term_to_binary of many terms printed as byte
%% lists, round trips through binary_to_term, encoding options, and
%% binary_to_term on bad input.
-module(ext_term).
-export([main/0]).

main() ->
    encodings(),
    options(),
    round_trips(),
    bad_input(),
    ok.

terms() ->
    [0, 1, 255, 256, -1, -256, 2147483647, 2147483648, -2147483648, -2147483649,
     1 bsl 40, 1 bsl 64, -(1 bsl 64), 1 bsl 255, 1 bsl 2040,
     0.0, 1.5, -2.25, 3.14159, 1.0e300,
     atom, '', 'Hello World', 'ü', true, false, nil,
     {}, {a}, {a, b, c}, list_to_tuple(lists:seq(1, 256)),
     [], [a], [a, b | c], "abc", [1, 256], lists:seq(1, 300),
     [$a, 300], "é",
     <<>>, <<1, 2, 3>>, <<1:1>>, <<255, 7:3>>, <<"binary text">>,
     #{}, #{a => 1}, #{b => 2, a => 1, 3 => c},
     #{key => [nested, {tuple}], "str" => <<"bin">>},
     {tag, [1, 2.0, "three"], #{x => {y}}, <<"four">>}].

encodings() ->
    io:format("-- encodings~n"),
    lists:foreach(
      fun(T) ->
              B = term_to_binary(T),
              io:format("~w~n  ~w~n", [trunc_term(T), short(B)])
      end, terms()).

%% keep output readable: long binaries are shown as size + head + checksum
short(B) when byte_size(B) =< 64 -> binary_to_list(B);
short(B) ->
    {size, byte_size(B), head, binary_to_list(binary:part(B, 0, 24)), sum, checksum(B)}.

checksum(B) -> checksum(B, 0).
checksum(<<>>, Acc) -> Acc;
checksum(<<X, R/binary>>, Acc) -> checksum(R, (Acc * 31 + X) rem 1000000007).

trunc_term(T) when is_tuple(T), tuple_size(T) > 10 -> {tuple_of_size, tuple_size(T)};
trunc_term(T) when is_list(T) ->
    case catch length(T) of
        N when is_integer(N), N > 10 -> {list_of_length, N};
        _ -> T
    end;
trunc_term(T) when is_integer(T), T > 1 bsl 300 -> {big_integer_bits, bits(T, 0)};
trunc_term(T) -> T.

bits(0, N) -> N;
bits(X, N) -> bits(X bsr 1, N + 1).

options() ->
    io:format("-- options~n"),
    Float = 3.14159,
    io:format("minor 0: ~w~n", [binary_to_list(term_to_binary(Float, [{minor_version, 0}]))]),
    io:format("minor 1: ~w~n", [binary_to_list(term_to_binary(Float, [{minor_version, 1}]))]),
    io:format("minor 2: ~w~n", [binary_to_list(term_to_binary(Float, [{minor_version, 2}]))]),
    io:format("atom minor 1: ~w~n", [binary_to_list(term_to_binary(héllo, [{minor_version, 1}]))]),
    io:format("atom minor 2: ~w~n", [binary_to_list(term_to_binary(héllo, [{minor_version, 2}]))]),
    Rep = lists:duplicate(200, $a),
    C = term_to_binary(Rep, [compressed]),
    %% The deflate output itself depends on the zlib implementation, so
    %% only the header (tag 80 + uncompressed size) is printed.
    io:format("compressed smaller ~w~n", [byte_size(C) < byte_size(term_to_binary(Rep))]),
    io:format("compressed head ~w~n", [binary_to_list(binary:part(C, 0, 6))]),
    Deflated = <<131,80,0,0,0,78,120,156,203,96,202,102,48,74,36,25,100,51,136,48,50,49,
                 179,176,178,177,115,112,114,113,243,240,242,241,11,8,10,9,139,0,0,247,27,
                 21,75>>,
    io:format("decompress literal ~w~n", [binary_to_term(Deflated)]),
    io:format("compressed round trip ~w~n", [binary_to_term(C) =:= Rep]),
    Small = term_to_binary(abc, [compressed]),
    io:format("compressed small (not worth it) ~w~n", [binary_to_list(Small)]),
    C9 = term_to_binary(Rep, [{compressed, 9}]),
    io:format("compressed 9 round trip ~w~n", [binary_to_term(C9) =:= Rep]),
    C0 = term_to_binary(Rep, [{compressed, 0}]),
    io:format("compressed 0 round trip ~w~n", [binary_to_term(C0) =:= Rep]),
    io:format("deterministic ~w~n", [binary_to_list(term_to_binary(#{b => 1, a => 2}, [deterministic]))]),
    io:format("external_size ~w ~w~n", [erlang:external_size(Rep), erlang:external_size({a, <<"b">>})]),
    io:format("iovec ~w~n", [erlang:term_to_iovec({a, <<"bin">>})]),
    Big = maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
    BB = term_to_binary(Big),
    io:format("40-key map: ~w~n", [short(BB)]),
    io:format("40-key map head: ~w~n", [binary_to_list(binary:part(BB, 0, 40))]),
    io:format("40-key map round trip ~w~n", [binary_to_term(BB) =:= Big]),
    %% the element order of a large map with atom keys depends on atom-table
    %% indices (see maps_large.erl), so only order-independent facts here
    Atoms = maps:from_list([{list_to_atom("k" ++ integer_to_list(I)), I} || I <- lists:seq(1, 40)]),
    AB = term_to_binary(Atoms),
    io:format("40-atom-key map: size ~w head ~w round trip ~w~n",
              [byte_size(AB), binary_to_list(binary:part(AB, 0, 6)), binary_to_term(AB) =:= Atoms]),
    io:format("40-atom-key map deterministic: ~w~n",
              [short(term_to_binary(Atoms, [deterministic]))]).

round_trips() ->
    io:format("-- round trips~n"),
    Results = [binary_to_term(term_to_binary(T)) =:= T || T <- terms()],
    io:format("all equal: ~w (~w terms)~n", [lists:all(fun(X) -> X end, Results), length(Results)]),
    Fun = fun lists:sum/1,
    Fun2 = binary_to_term(term_to_binary(Fun)),
    io:format("external fun: ~w ~w~n", [Fun2 =:= Fun, Fun2([1, 2, 3])]),
    io:format("ext fun bytes: ~w~n", [binary_to_list(term_to_binary(Fun))]),
    Hand = <<131, 104, 2, 100, 0, 2, 104, 105, 97, 42>>,
    io:format("hand-made: ~w~n", [binary_to_term(Hand)]),
    io:format("small atom utf8: ~w~n", [binary_to_term(<<131, 119, 3, "abc">>)]),
    io:format("string ext: ~w~n", [binary_to_term(<<131, 107, 0, 3, 1, 2, 3>>)]),
    io:format("new float: ~w~n", [binary_to_term(<<131, 70, 64, 9, 33, 249, 240, 27, 134, 110>>)]),
    io:format("old float: ~w~n", [binary_to_term(list_to_binary([131, 99, "1.50000000000000000000e+00", lists:duplicate(5, 0)]))]),
    io:format("small big: ~w~n", [binary_to_term(<<131, 110, 3, 1, 1, 2, 3>>)]),
    io:format("binary_to_term/2 safe: ~w~n", [binary_to_term(term_to_binary(ok), [safe])]),
    {T, Used} = binary_to_term(<<131, 97, 5, "trailing">>, [used]),
    io:format("used: ~w ~w~n", [T, Used]),
    io:format("binary ref: ~w~n", [binary_to_term(term_to_binary(binary:part(<<"0123456789">>, 2, 3)))]),
    io:format("bitstring: ~w~n", [binary_to_term(term_to_binary(<<1, 2, 3:5>>))]).

bad_input() ->
    io:format("-- bad input~n"),
    Bad = [<<>>, <<131>>, <<130, 97, 1>>, <<131, 97>>, <<131, 107, 0, 5, 1>>,
           <<131, 100, 0, 10, "ab">>, <<131, 255>>, <<"not a term">>,
           <<131, 104, 3, 97, 1>>, <<131, 80, 0, 0, 0, 10, 1, 2, 3>>],
    lists:foreach(
      fun(B) ->
              R = try binary_to_term(B) catch C:E -> {C, E} end,
              io:format("~w -> ~w~n", [B, R])
      end, Bad),
    R1 = try binary_to_term(not_binary) catch C1:E1 -> {C1, E1} end,
    io:format("non-binary -> ~w~n", [R1]),
    R2 = try binary_to_term(<<131, 100, 0, 4, "zqzq">>, [safe]) catch C2:E2 -> {C2, E2} end,
    io:format("safe unknown atom -> ~w~n", [R2]),
    R3 = try term_to_binary(x, [{minor_version, 9}]) catch C3:E3 -> {C3, E3} end,
    io:format("bad option -> ~w~n", [R3]).
