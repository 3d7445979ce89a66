"""Variables and how they are made: `Variable`, `PartitionedVariable`, the
variable-creator chain (`variable_creator_scope`) and the default creator.

The default creator names a variable as TF's ResourceVariable does: under the
current name scope it opens ``name_scope(name)``, so the op is
``unique_name(name)`` (``"v_1"`` when ``"v"`` is taken) while the variable
store keeps the name it was asked for; it then reserves the names of the ops
TF builds for it (``v/Initializer/...``, ``v/IsInitialized/...``,
``v/Assign``, ``v/Read/...``), so later names collide as they do in TF.
"""
import enum
import functools
import inspect
import math
from typing import TYPE_CHECKING, Any, Callable, Dict, Literal, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from pyscope import dtypes as _dtypes
from pyscope import graph as _graph
from pyscope import tensor_shape as _tensor_shape
from pyscope._shapes import _shape_str
from pyscope.graph import GraphKeys
from pyscope.tensor_shape import TensorShape

__all__ = [
    "Variable", "PartitionedVariable", "VariableSynchronization",
    "VariableAggregation", "variable_creator_scope", "global_variables",
    "trainable_variables", "local_variables", "model_variables",
    "moving_average_variables",
]


class VariableSynchronization(enum.Enum):
    """When a distributed variable is synchronised (stored, not acted on)."""
    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


class VariableAggregation(enum.Enum):
    """How a distributed variable's updates combine (stored, not acted on)."""
    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3  # TF's deprecated alias

    def __hash__(self) -> int:
        return hash(self.value)


def validate_synchronization_aggregation_trainable(
        synchronization: Any, aggregation: Any, trainable: Optional[bool],
        name: Any) -> Tuple["VariableSynchronization", "VariableAggregation", bool]:
    """TF's defaults and checks: enum values (ValueError otherwise) and
    `trainable` defaulting to False only for ON_READ variables."""
    if aggregation is None:
        aggregation = VariableAggregation.NONE
    elif not isinstance(aggregation, VariableAggregation):
        try:
            aggregation = VariableAggregation(aggregation)
        except ValueError:
            raise ValueError(
                "Invalid variable aggregation mode: {} for variable: {}".format(
                    aggregation, name)) from None
    if synchronization is None:
        synchronization = VariableSynchronization.AUTO
    elif type(synchronization) is not VariableSynchronization:
        try:
            synchronization = VariableSynchronization(synchronization)
        except ValueError:
            raise ValueError(
                "Invalid variable synchronization mode: {} for variable: {}".format(
                    synchronization, name)) from None
    if trainable is None:
        trainable = synchronization != VariableSynchronization.ON_READ
    return synchronization, aggregation, trainable


# ---------------------------------------------------------------------------
# The objects

class Operation:
    """The op behind a variable, as far as TF1 code reads it: `name`, `type`,
    `graph`, `device` (pyscope has no ops: nothing runs)."""

    __slots__ = ("_name", "_type", "_graph")

    def __init__(self, name: str, type: str, graph: Any) -> None:  # noqa: A002 - TF's name
        self._name, self._type, self._graph = name, type, graph

    @property
    def name(self) -> str:
        """The full name of this operation (``"foo/v"``)."""
        return self._name

    @property
    def type(self) -> str:
        """The type of the op (e.g. ``"VarHandleOp"``)."""
        return self._type

    @property
    def graph(self) -> Any:
        """The `Graph` that contains this operation."""
        return self._graph

    @property
    def device(self) -> str:
        """The name of the device to which this op has been assigned ("")."""
        return ""

    def __repr__(self) -> str:
        return "<pyscope.Operation %r type=%s>" % (self._name, self._type)


class Variable:
    """See the [variable guide](https://tensorflow.org/guide/variable).

    A variable maintains shared, persistent state manipulated by a program.
    ``Variable(initial_value, ...)`` is TF1's ``tf.compat.v1.Variable``: it
    creates a new variable named from the current *name* scope
    (``"Variable"``, ``"Variable_1"``, ``"foo/Variable"``; a given `name` is
    made unique the same way), adds it to the collections (`GLOBAL_VARIABLES`,
    and `TRAINABLE_VARIABLES` if `trainable`, unless `collections` is given),
    and does not put it in the variable store: `get_variable` never returns
    it.  The creator chain (`variable_creator_scope`) sees the call with TF's
    keyword arguments and may return another object.

    Example::

        w = ps.Variable(np.zeros((2, 3), np.float32), name="w")
        w.name, w.shape, w.dtype          # 'w:0', TensorShape([2, 3]), tf.float32
        w.assign(np.ones((2, 3)))

    The value is a NumPy array: `numpy()`, `value()` and `read_value()` give
    a copy, `assign` sets it.  `name` is the op name with ``:0``, `shape` a
    `TensorShape` (a tuple of ints), `dtype` a `DType` (equal to NumPy's).

    Args:
      initial_value: A value (anything `tf.constant` takes), or a callable
        that takes no argument and returns one.  Required.
      trainable: If True (the default, unless `synchronization` is
        ON_READ), also adds the variable to `TRAINABLE_VARIABLES`.
      collections: List of graph collections keys.  The new variable is added
        to these collections.  Defaults to ``[GraphKeys.GLOBAL_VARIABLES]``.
      validate_shape: Stored (TF checks the shape of a Tensor initial value).
      caching_device: A device string or function: validated and stored.
      name: Optional name for the variable.  Defaults to ``'Variable'`` and
        gets uniquified automatically.
      variable_def: TF's VariableDef protocol buffer: pyscope cannot import
        graphs (NotImplementedError), and with `initial_value` ValueError.
      dtype: If set, initial_value will be converted to the given type.
      expected_shape: Ignored (deprecated in TF).
      import_scope: Ignored (only used with `variable_def`).
      constraint: An optional projection function (stored).
      use_resource: Stored; pyscope's variables behave as TF's resource
        variables (TF 2.21's default).
      synchronization, aggregation: Validated and stored.
      shape: The variable's shape; the initial value's must be compatible
        with it (ValueError).

    Raises:
      ValueError: If `initial_value` is not given, or `collections` is not a
        list, tuple or set, or `constraint` is not callable, or the shapes
        conflict.
      TypeError: If the initial value does not convert to `dtype`.
    """

    __slots__ = ("_op_name", "_name", "_value", "_trainable",
                 "_constraint", "_caching_device", "_graph", "_synchronization",
                 "_aggregation", "_validate_shape", "_use_resource",
                 "_shape", "_initial_value", "__weakref__")

    _op_name: str
    _name: str
    _value: np.ndarray
    _initial_value: np.ndarray
    _trainable: bool
    _constraint: Any
    _caching_device: Any
    _graph: Any
    _synchronization: "VariableSynchronization"
    _aggregation: "VariableAggregation"
    _validate_shape: bool
    _use_resource: Any
    _shape: Optional[TensorShape]

    def __new__(cls, initial_value: Any = None, trainable: Optional[bool] = None,
                collections: Optional[Iterable[str]] = None,
                validate_shape: bool = True, caching_device: Any = None,
                name: Optional[str] = None, variable_def: Any = None,
                dtype: Any = None, expected_shape: Any = None,
                import_scope: Optional[str] = None,
                constraint: Optional[Callable[[Any], Any]] = None,
                use_resource: Optional[bool] = None,
                synchronization: "VariableSynchronization" = VariableSynchronization.AUTO,
                aggregation: "VariableAggregation" = VariableAggregation.NONE,
                shape: Any = None) -> "Variable":
        # TF's VariableV1 call: the creator chain decides what is returned
        # (a Variable, unless a variable_creator_scope creator returns another).
        variable: Variable = create_variable(
            _graph.get_default_graph(), initial_value=initial_value,
            trainable=trainable, collections=collections,
            validate_shape=validate_shape, caching_device=caching_device,
            name=name, variable_def=variable_def, dtype=dtype,
            expected_shape=expected_shape, import_scope=import_scope,
            constraint=constraint, use_resource=use_resource,
            synchronization=synchronization, aggregation=aggregation,
            shape=shape, experimental_enable_variable_lifting=None)
        return variable

    if not TYPE_CHECKING:  # type checkers take the parameters from __new__
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            """Creates a new variable with value `initial_value` (see the class
            docstring).  The work is done by `__new__`, through the creator
            chain, so that a creator may return another object, as TF's."""

    @classmethod
    def _create(cls, op_name: str, name: str, value: np.ndarray, trainable: bool,
                constraint: Any, caching_device: Any, graph: Any,
                synchronization: Any, aggregation: Any, validate_shape: bool,
                use_resource: Any) -> "Variable":
        """The store's factory: a variable of these fields, no checks."""
        self = object.__new__(cls)
        self._op_name = op_name
        self._name = name
        self._value = self._initial_value = value
        self._trainable = trainable
        self._constraint = constraint
        self._caching_device = caching_device
        self._graph = graph
        self._synchronization = synchronization
        self._aggregation = aggregation
        self._validate_shape = validate_shape
        self._use_resource = use_resource
        self._shape = None
        return self

    @property
    def name(self) -> str:
        """The name of this variable (``"foo/v:0"``)."""
        return self._name

    @property
    def op_name(self) -> str:
        """The name of its op (``"foo/v"``)."""
        return self._op_name

    @property
    def op(self) -> Operation:
        """The `Operation` of this variable (its `name` is `op_name`)."""
        return Operation(self._op_name, "VarHandleOp", self._graph)

    @property
    def initializer(self) -> Operation:
        """The initializer operation for this variable (``"v/Assign"``)."""
        return Operation(self._op_name + "/Assign", "AssignVariableOp", self._graph)

    @property
    def initial_value(self) -> np.ndarray:
        """Returns the initial value of this variable (a copy)."""
        return self._initial_value.copy()

    @property
    def shape(self) -> TensorShape:
        """The `TensorShape` of this variable (equal to the tuple)."""
        shape = self._shape
        if shape is None:
            shape = self._shape = _tensor_shape.from_tuple(self._value.shape)
        return shape

    def get_shape(self) -> TensorShape:
        """Alias of `Variable.shape`."""
        return self.shape

    @property
    def dtype(self) -> "_dtypes.DType":
        """The `DType` of this variable (equal to its NumPy dtype)."""
        np_dtype = self._value.dtype
        found = _dtypes._BY_NP.get(np_dtype)
        return found if found is not None else _dtypes.as_dtype(np_dtype)

    @property
    def device(self) -> str:
        """The device of this variable ("": pyscope places nothing)."""
        return ""

    @property
    def trainable(self) -> bool:
        """Whether the variable was created trainable."""
        return self._trainable

    @property
    def constraint(self) -> Any:
        """The constraint function given at creation, or None."""
        return self._constraint

    @property
    def caching_device(self) -> Any:
        """The caching device given at creation, or None."""
        return self._caching_device

    @property
    def graph(self) -> Any:
        """The `Graph` of this variable."""
        return self._graph

    @property
    def synchronization(self) -> "VariableSynchronization":
        """The `VariableSynchronization` given at creation (AUTO by default)."""
        return self._synchronization

    @property
    def aggregation(self) -> "VariableAggregation":
        """The `VariableAggregation` given at creation (NONE by default)."""
        return self._aggregation

    def numpy(self) -> np.ndarray:
        """The current value (a copy: change it with `assign`)."""
        return self._value.copy()

    def value(self) -> np.ndarray:
        """Returns the last snapshot of this variable (its value, a copy)."""
        return self.numpy()

    def read_value(self) -> np.ndarray:
        """Returns the value of this variable, read in the current context (a copy)."""
        return self.numpy()

    def assign(self, value: Any, use_locking: bool = False, name: Optional[str] = None,
               read_value: bool = True) -> Optional["Variable"]:
        """Assigns a new value to the variable; it must convert to the
        variable's dtype (TypeError) and have its shape (ValueError).

        Args:
          value: The new value for this variable.
          use_locking: If `True`, use locking during the assignment (there is
            nothing to lock in pyscope).
          name: The name of the operation to be created (pyscope creates none).
          read_value: if True, will return something which evaluates to the
            new value of the variable (the variable itself); if False, None.

        Returns:
          The updated variable if `read_value` is true, else None.
        """
        new = _dtypes.convert_to_array(value, dtype=self._value.dtype)
        if new.shape != self._value.shape:
            raise ValueError(
                "Shapes %s and %s are incompatible: cannot assign a value of "
                "shape %s to variable %s of shape %s" % (
                    _shape_str(self._value.shape), _shape_str(new.shape),
                    _shape_str(new.shape), self._name,
                    _shape_str(self._value.shape)))
        self._value = new
        return self if read_value else None

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.array(self._value, dtype=dtype, copy=True)

    def __repr__(self) -> str:
        return "<pyscope.Variable %r shape=%s dtype=%s>" % (
            self._name, _shape_str(self._value.shape), _dtypes.dtype_name(self._value.dtype))


def _init_signature() -> inspect.Signature:
    """`Variable.__init__` shows `__new__`'s parameters (TF's), after `self`."""
    new = inspect.signature(Variable.__new__)
    self = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return new.replace(parameters=[self] + list(new.parameters.values())[1:])


Variable.__init__.__signature__ = _init_signature()  # type: ignore[attr-defined]


class PartitionedVariable:
    """A variable stored as parts sliced along one axis, as TF's: parts named
    ``v/part_0``, ``v/part_1``, ... in offset order; `name` has no ``:0``."""

    __slots__ = ("_name", "_shape", "_dtype", "_variable_list", "_partitions",
                 "_matched_partitioner", "__weakref__")

    def __init__(self, name: str, shape: Any, dtype: Any, variable_list: Sequence[Any],
                 partitions: Sequence[int]) -> None:
        """Creates a new partitioned variable wrapper (TF's arguments).

        Args:
          name: String. Overall name of the variables.
          shape: List of integers.  Overall shape of the variables.
          dtype: Type of the variables.
          variable_list: List of `Variable` that comprise this partitioned
            variable, in slice-offset order (as `get_variable` creates them).
          partitions: List of integers.  Number of partitions for each
            dimension.
        """
        if not variable_list:
            raise ValueError("variable_list may not be empty")
        self._name = name
        self._shape = _tensor_shape.TensorShape(shape)
        self._dtype = dtype
        self._variable_list = list(variable_list)
        self._partitions = partitions
        # get_variable's record: the kind of partitioner whose partitions it
        # last matched (pyscope.partitioners.matched_kind), which reuse then
        # need not call again; None on an object get_variable did not make
        self._matched_partitioner: Any = None

    @property
    def name(self) -> str:
        """The name of the whole variable (no ``:0``: ``"s/v"``)."""
        return self._name

    @property
    def shape(self) -> TensorShape:
        """The full `TensorShape` (all parts together)."""
        return self._shape

    def get_shape(self) -> TensorShape:
        """Alias of `shape`."""
        return self._shape

    @property
    def dtype(self) -> Any:
        """The `DType` of the parts."""
        return self._dtype

    def __iter__(self) -> Iterator[Any]:
        """The parts, in slice-offset order."""
        return iter(self._variable_list)

    def __len__(self) -> int:
        num_partition_axes = len([p for p in self._partitions if p != 1])
        if num_partition_axes > 1:
            raise ValueError("Cannot get a length for %d > 1 partition axes"
                             % num_partition_axes)
        return len(self._variable_list)

    def get_variable_list(self) -> List[Any]:
        """The parts, in slice-offset order."""
        return list(self._variable_list)

    def get_partitions(self) -> Sequence[int]:
        """The number of parts along each axis."""
        return self._partitions

    _get_partitions = get_partitions

    def numpy(self) -> np.ndarray:
        """The parts joined into the full value."""
        parts = [_value_of(v) for v in self._variable_list]
        axis = _slice_axis(self._partitions)
        return np.concatenate(parts, axis=axis)

    def __repr__(self) -> str:
        return "<pyscope.PartitionedVariable %r shape=%s dtype=%s parts=%d>" % (
            self._name, _shape_str(self._shape),
            getattr(self._dtype, "name", self._dtype), len(self._variable_list))


def _value_of(part: Any) -> np.ndarray:
    numpy = getattr(part, "numpy", None)
    return np.asarray(numpy() if callable(numpy) else part)


def _slice_axis(partitions: Sequence[int]) -> int:
    for axis, count in enumerate(partitions):
        if count > 1:
            return axis
    return 0


# ---------------------------------------------------------------------------
# The creator chain

def _creator_stack(graph: Any) -> Tuple[Callable[..., Any], ...]:
    return getattr(graph._local, "creator_stack", ())


class variable_creator_scope:  # noqa: N801 - TF's name
    """TF1's creator hook, on the default graph of this thread: within the
    block, variables are made by ``variable_creator(next_creator, **kwargs)``
    (nested creators run innermost first; each calls `next_creator` to reach
    the next one and finally pyscope's own).  A creator is called once per
    variable (per part of a partitioned one) that is created, never on
    reuse, with TF's keyword arguments: initial_value (a value, or a callable
    with no arguments returning it), name (the full name), trainable,
    collections, validate_shape, caching_device, dtype, shape, constraint,
    use_resource, synchronization, aggregation, variable_def, import_scope,
    expected_shape, experimental_enable_variable_lifting.  Whatever it returns
    is what get_variable stores and shares by that name."""

    __slots__ = ("_creator", "_local", "_old", "_new")

    def __init__(self, variable_creator: Callable[..., Any]) -> None:
        self._creator = variable_creator

    def __enter__(self) -> None:
        self._local = local = _graph.get_default_graph()._local
        self._old = getattr(local, "creator_stack", ())
        self._new = local.creator_stack = self._old + (self._creator,)

    def __exit__(self, *exc: Any) -> Literal[False]:
        if getattr(self._local, "creator_stack", ()) is not self._new:
            raise RuntimeError(
                "Exiting variable_creator_scope without proper nesting: exit "
                "creator scopes in the reverse order of entering them.")
        self._local.creator_stack = self._old
        return False


def _make_getter(creator: Any, previous: Callable[..., Any]) -> Callable[..., Any]:
    if not callable(creator):
        def refuse(**kwargs: Any) -> Any:
            raise TypeError(
                "'%s' object is not callable: variable_creator_scope needs a "
                "creator(next_creator, **kwargs), got %r"
                % (type(creator).__name__, creator))
        return refuse

    def getter(**kwargs: Any) -> Any:
        return creator(previous, **kwargs)
    return getter


def create_variable(graph: Any, **kwargs: Any) -> Any:
    """Runs the creator chain of `graph` (this thread's) ending in the
    default creator, with TF's keyword set, and returns what it returns."""
    chain = _default_creator
    for creator in _creator_stack(graph):
        chain = _make_getter(creator, chain)
    if kwargs.get("aggregation") is None:
        kwargs["aggregation"] = VariableAggregation.NONE
    return chain(**kwargs)


def _default_creator(**kwargs: Any) -> Variable:
    variable_def = kwargs.get("variable_def")
    if variable_def:
        if kwargs.get("initial_value") is not None:
            raise ValueError(
                f"The variable_def and initial_value args to `tf.Variable` are "
                f"mutually exclusive, but got both: variable_def={variable_def},"
                f"initial_value={kwargs.get('initial_value')}")
        raise NotImplementedError(
            "pyscope cannot make a variable from a `variable_def` (it has no "
            "graph protos): pass `initial_value` instead.")
    return _create_resource_variable(
        initial_value=kwargs.get("initial_value"),
        trainable=kwargs.get("trainable"),
        collections=kwargs.get("collections"),
        validate_shape=kwargs.get("validate_shape", True),
        caching_device=kwargs.get("caching_device"),
        name=kwargs.get("name"),
        dtype=kwargs.get("dtype"),
        constraint=kwargs.get("constraint"),
        use_resource=kwargs.get("use_resource"),
        synchronization=kwargs.get("synchronization"),
        aggregation=kwargs.get("aggregation"),
        shape=kwargs.get("shape"))


class _GraphValue(np.ndarray):
    """Marks a value TF would already hold as a tensor (a slice of a
    partitioned value initializer): the creator makes no ``initial_value``
    op for it."""


def graph_value(array: Any) -> np.ndarray:
    return np.asarray(array).view(_GraphValue)


def _create_resource_variable(initial_value: Any, trainable: Optional[bool],
                              collections: Any, validate_shape: bool,
                              caching_device: Any, name: Any, dtype: Any,
                              constraint: Any, use_resource: Any,
                              synchronization: Any, aggregation: Any,
                              shape: Any) -> Variable:
    """TF's ResourceVariable construction, in TF's order: checks, then the
    names (the variable's op, its initializer's ops, IsInitialized, Assign,
    Read), then the collections."""
    synchronization, aggregation, trainable = (
        validate_synchronization_aggregation_trainable(
            synchronization, aggregation, trainable, name))
    if initial_value is None:
        raise ValueError(
            "The `initial_value` arg to `tf.Variable` must be specified except "
            "when you are not providing a `variable_def`. You provided neither.")
    init_from_fn = callable(initial_value)
    if collections is None:
        collections = [GraphKeys.GLOBAL_VARIABLES]
    if not isinstance(collections, (list, tuple, set)):
        raise ValueError(
            f"collections argument to Variable constructor must be a list, "
            f"tuple, or set. Got {collections} of type {type(collections)}")
    if constraint is not None and not callable(constraint):
        raise ValueError(
            f"Argument `constraint` must be None or a callable. Got a "
            f"{type(constraint)}:  {constraint}")
    if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
        collections = list(collections) + [GraphKeys.TRAINABLE_VARIABLES]

    graph = _graph.get_default_graph()
    with graph.name_scope("Variable" if name is None else name) as scope:
        handle_name = scope[:-1] if scope.endswith("/") else scope
        with graph.name_scope("Initializer"):
            source = initial_value
            if init_from_fn:
                initial_value = initial_value()
            if isinstance(initial_value, _GraphValue):
                initial_value = initial_value.view(np.ndarray)
                source = None
            value = _dtypes.convert_to_array(initial_value, dtype=dtype)
            if source is not None:
                _reserve_initializer_ops(graph, source)
        if shape is not None and not _shapes_compatible(value.shape, shape):
            raise ValueError(
                f"In this `tf.Variable` creation, the initial value's shape "
                f"({_shape_str(value.shape)}) is not compatible with the "
                f"explicitly supplied `shape` argument ({_shape_str(shape)}).")
        if scope:
            graph._core._register_op(handle_name)
            op_name = handle_name
        else:  # name "" leaves the op to its type's default name
            op_name = graph.create_op_name("VarHandleOp")
        with graph.name_scope("IsInitialized"):
            graph.create_op_name("VarIsInitializedOp")
        with graph.name_scope("Assign") as assign:
            graph._core._register_op(assign[:-1])
        with graph.name_scope("Read"):
            graph.create_op_name("ReadVariableOp")
            if caching_device is not None:
                _check_device(caching_device, name)
                graph.create_op_name("Identity")
        variable = Variable._create(
            op_name=op_name, name=handle_name + ":0", value=value,
            trainable=trainable, constraint=constraint,
            caching_device=caching_device, graph=graph,
            synchronization=synchronization, aggregation=aggregation,
            validate_shape=validate_shape, use_resource=use_resource)
        graph.add_to_collections(collections, variable)
    return variable


def _check_device(device: Any, name: Any) -> None:
    """TF parses a device string here (and fails on anything else)."""
    if not (isinstance(device, str) or callable(device)):
        raise AttributeError(
            "'%s' object has no attribute 'split': caching_device of variable "
            "%s must be a device string such as '/cpu:0' or a device "
            "function, got %r" % (type(device).__name__, name, device))


def _shapes_compatible(actual: Sequence[int], wanted: Any) -> bool:
    if wanted is None:
        return True
    if len(actual) != len(wanted):
        return False
    return all(w is None or a == w for a, w in zip(actual, wanted))


# ---------------------------------------------------------------------------
# The op names TF's initializers build under "<variable>/Initializer/"
#
# A spec item is an op name, or (scope, children[, makes_op]) for ops built
# inside ``name_scope(scope)`` (the scope itself naming the final op unless
# makes_op is False).

def _random(kind: str, core_op: str) -> List[Any]:
    names = {"random_uniform": ["shape", "min", "max", core_op, "sub", "mul"],
             "random_normal": ["shape", "mean", "stddev", core_op, "mul"],
             "truncated_normal": ["shape", "mean", "stddev", core_op, "mul"]}
    return [(kind, names[kind])]


_RANDOM_UNIFORM = _random("random_uniform", "RandomUniform")
_RANDOM_NORMAL = _random("random_normal", "RandomStandardNormal")
_TRUNCATED_NORMAL = _random("truncated_normal", "TruncatedNormal")


def _fill_ops(kind: str, shape: Sequence[int]) -> List[Any]:
    # TF's array_ops.zeros/ones: a constant when small, else Fill.
    if math.prod(shape) < 1000:
        return [kind]
    return [(kind, ["shape_as_tensor", "Const"])]


def _variance_scaling_ops(init: Any, shape: Sequence[int], dtype: Any) -> List[Any]:
    distribution = getattr(init, "distribution", "truncated_normal")
    if distribution == "uniform":
        return _RANDOM_UNIFORM
    if distribution == "untruncated_normal":
        return _RANDOM_NORMAL
    return _TRUNCATED_NORMAL


def _random_uniform_ops(init: Any, shape: Sequence[int], dtype: Any) -> List[Any]:
    if dtype is not None and _dtypes.is_integer(dtype):
        return [("random_uniform", ["shape", "min", "max"])]
    return _RANDOM_UNIFORM


def _orthogonal_ops(init: Any, shape: Sequence[int], dtype: Any) -> List[Any]:
    rows = math.prod(shape[:-1]) if shape else 1
    cols = shape[-1] if shape else 1
    ops = _RANDOM_NORMAL + ["Qr", "DiagPart", "Sign", "mul"]
    if rows < cols:
        ops += [("matrix_transpose", [("transpose", ["perm"])], False)]
    return ops + [("Reshape", ["shape"]), ("mul_1", ["x"])]


def _identity_ops(init: Any, shape: Sequence[int], dtype: Any) -> List[Any]:
    if len(shape) == 2 and shape[0] == shape[1]:
        eye = ["ones", ("diag", ["k", "num_rows", "num_cols", "padding_value"])]
    else:
        eye = ["ones", "zeros", ("set_diag", ["k"])]
    return [("eye", eye, False), ("mul", ["x"])]


_INITIALIZER_OPS = {
    "Zeros": lambda init, shape, dtype: _fill_ops("zeros", shape),
    "Ones": lambda init, shape, dtype: _fill_ops("ones", shape),
    "Constant": lambda init, shape, dtype: ["Const"],
    "RandomUniform": _random_uniform_ops,
    "RandomNormal": lambda init, shape, dtype: _RANDOM_NORMAL,
    "TruncatedNormal": lambda init, shape, dtype: _TRUNCATED_NORMAL,
    "UniformUnitScaling": lambda init, shape, dtype: _RANDOM_UNIFORM,
    "VarianceScaling": _variance_scaling_ops,
    "GlorotUniform": _variance_scaling_ops,
    "GlorotNormal": _variance_scaling_ops,
    "Orthogonal": _orthogonal_ops,
    "Identity": _identity_ops,
}


def _reserve_initializer_ops(graph: Any, initial_value: Any) -> None:
    """Reserves the op names TF builds for the initial value: a pyscope
    initializer's ops, else the ``initial_value`` constant TF makes of a
    plain value (or of what a plain callable returns)."""
    if isinstance(initial_value, functools.partial) and initial_value.args:
        init = initial_value.func
        ops_of = _INITIALIZER_OPS.get(type(init).__name__)
        if ops_of is not None and type(init).__module__ == "pyscope.initializers":
            shape = tuple(initial_value.args[0])
            dtype = initial_value.keywords.get("dtype")
            _reserve(graph, ops_of(init, shape, dtype))
            return
    graph.create_op_name("initial_value")


def _reserve(graph: Any, spec: Sequence[Any]) -> None:
    for item in spec:
        if isinstance(item, str):
            graph.create_op_name(item)
            continue
        scope_name, children = item[0], item[1]
        makes_op = item[2] if len(item) > 2 else True
        with graph.name_scope(scope_name) as scope:
            _reserve(graph, children)
            if makes_op:
                graph._core._register_op(scope[:-1])


# ---------------------------------------------------------------------------
# The collection functions (TF's variables.py)

def global_variables(scope: Optional[str] = None) -> List[Variable]:
    """Returns global variables.

    Global variables are variables that are shared across machines in a
    distributed environment.  The `Variable()` constructor or `get_variable()`
    automatically adds new variables to the graph collection
    `GraphKeys.GLOBAL_VARIABLES`.  This convenience function returns the
    contents of that collection.

    Args:
      scope: (Optional.) A string.  If supplied, the resulting list is filtered
        to include only items whose `name` attribute matches `scope` using
        `re.match`.  Items without a `name` attribute are never returned if a
        scope is supplied.  The choice of `re.match` means that a `scope`
        without special tokens filters by prefix.

    Returns:
      A list of `Variable` objects.
    """
    return list(_graph.get_collection(GraphKeys.GLOBAL_VARIABLES, scope))


def trainable_variables(scope: Optional[str] = None) -> List[Variable]:
    """Returns all variables created with `trainable=True`.

    When passed `trainable=True`, the `Variable()` constructor automatically
    adds new variables to the graph collection
    `GraphKeys.TRAINABLE_VARIABLES`.  This convenience function returns the
    contents of that collection (`scope` filters by `re.match` on the names,
    as in `global_variables`).
    """
    return list(_graph.get_collection(GraphKeys.TRAINABLE_VARIABLES, scope))


def local_variables(scope: Optional[str] = None) -> List[Variable]:
    """Returns local variables.

    Local variables - per process variables, usually not saved/restored to
    checkpoint and used for temporary or intermediate values.  For example,
    they can be used as counters for metrics computation or number of epochs
    this machine has read data.  `get_local_variable` adds new variables to
    `GraphKeys.LOCAL_VARIABLES`; this convenience function returns the
    contents of that collection (`scope` as in `global_variables`).
    """
    return list(_graph.get_collection(GraphKeys.LOCAL_VARIABLES, scope))


def model_variables(scope: Optional[str] = None) -> List[Variable]:
    """Returns all variables in the MODEL_VARIABLES collection (`scope` as in
    `global_variables`)."""
    return list(_graph.get_collection(GraphKeys.MODEL_VARIABLES, scope))


def moving_average_variables(scope: Optional[str] = None) -> List[Variable]:
    """Returns all variables that maintain their moving averages.

    If an `ExponentialMovingAverage` object is created and the `apply()`
    method is called on a list of variables, these variables will be added to
    the `GraphKeys.MOVING_AVERAGE_VARIABLES` collection.  This convenience
    function returns the contents of that collection (`scope` as in
    `global_variables`).
    """
    return list(_graph.get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope))
