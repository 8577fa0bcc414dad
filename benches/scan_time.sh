#!/usr/bin/env bash
# Times `kickoff scan` end to end on 30,000 corpus notes, alternated with another build
# (or grep), the way a user meets it: whole process, output to /dev/null.
#
#   benches/scan_time.sh [OTHER_KICKOFF] [RUNS]
#
# Prints, per run, wall / user / system seconds for this build, then for the other
# one (or `grep -c -i error` when none is given), then for this build on one core
# (`taskset -c 0`, when taskset is there). Divide by 30,000 for a note.
set -euo pipefail
cd "$(dirname "$0")/.."
other=${1:-}
runs=${2:-11}
cargo build --release --bin kickoff -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
notes="$work/notes.txt"
benches/draw_notes.sh 30000 > "$notes"
mkdir -p "$work/cfg" "$work/data"
this() { target/release/kickoff scan "$notes" --config-dir "$work/cfg" --data-dir "$work/data"; }
that() {
    if [ -n "$other" ]; then
        "$other" scan "$notes" --config-dir "$work/cfg" --data-dir "$work/data"
    else
        grep -c -i error "$notes"
    fi
}
for _ in $(seq "$runs"); do
    /usr/bin/time -f "this  %e %U %S" bash -c "$(declare -f this); notes=$notes work=$work; this" > /dev/null
    /usr/bin/time -f "other %e %U %S" bash -c "$(declare -f that); notes=$notes work=$work other=$other; that" > /dev/null
    if command -v taskset > /dev/null; then
        /usr/bin/time -f "one-core %e %U %S" taskset -c 0 target/release/kickoff scan "$notes" \
            --config-dir "$work/cfg" --data-dir "$work/data" > /dev/null
    fi
done 2>&1
