#!/bin/bash
# The lab's cluster challenge, typed into iex as a student would: `iex --sname alice` and
# `iex --sname bob` (Elixir's real iex script; Hamlet is the erl first in PATH where a role
# says so), through the real epmd. From alice, Node.connect to the others, then
# Lab.WordCount.count_words({:file, "data/Word_count.txt", "out.txt"}, nodes) spreads the
# chunks over the nodes with :rpc.call; out.txt must be byte-identical to the one
# `elixir -e` on erl writes alone, and alice's transcript (node names masked) must equal the
# one recorded with erl for every node (RECORD=1, tests/dist/expected/lab_cluster.stdout).
# Cases: alice Hamlet + bob erl; alice erl + bob Hamlet; alice Hamlet + bob erl + carol Hamlet.
# Unique node names per run, a fixed cookie on the command line; the script stops only the
# nodes it started; every wait is on an event (a name in epmd, a prompt, a process ending).
#   tests/dist/lab_cluster.sh BIN_DIR       (BIN_DIR holds Hamlet's erl)
#   RECORD=1 tests/dist/lab_cluster.sh -    (every node on erl; writes the record)
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
record=${RECORD:-0}
real_path=$PATH
hamlet_path=$PATH
[[ $record == 1 ]] || hamlet_path=$(realpath "$bin"):$PATH
source "$here/lib.sh"
tmp=$(dist_scratch cluster)
host=$(hostname -s)
cookie=hamletlab
# What a node runs on (hamlet or beam.smp), from the executable of its process.
vm_of() { basename "$(readlink "/proc/$1/exe")"; }
want_vm() { # role (hamlet/erl) -> executable name
    if [[ $record == 1 || $1 == erl ]]; then echo beam.smp; else echo hamlet; fi
}
path_for() { if [[ $record == 1 || $1 == erl ]]; then echo "$real_path"; else echo "$hamlet_path"; fi; }

cd "$tmp" || exit 1
mkdir ebin data home
export HOME=$tmp/home LANG=C.UTF-8 TERM=dumb
PATH=$real_path elixirc -o ebin "$root/erl_samples/lab/word_count.ex" </dev/null >/dev/null ||
    fail "elixirc"
# The lab's input: the three licences (the research's data/Word_count.txt).
cat /usr/share/common-licenses/{GPL-3,Apache-2.0,MPL-2.0} >data/Word_count.txt || fail "licences"
PATH=$real_path elixir -pa ebin -e \
    'Lab.WordCount.count_words({:file, "data/Word_count.txt", "ref.txt"})' </dev/null ||
    fail "the word count on erl alone"
epmd -daemon

# Starts `iex --sname NAME` on ROLE's VM in the background, its stdin a fifo kept open on
# fd var NAME_fd, and waits until epmd lists it.
declare -A node_pid node_fd
start_node() { # role name
    local role=$1 name=$2 fd
    mkfifo "$tmp/$name.in"
    PATH=$(path_for "$role") iex --sname "$name" --cookie $cookie -pa ebin \
        <"$tmp/$name.in" >"$tmp/$name.out" 2>&1 &
    node_pid[$name]=$!
    started+=($!)
    exec {fd}>"$tmp/$name.in"
    node_fd[$name]=$fd
    wait_registered "$name" || fail "node $name never registered with epmd"
    # Elixir adds -pa folders after the node is up: its prompt says it is ready (what a
    # student waits for too).
    for _ in $(seq 1200); do grep -q '^iex(' "$tmp/$name.out" && break; sleep 0.1; done
    grep -q '^iex(' "$tmp/$name.out" || fail "node $name never showed its prompt"
    [[ $(vm_of "${node_pid[$name]}") == $(want_vm "$role") ]] ||
        fail "$name runs on $(vm_of "${node_pid[$name]}"), not $(want_vm "$role")"
}
# Ends a node started by start_node: System.halt() typed into its iex, then it must exit.
stop_node() {
    local name=$1
    echo 'System.halt()' >&"${node_fd[$name]}"
    exec {node_fd[$name]}>&-
    for _ in $(seq 600); do kill -0 "${node_pid[$name]}" 2>/dev/null || return 0; sleep 0.1; done
    fail "$name did not stop on System.halt()"
}

# One case: alice on ROLE types the lines below into iex with the other nodes as targets.
run_case() { # case alice_role other_name...
    local case=$1 role=$2
    shift 2
    local others=("$@") list="node()" o
    for o in "${others[@]}"; do list+=", :\"$o@$host\""; done
    local alice=alice$$x$case
    rm -f out.txt
    {
        echo '{:ok, vm} = File.read_link("/proc/self/exe"); File.write("alice.vm", Path.basename(vm))'
        for o in "${others[@]}"; do echo "Node.connect(:\"$o@$host\")"; done
        echo 'Enum.sort(Node.list())'
        for o in "${others[@]}"; do
            echo ":rpc.call(:\"$o@$host\", :code, :is_loaded, [Lab.WordCount])"
        done
        echo "Lab.WordCount.count_words({:file, \"data/Word_count.txt\", \"out.txt\"}, [$list])"
        # Each node ran map_chunk (so it loaded the module).
        for o in "${others[@]}"; do
            echo "match?({:file, _}, :rpc.call(:\"$o@$host\", :code, :is_loaded, [Lab.WordCount]))"
        done
        echo 'File.read!("out.txt") == File.read!("ref.txt")'
    } >"$tmp/$case.typed"
    PATH=$(path_for "$role") timeout 300 iex --sname "$alice" --cookie $cookie -pa ebin \
        <"$tmp/$case.typed" >"$tmp/$case.out" 2>&1
    echo "exit $?" >>"$tmp/$case.out"
    [[ $(cat alice.vm 2>/dev/null) == $(want_vm "$role") ]] ||
        fail "$case: alice ran on '$(cat alice.vm 2>/dev/null)', not $(want_vm "$role")"
    cmp -s out.txt ref.txt || fail "$case: out.txt differs from erl's alone"
    # Only the node names vary between runs.
    local mask=(-e "s/$alice@$host/alice@HOST/g")
    for o in "${others[@]}"; do mask+=(-e "s/$o@$host/${o%%[0-9]*}@HOST/g"); done
    echo "== $case" >>"$tmp/transcripts"
    sed "${mask[@]}" "$tmp/$case.out" >>"$tmp/transcripts"
    echo "$case: out.txt identical to erl's"
}

bob=bob$$x1
start_node erl $bob
run_case hamlet_alice_erl_bob hamlet $bob
stop_node $bob

bob=bob$$x2
start_node hamlet $bob
run_case erl_alice_hamlet_bob erl $bob
stop_node $bob

bob=bob$$x3 carol=carol$$x3
start_node erl $bob
start_node hamlet $carol
run_case three_nodes hamlet $bob $carol
stop_node $carol
stop_node $bob

expected=$here/expected/lab_cluster.stdout
if [[ $record == 1 ]]; then
    mkdir -p "$here/expected"
    cp "$tmp/transcripts" "$expected"
    echo "recorded $expected"
    exit 0
fi
diff "$expected" "$tmp/transcripts" >"$tmp/diff" ||
    { cat "$tmp/diff"; fail "alice's transcripts differ from erl's (expected first)"; }
echo "ok: the three clusters' transcripts equal erl's"
