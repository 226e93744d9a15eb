#!/bin/sh
# SPDX-License-Identifier: MIT
# Lintian-style checks on built ELF files, with readelf only: no RPATH or
# RUNPATH, full RELRO (GNU_RELRO and BIND_NOW), a position-independent
# executable, a stack protector and fortified calls where the compiler
# could add them, and a soname on the library. hardening-check (devscripts)
# is run as well when it is installed.
#   tests/hardening.sh FILE...
set -eu

fail=0
bad() { echo "hardening: $1: $2" >&2; fail=1; }

for f in "$@"; do
	dyn=$(readelf -dW "$f")
	case $dyn in *"(RPATH)"*|*"(RUNPATH)"*) bad "$f" "has an RPATH/RUNPATH";; esac
	readelf -lW "$f" | grep -q GNU_RELRO || bad "$f" "no RELRO segment"
	case $dyn in *BIND_NOW*|*"Flags: NOW"*) ;; *) bad "$f" "not bound now (-Wl,-z,now)";; esac
	syms=$(readelf -sW --dyn-syms "$f")
	case $syms in *__stack_chk_fail*) ;; *) bad "$f" "no stack protector";; esac
	# a plugin or module whose calls all take sizes known only at run time
	# (memcpy of n bytes) has nothing fortify can check; the program and
	# the library must have some
	nofortify=
	case $syms in
	*__*_chk@*) ;;
	*) case $f in
	   *.so|*/plugins/*|*/modules/*) nofortify=--nofortify
	      echo "hardening: $f: no call fortify could check (noted, not an error)";;
	   *) bad "$f" "no fortified function (-D_FORTIFY_SOURCE)";; esac;;
	esac
	case $(readelf -hW "$f") in
	*"EXEC (Executable"*) bad "$f" "not a position-independent executable";;
	esac
	case $f in
	*libclaimtrack.so*) case $dyn in *"(SONAME)"*) ;; *) bad "$f" "no soname";; esac;;
	esac
	if command -v hardening-check >/dev/null 2>&1; then
		hardening-check --quiet --nocfprotection $nofortify "$f" || fail=1
	fi
done
[ "$fail" = 0 ] && echo "hardening: $# files: no RPATH, full RELRO, PIE, stack protector, fortify"
exit "$fail"
