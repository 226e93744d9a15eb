#!/bin/sh
# SPDX-License-Identifier: MIT
# The pages in a real browser: headless Chromium renders the timeline page
# and the diff page the CLI writes, and the index and a document page from
# a `claimtrack serve` started here on 127.0.0.1; each must show its
# figures and chart points in the rendered DOM and log no console message.
# Screenshots go to $OUT (build/test-output/browser) for a person to look.
# Without Chromium the test is skipped, said as such, outside CI; in CI
# (CI set) that is a failure.
set -u

CT=${CT_BIN:?CT_BIN: the claimtrack binary}
SRC=${CT_SRC:-.}
OUT=${OUT:-$(dirname "$CT")/test-output/browser}

browser=""
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
	if [ -n "${CI:-}" ]; then
		echo "browser: chromium is not installed (.ci/deps installs it): failing in CI"
		echo "browser: 0 passed, 1 failed"
		exit 1
	fi
	echo "browser: SKIPPED: no chromium on this machine (apt-get install chromium, or make deps)"
	echo "browser: 0 passed, 0 failed, 4 skipped"
	exit 0
fi

tmp=$(mktemp -d)
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$OUT"
passed=0
failed=0

fail() {
	echo "browser: FAIL: $*"
	failed=$((failed + 1))
}

A=$tmp/archive
"$CT" init "$A" >/dev/null || exit 1
"$CT" add -A "$A" --id nbc-at-large --at 2025-06-01T12:00:00Z "$SRC/fixtures/demo/v1.txt" >/dev/null &&
"$CT" add -A "$A" --id nbc-at-large --at 2025-06-01T18:30:00Z "$SRC/fixtures/demo/v2.txt" >/dev/null &&
"$CT" add -A "$A" --id nbc-at-large --at 2025-06-02T08:00:00Z "$SRC/fixtures/demo/v1.txt" >/dev/null ||
	{ echo "browser: cannot build the demo archive"; exit 1; }
"$CT" timeline -A "$A" --format html nbc-at-large > "$tmp/timeline.html" || exit 1
"$CT" diff -A "$A" --format html nbc-at-large@1 nbc-at-large@2 > "$tmp/diff.html"
[ $? -le 1 ] || exit 1

# the server on a free port; its first line says which
mkfifo "$tmp/serve.out"
"$CT" serve -A "$A" --listen 127.0.0.1:0 > "$tmp/serve.out" 2> "$tmp/serve.err" &
server=$!
read -r line < "$tmp/serve.out"
base=$(printf '%s\n' "$line" | sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p')
[ -n "$base" ] || { echo "browser: serve did not start: $line $(cat "$tmp/serve.err")"; exit 1; }

# render NAME URL: the DOM to $tmp/NAME.dom, a screenshot to $OUT/NAME.png,
# the console to $tmp/NAME.log
render() {
	flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
--user-data-dir=$tmp/profile-$1 --enable-logging=stderr --v=0 --virtual-time-budget=3000"
	# shellcheck disable=SC2086
	timeout 60 "$browser" $flags --dump-dom "$2" > "$tmp/$1.dom" 2> "$tmp/$1.log" || return 1
	# shellcheck disable=SC2086
	timeout 60 "$browser" $flags --window-size=1280,1600 --screenshot="$OUT/$1.png" "$2" \
		>/dev/null 2>> "$tmp/$1.log" || return 1
	[ -s "$OUT/$1.png" ]
}

# check NAME URL MIN_POINTS TEXT...: rendered, no console output, at least
# MIN_POINTS chart points, every TEXT in the DOM
check() {
	name=$1 url=$2 points=$3
	shift 3
	if ! render "$name" "$url"; then
		fail "$name: chromium did not render $url: $(tail -3 "$tmp/$name.log")"
		return
	fi
	if grep -q 'CONSOLE' "$tmp/$name.log"; then
		fail "$name: console messages: $(grep CONSOLE "$tmp/$name.log" | head -3)"
		return
	fi
	n=$(grep -o '<circle' "$tmp/$name.dom" | wc -l)
	if [ "$n" -lt "$points" ]; then
		fail "$name: $n chart points in the DOM, want at least $points"
		return
	fi
	for want in "$@"; do
		if ! grep -qF -- "$want" "$tmp/$name.dom"; then
			fail "$name: '$want' is not in the rendered DOM"
			return
		fi
	done
	echo "browser: ok: $name ($n chart points; screenshot $OUT/$name.png)"
	passed=$((passed + 1))
}

check timeline "file://$tmp/timeline.html" 6 "ICE agents" "3,500" "</svg>" "never moved"
check diff "file://$tmp/diff.html" 0 "<del>3,000</del>" "<ins>3,500</ins>" "+16.7%"
check serve-index "$base/" 0 "nbc-at-large" "<td class=\"n\">3</td>" "changes.atom"
check serve-doc "$base/doc/nbc-at-large" 6 "ICE agents" "3,500" "/diff/nbc-at-large/2"

echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
