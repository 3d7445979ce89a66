"""``python -m pyscope ckpt ls/diff`` (pyscope.train._cli) on TF's fixtures."""
import io
import numpy as np

import pytest

from checkpoint_support import MANIFEST, format_only, prefix_of  # noqa: F401
from pyscope.train import _cli
from pyscope.train._bundle import BundleWriter

pytestmark = pytest.mark.usefixtures("format_only")


def _run(*argv):
    out = io.StringIO()
    return _cli.main(list(argv), out), out.getvalue()


def test_ls_lists_what_tf_lists():
    status, text = _run("ls", prefix_of("partitioned"))
    assert status == 0
    rows = [line.split("\t") for line in text.splitlines()]
    assert [r[0] for r in rows] == sorted(MANIFEST["partitioned"]["tensors"])
    assert ["emb/w", "float32", "[10, 4]", "160 bytes"] in rows
    assert ["str_parts", "string", "[4]", "4 strings"] in rows


def test_ls_values():
    status, text = _run("ls", "--values", prefix_of("partitioned"))
    assert status == 0
    assert "plain\tint32\t[3]\t12 bytes\n[-53 -46 -39]\n" in text


def test_diff(tmp_path):
    assert _run("diff", "--values", prefix_of("mixed"), prefix_of("mixed")) == (0, "")
    status, text = _run("diff", prefix_of("mixed"), prefix_of("partitioned"))
    assert status == 1
    assert "missing in B: a" in text and "unexpected in B: emb/w" in text
    other = str(tmp_path / "other")
    writer = BundleWriter(other)
    writer.add("a", np.zeros((2, 3), np.float32))
    writer.add("b", np.zeros((2,), np.float64))
    writer.add("flag", np.zeros((3,), np.int8))
    writer.finish()
    status, text = _run("diff", "--values", prefix_of("mixed"), other)
    assert status == 1
    assert "values changed: a" in text.splitlines()
    assert "shape changed: b [] -> [2]" in text.splitlines()
    assert "dtype changed: flag bool -> int8" in text.splitlines()
    assert "missing in B: words" in text.splitlines()


def test_unreadable_checkpoint_is_status_2(tmp_path, capsys):
    assert _run("ls", str(tmp_path / "nothing"))[0] == 2
    assert "Failed to find any matching files" in capsys.readouterr().err
