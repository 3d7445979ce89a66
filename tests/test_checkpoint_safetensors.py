"""``ckpt export --safetensors`` / export_safetensors on TF's "mixed" fixture:
the safetensors package (when installed) reads back exactly what pyscope's
reader gives for every dtype safetensors has."""
import io
import json

import numpy as np
import pytest

from checkpoint_support import format_only, prefix_of  # noqa: F401
from pyscope.train import _cli, load_checkpoint
from pyscope.train.safetensors_export import export_safetensors

pytestmark = pytest.mark.usefixtures("format_only")

UNSUPPORTED = ["c128", "c64", "no_words", "word", "words"]  # complex and strings


def test_unsupported_dtypes_are_named_and_nothing_is_written(tmp_path):
    out = tmp_path / "m.safetensors"
    with pytest.raises(ValueError, match="cannot hold c128 .*--skip-unsupported"):
        export_safetensors(prefix_of("mixed"), str(out))
    assert list(tmp_path.iterdir()) == []


def test_layout(tmp_path):
    out = tmp_path / "m.safetensors"
    assert export_safetensors(prefix_of("mixed"), str(out), skip_unsupported=True,
                              metadata={"format": "pt"}) == UNSUPPORTED
    data = out.read_bytes()
    size = int.from_bytes(data[:8], "little")
    assert size % 8 == 0
    header = json.loads(data[8:8 + size])
    assert header.pop("__metadata__") == {"format": "pt"}
    reader = load_checkpoint(prefix_of("mixed"))
    end = 0
    for name, spec in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, stop = spec["data_offsets"]
        assert begin == end
        value = reader.get_tensor(name)
        assert spec["shape"] == list(value.shape)
        assert data[8 + size + begin:8 + size + stop] == value.tobytes()
        end = stop
    assert len(data) == 8 + size + end


def test_the_safetensors_package_reads_it(tmp_path):
    safetensors = pytest.importorskip("safetensors")
    out = str(tmp_path / "m.safetensors")
    status = _cli.main(["export", "--safetensors", "--skip-unsupported", prefix_of("mixed"), out],
                       io.StringIO())
    assert status == 0
    reader = load_checkpoint(prefix_of("mixed"))
    names = sorted(set(reader.get_variable_to_shape_map()) - set(UNSUPPORTED) - {"bf16"})
    with safetensors.safe_open(out, framework="numpy") as f:
        assert sorted(f.keys()) == sorted(names + ["bf16"])
        for name in names:  # numpy has no bfloat16: safetensors.numpy cannot load it
            np.testing.assert_array_equal(f.get_tensor(name), reader.get_tensor(name))


def test_cli_needs_a_format(tmp_path, capsys):
    assert _cli.main(["export", prefix_of("mixed"), str(tmp_path / "x")], io.StringIO()) == 2
    assert "--safetensors" in capsys.readouterr().err
