"""pytest-benchmark over the model and checkpoint rows of `python -m pyscope
bench --models --checkpoints`: naming a whole model from shapes (per build,
shape-only variables) on both backends, and listing / reading / saving an
8 MiB checkpoint of 200 float32 variables by pyscope and by a plain copy of
its bytes (the floor)."""
import pytest

from pyscope import _bench_checkpoints as checkpoints
from pyscope import _bench_models as models
from pyscope import bench


@pytest.mark.parametrize("key", [m.key for m in models.MODELS])
def test_name_model(benchmark, ps, key):
    if key not in [m.key for m in models.present()]:
        pytest.skip(f"{key}: its module is not in this pyscope")
    benchmark.extra_info["label"] = next(m.label for m in models.MODELS if m.key == key)
    benchmark.pedantic(models.name_model, args=(ps, key), rounds=5, iterations=1)


@pytest.fixture(scope="module")
def checkpoint_files(tmp_path_factory):
    files = checkpoints.CheckpointFiles(str(tmp_path_factory.mktemp("ckpt")), 8)
    files.write_reference()
    return files


@pytest.mark.parametrize("op", [op for op, _ in checkpoints.OPS])
def test_checkpoint_pyscope(benchmark, ps, checkpoint_files, op):
    benchmark.extra_info["bytes"] = checkpoint_files.nbytes
    api = bench.PyscopeAPI(ps.__backend__)
    benchmark.pedantic(api.checkpoint, args=(op, checkpoint_files), rounds=5, iterations=1)


@pytest.mark.parametrize("op", ["read", "save"])
def test_checkpoint_plain_copy(benchmark, checkpoint_files, op):
    benchmark.extra_info["bytes"] = checkpoint_files.nbytes
    benchmark.pedantic(checkpoints.plain_op, args=(op, checkpoint_files), rounds=5,
                       iterations=1)
