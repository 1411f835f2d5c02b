%% Local funs in the external term format (NEW_FUN_EXT) and export funs (EXPORT_EXT):
%% the bytes term_to_binary writes (the creator pid masked, as pids differ between runs),
%% round trips, equality and order of decoded funs, erlang:fun_info on them, calling funs
%% whose module is not loaded yet, is another version, or does not exist, and malformed
%% input.
-module(ext_term_funs).
-export([main/0]).

-define(LIB, ext_term_funlib).

main() ->
    encodings(),
    round_trips(),
    not_loaded(),
    unknown_code(),
    export_funs(),
    malformed(),
    ok.

%% term_to_binary's bytes with the creator (self()) replaced by <<"PID">>.
masked(B) ->
    <<131, Pid/binary>> = term_to_binary(self()),
    binary_to_list(binary:replace(B, Pid, <<"PID">>, [global])).

make_funs() ->
    N = 42,
    L = [1, 2, 3],
    F0 = fun() -> ok end,
    F1 = fun(X) -> X + N end,
    F2 = fun(X, Y) -> {X, Y, L, N} end,
    Big = lists:seq(1, 20),
    F3 = fun() -> {Big, <<"bin">>, 3.5, self_atom, F0} end,
    Nested = fun(X) -> F1(X) + length(L) end,
    Ext = fun lists:reverse/1,
    WithExt = fun(X) -> Ext(X) end,
    Many = many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
    [F0, F1, F2, F3, Nested, WithExt, Many].

many(A, B, C, D, E, F, G, H, I, J) ->
    fun(K) -> [A, B, C, D, E, F, G, H, I, J, K] end.

encodings() ->
    io:format("-- encodings~n"),
    lists:foreach(fun(F) ->
                          io:format("~w~n", [masked(term_to_binary(F))])
                  end, make_funs()),
    io:format("minor 0: ~w~n", [masked(term_to_binary(fun() -> 1.5 end, [{minor_version, 0}]))]),
    X = 1.5,
    io:format("float env minor 0: ~w~n", [masked(term_to_binary(fun() -> X end, [{minor_version, 0}]))]),
    io:format("in a tuple: ~w~n", [masked(term_to_binary({a, fun() -> X end, b}))]),
    Dup = lists:duplicate(50, fun() -> X end),
    C = term_to_binary(Dup, [compressed]),
    io:format("compressed: ~w ~w~n", [byte_size(C) < byte_size(term_to_binary(Dup)), binary_to_term(C) =:= Dup]),
    %% erts estimates a local fun's old index and old uniq at 5 bytes each
    io:format("external_size: ~w~n", [[erlang:external_size(F) - byte_size(term_to_binary(F))
                                       || F <- make_funs()]]),
    io:format("iovec: ~w~n", [[iolist_to_binary(term_to_iovec(F)) =:= term_to_binary(F)
                               || F <- make_funs()]]).

round_trips() ->
    io:format("-- round trips~n"),
    Funs = make_funs(),
    Decoded = [binary_to_term(term_to_binary(F)) || F <- Funs],
    io:format("=:= ~w~n", [[D =:= F || {D, F} <- lists:zip(Decoded, Funs)]]),
    io:format("== ~w~n", [[D == F || {D, F} <- lists:zip(Decoded, Funs)]]),
    io:format("same bytes ~w~n", [[term_to_binary(D) =:= term_to_binary(F)
                                   || {D, F} <- lists:zip(Decoded, Funs)]]),
    io:format("order kept ~w~n", [lists:sort(Decoded) =:= lists:sort(Funs)]),
    io:format("compare ~w~n", [[{D < F, D > F} || {D, F} <- lists:zip(Decoded, Funs)]]),
    io:format("phash2 ~w~n", [[erlang:phash2(D) =:= erlang:phash2(F)
                               || {D, F} <- lists:zip(Decoded, Funs)]]),
    [F0, F1, F2, F3, Nested, WithExt, Many] = Decoded,
    io:format("calls ~w~n", [[F0(), F1(1), F2(a, b), F3(), Nested(1), WithExt([1, 2]), Many(k)]]),
    io:format("badarity ~w~n", [element(2, catch_all(fun() -> F1(1, 2) end))]),
    io:format("is_function ~w~n", [[is_function(F1, 1), is_function(F1, 2), is_function(F0, 0)]]),
    Info = erlang:fun_info(F2),
    io:format("fun_info ~w~n", [lists:keydelete(pid, 1, Info)]),
    io:format("fun_info pid ~w~n", [erlang:fun_info(F2, pid) =:= {pid, self()}]),
    io:format("fun_info equal ~w~n", [[erlang:fun_info(D) =:= erlang:fun_info(F)
                                       || {D, F} <- lists:zip(Decoded, Funs)]]),
    io:format("printed ~s~n", [erlang:fun_to_list(F1)]),
    %% a fun sent to another process comes back as it left
    Self = self(),
    P = spawn(fun() -> receive {F, From} -> From ! {back, binary_to_term(term_to_binary(F))} end end),
    P ! {F2, Self},
    receive {back, G} -> io:format("via a process ~w ~w~n", [G =:= F2, G(1, 2)]) end.

%% NEW_FUN_EXT bytes for lambda Index of ext_term_funlib, read from its .beam.
lib_fun_bytes(Index, Env) ->
    %% next to this sample's own .beam (code:which/1 would load nothing either)
    File = filename:join(filename:dirname(code:which(?MODULE)), atom_to_list(?LIB) ++ ".beam"),
    {ok, {?LIB, MD5}} = beam_lib:md5(File),
    {ok, {?LIB, [{"FunT", FunT}]}} = beam_lib:chunks(File, ["FunT"]),
    <<Count:32, Entries/binary>> = FunT,
    Lambdas = [{Ar, Idx, NumFree, OldUniq}
               || <<_Name:32, Ar:32, _Label:32, Idx:32, NumFree:32, OldUniq:32>> <= Entries],
    Count = length(Lambdas),
    {Arity, NewIndex, NumFree, OldUniq} = lists:nth(Index + 1, Lambdas),
    NumFree = length(Env),
    <<131, Pid/binary>> = term_to_binary(self()),
    Body = [<<(Arity - NumFree), MD5/binary, NewIndex:32, NumFree:32>>,
            ext(?LIB), ext(Index), ext(OldUniq), Pid | [ext(E) || E <- Env]],
    Size = 4 + iolist_size(Body),
    iolist_to_binary([131, 112, <<Size:32>> | Body]).

ext(T) -> <<131, B/binary>> = term_to_binary(T), B.

not_loaded() ->
    io:format("-- module not loaded yet~n"),
    io:format("loaded ~w~n", [erlang:module_loaded(?LIB)]),
    %% the lambdas in FunT order: adder/1's, pair/2's, constant/0's
    Bins = [lib_fun_bytes(0, [10]), lib_fun_bytes(1, [x, y]), lib_fun_bytes(2, [])],
    [Adder, Pair, Const] = Funs = [binary_to_term(B) || B <- Bins],
    io:format("still not loaded ~w~n", [erlang:module_loaded(?LIB)]),
    io:format("info ~w~n", [[{erlang:fun_info(F, module), erlang:fun_info(F, name),
                              erlang:fun_info(F, arity), erlang:fun_info(F, env)} || F <- Funs]]),
    io:format("re-encoded ~w~n", [[term_to_binary(F) =:= B || {F, B} <- lists:zip(Funs, Bins)]]),
    io:format("call ~w~n", [Adder(5)]),
    io:format("loaded now ~w~n", [erlang:module_loaded(?LIB)]),
    io:format("calls ~w ~w~n", [Pair(z), Const()]),
    io:format("names ~w~n", [[erlang:fun_info(F, name) || F <- Funs]]),
    Made = [?LIB:adder(10), ?LIB:pair(x, y), ?LIB:constant()],
    io:format("=:= made by the module ~w~n", [[F =:= M || {F, M} <- lists:zip(Funs, Made)]]),
    io:format("same bytes ~w~n", [[term_to_binary(M) =:= B || {M, B} <- lists:zip(Made, Bins)]]),
    io:format("fun_info equal ~w~n", [[erlang:fun_info(F) =:= erlang:fun_info(M)
                                       || {F, M} <- lists:zip(Funs, Made)]]).

catch_all(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R:S -> {C, R, S}
    end.

unknown_code() ->
    io:format("-- code that is not there~n"),
    Orig = ?LIB:adder(1),
    B = term_to_binary(Orig),
    %% another version of the module: a different MD5
    <<131, 112, Size:32, Arity, _MD5:16/binary, Rest/binary>> = B,
    Other = binary_to_term(<<131, 112, Size:32, Arity, 0:128, Rest/binary>>),
    io:format("other version: =:= ~w, name ~w~n", [Other =:= Orig, erlang:fun_info(Other, name)]),
    {error, {badfun, BF}, [Top | _]} = catch_all(fun() -> Other(1) end),
    io:format("call: badfun ~w, ~w~n", [BF =:= Other, element(1, Top)]),
    io:format("badarity ~w~n", [element(2, catch_all(fun() -> Other(1, 2) end))]),
    %% a module that does not exist (same name length)
    Gone = binary_to_term(binary:replace(B, atom_to_binary(?LIB), <<"ext_term_nofile">>)),
    io:format("missing module: ~w ~w~n", [erlang:fun_info(Gone, module), erlang:fun_info(Gone, name)]),
    {error, undef, [{GF, GA, GL} | _]} = catch_all(fun() -> Gone(7) end),
    io:format("call: undef ~w ~w ~w~n", [GF =:= Gone, GA, GL]),
    {error, undef, [{AF, AA, _} | _]} = catch_all(fun() -> apply(Gone, [8]) end),
    io:format("apply: undef ~w ~w~n", [AF =:= Gone, AA]),
    io:format("printed ~s~n", [erlang:fun_to_list(Gone)]),
    io:format("sorted ~w~n", [lists:sort([Gone, Orig]) =:= [Orig, Gone]]).

export_funs() ->
    io:format("-- export funs~n"),
    Cases = [<<131,113,100,0,1,"m",100,0,1,"f",97,3>>,
             <<131,113,100,0,1,"m",100,0,1,"f",98,0,0,0,3>>,
             <<131,113,100,0,1,"m",100,0,1,"f",98,0,0,1,0>>,
             <<131,113,100,0,1,"m",100,0,1,"f",98,0,0,3,232>>,
             <<131,113,100,0,1,"m",100,0,1,"f",110,1,0,3>>,
             <<131,113,100,0,1,"m",100,0,1,"f",110,6,0,0,0,0,0,0,1>>,
             <<131,113,100,0,1,"m",100,0,1,"f",110,8,0,255,255,255,255,255,255,255,7>>,
             <<131,113,100,0,1,"m",100,0,1,"f",98,255,255,255,255>>,
             <<131,113,100,0,1,"m",100,0,1,"f",100,0,1,"a">>,
             <<131,113,97,1,100,0,1,"f",97,2>>,
             <<131,113,100,0,1,"m",100,0,1,"f",110,8,0,0,0,0,0,0,0,0,16>>],
    lists:foreach(fun(B) ->
                          case catch_all(fun() -> binary_to_term(B) end) of
                              {ok, F} -> io:format("~w ~w~n", [F, term_to_binary(F)]);
                              {C, R, _} -> io:format("~w~n", [{C, R}])
                          end
                  end, Cases),
    Safe = fun(B) -> element(1, catch_all(fun() -> binary_to_term(B, [safe]) end)) end,
    io:format("safe ~w~n", [[Safe(term_to_binary(fun lists:map/2)),
                             Safe(<<131,113,100,0,5,"lists",100,0,3,"map",97,3>>),
                             Safe(<<131,113,100,0,5,"lists",100,0,7,"nomapxy",97,2>>)]]),
    F = binary_to_term(<<131,113,100,0,5,"lists",100,0,3,"sum",97,1>>),
    io:format("call ~w ~w~n", [F([1, 2, 3]), F =:= fun lists:sum/1]),
    io:format("badarity ~w~n", [element(2, catch_all(fun() -> F(1, 2) end))]),
    Big = binary_to_term(<<131,113,100,0,1,"m",100,0,1,"f",98,0,0,1,0>>),
    io:format("arity 256 ~w~n", [element(2, catch_all(fun() -> Big(1) end))]).

malformed() ->
    io:format("-- malformed~n"),
    Good = term_to_binary(make_funs()),
    Prefixes = [binary:part(Good, 0, N) || N <- lists:seq(1, byte_size(Good) - 1)],
    Bad = [P || P <- Prefixes, element(1, catch_all(fun() -> binary_to_term(P) end)) =:= error],
    io:format("truncated: ~w of ~w prefixes rejected~n", [length(Bad), length(Prefixes)]),
    One = term_to_binary(fun() -> ok end),
    <<131, 112, Size:32, Arity, MD5:16/binary, Index:32, _NumFree:32, Rest/binary>> = One,
    Variants = [{numfree_1, <<131, 112, Size:32, Arity, MD5/binary, Index:32, 1:32, Rest/binary>>},
                {numfree_255, <<131, 112, Size:32, Arity, MD5/binary, Index:32, 255:32, Rest/binary>>},
                {numfree_256, <<131, 112, Size:32, Arity, MD5/binary, Index:32, 256:32, Rest/binary>>},
                {numfree_huge, <<131, 112, Size:32, Arity, MD5/binary, Index:32, -1:32, Rest/binary>>},
                {size_wrong, <<131, 112, 0:32, Arity, MD5/binary, Index:32, 0:32, Rest/binary>>},
                {arity_255, <<131, 112, Size:32, 255, MD5/binary, Index:32, 0:32, Rest/binary>>},
                {trailing, <<One/binary, 1, 2, 3>>},
                {index_neg, <<131, 112, Size:32, Arity, MD5/binary, -1:32, 0:32, Rest/binary>>}],
    lists:foreach(fun({Name, B}) ->
                          case catch_all(fun() -> binary_to_term(B) end) of
                              {ok, F} ->
                                  io:format("~w: ~s ~w ~w~n",
                                            [Name, erlang:fun_to_list(F), erlang:fun_info(F, arity),
                                             masked(term_to_binary(F))]);
                              {C, R, _} -> io:format("~w: ~w~n", [Name, {C, R}])
                          end
                  end, Variants),
    %% old index and old uniq as other integer encodings; a module that is not an atom
    Mod = ext(ext_term_nofile),
    <<131, Pid/binary>> = term_to_binary(self()),
    Mk = fun(OldIndex, OldUniq, Module) ->
                 Body = [<<1, 0:128, 5:32, 0:32>>, Module, OldIndex, OldUniq, Pid],
                 iolist_to_binary([131, 112, <<(4 + iolist_size(Body)):32>> | Body])
         end,
    Forms = [{int_ext, Mk(<<98, 0, 0, 0, 3>>, <<98, 255, 255, 255, 254>>, Mod)},
             {small_big, Mk(<<110, 5, 0, 1, 0, 0, 0, 1>>, <<110, 1, 0, 4>>, Mod)},
             {big_not_small, Mk(<<110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 16>>, <<97, 4>>, Mod)},
             {atom_index, Mk(<<100, 0, 1, "a">>, <<97, 4>>, Mod)},
             {float_uniq, Mk(<<97, 1>>, ext(1.0), Mod)},
             {module_int, Mk(<<97, 1>>, <<97, 4>>, <<97, 7>>)}],
    lists:foreach(fun({Name, B}) ->
                          case catch_all(fun() -> binary_to_term(B) end) of
                              {ok, F} ->
                                  io:format("~w: ~s ~w~n", [Name, erlang:fun_to_list(F),
                                                            masked(term_to_binary(F))]);
                              {C, R, _} -> io:format("~w: ~w~n", [Name, {C, R}])
                          end
                  end, Forms).
