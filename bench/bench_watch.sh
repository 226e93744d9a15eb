#!/bin/sh
# SPDX-License-Identifier: MIT
# One watch round over SOURCES locally served pages (tests/check_watch_server.py
# on SITES ports of 127.0.0.1, each port a site of its own), a tenth of them
# changing per round, against the same-run baseline of fetching the same URLs
# with curl in one process (curl --parallel, as many at once as watch runs).
#   - cold: the first round, every page new (robots.txt read per site)
#   - warm: the next round, --force: conditional GETs, a tenth changed
#   - sources per second, requests saved by conditional GET (304s), and the
#     peak memory of each (GNU time's maximum resident set size)
#
#   SOURCES=500 SITES=25 sh bench/bench_watch.sh
set -eu

SOURCES=${SOURCES:-500}
SITES=${SITES:-25}
BIN=${BIN:-$(pwd)/build/claimtrack}
[ -x "$BIN" ] || { echo "bench_watch: no binary at $BIN (run make first)" >&2; exit 2; }
command -v curl >/dev/null || { echo "bench_watch: curl is needed for the baseline" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench_watch: python3 serves the pages" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_watch: GNU time (/usr/bin/time) measures memory" >&2; exit 2; }

WORK=$(mktemp -d /tmp/ct-bench-watch.XXXXXX)
SERVER=
cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

mkdir "$WORK/ctl"
echo 1 > "$WORK/ctl/round"
python3 tests/check_watch_server.py "$WORK/ctl" --bench "$SITES" > "$WORK/ports" &
SERVER=$!
i=0
while [ ! -s "$WORK/ports" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
read -r PORTS < "$WORK/ports" || { echo "bench_watch: the server did not start" >&2; exit 2; }
set -- $PORTS

# the watch list and curl's config: page i on site i mod SITES
i=0
: > "$WORK/list"
: > "$WORK/curl.cfg"
while [ $i -lt "$SOURCES" ]; do
	k=$((i % SITES + 1))
	eval port=\${$k}
	echo "http://127.0.0.1:$port/b/$i" >> "$WORK/list"
	printf 'url = "http://127.0.0.1:%s/b/%s"\noutput = "/dev/null"\n' "$port" "$i" >> "$WORK/curl.cfg"
	i=$((i + 1))
done
"$BIN" init "$WORK/archive" >/dev/null

ms() { echo $(( ($2 - $1) / 1000000 )); }
per_s() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", (ms > 0) ? n * 1000 / ms : 0 }'; }

run_watch() {   # label, extra option: prints ms, writes the summary and peak KB
	t0=$(date +%s%N)
	/usr/bin/time -f %M -o "$WORK/rss" "$BIN" watch -A "$WORK/archive" --delay 0 --parallel 16 \
		-q $2 "$WORK/list" > "$WORK/out" 2> "$WORK/err" || [ $? -eq 1 ] || {
		echo "bench_watch: watch failed:" >&2; cat "$WORK/err" >&2; exit 2; }
	t1=$(date +%s%N)
	ms "$t0" "$t1"
}

cold=$(run_watch cold "")
cold_rss=$(tail -1 "$WORK/rss")
cold_sum=$(tail -1 "$WORK/out")

echo 2 > "$WORK/ctl/round"
: > "$WORK/ctl/log"
warm=$(run_watch warm --force)
warm_rss=$(tail -1 "$WORK/rss")
warm_sum=$(tail -1 "$WORK/out")
requests=$(grep -c '^GET /b/' "$WORK/ctl/log" || true)
conditional=$(grep '^GET /b/' "$WORK/ctl/log" | grep -vc '^GET /b/[0-9]* - ' || true)
not_modified=$(echo "$warm_sum" | sed -n 's/.* \([0-9]*\) not modified.*/\1/p')
versions=$(echo "$warm_sum" | sed -n 's/.*due: \([0-9]*\) new version.*/\1/p')

# the baseline: the same URLs with curl, one process, 16 at once
t0=$(date +%s%N)
/usr/bin/time -f %M -o "$WORK/rss" curl --parallel --parallel-max 16 -s --no-progress-meter -K "$WORK/curl.cfg" 2>/dev/null \
	|| { echo "bench_watch: curl failed" >&2; exit 2; }
t1=$(date +%s%N)
curl_ms=$(ms "$t0" "$t1")
curl_rss=$(tail -1 "$WORK/rss")

echo "watch, $SOURCES sources on $SITES sites: cold round ${cold} ms ($(per_s "$SOURCES" "$cold") sources/s), peak RSS $((cold_rss / 1024)) MB"
echo "  $cold_sum"
echo "watch, warm round (--force, a tenth changed): ${warm} ms ($(per_s "$SOURCES" "$warm") sources/s), peak RSS $((warm_rss / 1024)) MB"
echo "  $warm_sum"
echo "  conditional GET: $conditional of $requests page requests sent validators; $not_modified answered 304 (bodies saved), $versions new versions"
echo "curl --parallel, the same $SOURCES URLs in one process: ${curl_ms} ms ($(per_s "$SOURCES" "$curl_ms") URLs/s), peak RSS $((curl_rss / 1024)) MB"
awk -v w="$warm" -v c="$curl_ms" -v wr="$warm_rss" -v cr="$curl_rss" 'BEGIN {
	printf "  warm round / curl: %.2fx the time, %.2fx the peak memory\n", w / c, wr / cr }'
