#!/bin/sh
# SPDX-License-Identifier: MIT
# serve: the index page of a DOCS-document archive (each with two versions)
# fetched from a running `claimtrack serve`, side by side with
# `claimtrack list` on the same archive in the same run (the baseline: it
# reads every document's latest version too). Each of ROUNDS rounds times
#   list          `claimtrack list`
#   first fetch   the index just after `add` wrote a new version of one
#                 document (that document's row is made again, every other
#                 row is kept)
#   repeat fetch  the index again at once (the refs are too new to trust
#                 their times, so the page is made again from kept rows)
# and, once the refs are older than two seconds, ROUNDS more fetches time
# the kept page itself. Medians count. A fetch's time is curl's, from
# connecting to the last byte (curl's own start, tens of ms on a loaded
# machine, is no part of the page); list's is its process's wall clock.
# The server's own time is from its Server-Timing header. The very first fetch after the server
# starts (every row made) is shown too. The target: the index in under
# 100 ms at 1,000 documents, first fetch after a change included.
#
#   DOCS=1000 ROUNDS=9 sh bench/bench_serve.sh
set -eu

DOCS=${DOCS:-1000}
ROUNDS=${ROUNDS:-9}
BIN=${BIN:-$(pwd)/build/claimtrack}
[ -x "$BIN" ] || { echo "bench_serve: no binary at $BIN (run make first)" >&2; exit 2; }
command -v curl >/dev/null || { echo "bench_serve: curl is needed to fetch the pages" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ct-bench-serve.XXXXXX")
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM

# DOCS documents, two versions each, imported in one go
i=0
while [ "$i" -lt "$DOCS" ]; do
	d="$WORK/tree/doc-$i"
	mkdir -p "$d"
	printf 'Officials said %d agents were sent to city %d.\n' $((1000 + i)) "$i" > "$d/1750000000.txt"
	printf 'Officials said %d agents were sent to city %d.\n' $((1100 + i)) "$i" > "$d/1750003600.txt"
	i=$((i + 1))
done
"$BIN" init "$WORK/archive" >/dev/null
"$BIN" import --no-progress -A "$WORK/archive" "$WORK/tree" >/dev/null

mkfifo "$WORK/serve.out"
"$BIN" serve -A "$WORK/archive" --listen 127.0.0.1:0 > "$WORK/serve.out" 2>/dev/null &
server=$!
read -r line < "$WORK/serve.out"
url=$(printf '%s\n' "$line" | sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*/\).*|\1|p')
[ -n "$url" ] || { echo "bench_serve: serve did not start: $line" >&2; exit 2; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now_us() { echo $(( $(date +%s%N) / 1000 )); }

# fetch FILE: the index's time (us) appended to FILE, the server's
# own (ms, from Server-Timing) to FILE.srv, the page checked
fetch() {
	curl -sf -D "$WORK/headers" -o "$WORK/index.html" -w '%{time_total}\n' "$url" |
		awk '{ printf "%d\n", $1 * 1000000 }' >> "$1"
	sed -n 's/^[Ss]erver-[Tt]iming: index;dur=\([0-9.]*\).*/\1/p' "$WORK/headers" >> "$1.srv"
	n=$(grep -o 'href="/doc/doc-' "$WORK/index.html" | wc -l)
	[ "$n" -eq "$DOCS" ] || { echo "bench_serve: the index lists $n documents, not $DOCS" >&2; exit 2; }
}

for f in start first repeat kept list; do : > "$WORK/$f.us"; : > "$WORK/$f.us.srv"; done
fetch "$WORK/start.us"

r=0
while [ "$r" -lt "$ROUNDS" ]; do
	t0=$(now_us)
	"$BIN" list -A "$WORK/archive" > /dev/null
	t1=$(now_us)
	echo $((t1 - t0)) >> "$WORK/list.us"
	printf 'Officials said %d agents were sent to city %d.\n' $((2000 + r)) "$r" > "$WORK/new.txt"
	"$BIN" add -A "$WORK/archive" --id "doc-$r" "$WORK/new.txt" > /dev/null
	fetch "$WORK/first.us"
	fetch "$WORK/repeat.us"
	r=$((r + 1))
done
sleep 3
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	fetch "$WORK/kept.us"
	r=$((r + 1))
done

list=$(median < "$WORK/list.us")
report() {
	w=$(median < "$WORK/$1.us")
	s=$(median < "$WORK/$1.us.srv")
	awk -v w="$w" -v s="$s" -v l="$list" -v what="$2" 'BEGIN {
		printf "  %-44s %7.1f ms  (server %6.1f ms)  ratio to list %.2f\n", what, w / 1000, s, w / l
	}'
}
echo "serve index, $DOCS documents (median of $ROUNDS; target < 100 ms):"
report first "first fetch after an add changed the archive"
report repeat "repeat fetch, refs newer than 2 s"
report kept "repeat fetch, page kept"
report start "first fetch after serve started (1 fetch)"
awk -v l="$list" 'BEGIN { printf "  %-44s %7.1f ms  (baseline)\n", "claimtrack list, same archive", l / 1000 }'
first=$(median < "$WORK/first.us")
awk -v s="$first" 'BEGIN { exit !(s < 100000) }' || { echo "bench_serve: over 100 ms" >&2; exit 1; }
