"""Builds the C core (csrc/) and its Cython bindings: pyscope._core (the
naming core) and pyscope._fastpaths (the variable layer's hot paths).

The C core is the product.  Where it cannot be compiled (no C compiler),
the install goes on with the pure-Python twin and says so loudly, as
msgpack does; set PYSCOPE_REQUIRE_C=1 to make that an error instead (CI
does).  At run time PYSCOPE_PURE=1 selects the twin on purpose."""
import os
import shutil
import sys

from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

CORE_SOURCES = ["csrc/trie.c", "csrc/names.c", "csrc/counters.c"]
UNIX_FLAGS = os.name != "nt"
# Release binaries: optimised, without debug symbols (Python's own CFLAGS
# often carry -g; the later -g0 wins), and stripped at link.
COMPILE_FLAGS = ["-O3", "-g0"] if UNIX_FLAGS else []
LINK_FLAGS = (["-Wl,-S"] if sys.platform == "darwin" else ["-s"]) if UNIX_FLAGS else []

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
        extra_compile_args=COMPILE_FLAGS + (["-std=c99"] if UNIX_FLAGS else []),
        extra_link_args=LINK_FLAGS,
    ),
    # the variable layer's hot paths, over the core (cimports pyscope._core)
    Extension(
        "pyscope._fastpaths",
        sources=["pyscope/_fastpaths.pyx"],
        include_dirs=["csrc", "pyscope/include"],
        extra_compile_args=COMPILE_FLAGS,
        extra_link_args=LINK_FLAGS,
    ),
]


class OptionalBuildExt(build_ext):
    """Falls back to the pure twin when the C compiler fails, unless
    PYSCOPE_REQUIRE_C=1."""

    def run(self):
        try:
            super().run()
        except Exception as exc:  # compiler missing or failing
            self._fallback(exc)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:
            self._fallback(exc)

    def _fallback(self, exc):
        if os.environ.get("PYSCOPE_REQUIRE_C", "") not in ("", "0"):
            raise exc
        sys.stderr.write(
            "\n*** pyscope: the C core could not be built (%s).\n"
            "*** Installing the pure-Python twin only: same behaviour, slower.\n"
            "*** Install a C compiler and the Python headers, then reinstall.\n\n"
            % (exc,))


setup(
    ext_modules=cythonize(extensions, language_level=3),
    cmdclass={"build_ext": OptionalBuildExt},
)
