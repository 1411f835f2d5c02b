%% Mini program: a small JSON encoder, pretty printer and parser for
%% Erlang terms (maps, lists, binaries, numbers, booleans, null).
-module(json_pp).
-export([main/0]).

main() ->
    Doc = #{<<"name">> => <<"Hamlet">>,
            <<"version">> => [0, 1, 0],
            <<"stable">> => false,
            <<"license">> => null,
            <<"ratio">> => 0.75,
            <<"authors">> => [#{<<"name">> => <<"Ophelia">>, <<"commits">> => 42},
                              #{<<"name">> => <<"Horatio">>, <<"commits">> => 7}],
            <<"escapes">> => <<"quote \" backslash \\ newline \n tab \t">>,
            <<"empty_list">> => [],
            <<"empty_object">> => #{},
            <<"nested">> => #{<<"a">> => #{<<"b">> => #{<<"c">> => [1, [2, [3]]]}}}},
    Compact = iolist_to_binary(encode(Doc)),
    io:format("compact:~n~s~n", [Compact]),
    io:format("pretty:~n~s~n", [pretty(Doc, 0)]),
    {Parsed, <<>>} = parse(skip_ws(Compact)),
    io:format("round trip equal: ~p~n", [Parsed =:= Doc]),
    Inputs = [<<"[1, 2.5, -3, 1e3, \"x\", true, false, null]">>,
              <<"{\"k\": {\"inner\": []}, \"n\": -0.125}">>,
              <<"  \"\\u00e9\\n\"  ">>,
              <<"[[[[]]]]">>,
              <<"{\"a\":1,\"b\":[{\"c\":null}]}">>,
              <<"[1, 2,">>,
              <<"{\"a\" 1}">>],
    lists:foreach(
      fun(In) ->
              R = try parse(skip_ws(In)) of
                      {V, Rest} -> {ok, V, skip_ws(Rest)}
                  catch
                      throw:E -> {parse_error, E}
                  end,
              io:format("~s~n  => ~p~n", [In, R])
      end, Inputs),
    ok.

%% ---- encoder ----
encode(null) -> <<"null">>;
encode(true) -> <<"true">>;
encode(false) -> <<"false">>;
encode(N) when is_integer(N) -> integer_to_binary(N);
encode(F) when is_float(F) -> float_to_binary(F, [short]);
encode(B) when is_binary(B) -> [$", escape(B), $"];
encode(L) when is_list(L) -> [$[, join([encode(X) || X <- L], $,), $]];
encode(M) when is_map(M) ->
    [${, join([[encode(K), $:, encode(V)] || {K, V} <- lists:sort(maps:to_list(M))], $,), $}].

join([], _) -> [];
join([H | T], Sep) -> [H | [[Sep, X] || X <- T]].

escape(B) -> [esc(C) || <<C>> <= B].
esc($") -> <<"\\\"">>;
esc($\\) -> <<"\\\\">>;
esc($\n) -> <<"\\n">>;
esc($\t) -> <<"\\t">>;
esc(C) when C < 32 -> io_lib:format("\\u~4.16.0b", [C]);
esc(C) -> C.

%% ---- pretty printer ----
pretty(M, Ind) when is_map(M), map_size(M) > 0 ->
    Pairs = lists:sort(maps:to_list(M)),
    Inner = [[indent(Ind + 1), encode(K), ": ", pretty(V, Ind + 1)] || {K, V} <- Pairs],
    ["{\n", join(Inner, ",\n"), "\n", indent(Ind), "}"];
pretty(L, Ind) when is_list(L), L =/= [] ->
    case lists:all(fun(X) -> not is_map(X) andalso not is_list(X) end, L) of
        true -> encode(L);
        false ->
            Inner = [[indent(Ind + 1), pretty(X, Ind + 1)] || X <- L],
            ["[\n", join(Inner, ",\n"), "\n", indent(Ind), "]"]
    end;
pretty(X, _) -> encode(X).

indent(N) -> lists:duplicate(N * 2, $\s).

%% ---- parser ----
skip_ws(<<C, R/binary>>) when C =:= $\s; C =:= $\n; C =:= $\t; C =:= $\r -> skip_ws(R);
skip_ws(B) -> B.

parse(<<"null", R/binary>>) -> {null, R};
parse(<<"true", R/binary>>) -> {true, R};
parse(<<"false", R/binary>>) -> {false, R};
parse(<<$", R/binary>>) -> parse_string(R, <<>>);
parse(<<$[, R/binary>>) ->
    case skip_ws(R) of
        <<$], R2/binary>> -> {[], R2};
        R2 -> parse_elements(R2, [])
    end;
parse(<<${, R/binary>>) ->
    case skip_ws(R) of
        <<$}, R2/binary>> -> {#{}, R2};
        R2 -> parse_members(R2, #{})
    end;
parse(<<C, _/binary>> = B) when C =:= $-; C >= $0, C =< $9 -> parse_number(B);
parse(<<>>) -> throw(unexpected_end);
parse(<<C, _/binary>>) -> throw({unexpected_char, C}).

parse_elements(B, Acc) ->
    {V, R} = parse(skip_ws(B)),
    case skip_ws(R) of
        <<$,, R2/binary>> -> parse_elements(R2, [V | Acc]);
        <<$], R2/binary>> -> {lists:reverse([V | Acc]), R2};
        <<>> -> throw(unexpected_end);
        <<C, _/binary>> -> throw({expected_comma_or_bracket, C})
    end.

parse_members(B, Acc) ->
    {K, R} = case skip_ws(B) of
                 <<$", R0/binary>> -> parse_string(R0, <<>>);
                 _ -> throw(expected_key)
             end,
    case skip_ws(R) of
        <<$:, R2/binary>> ->
            {V, R3} = parse(skip_ws(R2)),
            Acc2 = Acc#{K => V},
            case skip_ws(R3) of
                <<$,, R4/binary>> -> parse_members(R4, Acc2);
                <<$}, R4/binary>> -> {Acc2, R4};
                _ -> throw(expected_comma_or_brace)
            end;
        <<C, _/binary>> -> throw({expected_colon, C})
    end.

parse_string(<<$", R/binary>>, Acc) -> {Acc, R};
parse_string(<<$\\, $n, R/binary>>, Acc) -> parse_string(R, <<Acc/binary, $\n>>);
parse_string(<<$\\, $t, R/binary>>, Acc) -> parse_string(R, <<Acc/binary, $\t>>);
parse_string(<<$\\, $u, H:4/binary, R/binary>>, Acc) ->
    Cp = binary_to_integer(H, 16),
    parse_string(R, <<Acc/binary, Cp/utf8>>);
parse_string(<<$\\, C, R/binary>>, Acc) -> parse_string(R, <<Acc/binary, C>>);
parse_string(<<C, R/binary>>, Acc) -> parse_string(R, <<Acc/binary, C>>);
parse_string(<<>>, _) -> throw(unterminated_string).

parse_number(B) ->
    {Chars, R} = take_num(B, []),
    S = Chars,
    V = case lists:any(fun(C) -> lists:member(C, ".eE") end, S) of
            false -> list_to_integer(S);
            true -> to_float(S)
        end,
    {V, R}.

to_float(S) ->
    S2 = case lists:member($., S) of
             true -> S;
             false ->
                 {Mant, Exp} = lists:splitwith(fun(C) -> C =/= $e andalso C =/= $E end, S),
                 Mant ++ ".0" ++ Exp
         end,
    list_to_float(S2).

take_num(<<C, R/binary>>, Acc) when C >= $0, C =< $9; C =:= $-; C =:= $+; C =:= $.; C =:= $e; C =:= $E ->
    take_num(R, [C | Acc]);
take_num(R, Acc) -> {lists:reverse(Acc), R}.
