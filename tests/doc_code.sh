#!/bin/sh
# SPDX-License-Identifier: MIT
# The code block after "; file: NAME" in an scdoc page, as a compiler sees
# it (scdoc escapes backslashes in literal blocks too):
#   tests/doc_code.sh doc/claimtrack-plugin.7.scd para.c > para.c
set -eu
awk -v want="; file: $2" '
	$0 == want { armed = 1; next }
	armed && /^```/ { if (inside) exit; inside = 1; next }
	inside { gsub(/\\\\/, "\\"); print }
' "$1"
