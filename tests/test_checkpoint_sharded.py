"""A checkpoint TF 2.21 wrote with Saver(sharded=True) from variables on three
logical CPU devices (tools/record_tf_sharded_checkpoint.py): three data
shards merged into one index.  pyscope reads every tensor exactly as TF's
reader did, and each device's variables from one shard of their own."""
import json
import os

import numpy as np
import pytest

from checkpoint_support import DATA, expected_value, format_only, prefix_of  # noqa: F401
from pyscope.train import load_checkpoint
from pyscope.train._bundle import BundleReader

pytestmark = pytest.mark.usefixtures("format_only")

with open(os.path.join(DATA, "sharded", "sharded.json")) as _f:
    RECORD = json.load(_f)


def test_reads_every_tensor_as_tf_did():
    reader = load_checkpoint(prefix_of("sharded"))
    shapes = reader.get_variable_to_shape_map()
    assert sorted(shapes) == sorted(RECORD["tensors"])
    for name, record in RECORD["tensors"].items():
        assert shapes[name] == record["shape"]
        value = reader.get_tensor(name)
        want = expected_value(record, value.dtype, record["shape"])
        assert value.dtype.name == ("object" if record["dtype"] == "string" else record["dtype"])
        if value.dtype == object:
            assert value.tolist() == want.tolist()
        else:
            np.testing.assert_array_equal(value, want)


def test_one_shard_per_device():
    bundle = BundleReader(prefix_of("sharded"))
    assert bundle.header.num_shards == len(RECORD["devices"]) == 3
    shard_of = {name: bundle.entry(name.encode()).shard_id for name in bundle.tensors}
    # shard k holds the variables of the k-th device in sorted order
    by_device = [{shard_of[name] for name, _, _ in RECORD["devices"][device]}
                 for device in sorted(RECORD["devices"])]
    assert by_device == [{0}, {1}, {2}]
