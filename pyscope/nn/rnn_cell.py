"""``tf.compat.v1.nn.rnn_cell``: TF1's RNN cells, named exactly as TF's.

Cells are legacy layers (``pyscope.layers.Layer``): their names come from the
per-class counters (``basic_lstm_cell_1``), their scope from the first call.
``LayerRNNCell`` cells (``BasicRNNCell``, ``BasicLSTMCell``, ``LSTMCell``,
``GRUCell``) make their weights in ``build``; an ``RNNCell`` subclass (a
user's cell, ``MultiRNNCell``) runs under
``variable_scope(scope or <current>, custom_getter=...)`` so the variables its
``call`` makes are tracked; wrappers add no scope.  Layouts are TF's (LSTM
gates ``i, j, f, o`` with ``forget_bias`` added at compute time, GRU ``r, u``).

Called on ``TensorSpec`` inputs a cell returns ``(output, new_state)`` specs;
on arrays it computes with the math registered for them (NumPy's here).
"""
import collections
from typing import Any, List, Optional, Sequence, Tuple


from pyscope import graph as _graph
from pyscope.initializers import constant_initializer, zeros_initializer
from pyscope.layers.base import (
    Layer, _register_ops, activation_op_names, flatten, map_structure)
from pyscope.layers.numerics import math_for
from pyscope.nn import nn_ops
from pyscope.partitioners import fixed_size_partitioner
from pyscope.tensor_spec import Shape, TensorSpec
from pyscope.variable_scope import get_variable_scope, variable_scope

_LSTMStateTuple = collections.namedtuple("LSTMStateTuple", ("c", "h"))  # type: ignore[name-match]


class LSTMStateTuple(_LSTMStateTuple):
    """Tuple used by LSTM Cells for ``state_size``, ``zero_state``, and output
    state. Stores two elements: ``(c, h)``, in that order."""

    __slots__ = ()

    @property
    def dtype(self) -> Any:
        """The dtype of ``c`` (and ``h``: they must agree)."""
        (c, h) = self
        if getattr(c, "dtype", None) != getattr(h, "dtype", None):
            raise TypeError("Inconsistent internal state: %s vs %s"
                            % (getattr(c, "dtype", None), getattr(h, "dtype", None)))
        return c.dtype


def _depth(inputs_shape: Shape) -> int:
    if not inputs_shape or inputs_shape[-1] is None:
        raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s"
                         % (inputs_shape,))
    return int(inputs_shape[-1])


class RNNCell(Layer):
    """Abstract object representing an RNN cell.

    Every ``RNNCell`` must have the properties below and implement ``call``
    with the signature ``(output, next_state) = call(input, state)``.  The
    optional third input argument, ``scope``, is allowed for backwards
    compatibility purposes; but should be left off for new subclasses.
    """

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> Any:
        """Run this RNN cell on inputs, starting from the given state.

        Returns:
          A pair containing the output (``[batch_size, self.output_size]``) and
          the new state (matching the arity and shapes of ``state``).
        """
        if scope is not None:
            with variable_scope(scope, custom_getter=self._rnn_get_variable) as entered:
                return Layer.__call__(self, inputs, state, scope=entered)
        stored = getattr(self, "rnncell_scope", None)
        if stored is None:
            stored = variable_scope(get_variable_scope(),
                                    custom_getter=self._rnn_get_variable)
            self.rnncell_scope = stored
        with stored:
            return Layer.__call__(self, inputs, state)

    def _rnn_get_variable(self, getter: Any, *args: Any, **kwargs: Any) -> Any:
        variable = getter(*args, **kwargs)
        trainable_now = _graph.get_default_graph().get_collection(
            _graph.GraphKeys.TRAINABLE_VARIABLES)
        first = flatten(list(variable) if hasattr(variable, "get_variable_list")
                        else variable)[0]
        trainable = any(v is variable or v is first for v in trainable_now)
        target = self._trainable_weights if trainable else self._non_trainable_weights
        if all(variable is not v for v in target):
            target.append(variable)
        return variable

    @property
    def state_size(self) -> Any:
        """size(s) of state(s) used by this cell."""
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self) -> int:
        """Integer or TensorShape: size of outputs produced by this cell."""
        raise NotImplementedError("Abstract method")

    def build(self, input_shape: Any) -> None:
        self.built = True

    def _spec_outputs(self, inputs: TensorSpec, output_name: Optional[str],
                      *args: Any, **kwargs: Any) -> Any:
        # a user's cell names what it makes in call(), as in TF
        return self.call(inputs, *args)

    def get_initial_state(self, inputs: Any = None, batch_size: Any = None,
                          dtype: Any = None) -> Any:
        """The zero state for ``inputs`` (or ``batch_size`` and ``dtype``)."""
        if inputs is not None:
            batch_size = inputs.shape[0]
            dtype = inputs.dtype
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        """Return zero-filled state tensor(s): specs ``[batch_size, s]`` for
        each ``s`` in ``state_size``, named as TF's ``<Cell>ZeroState/zeros``."""
        graph = _graph.get_default_graph()
        with graph.name_scope(type(self).__name__ + "ZeroState"):
            return map_structure(
                lambda size: TensorSpec(
                    [batch_size, size], dtype, name=_register_ops(graph, ["zeros"])[0]),
                self.state_size)


class LayerRNNCell(RNNCell):
    """Subclass of RNNCells that act like proper layers: the weights are
    made in ``build`` at the first call, in the cell's own scope."""

    def __call__(self, inputs: Any, state: Any, scope: Any = None,
                 *args: Any, **kwargs: Any) -> Any:
        return Layer.__call__(self, inputs, state, *args, scope=scope, **kwargs)

    def _spec_outputs(self, inputs: TensorSpec, output_name: Optional[str],
                      *args: Any, **kwargs: Any) -> Any:
        batch = inputs.shape[0] if inputs.shape else None
        if batch is None and args:  # shape inference takes it from the state too
            known = [s.shape[0] for s in flatten(args[0])
                     if getattr(s, "shape", None) and s.shape[0] is not None]
            batch = known[0] if known else None
        dtype = self._output_dtype(inputs)
        out_name, state_names = self._output_and_state_ops(self._call_op_names)
        leaves = flatten(self.state_size)
        names = list(state_names) + [None] * (len(leaves) - len(state_names))
        specs = iter([TensorSpec([batch, size], dtype, name=name)
                      for size, name in zip(leaves, names)])
        new_state = map_structure(lambda _: next(specs), self.state_size)
        return TensorSpec([batch, self.output_size], dtype, name=out_name), new_state

    def _output_and_state_ops(self, names: List[Optional[str]]) -> Tuple[Optional[str], List[Optional[str]]]:
        last = names[-1] if names else None
        return last, [last]


def _activation(activation: Any) -> Any:
    return nn_ops.tanh if activation is None else activation


class _SingleStateCell(LayerRNNCell):
    """A cell whose state and output are both ``num_units`` wide."""

    _num_units: int

    @property
    def state_size(self) -> int:
        return self._num_units

    @property
    def output_size(self) -> int:
        return self._num_units


class BasicRNNCell(_SingleStateCell):
    """The most basic RNN cell: ``output = new_state = act(W * [input, state] + b)``.

    Args:
      num_units: int, The number of units in the RNN cell.
      activation: Nonlinearity to use.  Default: ``tanh``.
      reuse: (optional) Python boolean describing whether to reuse variables in
        an existing scope.
      name: String, the name of the layer.
      dtype: Default dtype of the layer (default of ``None`` means use the type
        of the first input).
    """

    def __init__(self, num_units: int, activation: Any = None, reuse: Any = None,
                 name: Any = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)

    def build(self, inputs_shape: Shape) -> None:
        depth = _depth(inputs_shape)
        self._kernel = self.add_weight(
            "kernel", shape=[depth + self._num_units, self._num_units])
        self._bias = self.add_weight("bias", shape=[self._num_units],
                                     initializer=zeros_initializer())
        self.built = True

    def _op_names(self, input_shape: Shape, **kwargs: Any) -> List[str]:
        return ["concat", "MatMul", "BiasAdd"] + activation_op_names(self._activation)

    def call(self, inputs: Any, state: Any = None, **kwargs: Any) -> Any:
        math = math_for(inputs)
        joined = math.concat([inputs, state], 1)
        output = self._activation(math.dense(joined, self._kernel, self._bias))
        return output, output


class GRUCell(_SingleStateCell):
    """Gated Recurrent Unit cell: ``gates/kernel [in+n, 2n]`` (``r, u``),
    ``gates/bias`` (1.0), ``candidate/kernel [in+n, n]``, ``candidate/bias``.

    Args:
      num_units: int, The number of units in the GRU cell.
      activation: Nonlinearity to use.  Default: ``tanh``.
      reuse: (optional) Python boolean describing whether to reuse variables.
      kernel_initializer: (optional) The initializer to use for the weight
        and projection matrices.
      bias_initializer: (optional) The initializer to use for the bias.
      name: String, the name of the layer.
      dtype: Default dtype of the layer.
    """

    def __init__(self, num_units: int, activation: Any = None, reuse: Any = None,
                 kernel_initializer: Any = None, bias_initializer: Any = None,
                 name: Any = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def build(self, inputs_shape: Shape) -> None:
        depth = _depth(inputs_shape)
        n = self._num_units
        self._gate_kernel = self.add_weight(
            "gates/kernel", shape=[depth + n, 2 * n], initializer=self._kernel_initializer)
        self._gate_bias = self.add_weight(
            "gates/bias", shape=[2 * n], initializer=(
                self._bias_initializer if self._bias_initializer is not None
                else constant_initializer(1.0)))
        self._candidate_kernel = self.add_weight(
            "candidate/kernel", shape=[depth + n, n], initializer=self._kernel_initializer)
        self._candidate_bias = self.add_weight(
            "candidate/bias", shape=[n], initializer=(
                self._bias_initializer if self._bias_initializer is not None
                else zeros_initializer()))
        self.built = True

    def _op_names(self, input_shape: Shape, **kwargs: Any) -> List[str]:
        return (["concat", "MatMul", "BiasAdd", "Sigmoid", "split", "mul", "concat",
                 "MatMul", "BiasAdd"] + activation_op_names(self._activation)
                + ["mul", "sub", "mul", "add"])

    def call(self, inputs: Any, state: Any = None, **kwargs: Any) -> Any:
        math = math_for(inputs)
        x, h = inputs, state
        gates = math.activation("Sigmoid", math.dense(
            math.concat([x, h], 1), self._gate_kernel, self._gate_bias))
        r, u = math.split(gates, 2, 1)
        candidate = self._activation(math.dense(
            math.concat([x, r * h], 1), self._candidate_kernel, self._candidate_bias))
        new_h = u * h + (1 - u) * candidate
        return new_h, new_h


class BasicLSTMCell(LayerRNNCell):
    """Basic LSTM recurrent network cell: ``kernel [in+n, 4n]`` (gates
    ``i, j, f, o``), ``bias [4n]``; ``forget_bias`` is added to ``f`` at
    compute time.

    Args:
      num_units: int, The number of units in the LSTM cell.
      forget_bias: float, The bias added to forget gates.
      state_is_tuple: If True, accepted and returned states are 2-tuples of the
        ``c_state`` and ``m_state``.  If False, they are concatenated along the
        column axis.
      activation: Activation function of the inner states.  Default: ``tanh``.
      reuse: (optional) Python boolean describing whether to reuse variables.
      name: String, the name of the layer.
      dtype: Default dtype of the layer.
    """

    def __init__(self, num_units: int, forget_bias: float = 1.0,
                 state_is_tuple: bool = True, activation: Any = None, reuse: Any = None,
                 name: Any = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self) -> Any:
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: Shape) -> None:
        depth = _depth(inputs_shape)
        n = self._num_units
        self._kernel = self.add_weight("kernel", shape=[depth + n, 4 * n])
        self._bias = self.add_weight("bias", shape=[4 * n], initializer=zeros_initializer())
        self.built = True

    def _op_names(self, input_shape: Shape, **kwargs: Any) -> List[str]:
        act = activation_op_names(self._activation)
        tail = [] if self._state_is_tuple else ["concat"]
        return (["Const", "concat", "MatMul", "BiasAdd", "split", "Const", "Add",
                 "Sigmoid", "Mul", "Sigmoid"] + act + ["Mul", "Add"] + act
                + ["Sigmoid", "Mul"] + tail)

    def _output_and_state_ops(self, names: List[Optional[str]]) -> Tuple[Optional[str], List[Optional[str]]]:
        if not self._state_is_tuple:
            return names[-2], [names[-1]]
        new_c = [n for n in names if n is not None and n.rsplit("/", 1)[-1].startswith("Add")]
        return names[-1], [new_c[-1] if new_c else None, names[-1]]

    def call(self, inputs: Any, state: Any = None, **kwargs: Any) -> Any:
        math = math_for(inputs)
        n = self._num_units
        c, h = state if self._state_is_tuple else math.split(state, [n], 1)
        gates = math.dense(math.concat([inputs, h], 1), self._kernel, self._bias)
        i, j, f, o = math.split(gates, 4, 1)
        sigmoid = nn_ops.sigmoid
        new_c = c * sigmoid(f + self._forget_bias) + sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * sigmoid(o)
        new_state = (LSTMStateTuple(new_c, new_h) if self._state_is_tuple
                     else math.concat([new_c, new_h], 1))
        return new_h, new_state


class LSTMCell(LayerRNNCell):
    """Long short-term memory unit (LSTM) recurrent network cell, with optional
    peepholes (``w_f_diag``, ``w_i_diag``, ``w_o_diag``), cell clipping and a
    projection layer (``projection/kernel``); ``num_unit_shards`` and
    ``num_proj_shards`` split the kernels with a fixed-size partitioner.

    Its main ops are not named (its variables, layer name and scope are TF's).
    """

    def __init__(self, num_units: int, use_peepholes: bool = False,
                 cell_clip: Optional[float] = None, initializer: Any = None,
                 num_proj: Optional[int] = None, proj_clip: Optional[float] = None,
                 num_unit_shards: Optional[int] = None,
                 num_proj_shards: Optional[int] = None, forget_bias: float = 1.0,
                 state_is_tuple: bool = True, activation: Any = None, reuse: Any = None,
                 name: Any = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self) -> Any:
        n, m = self._num_units, self._num_proj or self._num_units
        return LSTMStateTuple(n, m) if self._state_is_tuple else n + m

    @property
    def output_size(self) -> int:
        return self._num_proj or self._num_units

    def build(self, inputs_shape: Shape) -> None:
        depth = _depth(inputs_shape)
        n = self._num_units
        h_depth = self._num_proj or n
        shards = (fixed_size_partitioner(self._num_unit_shards)
                  if self._num_unit_shards is not None else None)
        self._kernel = self.add_weight("kernel", shape=[depth + h_depth, 4 * n],
                                       initializer=self._initializer, partitioner=shards)
        self._bias = self.add_weight("bias", shape=[4 * n], initializer=zeros_initializer())
        if self._use_peepholes:
            self._w_f_diag = self.add_weight("w_f_diag", shape=[n],
                                             initializer=self._initializer)
            self._w_i_diag = self.add_weight("w_i_diag", shape=[n],
                                             initializer=self._initializer)
            self._w_o_diag = self.add_weight("w_o_diag", shape=[n],
                                             initializer=self._initializer)
        if self._num_proj is not None:
            proj_shards = (fixed_size_partitioner(self._num_proj_shards)
                           if self._num_proj_shards is not None else None)
            self._proj_kernel = self.add_weight(
                "projection/kernel", shape=[n, self._num_proj],
                initializer=self._initializer, partitioner=proj_shards)
        self.built = True

    def _output_and_state_ops(self, names: List[Optional[str]]) -> Tuple[Optional[str], List[Optional[str]]]:
        return None, []

    def call(self, inputs: Any, state: Any = None, **kwargs: Any) -> Any:
        math = math_for(inputs)
        n = self._num_units
        c_prev, m_prev = state if self._state_is_tuple else math.split(state, [n], 1)
        gates = math.dense(math.concat([inputs, m_prev], 1), self._kernel, self._bias)
        i, j, f, o = math.split(gates, 4, 1)
        sigmoid = nn_ops.sigmoid
        value = math.value
        if self._use_peepholes:
            c = (sigmoid(f + self._forget_bias + value(self._w_f_diag) * c_prev) * c_prev
                 + sigmoid(i + value(self._w_i_diag) * c_prev) * self._activation(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = math.clip(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + value(self._w_o_diag) * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = math.dense(m, self._proj_kernel, None)
            if self._proj_clip is not None:
                m = math.clip(m, -self._proj_clip, self._proj_clip)
        new_state = (LSTMStateTuple(c, m) if self._state_is_tuple
                     else math.concat([c, m], 1))
        return m, new_state


class MultiRNNCell(RNNCell):
    """RNN cell composed sequentially of multiple simple cells: cell ``i`` runs
    in ``variable_scope("cell_%d" % i)`` inside ``multi_rnn_cell``.

    Args:
      cells: list of RNNCells that will be composed in this order.
      state_is_tuple: If True, accepted and returned states are n-tuples.

    Raises:
      ValueError: if cells is empty (not allowed).
    """

    _names_in_spec_call = True

    def __init__(self, cells: Sequence[Any], state_is_tuple: bool = True) -> None:
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not isinstance(cells, (list, tuple)):
            raise TypeError("cells must be a list or tuple, but saw: %s." % (cells,))
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple

    def _sublayers(self) -> List[Layer]:
        return list(self._cells)

    @property
    def state_size(self) -> Any:
        return tuple(cell.state_size for cell in self._cells)

    @property
    def output_size(self) -> int:
        return int(self._cells[-1].output_size)

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with _graph.get_default_graph().name_scope(type(self).__name__ + "ZeroState"):
            return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)

    def _spec_outputs(self, inputs: TensorSpec, output_name: Optional[str],
                      *args: Any, **kwargs: Any) -> Any:
        state = args[0]
        current, new_states = inputs, []
        for i, cell in enumerate(self._cells):
            with variable_scope("cell_%d" % i):
                current, new_state = cell(current, state[i])
            new_states.append(new_state)
        return current, tuple(new_states)

    def call(self, inputs: Any, state: Any = None, **kwargs: Any) -> Any:
        current, new_states = inputs, []
        for i, cell in enumerate(self._cells):
            current, new_state = cell.call(current, state[i])
            new_states.append(new_state)
        return current, tuple(new_states)


class _RNNCellWrapper(RNNCell):
    """Base of the wrappers: they take a uid but add no scope, calling the
    wrapped cell's ``__call__`` directly."""

    def __init__(self, cell: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cell = cell

    def _sublayers(self) -> List[Layer]:
        return [self.cell]

    @property
    def state_size(self) -> Any:
        return self.cell.state_size

    @property
    def output_size(self) -> int:
        return int(self.cell.output_size)

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with _graph.get_default_graph().name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> Any:
        output, new_state = self.cell(inputs, state, scope=scope)
        if isinstance(inputs, TensorSpec):
            return output, new_state
        return self._wrap(inputs, output, new_state)

    def call(self, inputs: Any, state: Any = None, **kwargs: Any) -> Any:
        output, new_state = self.cell.call(inputs, state)
        return self._wrap(inputs, output, new_state)

    def _wrap(self, inputs: Any, output: Any, new_state: Any) -> Any:
        return output, new_state


class DropoutWrapper(_RNNCellWrapper):
    """Operator adding dropout to inputs and outputs of the given cell (the
    NumPy reference applies it when a keep probability is below 1)."""

    def __init__(self, cell: Any, input_keep_prob: float = 1.0,
                 output_keep_prob: float = 1.0, state_keep_prob: float = 1.0,
                 variational_recurrent: bool = False, input_size: Any = None,
                 dtype: Any = None, seed: Optional[int] = None,
                 dropout_state_filter_visitor: Any = None, **kwargs: Any) -> None:
        super().__init__(cell, dtype=dtype, **kwargs)
        for name, p in (("input_keep_prob", input_keep_prob),
                        ("output_keep_prob", output_keep_prob),
                        ("state_keep_prob", state_keep_prob)):
            if not 0.0 <= p <= 1.0:
                raise ValueError("Parameter %s must be between 0 and 1: %s" % (name, p))
        self._output_keep_prob = output_keep_prob
        self._seed = seed

    def _wrap(self, inputs: Any, output: Any, new_state: Any) -> Any:
        if self._output_keep_prob < 1:
            output = math_for(output).dropout(output, 1 - self._output_keep_prob, None,
                                              self._seed)
        return output, new_state


class ResidualWrapper(_RNNCellWrapper):
    """RNNCell wrapper that ensures cell inputs are added to the outputs."""

    def __init__(self, cell: Any, residual_fn: Any = None, **kwargs: Any) -> None:
        super().__init__(cell, **kwargs)
        self._residual_fn = residual_fn

    def _wrap(self, inputs: Any, output: Any, new_state: Any) -> Any:
        if self._residual_fn is not None:
            return self._residual_fn(inputs, output), new_state
        return inputs + output, new_state


class DeviceWrapper(_RNNCellWrapper):
    """Operator that ensures an RNNCell runs on a particular device (stored)."""

    def __init__(self, cell: Any, device: str, **kwargs: Any) -> None:
        super().__init__(cell, **kwargs)
        self._device = device
