"""TF1's RNN drivers: ``dynamic_rnn``, ``bidirectional_dynamic_rnn``,
``static_rnn``, ``static_bidirectional_rnn``, with TF's scopes and sharing.

* ``dynamic_rnn`` enters ``variable_scope(scope or "rnn")``, a *named* scope:
  two unscoped calls share ``rnn/`` and its counters restart, so a second
  unscoped call with a cell of the same class picks ``rnn/basic_lstm_cell``
  again and raises ``ValueError`` (already exists), as in TF.
* It sets the scope's caching device, as TF does outside a while loop.
* The cell runs once for naming, its ops unnamed: TF builds them in the while
  loop's function graph.  The drivers' own ops are not named either.
* ``static_rnn`` calls the cell once per step, ``reuse_variables()`` after
  the first, and those ops are named (``rnn/basic_rnn_cell/Tanh_1``).

On ``TensorSpec`` inputs they return specs; on NumPy arrays they also
compute, step by step, with the cells' ``call``.
"""
from typing import Any, List, Optional, Sequence, Tuple

import numpy as np

from pyscope.layers.numerics import math_for
from pyscope.layers.base import flatten, map_structure, ops_in_function_graph
from pyscope.tensor_spec import TensorSpec
from pyscope.variable_scope import variable_scope


def _spec(x: Any) -> Any:
    if isinstance(x, TensorSpec):
        return x
    if hasattr(x, "shape") and hasattr(x, "dtype"):  # any framework's array
        return TensorSpec(tuple(x.shape), x.dtype)
    return TensorSpec(tuple(np.shape(x)), np.asarray(x).dtype)


def _initial_state(cell: Any, initial_state: Any, batch_size: Any, dtype: Any) -> Any:
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError("If there is no initial_state, you must give a dtype.")
    return cell.get_initial_state(inputs=None, batch_size=batch_size, dtype=dtype)


def _set_caching_device(varscope: Any) -> None:
    # TF caches reads on the op's device outside a while loop
    if varscope.caching_device is None:
        varscope.set_caching_device(lambda op: op.device)


def _zeros_like_state(math: Any, state: Any, batch: int) -> Any:
    return map_structure(lambda s: math.zeros((batch,) + tuple(s.shape[1:]),
                                              np.dtype(s.dtype)), state)


def _time_major(math: Any, x: Any) -> Any:
    """``[batch, time, ...]`` <-> ``[time, batch, ...]``."""
    return math.transpose(x, [1, 0] + list(range(2, len(x.shape))))


def dynamic_rnn(cell: Any, inputs: Any, sequence_length: Any = None,
                initial_state: Any = None, dtype: Any = None,
                parallel_iterations: Optional[int] = None, swap_memory: bool = False,
                time_major: bool = False, scope: Any = None) -> Tuple[Any, Any]:
    """Creates a recurrent neural network specified by RNNCell ``cell``.

    Returns:
      A pair (outputs, state): outputs ``[batch_size, max_time,
      cell.output_size]`` (``[max_time, batch_size, ...]`` if
      ``time_major``), and the final state.

    Raises:
      TypeError: If ``cell`` is not an instance of RNNCell.
      ValueError: If inputs is None or an empty list, or no ``dtype`` is given
        without an ``initial_state``.
    """
    if not hasattr(cell, "state_size") or not callable(cell):
        raise TypeError("cell must be an instance of RNNCell")
    with variable_scope(scope or "rnn") as varscope:
        _set_caching_device(varscope)
        spec = _spec(inputs)
        shape = spec.shape
        if shape is None or len(shape) != 3:
            raise ValueError("Input must have rank 3 (time and batch major): got %s"
                             % (shape,))
        time, batch = (shape[0], shape[1]) if time_major else (shape[1], shape[0])
        if shape[2] is None:
            raise ValueError("Input size (depth of inputs) must be accessible via shape "
                             "inference, but saw value None.")
        state = _initial_state(cell, initial_state, batch, dtype)
        step = TensorSpec([batch, shape[2]], spec.dtype)
        with ops_in_function_graph():
            output, final = cell(step, map_structure(_spec, state))
        out_shape = ([time, batch] if time_major else [batch, time]) + [output.shape[-1]]
        if isinstance(inputs, TensorSpec):
            return TensorSpec(out_shape, output.dtype), final
        if not hasattr(inputs, "shape"):
            inputs = np.asarray(inputs)
        return _run_steps(cell, inputs, state, sequence_length, time_major)


def _run_steps(cell: Any, inputs: Any, state: Any, sequence_length: Any,
               time_major: bool) -> Tuple[Any, Any]:
    """The cell's ``call`` over the time axis, with the math registered for
    the inputs' type (NumPy's by default)."""
    math = math_for(inputs)
    x = inputs if time_major else _time_major(math, inputs)
    batch = x.shape[1]
    if any(isinstance(s, TensorSpec) for s in flatten(state)):
        state = _zeros_like_state(math, state, batch)
    lengths = None if sequence_length is None else np.asarray(sequence_length)
    outputs = []
    for t in range(x.shape[0]):
        output, new_state = cell.call(x[t], state)
        if lengths is not None:  # past its length a sequence keeps its state
            alive = (t < lengths)[:, None]
            output = math.where(alive, output, 0)
            new_state = _keep_where(math, alive, new_state, state)
        outputs.append(output)
        state = new_state
    stacked = math.stack(outputs, 0)
    return (stacked if time_major else _time_major(math, stacked)), state


def _keep_where(math: Any, alive: np.ndarray, new: Any, old: Any) -> Any:
    """``new`` where the sequence is alive, else ``old``, leaf by leaf."""
    if isinstance(new, tuple) and hasattr(new, "_fields"):
        return type(new)(*[_keep_where(math, alive, n, o) for n, o in zip(new, old)])
    if isinstance(new, (tuple, list)):
        return type(new)(_keep_where(math, alive, n, o) for n, o in zip(new, old))
    return math.where(alive, new, old)


def _reverse(inputs: Any, time_major: bool, sequence_length: Any = None) -> Any:
    """The time axis reversed, each sequence within its length (TF's
    ``reverse_sequence``)."""
    if isinstance(inputs, TensorSpec):
        return inputs
    if not hasattr(inputs, "shape"):
        inputs = np.asarray(inputs)
    math = math_for(inputs)
    x = inputs if time_major else _time_major(math, inputs)
    steps = range(x.shape[0])
    if sequence_length is None:
        out = math.stack([x[t] for t in reversed(steps)], 0)
    else:  # by indexing and stacking only, so that any framework's math does it
        lengths = [int(n) for n in np.asarray(sequence_length)]
        out = math.stack([math.stack([x[n - 1 - t if t < n else t][b]
                                      for b, n in enumerate(lengths)], 0)
                          for t in steps], 0)
    return out if time_major else _time_major(math, out)


def bidirectional_dynamic_rnn(cell_fw: Any, cell_bw: Any, inputs: Any,
                              sequence_length: Any = None, initial_state_fw: Any = None,
                              initial_state_bw: Any = None, dtype: Any = None,
                              parallel_iterations: Optional[int] = None,
                              swap_memory: bool = False, time_major: bool = False,
                              scope: Any = None) -> Tuple[Any, Any]:
    """Creates a dynamic version of bidirectional recurrent neural network:
    ``bidirectional_rnn/fw/...`` and ``bidirectional_rnn/bw/...``.

    Returns:
      A tuple (outputs, output_states) where outputs is ``(output_fw,
      output_bw)`` and output_states ``(output_state_fw, output_state_bw)``.
    """
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(
                cell_fw, inputs, sequence_length=sequence_length,
                initial_state=initial_state_fw, dtype=dtype, time_major=time_major,
                scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_out, state_bw = dynamic_rnn(
                cell_bw, _reverse(inputs, time_major, sequence_length),
                sequence_length=sequence_length,
                initial_state=initial_state_bw, dtype=dtype, time_major=time_major,
                scope=bw_scope)
    return ((output_fw, _reverse(reversed_out, time_major, sequence_length)),
            (state_fw, state_bw))


def static_rnn(cell: Any, inputs: Sequence[Any], initial_state: Any = None,
               dtype: Any = None, sequence_length: Any = None,
               scope: Any = None) -> Tuple[List[Any], Any]:
    """Creates a recurrent neural network specified by RNNCell ``cell``, one
    call per input (the scope reuses its variables after the first).

    Raises:
      TypeError: If ``inputs`` is not a list.
      ValueError: If ``inputs`` is empty or their depth is unknown.
    """
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "rnn") as varscope:
        _set_caching_device(varscope)
        first = _spec(inputs[0])
        if first.shape is None or first.shape[-1] is None:
            raise ValueError("Input size (second dimension of inputs[0]) must be "
                             "accessible via shape inference, but saw value None.")
        state = _initial_state(cell, initial_state, first.shape[0], dtype)
        if any(isinstance(s, TensorSpec) for s in flatten(state)) and not isinstance(
                inputs[0], TensorSpec):
            state = _zeros_like_state(math_for(inputs[0]), state, _spec(inputs[0]).shape[0])
        outputs = []
        for time, step in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()
            output, state = cell(step, state)
            outputs.append(output)
        return outputs, state


def static_bidirectional_rnn(cell_fw: Any, cell_bw: Any, inputs: Sequence[Any],
                             initial_state_fw: Any = None, initial_state_bw: Any = None,
                             dtype: Any = None, sequence_length: Any = None,
                             scope: Any = None) -> Tuple[List[Any], Any, Any]:
    """Creates a bidirectional recurrent neural network: outputs are the
    forward and backward outputs joined on the last axis.

    Returns:
      A tuple (outputs, output_state_fw, output_state_bw).
    """
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype,
                                             sequence_length, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            tmp, state_bw = static_rnn(cell_bw, list(reversed(inputs)), initial_state_bw,
                                       dtype, sequence_length, scope=bw_scope)
    output_bw = list(reversed(tmp))
    outputs = [_concat(fw, bw) for fw, bw in zip(output_fw, output_bw)]
    return outputs, state_fw, state_bw


def _concat(fw: Any, bw: Any) -> Any:
    if isinstance(fw, TensorSpec):
        assert fw.shape is not None and bw.shape is not None
        return TensorSpec(tuple(fw.shape[:-1]) + (fw.shape[-1] + bw.shape[-1],), fw.dtype)
    return math_for(fw).concat([fw, bw], -1)
