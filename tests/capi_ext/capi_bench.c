/* Timing loops for pyscope's C API, in C: the raw core (csrc's ps_* calls,
 * compiled into this extension), the version-2 handle one name per call and
 * in bulk, and the version-1 entry points, on the same names in one run.
 * Built by pyscope/_bench_capi.py (with csrc/trie.c and csrc/names.c). */
#define PY_SSIZE_T_CLEAN
#include "pyscope_capi.h"
#include "pyscope_core.h"
#include "ps_util.h"

#include <string.h>
#include <time.h>

#define NAME_CAP 512 /* bytes per name in the output buffers */
#define BULK 64      /* names per bulk call */

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* What every variant does with a name: write it into a buffer; the sink
 * keeps the compiler from dropping the work. */
static volatile char sink;

/* The raw core: ps_names_unique, then prefix + name + suffix into buf, as
 * the handle does (a fresh table with one scope, as a fresh graph). */
static int time_raw(const char **names, const Py_ssize_t *lens, Py_ssize_t n,
                    const char *scope, size_t scope_len, double *seconds) {
    ps_trie *t = ps_trie_new(1);
    if (!t) return -1;
    uint64_t suffix;
    ps_node scope_node;
    char prefix[NAME_CAP], buf[NAME_CAP + 32];
    if (scope_len + 1 >= sizeof prefix ||
        ps_names_unique(t, PS_ROOT, scope, scope_len, 1, &suffix, &scope_node) != PS_OK) {
        ps_trie_free(t);
        return -1;
    }
    memcpy(prefix, scope, scope_len);
    size_t prefix_len = scope_len + ps_format_suffix(prefix + scope_len, suffix) * (suffix != 0);
    prefix[prefix_len++] = '/';
    double t0 = now();
    for (Py_ssize_t i = 0; i < n; i++) {
        /* an op's name: its node is not needed (NULL), as in the handle */
        if (ps_names_unique(t, scope_node, names[i], (size_t)lens[i], 1, &suffix, NULL) != PS_OK)
            break;
        memcpy(buf, prefix, prefix_len);
        memcpy(buf + prefix_len, names[i], (size_t)lens[i]);
        size_t m = prefix_len + (size_t)lens[i];
        if (suffix) m += ps_format_suffix(buf + m, suffix);
        buf[m] = 0;
        sink = buf[m - 1];
    }
    *seconds = now() - t0;
    ps_trie_free(t);
    return 0;
}

static int time_handle(PyObject *graph, const char **names, const Py_ssize_t *lens,
                       Py_ssize_t n, const char *scope, double *seconds) {
    char buf[NAME_CAP];
    PyScopeGraph *g = PyScope_CAPI->graph_open(graph);
    if (!g) return -1;
    int rc = PyScope_CAPI->scope_push(g, scope, -1);
    if (rc == 0) {
        double t0 = now();
        for (Py_ssize_t i = 0; i < n && rc == 0; i++) {
            Py_ssize_t m = PyScope_CAPI->unique_name_into(g, names[i], lens[i], 1, buf, sizeof buf);
            if (m < 0) rc = -1;
            else sink = buf[m - 1];
        }
        *seconds = now() - t0;
        if (PyScope_CAPI->scope_pop(g) < 0) rc = -1;
    }
    if (PyScope_CAPI->graph_close(g) < 0) rc = -1;
    return rc;
}

static int time_bulk(PyObject *graph, const char **names, const Py_ssize_t *lens,
                     Py_ssize_t n, const char *scope, double *seconds) {
    static char buf[BULK * NAME_CAP];
    Py_ssize_t offsets[BULK + 1];
    PyScopeGraph *g = PyScope_CAPI->graph_open(graph);
    if (!g) return -1;
    int rc = PyScope_CAPI->scope_push(g, scope, -1);
    if (rc == 0) {
        double t0 = now();
        for (Py_ssize_t done = 0; done < n && rc == 0;) {
            Py_ssize_t count = n - done < BULK ? n - done : BULK;
            Py_ssize_t k = PyScope_CAPI->unique_names_into(g, names + done, lens + done, count,
                                                           1, buf, sizeof buf, offsets);
            if (k <= 0) rc = -1;
            else { sink = buf[offsets[k] - 2]; done += k; }
        }
        *seconds = now() - t0;
        if (PyScope_CAPI->scope_pop(g) < 0) rc = -1;
    }
    if (PyScope_CAPI->graph_close(g) < 0) rc = -1;
    return rc;
}

static int time_v1(PyObject *graph, const char **names, const Py_ssize_t *lens,
                   Py_ssize_t n, const char *scope, double *seconds) {
    PyObject *token = PyScope_CAPI->name_scope_push(graph, scope, (Py_ssize_t)strlen(scope), NULL);
    if (!token) return -1;
    int rc = 0;
    double t0 = now();
    for (Py_ssize_t i = 0; i < n && rc == 0; i++) {
        PyObject *s = PyScope_CAPI->unique_name(graph, names[i], lens[i], 1);
        if (!s) rc = -1;
        else Py_DECREF(s);
    }
    *seconds = now() - t0;
    if (PyScope_CAPI->name_scope_pop(token) < 0) rc = -1;
    Py_DECREF(token);
    return rc;
}

/* Borrowed pointers to a list of bytes' data (NULL and an exception if an
 * item is not bytes); free the two arrays with PyMem_Free. */
static int list_names(PyObject *list, const char ***names, Py_ssize_t **lens) {
    Py_ssize_t n = PyList_GET_SIZE(list);
    *names = PyMem_Calloc((size_t)n + 1, sizeof **names);
    *lens = PyMem_Calloc((size_t)n + 1, sizeof **lens);
    if (!*names || !*lens) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        char *s;
        if (PyBytes_AsStringAndSize(PyList_GET_ITEM(list, i), &s, &(*lens)[i]) < 0) return -1;
        (*names)[i] = s;
    }
    return 0;
}

/* time_names(variant, new_graph, names: [bytes], scope: str, repeats)
 *   -> best seconds per name over `repeats` runs, each on a fresh graph
 * variant: "raw", "handle", "bulk" or "v1". */
static PyObject *time_names(PyObject *self, PyObject *args) {
    const char *variant, *scope;
    PyObject *new_graph, *list;
    int repeats;
    if (!PyArg_ParseTuple(args, "sOO!si", &variant, &new_graph, &PyList_Type, &list, &scope,
                          &repeats))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    const char **names = NULL;
    Py_ssize_t *lens = NULL;
    PyObject *result = NULL;
    double best = -1;
    if (list_names(list, &names, &lens) < 0) goto done;
    for (Py_ssize_t i = 0; i < n; i++)
        if (lens[i] == 0 || lens[i] >= NAME_CAP / 2) {
            PyErr_SetString(PyExc_ValueError, "names of 1 to 255 bytes");
            goto done;
        }
    for (int r = 0; r < repeats; r++) {
        double seconds = 0;
        int rc;
        if (!strcmp(variant, "raw")) {
            rc = time_raw(names, lens, n, scope, strlen(scope), &seconds);
            if (rc < 0) PyErr_NoMemory();
        } else {
            PyObject *graph = PyObject_CallNoArgs(new_graph);
            if (!graph) goto done;
            if (!strcmp(variant, "handle")) rc = time_handle(graph, names, lens, n, scope, &seconds);
            else if (!strcmp(variant, "bulk")) rc = time_bulk(graph, names, lens, n, scope, &seconds);
            else if (!strcmp(variant, "v1")) rc = time_v1(graph, names, lens, n, scope, &seconds);
            else {
                PyErr_Format(PyExc_ValueError, "unknown variant %s", variant);
                rc = -1;
            }
            Py_DECREF(graph);
        }
        if (rc < 0) goto done;
        if (best < 0 || seconds < best) best = seconds;
    }
    result = PyFloat_FromDouble(n ? best / (double)n : 0.0);
done:
    PyMem_Free(names);
    PyMem_Free(lens);
    return result;
}

/* time_after_fill(fill: [bytes], names: [bytes], window: int)
 *   -> the raw core's best seconds per name over consecutive windows of
 * `window` of `names`, in one scope of a fresh used-names table that
 * `fill` filled first (how flat a scope stays as it fills: issue 13). */
static PyObject *time_after_fill(PyObject *self, PyObject *args) {
    PyObject *fill_list, *list;
    Py_ssize_t window;
    if (!PyArg_ParseTuple(args, "O!O!n", &PyList_Type, &fill_list, &PyList_Type, &list, &window))
        return NULL;
    if (window < 1) {
        PyErr_SetString(PyExc_ValueError, "window must be at least 1");
        return NULL;
    }
    const char **fill = NULL, **names = NULL;
    Py_ssize_t *fill_lens = NULL, *lens = NULL;
    PyObject *result = NULL;
    ps_trie *t = NULL;
    if (list_names(fill_list, &fill, &fill_lens) < 0 || list_names(list, &names, &lens) < 0)
        goto done;
    if (!(t = ps_trie_new(1))) {
        PyErr_NoMemory();
        goto done;
    }
    uint64_t suffix;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(fill_list); i++)
        if (ps_names_unique(t, PS_ROOT, fill[i], (size_t)fill_lens[i], 1, &suffix, NULL) != PS_OK)
            goto oom;
    double best = -1;
    for (Py_ssize_t start = 0; start + window <= PyList_GET_SIZE(list); start += window) {
        double t0 = now();
        for (Py_ssize_t i = start; i < start + window; i++)
            if (ps_names_unique(t, PS_ROOT, names[i], (size_t)lens[i], 1, &suffix, NULL) != PS_OK)
                goto oom;
        double seconds = now() - t0;
        sink = (char)suffix;
        if (best < 0 || seconds < best) best = seconds;
    }
    result = PyFloat_FromDouble(best < 0 ? 0.0 : best / (double)window);
    goto done;
oom:
    PyErr_NoMemory();
done:
    ps_trie_free(t);
    PyMem_Free(fill);
    PyMem_Free(fill_lens);
    PyMem_Free(names);
    PyMem_Free(lens);
    return result;
}

static PyMethodDef methods[] = {
    {"time_names", time_names, METH_VARARGS, NULL},
    {"time_after_fill", time_after_fill, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "capi_bench", NULL, -1, methods};

PyMODINIT_FUNC PyInit_capi_bench(void) {
    if (PyScope_ImportCAPI() < 0) return NULL;
    return PyModule_Create(&module);
}
