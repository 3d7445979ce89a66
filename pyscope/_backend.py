"""Which implementation of the core is live: the C extension or the twin.

PYSCOPE_PURE=1 selects the pure-Python twin; without it the C core is used,
and the twin only where the extension is not built (with a warning).  The
choice applies to graphs created afterwards; `use()` switches it at run time
(the test suite runs every test on both)."""
from __future__ import annotations

import os
import warnings
from types import ModuleType
from typing import Dict, List, Optional

from pyscope import _pure

_import_error: Optional[ImportError]
try:
    from pyscope import _core
except ImportError as exc:  # pragma: no cover - exercised only without a build
    _core = None  # type: ignore[assignment]
    _import_error = exc
else:
    _import_error = None

_IMPLEMENTATIONS: Dict[str, ModuleType] = {"python": _pure}
if _core is not None:
    _IMPLEMENTATIONS["c"] = _core


def _initial() -> ModuleType:
    if os.environ.get("PYSCOPE_PURE", "") not in ("", "0"):
        return _pure
    if _core is None:
        warnings.warn(
            f"pyscope: the C core is not built ({_import_error}); using the "
            f"pure-Python twin. Reinstall with `pip install .` to build it.",
            RuntimeWarning, stacklevel=3)
        return _pure
    return _core


current = _initial()


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
