#!/usr/bin/env bash
# Prints N notes drawn at random, with a fixed seed, from the note column of every
# tests/corpus file: the input the scan benchmarks time and count.
#
#   benches/draw_notes.sh N
set -euo pipefail
cd "$(dirname "$0")/.."
cut -f3 tests/corpus/*.tsv | grep -v -e '^note' -e '^$' |
    awk -v n="$1" 'BEGIN { srand(1) } { line[NR] = $0 } END { for (i = 0; i < n; i++) print line[int(rand() * NR) + 1] }'
