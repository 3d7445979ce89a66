"""The pure-Python twin of the C core (``_core.pyx``).

Same classes, same methods, same results and exceptions; selected with
PYSCOPE_PURE=1, and the fallback where the extension is not built.  It keeps
TF's own data layout (a dict of lower-cased names) so it doubles as a readable
specification of what the C core computes.
"""
from __future__ import annotations

import threading
from types import TracebackType
from typing import (Any, Callable, Dict, Iterable, List, Literal, Optional,
                    Set, Tuple, Type)

from pyscope import _naming_rules as rules

BACKEND = "python"


_MISSING = object()


class _Counters:
    """Default-name counters: TF's variable_scopes_count with O(depth) resets.

    Same algorithm as csrc/counters.c: a count is stale when a proper
    ancestor's subtree was reset after the count was last written; and a
    checkpoint (TF's snapshot of every count when a captured scope is
    re-entered) is an undo journal: the first write to an entry under the
    newest checkpoint saves its old value, once."""

    __slots__ = ("_counts", "_closed", "_hints", "_clock", "_all_closed",
                 "_journal", "_marks", "_last_token")

    def __init__(self) -> None:
        self._counts: Dict[str, Tuple[int, int]] = {}   # scope name -> (count, stamp)
        self._closed: Dict[str, int] = {}   # scope name -> clock of the last reset below it
        self._hints: Dict[str, Tuple[int, int]] = {}    # scope name -> (first_free answer, clock)
        self._clock = 0
        self._all_closed = 0
        # (table, key, old value), while a checkpoint is open
        self._journal: List[Tuple[Dict[str, Any], str, Any]] = []
        # per open checkpoint: (token, journal length, clock, all_closed,
        # the (table, key) pairs saved under it)
        self._marks: List[Tuple[int, int, int, int, Set[Tuple[int, str]]]] = []
        self._last_token = 0

    def get(self, name: str) -> int:
        entry = self._counts.get(name)
        if entry is None:
            return 0
        count, stamp = entry
        return count if self._fresh(name, stamp) else 0

    def _write(self, table: Dict[str, Any], key: str, value: Any) -> None:
        if self._marks:
            saved = self._marks[-1][4]
            if (id(table), key) not in saved:
                saved.add((id(table), key))
                self._journal.append((table, key, table.get(key, _MISSING)))
        table[key] = value

    def open(self, name: str) -> None:
        count = self.get(name)
        self._clock += 1
        self._write(self._counts, name, (count + 1, self._clock))

    def first_free(self, name: str) -> int:
        """0 when `name` has a zero count, else the first j >= 1 with a zero
        count for name_j.  TF probes from 1 every time; the last answer is
        remembered while no ancestor is reset, as in csrc/counters.c."""
        if self.get(name) == 0:
            return 0
        j = 1
        hint = self._hints.get(name)
        if hint is not None and self._fresh(name, hint[1]):
            j = hint[0]
        while self.get("%s_%d" % (name, j)):
            j += 1
        self._clock += 1
        self._write(self._hints, name, (j, self._clock))
        return j

    def _fresh(self, name: str, stamp: int) -> bool:
        # Writes and resets take distinct clock values >= 1, so "written
        # after the reset" is a strict comparison.
        if stamp < self._all_closed:
            return False
        closed = self._closed
        cut = name.rfind("/")
        while cut >= 0:
            if closed.get(name[:cut], 0) > stamp:
                return False
            cut = name.rfind("/", 0, cut)
        return True

    def close_below(self, name: Optional[str]) -> None:
        self._clock += 1
        if name is None:
            self._all_closed = self._clock  # (each checkpoint keeps its own)
        else:
            self._write(self._closed, name, self._clock)

    def checkpoint(self) -> int:
        """A token for restore(): the counts as they are now."""
        self._last_token += 1
        self._marks.append((self._last_token, len(self._journal), self._clock,
                            self._all_closed, set()))
        return self._last_token

    def restore(self, token: int) -> None:
        """Back to the counts at checkpoint `token`, dropping the checkpoints
        taken after it; nothing when `token` was dropped already."""
        marks = self._marks
        i = len(marks)
        while i > 0 and marks[i - 1][0] != token:
            i -= 1
        if i == 0:
            return
        _, mark, clock, all_closed, _ = marks[i - 1]
        journal = self._journal
        while len(journal) > mark:
            table, key, old = journal.pop()
            if old is _MISSING:
                del table[key]
            else:
                table[key] = old
        self._clock = clock
        self._all_closed = all_closed
        del marks[i - 1:]


class _ThreadState(threading.local):
    """Per-thread, per-graph state: the name stack and the scope counters."""

    def __init__(self) -> None:
        self.name_stack = ""
        self.counters = _Counters()
        self.scope_store: Any = None  # the variable layer's per-thread state


def _as_scope_name(name: Any) -> Any:
    if isinstance(name, (bytes, bytearray)):
        return bytes(name).decode("utf-8")
    return name


class NameScope:
    """``with graph.name_scope(name) as scope:``: a context manager that
    creates hierarchical names for operations (TF's `Graph.name_scope`).

    `scope` is the new scope's name with a trailing '/': `name` made unique
    below the current scope; a name ending in '/' re-enters that scope as
    is; None or '' resets to the root.  The name is checked on entry, as
    TF's."""

    __slots__ = ("_core", "_name", "_old")

    def __init__(self, core: GraphCore, name: Optional[str]) -> None:
        self._core = core
        self._name = name

    def __enter__(self) -> str:
        core = self._core
        state = core._state
        name = self._name
        old = state.name_stack
        if name:
            name = _as_scope_name(name)
            if not isinstance(name, str):
                raise rules.not_a_string(name, "scope name")
            pattern = rules.SCOPE_NAME_RE if old else rules.OP_NAME_RE
            if not pattern.match(name):
                raise rules.invalid_scope_name(name, not old)
        if not name:
            new, returned = "", ""
        elif name[-1] == "/":
            new, returned = name[:-1], name
        else:
            new = core.unique_name(name)
            returned = new + "/"
        self._old = old
        state.name_stack = new
        return returned

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> Literal[False]:
        self._core._state.name_stack = self._old
        return False


class GraphCore:
    """The naming tables of one graph: used names and op names (shared by all
    threads), the variable store, and per-thread name stack and counters."""

    def __init__(self) -> None:
        self._names_in_use: Dict[str, int] = {}
        self._op_names: Set[str] = set()
        self._variables: Dict[str, Any] = {}
        self._lock = threading.Lock()
        self._state = _ThreadState()

    # -- unique names -----------------------------------------------------
    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """Return a unique operation name for `name`.

        Names are made unique under the current name scope by appending
        `_N`; with `mark_as_used` False the name is returned but not taken.
        """
        stack = self._state.name_stack
        if not isinstance(name, str):
            raise rules.unique_name_type_error(name, stack)
        if stack:
            name = stack + "/" + name
        key = name.lower()
        names = self._names_in_use
        with self._lock:
            i = names.get(key, 0)
            if mark_as_used:
                names[key] = i + 1
            if i == 0:
                return name
            base = key
            while key in names:
                key = "%s_%d" % (base, i)
                i += 1
            if mark_as_used:
                names[key] = 1
        return "%s_%d" % (name, i - 1)

    # -- name scopes ------------------------------------------------------
    def name_scope(self, name: Optional[str]) -> NameScope:
        """Returns a context manager that creates hierarchical names for
        operations, yielding the scope's name with a trailing '/'."""
        return NameScope(self, name)

    def get_name_scope(self) -> str:
        """Returns the current name scope ('' at the root)."""
        return self._state.name_stack

    @property
    def _name_stack(self) -> str:
        return self._state.name_stack

    @_name_stack.setter
    def _name_stack(self, value: Optional[str]) -> None:
        self._state.name_stack = value or ""

    # -- ops --------------------------------------------------------------
    def create_op_name(self, name: Optional[str] = None) -> str:
        """Reserves and returns the name an op called `name` ("NoOp" when
        None) gets in the current name scope."""
        if name is None or (isinstance(name, str) and not name):
            name = rules.DEFAULT_OP_NAME
        with self.name_scope(name) as scope:
            op_name = scope[:-1]
        if not rules.OP_NAME_RE.match(op_name):
            raise rules.invalid_op_name(op_name)
        self._register_op(op_name)
        return op_name

    def _register_op(self, op_name: str) -> None:
        with self._lock:
            if op_name in self._op_names:
                raise rules.duplicate_op(op_name)
            self._op_names.add(op_name)

    def _has_op(self, op_name: str) -> bool:
        return op_name in self._op_names

    # -- the variable store -----------------------------------------------
    def _lookup_variable(self, name: str) -> Any:
        return self._variables.get(name)

    def _store_variable(self, name: str, value: Any) -> None:
        self._variables[name] = value

    def _num_variables(self) -> int:
        return len(self._variables)

    # -- default-name counters (per thread) ---------------------------------
    def _scope_count(self, name: str) -> int:
        return self._state.counters.get(name)

    def _open_scope(self, name: str) -> None:
        self._state.counters.open(name)

    def _close_subscopes(self, name: Optional[str]) -> None:
        self._state.counters.close_below(name)

    def _first_free_scope_index(self, name: str) -> int:
        return self._state.counters.first_free(name)

    def _counters_checkpoint(self) -> int:
        return self._state.counters.checkpoint()

    def _counters_restore(self, token: int) -> None:
        self._state.counters.restore(token)

    def _thread_scope_store(self) -> Any:
        """This thread's variable-scope store (set by the variable layer)."""
        return self._state.scope_store

    def _set_thread_scope_store(self, store: Any) -> None:
        self._state.scope_store = store

    def _memory_usage(self) -> Dict[str, int]:
        """Rough bytes held by the tables (for the benchmarks)."""
        import sys
        names = self._names_in_use
        size = sys.getsizeof(names) + sum(sys.getsizeof(k) for k in names)
        return {"names": size, "used_names": len(names)}


# -- the default-graph stack and tf.compat.v1.name_scope ---------------------
class _GraphStack(threading.local):
    def __init__(self) -> None:
        self.stack: List[Any] = []
        self.global_default: Any = None


class DefaultGraphs:
    """The per-thread default-graph stack (TF's _DefaultGraphStack): a new
    thread starts with its own fresh default graph.  `factory` makes that
    graph (pyscope.Graph)."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._state = _GraphStack()

    def get_default(self) -> Any:
        """Returns the default graph for the current thread.

        The returned graph will be the innermost graph on which a
        `Graph.as_default()` context has been entered, or a global default
        graph if none has been explicitly created."""
        st = self._state
        if st.stack:
            return st.stack[-1]
        if st.global_default is None:
            st.global_default = self._factory()
        return st.global_default

    def push(self, graph: Any) -> None:
        self._state.stack.append(graph)

    def pop(self, graph: Any) -> None:
        """Leaves `graph`'s as_default block: it must be the innermost."""
        stack = self._state.stack
        if stack:  # reset() may have emptied it
            if stack[-1] is not graph:
                raise AssertionError(
                    "Nesting violated for default stack of <class "
                    "'pyscope.Graph'> objects: exit as_default() blocks in "
                    "the reverse order of entering them")
            stack.pop()

    def is_cleared(self) -> bool:
        return not self._state.stack

    def reset(self) -> None:
        self._state.stack = []
        self._state.global_default = None


# set by use_default_graphs() (graph.py, at import) before any use
_default_graphs: Any = None
_graph_from_values: Any = None


def use_default_graphs(graphs: DefaultGraphs,
                       graph_from_values: Optional[Callable[[Iterable[Any]], Any]] = None,
                       ) -> None:
    """Registers the process's default-graph stack (and how to find the
    graph of a name scope's `values`) for NameScopeV1."""
    global _default_graphs, _graph_from_values
    _default_graphs = graphs
    if graph_from_values is not None:
        _graph_from_values = graph_from_values


class NameScopeV1:
    # tf.compat.v1.name_scope on the default graph; the C core's NameScopeV1
    # repeats this docstring.
    """A context manager for use when defining a Python op.

    This context manager validates that the given `values` are from the
    same graph, makes that graph the default graph, and pushes a name scope
    in that graph (see `Graph.name_scope` for more details on that).  It
    yields the scope's name, with a trailing '/'.

    For example, to define a new Python op called `my_op`:

    ```python
    def my_op(a, b, c, name=None):
      with ps.name_scope(name, "MyOp", [a, b, c]) as scope:
        ...
        return ps.create_op_name(scope)
    ```

    `name` None with `default_name` None, or '', resets to the root scope;
    a name ending in '/' re-enters that (absolute) scope as is.

    Args:
      name: The name argument that is passed to the op function.
      default_name: The default name to use if the `name` argument is
        `None`.
      values: The list of `Variable` arguments that are passed to the op
        function.

    Raises:
      TypeError: if `default_name` is passed in but not a string.
    """

    __slots__ = ("_name", "_default_name", "_values", "_scope", "_pushed", "_inside")

    def __init__(self, name: Optional[str], default_name: Optional[str] = None,
                 values: Optional[Iterable[Any]] = None) -> None:
        if not (default_name is None or isinstance(default_name, str)):
            raise TypeError(
                f"`default_name` type ({type(default_name)}) is not a string "
                f"type. You likely meant to pass this into the `values` kwarg.")
        self._name = default_name if name is None else name
        self._default_name = default_name
        self._values = values

    @property
    def name(self) -> Optional[str]:
        """The scope's name as given (`default_name` when `name` is None)."""
        return self._name

    def __enter__(self) -> str:
        if self._name is None and self._values is not None:
            raise ValueError(
                f"At least one of name ({self._name}) and default_name "
                f"({self._default_name}) must be provided.")
        if getattr(self, "_inside", False):
            # Entered again while inside: TF's previous entry is closed first
            # (its generator is dropped), so this one opens at the same level.
            self._leave(None, None, None)
        graph = _default_graphs.get_default()
        self._pushed = None
        if self._values:  # as TF: the values' graph becomes the default
            values_graph = _graph_from_values(self._values)
            if values_graph is not graph:
                graph = self._pushed = values_graph
                _default_graphs.push(graph)
        try:
            scope = graph.name_scope(self._name)
            entered: str = scope.__enter__()
        except BaseException:
            if self._pushed is not None:
                _default_graphs.pop(self._pushed)
            raise
        self._scope = scope
        self._inside = True
        return entered

    def __exit__(self, exc_type: Optional[Type[BaseException]],
                 exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> bool:
        if getattr(self, "_inside", None) is False:
            return False  # closed already (entered again meanwhile): as TF
        return self._leave(exc_type, exc, tb)

    def _leave(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        self._inside = False
        try:
            left: bool = self._scope.__exit__(exc_type, exc, tb)
            return left
        finally:
            if self._pushed is not None:
                _default_graphs.pop(self._pushed)
