#!/usr/bin/env bash
# Makes the PNG screenshots in this folder from the real release binary.
#
#   screenshots/make.sh          (from anywhere; takes about a minute after the build)
#
# It builds kickoff, runs one scripted introductory meeting for "Acme Corp" in a private
# tmux server at 120x40, captures the screen with its colours (`tmux capture-pane -e`),
# turns each capture into HTML (screenshots/ansi_html.py) and photographs it with
# headless Chromium. The two exports of the same meeting are rendered from GitLab Flavored Markdown to HTML by
# comrak (the GFM parser GitLab uses; `examples/gfm_html.rs`) and photographed with a
# GitLab-like stylesheet.
#
# Dependencies (Debian/Ubuntu package names):
#   cargo (Rust, see Cargo.toml's rust-version), tmux, chromium, fonts-dejavu-core,
#   imagemagick (convert), python3
#   e.g. sudo apt-get install tmux chromium fonts-dejavu-core imagemagick python3
#
# Nothing outside a temporary folder is touched: kickoff gets its own --data-dir and
# --config-dir (through KICKOFF_DATA_DIR / KICKOFF_CONFIG_DIR), Chromium its own profile,
# tmux its own server (-L), and HOME points into the temporary folder while it runs.
#
# The meeting's clock is real. Two shots need time to have passed (a section well under
# way, a section over its time): for those the script quits the meeting (which pauses
# the timer), writes the minutes spent per section into the session file, as an hour of
# meeting would have, resumes it and restarts the timer with ^Space.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/screenshots
for tool in cargo tmux chromium convert python3; do
    command -v "$tool" >/dev/null || { echo "make.sh needs $tool (see the top of $0)" >&2; exit 1; }
done
[ -n "$(fc-list "DejaVu Sans Mono")" ] || { echo "make.sh needs fonts-dejavu-core" >&2; exit 1; }

(cd "$ROOT" && cargo build --release --locked --bin kickoff && cargo build --locked --example gfm_html)
BIN=$ROOT/target/release/kickoff
GFM=$ROOT/target/debug/examples/gfm_html

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kickoff-shots.XXXXXX")
SERVER=kickoff-shots-$$
TMUX_CMD=(tmux -L "$SERVER" -f /dev/null)
cleanup() {
    "${TMUX_CMD[@]}" kill-server 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

export HOME=$WORK/home
export KICKOFF_DATA_DIR=$WORK/data
export KICKOFF_CONFIG_DIR=$WORK/config
export TZ=Europe/Paris
unset NO_COLOR TMUX
mkdir -p "$HOME" "$KICKOFF_CONFIG_DIR"
cat >"$KICKOFF_CONFIG_DIR/config.yaml" <<'EOF'
time_zone: Europe/Paris
EOF

COLS=120
ROWS=40
BG='#1d1f21' # the background of ansi_html.py's palette

# --- driving the app -------------------------------------------------------------------

# Starts `kickoff ARGS` in a fresh tmux session "shots" of COLS x ROWS.
launch() {
    "${TMUX_CMD[@]}" kill-session -t shots 2>/dev/null || true
    "${TMUX_CMD[@]}" new-session -d -s shots -x "$COLS" -y "$ROWS" \
        -e TERM=xterm-256color "$BIN $*; sleep 3600"
    "${TMUX_CMD[@]}" set-option -g status off
    "${TMUX_CMD[@]}" resize-window -t shots -x "$COLS" -y "$ROWS"
    sleep 1
}
key() {
    for k in "$@"; do
        "${TMUX_CMD[@]}" send-keys -t shots "$k"
        sleep 0.15
    done
}
typed() {
    "${TMUX_CMD[@]}" send-keys -t shots -l -- "$1"
    sleep 0.3
}
# A line of notes: the text, then Enter.
note() {
    typed "$1"
    key Enter
}
screen_text() { "${TMUX_CMD[@]}" capture-pane -t shots -p; }
# Waits until the screen shows TEXT.
wait_for() {
    for _ in $(seq 100); do
        screen_text | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    echo "make.sh: the screen never showed \"$1\":" >&2
    screen_text >&2
    exit 1
}
session_file() { ls "$KICKOFF_DATA_DIR"/sessions/*.yaml; }

# Quits, sets each section's spent minutes (mm:ss, in order) as if the meeting had run
# that long, resumes it and restarts its timer.
age_meeting() {
    key C-q
    wait_for "Meeting saved to"
    python3 - "$(session_file)" "$@" <<'EOF'
import re, sys
from datetime import datetime, timedelta
path, spent = sys.argv[1], [sum(int(p) * f for p, f in zip(s.split(":"), (60, 1))) for s in sys.argv[2:]]
text = open(path, encoding="utf-8").read()
values = iter(spent)
text = re.sub(r"(?m)^(  spent_secs: )\d+$", lambda m: m.group(1) + str(next(values, 0)), text)
stamp = lambda t: t.isoformat(timespec="seconds")
started = datetime.now().astimezone() - timedelta(seconds=sum(spent) + 20)
text = re.sub(r"(?m)^started_at: .*$", "started_at: " + stamp(started), text)
text = re.sub(r"(?m)^created_at: .*$", "created_at: " + stamp(started - timedelta(minutes=4)), text)
joined = iter(range(3, 0, -1))
text = re.sub(r"(?m)^(  joined_at: ).*$", lambda m: m.group(1) + stamp(started - timedelta(minutes=next(joined, 0))), text)
open(path, "w", encoding="utf-8").write(text)
EOF
    launch resume
    wait_for "paused"
    key C-Space
    wait_for "RUNNING"
}

# --- pictures --------------------------------------------------------------------------

# Photographs HTML file $1 into PNG $2 in a window $3 pixels wide, trimmed to what was
# drawn plus a border of colour $4.
photograph() {
    local profile
    profile=$(mktemp -d "$WORK/chromium.XXXXXX")
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$profile" \
        --screenshot="$WORK/raw.png" --window-size="$3,4000" "file://$1" >/dev/null 2>&1
    # 96 colours keep the text crisp and the files small.
    convert "$WORK/raw.png" -trim +repage -bordercolor "$4" -border 14 -strip \
        +dither -colors 96 -define png:compression-level=9 "PNG8:$2"
    echo "wrote $2 ($(du -k "$2" | cut -f1) KB)"
}

# Captures the screen as it is now into screenshots/$1.png.
shot() {
    sleep 0.8 # the app draws after each event and once a second
    "${TMUX_CMD[@]}" capture-pane -t shots -e -p -N >"$WORK/$1.ans"
    {
        echo '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        echo "html, body { margin: 0; background: $BG; }"
        echo 'pre { margin: 0; padding: 16px; font: 15px/1.15 "DejaVu Sans Mono", monospace; }'
        echo 'pre span { display: inline-block; height: 1.15em; vertical-align: top; }'
        echo '</style></head><body><pre>'
        python3 "$OUT/ansi_html.py" <"$WORK/$1.ans"
        echo '</pre></body></html>'
    } >"$WORK/$1.html"
    photograph "$WORK/$1.html" "$OUT/$1.png" 1200 "$BG"
}

# Renders Markdown file $1 as GitLab would show it into screenshots/$2.png.
markdown_shot() {
    {
        cat <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; background: #fff; }
body { font: 14px/1.5 "DejaVu Sans", sans-serif; color: #333238; }
.page { width: 860px; padding: 8px 24px; }
h1, h2, h3 { font-weight: 600; color: #1f1e24; margin: 20px 0 10px; }
h1 { font-size: 1.75em; border-bottom: 1px solid #dcdcde; padding-bottom: 6px; }
h2 { font-size: 1.5em; border-bottom: 1px solid #dcdcde; padding-bottom: 4px; }
h3 { font-size: 1.25em; }
p, ul, table, blockquote, details { margin: 0 0 12px; }
ul { padding-left: 28px; }
li.task-list-item { list-style: none; margin-left: -22px; }
li.task-list-item input { margin: 0 6px 0 0; vertical-align: -1px; }
li.inapplicable s { color: #737278; }
a { color: #1f75cb; text-decoration: none; }
code { font: 0.9em "DejaVu Sans Mono", monospace; background: #ececef; padding: 1px 4px; border-radius: 4px; }
blockquote { color: #535158; border-left: 3px solid #dcdcde; padding: 0 12px; margin-left: 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid #dcdcde; padding: 6px 10px; text-align: left; vertical-align: top; }
th { background: #fbfafd; font-weight: 600; }
summary { cursor: pointer; color: #1f75cb; }
</style></head><body><div class="page">
EOF
        "$GFM" <"$1"
        echo "</div></body></html>"
    } >"$WORK/$2.html"
    photograph "$WORK/$2.html" "$OUT/$2.png" 920 "#ffffff"
}

# --- the meeting -----------------------------------------------------------------------

attendee() { # name role zone expertise side-steps flags(dri pc tech as 0/1)
    key C-a
    wait_for "Add attendee"
    typed "$1"; key Tab
    typed "$2"; key Tab
    typed "$3"; key Tab
    typed "$4"; key Tab
    for _ in $(seq "$5"); do key Space; done
    key Tab
    [ "${6:0:1}" = 1 ] && key Space
    key Tab
    [ "${6:1:1}" = 1 ] && key Space
    key Tab
    [ "${6:2:1}" = 1 ] && key Space
    key Enter
}

# The SOW started yesterday: the lobby shows the window the meeting falls in.
launch run --sow-start "$(date -d yesterday +%F)"
wait_for "Customer account"
typed "Acme Corp"
shot start

key Enter
wait_for "LOBBY"
attendee "Dana Whitfield" "Director of Platform Engineering" "Berlin" "Sponsor of the GitLab rollout" 0 110
attendee "Alex Moreau" "Assigned Support Engineer" "Paris" "CI/CD, runners, upgrades" 1 000
attendee "Raj Patel" "Senior DevOps engineer" "Bangalore" "Runs the CI runner fleet" 0 001
wait_for "Raj Patel"
note "Sam O'Neill (security) joins late; Kim sends apologies"
shot lobby

key C-n
wait_for "RUNNING"
note "Alex Moreau: ASE, 4 years at GitLab, support engineer since 2021"
note "Strengths: CI/CD, runners, upgrades; works async first"
note "Based in Paris (CET); answers within one business day"
key C-t C-t C-t C-t C-t C-t

key C-n
wait_for "Attendees introduce themselves"
note "Dana: sponsor, wants fewer escalations"
note "Raj: owns the runners (120 on Kubernetes)"
key C-a
wait_for "Add attendee"
typed "Sam O'Neill"; key Tab
typed "Security and compliance lead"; key Tab
typed "London"; key Tab
typed "New to GitLab"; key Tab
shot attendee-form
key Enter
note "Sam: joins for compliance questions"
key M-1 M-2 M-3 M-4

key C-n
wait_for "The ASE role"
note "Tickets still go through the support portal; Alex picks them up"
note "Weekly summary of open tickets in the collaboration project"
note "Dana sounded unhappy about last year's support experience"
key Up C-x Down
key C-l
typed "Cut the average pipeline duration from 40 to 15 minutes"
key Enter
key C-o
typed "Share the current upgrade runbook"; key Tab
typed "Raj Patel"; key Tab
typed "$(date -d '+7 days' +%F)"
key Enter
key C-d
typed "Create a collaboration project to track the upgrade plan"
key Enter
key C-t C-t C-t
age_meeting 8:20 11:40 6:10
shot section

key C-n
wait_for "Their GitLab plans"
note "Chose GitLab to replace Jenkins and Bitbucket in 2024"
note "Upgrade to 18.x planned for Q1"
typed "Our deploy job 42 fails with exit code 137 since Friday"
wait_for "Drifting into troubleshooting"
shot drift
key C-k
key C-t C-t C-t C-t
age_meeting 8:20 11:40 16:30 17:05
shot overrun

key C-n
wait_for "Agree a regular meeting"
key C-r
wait_for "Suggested slots"
key Space C-o # every other week, at the first suggested slot
for _ in 1 2 3 4 5 6 7; do key Tab; done
typed "Alex sends the invite"
shot regular-meeting
key Enter
note "Dana asks for the first one next week"
key C-t C-t C-t C-t C-t
age_meeting 8:20 11:40 16:30 17:05 6:40
key C-n
wait_for "ENDED"
shot ended
key C-e C-s C-f
wait_for "Follow-up written"
key C-q
wait_for "Meeting saved to"

export_md=$(ls "$KICKOFF_DATA_DIR"/exports/*-introductory.md)
markdown_shot "$export_md" export-customer
markdown_shot "${export_md%.md}.internal.md" export-internal
