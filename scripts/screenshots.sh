#!/usr/bin/env bash
# Screenshots of the terminal UI, taken from the real program running in a real terminal.
#
#   scripts/screenshots.sh [OUT_DIR]        (default OUT_DIR: screenshots/)
#
# Builds the release binary, runs it at 120x40 in a private tmux server with an empty
# temporary project folder as --root, drives it with `tmux send-keys`, waits for each
# screen to show (and stop changing), captures it with colours (`capture-pane -e`) and
# turns the capture into OUT_DIR/<name>.svg with scripts/ansi2svg.py.
# Needs cargo, tmux (3.1 or later, for capture-pane -N) and python3.
#
# Screens: start, help, catalog, question, channel, overview, advisor, graph, review. The last four come
# from the shipped read-only example "search-analytics-drift". Nothing outside the
# temporary folder and OUT_DIR is written; the tmux server and the folder are removed on
# exit, also on failure or Ctrl-C.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-screenshots}
cols=120
rows=40
bin=$PWD/target/release/design-advisor
sock=shots-$$
root=$(mktemp -d "${TMPDIR:-/tmp}/design-advisor-shots.XXXXXX")

socket=""
cleanup() {
    tmux -L "$sock" kill-server 2>/dev/null || true
    # tmux leaves its socket file behind; remove it too.
    [[ -z $socket ]] || rm -f "$socket"
    rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in cargo tmux python3; do
    command -v "$tool" >/dev/null || { echo "screenshots.sh: $tool is needed" >&2; exit 2; }
done

started=$SECONDS
cargo build --release
mkdir -p "$out"

t() { tmux -u -L "$sock" -f /dev/null "$@"; }
screen() { t capture-pane -p -t shots; }

# wait_for MARKER...: until every marker is on screen (a marker written !TEXT: until TEXT
# is not) and the screen has stopped changing (two captures 0.1 s apart agree), for at
# most 10 s.
wait_for() {
    local prev="" now marker ok
    for _ in $(seq 100); do
        sleep 0.1
        now=$(screen)
        ok=1
        for marker in "$@"; do
            if [[ $marker == !* ]]; then
                [[ $now != *"${marker#!}"* ]] || { ok=0; break; }
            else
                [[ $now == *"$marker"* ]] || { ok=0; break; }
            fi
        done
        if ((ok)) && [[ $now == "$prev" ]]; then
            return 0
        fi
        prev=$now
    done
    printf 'screenshots.sh: timed out waiting for:%s\n' "$(printf ' "%s"' "$@")" >&2
    printf '%s\n' "$now" >&2
    exit 1
}

# keys KEY...: send tmux key names (Enter, Escape, Down, Space, a, ...).
keys() { t send-keys -t shots "$@"; }
# type TEXT: send literal text.
type_text() { t send-keys -t shots -l "$1"; }

# cursor_to REGEX: press Down until the cursor row (marked ›) matches REGEX.
cursor_to() {
    for _ in $(seq 40); do
        if screen | grep -qE -- "›.*$1"; then
            return 0
        fi
        keys Down
        sleep 0.05
    done
    echo "screenshots.sh: no row matching /$1/ under the cursor" >&2
    screen >&2
    exit 1
}

# shot NAME CAPTION: capture the pane with colours and write OUT_DIR/NAME.svg.
shot() {
    t capture-pane -e -p -N -t shots >"$root/$1.ansi"
    python3 scripts/ansi2svg.py --cols "$cols" --rows "$rows" --title "design-advisor: $2" \
        <"$root/$1.ansi" >"$out/$1.svg"
    echo "wrote $out/$1.svg"
    written=$((written + 1))
}
written=0

# launch: (re)start the program on the start screen. --root . with the temporary folder
# as working directory, so the paths on screen are relative and the images are the same
# from one run to the next.
launch() {
    t respawn-pane -k -t shots -c "$root" "env -u NO_COLOR '$bin' --root ."
    wait_for "New feature: start a design session"
}

t new-session -d -s shots -x "$cols" -y "$rows" -c "$root" "sleep 86400"
socket=$(t display-message -p '#{socket_path}')
t set-option -g status off
t set-option -g remain-on-exit on

# Start screen.
launch
shot start "the start screen"

# Help overlay, over the start screen.
keys '?'
wait_for "Help: every key"
shot help "the help overlay, drawn from the key table"

# Catalog: search as you type.
keys q
wait_for "New feature: start a design session"
keys /
wait_for "Search ("
type_text outbox
wait_for "outbox█" "transactional-outbox"
shot catalog "the catalog, searching for outbox"

# A new feature's data-requirements question, with a choice picked and a note.
launch
keys Enter
wait_for "New feature: name"
type_text "Order search"
keys Enter
wait_for "New feature: slug"
keys Enter
wait_for "1/12 Threshold"
keys ']'
wait_for "2/12 Data requirements"
keys Space
wait_for "›(•)"
keys e
wait_for "Note (editing"
type_text "Product pages and search read 50x more than the catalog team writes; peak 200 writes/s."
wait_for "peak 200"
keys Escape
wait_for "Note (e edit" "saved " "order-search/design-session.toml" "![unsaved]"
shot question "a data-requirements question with a choice and a note"

# The same feature's channel, written in its form.
keys ']' ']' ']' ']' ']' ']'
wait_for "8/12 Channels & DLQs"
keys a
wait_for "New channel"
type_text "products.search-indexed.v1"
keys Enter
wait_for "›Purpose"
keys Enter
wait_for "Channel: Purpose"
type_text "A product's search document was rebuilt; the storefront cache drops its copy."
keys Enter
wait_for "›Payload fields"
keys Enter
wait_for "Channel: Payload fields"
type_text "product_id string required; indexed_at string required; fields array"
keys Enter
wait_for "›PII class"
keys Down Down Down Down Down Down Down Enter
wait_for "Channel: DLQ name"
type_text "products.search-indexed.v1.dlq"
keys Enter
wait_for "›DLQ owner"
keys Enter
wait_for "Channel: DLQ owner"
type_text "search-team"
keys Enter
wait_for "›DLQ dashboard" "saved "
shot channel "a channel's form: payload fields, DLQ and the rest of its contract"

# The shipped example: the advisor panel, the decision graph, the review.
launch
keys g
cursor_to "Example \(read-only\): search-analytics-drift"
keys Enter
wait_for "┏ Overview:" "Open TBDs"
shot overview "the overview an example or a reopened session opens on: tier, findings, TBDs, stale documents"
keys Enter
wait_for "!┏ Overview:"
keys Tab
wait_for "┏ Advisor"
shot advisor "the advisor panel: readiness tier, anti-patterns, patterns, TBDs"

keys h '[' '[' '[' '[' '[' '[' '[' ']' ']'
wait_for "3/12 Problems & patterns" "What are you designing for?"
cursor_to "[Dd]erived data"
keys Enter
wait_for "› 2 Derived"
shot graph "the decision graph, with the option the answers suggest (★)"

keys ']' ']' ']' ']' ']' ']' ']' ']' ']'
wait_for "12/12 Review & export" "design.md (←→"
shot review "review and export, with the design.md preview"

echo "screenshots.sh: wrote $written SVGs to $out/ in $((SECONDS - started)) s"
