%% Hamlet's standard I/O servers: 'user' (stdout, the group leader of boot processes) and
%% 'standard_error' (stderr). They speak the Erlang I/O protocol; on the BEAM this is
%% kernel's user/standard_error over an fd port, which Hamlet does not emulate yet.
%% Output follows the same rules: the device encoding is latin1 until setopts changes it,
%% and characters a latin1 device cannot show are written as \x{...}.
-module(hamlet_stdio).
-export([start/0, server/2]).

%% Starts both servers; returns the pid of 'user'.
start() ->
    spawn(?MODULE, server, [standard_error, 2]),
    spawn(?MODULE, server, [user, 1]).

server(Name, Fd) ->
    register(Name, self()),
    put(encoding, latin1),
    loop(Fd).

loop(Fd) ->
    receive
        {io_request, From, ReplyAs, Request} ->
            Reply = request(Request, Fd),
            From ! {io_reply, ReplyAs, Reply},
            loop(Fd);
        _ ->
            loop(Fd)
    end.

request({put_chars, Encoding, Chars}, Fd) ->
    put_chars(Chars, Encoding, Fd);
request({put_chars, Encoding, M, F, A}, Fd) ->
    try apply(M, F, A) of
        Chars -> put_chars(Chars, Encoding, Fd)
    catch
        %% kernel's user and standard_error say put_chars whatever failed
        _:_ -> {error, put_chars}
    end;
request({put_chars, Chars}, Fd) ->
    put_chars(Chars, latin1, Fd);
request({put_chars, M, F, A}, Fd) ->
    request({put_chars, latin1, M, F, A}, Fd);
request({setopts, Opts}, _Fd) when is_list(Opts) ->
    setopts(Opts);
request(getopts, _Fd) ->
    [{binary, false}, {encoding, get(encoding)}];
request({get_geometry, _}, _Fd) ->
    {error, enotsup};
request({requests, Requests}, Fd) ->
    requests(Requests, Fd, ok);
request({get_line, _Enc, _Prompt}, _Fd) ->
    eof;
request({get_chars, _Enc, _Prompt, _N}, _Fd) ->
    eof;
request({get_until, _Enc, _Prompt, _M, _F, _As}, _Fd) ->
    eof;
request(Other, _Fd) ->
    {error, {request, Other}}.

requests([R | Rest], Fd, _Last) ->
    case request(R, Fd) of
        {error, _} = E -> E;
        Reply -> requests(Rest, Fd, Reply)
    end;
requests([], _Fd, Last) ->
    Last.

put_chars(Chars, From, Fd) ->
    case to_device(Chars, From, get(encoding)) of
        Bin when is_binary(Bin) ->
            hamlet:write(Fd, Bin),
            ok;
        _ ->
            {error, put_chars}
    end.

to_device(Chars, unicode, latin1) ->
    case catch unicode:characters_to_binary(Chars, unicode, latin1) of
        Bin when is_binary(Bin) -> Bin;
        _ ->
            case catch unicode:characters_to_list(Chars, unicode) of
                L when is_list(L) ->
                    list_to_binary([escape_high(C) || C <- L]);
                _ -> error
            end
    end;
to_device(Chars, From, To) ->
    case catch unicode:characters_to_binary(Chars, From, To) of
        Bin when is_binary(Bin) -> Bin;
        _ -> error
    end.

escape_high(C) when C > 255 -> ["\\x{", integer_to_list(C, 16), $}];
escape_high(C) -> C.

setopts(Opts) ->
    case [E || {encoding, E} <- Opts] ++ [E || E <- Opts, E =:= unicode orelse E =:= latin1] of
        [] -> ok;
        Encs ->
            case lists:last(Encs) of
                latin1 -> put(encoding, latin1), ok;
                E when E =:= unicode; E =:= utf8 -> put(encoding, unicode), ok;
                _ -> {error, enotsup}
            end
    end.
