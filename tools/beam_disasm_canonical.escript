#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell -noinput
%%
%% Reference ("canonical") disassembly of the Code chunk of .beam files,
%% derived from OTP's own beam_disasm:file/1.  It is the oracle that
%% tools/compare-disasm.sh diffs `hamlet-disasm --canonical` against.
%%
%% Usage:
%%   beam_disasm_canonical.escript FILE.beam...          (text to stdout)
%%   beam_disasm_canonical.escript -o OUTDIR FILE.beam... (OUTDIR/<N>.txt)
%%
%% With -o, the N-th file (1-based, in argument order) is written to
%% OUTDIR/N.txt; if it cannot be converted, OUTDIR/N.err holds the reason
%% instead.  Exit status: 0 = all files converted, 2 = some failed,
%% 64 = usage error.
%%
%% Output: one line per instruction of the Code chunk, in file order,
%% without the final int_code_end:   opname op1 op2 ...
%% with generic (genop.tab) opcode names and operands in encoded order:
%%   x3 y0 fr1 f5          registers, float registers, labels (f0 = none)
%%   7                     u-tagged number
%%   i:-5                  i-tagged number (any size)
%%   a:'text'  nil         atom ('\\' and '\'' escaped; UTF-8 bytes), nil
%%   imp:'m':'f'/A         import-table index operand
%%   fun:N                 lambda-table (FunT) index operand
%%   lit:TERM              literal (z4)
%%   alloc:W/F/Fn          allocation list (z3)
%%   [op op ...]           list operand (z1)
%% Typed registers print as the plain register.  Literal terms:
%%   -12  f:3FF8000000000000  'atom'  {1,'a'}  []  [1,2]  [1|2]
%%   <<616263>>  <<C0:3>>  #{K=>V,...} (pair texts sorted bytewise)
%%   fun'm':'f'/2   ? (anything else)
%%
%% Where beam_disasm loses information, it is recovered from the file's
%% own chunks:
%%   * bif0/1/2, gc_bif1/2/3: beam_disasm keeps only the BIF *name*; the
%%     import entry is found in ImpT by name and arity (must be unique,
%%     or unique among module 'erlang').
%%   * call/call_last/call_only: beam_disasm replaces the label by the
%%     {M,F,A} of the called function; mapped back to that function's
%%     entry label (refused if the function has several entry labels).
%%   * bs_match_string/bs_put_string: beam_disasm replaces the StrT offset
%%     by the string itself; recovered by replaying how the compiler builds
%%     StrT (see restore_string_offsets/2), checked against StrT itself.
%%   * beam_disasm reverses the run of label/line instructions preceding
%%     func_info for every function except the first; undone here.
%% Any instruction or operand shape not recognised below is an error
%% (the file is reported as failed), never a guess.

-mode(compile).

main(Args) ->
    try
        run(Args)
    catch
        throw:{usage, Msg} ->
            io:format(standard_error, "~s~n~s", [Msg, usage()]),
            halt(64)
    end.

usage() ->
    "usage: beam_disasm_canonical.escript [-o OUTDIR] FILE.beam...\n".

run(["-o", Dir | Files]) when Files =/= [] ->
    ok = filelib:ensure_dir(filename:join(Dir, "x")),
    Jobs = lists:zip(lists:seq(1, length(Files)), Files),
    Results = parallel(fun({N, F}) -> to_dir(Dir, N, F) end, Jobs),
    halt(exit_code(Results));
run(["-o" | _]) ->
    throw({usage, "missing OUTDIR or files"});
run([]) ->
    throw({usage, "no files given"});
run(Files) ->
    ok = io:setopts(standard_io, [binary, {encoding, latin1}]),
    Results = [to_stdout(F) || F <- Files],
    halt(exit_code(Results)).

exit_code(Results) ->
    case lists:all(fun(R) -> R =:= ok end, Results) of
        true -> 0;
        false -> 2
    end.

%% Run F on every job, one worker per scheduler; results in any order.
parallel(F, Jobs) ->
    W = max(1, min(erlang:system_info(schedulers_online), length(Jobs))),
    Parent = self(),
    Pids = [spawn_link(fun() -> Parent ! {self(), [F(J) || J <- Share]} end)
            || Share <- deal(Jobs, W)],
    lists:append([receive {P, Rs} -> Rs end || P <- Pids]).

deal(Jobs, W) ->
    Tagged = lists:zip([I rem W || I <- lists:seq(1, length(Jobs))], Jobs),
    [[J || {K1, J} <- Tagged, K1 =:= K] || K <- lists:seq(0, W - 1)].

to_dir(Dir, N, File) ->
    Base = filename:join(Dir, integer_to_list(N)),
    _ = file:delete(Base ++ ".txt"),
    _ = file:delete(Base ++ ".err"),
    case convert(File) of
        {ok, Text} ->
            ok = file:write_file(Base ++ ".txt", Text);
        {error, Why} ->
            ok = file:write_file(Base ++ ".err", [Why, $\n]),
            error
    end.

to_stdout(File) ->
    case convert(File) of
        {ok, Text} ->
            ok = file:write(standard_io, Text);
        {error, Why} ->
            io:format(standard_error, "~ts: ~ts~n", [File, Why]),
            error
    end.

%% -> {ok, iodata()} | {error, iodata()}
convert(File) ->
    try
        {ok, canonical(File)}
    catch
        throw:{canon, Why} ->
            {error, Why};
        Class:Reason:Stack ->
            {error, io_lib:format("~p:~ts ~ts", [Class, show(Reason), show(Stack)])}
    end.

fail(Fmt, Args) ->
    throw({canon, io_lib:format(Fmt, Args)}).

show(Term) ->
    io_lib:write(Term, 30).

%%% ---------------------------------------------------------------------
%%% Driver

canonical(File) ->
    Fs = case beam_disasm:file(File) of
             {beam_file, _Mod, _Exp, _Attr, _CInfo, Code} ->
                 Code;
             {error, Mod, Err} ->
                 fail("beam_disasm failed: ~ts", [error_text(Mod, Err)]);
             Other ->
                 fail("beam_disasm returned ~ts", [show(Other)])
         end,
    {ok, {_, [{imports, Imports}, {"StrT", StrT}]}} =
        beam_lib:chunks(File, [imports, "StrT"]),
    Ctx = #{imports => Imports,
            entries => entry_labels(Fs)},
    Is = restore_string_offsets(undo_prefix_reversal(Fs), StrT),
    [[instr(I, Ctx), $\n] || I <- Is].

error_text(Mod, Err) ->
    try
        Mod:format_error(Err)
    catch
        _:_ -> show(Err)
    end.

%% beam_disasm's function splitter moves the label/line run that precedes
%% each func_info into that function, but for every function after the
%% first it does so in reverse order.  Put the instruction stream back in
%% file order.
undo_prefix_reversal([]) ->
    [];
undo_prefix_reversal([{function, _, _, _, Is} | Fs]) ->
    Is ++ lists:append([reverse_prefix(Is1) || {function, _, _, _, Is1} <- Fs]).

reverse_prefix(Is) ->
    {Prefix, Rest} = lists:splitwith(fun is_label_or_line/1, Is),
    case Rest of
        [{func_info, _, _, _} | _] -> lists:reverse(Prefix) ++ Rest;
        _ -> fail("function without func_info after its labels: ~ts",
                  [show(lists:sublist(Is, 5))])
    end.

is_label_or_line({label, _}) -> true;
is_label_or_line({line, _}) -> true;
is_label_or_line(_) -> false.

%% {M,F,A} -> entry label, or 'ambiguous' when several labels directly
%% follow func_info (beam_disasm maps them all to the same {M,F,A}).
entry_labels(Fs) ->
    maps:from_list(
      [begin
           [{func_info, {atom, M}, {atom, F}, A} | After] =
               lists:dropwhile(fun is_label_or_line/1, Is),
           Lbls = lists:takewhile(fun({label, _}) -> true;
                                     (_) -> false
                                  end, After),
           case Lbls of
               [{label, Entry}] -> {{M, F, A}, Entry};
               _ -> {{M, F, A}, ambiguous}
           end
       end || {function, _, _, _, Is} <- Fs]).

%%% ---------------------------------------------------------------------
%%% Instructions.  Each clause matches one beam_disasm output shape.

-define(TESTS, [is_lt, is_ge, is_eq, is_ne, is_eq_exact, is_ne_exact,
                is_integer, is_float, is_number, is_atom, is_pid,
                is_reference, is_port, is_nil, is_binary, is_list,
                is_nonempty_list, is_tuple, test_arity, is_tagged_tuple,
                is_function, is_boolean, is_function2, bs_start_match2,
                bs_get_integer2, bs_get_binary2, bs_get_float2,
                bs_skip_bits2, bs_test_tail2, is_bitstr, bs_test_unit,
                bs_get_utf8, bs_skip_utf8, bs_get_utf16, bs_skip_utf16,
                bs_get_utf32, bs_skip_utf32, is_map]).

-define(NULLARY, [return, send, remove_message, timeout, if_end,
                  fclearerror, bs_init_writable, on_load,
                  build_stacktrace, raw_raise, nif_start]).

instr(I, Ctx) ->
    {Name, Ops} = try
                      ins(I, Ctx)
                  catch
                      throw:{canon, Why} ->
                          fail("~ts in ~ts", [Why, show(I)])
                  end,
    lists:join($\s, [atom_to_list(Name) | Ops]).

ins(Name, _) when is_atom(Name) ->
    {known(Name, ?NULLARY, Name), []};
ins({label, L}, _) when is_integer(L) ->
    {label, [u(L)]};
ins({func_info, {atom, M}, {atom, F}, A}, _) ->
    {func_info, [atom_op(M), atom_op(F), u(A)]};
ins({call, N, MFA}, C) ->
    {call, [u(N), local(MFA, C)]};
ins({call_last, N, MFA, D}, C) ->
    {call_last, [u(N), local(MFA, C), u(D)]};
ins({call_only, N, MFA}, C) ->
    {call_only, [u(N), local(MFA, C)]};
ins({call_ext, N, {extfunc, M, F, A}}, _) ->
    {call_ext, [u(N), imp(M, F, A)]};
ins({call_ext_last, N, {extfunc, M, F, A}, D}, _) ->
    {call_ext_last, [u(N), imp(M, F, A), u(D)]};
ins({call_ext_only, N, {extfunc, M, F, A}}, _) ->
    {call_ext_only, [u(N), imp(M, F, A)]};
ins({bif, Name, nofail, [], Dst}, C) ->
    {bif0, [bif_imp(Name, 0, C), op(Dst)]};
ins({bif, Name, {f, _} = Fail, [A1], Dst}, C) ->
    {bif1, [op(Fail), bif_imp(Name, 1, C), op(A1), op(Dst)]};
ins({bif, Name, {f, _} = Fail, [A1, A2], Dst}, C) ->
    {bif2, [op(Fail), bif_imp(Name, 2, C), op(A1), op(A2), op(Dst)]};
ins({gc_bif, Name, {f, _} = Fail, Live, Args, Dst}, C)
  when length(Args) >= 1, length(Args) =< 3 ->
    Op = list_to_atom("gc_bif" ++ integer_to_list(length(Args))),
    {Op, [op(Fail), u(Live), bif_imp(Name, length(Args), C)]
         ++ [op(A) || A <- Args] ++ [op(Dst)]};
ins({raise, {f, 0}, [R1, R2], {x, 0}}, _) ->
    {raise, [op(R1), op(R2)]};
ins({allocate, S, L}, _) ->
    {allocate, [u(S), u(L)]};
ins({allocate_zero, S, L}, _) ->
    {allocate_zero, [u(S), u(L)]};
ins({allocate_heap, S, H, L}, _) ->
    {allocate_heap, [u(S), heap(H), u(L)]};
ins({allocate_heap_zero, S, H, L}, _) ->
    {allocate_heap_zero, [u(S), heap(H), u(L)]};
ins({test_heap, H, L}, _) ->
    {test_heap, [heap(H), u(L)]};
ins({init, D}, _) ->
    {init, [op(D)]};
ins({deallocate, N}, _) ->
    {deallocate, [u(N)]};
ins({trim, N, R}, _) ->
    {trim, [u(N), u(R)]};
ins({loop_rec, L, D}, _) ->
    {loop_rec, [op(L), op(D)]};
ins({loop_rec_end, L}, _) ->
    {loop_rec_end, [op(L)]};
ins({wait, L}, _) ->
    {wait, [op(L)]};
ins({wait_timeout, L, T}, _) ->
    {wait_timeout, [op(L), op(T)]};
ins({recv_mark, L}, _) ->
    {recv_mark, [op(L)]};
ins({recv_set, L}, _) ->
    {recv_set, [op(L)]};
ins({test, bs_match_string, Fail, [Ms, Bits, {str_offset, Off}]}, _) ->
    {bs_match_string, [op(Fail), op(Ms), u(Bits), u(Off)]};
ins({test, Name, Fail, Args}, _) when is_list(Args) ->
    {known(Name, ?TESTS, {test, Name, Fail, Args}), [op(Fail) | [op(A) || A <- Args]]};
ins({test, has_map_fields, Fail, Src, {list, _} = L}, _) ->
    {has_map_fields, [op(Fail), op(Src), op(L)]};
ins({get_map_elements, Fail, Src, {list, _} = L}, _) ->
    {get_map_elements, [op(Fail), op(Src), op(L)]};
ins({select_val, Src, Fail, {list, _} = L}, _) ->
    {select_val, [op(Src), op(Fail), op(L)]};
ins({select_tuple_arity, Src, Fail, {list, _} = L}, _) ->
    {select_tuple_arity, [op(Src), op(Fail), op(L)]};
ins({jump, L}, _) ->
    {jump, [op(L)]};
ins({'catch', Y, L}, _) ->
    {'catch', [op(Y), op(L)]};
ins({catch_end, Y}, _) ->
    {catch_end, [op(Y)]};
ins({'try', Y, L}, _) ->
    {'try', [op(Y), op(L)]};
ins({try_end, Y}, _) ->
    {try_end, [op(Y)]};
ins({try_case, Y}, _) ->
    {try_case, [op(Y)]};
ins({try_case_end, S}, _) ->
    {try_case_end, [op(S)]};
ins({move, S, D}, _) ->
    {move, [op(S), op(D)]};
ins({swap, A, B}, _) ->
    {swap, [op(A), op(B)]};
ins({get_list, S, H, T}, _) ->
    {get_list, [op(S), op(H), op(T)]};
ins({get_hd, S, D}, _) ->
    {get_hd, [op(S), op(D)]};
ins({get_tl, S, D}, _) ->
    {get_tl, [op(S), op(D)]};
ins({get_tuple_element, S, I, D}, _) ->
    {get_tuple_element, [op(S), u(I), op(D)]};
ins({set_tuple_element, V, T, I}, _) ->
    {set_tuple_element, [op(V), op(T), u(I)]};
ins({put_list, H, T, D}, _) ->
    {put_list, [op(H), op(T), op(D)]};
ins({put_tuple, A, D}, _) ->
    {put_tuple, [u(A), op(D)]};
ins({put, S}, _) ->
    {put, [op(S)]};
ins({put_tuple2, D, {list, _} = L}, _) ->
    {put_tuple2, [op(D), op(L)]};
ins({badmatch, S}, _) ->
    {badmatch, [op(S)]};
ins({case_end, S}, _) ->
    {case_end, [op(S)]};
ins({badrecord, S}, _) ->
    {badrecord, [op(S)]};
ins({call_fun, N}, _) ->
    {call_fun, [u(N)]};
ins({call_fun2, Tag, N, F}, _) ->
    {call_fun2, [op(Tag), u(N), op(F)]};
ins({apply, N}, _) ->
    {apply, [u(N)]};
ins({apply_last, N, D}, _) ->
    {apply_last, [u(N), u(D)]};
ins({make_fun2, {_, _, _}, Idx, _OldUniq, _NumFree}, _) ->
    {make_fun2, [fun_idx(Idx)]};
ins({make_fun3, {_, _, _}, Idx, _OldUniq, Dst, {list, _} = Env}, _) ->
    {make_fun3, [fun_idx(Idx), op(Dst), op(Env)]};
ins({init_yregs, {list, _} = L}, _) ->
    {init_yregs, [op(L)]};
ins({line, N}, _) ->
    {line, [u(N)]};
ins({put_map_assoc, Fail, Src, Dst, Live, {list, _} = L}, _) ->
    {put_map_assoc, [op(Fail), op(Src), op(Dst), u(Live), op(L)]};
ins({put_map_exact, Fail, Src, Dst, Live, {list, _} = L}, _) ->
    {put_map_exact, [op(Fail), op(Src), op(Dst), u(Live), op(L)]};
ins({recv_marker_bind, M, R}, _) ->
    {recv_marker_bind, [op(M), op(R)]};
ins({recv_marker_clear, R}, _) ->
    {recv_marker_clear, [op(R)]};
ins({recv_marker_reserve, R}, _) ->
    {recv_marker_reserve, [op(R)]};
ins({recv_marker_use, R}, _) ->
    {recv_marker_use, [op(R)]};
%% Floating point.
ins({fcheckerror, F}, _) ->
    {fcheckerror, [op(F)]};
ins({fmove, S, D}, _) ->
    {fmove, [op(S), op(D)]};
ins({fconv, S, D}, _) ->
    {fconv, [op(S), op(D)]};
ins({arithfbif, Op, Fail, [A, B], D}, _)
  when Op =:= fadd; Op =:= fsub; Op =:= fmul; Op =:= fdiv ->
    {Op, [op(Fail), op(A), op(B), op(D)]};
ins({arithfbif, fnegate, Fail, [A], D}, _) ->
    {fnegate, [op(Fail), op(A), op(D)]};
%% Binary construction, pre-OTP-25 style.
ins({Op, Fail, Sz, Unit, {field_flags, Fl}, Src}, _)
  when Op =:= bs_put_integer; Op =:= bs_put_binary; Op =:= bs_put_float ->
    {Op, [op(Fail), op(Sz), u(Unit), u(Fl), op(Src)]};
ins({bs_put_string, Len, {str_offset, Off}}, _) ->
    {bs_put_string, [u(Len), u(Off)]};
ins({Op, Fail, Sz, W, Live, {field_flags, Fl}, Dst}, _)
  when Op =:= bs_init2; Op =:= bs_init_bits ->
    {Op, [op(Fail), op(Sz), heap(W), u(Live), u(Fl), op(Dst)]};
ins({bs_add, Fail, [A, B, Unit], Dst}, _) ->
    {bs_add, [op(Fail), op(A), op(B), u(Unit), op(Dst)]};
ins({bs_append, Fail, Sz, Extra, Live, Unit, Bin, {field_flags, Fl}, Dst}, _) ->
    {bs_append, [op(Fail), op(Sz), heap(Extra), u(Live), u(Unit), op(Bin),
                 u(Fl), op(Dst)]};
ins({bs_private_append, Fail, Sz, Unit, Bin, {field_flags, Fl}, Dst}, _) ->
    {bs_private_append, [op(Fail), op(Sz), u(Unit), op(Bin), u(Fl), op(Dst)]};
ins({Op, Fail, Src, Dst}, _)
  when Op =:= bs_utf8_size; Op =:= bs_utf16_size ->
    {Op, [op(Fail), op(Src), op(Dst)]};
ins({Op, Fail, {field_flags, Fl}, Src}, _)
  when Op =:= bs_put_utf8; Op =:= bs_put_utf16; Op =:= bs_put_utf32 ->
    {Op, [op(Fail), u(Fl), op(Src)]};
ins({bs_create_bin, [{Fail, Alloc, Live, Unit, Dst, {z, 1}, {u, N}, List}]}, _)
  when length(List) =:= N ->
    {bs_create_bin, [op(Fail), heap(Alloc), u(Live), u(Unit), op(Dst),
                     op({list, List})]};
%% Binary matching.
ins({bs_start_match3, Fail, Bin, Live, Dst}, _) ->
    {bs_start_match3, [op(Fail), op(Bin), u(Live), op(Dst)]};
ins({bs_start_match4, Fail, Live, Src, Dst}, _) ->
    {bs_start_match4, [op(Fail), u(Live), op(Src), op(Dst)]};
ins({bs_get_tail, Ctx, Dst, Live}, _) ->
    {bs_get_tail, [op(Ctx), op(Dst), u(Live)]};
ins({bs_get_position, Ctx, Dst, Live}, _) ->
    {bs_get_position, [op(Ctx), op(Dst), u(Live)]};
ins({bs_set_position, Ctx, Pos}, _) ->
    {bs_set_position, [op(Ctx), op(Pos)]};
ins({Op, Ctx, N}, _)
  when Op =:= bs_save2; Op =:= bs_restore2 ->
    {Op, [op(Ctx), case N of
                       {atom, _} -> op(N);
                       _ -> u(N)
                   end]};
ins({bs_context_to_binary, R}, _) ->
    {bs_context_to_binary, [op(R)]};
ins(Other, _) ->
    fail("unrecognised instruction ~ts", [show(Other)]).

known(Name, Names, Instr) ->
    case lists:member(Name, Names) of
        true -> Name;
        false -> fail("unrecognised instruction ~ts", [show(Instr)])
    end.

%%% ---------------------------------------------------------------------
%%% Operands

%% A u-tagged number: beam_disasm gives it either bare or as {u,N}.
u(N) when is_integer(N), N >= 0 -> integer_to_list(N);
u({u, N}) when is_integer(N), N >= 0 -> integer_to_list(N);
u(Other) -> fail("expected an unsigned operand, got ~ts", [show(Other)]).

%% Heap need: plain u, or a z3 allocation list.
heap({u, {alloc, _} = A}) -> heap(A);
heap({alloc, List}) ->
    Get = fun(K) ->
                  case [V || {K1, V} <- List, K1 =:= K] of
                      [] -> 0;
                      [V] -> V;
                      _ -> fail("alloc list with repeated kind ~p", [K])
                  end
          end,
    [] = [K || {K, _} <- List, not lists:member(K, [words, floats, funs])],
    io_lib:format("alloc:~w/~w/~w", [Get(words), Get(floats), Get(funs)]);
heap(N) -> u(N).

op({x, N}) when is_integer(N) -> [$x | integer_to_list(N)];
op({y, N}) when is_integer(N) -> [$y | integer_to_list(N)];
op({fr, N}) when is_integer(N) -> "fr" ++ integer_to_list(N);
op({f, N}) when is_integer(N) -> [$f | integer_to_list(N)];
op({tr, {x, _} = R, _Type}) -> op(R);
op({tr, {y, _} = R, _Type}) -> op(R);
op({atom, A}) when is_atom(A) -> atom_op(A);
op(nil) -> "nil";
op({integer, N}) when is_integer(N) -> "i:" ++ integer_to_list(N);
op({i, N}) when is_integer(N) -> "i:" ++ integer_to_list(N);
op({u, N}) -> u(N);
op(N) when is_integer(N), N >= 0 -> integer_to_list(N);
op({literal, T}) -> ["lit:" | term(T)];
op({float, F}) when is_float(F) -> ["lit:" | term(F)];  % z4 float literal
op({field_flags, Fl}) -> u(Fl);
op({list, L}) when is_list(L) -> [$[, lists:join($\s, [op(E) || E <- L]), $]];
op(Other) -> fail("unrecognised operand ~ts", [show(Other)]).

atom_op(A) -> ["a:" | quote(A)].

imp(M, F, A) -> ["imp:", quote(M), $:, quote(F), $/, integer_to_list(A)].

fun_idx(N) when is_integer(N), N >= 0 -> "fun:" ++ integer_to_list(N).

%% beam_disasm keeps only the name of a bif*/gc_bif* import; find the
%% ImpT entry with that name and arity.
bif_imp(Name, Arity, #{imports := Imps}) ->
    case lists:usort([M || {M, F, A} <- Imps, F =:= Name, A =:= Arity]) of
        [M] -> imp(M, Name, Arity);
        [] -> fail("bif ~p/~p not in import table", [Name, Arity]);
        Ms ->
            case lists:member(erlang, Ms) of
                true -> imp(erlang, Name, Arity);
                false -> fail("bif ~p/~p ambiguous in import table: ~p",
                              [Name, Arity, Ms])
            end
    end.

%% beam_disasm replaces the label of a local call by {M,F,A}.
local({M, F, A} = MFA, #{entries := Es}) ->
    case maps:find(MFA, Es) of
        {ok, L} when is_integer(L) -> [$f | integer_to_list(L)];
        {ok, ambiguous} ->
            fail("call target ~p has several entry labels", [MFA]);
        error ->
            fail("call target ~p:~p/~p not a function", [M, F, A])
    end;
local(Other, _) ->
    fail("unrecognised call target ~ts", [show(Other)]).

%% beam_disasm replaces the StrT offset of bs_match_string/bs_put_string
%% by the bytes found there.  The same bytes may occur at several offsets,
%% so replay what the compiler (beam_dict:string/2) does while assembling
%% the module in file order: a string gets the offset of its first
%% occurrence in the pool built so far, else it is appended to the pool.
%% The string segments of bs_create_bin keep their offset in beam_disasm's
%% output; they take part in the replay and must agree with it.  The
%% replayed pool must come out identical to StrT, else the file is refused.
restore_string_offsets(Is0, StrT) ->
    {Is, Pool} = lists:mapfoldl(fun(I, P) -> str_instr(I, P, StrT) end,
                                <<>>, Is0),
    case Pool =:= StrT of
        true -> Is;
        false -> fail("replayed string pool (~w bytes) differs from StrT "
                      "(~w bytes); string offsets not recoverable",
                      [byte_size(Pool), byte_size(StrT)])
    end.

str_instr({test, bs_match_string, Fail, [Ms, Bits, Bin]}, Pool0, _)
  when is_integer(Bits), is_binary(Bin) ->
    {Off, Pool} = pool_string(Bin, Pool0),
    {{test, bs_match_string, Fail, [Ms, Bits, {str_offset, Off}]}, Pool};
str_instr({bs_put_string, Len, {string, Str}}, Pool0, _) ->
    {Off, Pool} = pool_string(list_to_binary(Str), Pool0),
    {{bs_put_string, Len, {str_offset, Off}}, Pool};
str_instr({bs_create_bin, [{_, _, _, _, _, _, _, Segs}]} = I, Pool0, StrT) ->
    {I, create_bin_strings(Segs, Pool0, StrT)};
str_instr(I, Pool, _) ->
    {I, Pool}.

%% Segments are 6 operands each: Type, Seg, Unit, Flags, Src, Size; for a
%% string segment Src is the StrT offset and Size*Unit the length in bits.
create_bin_strings([{atom, string}, _Seg, {u, Unit}, _Flags, {u, Off},
                    {i, Size} | Segs], Pool0, StrT) ->
    Bits = Size * Unit,
    case Bits rem 8 =:= 0 andalso Off + Bits div 8 =< byte_size(StrT) of
        true -> ok;
        false -> fail("bad bs_create_bin string segment ~w bytes at ~w",
                      [Bits / 8, Off])
    end,
    {Off1, Pool} = pool_string(binary:part(StrT, Off, Bits div 8), Pool0),
    case Off1 =:= Off of
        true -> create_bin_strings(Segs, Pool, StrT);
        false -> fail("bs_create_bin string at offset ~w, replay says ~w",
                      [Off, Off1])
    end;
create_bin_strings([{atom, string} | _] = Segs, _, _) ->
    fail("unrecognised bs_create_bin string segment ~ts",
         [show(lists:sublist(Segs, 6))]);
create_bin_strings([_, _, _, _, _, _ | Segs], Pool, StrT) ->
    create_bin_strings(Segs, Pool, StrT);
create_bin_strings([], Pool, _) ->
    Pool;
create_bin_strings(Segs, _, _) ->
    fail("bs_create_bin segment list of odd length: ~ts", [show(Segs)]).

pool_string(<<>>, _) ->
    fail("empty string operand: StrT offset is not recoverable", []);
pool_string(Bin, Pool) ->
    case binary:match(Pool, Bin) of
        {Pos, _} -> {Pos, Pool};
        nomatch -> {byte_size(Pool), <<Pool/binary, Bin/binary>>}
    end.

%%% ---------------------------------------------------------------------
%%% Canonical literal terms

quote(A) when is_atom(A) ->
    [$', escape(atom_to_binary(A, utf8)), $'].

escape(Bin) ->
    [case C of
         $\\ -> "\\\\";
         $' -> "\\'";
         _ -> C
     end || <<C>> <= Bin].

term(I) when is_integer(I) -> integer_to_list(I);
term(F) when is_float(F) ->
    <<Bits:64>> = <<F:64/float>>,
    io_lib:format("f:~16.16.0B", [Bits]);
term(A) when is_atom(A) -> quote(A);
term([]) -> "[]";
term([H | T]) -> [$[, term(H), list_tail(T), $]];
term(T) when is_tuple(T) ->
    [${, lists:join($,, [term(E) || E <- tuple_to_list(T)]), $}];
term(B) when is_binary(B) -> ["<<", binary:encode_hex(B), ">>"];
term(B) when is_bitstring(B) ->
    N = bit_size(B),
    Pad = 8 - N rem 8,
    ["<<", binary:encode_hex(<<B/bitstring, 0:Pad>>), $:,
     integer_to_list(N), ">>"];
term(M) when is_map(M) ->
    Pairs = lists:sort([iolist_to_binary([term(K), "=>", term(V)])
                        || {K, V} <- maps:to_list(M)]),
    ["#{", lists:join($,, Pairs), $}];
term(F) when is_function(F) ->
    case erlang:fun_info(F, type) of
        {type, external} ->
            {module, M} = erlang:fun_info(F, module),
            {name, N} = erlang:fun_info(F, name),
            {arity, A} = erlang:fun_info(F, arity),
            ["fun", quote(M), $:, quote(N), $/, integer_to_list(A)];
        _ -> "?"
    end;
term(_) -> "?".

list_tail([]) -> [];
list_tail([H | T]) -> [$,, term(H) | list_tail(T)];
list_tail(T) -> [$| | term(T)].
