#!/bin/sh
# SPDX-License-Identifier: MIT
# Does one document cost the same however many the archive holds?
# Two archives hold the document "probe" (PROBE versions of a ~3 KB
# article) among SMALL and LARGE one-version filler documents (one branch
# each). log, show, diff, timeline and add of the probe run REPS times in
# each, taking turns; the ratio of the medians large/small should stay
# near 1 (target <= 1.3). Each is measured as `claimtrack import` leaves
# the archive (loose refs, the import's batches in one pack) and after
# `claimtrack gc` (one pack, a sorted packed-refs).
# The large import is timed against git fast-import on the same versions.
#
#   sh bench/bench_scale.sh                    # 1,000 vs 100,000 documents
#   LARGE=1200000 sh bench/bench_scale.sh      # NewsEdits scale: 1.2 million
#                                              # (about 80 minutes with its gc
#                                              # and clean-up, 8 GB of disk)
set -eu

SMALL=${SMALL:-1000}
LARGE=${LARGE:-100000}
PROBE=${PROBE:-20}
REPS=${REPS:-21}
BIN=${BIN:-$(pwd)/build/claimtrack}
[ -x "$BIN" ] || { echo "bench_scale: no binary at $BIN (run make first)" >&2; exit 2; }
[ -n "${CLAIMTRACK_PLUGIN_PATH:-}" ] || CLAIMTRACK_PLUGIN_PATH=$(dirname "$BIN")/plugins
export CLAIMTRACK_PLUGIN_PATH
command -v git >/dev/null || { echo "bench_scale: needs git (for fast-import and counting)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ct-bench-scale.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

now() { date +%s.%N; }

# The filler's bytes: FILES distinct one-paragraph articles, documents take
# them in turn (a thousand documents share each, as syndicated copies do);
# one manifest line a version, so generating a million documents is writing
# one text file, not a million directories.
FILES=1000
awk -v dir="$WORK/src" -v files="$FILES" -v probe="$PROBE" 'BEGIN {
	filler = "The agency did not respond to a request for comment, and officials described tension over the priorities of the operation.";
	system("mkdir -p " dir);
	for (v = 1; v <= probe; v++) {
		f = sprintf("%s/probe-%d.txt", dir, v);
		printf("Report: agencies lend staff to the operation\n\n") > f;
		for (p = 1; p <= 16; p++) {
			val = p * 100 + (p % 4 == v % 4 ? v * 10 : 0);
			printf("Officials said %d agents were assigned in week %d. %s\n\n", val, p, filler) > f;
		}
		close(f);
	}
	for (k = 0; k < files; k++) {
		f = sprintf("%s/f%d.txt", dir, k);
		printf("Filler %d: %d people attended the session, and %d stayed.\n", k, k * 10 + 7, k + 3) > f;
		close(f);
	}
}'

# $1: manifest, $2: documents in all (the probe's included)
make_manifest() {
	awk -v dir="$WORK/src" -v total="$2" -v probe="$PROBE" -v files="$FILES" 'BEGIN {
		for (v = 1; v <= probe; v++)
			printf("probe @%d %s/probe-%d.txt\n", 1748779200 + v * 3600, dir, v);
		for (d = 1; d < total; d++)
			printf("f%07d @%d %s/f%d.txt\n", d, 1748779200 + d % 86400, dir, d % files);
	}' > "$1"
}

# The same versions as a git fast-import stream: one branch a document.
make_stream() {
	perl -e '
		my %data;
		while (my $l = <STDIN>) {
			my ($id, $t, $f) = split " ", $l;
			$t =~ s/^@//;
			unless (exists $data{$f}) {
				open(my $fh, "<:raw", $f) or die "$f: $!";
				local $/; $data{$f} = <$fh>; close $fh;
			}
			my $msg = "$id: new version\n";
			print "commit refs/heads/$id\ncommitter bench <bench\@localhost> $t +0000\n";
			print "data ", length($msg), "\n$msg";
			print "M 100644 inline source.txt\ndata ", length($data{$f}), "\n$data{$f}\n";
		}' < "$1"
}

# Each command of the probe REPS times in both archives, a run in one
# then a run in the other, so that load from elsewhere on the machine falls
# on both alike; the median run counts. Prints "<cmd> <ms small> <ms
# large>". Exit status 1 is diff's "figures changed";
# add writes a new version of the probe each run, later than the last.
measure() {
	perl -MTime::HiRes=time -e '
		my ($bin, $reps, $probe, $work, @arch) = @ARGV;
		my $mid = int($probe / 2);
		my @cmds = (
			[ "log", sub { ("log", "-A", $_[0], "probe") } ],
			[ "show", sub { ("show", "-A", $_[0], "probe\@$mid") } ],
			[ "diff", sub { ("diff", "-A", $_[0], "probe\@$mid", "probe\@" . ($mid + 1)) } ],
			[ "timeline", sub { ("timeline", "-A", $_[0], "probe") } ],
			[ "add", sub { ("add", "-q", "-A", $_[0], "--at", "\@" . (1800000000 + $_[1]),
				"--type", "text", "--id", "probe", "$work/add.txt") } ],
		);
		my $n = int(time()) % 1000000 * 100;
		sub median { my @v = sort { $a <=> $b } @_; return $v[int(@v / 2)]; }
		for my $c (@cmds) {
			my %wall;
			for my $r (1 .. $reps) {
				for my $a (@arch) {
					$n++;
					open(my $f, ">", "$work/add.txt") or die;
					print $f "Officials said $n agents were assigned.\n";
					close $f;
					my @args = $c->[1]->($a, $n);
					my $t0 = time;
					my $pid = fork // die;
					if (!$pid) {
						open(STDOUT, ">", "/dev/null"); open(STDERR, ">", "/dev/null");
						exec($bin, @args) or exit 127;
					}
					waitpid($pid, 0);
					my $st = $? >> 8;
					my $t1 = time;
					die "bench_scale: @args failed ($st)\n" if $st > 1;
					push @{$wall{$a}}, ($t1 - $t0) * 1000;
				}
			}
			printf "%s %.2f %.2f\n", $c->[0], median(@{$wall{$arch[0]}}),
				median(@{$wall{$arch[1]}});
		}' "$BIN" "$REPS" "$PROBE" "$WORK" "$@"
}

report() {
	echo "  $1:"
	awk -v ns="$SMALL" -v nl="$LARGE" '{
		printf "    %-9s %7.2f ms at %7d  %7.2f ms at %7d   ratio %.2f (target <= 1.3)\n", \
			$1, $2, ns, $3, nl, ($2 > 0 ? $3 / $2 : 0)
	}'
}

count_versions() {
	# every commit but the _claimtrack marker branch's
	echo $(($(git -C "$1" rev-list --all | wc -l) - 1))
}

for n in "$SMALL" "$LARGE"; do
	t0=$(now)
	make_manifest "$WORK/m$n" "$n"
	t1=$(now)
	"$BIN" init -q "$WORK/a$n"
	sync
	t2=$(now)
	"$BIN" import -q --no-progress -A "$WORK/a$n" --manifest "$WORK/m$n"
	t3=$(now)
	want=$((n - 1 + PROBE))
	got=$(count_versions "$WORK/a$n")
	[ "$got" -eq "$want" ] || { echo "bench_scale: archive holds $got of $want versions" >&2; exit 1; }
	awk -v n="$want" -v g="$t0" -v h="$t1" -v a="$t2" -v b="$t3" -v d="$n" 'BEGIN {
		printf "  %d documents: manifest made in %.1f s; imported %d versions in %.1f s (%.0f versions/s)\n", d, h - g, n, b - a, n / (b - a) }'
	if [ "$n" = "$LARGE" ]; then
		make_stream "$WORK/m$n" > "$WORK/stream"
		git init -q --bare "$WORK/fi.git"
		sync
		t0=$(now)
		git -C "$WORK/fi.git" fast-import --quiet < "$WORK/stream"
		t1=$(now)
		rm -f "$WORK/stream"
		FI=$(awk -v n="$want" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
		CT=$(awk -v n="$want" -v a="$t2" -v b="$t3" 'BEGIN { printf "%.0f", n / (b - a) }')
		rm -rf "$WORK/fi.git"
	fi
done
sync
measure "$WORK/a$SMALL" "$WORK/a$LARGE" > "$WORK/loose"
for n in "$SMALL" "$LARGE"; do
	t0=$(now)
	"$BIN" gc -q -A "$WORK/a$n" >/dev/null
	t1=$(now)
	awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "  gc of %d documents: %.1f s\n", n, b - a }'
done
sync
measure "$WORK/a$SMALL" "$WORK/a$LARGE" > "$WORK/packed"

echo "archive scale: one document (probe, $PROBE versions) among $SMALL and among $LARGE documents; ms per command, the median of $REPS runs in each, taking turns"
report "loose refs, after import ($(ls "$WORK/a$LARGE/objects/pack" | grep -c '\.pack$') pack(s) at $LARGE)" < "$WORK/loose"
report "packed refs, after gc" < "$WORK/packed"
awk -v c="$CT" -v f="$FI" -v n="$LARGE" 'BEGIN {
	printf "  import of %d one-version documents: claimtrack %s versions/s, git fast-import %s versions/s on the same versions (%.2fx)\n", n, c, f, (f > 0 ? c / f : 0)
}'
