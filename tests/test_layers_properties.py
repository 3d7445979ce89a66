"""Rules of pyscope.layers stated once and checked on generated cases.

* A layer names its output from shapes alone: what it says for a
  ``TensorSpec`` (``compute_output_shape``) is the shape its NumPy
  reference computes (the values themselves are checked against TF's in
  test_layers.py).
* ``layer.name`` is ``snake_case(class)_N`` with one counter per class and
  graph, consumed at construction (TF's rule A1).
"""
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pyscope.layers as L
from pyscope.tensor_spec import TensorSpec

# each example builds in its own fresh graph (on the fixture's backend)
FIXTURE = HealthCheck.function_scoped_fixture

conv_configs = st.fixed_dictionaries({
    "rank": st.sampled_from([1, 2, 3]),
    "size": st.integers(3, 7),
    "kernel": st.integers(1, 3),
    "stride": st.integers(1, 3),
    "dilation": st.integers(1, 2),
    "padding": st.sampled_from(["valid", "same"]),
    "kind": st.sampled_from(["conv", "transpose", "separable", "max", "avg"]),
    "channels_first": st.booleans(),
})


def make_layer(c):
    rank, kind = c["rank"], c["kind"]
    data_format = "channels_first" if c["channels_first"] else "channels_last"
    stride = 1 if c["dilation"] > 1 else c["stride"]
    if kind in ("max", "avg"):
        cls = {("max", 1): L.MaxPooling1D, ("avg", 1): L.AveragePooling1D,
               ("max", 2): L.MaxPooling2D, ("avg", 2): L.AveragePooling2D,
               ("max", 3): L.MaxPooling3D, ("avg", 3): L.AveragePooling3D}[kind, rank]
        return cls(c["kernel"], c["stride"], padding=c["padding"], data_format=data_format)
    if kind == "transpose":
        cls = {1: L.Conv2DTranspose, 2: L.Conv2DTranspose, 3: L.Conv3DTranspose}[rank]
        return cls(2, c["kernel"], strides=c["stride"], padding=c["padding"],
                   data_format=data_format)
    if kind == "separable":
        cls = L.SeparableConv1D if rank == 1 else L.SeparableConv2D
        return cls(3, c["kernel"], strides=stride, padding=c["padding"],
                   dilation_rate=c["dilation"], depth_multiplier=2, data_format=data_format)
    cls = {1: L.Conv1D, 2: L.Conv2D, 3: L.Conv3D}[rank]
    return cls(2, c["kernel"], strides=stride, padding=c["padding"],
               dilation_rate=c["dilation"], data_format=data_format)


@settings(max_examples=40, deadline=None, suppress_health_check=[FIXTURE])
@given(conv_configs)
def test_spec_shape_is_the_computed_shape(ps, c):
    with ps.Graph().as_default():
        check_shapes(c)


def check_shapes(c):
    layer = make_layer(c)
    rank = layer.rank
    spatial = [c["size"]] * rank
    shape = [2, 3] + spatial if c["channels_first"] else [2] + spatial + [3]
    if (c["padding"] == "valid" and c["kind"] not in ("transpose",)
            and c["size"] < (c["kernel"] - 1) * c["dilation"] + 1):
        return  # no valid output position
    out = layer(TensorSpec(shape))
    value = layer.call(np.ones(shape, np.float32))
    assert tuple(out.shape) == value.shape


LAYER_CLASSES = [L.Dense, L.Conv2D, L.Dropout, L.Flatten, L.BatchNormalization,
                 L.MaxPooling2D]


def construct(cls):
    if cls is L.Dense:
        return cls(3)
    if cls is L.Conv2D:
        return cls(3, 3)
    if cls is L.MaxPooling2D:
        return cls(2, 2)
    return cls()


@settings(max_examples=30, deadline=None, suppress_health_check=[FIXTURE])
@given(st.lists(st.sampled_from(LAYER_CLASSES), max_size=12))
def test_layer_names_count_per_class(ps, classes):
    from pyscope.layers.base import to_snake_case
    counts = {}
    with ps.Graph().as_default():
        for cls in classes:
            counts[cls] = counts.get(cls, 0) + 1
            assert construct(cls).name == "%s_%d" % (to_snake_case(cls.__name__), counts[cls])
