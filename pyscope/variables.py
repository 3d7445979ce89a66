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
import math

import numpy as np

from pyscope import dtypes as _dtypes
from pyscope import graph as _graph
from pyscope._shapes import _shape_str
from pyscope.graph import GraphKeys

__all__ = [
    "Variable", "PartitionedVariable", "VariableSynchronization",
    "VariableAggregation", "variable_creator_scope",
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

    def __hash__(self):
        return hash(self.value)


def validate_synchronization_aggregation_trainable(synchronization, aggregation,
                                                   trainable, name):
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

class Variable:
    """A variable made by `get_variable`: a named NumPy value in a graph.

    Made by the variable store (not constructed directly); `name` is the op
    name with ``:0`` (``"foo/v:0"``), `shape` a tuple of ints, `dtype` a
    NumPy dtype."""

    __slots__ = ("_op_name", "_name", "_value", "_trainable",
                 "_constraint", "_caching_device", "_graph", "_synchronization",
                 "_aggregation", "_validate_shape", "_use_resource", "__weakref__")

    def __init__(self, *, op_name, name, value, trainable, constraint=None,
                 caching_device=None, graph=None, synchronization=None,
                 aggregation=None, validate_shape=True, use_resource=None):
        self._op_name = op_name
        self._name = name
        self._value = value
        self._trainable = trainable
        self._constraint = constraint
        self._caching_device = caching_device
        self._graph = graph
        self._synchronization = synchronization
        self._aggregation = aggregation
        self._validate_shape = validate_shape
        self._use_resource = use_resource

    @property
    def name(self):
        return self._name

    @property
    def op_name(self):
        return self._op_name

    @property
    def shape(self):
        return self._value.shape

    def get_shape(self):
        return self._value.shape

    @property
    def dtype(self):
        return self._value.dtype

    @property
    def trainable(self):
        return self._trainable

    @property
    def constraint(self):
        return self._constraint

    @property
    def caching_device(self):
        return self._caching_device

    @property
    def graph(self):
        return self._graph

    @property
    def synchronization(self):
        return self._synchronization

    @property
    def aggregation(self):
        return self._aggregation

    def numpy(self):
        """The current value (a copy: change it with `assign`)."""
        return self._value.copy()

    value = read_value = numpy

    def assign(self, value):
        """Sets the value; it must convert to the variable's dtype (TypeError)
        and have its shape (ValueError).  Returns the variable."""
        new = _dtypes.convert_to_array(value, dtype=self._value.dtype)
        if new.shape != self._value.shape:
            raise ValueError(
                "Shapes %s and %s are incompatible: cannot assign a value of "
                "shape %s to variable %s of shape %s" % (
                    _shape_str(self._value.shape), _shape_str(new.shape),
                    _shape_str(new.shape), self._name,
                    _shape_str(self._value.shape)))
        self._value = new
        return self

    def __array__(self, dtype=None, copy=None):
        return np.array(self._value, dtype=dtype, copy=True)

    def __repr__(self):
        return "<pyscope.Variable %r shape=%s dtype=%s>" % (
            self._name, _shape_str(self._value.shape), self._value.dtype.name)


class PartitionedVariable:
    """A variable stored as parts sliced along one axis, as TF's: parts named
    ``v/part_0``, ``v/part_1``, ... in offset order; `name` has no ``:0``."""

    __slots__ = ("_name", "_shape", "_dtype", "_variable_list", "_partitions",
                 "_offsets", "__weakref__")

    def __init__(self, name, shape, dtype, variable_list, partitions, offsets):
        if not variable_list:
            raise ValueError("variable_list may not be empty")
        order = sorted(range(len(variable_list)), key=lambda i: tuple(offsets[i]))
        self._name = name
        self._shape = tuple(shape)
        self._dtype = dtype
        self._variable_list = [variable_list[i] for i in order]
        self._offsets = [tuple(offsets[i]) for i in order]
        self._partitions = partitions

    @property
    def name(self):
        return self._name

    @property
    def shape(self):
        return self._shape

    def get_shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    def __iter__(self):
        return iter(self._variable_list)

    def __len__(self):
        num_partition_axes = len([p for p in self._partitions if p != 1])
        if num_partition_axes > 1:
            raise ValueError("Cannot get a length for %d > 1 partition axes"
                             % num_partition_axes)
        return len(self._variable_list)

    def get_variable_list(self):
        return list(self._variable_list)

    def get_partitions(self):
        return self._partitions

    _get_partitions = get_partitions

    def numpy(self):
        """The parts joined into the full value."""
        parts = [_value_of(v) for v in self._variable_list]
        axis = _slice_axis(self._partitions)
        return np.concatenate(parts, axis=axis)

    def __repr__(self):
        return "<pyscope.PartitionedVariable %r shape=%s dtype=%s parts=%d>" % (
            self._name, _shape_str(self._shape),
            getattr(self._dtype, "name", self._dtype), len(self._variable_list))


def _value_of(part):
    numpy = getattr(part, "numpy", None)
    return np.asarray(numpy() if callable(numpy) else part)


def _slice_axis(partitions):
    for axis, count in enumerate(partitions):
        if count > 1:
            return axis
    return 0


# ---------------------------------------------------------------------------
# The creator chain

def _creator_stack(graph):
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

    def __init__(self, variable_creator):
        self._creator = variable_creator

    def __enter__(self):
        self._local = local = _graph.get_default_graph()._local
        self._old = getattr(local, "creator_stack", ())
        self._new = local.creator_stack = self._old + (self._creator,)

    def __exit__(self, *exc):
        if getattr(self._local, "creator_stack", ()) is not self._new:
            raise RuntimeError(
                "Exiting variable_creator_scope without proper nesting: exit "
                "creator scopes in the reverse order of entering them.")
        self._local.creator_stack = self._old
        return False


def _make_getter(creator, previous):
    if not callable(creator):
        def getter(**kwargs):
            raise TypeError(
                "'%s' object is not callable: variable_creator_scope needs a "
                "creator(next_creator, **kwargs), got %r"
                % (type(creator).__name__, creator))
        return getter

    def getter(**kwargs):
        return creator(previous, **kwargs)
    return getter


def create_variable(graph, **kwargs):
    """Runs the creator chain of `graph` (this thread's) ending in the
    default creator, with TF's keyword set, and returns what it returns."""
    chain = _default_creator
    for creator in _creator_stack(graph):
        chain = _make_getter(creator, chain)
    if kwargs.get("aggregation") is None:
        kwargs["aggregation"] = VariableAggregation.NONE
    return chain(**kwargs)


def _default_creator(**kwargs):
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


def graph_value(array):
    return np.asarray(array).view(_GraphValue)


def _create_resource_variable(initial_value, trainable, collections,
                              validate_shape, caching_device, name, dtype,
                              constraint, use_resource, synchronization,
                              aggregation, shape):
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
        variable = Variable(
            op_name=op_name, name=handle_name + ":0", value=value,
            trainable=trainable, constraint=constraint,
            caching_device=caching_device, graph=graph,
            synchronization=synchronization, aggregation=aggregation,
            validate_shape=validate_shape, use_resource=use_resource)
        graph.add_to_collections(collections, variable)
    return variable


def _check_device(device, name):
    """TF parses a device string here (and fails on anything else)."""
    if not (isinstance(device, str) or callable(device)):
        raise AttributeError(
            "'%s' object has no attribute 'split': caching_device of variable "
            "%s must be a device string such as '/cpu:0' or a device "
            "function, got %r" % (type(device).__name__, name, device))


def _shapes_compatible(actual, wanted):
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

def _random(kind, core_op):
    names = {"random_uniform": ["shape", "min", "max", core_op, "sub", "mul"],
             "random_normal": ["shape", "mean", "stddev", core_op, "mul"],
             "truncated_normal": ["shape", "mean", "stddev", core_op, "mul"]}
    return [(kind, names[kind])]


_RANDOM_UNIFORM = _random("random_uniform", "RandomUniform")
_RANDOM_NORMAL = _random("random_normal", "RandomStandardNormal")
_TRUNCATED_NORMAL = _random("truncated_normal", "TruncatedNormal")


def _fill_ops(kind, shape):
    # TF's array_ops.zeros/ones: a constant when small, else Fill.
    if math.prod(shape) < 1000:
        return [kind]
    return [(kind, ["shape_as_tensor", "Const"])]


def _variance_scaling_ops(init, shape, dtype):
    distribution = getattr(init, "distribution", "truncated_normal")
    if distribution == "uniform":
        return _RANDOM_UNIFORM
    if distribution == "untruncated_normal":
        return _RANDOM_NORMAL
    return _TRUNCATED_NORMAL


def _random_uniform_ops(init, shape, dtype):
    if dtype is not None and _dtypes.is_integer(dtype):
        return [("random_uniform", ["shape", "min", "max"])]
    return _RANDOM_UNIFORM


def _orthogonal_ops(init, shape, dtype):
    rows = math.prod(shape[:-1]) if shape else 1
    cols = shape[-1] if shape else 1
    ops = _RANDOM_NORMAL + ["Qr", "DiagPart", "Sign", "mul"]
    if rows < cols:
        ops += [("matrix_transpose", [("transpose", ["perm"])], False)]
    return ops + [("Reshape", ["shape"]), ("mul_1", ["x"])]


def _identity_ops(init, shape, dtype):
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


def _reserve_initializer_ops(graph, initial_value):
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


def _reserve(graph, spec):
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
