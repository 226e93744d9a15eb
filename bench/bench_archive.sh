#!/bin/sh
# SPDX-License-Identifier: MIT
# Bulk import speed: `claimtrack import` against the two ways of storing
# versions it replaces, measured in the same run on the same articles:
#   - a shell loop of `git add` + `git commit` per version (NewsDiffs)
#   - `git fast-import` fed every version as one stream (stream built
#     beforehand, not timed: only fast-import itself is)
# claimtrack does more per version than either (parse, normalize, extract
# claims, diff against the previous version, write text and claims); it
# parses in one thread per CPU and writes in one, fast-import uses one, so
# on a machine others keep busy the ratio falls toward their CPU ratio:
# the load average is printed beside the figures.
#
#   VERSIONS=10000 DOCS=100 LOOP=300 RUNS=2 sh bench/bench_archive.sh
# The shell loop forks git twice per version, so it runs on the first LOOP
# versions only and is reported per version; everything else runs on all,
# claimtrack and fast-import RUNS times each in turn, the best run counting.
set -eu

VERSIONS=${VERSIONS:-10000}
DOCS=${DOCS:-100}
LOOP=${LOOP:-300}
RUNS=${RUNS:-2}
BIN=${BIN:-$(pwd)/build/claimtrack}
[ -x "$BIN" ] || { echo "bench_archive: no binary at $BIN (run make first)" >&2; exit 2; }
command -v git >/dev/null || { echo "bench_archive: git is needed for the baselines" >&2; exit 2; }
[ -n "${CLAIMTRACK_PLUGIN_PATH:-}" ] || CLAIMTRACK_PLUGIN_PATH=$(dirname "$BIN")/plugins
export CLAIMTRACK_PLUGIN_PATH

WORK=$(mktemp -d /tmp/ct-bench-archive.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM
PER=$(( (VERSIONS + DOCS - 1) / DOCS ))

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { d = b - a; printf "%.0f", (d > 0 ? n / d : 0) }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# ~10 KB news-like articles: a few figures among ordinary sentences, two of
# them moving from one version to the next, a sentence added now and then.
awk -v docs="$DOCS" -v per="$PER" -v total="$VERSIONS" -v dir="$WORK/art" '
BEGIN {
	split("agents officers employees analysts migrants arrests deportations cases troops staff", noun, " ");
	split("ICE IRS FBI DEA Customs Justice Homeland Border Treasury State", org, " ");
	filler = "The agency did not respond to a request for comment on the plans, and officials who spoke on condition of anonymity described tension over the priorities of the operation.";
	made = 0;
	for (d = 1; d <= docs && made < total; d++) {
		id = sprintf("doc-%04d", d);
		system("mkdir -p " dir "/" id);
		for (v = 1; v <= per && made < total; v++) {
			f = sprintf("%s/%s/%d.txt", dir, id, 1748779200 + d * 7 + v * 3600);
			printf("Report %d: agencies lend staff to the operation\n\n", d) > f;
			n = 0;
			for (p = 1; n < 10000; p++) {
				k = (d * 31 + p * 7) % 10 + 1;
				val = (d * 100 + p * 10) * 10;
				if (p % 5 == v % 5)
					val += v * 10;
				line = sprintf("Officials said %d %s %s were assigned in week %d. %s", val, org[k], noun[k], p, filler);
				if (p % 3 == 0)
					line = line " " filler;
				if (p == 2 + v % 7)
					line = line " A later update added this sentence.";
				print line "\n" > f;
				n += length(line) + 2;
			}
			close(f);
			made++;
		}
	}
}'
N=$(find "$WORK/art" -type f | wc -l)
BYTES=$(du -sk "$WORK/art" | cut -f1)
# the articles' write-back is setup: let it finish before anything is timed
sync
LOAD0=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')

# git add + git commit per version, first $LOOP versions
git init -q "$WORK/loop"
git -C "$WORK/loop" config user.name bench
git -C "$WORK/loop" config user.email bench@localhost
find "$WORK/art" -type f | sort | head -n "$LOOP" > "$WORK/loop.list"
LN=$(wc -l < "$WORK/loop.list")
t0=$(now)
while read -r f; do
	doc=$(basename "$(dirname "$f")")
	cp "$f" "$WORK/loop/$doc.txt"
	git -C "$WORK/loop" add "$doc.txt"
	GIT_AUTHOR_DATE="@$(basename "$f" .txt) +0000" GIT_COMMITTER_DATE="@$(basename "$f" .txt) +0000" \
		git -C "$WORK/loop" commit -q -m "$doc: new version"
done < "$WORK/loop.list"
t1=$(now)
LOOP_RATE=$(rate "$LN" "$t0" "$t1")
LOOP_SECS=$(secs "$t0" "$t1")

# git fast-import, one branch per document, the same files
find "$WORK/art" -type f | sort | perl -e '
	my %mark;
	while (my $f = <STDIN>) {
		chomp $f;
		my ($doc, $t) = $f =~ m{/([^/]+)/(\d+)\.txt$} or next;
		open(my $fh, "<:raw", $f) or die "$f: $!";
		local $/; my $data = <$fh>; close $fh;
		my $msg = "$doc: new version\n";
		print "commit refs/heads/$doc\n";
		print "committer bench <bench\@localhost> $t +0000\n";
		print "data ", length($msg), "\n$msg";
		print "M 100644 inline source.txt\n";
		print "data ", length($data), "\n$data\n";
	}' > "$WORK/stream"
sync
# claimtrack import and fast-import take turns, RUNS times each, each
# run into a new archive; the best run of each counts, so that a burst of
# load from elsewhere on the machine falls on neither alone
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
CT_SECS=
FI_SECS=
run=1
while [ "$run" -le "$RUNS" ]; do
	rm -rf "$WORK/ct.archive" "$WORK/fi.git"
	"$BIN" init -q "$WORK/ct.archive"
	t0=$(now)
	"$BIN" import -q --no-progress -A "$WORK/ct.archive" "$WORK/art"
	t1=$(now)
	CT_SECS=$(best "$CT_SECS" "$(secs "$t0" "$t1")")
	# every commit but the _claimtrack marker branch's
	got=$(($(git -C "$WORK/ct.archive" rev-list --all | wc -l) - 1))
	[ "$got" -eq "$N" ] || { echo "bench_archive: claimtrack stored $got of $N versions" >&2; exit 1; }

	git init -q --bare "$WORK/fi.git"
	t0=$(now)
	git -C "$WORK/fi.git" fast-import --quiet < "$WORK/stream"
	t1=$(now)
	FI_SECS=$(best "$FI_SECS" "$(secs "$t0" "$t1")")
	run=$((run + 1))
done
CT_RATE=$(rate "$N" 0 "$CT_SECS")
FI_RATE=$(rate "$N" 0 "$FI_SECS")

LOAD1=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
CT_BYTES=$(du -sk "$WORK/ct.archive" | cut -f1)
FI_BYTES=$(du -sk "$WORK/fi.git" | cut -f1)
# import packs each version as a delta of the last, as fast-import does,
# but stores its small objects uncompressed; gc recompresses everything
"$BIN" gc -q -A "$WORK/ct.archive" >/dev/null
CT_GC_BYTES=$(du -sk "$WORK/ct.archive" | cut -f1)
echo "archive import: $N versions of $DOCS documents, ~10 KB each ($BYTES KB of articles)"
printf '  %-28s %8s versions/s  (%s s for %s, best of %s)\n' "claimtrack import" "$CT_RATE" "$CT_SECS" "$N" "$RUNS"
printf '  %-28s %8s versions/s  (%s s for %s)\n' "git add+commit loop" "$LOOP_RATE" "$LOOP_SECS" "$LN"
printf '  %-28s %8s versions/s  (%s s for %s, best of %s)\n' "git fast-import" "$FI_RATE" "$FI_SECS" "$N" "$RUNS"
awk -v c="$CT_RATE" -v l="$LOOP_RATE" -v f="$FI_RATE" 'BEGIN {
	printf "  claimtrack / shell loop     %8.1fx  (target >= 50x)\n", (l > 0 ? c / l : 0)
	printf "  claimtrack / fast-import    %8.2fx  (target >= 1x)\n", (f > 0 ? c / f : 0)
}'
printf '  %-28s %8s KB, %s KB after claimtrack gc (fast-import: %s KB; claimtrack also stores text and claims)\n' \
	"archive size" "$CT_BYTES" "$CT_GC_BYTES" "$FI_BYTES"
# what a version costs to keep: each document here is edited 100 times
awk -v n="$N" -v raw="$BYTES" -v ct="$CT_GC_BYTES" -v fi="$FI_BYTES" 'BEGIN {
	printf "  storage after gc             %8.0f bytes a version (all five objects) for %.0f-byte articles: %.1f%% of keeping each whole; fast-import %.0f (source only)\n", \
		ct * 1024 / n, raw * 1024 / n, 100 * ct / raw, fi * 1024 / n
}'
echo "  load average $LOAD0 before, $LOAD1 after, on $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs (claimtrack import uses one parsing thread per CPU; fast-import one thread)"
