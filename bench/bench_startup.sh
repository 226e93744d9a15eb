#!/bin/sh
# SPDX-License-Identifier: MIT
# Start-up: what a command costs before it does anything, side by side with
# `git --version` in the same run, and what a batch saves by paying it once.
#   - each command runs RUNS times in a plain shell loop, timed with date;
#     ROUNDS rounds alternate git and claimtrack, and the median round counts
#     (ms per run, and the ratio to git's run of the same round)
#   - FEEDS small feeds generated here: one `claimtrack text` each against
#     one `claimtrack text` for them all
#
#   RUNS=20 ROUNDS=5 FEEDS=288 sh bench/bench_startup.sh
set -eu

RUNS=${RUNS:-20}
ROUNDS=${ROUNDS:-5}
FEEDS=${FEEDS:-288}
BIN=${BIN:-$(pwd)/build/claimtrack}
[ -x "$BIN" ] || { echo "bench_startup: no binary at $BIN (run make first)" >&2; exit 2; }
command -v git >/dev/null || { echo "bench_startup: git is needed for the baseline" >&2; exit 2; }

WORK=$(mktemp -d /tmp/ct-bench-startup.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM

# nanoseconds for RUNS runs of a command, output thrown away
loop_ns() {
	t0=$(date +%s%N)
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		"$@" >/dev/null 2>&1 || { echo "bench_startup: '$*' failed" >&2; exit 2; }
		i=$((i + 1))
	done
	t1=$(date +%s%N)
	echo $((t1 - t0))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf 'The city hired 12 new teachers in 2024.\n' > "$WORK/one-line.txt"
printf '<html><body><p>The city hired 12 new teachers in 2024.</p></body></html>\n' > "$WORK/one-line.html"
"$BIN" init "$WORK/archive" >/dev/null

# label|command (words split by the shell; paths have no spaces)
cat > "$WORK/commands" <<EOF
claimtrack --version|$BIN --version
claimtrack claims one-line.txt|$BIN claims $WORK/one-line.txt
claimtrack text one-line.html|$BIN text $WORK/one-line.html
claimtrack list (empty archive)|$BIN list -A $WORK/archive
EOF

r=1
while [ "$r" -le "$ROUNDS" ]; do
	g=$(loop_ns git --version)
	echo "$g" >> "$WORK/git.ns"
	n=0
	while IFS='|' read -r label cmd; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		c=$(loop_ns $cmd)
		echo "$c" >> "$WORK/cmd$n.ns"
		awk -v c="$c" -v g="$g" 'BEGIN { printf "%.3f\n", c / g }' >> "$WORK/cmd$n.ratio"
	done < "$WORK/commands"
	r=$((r + 1))
done

echo "start-up: $RUNS runs a round, median of $ROUNDS rounds; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
gms=$(median < "$WORK/git.ns" | awk -v n="$RUNS" '{ printf "%.2f", $1 / n / 1e6 }')
printf '  %-34s %7s ms a run\n' "git --version" "$gms"
n=0
while IFS='|' read -r label cmd; do
	n=$((n + 1))
	ms=$(median < "$WORK/cmd$n.ns" | awk -v n="$RUNS" '{ printf "%.2f", $1 / n / 1e6 }')
	ratio=$(median < "$WORK/cmd$n.ratio")
	printf '  %-34s %7s ms a run  %5.2fx git --version\n' "$label" "$ms" "$ratio"
done < "$WORK/commands"

# Small feeds, two items each, about 380 bytes apiece.
mkdir "$WORK/feeds"
awk -v n="$FEEDS" -v dir="$WORK/feeds" 'BEGIN {
	for (i = 1; i <= n; i++) {
		f = sprintf("%s/feed-%03d.xml", dir, i);
		printf("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Desk %d</title>", i) > f;
		printf("<link>https://news.example/%d/</link>\n", i) > f;
		for (k = 1; k <= 2; k++)
			printf("<item><title>Update %d.%d</title><guid>https://news.example/%d/%d</guid>" \
				"<description>Officials said %d homes were damaged and %d people left.</description></item>\n",
				i, k, i, k, i * 10 + k, i * 100 + k) > f;
		printf("</channel></rss>\n") > f;
		close(f);
	}
}'
kb=$(cat "$WORK"/feeds/*.xml | wc -c | awk '{ printf "%.0f", $1 / 1024 }')

r=1
while [ "$r" -le 3 ]; do
	t0=$(date +%s%N)
	for f in "$WORK"/feeds/*.xml; do
		"$BIN" text "$f" >> "$WORK/each.out" 2>&1 || { echo "bench_startup: text $f failed" >&2; exit 2; }
	done
	t1=$(date +%s%N)
	"$BIN" text "$WORK"/feeds/*.xml > "$WORK/all.out" 2>&1 || { echo "bench_startup: batch failed" >&2; exit 2; }
	t2=$(date +%s%N)
	echo $((t1 - t0)) >> "$WORK/each.ns"
	echo $((t2 - t1)) >> "$WORK/all.ns"
	r=$((r + 1))
done
[ "$(grep -c '^==> ' "$WORK/all.out")" -eq "$FEEDS" ] || { echo "bench_startup: the batch printed the wrong number of files" >&2; exit 2; }
each=$(median < "$WORK/each.ns" | awk '{ printf "%.0f", $1 / 1e6 }')
all=$(median < "$WORK/all.ns" | awk '{ printf "%.0f", $1 / 1e6 }')
echo "batch: $FEEDS small feeds ($kb KB), median of 3"
printf '  %-34s %7s ms  %6.2f ms a feed\n' "one claimtrack text a feed" "$each" "$(awk -v t="$each" -v n="$FEEDS" 'BEGIN { print t / n }')"
printf '  %-34s %7s ms  %6.2f ms a feed  %.1fx faster\n' "one claimtrack text for all" "$all" \
	"$(awk -v t="$all" -v n="$FEEDS" 'BEGIN { print t / n }')" "$(awk -v a="$all" -v e="$each" 'BEGIN { print (a > 0 ? e / a : 0) }')"
