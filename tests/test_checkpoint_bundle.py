"""The V2 tensor bundle against files TensorFlow 2.21 wrote
(tools/record_tf_checkpoints.py): every dtype read exactly as TF's reader
reads it, and the same variables written again byte for byte."""
import os
import pathlib

import numpy as np
import pytest

from checkpoint_support import (MANIFEST, expected_value, fixed_size_parts, format_only,  # noqa: F401
                                prefix_of, recorder)
from pyscope import errors
from pyscope.train._bundle import BundleReader, BundleWriter
from pyscope.train._bundle._dtypes import numpy_dtype, enum_of

pytestmark = pytest.mark.usefixtures("format_only")

TF_DTYPE_NAMES = {"string": object}


def _np_dtype(name):
    if name == "string":
        return np.dtype(object)
    if name == "bfloat16":
        import ml_dtypes
        return np.dtype(ml_dtypes.bfloat16)
    return np.dtype(name)


@pytest.mark.parametrize("case", sorted(recorder.CASES))
def test_reads_what_tf_reads(case):
    reader = BundleReader(prefix_of(case))
    tensors = MANIFEST[case]["tensors"]
    assert sorted(reader.tensors) == sorted(tensors)
    for key, record in tensors.items():
        info = reader.tensors[key]
        assert list(info.shape) == record["shape"], key
        dtype = _np_dtype(record["dtype"])
        assert info.dtype == dtype, key
        value = reader.get_tensor(key)
        assert value.shape == tuple(record["shape"]) and value.dtype == dtype, key
        if "error" in record:
            # TF refuses to assemble these; pyscope does, into the recorded values
            name, dt, shape, _ = next(v for v in MANIFEST[case]["variables"] if v[0] == key)
            want = recorder.value_of(name, dt, shape)
        else:
            want = expected_value(record, dtype, record["shape"])
        if dtype == object:
            assert value.tolist() == want.tolist(), key
        else:
            assert value.tobytes() == want.tobytes(), key


def _write_like_tf_saver(prefix, variables):
    # The TF1 Saver adds tensors sorted by name, a partitioned variable's
    # slices in part order.
    writer = BundleWriter(prefix)
    for name, dtype, shape, parts in sorted(variables, key=lambda v: v[0]):
        value = recorder.value_of(name, dtype, shape)
        if parts is None:
            writer.add(name, value)
            continue
        for extents in fixed_size_parts(shape, parts[0], parts[1]):
            index = tuple(slice(s, s + n) for s, n in extents)
            writer.add_slice(name, shape, extents, value[index])
    writer.finish()


@pytest.mark.parametrize("case", sorted(recorder.CASES))
def test_writes_tf_bytes(case, tmp_path):
    prefix = str(tmp_path / "model.ckpt")
    _write_like_tf_saver(prefix, MANIFEST[case]["variables"])
    ours = sorted(p for p in os.listdir(tmp_path))
    assert ours == sorted(MANIFEST[case]["files"])
    for name in ours:
        with open(tmp_path / name, "rb") as a, open(os.path.join(os.path.dirname(prefix_of(case)), name), "rb") as b:
            assert a.read() == b.read(), name


def test_one_part_variable_is_a_plain_entry():
    reader = BundleReader(prefix_of("partitioned"))
    assert reader.slices_of("emb/one_part") == []
    assert reader.slices_of("emb/w") == [[(0, 4), (0, 4)], [(4, 3), (0, 4)], [(7, 3), (0, 4)]]
    assert not reader.has_tensor("emb/w/part_0")
    with pytest.raises(errors.NotFoundError, match="emb/w/part_0"):
        reader.get_tensor("emb/w/part_0")


def test_round_trip_every_dtype(tmp_path):
    prefix = str(tmp_path / "rt")
    values = {name: recorder.value_of(name, dtype, shape)
              for name, dtype, shape, _ in recorder.CASES["mixed"]}
    writer = BundleWriter(prefix)
    for name in sorted(values):
        writer.add(name, values[name])
    writer.finish()
    reader = BundleReader(prefix)
    for name, want in values.items():
        got = reader.get_tensor(name)
        assert got.shape == want.shape and got.dtype == want.dtype
        assert got.tolist() == want.tolist() if got.dtype == object else got.tobytes() == want.tobytes()


def test_dtype_enums_round_trip():
    for enum in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 17, 18, 19, 22, 23):
        assert enum_of(numpy_dtype(enum)) == enum


def test_missing_checkpoint_is_not_found(tmp_path):
    with pytest.raises(errors.NotFoundError, match="Failed to find any matching files"):
        BundleReader(str(tmp_path / "nothing"))


def test_tf2_object_based_checkpoint():
    # tf.train.Checkpoint keys, the object graph, and TF's relative state file
    from pyscope import train
    record = MANIFEST["tf2_object"]
    folder = os.path.join(os.path.dirname(prefix_of("mixed")), os.pardir, "tf2_object")
    folder = os.path.normpath(folder)
    assert train.latest_checkpoint(folder) == os.path.join(folder, "ckpt-1")
    reader = train.load_checkpoint(folder)
    assert reader.get_variable_to_shape_map() == {k: v["shape"] for k, v in record["tensors"].items()}
    for key, want in record["tensors"].items():
        got = reader.get_tensor(key)
        if "strings" in want:
            expected = expected_value(want, object, want["shape"])
            assert np.asarray(got, dtype=object).tolist() == expected.tolist(), key
        else:
            assert got.tobytes() == bytes.fromhex(want["hex"]), key
    graph = reader.get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH")
    assert isinstance(graph, bytes) and b"VARIABLE_VALUE" in graph


@pytest.mark.parametrize("case", sorted(recorder.V1_CASES))
def test_reads_v1_checkpoints(case):
    # The legacy format, as the 2016 tf-slim model zoo; TF refuses sliced
    # tensors and float16/complex here, pyscope reads them all.
    from pyscope import train
    reader = train.NewCheckpointReader(prefix_of(case))
    tensors = MANIFEST[case]["tensors"]
    assert reader.get_variable_to_shape_map() == {k: v["shape"] for k, v in tensors.items()}
    for name, dtype, shape, _ in recorder.V1_CASES[case]:
        got = np.asarray(reader.get_tensor(name))
        record = tensors[name]
        want = (recorder.value_of(name, dtype, shape) if "error" in record
                else expected_value(record, _np_dtype(record["dtype"]), shape))
        assert got.dtype == want.dtype and got.shape == want.shape, name
        assert got.tolist() == want.tolist(), name


def test_v1_damage_is_data_loss(tmp_path):
    from pyscope import train
    data = pathlib.Path(prefix_of("v1")).read_bytes()
    path = tmp_path / "model.ckpt"
    for n in range(0, len(data), 7):
        path.write_bytes(data[:n])
        with pytest.raises(errors.DataLossError, match="model.ckpt"):
            train.NewCheckpointReader(str(path))


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    prefix = str(tmp_path / "model.ckpt")
    with pytest.raises(TypeError):
        with BundleWriter(prefix) as writer:
            writer.add("a", np.zeros(3, np.float32))
            writer.add("b", np.array([object()], dtype=object))  # not bytes: refused
    assert os.listdir(tmp_path) == []  # no temporary data file, no index
    assert writer._data is None  # and the file was closed
