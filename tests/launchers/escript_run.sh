# escript starts the emulator from its own folder; ESCRIPT_EMULATOR=erl makes it take erl
# from PATH (Hamlet's under compare-launcher.sh). Arguments, halt status, an uncaught
# exception, and a script in compiled mode.
cat > args.escript <<'ES'
#!/usr/bin/env escript
main(Args) ->
    io:format("~p ~p~n", [Args, lists:sum([list_to_integer(A) || A <- Args])]),
    halt(length(Args)).
ES
ESCRIPT_EMULATOR=erl escript args.escript 1 2 3
echo "status $?"
cat > crash.escript <<'ES'
#!/usr/bin/env escript
main(_) -> list_to_integer("x").
ES
ESCRIPT_EMULATOR=erl escript crash.escript
echo "status $?"
cat > compiled.escript <<'ES'
#!/usr/bin/env escript
-mode(compile).
main([N]) -> io:format("~p~n", [fact(list_to_integer(N))]).
fact(0) -> 1;
fact(N) -> N * fact(N - 1).
ES
ESCRIPT_EMULATOR=erl escript compiled.escript 30
echo "status $?"
