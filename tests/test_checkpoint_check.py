"""compare_to_checkpoint and ``python -m pyscope ckpt check`` against TF's
"partitioned" fixture (recorded by tools/record_tf_checkpoints.py): the
suggested assignment_map must load the fixture's values through
init_from_checkpoint."""
import io
import textwrap

import numpy as np
import pytest

from checkpoint_support import prefix_of
from pyscope.train import _cli
from pyscope.train.checkpoint_check import compare_to_checkpoint

# the fixture's own names and shapes, built under another scope
PORT = textwrap.dedent("""
    import numpy as np
    import pyscope as ps

    def build(scope="port", emb_rows=10):
        with ps.variable_scope(scope):
            ps.get_variable("emb/w", shape=[emb_rows, 4])
            ps.get_variable("emb/one_part", shape=[4, 2])
            ps.get_variable("cols", shape=[3, 5], dtype=ps.float64)
            ps.get_variable("plain", shape=[3], dtype=ps.int32,
                            initializer=ps.zeros_initializer())
""")


def _model(tmp_path, body=PORT):
    path = tmp_path / "port_model.py"
    path.write_text(body)
    return str(path)


def _load(path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("port_model_for_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_scope_explains_the_differences(ps, tmp_path):
    from pyscope import train
    module = _load(_model(tmp_path))
    with ps.Graph().as_default():
        module.build()
        result = compare_to_checkpoint(prefix_of("partitioned"))
        assert result.missing == ["port/cols", "port/emb/one_part", "port/emb/w", "port/plain"]
        assert result.unexpected == ["cols", "emb/one_part", "emb/w", "half_parts",
                                     "plain", "str_parts"]
        assert result.shape_mismatches == [] and not result.matches
        assert result.assignment_map == {"/": "port/"}
        train.init_from_checkpoint(prefix_of("partitioned"), result.assignment_map)
        store = {v.name[:-2]: v for v in ps.global_variables()}
        for name in ("emb/w", "emb/one_part", "cols", "plain"):
            np.testing.assert_array_equal(store["port/" + name].numpy(),
                                          train.load_variable(prefix_of("partitioned"), name))


def test_a_shape_mismatch_is_reported_and_no_map_offered(ps, tmp_path):
    module = _load(_model(tmp_path))
    with ps.Graph().as_default():
        module.build(scope="port", emb_rows=9)
        result = compare_to_checkpoint(prefix_of("partitioned"))
        assert result.assignment_map is None  # port/emb/w would not load
    with ps.Graph().as_default():
        ps.get_variable("emb/w", shape=[9, 4])
        result = compare_to_checkpoint(prefix_of("partitioned"))
        assert result.missing == [] and result.shape_mismatches == [("emb/w", (9, 4), (10, 4))]


def test_scope_to_scope_map(ps, tmp_path):
    from pyscope import train
    with ps.Graph().as_default():
        ps.get_variable("net/w", shape=[10, 4])
        ps.get_variable("net/one_part", shape=[4, 2])
        ps.get_variable("plain", shape=[3], dtype=ps.int32)
        result = compare_to_checkpoint(prefix_of("partitioned"))
        assert result.assignment_map == {"emb/": "net/"}
        train.init_from_checkpoint(prefix_of("partitioned"), result.assignment_map)


def test_cli_check(ps, tmp_path):
    out = io.StringIO()
    status = _cli.main(["check", _model(tmp_path) + ":build", prefix_of("partitioned")], out)
    text = out.getvalue()
    assert status == 1
    assert "missing in checkpoint: port/emb/w\n" in text
    assert "unexpected in checkpoint: str_parts\n" in text
    assert "assignment_map for init_from_checkpoint: {'/': 'port/'}\n" in text


def test_cli_check_bad_model(tmp_path, capsys):
    assert _cli.main(["check", str(tmp_path / "none.py"), prefix_of("partitioned")],
                     io.StringIO()) == 2
    assert "none.py not found" in capsys.readouterr().err
