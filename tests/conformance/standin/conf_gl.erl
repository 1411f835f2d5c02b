%% The group leader of every case: passes output through to the VM's own group leader and,
%% while a case captures (test_server:capture_start/0), sends it a copy of the text.

-module(conf_gl).

-export([start/1]).

start(Upstream) -> spawn(fun () -> loop(Upstream, none) end).

loop(Up, Capture) ->
    receive
        {capture, Pid} when is_pid(Pid) -> loop(Up, Pid);
        {capture, false} -> loop(Up, none);
        {io_request, From, ReplyAs, Req} = Msg ->
            case output(Req) of
                passthrough -> Up ! Msg;
                {ok, Text} ->
                    case Capture of
                        none -> ok;
                        Pid -> Pid ! {captured, Text}
                    end,
                    Up ! {io_request, self(), ignored, {put_chars, unicode, Text}},
                    From ! {io_reply, ReplyAs, ok};
                error -> From ! {io_reply, ReplyAs, {error, arguments}}
            end,
            loop(Up, Capture);
        _ -> loop(Up, Capture)
    end.

output(Req) ->
    try text(Req) of
        passthrough -> passthrough;
        Chars -> {ok, Chars}
    catch
        _:_ -> error
    end.

text({put_chars, Enc, Chars}) when Enc =:= unicode; Enc =:= latin1 -> to_list(Chars, Enc);
text({put_chars, Enc, M, F, A}) when Enc =:= unicode; Enc =:= latin1 ->
    to_list(apply(M, F, A), Enc);
text({put_chars, Chars}) -> to_list(Chars, latin1);
text({put_chars, M, F, A}) -> to_list(apply(M, F, A), latin1);
text(_) -> passthrough.

to_list(Chars, Enc) ->
    case unicode:characters_to_list(Chars, Enc) of
        L when is_list(L) -> L;
        _ -> error(badarg)
    end.

