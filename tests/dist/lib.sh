# Sourced by the distribution tests (tests/dist/*.sh): a scratch folder, the nodes a test
# starts and their clean-up, failing with every node's output, and waiting for events.
#   tmp=$(dist_scratch NAME)   then   started+=(PID) for each node started
# Only the processes in started are stopped (kill -CONT first, for a test that stopped one).

dist_scratch() { mktemp -d "${TMPDIR:-/tmp}/hamlet-$1.XXXXXX"; }

started=()
dist_cleanup() {
    for p in "${started[@]}"; do
        kill -CONT "$p" 2>/dev/null
        kill -9 "$p" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap dist_cleanup EXIT

# Fails the test, showing each node's output (the first 400 characters of each line).
fail() {
    echo "FAIL: $*"
    for f in "$tmp"/*.out; do [[ -f $f ]] && { echo "== $f"; cut -c1-400 "$f"; }; done
    exit 1
}

# Waits (up to 120 s) until epmd lists name.
wait_registered() {
    for _ in $(seq 1200); do
        epmd -names 2>/dev/null | grep -q "^name $1 at" && return 0
        sleep 0.1
    done
    return 1
}

# Waits (up to 120 s) until file has a line matching pattern.
wait_line() {
    for _ in $(seq 1200); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
