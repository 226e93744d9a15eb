#!/bin/sh
# Does reading one document cost the same however big the archive is?
# Two archives hold the same document "probe" (PROBE versions of a ~3 KB
# article) among filler documents (PER small versions each), SMALL and
# LARGE versions in total; `log`, `show` and `diff` of the probe run REPS
# times in each, and the ratio large/small should stay near 1 (flat).
# Each is measured twice: as `claimtrack import` leaves the archive (loose
# refs, one pack per batch) and after `claimtrack gc` (one pack, packed refs).
#
#   SMALL=1000 LARGE=100000 PER=10 PROBE=20 REPS=20 sh bench/bench_scale.sh
set -eu

SMALL=${SMALL:-1000}
LARGE=${LARGE:-100000}
PER=${PER:-10}
PROBE=${PROBE:-20}
REPS=${REPS:-20}
BIN=${BIN:-$(pwd)/build/claimtrack}
[ -x "$BIN" ] || { echo "bench_scale: no binary at $BIN (run make first)" >&2; exit 2; }
[ -n "${CLAIMTRACK_PLUGIN_PATH:-}" ] || CLAIMTRACK_PLUGIN_PATH=$(dirname "$BIN")/plugins
export CLAIMTRACK_PLUGIN_PATH

WORK=$(mktemp -d /tmp/ct-bench-scale.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM

now() { date +%s.%N; }

# $1: directory, $2: versions in total (the probe's included)
make_tree() {
	awk -v dir="$1" -v total="$2" -v per="$PER" -v probe="$PROBE" '
	BEGIN {
		filler = "The agency did not respond to a request for comment, and officials described tension over the priorities of the operation.";
		system("mkdir -p " dir "/probe");
		for (v = 1; v <= probe; v++) {
			f = sprintf("%s/probe/%d.txt", dir, 1748779200 + v * 3600);
			printf("Report: agencies lend staff to the operation\n\n") > f;
			for (p = 1; p <= 16; p++) {
				val = p * 100 + (p % 4 == v % 4 ? v * 10 : 0);
				printf("Officials said %d agents were assigned in week %d. %s\n\n", val, p, filler) > f;
			}
			close(f);
		}
		made = probe;
		for (d = 1; made < total; d++) {
			id = sprintf("f%06d", d);
			system("mkdir -p " dir "/" id);
			for (v = 1; v <= per && made < total; v++) {
				f = sprintf("%s/%s/%d.txt", dir, id, 1748779200 + v * 60);
				printf("Filler %d: %d people attended session %d.\n", d, d * 10 + v, v) > f;
				close(f);
				made++;
			}
		}
	}'
}

# Milliseconds per run of "$@", over REPS runs. Exit status 1 is diff's
# "figures changed", not a failure.
per_run() {
	t0=$(now)
	i=0
	while [ "$i" -lt "$REPS" ]; do
		st=0
		"$@" >/dev/null || st=$?
		[ "$st" -le 1 ] || { echo "bench_scale: $* failed ($st)" >&2; exit 1; }
		i=$((i + 1))
	done
	t1=$(now)
	awk -v a="$t0" -v b="$t1" -v n="$REPS" 'BEGIN { printf "%.2f", (b - a) * 1000 / n }'
}

# $1: archive, $2: prefix of the variables to set (<prefix>L, S, D) to
# the lower of what this run and an earlier one measured
measure() {
	l=$(per_run "$BIN" log -A "$1" probe)
	s=$(per_run "$BIN" show -A "$1" "probe@$((PROBE / 2))")
	d=$(per_run "$BIN" diff -A "$1" "probe@$((PROBE / 2))" "probe@$((PROBE / 2 + 1))")
	for k in L:$l S:$s D:$d; do
		var=$2${k%%:*}
		eval "old=\${$var:-}"
		eval "$var=\$(awk -v o=\"$old\" -v n=\"${k#*:}\" 'BEGIN { print (o != \"\" && o + 0 < n + 0) ? o : n }')"
	done
}

for n in "$SMALL" "$LARGE"; do
	make_tree "$WORK/t$n" "$n"
	"$BIN" init -q "$WORK/a$n"
	t0=$(now)
	"$BIN" import -q --no-progress -A "$WORK/a$n" "$WORK/t$n"
	t1=$(now)
	rm -rf "$WORK/t$n"
	got=$(git -C "$WORK/a$n" rev-list --all | wc -l)
	[ "$got" -eq "$n" ] || { echo "bench_scale: archive holds $got of $n versions" >&2; exit 1; }
	awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "  built %d versions in %.1f s (%.0f versions/s)\n", n, b - a, n / (b - a) }'
done
# the disk settles first, and small and large take turns, twice each, so
# that neither is measured alone while the machine is busier
sync
for pass in 1 2; do
	measure "$WORK/a$SMALL" "I$SMALL"
	measure "$WORK/a$LARGE" "I$LARGE"
done
for n in "$SMALL" "$LARGE"; do
	"$BIN" gc -q -A "$WORK/a$n" >/dev/null
done
sync
for pass in 1 2; do
	measure "$WORK/a$SMALL" "G$SMALL"
	measure "$WORK/a$LARGE" "G$LARGE"
done

echo "archive scale: one document (probe, $PROBE versions) among $SMALL and among $LARGE versions in total; ms per command, best of 2 x $REPS runs"
row() {
	awk -v what="$1" -v s="$2" -v l="$3" -v ns="$SMALL" -v nl="$LARGE" 'BEGIN {
		printf "  %-20s %7.2f ms at %6d  %7.2f ms at %6d   ratio %.2f (target ~1)\n", what, s, ns, l, nl, (s > 0 ? l / s : 0)
	}'
}
for k in "I:after import" "G:after gc"; do
	p=${k%%:*}
	when=${k#*:}
	eval "sl=\$${p}${SMALL}L ll=\$${p}${LARGE}L ss=\$${p}${SMALL}S ls=\$${p}${LARGE}S"
	eval "sd=\$${p}${SMALL}D ld=\$${p}${LARGE}D"
	row "log ($when)" "$sl" "$ll"
	row "show ($when)" "$ss" "$ls"
	row "diff ($when)" "$sd" "$ld"
done
