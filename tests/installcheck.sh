#!/bin/sh
# SPDX-License-Identifier: MIT
# A packager's run: build with Debian's hardening flags in build/pkg,
# install to a scratch DESTDIR with PREFIX=/usr and a multiarch LIBDIR,
# then use the installed tree only: the program finds its plugins and
# modules, the example (shared, and static from libclaimtrack.a) and a
# plugin build with pkg-config against the installed headers, the man
# pages render; finally uninstall and check
# that nothing is left. Run by `make installcheck`.
set -eu

MAKE=${MAKE:-make}
B=build/pkg
stage=$(mktemp -d "${TMPDIR:-/tmp}/claimtrack-stage.XXXXXX")
work=$(mktemp -d "${TMPDIR:-/tmp}/claimtrack-use.XXXXXX")
trap 'rm -rf "$stage" "$work"' EXIT
ma=$(${CC:-cc} -print-multiarch 2>/dev/null || true)
libdir=/usr/lib${ma:+/$ma}
step() { echo "== installcheck: $*"; }

if command -v dpkg-buildflags >/dev/null 2>&1; then
	export DEB_BUILD_MAINT_OPTIONS=hardening=+all
	CPPFLAGS=$(dpkg-buildflags --get CPPFLAGS)
	CFLAGS=$(dpkg-buildflags --get CFLAGS)
	LDFLAGS=$(dpkg-buildflags --get LDFLAGS)
else
	CPPFLAGS=-D_FORTIFY_SOURCE=2
	CFLAGS="-O2 -g -fstack-protector-strong"
	LDFLAGS="-Wl,-z,relro -Wl,-z,now"
fi
set -- BUILD=$B PREFIX=/usr LIBDIR="$libdir" CPPFLAGS="$CPPFLAGS" CFLAGS="$CFLAGS" LDFLAGS="$LDFLAGS"

step "build in $B with CPPFLAGS=$CPPFLAGS"
$MAKE --no-print-directory -s "$@" all
step "install to DESTDIR (PREFIX=/usr LIBDIR=$libdir)"
$MAKE --no-print-directory -s "$@" DESTDIR="$stage" install >/dev/null
root=$stage/usr
( cd "$stage" && find . -type f -o -type l | sort | sed 's/^\./  /' )

step "hardening of the installed program, library, modules and plugins"
tests/hardening.sh "$root/bin/claimtrack" "$root/lib${ma:+/$ma}/libclaimtrack.so.0" \
	"$root/lib${ma:+/$ma}"/claimtrack/modules/*.so "$root/lib${ma:+/$ma}"/claimtrack/plugins/*.so

step "the installed program finds its plugins and modules"
(
	cd "$work"
	unset CLAIMTRACK_PLUGIN_PATH CLAIMTRACK_MODULE_DIR || true
	"$root/bin/claimtrack" plugins > plugins.txt
	for p in html rss text; do
		grep -q "^$p " plugins.txt || { echo "installcheck: plugin $p not found"; cat plugins.txt; exit 1; }
	done
	"$root/bin/claimtrack" init a.archive >/dev/null
	"$root/bin/claimtrack" add -A a.archive --id demo "$OLDPWD/fixtures/demo/v1.txt" >/dev/null
	"$root/bin/claimtrack" log -A a.archive demo | grep -q . ||
		{ echo "installcheck: the archive module did not work"; exit 1; }
)
echo "  plugins: $(grep -c '^[a-z]' "$work/plugins.txt"), archive module: ok"

step "the example, built with pkg-config against the installed tree only"
export PKG_CONFIG_SYSROOT_DIR="$stage"
export PKG_CONFIG_LIBDIR="$root/lib${ma:+/$ma}/pkgconfig:$libdir/pkgconfig:/usr/lib/pkgconfig:/usr/share/pkgconfig"
pkg-config --exists claimtrack
cflags=$(pkg-config --cflags claimtrack)
${CC:-cc} $CPPFLAGS $CFLAGS -Wall -Werror -o "$work/figures" examples/figures.c $cflags \
	$(pkg-config --libs claimtrack) $LDFLAGS
LD_LIBRARY_PATH="$root/lib${ma:+/$ma}" CLAIMTRACK_PLUGIN_PATH="$root/lib${ma:+/$ma}/claimtrack/plugins" \
	"$work/figures" fixtures/demo/v1.txt > "$work/figures.txt"
[ -s "$work/figures.txt" ] || { echo "installcheck: the example found no figure"; exit 1; }
echo "  figures (shared): $(wc -l < "$work/figures.txt") lines, linked $(readelf -d "$work/figures" | sed -n 's/.*NEEDED.*\[\(libclaimtrack[^]]*\)\]/\1/p')"

step "the example again, linked with the installed static library (pkg-config --static)"
# -l:libclaimtrack.a: the archive, where the linker would take the .so;
# everything it needs from pkg-config --static, as a static build has it
static_libs=$(pkg-config --static --libs claimtrack | sed 's/-lclaimtrack\b/-l:libclaimtrack.a/')
case $static_libs in *-l:libclaimtrack.a*) ;; *) echo "installcheck: no -lclaimtrack in: $static_libs"; exit 1;; esac
${CC:-cc} $CPPFLAGS $CFLAGS -Wall -Werror -o "$work/figures-static" examples/figures.c $cflags \
	$static_libs $LDFLAGS
if readelf -d "$work/figures-static" | grep -q 'NEEDED.*libclaimtrack'; then
	echo "installcheck: the static example still needs libclaimtrack.so"; exit 1
fi
# no LD_LIBRARY_PATH: nothing of claimtrack is loaded but its plugins
CLAIMTRACK_PLUGIN_PATH="$root/lib${ma:+/$ma}/claimtrack/plugins" \
	"$work/figures-static" fixtures/demo/v1.txt > "$work/figures-static.txt"
cmp -s "$work/figures.txt" "$work/figures-static.txt" ||
	{ echo "installcheck: the static example printed otherwise:"; diff "$work/figures.txt" "$work/figures-static.txt"; exit 1; }
echo "  figures (static): the same $(wc -l < "$work/figures-static.txt") lines, libclaimtrack.a linked in; needs $(readelf -d "$work/figures-static" | sed -n 's/.*NEEDED.*\[\([^]]*\)\]/\1/p' | tr '\n' ' ')"

step "the plugin of claimtrack-plugin(7), built against the installed headers"
tests/doc_code.sh doc/claimtrack-plugin.7.scd para.c > "$work/para.c"
tests/doc_code.sh doc/claimtrack-plugin.7.scd oomtest.c > "$work/oomtest.c"
${CC:-cc} $CPPFLAGS $CFLAGS -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden $cflags \
	-o "$work/para.so" "$work/para.c" $LDFLAGS
printf 'PARA\nBudget rises\n\nThe city will hire 40 new\nteachers, officials said.\n' > "$work/s.para"
CLAIMTRACK_PLUGIN_PATH="$work" "$root/bin/claimtrack" plugins | grep -q '^para ' ||
	{ echo "installcheck: the man page's plugin did not load"; exit 1; }
got=$(CLAIMTRACK_PLUGIN_PATH="$work" "$root/bin/claimtrack" claims --format json "$work/s.para")
case $got in *'"value":40'*) ;; *) echo "installcheck: para.so: $got"; exit 1;; esac
${CC:-cc} $CPPFLAGS $CFLAGS -Wall -Wextra -Werror -o "$work/oomtest" "$work/oomtest.c" $cflags \
	$(pkg-config --libs claimtrack) $LDFLAGS
LD_LIBRARY_PATH="$root/lib${ma:+/$ma}" "$work/oomtest" "$work/para.so" para
tests/hardening.sh "$work/para.so"

step "the example watch list of claimtrack-watchlist(5) reads with the installed library"
tests/doc_code.sh doc/claimtrack-watchlist.5.scd watchlist > "$work/watchlist"
cat > "$work/wl.c" <<'C'
#include <stdio.h>
#include <claimtrack/claimtrack.h>
int main(int argc, char **argv)
{
	ct_watch_list l;
	size_t i;

	if (argc != 2 || ct_watch_list_load(&l, argv[1]) < 0) {
		fprintf(stderr, "%s\n", ct_error_last());
		return 2;
	}
	for (i = 0; i < l.n; i++)
		printf("  %s  %s\n", l.v[i].id, l.v[i].canonical);
	ct_watch_list_dispose(&l);
	return 0;
}
C
${CC:-cc} $CPPFLAGS $CFLAGS -o "$work/wl" "$work/wl.c" $cflags $(pkg-config --libs claimtrack) $LDFLAGS
LD_LIBRARY_PATH="$root/lib${ma:+/$ma}" "$work/wl" "$work/watchlist"

step "the installed man pages"
for m in $(cd "$root/share/man" && ls man*/*); do
	w=$(MANWIDTH=80 man --warnings -l "$root/share/man/$m" 2>&1 >/dev/null)
	[ -z "$w" ] || { echo "installcheck: $m: $w"; exit 1; }
	echo "  $m: $(MANWIDTH=80 man -l "$root/share/man/$m" 2>/dev/null | wc -l) lines at 80 columns, no warning"
done
page=$(MANWIDTH=80 man -l "$root/share/man/man1/claimtrack.1" 2>/dev/null)
for c in $("$root/bin/claimtrack" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }'); do
	printf '%s\n' "$page" | grep -qE "^   $c( |,|\$)" || { echo "installcheck: claimtrack(1) has no section for '$c'"; exit 1; }
	for o in $("$root/bin/claimtrack" "$c" --help | grep -oE '^  +(-[a-zA-Z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+$'); do
		[ "$o" = --help ] && continue
		printf '%s\n' "$page" | grep -q -- "$o" || { echo "installcheck: claimtrack(1) does not describe $c $o"; exit 1; }
	done
done
echo "  claimtrack(1) has a section for every command of 'claimtrack --help' and names their options"

step "uninstall"
$MAKE --no-print-directory -s "$@" DESTDIR="$stage" uninstall >/dev/null
left=$(cd "$stage" && find . ! -type d | sort)
if [ -n "$left" ]; then
	echo "installcheck: uninstall left:"; echo "$left"; exit 1
fi
echo "  nothing left: $(cd "$stage" && find . -type d | wc -l) empty directories, no file or link"
