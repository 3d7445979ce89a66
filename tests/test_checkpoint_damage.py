"""Damaged and hostile checkpoint files: each raises a Python exception of
TF's type (DataLossError, NotFoundError, ...) naming the file and what is
wrong; none crashes, hangs or allocates what the file cannot hold.
TF 2.21's own reader aborts the process on several of these."""
import os
import pathlib
import shutil
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from checkpoint_support import format_only, prefix_of  # noqa: F401
from pyscope import errors
from pyscope.train._bundle import BundleReader, BundleWriter
from pyscope.train._bundle._crc import crc32c, mask
from pyscope.train._bundle._ordered_code import OrderedCodeError, decode_tensor_name_slice
from pyscope.train._bundle._protos import BundleEntry, parse_dtype_shape, parse_entry
from pyscope.train._bundle._table import TableBuilder, TableError, read_table
from pyscope.train._bundle._wire import WireError, encode_varint

pytestmark = pytest.mark.usefixtures("format_only")


def _copy(case, tmp_path):
    src = os.path.dirname(prefix_of(case))
    for name in os.listdir(src):
        shutil.copy(os.path.join(src, name), tmp_path / name)
    return str(tmp_path / "model.ckpt")


def _read_all(prefix):
    reader = BundleReader(prefix)
    return {key: reader.get_tensor(key) for key in reader.tensors}


def _rewrite_index(prefix, edit):
    """Rebuilds the index with edit(key, entry bytes) -> bytes (valid crcs),
    so the damage is in the entry, not the table."""
    with open(prefix + ".index", "rb") as f:
        records = read_table(f.read())
    table = TableBuilder()
    for key, value in records:
        table.add(key, edit(key, value))
    with open(prefix + ".index", "wb") as f:
        f.write(table.finish())


def _entry_edit(target, **changes):
    def edit(key, value):
        if key != target:
            return value
        entry = parse_entry(value)
        for k, v in changes.items():
            setattr(entry, k, v)
        return entry.serialize()
    return edit


def test_truncated_index_every_length(tmp_path):
    prefix = _copy("mixed", tmp_path)
    data = pathlib.Path(prefix + ".index").read_bytes()
    for n in range(len(data)):
        with open(prefix + ".index", "wb") as f:
            f.write(data[:n])
        with pytest.raises(errors.DataLossError, match="model.ckpt.index"):
            BundleReader(prefix)


def test_every_flipped_bit_of_the_index(tmp_path):
    prefix = _copy("mixed", tmp_path)
    data = bytearray(pathlib.Path(prefix + ".index").read_bytes())
    for i in range(len(data)):
        for bit in (0, 7):
            damaged = bytearray(data)
            damaged[i] ^= 1 << bit
            with open(prefix + ".index", "wb") as f:
                f.write(damaged)
            try:
                _read_all(prefix)
            except (errors.DataLossError, errors.NotFoundError, ValueError):
                pass  # ValueError: a version field flipped to a newer producer's


def test_every_flipped_byte_of_the_data(tmp_path):
    prefix = _copy("partitioned", tmp_path)
    path = prefix + ".data-00000-of-00001"
    data = bytearray(pathlib.Path(path).read_bytes())
    for i in range(len(data)):
        damaged = bytearray(data)
        damaged[i] ^= 0x10
        with open(path, "wb") as f:
            f.write(damaged)
        with pytest.raises(errors.DataLossError, match="data-00000-of-00001"):
            _read_all(prefix)


def test_truncated_data(tmp_path):
    prefix = _copy("mixed", tmp_path)
    path = prefix + ".data-00000-of-00001"
    data = pathlib.Path(path).read_bytes()
    with open(path, "wb") as f:
        f.write(data[:-1])
    with pytest.raises(errors.DataLossError, match="past the end of the file"):
        _read_all(prefix)


def test_missing_shard(tmp_path):
    prefix = _copy("mixed", tmp_path)
    os.remove(prefix + ".data-00000-of-00001")
    reader = BundleReader(prefix)  # the index alone still lists the names
    assert "a" in reader.tensors
    with pytest.raises(errors.NotFoundError, match="data-00000-of-00001"):
        reader.get_tensor("a")


def test_bad_magic(tmp_path):
    prefix = _copy("mixed", tmp_path)
    data = bytearray(pathlib.Path(prefix + ".index").read_bytes())
    data[-1] ^= 0xFF
    pathlib.Path(prefix + ".index").write_bytes(data)
    with pytest.raises(errors.DataLossError, match="bad magic"):
        BundleReader(prefix)


def test_huge_block_handle(tmp_path):
    prefix = _copy("mixed", tmp_path)
    data = bytearray(pathlib.Path(prefix + ".index").read_bytes())
    footer = encode_varint(0) + encode_varint(0) + encode_varint(1 << 60) + encode_varint(1 << 60)
    data[-48:-8] = footer.ljust(40, b"\0")
    pathlib.Path(prefix + ".index").write_bytes(data)
    with pytest.raises(errors.DataLossError, match="points past the end"):
        BundleReader(prefix)


@pytest.mark.parametrize("changes, match", [
    ({"dtype": 99}, "unsupported dtype"),
    ({"dtype": 21}, "unsupported dtype variant"),
    ({"shape": [-1, 3]}, "negative dimension"),
    ({"shape": [1 << 40, 1 << 40]}, "overflows int64"),
    ({"shard_id": 5}, "shard 5 of 1"),
    ({"offset": 1 << 62}, "past the end"),
    ({"size": 1 << 62}, "entry size"),
    ({"crc32c": 1}, "Checksum does not match"),
])
def test_hostile_entries(tmp_path, changes, match):
    prefix = _copy("mixed", tmp_path)
    _rewrite_index(prefix, _entry_edit(b"a", **changes))
    with pytest.raises(errors.DataLossError, match=match):
        _read_all(prefix)


def test_huge_string_count(tmp_path):
    prefix = _copy("mixed", tmp_path)
    _rewrite_index(prefix, _entry_edit(b"words", shape=[1 << 40]))
    with pytest.raises(errors.DataLossError, match="cannot fit"):
        _read_all(prefix)


def test_string_claiming_a_huge_size_still_reads(tmp_path):
    # TF reads it too: for strings the size is only a lower bound
    prefix = _copy("mixed", tmp_path)
    _rewrite_index(prefix, _entry_edit(b"words", size=1 << 62))
    assert len(BundleReader(prefix).get_tensor("words")) == 3


def test_missing_slice(tmp_path):
    prefix = _copy("partitioned", tmp_path)
    with open(prefix + ".index", "rb") as f:
        records = read_table(f.read())
    table = TableBuilder()
    dropped = None
    for key, value in records:
        if dropped is None and key.startswith(b"\x00") and b"emb/w" in key:
            dropped = key
            continue
        table.add(key, value)
    pathlib.Path(prefix + ".index").write_bytes(table.finish())
    reader = BundleReader(prefix)
    with pytest.raises(errors.NotFoundError, match="emb/w"):
        reader.get_tensor("emb/w")
    assert reader.get_tensor("plain").shape == (3,)  # one failure does not stick


@pytest.mark.parametrize("slices, error, match", [
    ([[(0, 4), (0, 4)]], errors.InvalidArgumentError, "sufficient slices"),
    ([[(0, 4), (0, 4)], [(8, 4), (0, 4)]], errors.DataLossError, "outside"),
])
def test_slices_short_or_out_of_bounds(tmp_path, slices, error, match):
    prefix = _copy("partitioned", tmp_path)
    _rewrite_index(prefix, _entry_edit(b"emb/w", slices=slices))
    with pytest.raises(error, match=match):
        BundleReader(prefix).get_tensor("emb/w")


def test_header_newer_min_consumer(tmp_path):
    prefix = str(tmp_path / "m")
    w = BundleWriter(prefix)
    w.add("x", np.zeros(2, np.float32))
    from pyscope.train._bundle._protos import BundleHeader
    w.finish(BundleHeader(num_shards=1, producer=1, min_consumer=1000))
    with pytest.raises(ValueError, match="min consumer version 1000"):
        BundleReader(prefix)


# -- fuzz the parsers (bounded: a few seconds) -------------------------------

_FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


@_FUZZ
@given(st.binary(max_size=200))
def test_fuzz_table(data):
    try:
        read_table(data)
    except TableError:
        pass


@_FUZZ
@given(st.binary(max_size=64))
def test_fuzz_entry(data):
    try:
        parse_entry(data)
    except WireError:
        pass


@_FUZZ
@given(st.binary(max_size=64))
def test_fuzz_slice_key(data):
    try:
        decode_tensor_name_slice(data)
    except OrderedCodeError:
        pass


@_FUZZ
@given(st.integers(0, 3000), st.integers(0, 255), st.sampled_from(["mixed", "partitioned"]))
def test_fuzz_damaged_index_files(pos, value, case):
    data = bytearray(pathlib.Path(prefix_of(case) + ".index").read_bytes())
    data[pos % len(data)] = value
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        shutil.copy(prefix_of(case) + ".data-00000-of-00001", d)
        prefix = os.path.join(d, "model.ckpt")
        pathlib.Path(prefix + ".index").write_bytes(data)
        try:
            _read_all(prefix)
        except (errors.OpError, ValueError):
            pass


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(-(1 << 63), (1 << 63) - 1),
                          st.integers(-1, (1 << 63) - 1)), max_size=4),
       st.text(max_size=8))
def test_slice_keys_round_trip(extents, name):
    from pyscope.train._bundle._ordered_code import encode_tensor_name_slice
    assert decode_tensor_name_slice(encode_tensor_name_slice(name, extents)) == (name, extents)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=300), min_size=1, max_size=3000, unique=True))
def test_table_round_trip(keys):
    keys = sorted(keys)
    table = TableBuilder()
    for k in keys:
        table.add(k, k[::-1])
    assert read_table(table.finish()) == [(k, k[::-1]) for k in keys]


_ENTRIES = st.builds(
    BundleEntry, dtype=st.integers(0, 200), shape=st.lists(st.integers(0, 1 << 40), max_size=4),
    shard_id=st.integers(0, 300), offset=st.integers(0, 1 << 62), size=st.integers(0, 1 << 62),
    crc32c=st.integers(0, 0xFFFFFFFF),
    slices=st.lists(st.lists(st.tuples(st.integers(0, 300), st.integers(-1, 300)), max_size=3),
                    max_size=2))


@settings(max_examples=300, deadline=None)
@given(_ENTRIES)
def test_entry_fast_path_equals_the_reference(entry):
    from pyscope.train._bundle._protos import parse_entry_generic
    raw = entry.serialize()
    assert parse_entry(raw) == parse_entry_generic(raw)


@_FUZZ
@given(st.binary(max_size=40))
def test_entry_fast_path_on_garbage(data):
    from pyscope.train._bundle._protos import parse_entry_generic
    try:
        want = parse_entry_generic(data)
    except WireError:
        with pytest.raises(WireError):
            parse_entry(data)
        return
    assert parse_entry(data) == want


@_FUZZ
@given(st.binary(max_size=60), st.sampled_from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 18, 19, 22, 23]),
       st.integers(0, 6))
@example(b"1\x00\x00\x00\x00\x00\x00\x00B", 3, 0)  # a double_val NaN in an int32 tensor
def test_fuzz_v1_tensor_proto(data, dtype, count):
    from pyscope.train._bundle.v1 import _tensor_values
    try:
        out = _tensor_values(data, dtype, count, "fuzz")
    except WireError:
        return
    assert out.size == count


def test_listing_and_reading_agree_on_a_repeated_shape_field(tmp_path):
    # The listing reads only the leading dtype and shape; a later repeated
    # shape field (proto3: last one wins) must not make a read disagree.
    prefix = _copy("mixed", tmp_path)
    _rewrite_index(prefix, lambda key, value: value + b"\x12\x00" if key == b"a" else value)
    reader = BundleReader(prefix)
    with pytest.raises(errors.DataLossError, match="repeats its dtype or shape"):
        reader.get_tensor("a")


@_FUZZ
@given(st.binary(max_size=64))
def test_fuzz_listing_parse(data):
    # On any bytes the listing's parse either answers or raises WireError
    # (which the reader reports as DataLossError).
    try:
        parse_dtype_shape(data)
    except WireError:
        pass


@_FUZZ
@given(st.integers(1, 30), st.lists(st.integers(0, (1 << 62)), max_size=5),
       st.integers(0, 3), st.integers(0, 1 << 40), st.integers(0, 1 << 40),
       st.integers(0, (1 << 32) - 1))
def test_listing_parse_agrees_with_the_full_parse(dtype, shape, shard, offset, size, crc):
    raw = BundleEntry(dtype, shape, shard, offset, size, crc).serialize()
    full = parse_entry(raw)
    assert parse_dtype_shape(raw) == (full.dtype, tuple(full.shape)) == (dtype, tuple(shape))


def test_v1_values_come_from_the_dtypes_own_field_only():
    # TF reads int_val for int32, double_val for float64 ...; other fields of
    # the TensorProto are ignored (a float64 NaN must not be cast to int32)
    from pyscope.train._bundle.v1 import _tensor_values
    double_val = b"\x31" + struct.pack("<d", 2.5)  # field 6, fixed64
    int_val = b"\x38\x07"  # field 7, varint 7
    assert _tensor_values(double_val + int_val, 3, 1, "t").tolist() == [7]  # int32
    assert _tensor_values(double_val + int_val, 2, 1, "t").tolist() == [2.5]  # float64
    with pytest.raises(WireError, match="holds 0 values, not 1"):
        _tensor_values(double_val, 3, 1, "t")
