%% Stand-in for common_test's ct module: the functions OTP's suites call while they run
%% (fail, log/pal/print to standard output, timetrap, sleep, capture). Configuration
%% look-ups answer as when no config file was given.

-module(ct).

-export([fail/1,
         fail/2,
         log/1,
         log/2,
         log/3,
         log/4,
         log/5,
         pal/1,
         pal/2,
         pal/3,
         pal/4,
         pal/5,
         print/1,
         print/2,
         print/3,
         print/4,
         print/5,
         comment/1,
         comment/2,
         timetrap/1,
         get_timetrap_info/0,
         sleep/1,
         get_config/1,
         get_config/2,
         get_config/3,
         require/1,
         require/2,
         capture_start/0,
         capture_stop/0,
         capture_get/0,
         capture_get/1,
         get_progname/0,
         abort_current_testcase/1,
         userdata/2,
         userdata/3,
         get_status/0,
         make_priv_dir/0,
         get_target_name/1,
         notify/2,
         sync_notify/2,
         break/1,
         break/2,
         continue/0,
         continue/1,
         testcases/2,
         get_testspec_terms/0,
         get_testspec_terms/1]).

fail(Reason) -> exit({test_case_failed, Reason}).

fail(Format, Args) ->
    Text = try io_lib:format(Format, Args) of
               S -> lists:flatten(S)
           catch
               _:_ -> {Format, Args}
           end,
    exit({test_case_failed, Text}).

log(Format) -> log(default, 50, Format, [], []).

log(X1, X2) ->
    {Format, Args} = format_args([X1, X2]),
    log(default, 50, Format, Args, []).

log(X1, X2, X3) ->
    {Format, Args} = format_args([X1, X2, X3]),
    log(default, 50, Format, Args, []).

log(X1, X2, X3, X4) ->
    {Format, Args} = format_args([X1, X2, X3, X4]),
    log(default, 50, Format, Args, []).

log(_Category, _Importance, Format, Args, _Opts) -> write(Format, Args).

pal(Format) -> log(Format).

pal(X1, X2) -> log(X1, X2).

pal(X1, X2, X3) -> log(X1, X2, X3).

pal(X1, X2, X3, X4) -> log(X1, X2, X3, X4).

pal(C, I, F, A, O) -> log(C, I, F, A, O).

print(Format) -> log(Format).

print(X1, X2) -> log(X1, X2).

print(X1, X2, X3) -> log(X1, X2, X3).

print(X1, X2, X3, X4) -> log(X1, X2, X3, X4).

print(C, I, F, A, O) -> log(C, I, F, A, O).

format_args(Xs) ->
    Rest = drop_prefix(Xs),
    case Rest of
        [F] -> {F, []};
        [F, A | _] when is_list(A) -> {F, A};
        [F | _] -> {F, []}
    end.

drop_prefix([C | Rest]) when is_atom(C), Rest =/= [] -> drop_prefix_i(Rest);
drop_prefix(Xs) -> drop_prefix_i(Xs).

drop_prefix_i([I | Rest]) when is_integer(I), Rest =/= [] -> Rest;
drop_prefix_i(Xs) -> Xs.

write(Format, Args) ->
    Text = try io_lib:format(Format, Args) catch
               _:_ -> io_lib:format("illegal format: ~tp ~tp", [Format, Args])
           end,
    catch io:put_chars(user, [Text, $\n]),
    ok.

comment(_Comment) -> ok.

comment(_Format, _Args) -> ok.

timetrap(Time) ->
    test_server:timetrap_cancel(),
    _ = test_server:timetrap(Time),
    put(conf_timetrap_value, Time),
    ok.

get_timetrap_info() ->
    Ms = case get(conf_timetrap_value) of
             undefined -> 30 * 60 * 1000;
             T -> test_server:time_ms(T, 30 * 60 * 1000)
         end,
    {Ms, {true, 1}}.

sleep({hours, N}) -> sleep(trunc(N * 3600000));
sleep({minutes, N}) -> sleep(trunc(N * 60000));
sleep({seconds, N}) -> sleep(trunc(N * 1000));
sleep(Ms) -> test_server:adjusted_sleep(Ms).

get_config(_Key) -> undefined.

get_config(_Key, Default) -> Default.

get_config(_Key, Default, _Opts) -> Default.

require(Key) -> {error, {name_in_use_or_undefined, Key}}.

require(_Name, Key) -> {error, {name_in_use_or_undefined, Key}}.

capture_start() -> test_server:capture_start().

capture_stop() -> test_server:capture_stop().

capture_get() -> capture_get([default]).

capture_get(_Categories) -> test_server:capture_get().

get_progname() ->
    case init:get_argument(progname) of
        {ok, [[Prog]]} -> Prog;
        _ -> "no_prog_name"
    end.

abort_current_testcase(Reason) -> exit({testcase_aborted, Reason}).

userdata(_TestDir, _Suite) -> [].

userdata(_TestDir, _Suite, _Case) -> [].

get_status() -> no_tests_running.

make_priv_dir() -> {error, not_supported}.

get_target_name(_Handle) -> {error, not_supported}.

notify(_Name, _Data) -> ok.

sync_notify(_Name, _Data) -> ok.

break(_Comment) -> ok.

break(_Case, _Comment) -> ok.

continue() -> ok.

continue(_Case) -> ok.

testcases(_TestDir, Suite) -> Suite:all().

get_testspec_terms() -> undefined.

get_testspec_terms(_Tags) -> undefined.

