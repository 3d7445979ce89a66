/* FROZEN: pyscope_capi.h as released with PYSCOPE_CAPI_VERSION 1, kept verbatim
 * so tests/test_capi.py can build an extension against the old ABI and check
 * that it still loads and works with the current module.  Do not edit. */
/*
 * pyscope's C API for embedders: name ops and look up variables from C, C++
 * or Cython without a Python call per name.  Works like NumPy's and
 * datetime's C APIs: a versioned table of function pointers in a capsule.
 *
 *     #include "pyscope_capi.h"      // dir: pyscope.get_include()
 *     if (PyScope_ImportCAPI() < 0) return NULL;   // in your module init
 *     PyObject *name = PyScope_CAPI->unique_name(graph, "MatMul", 6, 1);
 *
 * `graph` is a pyscope.Graph on the C backend (or its `_core`).  Functions
 * returning PyObject* return a new reference, or NULL with an exception set;
 * functions returning int return 0, or -1 with an exception set.  Call them
 * with the GIL held.  Names are UTF-8.
 */
#ifndef PYSCOPE_CAPI_H
#define PYSCOPE_CAPI_H

#include <Python.h>

#define PYSCOPE_CAPI_VERSION 1
#define PYSCOPE_CAPSULE_NAME "pyscope._core._C_API"

typedef struct {
    unsigned int version; /* PYSCOPE_CAPI_VERSION the module was built with */
    unsigned int size;    /* sizeof(PyScopeCAPI) in the module: fields only grow */

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
} PyScopeCAPI;

static const PyScopeCAPI *PyScope_CAPI = NULL;

/* Imports the table; -1 with an ImportError/RuntimeError set on failure. */
static int PyScope_ImportCAPI(void) {
    const PyScopeCAPI *api =
        (const PyScopeCAPI *)PyCapsule_Import(PYSCOPE_CAPSULE_NAME, 0);
    if (api == NULL) return -1;
    if (api->version < PYSCOPE_CAPI_VERSION) {
        PyErr_Format(PyExc_RuntimeError,
                     "pyscope C API version %u is older than %u, which this "
                     "extension was built for: upgrade pyscope",
                     api->version, (unsigned int)PYSCOPE_CAPI_VERSION);
        return -1;
    }
    PyScope_CAPI = api;
    return 0;
}

#endif /* PYSCOPE_CAPI_H */
