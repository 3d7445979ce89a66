/*
 * pyscope's C API for embedders: name ops from C, C++ or Cython without a
 * Python call per name.  Works like NumPy's and datetime's C APIs: a
 * versioned table of function pointers in a capsule.
 *
 *     #include "pyscope_capi.h"      // dir: pyscope.get_include()
 *     if (PyScope_ImportCAPI() < 0) return NULL;   // in your module init
 *
 * Version 2: the fast path (no Python object made per name).  Open a handle
 * on a graph once, then name into your own buffer:
 *
 *     PyScopeGraph *g = PyScope_CAPI->graph_open(graph);
 *     if (!g) return NULL;
 *     char name[256];
 *     if (PyScope_CAPI->scope_push(g, "layer", -1) < 0) goto error;
 *     Py_ssize_t n = PyScope_CAPI->unique_name_into(g, "MatMul", -1, 1,
 *                                                   name, sizeof name);
 *     if (n < 0) goto error;                // exception set
 *     if (n >= sizeof name) { ... }         // too small: nothing happened,
 *                                           // retry with n + 1 bytes
 *     // name is "layer/MatMul" (NUL-terminated), exactly what
 *     // graph.unique_name("MatMul") returns in that scope
 *     PyScope_CAPI->scope_pop(g);
 *     PyScope_CAPI->graph_close(g);
 *
 * Rules for every function:
 * - Call with the GIL held.  Names are UTF-8; a length < 0 means the name is
 *   NUL-terminated.
 * - On error a Python exception is set, -1 (or NULL) is returned and the
 *   graph is as before the call (MemoryError aside: see the core).
 * - Functions returning PyObject* return a new reference.
 *
 * The handle (version 2):
 * - graph_open() holds a strong reference to the graph until graph_close():
 *   dropping every other reference to the graph is safe, its names stay
 *   reserved and the handle keeps naming in it.
 * - A handle belongs to the thread that opened it, and uses that thread's
 *   name scope, as the Python API does: a call from another thread raises
 *   RuntimeError (open one handle per thread).
 * - scope_push/scope_pop enter and exit Graph.name_scope(name) of that
 *   thread, interleaving with the Python API's `with g.name_scope(...)`
 *   exactly as two nested Python scopes do (each exit restores the scope its
 *   entry found).  Scopes still pushed at graph_close() stay entered, like a
 *   `with` block that never ended.
 * - A NULL pointer, or a Python object that is not a handle, raises
 *   TypeError.  graph_close() frees the handle: do not use it afterwards (as
 *   with free(); that is not detected).
 *
 * `graph` in the version-1 functions and graph_open is a pyscope.Graph on
 * the C backend (or its `_core`); other objects raise TypeError.
 */
#ifndef PYSCOPE_CAPI_H
#define PYSCOPE_CAPI_H

#include <Python.h>
#include <stddef.h>

#define PYSCOPE_CAPI_VERSION 2
#define PYSCOPE_CAPSULE_NAME "pyscope._core._C_API"

/* An open graph handle (opaque). */
typedef struct PyScopeGraph PyScopeGraph;

typedef struct {
    unsigned int version; /* PYSCOPE_CAPI_VERSION the module was built with */
    unsigned int size;    /* sizeof(PyScopeCAPI) in the module: fields only grow */

    /* ---- version 1: each call makes Python objects ---------------------- */

    /* Graph.unique_name(name, mark_as_used) in this thread's name scope. */
    PyObject *(*unique_name)(PyObject *graph, const char *name, Py_ssize_t len,
                             int mark_as_used);
    /* Graph.create_op_name(name): registers an op and returns its name. */
    PyObject *(*create_op_name)(PyObject *graph, const char *name, Py_ssize_t len);
    /* Enters Graph.name_scope(name); returns a token for name_scope_pop.
     * *scope (if not NULL) receives a new reference to the scope string. */
    PyObject *(*name_scope_push)(PyObject *graph, const char *name, Py_ssize_t len,
                                 PyObject **scope);
    /* Exits the scope entered by name_scope_push and releases the token. */
    int (*name_scope_pop)(PyObject *token);
    /* Graph.get_name_scope() */
    PyObject *(*get_name_scope)(PyObject *graph);
    /* The variable stored under full name `name`, or None. */
    PyObject *(*lookup_variable)(PyObject *graph, const char *name, Py_ssize_t len);

    /* ---- version 2: graph handles, no Python object per name ------------ */

    /* A handle on `graph` for the calling thread; NULL on error. */
    PyScopeGraph *(*graph_open)(PyObject *graph);
    /* Releases the handle and its reference to the graph.  NULL: no-op. */
    int (*graph_close)(PyScopeGraph *handle);

    /* Graph.unique_name(name, mark_as_used) written into buf[0:cap] with a
     * terminating NUL.  Returns the name's length n (without the NUL).  When
     * n >= cap nothing is written and nothing is marked as used: call again
     * with at least n + 1 bytes.  -1 on error. */
    Py_ssize_t (*unique_name_into)(PyScopeGraph *handle, const char *name,
                                   Py_ssize_t len, int mark_as_used, char *buf,
                                   Py_ssize_t cap);
    /* unique_name_into for names[0:count] in order (lens NULL: all
     * NUL-terminated), written one after another, each NUL-terminated, into
     * buf[0:cap].  offsets needs count + 1 entries: name i is at
     * buf + offsets[i] and has length offsets[i + 1] - offsets[i] - 1.
     * Returns how many names were done, k: when k < count, name k did not
     * fit and it and those after it were not touched (call again for
     * names + k).  -1 on error, checked before any name is marked. */
    Py_ssize_t (*unique_names_into)(PyScopeGraph *handle,
                                    const char *const *names,
                                    const Py_ssize_t *lens, Py_ssize_t count,
                                    int mark_as_used, char *buf, Py_ssize_t cap,
                                    Py_ssize_t *offsets);
    /* Enters Graph.name_scope(name) (ValueError for an invalid name; "" is
     * the root scope, a name ending in "/" re-enters that scope as is). */
    int (*scope_push)(PyScopeGraph *handle, const char *name, Py_ssize_t len);
    /* Exits the innermost scope pushed on this handle (RuntimeError: none). */
    int (*scope_pop)(PyScopeGraph *handle);
    /* Graph.get_name_scope() written into buf[0:cap], as unique_name_into. */
    Py_ssize_t (*name_scope_into)(PyScopeGraph *handle, char *buf, Py_ssize_t cap);
} PyScopeCAPI;

/* Whether the imported table has `field` (for code that runs against older
 * modules: PyScope_ImportCAPI then asks for version 1 only, see below). */
#define PYSCOPE_CAPI_HAS(api, field)                                         \
    ((api)->size >= offsetof(PyScopeCAPI, field) + sizeof((api)->field))

static const PyScopeCAPI *PyScope_CAPI = NULL;

#ifndef PYSCOPE_CAPI_MIN_VERSION
#define PYSCOPE_CAPI_MIN_VERSION PYSCOPE_CAPI_VERSION
#endif

/* Imports the table; -1 with an ImportError/RuntimeError set on failure.
 * Define PYSCOPE_CAPI_MIN_VERSION 1 before including this header to accept
 * version-1 modules (then test PYSCOPE_CAPI_HAS before a version-2 call). */
static int PyScope_ImportCAPI(void) {
    const PyScopeCAPI *api =
        (const PyScopeCAPI *)PyCapsule_Import(PYSCOPE_CAPSULE_NAME, 0);
    if (api == NULL) return -1;
    if (api->version < PYSCOPE_CAPI_MIN_VERSION) {
        PyErr_Format(PyExc_RuntimeError,
                     "pyscope C API version %u is older than %u, which this "
                     "extension was built for: upgrade pyscope",
                     api->version, (unsigned int)PYSCOPE_CAPI_MIN_VERSION);
        return -1;
    }
    PyScope_CAPI = api;
    return 0;
}

#endif /* PYSCOPE_CAPI_H */
