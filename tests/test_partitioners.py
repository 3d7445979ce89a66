"""pyscope.partitioners against TensorFlow 2.21 (tests/data/tf_partitioners.json).

Recorded by tools/record_tf_initializers.py: partition counts returned by TF's
partitioners for many (shape, dtype, arguments), with TF's exceptions, and the
parts (names, offsets, shapes, values) of real partitioned ``get_variable``
calls, which are replayed here with ``call_partitioner``, ``compute_slices``,
``PartitionInfo`` and the initializers, in the order TF's variable store uses.
"""
import builtins
import json
import math
import os

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pyscope import dtypes
from pyscope import initializers as I
from pyscope import partitioners as P

DATA = os.path.join(os.path.dirname(__file__), "data", "tf_partitioners.json")
with open(DATA) as _f:
    TF = json.load(_f)

NS = {"np": np,
      "fixed_size_partitioner": P.fixed_size_partitioner,
      "variable_axis_size_partitioner": P.variable_axis_size_partitioner,
      "min_max_variable_partitioner": P.min_max_variable_partitioner,
      "constant_initializer": I.constant_initializer,
      "ones_initializer": I.ones_initializer,
      "identity_initializer": I.identity_initializer}


def _exc(name):
    return getattr(builtins, name)


def _encode(a):
    a = np.asarray(a)
    return {"dtype": dtypes.dtype_name(a.dtype), "shape": list(a.shape), "value": a.tolist()}


@pytest.mark.parametrize("case", TF["partitioner_calls"],
                         ids=["%s-%s-%s" % (c["factory"], c["shape"], c["dtype"])
                              for c in TF["partitioner_calls"]])
def test_partition_counts_match_tf(case):
    if case.get("stage") == "factory":
        with pytest.raises(_exc(case["error"])):
            eval(case["factory"], NS)
        return
    part = eval(case["factory"], NS)
    shape = tuple(case["shape"])
    dtype = dtypes.as_dtype(case["dtype"])
    if "error" in case:
        with pytest.raises(_exc(case["error"])):
            part(shape=shape, dtype=dtype)
        return
    got = part(shape=shape, dtype=dtype)
    assert isinstance(got, list)
    assert got == case["result"]
    assert [type(x) for x in got] == [type(x) for x in case["result"]]


def _replay_get_variable(case):
    """What TF's _get_partitioned_variable does, with pyscope's pieces.

    Returns (record, created_part_names); record holds "error" on failure.
    """
    shape = tuple(case["shape"])
    dtype = dtypes.as_dtype(case.get("dtype") or "float32")
    partitioner = eval(case["partitioner"], NS)
    if len(shape) == 0:  # get_variable ignores a partitioner for a scalar
        return {"unpartitioned": {"name": "s/v:0", "shape": []}}, []
    created = []
    rec = {}
    try:
        partitions = P.call_partitioner(partitioner, shape, dtype)
        slices = P.compute_slices(shape, partitions)
        init = case.get("initializer")
        value = None
        if init is not None and init.startswith("value:"):
            value = np.array(eval(init[len("value:"):], NS), np.float32)
            init = None
        elif init is not None:
            init = eval(init, NS)
        else:
            init = I.default_initializer("s/v", dtype)
        parts, values = [], []
        for i, (offset, part_shape) in enumerate(slices):
            info = I.PartitionInfo(list(shape), list(offset))
            if value is not None:
                index = tuple(slice(o, o + s) for o, s in zip(offset, part_shape))
                part_value = value[index]
            else:
                part_value = init(list(part_shape), dtype=dtype, partition_info=info)
            assert part_value.shape == part_shape
            name = "s/v/part_%d" % i
            created.append(name)
            parts.append([name + ":0", list(offset), list(part_shape)])
            values.append(part_value)
    except Exception as e:  # noqa: BLE001
        rec["error"] = type(e).__name__
        return rec, created
    rec["partitions"] = [int(p) for p in partitions]
    rec["parts"] = parts
    rec["values"] = values
    return rec, created


@pytest.mark.parametrize("case", TF["get_variable"],
                         ids=["%s-%s-%s" % (c["partitioner"], c["shape"], c.get("initializer"))
                              for c in TF["get_variable"]])
def test_partitioned_get_variable_matches_tf(case):
    rec, created = _replay_get_variable(case)
    if "error" in case:
        assert rec.get("error") == case["error"]
        assert created == case["created_before_error"]
        return
    assert "error" not in rec, rec
    if "unpartitioned" in case:
        assert rec["unpartitioned"] == case["unpartitioned"]
        return
    assert rec["partitions"] == case["partitions"]
    assert rec["parts"] == case["parts"]
    if "part_values" in case:
        assert [_encode(v) for v in rec["values"]] == case["part_values"]


def test_example_from_the_api_contract():
    part = P.fixed_size_partitioner(num_shards=3, axis=0)
    partitions = P.call_partitioner(part, (5, 2), np.float32)
    assert partitions == [3, 1]
    assert P.compute_slices((5, 2), partitions) == [
        ((0, 0), (2, 2)), ((2, 0), (2, 2)), ((4, 0), (1, 2))]
    init = I.constant_initializer([1, 2])
    joined = np.concatenate([
        init(list(s), partition_info=I.PartitionInfo([5, 2], list(o)))
        for o, s in P.compute_slices((5, 2), partitions)])
    assert joined.tolist() == [[1, 2], [2, 2], [1, 2], [2, 2], [1, 2]]


def test_partitioners_accept_keywords_and_return_lists():
    for part in [P.fixed_size_partitioner(num_shards=2, axis=1),
                 P.variable_axis_size_partitioner(max_shard_bytes=24, axis=1, max_shards=None,
                                                  bytes_per_string_element=16),
                 P.min_max_variable_partitioner(max_partitions=2, axis=1, min_slice_size=8,
                                                bytes_per_string_element=16)]:
        out = part(shape=(3, 4), dtype=np.dtype(np.float32))
        assert out == [1, 2]


def test_validate_partitions_errors():
    with pytest.raises(ValueError):
        P.validate_partitions((4,), 2)
    with pytest.raises(ValueError):
        P.validate_partitions((4,), np.array([2]))
    with pytest.raises(ValueError):
        P.validate_partitions((4,), [2, 1])
    with pytest.raises(ValueError):
        P.validate_partitions((4, 4), [0, 1])
    with pytest.raises(ValueError):
        P.validate_partitions((4, 4), [2, 2])
    with pytest.raises(TypeError):
        P.validate_partitions((4,), ["a"])
    assert P.validate_partitions((4, 4), (1, 2)) == (1, 2)
    with pytest.raises(ValueError):
        P.call_partitioner(P.fixed_size_partitioner(2), (), np.float32)
    with pytest.raises(ValueError):
        P.call_partitioner(P.fixed_size_partitioner(2), (None, 3), np.float32)


def test_slice_dim_and_num_slices():
    assert P.slice_dim_and_num_slices([1, 1]) == (0, 1)
    assert P.slice_dim_and_num_slices([1, 4, 1]) == (1, 4)


def test_uneven_split_puts_extra_rows_first():
    assert [s for _, s in P.compute_slices([5], [3])] == [(2,), (2,), (1,)]
    assert [s for _, s in P.compute_slices([7, 3], [1, 2])] == [(7, 2), (7, 1)]


# --------------------------------------------------------------------------
# properties

_dims = st.lists(st.integers(1, 30), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(_dims, st.data())
def test_slices_tile_the_full_shape(shape, data):
    axis = data.draw(st.integers(0, len(shape) - 1))
    k = data.draw(st.integers(1, shape[axis]))
    partitions = [1] * len(shape)
    partitions[axis] = k
    slices = P.compute_slices(tuple(shape), partitions)
    assert len(slices) == k
    covered = np.zeros(shape, dtype=np.int32)
    sizes = []
    for offset, part in slices:
        index = tuple(slice(o, o + s) for o, s in zip(offset, part))
        covered[index] += 1
        sizes.append(part[axis])
        for d in range(len(shape)):
            if d != axis:
                assert part[d] == shape[d] and offset[d] == 0
        I.PartitionInfo(list(shape), list(offset))  # every offset is valid
    assert (covered == 1).all()
    assert sizes == sorted(sizes, reverse=True) and sizes[0] - sizes[-1] <= 1


_dtype_names = st.sampled_from(["float16", "float32", "float64", "int8", "int32", "int64",
                                "bool", "string", "complex128"])


@settings(max_examples=300, deadline=None)
@given(_dims, st.data(), _dtype_names)
def test_counts_never_exceed_the_axis(shape, data, dtype):
    axis = data.draw(st.integers(0, len(shape) - 1))
    dt = dtypes.as_dtype(dtype)
    for part in [
        P.fixed_size_partitioner(data.draw(st.integers(1, 50)), axis=axis),
        P.variable_axis_size_partitioner(data.draw(st.integers(1, 5000)), axis=axis,
                                         max_shards=data.draw(st.one_of(
                                             st.none(), st.integers(1, 10)))),
        P.min_max_variable_partitioner(data.draw(st.integers(1, 50)), axis=axis,
                                       min_slice_size=data.draw(st.integers(1, 5000))),
    ]:
        partitions = P.call_partitioner(part, tuple(shape), dt)
        assert 1 <= partitions[axis] <= shape[axis]
        assert all(p == 1 for i, p in enumerate(partitions) if i != axis)


@settings(max_examples=300, deadline=None)
@given(_dims, st.data(), _dtype_names, st.integers(1, 4096))
def test_variable_axis_size_keeps_shards_small(shape, data, dtype, max_bytes):
    axis = data.draw(st.integers(0, len(shape) - 1))
    dt = dtypes.as_dtype(dtype)
    elem = 16 if dt == dtypes.string else dt.itemsize
    slice_bytes = int(np.prod(shape)) // shape[axis] * elem
    assume(slice_bytes <= max_bytes)  # otherwise one slice per shard is the best
    partitions = P.variable_axis_size_partitioner(max_bytes, axis=axis)(
        shape=tuple(shape), dtype=dt)
    biggest = max(s[axis] for _, s in P.compute_slices(tuple(shape), partitions))
    assert biggest * slice_bytes <= max_bytes
    # and not more shards than needed
    if partitions[axis] > 1:
        per_shard = max_bytes // slice_bytes
        assert partitions[axis] == math.ceil(shape[axis] / per_shard)


@settings(max_examples=300, deadline=None)
@given(_dims, st.data(), st.integers(1, 64), st.integers(1, 1 << 16))
def test_min_max_partition_count(shape, data, max_partitions, min_slice):
    axis = data.draw(st.integers(0, len(shape) - 1))
    partitions = P.min_max_variable_partitioner(max_partitions, axis=axis,
                                                min_slice_size=min_slice)(
        shape=tuple(shape), dtype=np.dtype(np.float32))
    total = int(np.prod(shape)) * 4
    expected = max(1, min(shape[axis], max_partitions, math.ceil(total / min_slice)))
    assert partitions[axis] == expected
