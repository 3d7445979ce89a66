"""pyscope.layers against tf.compat.v1.layers (tf-keras 2.21, graph mode).

Every case in tests/data/tf_layers.json (made by tools/record_tf_layers.py)
replays here on both backends: variables (name, shape, dtype, trainable,
every collection, creation order), ``layer.name``, ``scope_name``, the op
names of each layer's outputs and where the next op would go, what custom
getters and creators receive, and the errors TF raises.  ``math_*`` cases
compare the NumPy reference with TF's outputs for the same weights.
"""
import types

import numpy as np

import pyscope.layers
import pyscope.nn
from pyscope.tensor_spec import TensorSpec
from recorded_replay import load_recording, replay_tests

RECORDED, _recorder = load_recording("layers")


def _v1(ps):
    """pyscope as the cases use ``tf.compat.v1`` (with the collection
    shortcuts the cases read, whether or not the package has them yet)."""
    g = ps.get_default_graph
    extra = {
        "global_variables": lambda: g().get_collection(ps.GraphKeys.GLOBAL_VARIABLES),
        "local_variables": lambda: g().get_collection(ps.GraphKeys.LOCAL_VARIABLES),
    }
    names = {n: getattr(ps, n) for n in dir(ps) if not n.startswith("__")}
    return types.SimpleNamespace(**{**extra, **names, "layers": pyscope.layers})


def run_recorded(ps, name):
    def setw(layer):
        for i, w in enumerate(layer.weights):
            w.assign(_recorder.weight_value(i, list(w.shape)).astype(np.dtype(w.dtype)))

    helpers = {
        "v1": _v1(ps), "L": pyscope.layers, "nn": pyscope.nn, "npdt": np.dtype,
        "spec": lambda shape, dtype="float32": TensorSpec(shape, dtype),
        "out": lambda y: [y.name, list(y.shape), np.dtype(y.dtype).name],
        "op": lambda n: ps.get_default_graph().create_op_name(n),
        "val": lambda v: np.asarray(v.numpy()).tolist(),
        "setw": setw,
        "run": lambda layer, x, value, **kwargs: layer.call(value, **kwargs),
        "assign_abs": lambda v: v.assign(np.abs(np.asarray(v.numpy())) + 0.5),
        "reg": lambda tag: (lambda v: ps.create_op_name(tag)),
        "inputs": _recorder.inputs,
    }
    return _recorder.run_case(RECORDED[name]["code"], helpers)


test_recorded_tf_naming, test_numpy_reference_matches_tf, test_every_recorded_case_is_tested = (
    replay_tests(RECORDED, _recorder, run_recorded))


def test_call_touches_no_scope(ps):
    layer = pyscope.layers.Dense(3, activation=pyscope.nn.relu)
    layer(TensorSpec([None, 4]))
    g = ps.get_default_graph()
    before = g.unique_name("dense/MatMul", mark_as_used=False)
    out = layer.call(np.ones((2, 4), np.float32))
    assert out.shape == (2, 3)
    assert g.unique_name("dense/MatMul", mark_as_used=False) == before


def test_spec_chain_names_a_model_from_shapes(ps):
    x = TensorSpec([None, 8])
    for units in (16, 16, 4):
        x = pyscope.layers.dense(x, units, activation=pyscope.nn.tanh)
    assert x == TensorSpec((None, 4), "float32", name="dense_2/Tanh")
    names = [v.op_name for v in ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES)]
    assert names == ["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias",
                     "dense_2/kernel", "dense_2/bias"]


def test_spec_shapes_are_tensor_shapes_as_tf1_code_reads_them(ps):
    from pyscope.tensor_shape import TensorShape
    y = pyscope.layers.dense(TensorSpec([None, 8]), 3)
    for shape in (y.shape, y.get_shape()):  # BERT's get_shape_list reads as_list()
        assert isinstance(shape, TensorShape) and shape.as_list() == [None, 3]
        assert shape == (None, 3) and hash(shape) == hash((None, 3)) and shape.ndims == 2
    assert TensorSpec(None).shape is None  # unknown rank


def test_registered_math_computes_for_its_type(ps):
    class Boxed:
        def __init__(self, array):
            self.array, self.shape, self.dtype = array, array.shape, array.dtype

    class BoxedMath(pyscope.layers.NumpyMath):
        def dense(self, inputs, kernel, bias):
            return Boxed(super().dense(inputs.array, kernel, bias))

    pyscope.layers.register_math(Boxed, BoxedMath())
    try:
        out = pyscope.layers.dense(Boxed(np.ones((2, 4), np.float32)), 3)
    finally:
        pyscope.layers.numerics._MATHS.pop(Boxed)
    assert isinstance(out, Boxed) and out.shape == (2, 3)
