%% The zlib module (erts' zlib.erl on the zlib NIFs): compress/uncompress, zip/unzip,
%% gzip/gunzip, streams with flushes, chunked and safe inflation, dictionaries, parameters,
%% end-of-stream behaviours, and the errors of misused streams. Errors print as
%% {Class, Reason, Function} of the top frame (erl's preloaded zlib has no line numbers).
-module(zlib_api).
-export([main/0]).

-compile([{nowarn_deprecated_function, [{zlib, getBufSize, 1}, {zlib, setBufSize, 2},
                                        {zlib, crc32, 1}, {zlib, inflateChunk, 1},
                                        {zlib, inflateChunk, 2}]}]).

t(Name, F) ->
    R = try F() catch C:E:S -> {C, E, element(2, hd(S))} end,
    io:format("~p: ~p~n", [Name, R]).

main() ->
    Hello = "hello hello hello",
    t(compress, fun() -> zlib:compress(Hello) end),
    t(uncompress, fun() -> zlib:uncompress(zlib:compress(Hello)) end),
    t(gzip, fun() -> zlib:gzip("hello") end),
    t(gunzip_concatenated, fun() -> zlib:gunzip([zlib:gzip("ab"), zlib:gzip("cd")]) end),
    t(zip, fun() -> zlib:zip("hello") end),
    t(unzip, fun() -> zlib:unzip(zlib:zip(lists:seq(1, 200))) end),
    t(empty, fun() -> {zlib:compress(<<>>), zlib:uncompress(zlib:compress(<<>>))} end),
    t(uncompress_trailing, fun() -> zlib:uncompress([zlib:compress("ab"), <<"junk">>]) end),
    t(big, fun() ->
                   D = list_to_binary([I rem 256 || I <- lists:seq(1, 300000)]),
                   C = zlib:compress(D),
                   {byte_size(C), erlang:md5(C), zlib:uncompress(C) =:= D,
                    byte_size(zlib:gzip(D)), zlib:gunzip(zlib:gzip(D)) =:= D}
           end),
    t(random_data, fun() ->
                           D = list_to_binary([(I * 7919 + I * I) rem 256 || I <- lists:seq(1, 50000)]),
                           C = zlib:compress(D),
                           {erlang:md5(C), zlib:uncompress(C) =:= D}
                   end),
    t(stream, fun() ->
                      Z = zlib:open(),
                      ok = zlib:deflateInit(Z),
                      A = zlib:deflate(Z, "abc"),
                      B = zlib:deflate(Z, ""),
                      C = zlib:deflate(Z, "abc", sync),
                      D = zlib:deflate(Z, "", finish),
                      E = zlib:deflate(Z, "", finish),
                      ok = zlib:deflateEnd(Z),
                      ok = zlib:close(Z),
                      {A, B, C, D, E}
              end),
    t(levels, fun() -> [zlib:compress(lists:duplicate(50, $x)) =:= X || X <- [zlib:compress(lists:duplicate(50, $x))]] ++
                           [begin
                                Z = zlib:open(),
                                ok = zlib:deflateInit(Z, L),
                                O = iolist_to_binary(zlib:deflate(Z, lists:seq(1, 100) ++ lists:seq(1, 100), finish)),
                                zlib:close(Z),
                                O
                            end || L <- [none, best_speed, best_compression, default, 5]]
              end),
    t(params, fun() ->
                      Z = zlib:open(),
                      zlib:deflateInit(Z),
                      B1 = zlib:deflate(Z, "aaaa"),
                      ok = zlib:deflateParams(Z, best_speed, rle),
                      B2 = zlib:deflate(Z, "bbbb", finish),
                      iolist_to_binary([B1, B2])
              end),
    t(reset, fun() ->
                     Z = zlib:open(),
                     zlib:deflateInit(Z),
                     B1 = zlib:deflate(Z, "abc", finish),
                     ok = zlib:deflateReset(Z),
                     B2 = zlib:deflate(Z, "abc", finish),
                     {B1, iolist_to_binary(B1) =:= iolist_to_binary(B2)}
             end),
    t(inflate_pieces, fun() ->
                              Z = zlib:open(),
                              zlib:inflateInit(Z),
                              C = zlib:compress("hello"),
                              A = zlib:inflate(Z, binary:part(C, 0, 3)),
                              B = zlib:inflate(Z, binary:part(C, 3, byte_size(C) - 3)),
                              D = zlib:inflate(Z, <<"after the end">>),
                              E = zlib:safeInflate(Z, <<>>),
                              {A, B, D, E, zlib:inflateEnd(Z), zlib:close(Z)}
                      end),
    t(eos_error, fun() ->
                         Z = zlib:open(),
                         zlib:inflateInit(Z, 15, error),
                         zlib:inflate(Z, [zlib:compress("a"), <<"x">>])
                 end),
    t(eos_reset, fun() ->
                         Z = zlib:open(),
                         zlib:inflateInit(Z, 15, reset),
                         C = zlib:compress("hello"),
                         {zlib:inflate(Z, [C, C]), zlib:inflateEnd(Z)}
                 end),
    t(safe, fun() ->
                    Z = zlib:open(),
                    zlib:inflateInit(Z),
                    C = zlib:compress(lists:duplicate(40000, $a)),
                    {continue, O1} = zlib:safeInflate(Z, C),
                    {continue, O2} = zlib:safeInflate(Z, []),
                    {finished, O3} = zlib:safeInflate(Z, []),
                    [iolist_size(O) || O <- [O1, O2, O3]]
            end),
    t(chunk, fun() ->
                     Z = zlib:open(),
                     zlib:inflateInit(Z),
                     D = zlib:getBufSize(Z),
                     ok = zlib:setBufSize(Z, 64),
                     R = zlib:inflateChunk(Z, zlib:compress(lists:duplicate(100, $a))),
                     {D, zlib:getBufSize(Z), R, zlib:inflateChunk(Z)}
             end),
    t(dictionary, fun() ->
                          Z = zlib:open(),
                          zlib:deflateInit(Z),
                          A = zlib:deflateSetDictionary(Z, "hello"),
                          D = zlib:deflate(Z, "hello world", finish),
                          Z2 = zlib:open(),
                          zlib:inflateInit(Z2),
                          Need = try zlib:inflate(Z2, D) catch error:E -> E end,
                          ok = zlib:inflateSetDictionary(Z2, "hello"),
                          {A, D, Need, zlib:inflate(Z2, []), zlib:inflateGetDictionary(Z2)}
                  end),
    t(crc32, fun() ->
                     Z = zlib:open(),
                     zlib:deflateInit(Z),
                     _ = zlib:deflate(Z, "hello", finish),
                     zlib:crc32(Z)
             end),
    t(windowbits_8, fun() ->
                            Z = zlib:open(),
                            ok = zlib:deflateInit(Z, default, deflated, 8, 8, default),
                            zlib:deflate(Z, "hello", finish)
                    end),
    %% Misuse.
    t(deflate_uninit, fun() -> Z = zlib:open(), zlib:deflate(Z, "a") end),
    t(inflate_uninit, fun() -> Z = zlib:open(), zlib:inflate(Z, "a") end),
    t(close_twice, fun() -> Z = zlib:open(), ok = zlib:close(Z), zlib:close(Z) end),
    t(init_after_close, fun() -> Z = zlib:open(), ok = zlib:close(Z), zlib:deflateInit(Z) end),
    t(use_after_close, fun() -> Z = zlib:open(), zlib:deflateInit(Z), zlib:close(Z), zlib:deflate(Z, "a") end),
    t(end_unfinished, fun() -> Z = zlib:open(), zlib:deflateInit(Z), _ = zlib:deflate(Z, "abc"), zlib:deflateEnd(Z) end),
    t(end_unused, fun() -> Z = zlib:open(), zlib:deflateInit(Z), zlib:deflateEnd(Z) end),
    t(end_uninit, fun() -> Z = zlib:open(), zlib:deflateEnd(Z) end),
    t(init_twice, fun() -> Z = zlib:open(), zlib:deflateInit(Z), zlib:deflateInit(Z) end),
    t(inflate_init_twice, fun() -> Z = zlib:open(), zlib:inflateInit(Z), zlib:inflateInit(Z) end),
    t(inflate_then_deflate, fun() -> Z = zlib:open(), zlib:inflateInit(Z), zlib:deflate(Z, "x") end),
    t(inflate_end_early, fun() -> Z = zlib:open(), zlib:inflateInit(Z), zlib:inflateEnd(Z) end),
    t(inflate_end_reinit, fun() ->
                                  Z = zlib:open(),
                                  zlib:inflateInit(Z),
                                  catch zlib:inflateEnd(Z),
                                  zlib:inflateInit(Z)
                          end),
    t(after_finish, fun() -> Z = zlib:open(), zlib:deflateInit(Z), _ = zlib:deflate(Z, "a", finish), zlib:deflate(Z, "x", finish) end),
    t(after_finish_end, fun() ->
                                Z = zlib:open(),
                                zlib:deflateInit(Z),
                                _ = zlib:deflate(Z, "a", finish),
                                catch zlib:deflate(Z, "x", none),
                                zlib:deflateEnd(Z)
                        end),
    t(bad_data, fun() -> zlib:uncompress(<<"garbage data here">>) end),
    t(too_short, fun() -> zlib:uncompress(<<1, 2, 3>>) end),
    t(truncated, fun() -> B = zlib:compress(lists:seq(1, 200)), zlib:uncompress(binary:part(B, 0, 10)) end),
    t(unzip_empty, fun() -> zlib:unzip(<<>>) end),
    t(not_a_stream, fun() -> zlib:deflateInit(make_ref()) end),
    t(not_a_ref, fun() -> zlib:deflateInit(foo) end),
    t(bad_level, fun() -> Z = zlib:open(), zlib:deflateInit(Z, 12) end),
    t(not_iodata, fun() -> zlib:compress(foo) end),
    t(other_process, fun() ->
                             Z = zlib:open(),
                             Self = self(),
                             spawn(fun() -> Self ! {done, catch zlib:deflateInit(Z)} end),
                             receive {done, {'EXIT', {R, _}}} -> R end
                     end),
    t(given_away, fun() ->
                          Z = zlib:open(),
                          Self = self(),
                          Pid = spawn(fun() -> receive go -> Self ! {done, zlib:deflateInit(Z), zlib:close(Z)} end end),
                          ok = zlib:set_controlling_process(Z, Pid),
                          Mine = (catch zlib:deflateInit(Z)),
                          Pid ! go,
                          receive {done, A, B} -> {element(1, element(2, Mine)), A, B} end
                  end),
    ok.
