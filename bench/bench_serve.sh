#!/bin/sh
# SPDX-License-Identifier: MIT
# serve: the index page of a DOCS-document archive (each with two versions)
# fetched from a running `claimtrack serve`, side by side with
# `claimtrack list` on the same archive in the same run; the first fetch
# (which reads every document) is reported too. ROUNDS rounds
# alternate the two; the median round counts. The target: the index in
# under 100 ms at 1,000 documents.
#
#   DOCS=1000 ROUNDS=9 sh bench/bench_serve.sh
set -eu

DOCS=${DOCS:-1000}
ROUNDS=${ROUNDS:-9}
BIN=${BIN:-$(pwd)/build/claimtrack}
[ -x "$BIN" ] || { echo "bench_serve: no binary at $BIN (run make first)" >&2; exit 2; }
command -v curl >/dev/null || { echo "bench_serve: curl is needed to fetch the pages" >&2; exit 2; }

WORK=$(mktemp -d /tmp/ct-bench-serve.XXXXXX)
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

# the first fetch makes the page (cold: every document's latest version
# read); the server keeps it while the refs stay as they are (warm). The
# refs must be older than two seconds to be trusted for that.
sleep 3
t0=$(date +%s%N)
curl -sf "$url" > "$WORK/index.html"
t1=$(date +%s%N)
cold_us=$(( (t1 - t0) / 1000 ))
n=$(grep -o 'href="/doc/doc-' "$WORK/index.html" | wc -l)
[ "$n" -eq "$DOCS" ] || { echo "bench_serve: the index lists $n documents, not $DOCS" >&2; exit 2; }

r=0
: > "$WORK/serve.ms"
: > "$WORK/list.ms"
while [ "$r" -lt "$ROUNDS" ]; do
	t0=$(date +%s%N)
	"$BIN" list -A "$WORK/archive" > /dev/null
	t1=$(date +%s%N)
	curl -sf -o /dev/null "$url"
	t2=$(date +%s%N)
	echo "$(( (t1 - t0) / 1000 ))" >> "$WORK/list.ms"
	echo "$(( (t2 - t1) / 1000 ))" >> "$WORK/serve.ms"
	r=$((r + 1))
done
list_us=$(median < "$WORK/list.ms")
serve_us=$(median < "$WORK/serve.ms")
awk -v d="$DOCS" -v s="$serve_us" -v l="$list_us" -v c="$cold_us" 'BEGIN {
	printf "serve index, %d documents: %.1f ms a fetch (median; target < 100 ms)\n", d, s / 1000
	printf "serve index, first fetch after the archive changed: %.1f ms\n", c / 1000
	printf "claimtrack list, same archive: %.1f ms\n", l / 1000
	printf "ratio serve/list: %.2f (first fetch/list: %.2f)\n", s / l, c / l
}'
awk -v s="$serve_us" 'BEGIN { exit !(s < 100000) }' || { echo "bench_serve: over 100 ms" >&2; exit 1; }
