"""Another framework's math through `register_math`: with PyTorch's, the
cells and drivers compute on torch tensors (autograd intact) and give the
NumPy reference's values (which tests/test_rnn.py holds to TF's) for the
same weights.  Skipped where torch is not installed."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import pyscope.layers as layers  # noqa: E402
import pyscope.nn as nn  # noqa: E402
from pyscope.layers import numerics  # noqa: E402
from pyscope.tensor_spec import TensorSpec  # noqa: E402

rnn_cell = nn.rnn_cell
TORCH_DTYPES = {np.dtype(np.float32): torch.float32, np.dtype(np.float64): torch.float64}


class TorchMath(layers.NumpyMath):
    """Every method the cells and drivers use, in torch."""
    ACTIVATIONS = {"Tanh": torch.tanh, "Sigmoid": torch.sigmoid, "Relu": torch.relu}

    def value(self, variable):
        return torch.as_tensor(variable.numpy())

    def dense(self, x, kernel, bias):
        out = x @ self.value(kernel)
        return out if bias is None else out + self.value(bias)

    def activation(self, op_name, x):
        return self.ACTIVATIONS[op_name](x)

    def concat(self, values, axis):
        return torch.cat(list(values), axis)

    def split(self, x, sections, axis):
        return torch.tensor_split(x, sections, axis)

    def stack(self, values, axis):
        return torch.stack(list(values), axis)

    def clip(self, x, low, high):
        return torch.clamp(x, low, high)

    def where(self, mask, x, y):
        return torch.where(torch.from_numpy(np.asarray(mask)), x, torch.as_tensor(y, dtype=x.dtype))

    def transpose(self, x, perm):
        return x.permute(*perm)

    def zeros(self, shape, dtype):
        return torch.zeros(*shape, dtype=TORCH_DTYPES[np.dtype(dtype)])


@pytest.fixture
def torch_math():
    registered = dict(numerics._MATHS)
    layers.register_math(torch.Tensor, TorchMath())
    yield
    numerics._MATHS.clear()
    numerics._MATHS.update(registered)


def _set_weights(cell, seed=0):
    rng = np.random.default_rng(seed)
    for w in cell.weights:
        w.assign(rng.standard_normal(tuple(w.shape)).astype(np.float32) * 0.5)


CELLS = {
    "basic_rnn": lambda: rnn_cell.BasicRNNCell(3),
    "gru": lambda: rnn_cell.GRUCell(3),
    "basic_lstm": lambda: rnn_cell.BasicLSTMCell(3),
    "basic_lstm_concat_state": lambda: rnn_cell.BasicLSTMCell(3, state_is_tuple=False),
    "lstm_peepholes_clip_proj": lambda: rnn_cell.LSTMCell(
        4, use_peepholes=True, cell_clip=0.5, num_proj=2, proj_clip=0.3),
    "multi_residual": lambda: rnn_cell.MultiRNNCell(
        [rnn_cell.GRUCell(2), rnn_cell.ResidualWrapper(rnn_cell.GRUCell(2))]),
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_drivers_on_torch_tensors_give_the_numpy_values(ps, torch_math, name):
    cell = CELLS[name]()
    nn.dynamic_rnn(cell, TensorSpec([None, 4, 2]), dtype=np.float32)  # names, builds
    _set_weights(cell)
    x = np.random.default_rng(1).standard_normal((3, 4, 2)).astype(np.float32)
    lengths = [4, 1, 3]
    for driver in ("dynamic", "bidirectional"):
        if driver == "dynamic":
            run = lambda v: nn.dynamic_rnn(cell, v, dtype=np.float32,  # noqa: E731
                                           sequence_length=lengths, scope="rnn")
        else:
            run = lambda v: nn.bidirectional_dynamic_rnn(  # noqa: E731
                cell, cell, v, dtype=np.float32, sequence_length=lengths)
        want_out, want_state = run(x)
        got_out, got_state = run(torch.from_numpy(x))
        got_leaves, want_leaves = _flatten((got_out, got_state)), _flatten((want_out, want_state))
        assert len(got_leaves) == len(want_leaves)
        for got, want in zip(got_leaves, want_leaves):
            assert isinstance(got, torch.Tensor)
            np.testing.assert_allclose(got.numpy(), np.asarray(want), rtol=1e-5, atol=1e-6)


def _flatten(structure):
    if isinstance(structure, (tuple, list)):
        return [leaf for part in structure for leaf in _flatten(part)]
    return [structure]


def test_gradients_flow_through_the_cells(ps, torch_math):
    class Direct(TorchMath):  # the parameters themselves, for autograd
        def value(self, variable):
            return variable

    def torch_parameter(next_creator, **kwargs):
        init = kwargs["initial_value"]
        value = init() if callable(init) else init
        return torch.nn.Parameter(torch.as_tensor(value), requires_grad=kwargs["trainable"])

    layers.register_math(torch.Tensor, Direct())
    with ps.variable_creator_scope(torch_parameter):
        cell = rnn_cell.LSTMCell(3, num_proj=2)
        nn.dynamic_rnn(cell, TensorSpec([None, 4, 2]), dtype=np.float32)
    outputs, _ = nn.dynamic_rnn(cell, torch.randn(2, 4, 2), dtype=np.float32)
    outputs.sum().backward()
    assert all(isinstance(w, torch.nn.Parameter) and w.grad is not None for w in cell.weights)
