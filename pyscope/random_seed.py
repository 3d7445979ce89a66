"""Graph-level and op-level random seeds, as TF1's ``framework/random_seed.py``.

``set_random_seed(seed)`` stores the graph-level seed on the default graph
(``graph.seed``). ``get_seed(op_seed)`` combines it with an op-level seed the
way TF does:

* graph seed and op seed: ``(graph_seed, op_seed)``;
* graph seed only: the op seed comes from the graph's own counter
  (``graph._next_op_seed()``: 0, 1, 2, ... per graph), so every random op of a
  program gets its own, repeatable, sequence;
* op seed only: ``(DEFAULT_GRAPH_SEED, op_seed)``;
* neither: ``(None, None)``, non-deterministic.

Both seeds are reduced modulo ``2**31 - 1``, and ``(0, 0)`` becomes
``(0, 2**31 - 1)``. :func:`make_rng` turns the pair into a NumPy generator
(PCG64), so the same program with the same seeds draws the same values run to
run; the bits differ from TF's, the distributions do not.  Unseeded ops share
one generator seeded from the OS.

The graph comes from ``pyscope.get_default_graph()``; a graph without
``_next_op_seed`` gets a counter kept here (by weak reference). Until pyscope has
graphs at all, a module-level stand-in graph is used.
"""

from __future__ import annotations

import operator
from typing import Any, Optional, Tuple
import os
import threading
import weakref

import numpy as np

__all__ = ["DEFAULT_GRAPH_SEED", "set_random_seed", "get_seed", "make_rng"]

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2 ** 31 - 1

_lock = threading.Lock()
_counters: "weakref.WeakKeyDictionary[Any, int]" = weakref.WeakKeyDictionary()


class _StandInGraph:
    """Used only while ``pyscope.get_default_graph`` does not exist."""

    def __init__(self) -> None:
        self.seed: Optional[int] = None
        self._op_seed_counter = 0

    def _next_op_seed(self) -> int:
        with _lock:
            n = self._op_seed_counter
            self._op_seed_counter += 1
        return n


_STAND_IN = _StandInGraph()

# Unseeded ops share one generator seeded from the OS once (a fresh PCG64
# from OS entropy per variable cost ~10 us of a ~60 us creation); Generator
# calls are thread-safe, and a forked child draws a new seed.
_unseeded: Optional[np.random.Generator] = None


def _unseeded_rng() -> np.random.Generator:
    global _unseeded
    rng = _unseeded
    if rng is None:
        with _lock:
            if _unseeded is None:
                _unseeded = np.random.Generator(np.random.PCG64())
            rng = _unseeded
    return rng


def _forget_unseeded_rng() -> None:
    global _unseeded
    _unseeded = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_unseeded_rng)


def _default_graph() -> Any:
    try:
        import pyscope
        getter = getattr(pyscope, "get_default_graph", None)
    except ImportError:
        getter = None
    if getter is None:
        return _STAND_IN
    return getter()


def _next_op_seed(graph: Any) -> int:
    nxt = getattr(graph, "_next_op_seed", None)
    if nxt is not None:
        return int(nxt())
    with _lock:
        try:
            n = _counters.get(graph, 0)
            _counters[graph] = n + 1
        except TypeError:  # not weak-referenceable: keep it on the object
            n = getattr(graph, "_pyscope_op_seed_counter", 0)
            graph._pyscope_op_seed_counter = n + 1
    return n


def _truncate_seed(seed: int) -> int:
    return seed % _MAXINT32  # fit into 32-bit integer


def set_random_seed(seed: Optional[int]) -> None:
    """Sets the graph-level random seed for the default graph.

    Operations that rely on a random seed actually derive it from two
    seeds: the graph-level and operation-level seeds.  This sets the
    graph-level seed (``None`` clears it): with it set and no op-level
    seed, each random initializer gets a seed from the graph's op counter,
    so a program rerun with the same graph seed draws the same values.

    Args:
      seed: integer.
    """
    _default_graph().seed = seed


def get_seed(op_seed: Optional[int]) -> Tuple[Optional[int], Optional[int]]:
    """The ``(graph_seed, op_seed)`` pair a random op uses, as TF's ``get_seed``."""
    graph = _default_graph()
    global_seed = getattr(graph, "seed", None)
    seeds: Tuple[Optional[int], Optional[int]]
    if global_seed is not None:
        if op_seed is None:
            op_seed = _next_op_seed(graph)
        seeds = _truncate_seed(global_seed), _truncate_seed(op_seed)
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, _truncate_seed(op_seed)
    else:
        seeds = None, None
    if seeds == (0, 0):
        return (0, _MAXINT32)
    return seeds


def make_rng(op_seed: Optional[int] = None) -> np.random.Generator:
    """A fresh ``np.random.Generator`` for one random op with op-level seed ``op_seed``.

    Calls :func:`get_seed` (advancing the graph's op-seed counter when only a
    graph seed is set). Deterministic unless neither seed is set.
    """
    seed1, seed2 = get_seed(op_seed)
    if seed1 is None or seed2 is None:  # both or neither (get_seed)
        return _unseeded_rng()
    return np.random.Generator(np.random.PCG64([operator.index(seed1), operator.index(seed2)]))
