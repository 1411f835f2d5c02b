%% Every kind of term goes through term_to_binary/1 and binary_to_term/1 and comes back
%% exactly equal (=:=): immediates, references (make_ref, monitors, aliases, timers, and the
%% magic references of open files and atomics arrays), pids, funs, bignums, floats,
%% binaries and bitstrings, small and large maps, nested terms; also compressed and with
%% minor_version 1. References written in the older formats (NEW_REFERENCE_EXT,
%% REFERENCE_EXT) decode to the same reference as the newest one. Ports of this node (open
%% and closed) come back as the same port in every port format (PORT_EXT, NEW_PORT_EXT,
%% V4_PORT_EXT) and still work after decoding.
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
    Port = open_port({spawn, "cat"}, [binary]),
    Closed = open_port({spawn, "cat"}, []),
    port_close(Closed),
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
             {self, Self}, {other_pid, Other}, {port, Port}, {closed_port, Closed},
             {local_fun, fun(X) -> X + Y end}, {export_fun, fun lists:reverse/1},
             {small_map, #{a => 1, b => [2], Y => self()}}, {large_map, Large},
             {nested, {[#{k => {make_ref(), [Bin, Big]}}], {Self, [1.5 | Bits]}}}],
    [check(Name, T) || {Name, T} <- Terms],
    check(everything, Terms),
    old_reference_formats(),
    port_formats(Port),
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

%% A port of this node written as NEW_PORT_EXT (89: four-byte number, four-byte creation),
%% PORT_EXT (102: one-byte creation) and V4_PORT_EXT (120: eight-byte number) decodes to
%% the port itself; a number beyond erts' 28 bits is refused for this node.
port_formats(P) ->
    Node = term_to_binary(node()),
    <<131, NodeExt/binary>> = Node,
    Num = case term_to_binary(P) of
              <<131, 89, _:(byte_size(NodeExt))/binary, N:32, 0:32>> -> N;
              <<131, 120, _:(byte_size(NodeExt))/binary, N:64, 0:32>> -> N
          end,
    Formats = [{new_port_ext, <<131, 89, NodeExt/binary, Num:32, 0:32>>},
               {port_ext, <<131, 102, NodeExt/binary, Num:32, 0>>},
               {v4_port_ext, <<131, 120, NodeExt/binary, Num:64, 0:32>>}],
    [io:format("~p: ~p~n", [Name, binary_to_term(B) =:= P]) || {Name, B} <- Formats],
    Decoded = binary_to_term(term_to_binary({P, [P]})),
    port_command(element(1, Decoded), <<"through a decoded port">>),
    receive {P, {data, D}} -> io:format("decoded port works: ~p~n", [D]) end,
    Ets = ets:new(ports, []),
    ets:insert(Ets, {P, binary_to_term(term_to_binary(P))}),
    io:format("ets: ~p~n", [ets:lookup(Ets, binary_to_term(term_to_binary(P))) =:= [{P, P}]]),
    io:format("hash: ~p~n", [erlang:phash2(binary_to_term(term_to_binary(P))) =:= erlang:phash2(P)]),
    [io:format("number ~p: ~p~n", [K, try is_port(binary_to_term(<<131, 120, NodeExt/binary, K:64, 0:32>>))
                                      catch error:Reason -> Reason end])
     || K <- [1 bsl 28 - 1, 1 bsl 28]],
    port_close(P).
