/* A tiny extension that names ops through pyscope's capsule C API, the way
 * a graph builder written in C would: no Python call per name. */
#define PY_SSIZE_T_CLEAN
#include "pyscope_capi.h"

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

static PyMethodDef methods[] = {
    {"name_layer", name_layer, METH_VARARGS, NULL},
    {"current_scope", current_scope, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "capi_demo", NULL, -1, methods};

PyMODINIT_FUNC PyInit_capi_demo(void) {
    if (PyScope_ImportCAPI() < 0) return NULL;
    return PyModule_Create(&module);
}
