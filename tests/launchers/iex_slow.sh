# The slow tasks typed into iex: in sequence under :timer.tc, then with Task.async_stream.
# Concurrent tasks print in any order (on erl too): each run of "Processed N" lines is
# sorted; the time of :timer.tc is masked.
cp "$LAB/slow.ex" .
iex -r slow.ex | sed -E -e 's/(iex\([0-9]+\)> )/\1\n/g' -e 's/^\{[0-9]+, /{T, /' | python3 -c '
import sys
run = []
for line in list(sys.stdin) + [None]:
    if line is not None and line.startswith("Processed "):
        run.append(line)
        continue
    sys.stdout.write("".join(sorted(run)))
    run = []
    if line is not None:
        sys.stdout.write(line)
'
