%% etfjson: JSON-like documents (maps of binaries, numbers, floats, booleans, null and
%% nested lists of maps) encoded with term_to_binary and decoded with binary_to_term, N
%% times, over 16 documents of different sizes. Result: total encoded bytes (also checks
%% that each decoded term equals the original).
-module(b_etfjson).
-export([run/1]).

run(N) ->
    Docs = [doc(K) || K <- lists:seq(1, 16)],
    loop(N, Docs, 0).

loop(0, _, Bytes) -> Bytes;
loop(I, Docs, Bytes) ->
    loop(I - 1, Docs, lists:foldl(fun(D, B) ->
                                          Bin = term_to_binary(D),
                                          D = binary_to_term(Bin),
                                          B + byte_size(Bin)
                                  end, Bytes, Docs)).

doc(K) ->
    #{<<"id">> => K,
      <<"name">> => iolist_to_binary(["user-", integer_to_list(K)]),
      <<"score">> => K * 1.5,
      <<"active">> => K rem 2 =:= 0,
      <<"parent">> => null,
      <<"tags">> => [iolist_to_binary(["t", integer_to_list(T)]) || T <- lists:seq(1, K)],
      <<"items">> => [#{<<"n">> => J, <<"price">> => J / 4, <<"label">> => <<"item">>}
                      || J <- lists:seq(1, 2 * K)]}.
