#!/usr/bin/env bash
# Counts the instructions `kickoff scan` spends a note, with valgrind's callgrind: a
# figure that stays the same from run to run whatever else the machine is doing, where
# times do not. 5,000 corpus notes from benches/draw_notes.sh;
# the instructions of a one-note run (start-up) are taken off.
#
#   benches/scan_instructions.sh [OTHER_KICKOFF]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || { echo "valgrind is needed" >&2; exit 1; }
cargo build --release --bin kickoff -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
notes="$work/notes.txt"
benches/draw_notes.sh 5000 > "$notes"
head -1 "$notes" > "$work/one.txt"
mkdir -p "$work/cfg" "$work/data"
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" scan "$2" \
        --config-dir "$work/cfg" --data-dir "$work/data" 2>&1 > /dev/null |
        awk '/refs:/ { gsub(",", "", $NF); print $NF }'
}
for build in target/release/kickoff ${1:-}; do
    all=$(instructions "$build" "$notes")
    start=$(instructions "$build" "$work/one.txt")
    echo "$build: $(( (all - start) / 4999 )) instructions a note, $start to start"
done
