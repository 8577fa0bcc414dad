#!/usr/bin/env bash
# The performance budgets that need the real binary in a real terminal (docs/performance.md):
# start-up to first frame, idle wake-ups and CPU, bytes written per idle second, and peak
# memory with the huge meeting. Runs the release build in a private tmux server at 120x40
# and reads /proc; start-up is timed with `strace --seccomp-bpf` (only execve and write
# stop the process, so the tracer adds little).
#
#   benches/real.sh [IDLE_SECONDS]     # default 60
#
# Needs: tmux, strace (start-up only; skipped without it), Linux /proc, bash 5.
set -euo pipefail
cd "$(dirname "$0")/.."

IDLE=${1:-60}
RUNS=${RUNS:-5}
WIDTH=120
HEIGHT=40
SOCKET="bench-$$"

# Built apart: together, the binary would link the library with the example's test helpers.
cargo build --quiet --release --bin kickoff
cargo build --quiet --release --example make_huge_session
BIN=$PWD/target/release/kickoff
MAKE=$PWD/target/release/examples/make_huge_session

work=$(mktemp -d)
tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }
cleanup() {
    tm kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Fresh data directories each run, so a quit (which pauses and saves) never leaks into
# the next measurement.
fresh_data() { # kind -> prints "DATA_DIR SESSION_ID"
    local dir path
    dir=$(mktemp -d "$work/data.XXXX")
    if [[ $1 == typical ]]; then
        path=$("$MAKE" --typical "$dir")
    else
        path=$("$MAKE" "$dir")
    fi
    local id=${path##*/}
    echo "$dir ${id%.yaml}"
}

# launch NAME CMD... : runs CMD in a new 120x40 tmux session; sets PID.
launch() {
    local name=$1
    shift
    local pidfile="$work/$name.pid"
    rm -f "$pidfile"
    printf '%q ' "$@" >"$work/$name.cmd"
    tm new-session -d -s "$name" -x "$WIDTH" -y "$HEIGHT" \
        "echo \$\$ > $pidfile; exec $(cat "$work/$name.cmd")"
    for _ in $(seq 500); do
        [[ -s $pidfile ]] && break
        sleep 0.01
    done
    PID=$(cat "$pidfile")
}

# Waits until the pane shows the meeting screen.
wait_frame() {
    for _ in $(seq 1000); do
        tm capture-pane -p -t "$1" 2>/dev/null | grep -q 'kickoff │' && return 0
        sleep 0.01
    done
    echo "no frame in 10 s" >&2
    tm capture-pane -p -t "$1" >&2 || true
    return 1
}

quit() { # name pid
    tm send-keys -t "$1" C-q
    for _ in $(seq 500); do
        [[ -d /proc/$2 ]] || break
        sleep 0.01
    done
    tm kill-session -t "$1" 2>/dev/null || true
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# start-up to the end of the first frame, in ms, from one strace log: from the execve of
# kickoff to the last write to the terminal (fd 1) of the first burst of writes (a frame
# is written in several 1 KiB writes; a burst ends at a 20 ms pause).
startup_ms() {
    awk '
        / execve\(/ && t0 == "" { t0 = $2 }
        / write\(1, / && / = [0-9]+$/ {
            n = $NF
            if (first == "" && n >= 64) { first = $2; last = $2; bytes = n; next }
            if (first != "" && !done) {
                if ($2 - last < 0.020) { last = $2; bytes += n } else { done = 1 }
            }
        }
        END { printf "%.2f %d\n", (last - t0) * 1000, bytes }
    ' "$1"
}

measure_startup() { # kind
    local kind=$1 times=() bytes=0
    for run in $(seq "$RUNS"); do
        read -r dir id < <(fresh_data "$kind")
        local log="$work/strace.$kind.$run"
        launch "start-$kind-$run" strace -f --seccomp-bpf -ttt -e trace=execve,write \
            -o "$log" "$BIN" --data-dir "$dir" --config-dir "$dir" resume "$id"
        wait_frame "start-$kind-$run"
        sleep 0.3
        local kpid
        kpid=$(awk '/ execve\(/ {print $1; exit}' "$log")
        quit "start-$kind-$run" "$kpid"
        sleep 0.2
        read -r ms bytes < <(startup_ms "$log")
        times+=("$ms")
    done
    printf '%s\n' "${times[@]}" >"$work/startup.$kind"
    echo "start-up to first frame ($kind): median $(median <"$work/startup.$kind") ms over $RUNS runs [$(tr '\n' ' ' <"$work/startup.$kind")], first frame $bytes bytes"
}

ctxt() { # pid -> voluntary+involuntary context switches over all threads
    cat /proc/"$1"/task/*/status 2>/dev/null |
        awk '/^(voluntary|nonvoluntary)_ctxt_switches/ {s += $2} END {print s}'
}
vctxt() {
    cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ {s += $2} END {print s}'
}
cpu_ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }
io_field() { awk -v f="$2:" '$1 == f {print $2}' /proc/"$1"/io; }
status_kb() { awk -v f="$2:" '$1 == f {print $2}' /proc/"$1"/status; }

measure_idle() {
    read -r dir id < <(fresh_data typical)
    launch idle "$BIN" --data-dir "$dir" --config-dir "$dir" resume "$id"
    wait_frame idle
    if tm capture-pane -p -t idle | grep -q PAUSED; then
        tm send-keys -t idle C-Space
    fi
    # Let the status message expire and the screen settle.
    sleep 10
    tm capture-pane -p -t idle | grep -q RUNNING || echo "warning: the timer is not running" >&2
    local c0 v0 t0 w0 s0 c1 v1 t1 w1 s1 hz
    hz=$(getconf CLK_TCK)
    c0=$(ctxt "$PID") v0=$(vctxt "$PID") t0=$(cpu_ticks "$PID")
    w0=$(io_field "$PID" wchar) s0=$(io_field "$PID" syscw)
    sleep "$IDLE"
    c1=$(ctxt "$PID") v1=$(vctxt "$PID") t1=$(cpu_ticks "$PID")
    w1=$(io_field "$PID" wchar) s1=$(io_field "$PID" syscw)
    awk -v c=$((c1 - c0)) -v v=$((v1 - v0)) -v t=$((t1 - t0)) -v hz="$hz" -v s="$IDLE" \
        -v w=$((w1 - w0)) -v calls=$((s1 - s0)) 'BEGIN {
        printf "idle %d s, timer running: %.2f wake-ups/s (%d voluntary context switches, all threads; %d involuntary)\n", s, v / s, v, c - v
        printf "idle CPU: %d ticks of 1/%d s = %.3f %% of one core\n", t, hz, 100 * t / hz / s
        printf "idle bytes written: %.0f bytes/s in %.2f write calls/s (wchar, all fds)\n", w / s, calls / s
    }'
    echo "memory, typical meeting: VmHWM $(status_kb "$PID" VmHWM) kB, VmRSS $(status_kb "$PID" VmRSS) kB"
    quit idle "$PID"
}

measure_memory() {
    read -r dir id < <(fresh_data huge)
    launch huge "$BIN" --data-dir "$dir" --config-dir "$dir" resume "$id"
    wait_frame huge
    # Type a line at the end of the notes, as in a meeting.
    tm send-keys -t huge -l "A new note typed at the end of 10,000 lines"
    tm send-keys -t huge Enter
    sleep 2
    echo "memory, huge meeting after typing: VmHWM $(status_kb "$PID" VmHWM) kB, VmRSS $(status_kb "$PID" VmRSS) kB"
    quit huge "$PID"
}

echo "machine: $(nproc) cores, $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), tmux $(tmux -V | cut -d' ' -f2)"
if command -v strace >/dev/null; then
    measure_startup typical
    measure_startup huge
else
    echo "start-up: skipped (no strace)"
fi
measure_memory
measure_idle
