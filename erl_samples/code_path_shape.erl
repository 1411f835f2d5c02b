%% The default code path as kernel's code server builds it from the installed OTP: an
%% application's ebin, or the application's directory when it has none (only its headers
%% installed); kernel and stdlib first, the others in descending name order; and
%% code:lib_dir/1,2 answering for every application there. Printed as checks, so the
%% output does not depend on which OTP packages the machine has.
-module(code_path_shape).
-export([main/0]).

main() ->
    Lib = code:lib_dir(),
    {ok, Dirs0} = file:list_dir(Lib),
    Dirs = [D || D <- Dirs0, filelib:is_dir(filename:join(Lib, D))],
    Entry = fun(D) ->
                    Ebin = filename:join([Lib, D, "ebin"]),
                    case filelib:is_dir(Ebin) of
                        true -> Ebin;
                        false -> filename:join(Lib, D)
                    end
            end,
    IsFirst = fun(D) -> app_name(D) =:= "kernel" orelse app_name(D) =:= "stdlib" end,
    {First, Rest} = lists:partition(IsFirst, Dirs),
    Expected = [Entry(D) || D <- lists:sort(First)] ++
                   [Entry(D) || D <- lists:reverse(lists:sort(Rest))],
    Otp = [P || P <- code:get_path(), lists:prefix(Lib ++ "/", P)],
    io:format("path as the code server builds it: ~p~n", [Otp =:= Expected]),
    io:format("lib_dir/1 of every application: ~p~n",
              [lists:all(fun(D) ->
                                 code:lib_dir(list_to_atom(app_name(D))) =:= filename:join(Lib, D)
                         end, Dirs)]),
    io:format("lib_dir/2 of every application: ~p~n",
              [lists:all(fun(D) ->
                                 code:lib_dir(list_to_atom(app_name(D)), include) =:=
                                     filename:join([Lib, D, "include"])
                         end, Dirs)]),
    io:format("~p ~p ~p~n", [code:lib_dir(no_such_application), code:lib_dir("no_such"),
                             code:lib_dir("kernel") =:= code:lib_dir(kernel)]),
    ok.

app_name(Dir) ->
    case string:split(Dir, "-", trailing) of
        [Name, _Vsn] -> Name;
        [Name] -> Name
    end.
