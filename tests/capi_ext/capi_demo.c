/* A tiny extension that names ops through pyscope's capsule C API, the way
 * a graph builder written in C would: no Python call per name.
 *
 * name_layer uses the version-1 entry points (this file is also built
 * against the version-1 header, as capi_demo_v1, to show such extensions
 * still load); the rest uses the version-2 graph handle. */
#define PY_SSIZE_T_CLEAN
#include "pyscope_capi.h"

#ifndef CAPI_DEMO_MODULE
#define CAPI_DEMO_MODULE capi_demo
#endif
#define CAPI_DEMO_STR2(x) #x
#define CAPI_DEMO_STR(x) CAPI_DEMO_STR2(x)
#define CAPI_DEMO_CAT2(a, b) a##b
#define CAPI_DEMO_CAT(a, b) CAPI_DEMO_CAT2(a, b)

/* name_layer(graph, scope, ops): enters name scope `scope`, names each op of
 * the list `ops` (bytes), looks up variable "w", leaves; returns
 * (scope string, [op names], [unique names], variable or None). */
static PyObject *name_layer(PyObject *self, PyObject *args) {
    PyObject *graph, *ops;
    const char *scope_name;
    Py_ssize_t scope_len;
    if (!PyArg_ParseTuple(args, "Os#O!", &graph, &scope_name, &scope_len, &PyList_Type, &ops))
        return NULL;
    PyObject *scope = NULL;
    PyObject *token = PyScope_CAPI->name_scope_push(graph, scope_name, scope_len, &scope);
    if (!token) return NULL;
    PyObject *op_names = PyList_New(0), *unique = PyList_New(0), *var = NULL, *result = NULL;
    if (!op_names || !unique) goto done;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(ops); i++) {
        char *name;
        Py_ssize_t len;
        if (PyBytes_AsStringAndSize(PyList_GET_ITEM(ops, i), &name, &len) < 0) goto done;
        PyObject *op = PyScope_CAPI->create_op_name(graph, name, len);
        if (!op || PyList_Append(op_names, op) < 0) { Py_XDECREF(op); goto done; }
        Py_DECREF(op);
        PyObject *u = PyScope_CAPI->unique_name(graph, name, len, 0);
        if (!u || PyList_Append(unique, u) < 0) { Py_XDECREF(u); goto done; }
        Py_DECREF(u);
    }
    var = PyScope_CAPI->lookup_variable(graph, "w", 1);
    if (!var) goto done;
    result = Py_BuildValue("(OOOO)", scope, op_names, unique, var);
done:
    if (PyScope_CAPI->name_scope_pop(token) < 0) Py_CLEAR(result);
    Py_DECREF(token);
    Py_XDECREF(scope);
    Py_XDECREF(op_names);
    Py_XDECREF(unique);
    Py_XDECREF(var);
    return result;
}

static PyObject *current_scope(PyObject *self, PyObject *graph) {
    return PyScope_CAPI->get_name_scope(graph);
}


#if PYSCOPE_CAPI_VERSION >= 2
/* ---- version 2: a graph handle, names in C buffers ----------------------- */

/* name_tower(graph, scope, ops): what a C graph builder does: opens a handle
 * once, enters name scope `scope`, names each op of `ops` (bytes) into a
 * stack buffer, then all of them again in one bulk call, and leaves.
 * Returns ([names one by one], [names of the bulk call]). */
static PyObject *name_tower(PyObject *self, PyObject *args) {
    PyObject *graph, *ops;
    const char *scope;
    if (!PyArg_ParseTuple(args, "OsO!", &graph, &scope, &PyList_Type, &ops)) return NULL;
    Py_ssize_t count = PyList_GET_SIZE(ops);
    PyObject *single = PyList_New(0), *bulk = PyList_New(0), *result = NULL;
    const char **names = PyMem_Calloc((size_t)count + 1, sizeof *names);
    Py_ssize_t *offsets = PyMem_Calloc((size_t)count + 1, sizeof *offsets);
    char buf[4096];
    PyScopeGraph *g = NULL;
    int pushed = 0;
    if (!single || !bulk || !names || !offsets) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t i = 0; i < count; i++)
        if (!(names[i] = PyBytes_AsString(PyList_GET_ITEM(ops, i)))) goto done;

    if (!(g = PyScope_CAPI->graph_open(graph))) goto done;
    if (PyScope_CAPI->scope_push(g, scope, -1) < 0) goto done;
    pushed = 1;
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t n = PyScope_CAPI->unique_name_into(g, names[i], -1, 1, buf, sizeof buf);
        if (n < 0) goto done;
        if (n >= (Py_ssize_t)sizeof buf) {  /* a real builder would grow buf */
            PyErr_SetString(PyExc_OverflowError, "name longer than the demo's buffer");
            goto done;
        }
        PyObject *s = PyUnicode_FromStringAndSize(buf, n);
        if (!s || PyList_Append(single, s) < 0) { Py_XDECREF(s); goto done; }
        Py_DECREF(s);
    }
    for (Py_ssize_t done = 0; done < count;) {  /* as many per call as fit */
        Py_ssize_t k = PyScope_CAPI->unique_names_into(g, names + done, NULL, count - done,
                                                       1, buf, sizeof buf, offsets);
        if (k < 0) goto done;
        if (k == 0) {
            PyErr_SetString(PyExc_OverflowError, "name longer than the demo's buffer");
            goto done;
        }
        for (Py_ssize_t i = 0; i < k; i++) {
            PyObject *s = PyUnicode_FromStringAndSize(buf + offsets[i],
                                                      offsets[i + 1] - offsets[i] - 1);
            if (!s || PyList_Append(bulk, s) < 0) { Py_XDECREF(s); goto done; }
            Py_DECREF(s);
        }
        done += k;
    }
    result = Py_BuildValue("(OO)", single, bulk);
done:
    if (pushed && PyScope_CAPI->scope_pop(g) < 0) Py_CLEAR(result);
    if (PyScope_CAPI->graph_close(g) < 0) Py_CLEAR(result);
    PyMem_Free(names);
    PyMem_Free(offsets);
    Py_XDECREF(single);
    Py_XDECREF(bulk);
    return result;
}

/* ---- thin wrappers, so the tests can drive each entry point -------------- */

static const char *HANDLE = "capi_demo.handle";

static PyScopeGraph *handle_arg(PyObject *capsule) {
    if (capsule == Py_None) return NULL; /* a NULL handle, for the tests */
    return (PyScopeGraph *)PyCapsule_GetPointer(capsule, HANDLE);
}

/* open(graph) -> handle capsule */
static PyObject *h_open(PyObject *self, PyObject *graph) {
    PyScopeGraph *g = PyScope_CAPI->graph_open(graph);
    return g ? PyCapsule_New(g, HANDLE, NULL) : NULL;
}

/* close(handle) */
static PyObject *h_close(PyObject *self, PyObject *capsule) {
    PyScopeGraph *g = handle_arg(capsule);
    if (PyErr_Occurred() || PyScope_CAPI->graph_close(g) < 0) return NULL;
    Py_RETURN_NONE;
}

/* Turns a result of length n written into buf[0:cap] into (n, str or None). */
static PyObject *sized(Py_ssize_t n, const char *buf, Py_ssize_t cap) {
    if (n < 0) return NULL;
    if (n >= cap) return Py_BuildValue("(nO)", n, Py_None);
    return Py_BuildValue("(ns#)", n, buf, n);
}

/* unique(handle, name: bytes, mark_as_used, cap) -> (length, name or None) */
static PyObject *h_unique(PyObject *self, PyObject *args) {
    PyObject *capsule;
    const char *name;
    Py_ssize_t len, cap;
    int mark;
    if (!PyArg_ParseTuple(args, "Oy#pn", &capsule, &name, &len, &mark, &cap)) return NULL;
    PyScopeGraph *g = handle_arg(capsule);
    if (PyErr_Occurred()) return NULL;
    char *buf = PyMem_Malloc((size_t)cap + 1);
    if (!buf) return PyErr_NoMemory();
    PyObject *r = sized(PyScope_CAPI->unique_name_into(g, name, len, mark, buf, cap), buf, cap);
    PyMem_Free(buf);
    return r;
}

/* unique_many(handle, [bytes], mark_as_used, cap) -> [names done] */
static PyObject *h_unique_many(PyObject *self, PyObject *args) {
    PyObject *capsule, *list;
    Py_ssize_t cap;
    int mark;
    if (!PyArg_ParseTuple(args, "OO!pn", &capsule, &PyList_Type, &list, &mark, &cap))
        return NULL;
    PyScopeGraph *g = handle_arg(capsule);
    if (PyErr_Occurred()) return NULL;
    Py_ssize_t count = PyList_GET_SIZE(list);
    const char **names = PyMem_Calloc((size_t)count + 1, sizeof *names);
    Py_ssize_t *lens = PyMem_Calloc((size_t)count + 1, sizeof *lens);
    Py_ssize_t *offsets = PyMem_Calloc((size_t)count + 1, sizeof *offsets);
    char *buf = PyMem_Malloc((size_t)cap + 1);
    PyObject *out = NULL;
    if (!names || !lens || !offsets || !buf) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t i = 0; i < count; i++) {
        char *s;
        if (PyBytes_AsStringAndSize(PyList_GET_ITEM(list, i), &s, &lens[i]) < 0) goto done;
        names[i] = s;
    }
    Py_ssize_t k = PyScope_CAPI->unique_names_into(g, names, lens, count, mark, buf, cap, offsets);
    if (k < 0 || !(out = PyList_New(k))) goto done;
    for (Py_ssize_t i = 0; i < k; i++) {
        PyObject *s = PyUnicode_DecodeUTF8(buf + offsets[i], offsets[i + 1] - offsets[i] - 1,
                                           "surrogatepass");
        if (!s) { Py_CLEAR(out); goto done; }
        PyList_SET_ITEM(out, i, s);
    }
done:
    PyMem_Free(names);
    PyMem_Free(lens);
    PyMem_Free(offsets);
    PyMem_Free(buf);
    return out;
}

/* push(handle, name: bytes) */
static PyObject *h_push(PyObject *self, PyObject *args) {
    PyObject *capsule;
    const char *name;
    Py_ssize_t len;
    if (!PyArg_ParseTuple(args, "Oy#", &capsule, &name, &len)) return NULL;
    PyScopeGraph *g = handle_arg(capsule);
    if (PyErr_Occurred() || PyScope_CAPI->scope_push(g, name, len) < 0) return NULL;
    Py_RETURN_NONE;
}

/* pop(handle) */
static PyObject *h_pop(PyObject *self, PyObject *capsule) {
    PyScopeGraph *g = handle_arg(capsule);
    if (PyErr_Occurred() || PyScope_CAPI->scope_pop(g) < 0) return NULL;
    Py_RETURN_NONE;
}

/* scope(handle, cap) -> (length, scope or None) */
static PyObject *h_scope(PyObject *self, PyObject *args) {
    PyObject *capsule;
    Py_ssize_t cap;
    if (!PyArg_ParseTuple(args, "On", &capsule, &cap)) return NULL;
    PyScopeGraph *g = handle_arg(capsule);
    if (PyErr_Occurred()) return NULL;
    char *buf = PyMem_Malloc((size_t)cap + 1);
    if (!buf) return PyErr_NoMemory();
    PyObject *r = sized(PyScope_CAPI->name_scope_into(g, buf, cap), buf, cap);
    PyMem_Free(buf);
    return r;
}

/* unique_on_object(obj): passes a Python object that is not a handle */
static PyObject *h_unique_on_object(PyObject *self, PyObject *obj) {
    char buf[64];
    if (PyScope_CAPI->unique_name_into((PyScopeGraph *)obj, "x", 1, 1, buf, sizeof buf) < 0)
        return NULL;
    Py_RETURN_NONE;
}
#endif /* PYSCOPE_CAPI_VERSION >= 2 */

/* api_version() -> (module's version, header's version, module has the
 * handle functions) */
static PyObject *api_version(PyObject *self, PyObject *unused) {
#ifdef PYSCOPE_CAPI_HAS
    int has_handles = PYSCOPE_CAPI_HAS(PyScope_CAPI, name_scope_into);
#else
    int has_handles = 0; /* the version-1 header cannot ask */
#endif
    return Py_BuildValue("(IIO)", PyScope_CAPI->version, (unsigned int)PYSCOPE_CAPI_VERSION,
                         has_handles ? Py_True : Py_False);
}

static PyMethodDef methods[] = {
    {"name_layer", name_layer, METH_VARARGS, NULL},
    {"current_scope", current_scope, METH_O, NULL},
    {"api_version", api_version, METH_NOARGS, NULL},
#if PYSCOPE_CAPI_VERSION >= 2
    {"name_tower", name_tower, METH_VARARGS, NULL},
    {"open", h_open, METH_O, NULL},
    {"close", h_close, METH_O, NULL},
    {"unique", h_unique, METH_VARARGS, NULL},
    {"unique_many", h_unique_many, METH_VARARGS, NULL},
    {"push", h_push, METH_VARARGS, NULL},
    {"pop", h_pop, METH_O, NULL},
    {"scope", h_scope, METH_VARARGS, NULL},
    {"unique_on_object", h_unique_on_object, METH_O, NULL},
#endif
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, CAPI_DEMO_STR(CAPI_DEMO_MODULE),
                                     NULL, -1, methods};

PyMODINIT_FUNC CAPI_DEMO_CAT(PyInit_, CAPI_DEMO_MODULE)(void) {
    if (PyScope_ImportCAPI() < 0) return NULL;
    return PyModule_Create(&module);
}
