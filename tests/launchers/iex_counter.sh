# The supervised counter typed into iex (beams in the current folder): the crash's Logger
# report, the restart, and the shell going on. The crash, the wait for the restarted
# counter and Logger.flush are one input, so the report comes before its result on any
# machine. Pids and the report's time are masked.
cp "$LAB/counter.ex" .
elixirc counter.ex </dev/null >/dev/null
iex | sed -E -e 's/#PID<[0-9]+\.[0-9]+\.[0-9]+>/#PID<N>/g' -e 's/^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} /TIME /'
