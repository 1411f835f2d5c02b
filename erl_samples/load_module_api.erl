%% Loading through the erts interface: erlang:load_module/2, prepare_loading/2,
%% has_prepared_code_on_load/1, finish_loading/1, purge_module/1, a module
%% with an -on_load function left waiting by load_module until the code server runs it,
%% code:atomic_load/1, and erts_internal:beamfile_chunk/2 and beamfile_module_md5/1.
-module(load_module_api).
-export([main/0]).

main() ->
    {cmp_term, Cmp, _} = code:get_object_code(cmp_term),
    {on_load_ok, OnLoad, _} = code:get_object_code(on_load_ok),
    {md5_context, Md5Ctx, _} = code:get_object_code(md5_context),
    io:format("load_module: ~p~n", [erlang:load_module(cmp_term, Cmp)]),
    io:format("loaded: ~p~n", [erlang:module_loaded(cmp_term)]),
    io:format("again: ~p~n", [erlang:load_module(cmp_term, Cmp)]),
    io:format("old code: ~p~n", [erlang:check_old_code(cmp_term)]),
    io:format("purge: ~p, again: ~p~n", [erlang:purge_module(cmp_term), erlang:load_module(cmp_term, Cmp)]),
    P1 = erlang:prepare_loading(md5_context, Md5Ctx),
    P2 = erlang:prepare_loading(on_load_ok, OnLoad),
    io:format("prepared: ~p ~p~n", [is_reference(P1), is_reference(P2)]),
    io:format("on_load: ~p ~p~n", [erlang:has_prepared_code_on_load(P1), erlang:has_prepared_code_on_load(P2)]),
    io:format("finish one: ~p~n", [erlang:finish_loading([P1])]),
    io:format("purge without old code: ~p~n", [[reason(fun() -> erlang:purge_module(M) end) || M <- [md5_context, "x"]]]),
    io:format("badargs: ~p~n", [[reason(F) || F <- [fun() -> erlang:finish_loading([foo]) end,
                                                   fun() -> erlang:finish_loading(foo) end,
                                                   fun() -> erlang:finish_loading([make_ref()]) end,
                                                   fun() -> erlang:has_prepared_code_on_load(make_ref()) end,
                                                   fun() -> erlang:prepare_loading("x", Cmp) end,
                                                   fun() -> erlang:prepare_loading(x, "x") end]]]),
    %% on_load_ok waits for its on_load function: not loaded, not callable through the VM
    %% alone; the code server runs the function when the module is needed.
    io:format("load_module with on_load: ~p~n", [erlang:load_module(on_load_ok, OnLoad)]),
    io:format("loaded: ~p~n", [erlang:module_loaded(on_load_ok)]),
    io:format("ensure_loaded: ~p~n", [code:ensure_loaded(on_load_ok)]),
    io:format("call: ~p~n", [on_load_ok:f()]),
    io:format("atomic_load: ~p ~p~n", [code:atomic_load([on_load_ok]), code:atomic_load([md5_context])]),
    io:format("chunks: ~p~n", [[erts_internal:beamfile_chunk(Cmp, C) =:= chunk(Cmp, C)
                                || C <- ["AtU8", "Code", "Attr", "Line", "LitT"]]]),
    io:format("missing chunk: ~p, not a beam: ~p~n",
              [erts_internal:beamfile_chunk(Cmp, "Xyzw"), erts_internal:beamfile_chunk(<<"junk">>, "Code")]),
    io:format("chunk badargs: ~p~n", [[reason(fun() -> erts_internal:beamfile_chunk(Cmp, X) end)
                                       || X <- [code, <<"Code">>, "Co"]]]),
    io:format("md5: ~p ~p~n", [erts_internal:beamfile_module_md5(Cmp) =:= cmp_term:module_info(md5),
                               erts_internal:beamfile_module_md5(<<"junk">>)]),
    ok.

reason(F) ->
    try F() catch error:R -> R end.

chunk(Beam, Id) ->
    {ok, {_, [{_, Bin}]}} = beam_lib:chunks(Beam, [Id]),
    Bin.
