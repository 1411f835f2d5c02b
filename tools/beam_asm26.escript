#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell
%%
%% Assembles a BEAM assembly file (the .S format `erlc -S` writes) that may use instructions
%% newer than the installed OTP 25 compiler knows:
%%   {bs_match, Fail, Ctx, {commands, [Command]}}            opcode 182 (OTP 26)
%%   {update_record, {atom, Hint}, Size, Src, Dst, {list, U}}  opcode 181 (OTP 26)
%%   {executable_line, Location, Index}                       opcode 183 (OTP 27)
%%
%%   escript tools/beam_asm26.escript FILE.S OUTDIR     writes OUTDIR/<module>.beam
%%
%% How: OTP 25's own assembler (beam_asm:module/4 from the installed compiler, no
%% optimisation or validation passes) encodes the module with a stand-in for each new
%% instruction, one that OTP 25 encodes with exactly the operands the new instruction has:
%%   bs_match        -> get_map_elements Fail Ctx {list, FlatCommands}   (same shape f, s, list)
%%   update_record   -> put_map_assoc Hint Size Src Dst {list, Updates}  (5 operands, list last)
%%   executable_line -> line Location                                     (registers the location)
%% Then we walk the Code chunk instruction by instruction (operand lengths from the compact
%% term encoding, arities from OTP 25's beam_opcodes), and at the positions of the
%% stand-ins put the real opcode in place (for executable_line also append its Index
%% operand). The header's highest opcode is raised to cover the new opcodes, and the Line
%% chunk gets OTP 27's "has executable_line" flag when there are any.
%%
%% The bs_match command list is flattened as OTP 26's assembler does: each command tuple
%% {Name, Args...} becomes {atom, Name} followed by its arguments (integers -> u, nil,
%% {literal, Flags}, registers). The module's vsn attribute keeps the MD5 of the stand-in
%% code (nothing checks it); the module MD5 itself is computed by whoever loads the file.
-mode(compile).

main([In, OutDir]) ->
    try
        {Module, Beam} = assemble(In),
        Out = filename:join(OutDir, atom_to_list(Module) ++ ".beam"),
        ok = file:write_file(Out, Beam)
    catch
        throw:{asm_error, Why} ->
            io:format(standard_error, "beam_asm26: ~ts: ~ts~n", [In, Why]),
            halt(1);
        Class:Reason:Stack ->
            %% Usually an instruction OTP 25's assembler does not know, or a typo in one.
            io:format(standard_error, "beam_asm26: ~ts: ~p:~p~n  ~p~n", [In, Class, Reason, Stack]),
            halt(1)
    end;
main(_) ->
    io:format(standard_error, "usage: beam_asm26.escript FILE.S OUTDIR~n", []),
    halt(2).

fail(Fmt, Args) -> throw({asm_error, io_lib:format(Fmt, Args)}).

assemble(In) ->
    Forms = case file:consult(In) of
                {ok, F} -> F;
                {error, E} -> fail("~ts", [file:format_error(E)])
            end,
    Module = form(module, Forms),
    Exports = form(exports, Forms),
    Attributes = form(attributes, Forms),
    Labels = form(labels, Forms),
    case lists:keymember(on_load, 1, Attributes) of
        true -> fail("on_load is not supported (it would add an instruction)", []);
        false -> ok
    end,
    Functions0 = functions(Forms),
    %% Stand-ins and their positions in the instruction stream (0-based, counting every
    %% encoded instruction; comments encode to nothing).
    {Functions, {Count, Patches}} =
        lists:mapfoldl(fun({function, N, A, E, Is0}, Acc0) ->
                               {Is, Acc} = lists:mapfoldl(fun stand_in/2, Acc0, Is0),
                               {{function, N, A, E, Is}, Acc}
                       end, {0, #{}}, Functions0),
    Asm = {Module, Exports, Attributes, Functions, Labels},
    {ok, Beam0} = beam_asm:module(Asm, [], [{options, []}, {source, In}], []),
    {Module, patch(Beam0, Count, Patches)}.

%% In a .S file each function is a {function, Name, Arity, Entry} form followed by its
%% instructions, one form each.
functions([{function, Name, Arity, Entry} | Rest0]) ->
    {Is, Rest} = lists:splitwith(fun(F) -> not is_function_form(F) end, Rest0),
    [{function, Name, Arity, Entry, Is} | functions(Rest)];
functions([_ | Rest]) ->
    functions(Rest);
functions([]) ->
    [].

is_function_form(F) -> is_tuple(F) andalso tuple_size(F) =:= 4 andalso element(1, F) =:= function.

form(Key, Forms) ->
    case lists:keyfind(Key, 1, Forms) of
        {Key, Value} -> Value;
        false -> fail("no {~p, ...} form", [Key])
    end.

stand_in({'%', _} = I, Acc) ->
    {I, Acc};
stand_in({bs_match, Fail, Ctx, {commands, Commands}}, {N, P}) ->
    Flat = lists:append([bs_match_command(C) || C <- Commands]),
    {{get_map_elements, Fail, Ctx, {list, Flat}}, {N + 1, P#{N => {182, <<>>}}}};
stand_in({bs_match, _, _, _} = I, _) ->
    fail("bs_match without {commands, List}: ~p", [I]);
stand_in({update_record, Hint, Size, Src, Dst, {list, Updates}}, {N, P}) ->
    {{put_map_assoc, Hint, Size, Src, Dst, {list, Updates}}, {N + 1, P#{N => {181, <<>>}}}};
stand_in({executable_line, Location, Index}, {N, P}) when is_integer(Index), Index >= 0 ->
    {{line, Location}, {N + 1, P#{N => {183, encode_u(Index)}}}};
stand_in(I, {N, P}) ->
    {I, {N + 1, P}}.

%% {integer, Live, Flags, Size, Unit, Dst} -> [{atom, integer}, Live, Flags, Size, Unit, Dst]
bs_match_command(C) when is_tuple(C), tuple_size(C) >= 1, is_atom(element(1, C)) ->
    [Name | Args] = tuple_to_list(C),
    [{atom, Name} | Args];
bs_match_command(C) ->
    fail("bad bs_match command ~p", [C]).

%% ---- rewriting the Code and Line chunks --------------------------------------------------

patch(<<"FOR1", _:32, "BEAM", Chunks0/binary>>, Count, Patches) ->
    Chunks1 = split_chunks(Chunks0),
    HasExecLine = lists:any(fun({Op, _}) -> Op =:= 183 end, maps:values(Patches)),
    Chunks = [patch_chunk(Id, Data, Count, Patches, HasExecLine) || {Id, Data} <- Chunks1],
    Body = << <<Id/binary, (byte_size(D)):32, D/binary, 0:(pad(byte_size(D)))/unit:8>>
              || {Id, D} <- Chunks >>,
    <<"FOR1", (byte_size(Body) + 4):32, "BEAM", Body/binary>>.

split_chunks(<<>>) -> [];
split_chunks(<<Id:4/binary, Size:32, Data:Size/binary, Rest0/binary>>) ->
    Pad = pad(Size),
    <<_:Pad/binary, Rest/binary>> = Rest0,
    [{Id, Data} | split_chunks(Rest)].

pad(Size) -> (4 - Size rem 4) rem 4.

patch_chunk(<<"Code">>, <<16:32, Format:32, MaxOp0:32, NumLabels:32, NumFuncs:32, Code0/binary>>,
            Count, Patches, _) ->
    {Code, Seen} = patch_code(Code0, 0, Patches, []),
    Seen =:= Count + 1 orelse
        fail("expected ~p instructions in the Code chunk, found ~p", [Count + 1, Seen]),
    MaxOp = lists:max([MaxOp0 | [Op || {Op, _} <- maps:values(Patches)]]),
    {<<"Code">>, <<16:32, Format:32, MaxOp:32, NumLabels:32, NumFuncs:32, Code/binary>>};
patch_chunk(<<"Line">>, <<Ver:32, Flags:32, Rest/binary>>, _, _, true) ->
    {<<"Line">>, <<Ver:32, (Flags bor 1):32, Rest/binary>>};
patch_chunk(Id, Data, _, _, _) ->
    {Id, Data}.

%% Walks the instructions; returns the new code and the number of instructions seen.
patch_code(<<Op, Rest0/binary>>, N, Patches, Acc) ->
    {_Name, Arity} = beam_opcodes:opname(Op),
    Rest = skip_operands(Arity, Rest0),
    Operands = binary:part(Rest0, 0, byte_size(Rest0) - byte_size(Rest)),
    Instr = case Patches of
                #{N := {NewOp, Extra}} -> <<NewOp, Operands/binary, Extra/binary>>;
                #{} -> <<Op, Operands/binary>>
            end,
    case Op of
        3 -> {iolist_to_binary(lists:reverse(Acc, [Instr])), N + 1}; % int_code_end
        _ -> patch_code(Rest, N + 1, Patches, [Instr | Acc])
    end.

skip_operands(0, Bin) -> Bin;
skip_operands(K, Bin) -> skip_operands(K - 1, skip_operand(Bin)).

%% One compact-term operand (tag in the low 3 bits; tag 7 = extended, its kind in the
%% value): 1 list (u Count, then Count operands), 2 float register (u), 3 allocation list
%% (u Count, then Count pairs of u), 4 literal (u), 5 typed register (register, u type).
skip_operand(<<B, _/binary>> = Bin) when B band 7 =:= 7 ->
    <<_, Rest/binary>> = Bin,
    case B bsr 4 of
        1 -> {Len, R} = read_value(Rest), skip_operands(Len, R);
        2 -> skip_operand(Rest);
        3 -> {Len, R} = read_value(Rest), skip_operands(2 * Len, R);
        4 -> skip_operand(Rest);
        5 -> skip_operand(skip_operand(Rest));
        Z -> fail("unexpected extended operand ~p in the Code chunk", [Z])
    end;
skip_operand(Bin) ->
    {_, Rest} = read_value(Bin),
    Rest.

read_value(<<B, Rest/binary>>) when B band 8 =:= 0 ->
    {B bsr 4, Rest};
read_value(<<B, B1, Rest/binary>>) when B band 16 =:= 0 ->
    {(B band 16#E0) bsl 3 bor B1, Rest};
read_value(<<B, Rest0/binary>>) ->
    {Len, Rest1} = case (B bsr 5) + 2 of
                       9 -> {L, R} = read_value(Rest0), {L + 9, R};
                       L -> {L, Rest0}
                   end,
    <<V:Len/unit:8, Rest/binary>> = Rest1,
    {V, Rest}.

%% A u operand (tag 0), as beam_asm encodes non-negative integers.
encode_u(N) when N < 16 -> <<(N bsl 4)>>;
encode_u(N) when N < 16#800 -> <<((N bsr 3) band 16#E0 bor 8), (N band 16#FF)>>;
encode_u(N) ->
    Bytes = case binary:encode_unsigned(N) of
                <<0:1, _/bits>> = B -> B;
                B -> <<0, B/binary>>
            end,
    case byte_size(Bytes) of
        S when S =< 8 -> <<((S - 2) bsl 5 bor 2#11000), Bytes/binary>>;
        S -> <<2#11111000, (encode_u(S - 9))/binary, Bytes/binary>>
    end.
