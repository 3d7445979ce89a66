"""Builds the C core (csrc/) and its Cython binding into pyscope._core.

The C core is the product: a build failure is an error, not a silent fallback
(set PYSCOPE_PURE=1 at run time to use the pure-Python twin on purpose)."""
import os
import shutil

from Cython.Build import cythonize
from setuptools import Extension, setup

CORE_SOURCES = ["csrc/trie.c", "csrc/names.c", "csrc/counters.c"]

# Embedders compile against pyscope.get_include(): ship the core's header
# there beside the C-API header (csrc/ stays the one source of truth).
HERE = os.path.dirname(os.path.abspath(__file__))
shutil.copyfile(os.path.join(HERE, "csrc", "pyscope_core.h"),
                os.path.join(HERE, "pyscope", "include", "pyscope_core.h"))

extensions = [
    Extension(
        "pyscope._core",
        sources=["pyscope/_core.pyx"] + CORE_SOURCES,
        include_dirs=["csrc", "pyscope/include"],
        extra_compile_args=["-O3", "-std=c99"] if os.name != "nt" else [],
    ),
    # the variable layer's hot paths, over the core (cimports pyscope._core)
    Extension(
        "pyscope._fastpaths",
        sources=["pyscope/_fastpaths.pyx"],
        include_dirs=["csrc", "pyscope/include"],
        extra_compile_args=["-O3"] if os.name != "nt" else [],
    ),
]

setup(
    ext_modules=cythonize(extensions, language_level=3),
)
