"""Graph: one naming universe, and the per-thread default-graph stack.

The hot methods (unique_name, name_scope, get_name_scope, create_op_name) are
the core's own, bound onto each Graph at construction so a call costs one C
call; the rest (collections, defaults) is plain Python as in TF."""
from __future__ import annotations

import re
import threading
from types import TracebackType
from typing import (TYPE_CHECKING, Any, Callable, Dict, Iterable, List,
                    Literal, Optional, Type, Union)

from pyscope import _backend


class GraphKeys:
    """Standard collection names, as TF's tf.compat.v1.GraphKeys."""
    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    TRAIN_OP = "train_op"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"
    _SUMMARY_COLLECTION = "_SUMMARY_V2"
    _VARIABLE_COLLECTIONS = [
        GLOBAL_VARIABLES, LOCAL_VARIABLES, METRIC_VARIABLES, MODEL_VARIABLES,
        TRAINABLE_VARIABLES, MOVING_AVERAGE_VARIABLES, CONCATENATED_VARIABLES,
        TRAINABLE_RESOURCE_VARIABLES,
    ]
    _STREAMING_MODEL_PORTS = "streaming_model_ports"
    VARIABLES = GLOBAL_VARIABLES


class Graph:
    """A TensorFlow computation, as far as names go: an independent naming
    universe with its used-names table, op names, collections and variable
    store, plus per-thread name-scope stacks and variable-scope state.

    A default `Graph` is always registered, and accessible by calling
    `get_default_graph`.  To add names to another graph, make it the
    default with `as_default`:

    ```python
    g = ps.Graph()
    with g.as_default():
      with ps.variable_scope("layer"):
        v = ps.get_variable("w", [1])
    assert v.graph is g
    ```

    Its `unique_name(name, mark_as_used=True)`, `name_scope(name)`,
    `get_name_scope()` and `create_op_name(name=None)` work as TF's
    methods of those names.
    """

    unique_name: Callable[..., str]
    name_scope: Callable[[Optional[str]], Any]
    get_name_scope: Callable[[], str]
    create_op_name: Callable[..., str]

    # _core in a slot: the C fast paths read it on every scope entry, and a
    # slot is read without a dict lookup
    __slots__ = ("_core", "__dict__", "__weakref__")

    def __init__(self) -> None:
        core = _backend.current.GraphCore()
        self._core = core
        self.unique_name = core.unique_name
        self.name_scope = core.name_scope
        self.get_name_scope = core.get_name_scope
        self.create_op_name = core.create_op_name
        self._collections: Dict[Any, List[Any]] = {}
        self._lock = threading.RLock()
        self._local = threading.local()  # per-thread state of upper layers
        self.seed = None
        self._last_op_seed = 0

    @property
    def backend(self) -> str:
        """'c' or 'python': which core this graph runs on."""
        return _backend_name(self._core)

    @property
    def _name_stack(self) -> str:
        return self._core._name_stack  # type: ignore[no-any-return]

    @_name_stack.setter
    def _name_stack(self, value: str) -> None:
        self._core._name_stack = value

    def _next_op_seed(self) -> int:
        """A fresh per-graph number for ops that draw random values: 0, 1,
        2, ... as TF's per-graph op counter."""
        with self._lock:
            seed = self._last_op_seed
            self._last_op_seed += 1
            return seed

    def as_default(self) -> _DefaultGraphController:
        """Returns a context manager that makes this `Graph` the default
        graph.

        Use this method with the `with` keyword to specify that ops created
        within the scope of a block should be added to this graph.  The
        default graph is a property of the current thread."""
        return _DefaultGraphController(self)

    # -- collections ------------------------------------------------------
    @property
    def collections(self) -> List[Any]:
        """Returns the names of the collections known to this graph."""
        return list(self._collections)

    def add_to_collection(self, name: Any, value: Any) -> None:
        """Stores `value` in the collection with the given `name`.

        Note that collections are not sets, so it is possible to add a value
        to a collection several times."""
        with self._lock:
            self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names: Union[str, Iterable[Any]],
                           value: Any) -> None:
        """Stores `value` in the collections given by `names` (a name, or
        an iterable of names; each collection gets it once)."""
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name: Any) -> List[Any]:
        """Returns a list of values in the collection with the given `name`.

        If the collection exists, this returns the list itself, which can
        be modified in place to change the collection.  If the collection
        does not exist, it is created as an empty list and the list is
        returned."""
        with self._lock:
            return self._collections.setdefault(name, [])

    def get_collection(self, name: Any, scope: Optional[str] = None) -> List[Any]:
        """Returns a list of values in the collection with the given `name`.

        This is different from `get_collection_ref()` which always returns
        the actual collection list if it exists in that it returns a new
        list each time it is called.  With `scope`, the result is filtered
        to include only items whose `name` attribute matches `scope` using
        `re.match`; items without a `name` attribute are never returned."""
        with self._lock:
            collection = self._collections.get(name)
            if collection is None:
                return []
            if scope is None:
                return list(collection)
            try:
                regex = re.compile(scope)
            except TypeError:
                raise TypeError(
                    f"get_collection: scope must be a str (a regular "
                    f"expression matched against item names) or None, got "
                    f"{scope!r}") from None
            except re.error as exc:
                raise re.error(
                    f"get_collection: scope {scope!r} is not a valid regular "
                    f"expression: {exc}") from None
            matched = []
            for item in collection:
                try:
                    if regex.match(item.name):
                        matched.append(item)
                except AttributeError:
                    pass
            return matched

    def get_all_collection_keys(self) -> List[str]:
        """Returns a list of collections used in this graph."""
        with self._lock:
            return [k for k in self._collections if isinstance(k, str)]

    def clear_collection(self, name: Any) -> None:
        """Clears all values in a collection."""
        with self._lock:
            if name in self._collections:  # hashes `name`, as TF
                del self._collections[name]

    def __repr__(self) -> str:
        return f"<pyscope.Graph at {id(self):#x} backend={self.backend!r}>"


def _backend_name(core: Any) -> str:
    return type(core).__module__.rsplit(".", 1)[-1] == "_core" and "c" or "python"


class _DefaultGraphController:
    __slots__ = ("_graph",)

    def __init__(self, graph: Graph) -> None:
        self._graph = graph

    def __enter__(self) -> Graph:
        _default_graphs.push(self._graph)
        return self._graph

    def __exit__(self, exc_type: Optional[Type[BaseException]],
                 exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> Literal[False]:
        _default_graphs.pop(self._graph)
        return False


# The default-graph stack and v1 name_scope are process infrastructure, not
# per-graph tables: the C versions serve graphs of either backend (the twin's
# are used only without the extension; tests/test_infrastructure.py runs
# both).
def graph_from_values(values: Iterable[Any]) -> Graph:
    """TF's _get_graph_from_inputs: the graph of the `values` that have one
    (variables), else the default graph; values from two graphs are an
    error."""
    try:
        items = tuple(values)
    except TypeError:
        raise TypeError(
            f"'{type(values).__name__}' object is not iterable: values must be "
            f"a list of the scope's input variables, got {values!r}") from None
    found = None
    for item in items:
        graph = getattr(item, "graph", None)
        if graph is None and hasattr(item, "get_variable_list"):
            parts = item.get_variable_list()
            graph = getattr(parts[0], "graph", None) if parts else None
        if not isinstance(graph, Graph):
            continue
        if found is None:
            found = graph
        elif graph is not found:
            raise ValueError(
                f"{item!r} must be from the same graph as {items[0]!r}: the "
                f"values of a scope must all be in one graph")
    return found if found is not None else get_default_graph()


_infra = _backend.infrastructure()
_default_graphs = _infra.DefaultGraphs(Graph)
_infra.use_default_graphs(_default_graphs, graph_from_values)

#: Returns the default graph for the current thread (the innermost one
#: entered with `Graph.as_default()`, else the thread's global default).
get_default_graph: Callable[[], Graph] = _default_graphs.get_default


def reset_default_graph() -> None:
    """Clears the default graph stack and resets the global default graph.

    NOTE: The default graph is a property of the current thread.  This
    function applies only to the current thread.  Calling this function
    while a `Graph.as_default()` context is active raises AssertionError,
    as TF's."""
    if not _default_graphs.is_cleared():
        raise AssertionError(
            "Do not use reset_default_graph() to clear nested graphs. If you "
            "need a cleared graph, exit the nesting and create a new graph.")
    _default_graphs.reset()


# -- module-level shortcuts on the default graph --------------------------
def unique_name(name: str, mark_as_used: bool = True) -> str:
    """Return a unique operation name for `name` in the default graph.

    Names are made unique under the current name scope by appending `_N`;
    with `mark_as_used` False the name is returned without being taken."""
    return get_default_graph().unique_name(name, mark_as_used=mark_as_used)


def create_op_name(name: Optional[str] = None) -> str:
    """Reserves and returns the name an op called `name` ("NoOp" when
    None) would get in the default graph's current name scope."""
    return get_default_graph().create_op_name(name)


def get_name_scope() -> str:
    """Returns the current name scope of the default graph ('' at the
    root)."""
    return get_default_graph().get_name_scope()


def add_to_collection(name: Any, value: Any) -> None:
    """Wrapper for `Graph.add_to_collection()` using the default graph."""
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names: Union[str, Iterable[Any]], value: Any) -> None:
    """Wrapper for `Graph.add_to_collections()` using the default graph."""
    get_default_graph().add_to_collections(names, value)


def get_collection_ref(key: Any) -> List[Any]:
    """Wrapper for `Graph.get_collection_ref()` using the default graph."""
    return get_default_graph().get_collection_ref(key)


def get_collection(key: Any, scope: Optional[str] = None) -> List[Any]:
    """Wrapper for `Graph.get_collection()` using the default graph."""
    return get_default_graph().get_collection(key, scope)


def get_all_collection_keys() -> List[str]:
    """Returns a list of collections used in the default graph."""
    return get_default_graph().get_all_collection_keys()


def clear_collection(name: Any) -> None:
    """Wrapper for `Graph.clear_collection()` using the default graph."""
    get_default_graph().clear_collection(name)


#: ``tf.compat.v1.name_scope(name, default_name=None, values=None)`` on the
#: default graph (the core's class; both cores' are typed alike).
if TYPE_CHECKING:
    from pyscope import _pure
    name_scope = _pure.NameScopeV1
else:
    name_scope = _infra.NameScopeV1
