# cython: language_level=3
"""A Cython extension naming ops through `cimport` of pyscope's core."""
from pyscope._core cimport GraphCore


def unique_names(graph, str base, int count):
    cdef GraphCore core = graph._core
    return [core.c_unique_name(base, True) for _ in range(count)]
