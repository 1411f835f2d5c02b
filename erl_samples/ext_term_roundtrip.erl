%% Every kind of term goes through term_to_binary/1 and binary_to_term/1 and comes back
%% exactly equal (=:=): immediates, references (make_ref, monitors, aliases, timers, and the
%% magic references of open files and atomics arrays), pids, funs, bignums, floats,
%% binaries and bitstrings, small and large maps, nested terms; also compressed and with
%% minor_version 1. References written in the older formats (NEW_REFERENCE_EXT,
%% REFERENCE_EXT) decode to the same reference as the newest one.
-module(ext_term_roundtrip).
-export([main/0]).

main() ->
    Self = self(),
    Other = spawn(fun() -> receive stop -> ok end end),
    {ok, File} = file:open("ext_term_roundtrip_tmp", [write, raw]),
    Atomics = atomics:new(2, []),
    Counters = counters:new(1, []),
    Timer = erlang:send_after(100000, self(), never),
    Mon = erlang:monitor(process, Other),
    Alias = alias(),
    Y = 42,
    Big = 1 bsl 200,
    Bin = list_to_binary(lists:seq(0, 255)),
    <<_:3, Bits:13/bitstring, _/bitstring>> = Bin,
    Large = maps:from_list([{I, {I}} || I <- lists:seq(1, 100)]),
    Terms = [{atom, foo}, {empty_list, []}, {nil_tuple, {}}, {small, 42}, {neg, -7},
             {max_small, 1 bsl 59 - 1}, {min_small, -(1 bsl 59)},
             {big, Big}, {neg_big, -Big}, {huge, 1 bsl 70000},
             {float, 3.25}, {neg_zero, -0.0}, {tiny_float, 5.0e-324}, {big_float, 1.0e308},
             {heap_bin, <<1, 2, 3>>}, {refc_bin, Bin}, {sub_bin, binary:part(Bin, 10, 100)},
             {bits, Bits}, {empty_bin, <<>>},
             {string, "hello"}, {improper, [a | b]}, {unicode_atom, 'åäö'},
             {make_ref, make_ref()}, {timer_ref, Timer}, {monitor_ref, Mon}, {alias, Alias},
             {file, File}, {atomics, Atomics}, {counters, Counters},
             {self, Self}, {other_pid, Other},
             {local_fun, fun(X) -> X + Y end}, {export_fun, fun lists:reverse/1},
             {small_map, #{a => 1, b => [2], Y => self()}}, {large_map, Large},
             {nested, {[#{k => {make_ref(), [Bin, Big]}}], {Self, [1.5 | Bits]}}}],
    [check(Name, T) || {Name, T} <- Terms],
    check(everything, Terms),
    old_reference_formats(),
    file:close(File),
    file:delete("ext_term_roundtrip_tmp"),
    Other ! stop,
    ok.

check(Name, T) ->
    Results = [binary_to_term(term_to_binary(T, Opts)) =:= T
               || Opts <- [[], [compressed], [{minor_version, 1}], [{minor_version, 2}]]],
    io:format("~p: ~p~n", [Name, Results]).

%% NEWER_REFERENCE_EXT (90) is what term_to_binary writes; NEW_REFERENCE_EXT (114) has a
%% one-byte creation, REFERENCE_EXT (101) one number and a one-byte creation.
old_reference_formats() ->
    R = make_ref(),
    <<131, 90, N:16, Node:(3 + 13)/binary, 0:32, Ids:(4 * N)/binary>> = term_to_binary(R),
    New = <<131, 114, N:16, Node/binary, 0, Ids/binary>>,
    io:format("NEW_REFERENCE_EXT: ~p~n", [binary_to_term(New) =:= R]),
    <<Id:32, _/binary>> = Ids,
    Old = binary_to_term(<<131, 101, Node/binary, Id:32, 0>>),
    Padded = binary_to_term(<<131, 90, 3:16, Node/binary, 0:32, Id:32, 0:32, 0:32>>),
    io:format("REFERENCE_EXT: ~p ~p ~p~n", [is_reference(Old), Old =:= Padded, Old =:= R]),
    %% References of this node with fewer numbers are padded; more than three are refused.
    [begin
         Ext = <<131, 90, K:16, Node/binary, 0:32, (binary:copy(<<7:32>>, K))/binary>>,
         case catch binary_to_term(Ext) of
             {'EXIT', {Reason, _}} -> io:format("~p numbers: ~p~n", [K, Reason]);
             Ref -> io:format("~p numbers: ~p ~p~n", [K, term_to_binary(Ref) =:= Ext,
                                                     binary_to_term(term_to_binary(Ref)) =:= Ref])
         end
     end || K <- [1, 2, 3, 4, 5]],
    %% A decoded alias still reaches its process.
    A = alias(),
    binary_to_term(term_to_binary(A)) ! via_alias,
    receive via_alias -> io:format("alias after decoding: ok~n") end.
