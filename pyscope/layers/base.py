"""The legacy ``Layer`` base of ``tf.compat.v1.layers``, named exactly as TF's.

As tf-keras 2.21's ``legacy_tf_layers/base.py`` (over ``engine/base_layer_v1``):

* ``layer.name`` comes from per-graph, per-class counters (``dense_1``,
  ``dense_2``) consumed at construction; it is not the variable scope.
* The variable scope is fixed at the first call (or first ``add_weight``):
  ``_scope`` (what the functional forms pass) is entered at construction;
  otherwise ``variable_scope(scope, default_name=<snake_case class>)`` then,
  or ``variable_scope(scope or base_name)`` with ``_reuse``.
* Every call re-enters that scope (``reuse=True`` once built) and its first
  name scope, absolutely: all ops of all calls go to ``dense/``.
* ``add_weight`` goes through ``get_variable`` with TF's keyword arguments, so
  scope partitioners, custom getters, creators and dtypes apply.

Calls on a `TensorSpec` name the ops and return the output's spec; calls on
arrays name the ops, then compute with the math registered for the input
type (``numerics.math_for``).  ``call`` itself touches no scope.
"""
import contextlib
import re
import threading
import weakref
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from pyscope import graph as _graph
from pyscope.variable_scope import VariableScope, get_variable, variable_scope
from pyscope.dtypes import DType, as_dtype
from pyscope.initializers import glorot_uniform_initializer, zeros_initializer
from pyscope.tensor_spec import Shape, TensorSpec, as_shape
from pyscope.variables import (
    PartitionedVariable, VariableAggregation, VariableSynchronization)

# graph -> {(namespace, base name): last number}: TF's PER_GRAPH_OBJECT_NAME_UIDS
_NAME_UIDS: "weakref.WeakKeyDictionary[Any, Dict[Tuple[str, str], int]]" = (
    weakref.WeakKeyDictionary())

# the keyword arguments Keras' base layer accepts besides its own
_ALLOWED_KWARGS = frozenset((
    "input_dim", "input_shape", "batch_input_shape", "batch_size", "weights",
    "activity_regularizer", "autocast", "implementation"))


def to_snake_case(name: str) -> str:
    """TF's class-name to layer-name rule: ``Conv2DTranspose`` -> ``conv2d_transpose``."""
    intermediate = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


def unique_object_name(name: str, namespace: str = "", zero_based: bool = False) -> str:
    """``name_N`` from the default graph's counter for ``name`` (TF's
    ``backend.unique_object_name``): ``dense_1``, ``dense_2`` ..."""
    uids = _NAME_UIDS.setdefault(_graph.get_default_graph(), {})
    key = (namespace, name)
    number = uids.get(key, 0)
    uids[key] = number + 1
    if zero_based:
        return name + "_" + str(number) if number else name
    return name + "_" + str(number + 1)


def activation_op_names(activation: Any) -> List[str]:
    """TF's op for an activation: ``["Relu"]`` for ``pyscope.nn.relu``; a
    callable that is not a ``pyscope.nn`` activation names nothing."""
    op_name = getattr(activation, "op_name", None)
    return [op_name] if op_name else []


def _parts(variable: Any) -> List[Any]:
    if isinstance(variable, PartitionedVariable):
        return list(variable)
    return [variable]


def _is_floating(dtype: np.dtype) -> bool:
    return bool(np.issubdtype(dtype, np.floating))


class Layer:
    """Base layer class (``tf.compat.v1.layers.Layer``).

    It is considered legacy, as in TF, and is here to name TF1 models: a
    layer's variables are created through ``get_variable`` in the layer's
    variable scope, which is fixed at its first call.

    Arguments:
      trainable: Boolean, whether the layer's variables should be trainable.
      name: String name of the layer (or a ``VariableScope``).
      dtype: Default dtype of the layer's weights (default of ``None`` means
        use the type of the first input).

    Read-only properties:
      name: The name of the layer (string).
      dtype: Default dtype of the layer's weights.
      trainable_weights, non_trainable_weights, weights (trainable then
      non-trainable), variables.
    """

    def __init__(self, trainable: bool = True, name: Any = None, dtype: Any = None,
                 **kwargs: Any) -> None:
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        for kwarg in kwargs:
            if kwarg not in _ALLOWED_KWARGS:
                raise TypeError("Keyword argument not understood:", kwarg)
        self.activity_regularizer = kwargs.get("activity_regularizer")
        self._trainable = bool(trainable)
        self._dtype: Optional[DType] = None if dtype is None else as_dtype(dtype)
        self._trainable_weights: List[Any] = []
        self._non_trainable_weights: List[Any] = []
        self._losses: List[Any] = []
        self._updates: List[Any] = []
        self.built = False
        self._init_set_name(name)
        self._scope: Optional[VariableScope] = None
        self._current_scope: Optional[VariableScope] = None
        if scope:
            with variable_scope(scope) as captured_scope:
                self._scope = captured_scope

    # -- names ---------------------------------------------------------------
    def _init_set_name(self, name: Any) -> None:
        if isinstance(name, VariableScope):
            base_name = name.name
            self._name = self._make_unique_name()[0]
        else:
            base_name = name
            self._name = name
        if not name:
            self._name, base_name = self._make_unique_name()
        self._base_name: str = base_name

    def _make_unique_name(self) -> Tuple[str, str]:
        base_name = to_snake_case(type(self).__name__)
        return unique_object_name(base_name), base_name

    @property
    def name(self) -> str:
        """The layer's name: ``dense_1`` from the counters, or the given name."""
        return self._name

    @property
    def scope_name(self) -> str:
        """The name of the layer's variable scope, fixed at its first call."""
        if not self._scope:
            raise ValueError(
                'No name available for layer scope because the layer "' + self._name
                + '" has not been used yet. The scope name  is determined the first '
                "time the layer instance is called. You must therefore call the "
                "layer before querying `scope_name`.")
        return str(self._scope.name)

    @property
    def dtype(self) -> Optional[DType]:
        """The dtype of the layer's weights; the first input's until given."""
        return self._dtype

    @property
    def trainable(self) -> bool:
        """Whether the layer's variables are trainable."""
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)

    # -- weights ---------------------------------------------------------------
    def _sublayers(self) -> List["Layer"]:
        """The layers this one tracks (a MultiRNNCell's cells)."""
        return []

    def _gathered(self, attribute: str) -> List[Any]:
        found = list(getattr(self, attribute))
        for layer in self._sublayers():
            found.extend(getattr(layer, attribute))
        unique: List[Any] = []
        for v in found:
            if all(v is not u for u in unique):
                unique.append(v)
        return unique

    @property
    def trainable_weights(self) -> List[Any]:
        """The variables (parts of partitioned ones) that are trained."""
        return self._gathered("_trainable_weights") if self._trainable else []

    @property
    def non_trainable_weights(self) -> List[Any]:
        """The variables (parts) that are not trained."""
        if self._trainable:
            return self._gathered("_non_trainable_weights")
        return self._gathered("_trainable_weights") + self._gathered("_non_trainable_weights")

    @property
    def weights(self) -> List[Any]:
        """Trainable weights, then non-trainable weights."""
        return self.trainable_weights + self.non_trainable_weights

    @property
    def variables(self) -> List[Any]:
        """The same as ``weights``."""
        return self.weights

    @property
    def trainable_variables(self) -> List[Any]:
        """The same as ``trainable_weights``."""
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> List[Any]:
        """The same as ``non_trainable_weights``."""
        return self.non_trainable_weights

    @property
    def losses(self) -> List[Any]:
        """The losses the layer added (its weight regularizers')."""
        return list(self._losses)

    @property
    def updates(self) -> List[Any]:
        """The update ops the layer made (names of its moving-average updates)."""
        return list(self._updates)

    # -- scopes ------------------------------------------------------------------
    def _set_scope(self, scope: Any = None) -> None:
        if self._scope is None:
            if self._reuse:
                with variable_scope(
                        scope if scope is not None else self._base_name) as captured:
                    self._scope = captured
            else:
                with variable_scope(scope, default_name=self._base_name) as captured:
                    self._scope = captured

    def add_weight(self, name: str, shape: Sequence[Optional[int]], dtype: Any = None,
                   initializer: Any = None, regularizer: Any = None,
                   trainable: Optional[bool] = None, constraint: Any = None,
                   use_resource: Optional[bool] = None,
                   synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                   aggregation: VariableAggregation = VariableAggregation.NONE,
                   partitioner: Any = None, **kwargs: Any) -> Any:
        """Adds a new variable to the layer, or gets an existing one; returns it.

        The variable is ``get_variable(name, ...)`` in the layer's scope (reused
        once the layer is built), so the scope's partitioner, custom getter,
        initializer, dtype and reuse apply, and creators see TF's arguments.

        Raises:
          ValueError: When trainable has been set to True with synchronization
            set as ``ON_READ``.
        """
        for kwarg in kwargs:
            if kwarg != "experimental_autocast":
                raise TypeError("Unknown keyword argument:", kwarg)
        if synchronization == VariableSynchronization.ON_READ:
            if trainable:
                raise ValueError(
                    "Synchronization value can be set to VariableSynchronization.ON_READ "
                    "only for non-trainable variables. You have specified trainable=True "
                    "and synchronization=VariableSynchronization.ON_READ.")
            trainable = False
        elif trainable is None:
            trainable = True
        dtype = as_dtype(dtype if dtype is not None else (self._dtype or np.float32))
        graph = _graph.get_default_graph()
        # variables listed before this call existed already (TF's test)
        known = len(graph.get_collection_ref(_graph.GraphKeys.GLOBAL_VARIABLES))
        self._set_scope(None)
        reuse = self.built or self._reuse
        with variable_scope(self._scope, reuse=reuse,
                               auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with graph.name_scope(scope.original_name_scope):
                use_resource = use_resource or scope.use_resource
                if initializer is None:
                    initializer = scope.initializer
                if initializer is None:
                    initializer = self._default_initializer(name, dtype)
                variable = get_variable(
                    name, shape=shape, dtype=dtype, initializer=initializer,
                    trainable=trainable and self.trainable, constraint=constraint,
                    partitioner=partitioner, use_resource=use_resource,
                    collections=None, synchronization=synchronization,
                    aggregation=aggregation, caching_device=None)
                parts = _parts(variable)
                if regularizer and not self._existed(graph, parts, known):
                    self._add_regularizer_losses(graph, name, parts, regularizer)
                self._track(graph, variable, trainable and self.trainable)
        return variable

    @staticmethod
    def _existed(graph: Any, parts: List[Any], known: int) -> bool:
        before = graph.get_collection_ref(_graph.GraphKeys.GLOBAL_VARIABLES)[:known]
        return any(p is v for p in parts for v in before)

    def _default_initializer(self, name: str, dtype: np.dtype) -> Any:
        if _is_floating(dtype):
            return glorot_uniform_initializer()
        if np.issubdtype(dtype, np.integer) or dtype == np.bool_:
            return zeros_initializer()
        raise ValueError("An initializer for variable %s of type %s is required for "
                         "layer %s" % (name, dtype.name, self.name))

    def _add_regularizer_losses(self, graph: Any, name: str, parts: List[Any],
                                regularizer: Any) -> None:
        # one loss per part, each in "<layer ops>/<name>/Regularizer" (uniquified)
        for part in parts:
            with graph.name_scope(name + "/Regularizer"):
                loss = regularizer(part)
            if loss is not None:
                self._losses.append(loss)
                graph.add_to_collection(_graph.GraphKeys.REGULARIZATION_LOSSES, loss)

    def _track(self, graph: Any, variable: Any, trainable: bool) -> None:
        parts = _parts(variable)
        # TF moves them to non-trainable when the returned object is not in the
        # trainable collection: a getter made it so, or it is partitioned (only
        # its parts are in the collection).  Newest first: it was just added.
        collection = graph.get_collection_ref(_graph.GraphKeys.TRAINABLE_VARIABLES)
        if trainable and any(v is variable for v in reversed(collection)):
            self._trainable_weights.extend(parts)
        else:
            self._non_trainable_weights.extend(parts)

    # -- building and calling ---------------------------------------------------
    def build(self, input_shape: Any) -> None:
        """Creates the layer's variables (once, at the first call)."""
        self.built = True

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        """The layer's computation on arrays; it touches no scope."""
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        """The shape of the output for an input of shape ``input_shape``."""
        return input_shape

    def _op_names(self, input_shape: Any, **kwargs: Any) -> List[str]:
        """TF's main ops of one call, relative to the layer's name scope; the
        last one is the output's (``["MatMul", "BiasAdd"]``)."""
        return []

    def _ops_named(self, paths: List[str], names: List[Any]) -> Optional[str]:
        """Told the names the ops of ``_op_names`` got; returns the output's."""
        return names[-1] if names else None

    def _output_dtype(self, inputs: Any) -> DType:
        return self._dtype if self._dtype is not None else as_dtype(inputs.dtype)

    def apply(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        """The same as ``layer(inputs, ...)``."""
        return self(inputs, *args, **kwargs)

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        """Wraps ``call``: fixes the scope, builds once, names the ops.

        Note: kwarg ``scope`` is reserved for use by the layer; it matters
        only at the first call.
        """
        scope = kwargs.pop("scope", None)
        self._set_scope(scope)
        graph = _graph.get_default_graph()
        reuse = True if self.built else self._reuse
        with variable_scope(self._scope, reuse=reuse,
                               auxiliary_name_scope=False) as current:
            self._current_scope = current
            with graph.name_scope(current.original_name_scope):
                input_shape = as_shape(getattr(inputs, "shape", None))
                if not self.built:
                    self._maybe_build(inputs, input_shape)
                paths = self._op_names(input_shape, **kwargs)
                self._call_op_names: List[Optional[str]] = list(_register_ops(graph, paths))
                output_name = self._ops_named(paths, self._call_op_names)
                if isinstance(inputs, TensorSpec):
                    return self._spec_outputs(inputs, output_name, *args, **kwargs)
                if self._names_in_spec_call:  # sublayers are named there
                    self._spec_outputs(spec_of(inputs), output_name,
                                       *[map_structure(spec_of, a) for a in args], **kwargs)
                return self.call(inputs, *args, **kwargs)

    # a layer whose naming calls other layers (MultiRNNCell) names them in
    # _spec_outputs, also before computing on arrays
    _names_in_spec_call = False

    def _spec_outputs(self, inputs: TensorSpec, output_name: Optional[str],
                      *args: Any, **kwargs: Any) -> Any:
        """The output's spec for a spec input (named after the output op)."""
        return TensorSpec(self.compute_output_shape(inputs.shape),
                          self._output_dtype(inputs), name=output_name)

    def _maybe_build(self, inputs: Any, input_shape: Shape) -> None:
        if self._dtype is None and getattr(inputs, "dtype", None) is not None:
            self._dtype = as_dtype(inputs.dtype)
        self.build(input_shape)
        self.built = True


def functional_form(layer_class: type, inputs: Any, name: Optional[str], reuse: Any,
                    **kwargs: Any) -> Any:
    """``layer_class(**kwargs)`` applied to ``inputs``, as TF's functional
    forms build it: the name is also the scope, entered at once."""
    layer = layer_class(name=name, _scope=name, _reuse=reuse, **kwargs)
    return layer(inputs)


_UNNAMED = threading.local()


@contextlib.contextmanager
def ops_in_function_graph() -> Iterator[None]:
    """Ops made inside are not named in the graph: TF builds them in a
    function graph (the body of ``dynamic_rnn``'s while loop)."""
    previous = getattr(_UNNAMED, "active", False)
    _UNNAMED.active = True
    try:
        yield
    finally:
        _UNNAMED.active = previous


def spec_of(x: Any) -> Any:
    """A ``TensorSpec`` of an array-like (a spec as it is)."""
    if isinstance(x, TensorSpec) or not hasattr(x, "shape"):
        return x
    return TensorSpec(as_shape(x.shape), getattr(x, "dtype", np.float32))


def map_structure(f: Any, structure: Any) -> Any:
    """``f`` on every leaf of nested tuples/lists (namedtuples kept)."""
    if isinstance(structure, tuple) and hasattr(structure, "_fields"):
        return type(structure)(*[map_structure(f, s) for s in structure])
    if isinstance(structure, (tuple, list)):
        return type(structure)(map_structure(f, s) for s in structure)
    return f(structure)


def flatten(structure: Any) -> List[Any]:
    """The leaves of nested tuples/lists, in order."""
    if isinstance(structure, (tuple, list)):
        return [leaf for s in structure for leaf in flatten(s)]
    return [structure]


def _register_ops(graph: Any, paths: Sequence[str]) -> List[Any]:
    """Names one call's ops as TF does, in the current (layer) name scope;
    returns their names.

    A path ``Conv1D/ExpandDims`` opens the name scope ``Conv1D`` once per
    call (later paths under ``Conv1D`` go into that same scope) and names the
    op inside it, uniquified; a scope written ``AssignMovingAvg*`` is opened
    anew each time (``AssignMovingAvg``, ``AssignMovingAvg_1``); a path naming
    an opened scope names the op as the scope (TF's ``with name_scope(n) as
    scope: op(name=scope)``)."""
    if getattr(_UNNAMED, "active", False):
        return [None] * len(paths)
    base = graph.get_name_scope()
    opened: Dict[str, str] = {}
    names: List[Any] = []
    for fresh, path in enumerate(paths):
        parts = path.split("/")
        scope = base
        for depth, part in enumerate(parts[:-1], 1):
            key = "/".join(parts[:depth]) + (str(fresh) if part.endswith("*") else "")
            if key not in opened:
                with graph.name_scope(scope + "/" if scope else None):
                    with graph.name_scope(part.rstrip("*")) as entered:
                        opened[key] = entered[:-1]
            scope = opened[key]
        with graph.name_scope(scope + "/" if scope else None):
            names.append(str(graph.create_op_name(
                opened[path] + "/" if path in opened else parts[-1])))
    return names
