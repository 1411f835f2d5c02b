# mix new, mix compile, mix test (a fixed seed; the time masked) and iex -S mix, offline.
mix new proj </dev/null
cd proj
mix compile </dev/null
mix test --seed 0 </dev/null | sed -E 's/^Finished in [0-9.]+ seconds \(([0-9.]+)s async, ([0-9.]+)s sync\)/Finished in T seconds (T async, T sync)/'
echo "status ${PIPESTATUS[0]}"
printf 'Proj.hello()\n' | iex -S mix
