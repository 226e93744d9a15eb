/* SPDX-License-Identifier: MIT */
/*
 * Internal modules: the parts of the library that need a heavy dependency
 * (the archive: libgit2; fetching: libcurl) built as shared objects the
 * claimtrack program loads with dlopen on first use, so a command that needs
 * neither never pays for loading them.
 *
 * Each module's public functions are listed once, in an X-macro list
 * (core/modules/<name>_api.h). From it come the module's table of function
 * pointers (core/modules/<name>_entry.c, inside the module) and the public
 * functions of the program's side (core/modules/<name>_link.c), which load
 * the module and call through the table. When the module cannot be loaded
 * every function fails with CT_EUNSUPPORTED and a message naming the module,
 * what it is for and why it did not load. The static libclaimtrack.a holds
 * the real functions instead and links the dependencies directly.
 *
 * A module is always built with the library it is loaded by: it is refused
 * unless its CT_VERSION, table size and signature string (every function's
 * declaration, spelled out) are this library's.
 */
#ifndef CT_MODULE_H
#define CT_MODULE_H

#include <pthread.h>
#include <stddef.h>

#define CT_MODULE_ENTRY_SYMBOL "claimtrack_module_entry"
#define CT_MODULE_ABI 1

/* Every module table starts with this. */
typedef struct ct_module_head {
	size_t struct_size;
	unsigned int abi;          /* CT_MODULE_ABI */
	const char *version;       /* CT_VERSION of the build */
	const char *signature;     /* the API list, stringified */
} ct_module_head;

typedef const ct_module_head *(*ct_module_entry_fn)(void);

/* What the loader needs to know of one module. */
typedef struct ct_module_spec {
	const char *file;          /* "archive.so" */
	const char *name;          /* "archive", for messages */
	const char *library;       /* "libgit2": what it links, for messages */
	size_t struct_size;
	const char *signature;
} ct_module_spec;

/* One module's state in the program: loaded at most once per process. */
typedef struct ct_module_slot {
	pthread_once_t once;
	const ct_module_head *_Atomic table;
	char why[768];             /* why it did not load */
} ct_module_slot;

#define CT_MODULE_SLOT_INIT { PTHREAD_ONCE_INIT, NULL, "" }

/* The module's table, loading it on the first call (dlopen RTLD_NOW |
 * RTLD_LOCAL) from the first directory that has its file:
 * $CLAIMTRACK_MODULE_DIR alone when set, else the install directories
 * (ct__install_dirs). NULL when it cannot be loaded, with the error set to
 * CT_EUNSUPPORTED and a message naming the module, what it is for and why. */
const ct_module_head *ct__module_get(ct_module_slot *slot, const ct_module_spec *spec);

/* The table if the module is loaded already, else NULL; never loads. */
const ct_module_head *ct__module_peek(ct_module_slot *slot);

/*
 * The directories where the pieces of an installation of kind ("plugins",
 * "modules") live, in search order: beside the executable (a build tree's
 * <exe dir>/build/<kind> and <exe dir>/<kind>, an installed tree's
 * <exe dir>/../lib/claimtrack/<kind>, and <exe dir>/rel when rel is not
 * empty), then builtin (the compiled-in directory). exe_path may be NULL
 * (/proc/self/exe is used). Calls fn for each; one policy for plugins and
 * modules.
 */
void ct__install_dirs(const char *exe_path, const char *kind, const char *builtin,
	const char *rel, void (*fn)(const char *dir, void *payload), void *payload);

/* The install directories make compiled in ($(BUILD)/gen/install_dirs.c):
 * absolute, and relative to the program's directory ("" when not under
 * PREFIX). A change of PLUGINDIR or MODULEDIR rebuilds only that object. */
extern const char ct__plugin_dir[];
extern const char ct__plugin_dir_rel[];
extern const char ct__module_dir[];
extern const char ct__module_dir_rel[];

/* Helpers for the X-macro lists: a table member, a signature string. */
#define CT_MODULE_MEMBER(ret, name, params, args, fail) ret (*name) params;
#define CT_MODULE_VMEMBER(name, params, args) void (*name) params;
#define CT_MODULE_SIG(ret, name, params, args, fail) #ret " " #name #params ";"
#define CT_MODULE_VSIG(name, params, args) "void " #name #params ";"

/* The program's side: a public function that calls the module's; get()
 * returns the table, or NULL after setting the error. */
#define CT_MODULE_FORWARD(type, get, ret, name, params, args, fail) \
	ret name params \
	{ \
		const type *m_ = get(); \
		return m_ ? m_->name args : fail; \
	}
/* A void function (a free or dispose, a setter on an object the module
 * made): when the module never loaded, nothing it made can exist, so there
 * is nothing to do, and no reason to load it or to touch the last error. */
#define CT_MODULE_VFORWARD(type, peek, name, params, args) \
	void name params \
	{ \
		const type *m_ = peek(); \
		if (m_) \
			m_->name args; \
	}

#endif
