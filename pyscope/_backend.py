"""Which implementation of the core is live: the C extension or the twin.

PYSCOPE_PURE=1 selects the pure-Python twin; without it the C core is used,
and the twin only where the extension is not built (with a warning that
says why and what fixes it).  The choice applies to graphs created
afterwards; `use()` switches it at run time (the test suite runs every test
on both)."""
import importlib.machinery
import os
import sys
import sysconfig
import warnings
from types import ModuleType
from typing import Dict, List, Optional, Tuple

from pyscope import _pure


def _import_core() -> Tuple[Optional[ModuleType], Optional[ImportError]]:
    """pyscope._core, or None and why (tests/test_packaging.py stages each
    way it can be missing)."""
    try:
        from pyscope import _core
    except ImportError as exc:
        return None, exc
    return _core, None


_core, _import_error = _import_core()

_IMPLEMENTATIONS: Dict[str, ModuleType] = {"python": _pure}
if _core is not None:
    _IMPLEMENTATIONS["c"] = _core

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _built_cores(package_dir: str) -> List[str]:
    """File names of compiled `_core` extensions in the package, any ABI."""
    return sorted(f for f in os.listdir(package_dir)
                  if f.startswith("_core.") and f.endswith((".so", ".pyd")))


def missing_core_reason(error: BaseException, package_dir: str = _PACKAGE_DIR) -> str:
    """Why `pyscope._core` could not be imported from `package_dir`, and the
    fix: the import error alone misleads (a missing extension reads as "a
    circular import" to Python)."""
    built = _built_cores(package_dir)
    this_python = [f for f in built
                   if any(f == "_core" + s for s in importlib.machinery.EXTENSION_SUFFIXES)]
    # a source checkout has the Cython sources; an installed wheel does not
    checkout = os.path.exists(os.path.join(package_dir, "_core.pyx"))
    rebuild = ("run `pip install -e .` in the source checkout "
               f"{os.path.dirname(package_dir)}" if checkout else
               "reinstall pyscope with `pip install --force-reinstall --no-cache-dir` "
               "and its sdist or source directory")
    rebuild += " (PYSCOPE_REQUIRE_C=1 makes a failed compile stop with the compiler's error)"
    if this_python:
        return (f"the C core {this_python[0]} is there but fails to load: {error}. "
                "It was built for another interpreter or is damaged: to rebuild it "
                f"for this one, {rebuild}")
    if built:
        expected = sysconfig.get_config_var("EXT_SUFFIX") or importlib.machinery.EXTENSION_SUFFIXES[0]
        return (f"the C core was built for another Python ({', '.join(built)}); this is "
                f"Python {sys.version.split()[0]}, which loads _core{expected}. To build "
                f"it for this one, {rebuild}")
    if checkout:
        return ("the C core is not built in this source checkout (no compiled _core "
                f"next to {os.path.join(package_dir, '_core.pyx')}). To build it, "
                f"{rebuild}")
    return ("this installation has no C core: it was installed without a working C "
            "compiler (or without the Python headers), so the build fell back to the "
            "twin. Install a C compiler and the Python headers (e.g. `apt install "
            f"build-essential python3-dev`), then {rebuild}")


def _initial() -> ModuleType:
    if os.environ.get("PYSCOPE_PURE", "") not in ("", "0"):
        return _pure
    if _core is None:
        assert _import_error is not None
        warnings.warn(
            f"pyscope: using the pure-Python twin (same names, slower) because "
            f"{missing_core_reason(_import_error)}. Set PYSCOPE_PURE=1 to choose "
            f"the twin without this warning.",
            RuntimeWarning, stacklevel=3)
        return _pure
    return _core


current: ModuleType = _initial()


def available() -> List[str]:
    """Names of the backends importable here: 'c' and/or 'python'."""
    return sorted(_IMPLEMENTATIONS)


def use(name: str) -> str:
    """Make `name` ('c' or 'python') the backend of graphs created from now
    on, and return the previous one's name."""
    global current
    if name not in _IMPLEMENTATIONS:
        raise ValueError(
            f"unknown or unavailable pyscope backend {name!r}; available: "
            f"{available()}")
    previous: str = current.BACKEND
    current = _IMPLEMENTATIONS[name]
    return previous


def infrastructure() -> ModuleType:
    """The module providing the process-wide pieces (default-graph stack,
    v1 name_scope): the C one when built and PYSCOPE_PURE is not set."""
    if _core is not None and current is _core:
        return _core
    return _pure
