# The banner's scheduler counts depend on the machine; Hamlet has no [jit:ns] (an
# interpreter: README, differences from the BEAM).
elixir --version | sed -E -e 's/\[(smp|ds):[0-9:]+\]/[\1:N]/g' -e 's/ \[jit(:ns)?\]//'
