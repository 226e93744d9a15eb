# SPDX-License-Identifier: MIT
# claimtrack: plain Makefile (pkg-config for dependencies).
#   make                 library, plugins, ./claimtrack
#   make test            build and run the Check suites (alias: check)
#   make SANITIZE=address,undefined test   the same under ASan+UBSan (in build/san)
#   make bench           benchmarks with side-by-side baselines
#   make install PREFIX=/usr/local DESTDIR=   (and LIBDIR, PLUGINDIR, ...)
#   make uninstall       the same variables; removes everything install put
#   make installcheck    install to a scratch DESTDIR, use it, uninstall
#   make V=1             show the commands
# CPPFLAGS, CFLAGS and LDFLAGS are honoured everywhere (dpkg-buildflags);
# the install directories are compiled into one small generated object that
# is rebuilt whenever one of them changes, so `make install PREFIX=...`
# after a plain `make` never installs a binary looking elsewhere.

PKG_CONFIG ?= pkg-config
CC ?= cc
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PLUGINDIR ?= $(LIBDIR)/claimtrack/plugins
MODULEDIR ?= $(LIBDIR)/claimtrack/modules
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DATAROOTDIR ?= $(PREFIX)/share
MANDIR ?= $(DATAROOTDIR)/man

ifeq ($(origin CC),default)
CC = cc
endif

ifneq ($(SANITIZE),)
BUILD ?= build/san
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT ?= -O1 -g
else
BUILD ?= build
OPT ?= -O2 -g
endif
# The binary lives in the build directory, its plugins beside it in
# $(BUILD)/plugins; the default build also links ./claimtrack to it.
BIN = $(BUILD)/claimtrack

STD = -std=c11 -D_GNU_SOURCE -pthread
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wno-unused-parameter -Wpointer-arith -Wformat=2
CORE_PKGS = libgit2 jansson libutf8proc libcurl zlib libcrypto
PLUGIN_PKGS = libxml-2.0
# The program links only what every command needs; the archive (libgit2)
# and fetching (libcurl) are modules it loads on first use (core/module.h).
PROG_PKGS = jansson libutf8proc
ARCHIVE_PKGS = libgit2 zlib libcrypto
HTTP_PKGS = libcurl
# serve's HTTP server: a module too, and never in libclaimtrack
SERVE_PKGS = libmicrohttpd

CORE_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(CORE_PKGS) 2>/dev/null)
CORE_LIBS := $(shell $(PKG_CONFIG) --libs $(CORE_PKGS) 2>/dev/null) -ldl -lm -pthread
PROG_LIBS := $(shell $(PKG_CONFIG) --libs $(PROG_PKGS) 2>/dev/null) -ldl -lm -pthread
MODULE_LIBS_archive := $(shell $(PKG_CONFIG) --libs $(ARCHIVE_PKGS) 2>/dev/null) -lm -pthread
MODULE_LIBS_http := $(shell $(PKG_CONFIG) --libs $(HTTP_PKGS) 2>/dev/null) -pthread
MODULE_LIBS_serve := $(shell $(PKG_CONFIG) --libs $(SERVE_PKGS) 2>/dev/null) -pthread
XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PLUGIN_PKGS) 2>/dev/null)
XML_LIBS := $(shell $(PKG_CONFIG) --libs $(PLUGIN_PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

FINAL_CFLAGS = $(STD) $(WARN) $(OPT) $(SANFLAGS) -Iinclude -MMD -MP $(CPPFLAGS) $(CFLAGS)
FINAL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

VERSION := $(shell sed -n 's/^\#define CT_VERSION "\(.*\)"/\1/p' include/claimtrack/common.h)
SOVERSION = 0
SONAME = libclaimtrack.so.$(SOVERSION)

ifeq ($(V),1)
Q =
say = @true
else
Q = @
say = @printf '  %-7s %s\n'
endif

CORE_SRC := $(sort $(wildcard core/*.c))
CLI_SRC := $(sort $(wildcard core/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c))
PLUGINS := $(notdir $(patsubst %/,%,$(sort $(dir $(wildcard plugins/*/*.c)))))
SUITES := $(patsubst tests/check_%.c,%,$(filter tests/check_%.c,$(filter-out tests/check_main.c,$(TEST_SRC))))

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/install_dirs.o
# The open-class lexicon, generated from WordNet (Debian wordnet-base) into
# the build directory by core/lexicon_gen.py; core/lexicon.h says how it
# and the hand list share the work.
WORDNET_DIR ?= /usr/share/wordnet
CORE_OBJ += $(BUILD)/gen/lexicon_wn.o
# Modules: the files calling libgit2 (core/archive*.c) and libcurl, each
# built a second time, position-independent with hidden symbols, into one
# shared object with its table (core/modules/<name>_entry.c). The program
# links the rest of the core and, in their place, core/modules/<name>_link.c.
MODULES := archive http serve
MODULE_SRC_archive := $(sort $(wildcard core/archive*.c)) core/refs.c core/locks.c core/sync.c core/delta.c \
	core/watch_store.c
MODULE_SRC_http := core/fetch_curl.c core/watch_fetch.c core/notify_http.c
# core/server/ is outside core/*.c: in the module only, not in the library
MODULE_SRC_serve := core/server/mhd.c
MODULE_SO := $(MODULES:%=$(BUILD)/modules/%.so)
PROG_OBJ := $(filter-out $(foreach m,$(MODULES),$(MODULE_SRC_$(m):%.c=$(BUILD)/%.o)),$(CORE_OBJ)) \
	$(MODULES:%=$(BUILD)/core/modules/%_link.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
LIB := $(BUILD)/libclaimtrack.a
# Man pages: doc/NAME.SECTION.scd, written in scdoc, built into $(BUILD)/man.
MAN_SRC := $(sort $(wildcard doc/*.scd))
MAN := $(MAN_SRC:doc/%.scd=$(BUILD)/man/%)
SHLIB = $(BUILD)/libclaimtrack.so.$(VERSION)
PC = $(BUILD)/claimtrack.pc
PLUGIN_SO := $(PLUGINS:%=$(BUILD)/plugins/%.so)
PLUGIN_MANIFEST := $(PLUGINS:%=$(BUILD)/plugins/%.manifest)
TEST_BIN := $(BUILD)/tests/check_claimtrack

.PHONY: all test check bench fuzz fuzzers install uninstall installcheck clean valgrind deps demo check-exports check-man FORCE
# A sanitizer build skips the shared library (the same objects a third
# time, checked by the plain build): CI's time goes to the tests.
all: $(BIN) $(PLUGIN_SO) $(PLUGIN_MANIFEST) $(MODULE_SO) $(LIB) $(if $(SANITIZE),,$(SHLIB)) $(PC) $(MAN) \
	$(if $(filter build,$(BUILD)),claimtrack)

claimtrack: $(BIN)
	$(Q)ln -sf $(BUILD)/claimtrack claimtrack

# The install directories, as C strings, in a generated file rewritten only
# when a value changes (FORCE runs the recipe every time; cmp keeps the old
# file, and so its time, otherwise). A directory under PREFIX is also given
# relative to BINDIR, so a tree installed to a DESTDIR finds its parts.
rel_to_bin = $(if $(filter $(PREFIX)/bin,$(BINDIR)),$(if $(filter $(PREFIX)/%,$(1)),../$(patsubst $(PREFIX)/%,%,$(1))))
DIRS_C = $(BUILD)/gen/install_dirs.c
$(DIRS_C): FORCE
	@mkdir -p $(dir $@)
	$(Q)printf '%s\n' '/* Generated by make from PLUGINDIR, MODULEDIR and BINDIR. */' \
	  '#include "module.h"' \
	  'const char ct__plugin_dir[] = "$(PLUGINDIR)";' \
	  'const char ct__plugin_dir_rel[] = "$(call rel_to_bin,$(PLUGINDIR))";' \
	  'const char ct__module_dir[] = "$(MODULEDIR)";' \
	  'const char ct__module_dir_rel[] = "$(call rel_to_bin,$(MODULEDIR))";' > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
FORCE:

# Generated objects go in the program, both libraries: PIC, hidden.
$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(say) CC $<
	$(Q)$(CC) $(FINAL_CFLAGS) -fPIC -fvisibility=hidden -Icore -c -o $@ $<

$(BUILD)/core/%.o: core/%.c
	$(say) CC $<
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(FINAL_CFLAGS) $(CORE_CFLAGS) -c -o $@ $<

$(BUILD)/gen/lexicon_wn.c: core/lexicon_gen.py
	$(say) GEN $@
	@mkdir -p $(dir $@)
	$(Q)python3 core/lexicon_gen.py $(WORDNET_DIR) $@

$(BUILD)/gen/lexicon_wn.o: $(BUILD)/gen/lexicon_wn.c core/lexicon_table.h
	$(say) CC $<
	$(Q)$(CC) $(FINAL_CFLAGS) -fPIC -fvisibility=hidden -Icore -c -o $@ $<

$(LIB): $(CORE_OBJ)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

# The shared library: the whole core again, position-independent with
# hidden symbols; core/export.h (forced in first) gives the declarations of
# the public headers default visibility, and the version script generated
# from those headers keeps everything else local. Its soname carries
# SOVERSION, bumped when a public function changes or goes away.
SHARED_OBJ := $(CORE_SRC:%.c=$(BUILD)/shared/%.o) $(filter $(BUILD)/gen/%,$(CORE_OBJ))
EXPORTS = $(BUILD)/libclaimtrack.exports
MAP = $(BUILD)/libclaimtrack.map
PUBLIC_H := $(sort $(wildcard include/claimtrack/*.h))

$(BUILD)/shared/core/%.o: core/%.c
	$(say) CC $<
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(FINAL_CFLAGS) -fPIC -fvisibility=hidden -include core/export.h $(CORE_CFLAGS) -c -o $@ $<

# Every function the public headers declare, one a line: the export list.
$(EXPORTS): $(PUBLIC_H)
	$(say) GEN $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) -E -P $(STD) -Iinclude $(CPPFLAGS) include/claimtrack/claimtrack.h | \
	  grep -oE '\<ct_[a-z0-9_]+ *\(' | sed 's/ *($$//' | sort -u > $@.tmp && mv $@.tmp $@

$(MAP): $(EXPORTS)
	$(Q){ echo 'CLAIMTRACK_$(SOVERSION) {'; echo 'global:'; sed 's/.*/	&;/' $<; \
	  echo 'local:'; echo '	*;'; echo '};'; } > $@.tmp && mv $@.tmp $@

$(SHLIB): $(SHARED_OBJ) $(MAP)
	$(say) LINK $@
	$(Q)$(CC) $(FINAL_LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=$(MAP) \
	  $(if $(SANITIZE),,-Wl,--no-undefined) -o $@ $(SHARED_OBJ) $(CORE_LIBS)
	$(Q)ln -sf $(notdir $@) $(BUILD)/$(SONAME) && ln -sf $(SONAME) $(BUILD)/libclaimtrack.so

# The library exports exactly the functions of the public headers.
check-exports: $(SHLIB) $(EXPORTS)
	$(Q)nm -D --defined-only $(SHLIB) | awk '$$2 ~ /^[TDBRVW]$$/ { print $$3 }' | \
	  sed 's/@.*//' | grep -v '^CLAIMTRACK_' | sort -u > $(BUILD)/libclaimtrack.exported
	$(Q)if ! cmp -s $(EXPORTS) $(BUILD)/libclaimtrack.exported; then \
	  echo 'libclaimtrack.so: exported symbols differ from the public headers (< headers, > library):'; \
	  diff $(EXPORTS) $(BUILD)/libclaimtrack.exported; exit 1; fi
	@echo "  OK      libclaimtrack.so exports the $$(wc -l < $(EXPORTS)) functions of include/claimtrack"

# pkg-config: rewritten only when a value in it changes, as install_dirs.c.
$(PC): FORCE
	@mkdir -p $(dir $@)
	$(Q)printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' \
	  'plugindir=$(PLUGINDIR)' '' 'Name: claimtrack' \
	  'Description: track how the figures reported in news coverage change' \
	  'Version: $(VERSION)' 'Requires.private: $(CORE_PKGS)' \
	  'Libs: -L$${libdir} -lclaimtrack' 'Libs.private: -ldl -lm -pthread' \
	  'Cflags: -I$${includedir}' > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

SCDOC ?= scdoc
$(BUILD)/man/%: doc/%.scd
	$(say) SCDOC $@
	@mkdir -p $(dir $@)
	$(Q)$(SCDOC) < $< > $@.tmp && mv $@.tmp $@

# Each page renders at 80 columns without a warning from man or groff.
check-man: $(MAN)
	$(Q)for m in $(MAN); do \
	  w=$$(MANWIDTH=80 man --warnings -l $$m 2>&1 >/dev/null); \
	  if [ -n "$$w" ]; then echo "$$m:"; echo "$$w"; exit 1; fi; done
	@echo "  OK      $(words $(MAN)) man pages render without warnings"

# ct_* exported: the modules call the core in the program.
$(BIN): $(CLI_OBJ) $(PROG_OBJ)
	$(say) LINK $@
	$(Q)$(CC) $(FINAL_LDFLAGS) -Wl,--export-dynamic-symbol='ct_*' -o $@ $(CLI_OBJ) $(PROG_OBJ) $(PROG_LIBS)

MODULE_CFLAGS = -fPIC -fvisibility=hidden
$(BUILD)/pic/core/%.o: core/%.c
	$(say) CC $<
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(FINAL_CFLAGS) $(MODULE_CFLAGS) $(CORE_CFLAGS) -c -o $@ $<

define module_rule
$(BUILD)/modules/$(1).so: $(patsubst %.c,$(BUILD)/pic/%.o,$(MODULE_SRC_$(1)) core/modules/$(1)_entry.c)
	$$(say) LINK $$@
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CC) $$(FINAL_LDFLAGS) -shared -o $$@ $$^ $$(MODULE_LIBS_$(1))
endef
$(foreach m,$(MODULES),$(eval $(call module_rule,$(m))))

# Plugins: one shared object per plugins/<name>/, built against plugin.h only.
PLUGIN_CFLAGS = -fPIC -fvisibility=hidden
$(BUILD)/plugins/%.o: plugins/%.c
	$(say) CC $<
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(FINAL_CFLAGS) $(PLUGIN_CFLAGS) $(XML_CFLAGS) -c -o $@ $<

define plugin_rule
$(BUILD)/plugins/$(1).so: $(patsubst %.c,$(BUILD)/%.o,$(wildcard plugins/$(1)/*.c))
	$$(say) LINK $$@
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CC) $$(FINAL_LDFLAGS) -shared -o $$@ $$^ $(if $(filter html rss,$(1)),$$(XML_LIBS))
endef
$(foreach p,$(PLUGINS),$(eval $(call plugin_rule,$(p))))

# A plugin's manifest (its name, media types and extensions) lets the host
# choose it without loading it; written from its descriptor.
$(BUILD)/plugins/%.manifest: $(BUILD)/plugins/%.so $(BIN)
	$(say) GEN $@
	$(Q)$(BIN) plugins --manifest $< > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%.o: tests/%.c
	$(say) CC $<
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(FINAL_CFLAGS) -Wno-missing-prototypes $(CHECK_CFLAGS) $(CORE_CFLAGS) -I$(BUILD)/tests -c -o $@ $<

$(BUILD)/tests/suites.h: $(TEST_SRC) Makefile
	@mkdir -p $(dir $@)
	$(Q)printf '%s\n' $(foreach s,$(SUITES),'CT_SUITE($(s))') > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/check_main.o: $(BUILD)/tests/suites.h

# Test plugins built from tests/plugins/*.c, deliberately broken or odd.
TEST_PLUGIN_SRC := $(wildcard tests/plugins/*.c)
TEST_PLUGIN_SO := $(TEST_PLUGIN_SRC:tests/plugins/%.c=$(BUILD)/testplugins/%.so)
$(BUILD)/testplugins/%.so: tests/plugins/%.c include/claimtrack/plugin.h
	$(say) LINK $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(FINAL_CFLAGS) $(PLUGIN_CFLAGS) $(FINAL_LDFLAGS) -shared -o $@ $<

$(TEST_BIN): $(TEST_OBJ) $(LIB)
	$(say) LINK $@
	$(Q)$(CC) $(FINAL_LDFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(CHECK_LIBS) $(CORE_LIBS)

# The pages in headless Chromium first (tests/browser.sh; screenshots in
# $(BUILD)/test-output/browser), not when one Check suite is asked for.
test check: all $(TEST_BIN) $(TEST_PLUGIN_SO) $(if $(SANITIZE),,check-exports) check-man
	$(if $(CK_RUN_SUITE),,$(Q)CT_BIN=$(abspath $(BIN)) CT_SRC=$(CURDIR) \
	  CLAIMTRACK_PLUGIN_PATH=$(abspath $(BUILD)/plugins) OUT=$(abspath $(BUILD))/test-output/browser \
	  sh tests/browser.sh)
	$(Q)CT_BIN=$(abspath $(BIN)) CT_BUILD=$(abspath $(BUILD)) CT_SRC=$(CURDIR) \
	  CLAIMTRACK_PLUGIN_PATH=$(abspath $(BUILD)/plugins) $(TEST_BIN)

valgrind: all $(TEST_BIN) $(TEST_PLUGIN_SO)
	$(Q)CK_FORK=no CT_BIN=$(abspath $(BIN)) CT_BUILD=$(abspath $(BUILD)) CT_SRC=$(CURDIR) \
	  CLAIMTRACK_PLUGIN_PATH=$(abspath $(BUILD)/plugins) \
	  valgrind --leak-check=full --error-exitcode=1 $(TEST_BIN)

# Benchmarks: bench/*.c, each its own program, plus bench/run.
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
$(BUILD)/bench/%: bench/%.c $(LIB)
	$(say) LINK $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(FINAL_CFLAGS) $(CORE_CFLAGS) $(XML_CFLAGS) $(FINAL_LDFLAGS) -o $@ $< $(LIB) $(CORE_LIBS) $(XML_LIBS)

bench: all $(BENCH_BIN)
	$(Q)BUILD=$(BUILD) BIN=$(abspath $(BIN)) bench/run

# Fuzzing (clang + libFuzzer): everything rebuilt instrumented in build/fuzz,
# each tests/fuzz/fuzz_<area>.c run for FUZZ_SECONDS from the fixtures' seeds.
FUZZ_SECONDS ?= 600
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

# A plugin's fuzz target (fuzz_<plugin>) links that plugin's sources and
# drives its parse() directly; the others link the core library.
define fuzz_rule
$(BUILD)/fuzz/$(1): tests/fuzz/$(1).c $(LIB) $(wildcard plugins/$(1:fuzz_%=%)/*.c)
	$$(say) LINK $$@
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CC) $$(STD) $$(OPT) -fsanitize=fuzzer,address,undefined -Iinclude $$(CORE_CFLAGS) \
	  $$(XML_CFLAGS) -o $$@ $$< $(wildcard plugins/$(1:fuzz_%=%)/*.c) $$(LIB) $$(CORE_LIBS) $$(XML_LIBS)
endef
$(foreach f,$(FUZZ_SRC:tests/fuzz/%.c=%),$(eval $(call fuzz_rule,$(f))))

fuzzers: all $(FUZZ_BIN)

fuzz:
	$(Q)$(MAKE) --no-print-directory CC=clang BUILD=build/fuzz SANITIZE=fuzzer-no-link,address,undefined fuzzers
	$(Q)for f in $(FUZZ_SRC:tests/fuzz/%.c=%); do \
	  mkdir -p build/fuzz/corpus/$$f build/fuzz/crashes; \
	  case $$f in fuzz_html) seeds=fixtures/html;; fuzz_rss) seeds=fixtures/feeds;; \
	    fuzz_host) seeds="fixtures/html fixtures/feeds fixtures/text";; \
	    fuzz_extract) seeds="fixtures/fuzz/extract fixtures/text";; \
	    *) seeds=fixtures/text;; esac; \
	  echo "== $$f ($(FUZZ_SECONDS) s)"; \
	  CLAIMTRACK_PLUGIN_PATH=$(CURDIR)/build/fuzz/plugins ASAN_OPTIONS=detect_leaks=1 \
	  build/fuzz/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -artifact_prefix=build/fuzz/crashes/$$f- -print_final_stats=1 \
	    build/fuzz/corpus/$$f $$(for d in $$seeds; do [ -d $$d ] && echo $$d; done) \
	    2>build/fuzz/$$f.log || { tail -40 build/fuzz/$$f.log; exit 1; }; \
	  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' build/fuzz/$$f.log; \
	done

demo: all
	$(Q)CLAIMTRACK=$(abspath $(BIN)) fixtures/demo/demo.sh

deps:
	$(Q).ci/deps

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PLUGINDIR) $(DESTDIR)$(MODULEDIR) \
	  $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(INCLUDEDIR)/claimtrack
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/claimtrack
	install -m 644 $(MODULE_SO) $(DESTDIR)$(MODULEDIR)/
	install -m 644 $(PLUGIN_SO) $(DESTDIR)$(PLUGINDIR)/
	install -m 644 $(PLUGIN_MANIFEST) $(DESTDIR)$(PLUGINDIR)/
	install -m 644 $(LIB) $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libclaimtrack.so
	install -m 644 $(PC) $(DESTDIR)$(PKGCONFIGDIR)/claimtrack.pc
	install -m 644 include/claimtrack/*.h $(DESTDIR)$(INCLUDEDIR)/claimtrack/
	$(Q)for m in $(MAN); do s=$${m##*.}; \
	  echo "install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/"; \
	  install -d $(DESTDIR)$(MANDIR)/man$$s && install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/ || exit 1; done

# Everything install put, and the directories only claimtrack uses.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/claimtrack
	rm -f $(DESTDIR)$(LIBDIR)/libclaimtrack.a $(DESTDIR)$(LIBDIR)/libclaimtrack.so \
	  $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB))
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/claimtrack.pc
	rm -f $(PLUGINS:%=$(DESTDIR)$(PLUGINDIR)/%.so) $(PLUGINS:%=$(DESTDIR)$(PLUGINDIR)/%.manifest)
	rm -f $(MODULES:%=$(DESTDIR)$(MODULEDIR)/%.so)
	rm -f $(PUBLIC_H:include/claimtrack/%=$(DESTDIR)$(INCLUDEDIR)/claimtrack/%)
	rm -f $(foreach m,$(MAN_SRC:doc/%.scd=%),$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(m))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/claimtrack $(DESTDIR)$(PLUGINDIR) $(DESTDIR)$(MODULEDIR) 2>/dev/null
	-rmdir $(DESTDIR)$(LIBDIR)/claimtrack 2>/dev/null

# Install to a scratch DESTDIR with a multiarch LIBDIR, use only the
# installed tree (plugins, modules, pkg-config, the example), uninstall
# and check nothing is left.
installcheck:
	$(Q)MAKE="$(MAKE)" BUILD=$(BUILD) tests/installcheck.sh

clean:
	rm -rf build claimtrack

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
