% Writes the seed corpus of the dist frame fuzz target (tests/fuzz/fuzz_dist_frame.cpp): one
% well-formed frame per kind of control message, as a peer 'peer@host' sends them, and a
% term that is no control message. Run in tests/fuzz/corpus/dist_frame:
%   erlc dist_frame_seeds.erl && erl -noshell -s dist_frame_seeds main
-module(dist_frame_seeds).
-export([main/0]).
pid(Node, N) -> B = atom_to_binary(Node), binary_to_term(<<131,88,119,(byte_size(B)),B/binary,N:32,0:32,7:32>>).
ref(Node) -> B = atom_to_binary(Node), binary_to_term(<<131,90,0,3,119,(byte_size(B)),B/binary,7:32,1:32,2:32,3:32>>).
frame(Ctl) -> <<112, (term_to_binary(Ctl))/binary>>.
frame(Ctl, P) -> <<112, (term_to_binary(Ctl))/binary, (term_to_binary(P))/binary>>.
main() ->
    Peer = 'peer@host', Me = self(), P = pid(Peer, 5), R = ref(Peer), LR = make_ref(),
    Seeds = [{link, frame({1, P, Me})},
             {send, frame({2, '', Me}, {hello, [1,2,3], <<"bin">>, #{a => 1}})},
             {reg_send, frame({6, P, '', rex}, {call, erlang, node, [], P})},
             {exit, frame({3, P, Me, normal})},
             {unlink_id, frame({35, 12345, P, Me})},
             {monitor_p, frame({19, P, Me, R})},
             {demonitor_p, frame({20, P, rex, R})},
             {monitor_p_exit, frame({21, P, Me, LR, killed})},
             {payload_exit2, frame({26, P, Me}, kill)},
             {spawn_request, frame({29, R, P, P, {erlang, apply, 2}, [monitor]}, [fun erlang:node/0, []])},
             {spawn_reply, frame({31, LR, Me, 1, P})},
             {alias_send, frame({33, P, LR}, msg)},
             {send_sender_tt, frame({23, P, Me, token}, 3.5)},
             {group_leader, frame({7, P, Me})},
             {not_control, frame(hello)}],
    [file:write_file(atom_to_list(N), B) || {N, B} <- Seeds],
    init:stop().
