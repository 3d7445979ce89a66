"""pyscope's side of the bench's model rows (``python -m pyscope bench
--models``): naming a whole published model from ``TensorSpec`` inputs with
shape-only variables (pyscope._models), per build.  TF's side, building the
same model in graph mode, is pyscope/_bench_tf.py."""
import importlib
import importlib.util
import time
from typing import Any, Callable, List, NamedTuple

from pyscope._models.shape_only import shape_only
from pyscope.tensor_spec import TensorSpec

__all__ = ["MODELS", "Model", "missing", "name_model", "present"]

RESNET_INPUT = [None, 224, 224, 3]
BERT_INPUT = [8, 128]  # batch, sequence length (as pyscope/_bench_tf.py)


class Model(NamedTuple):
    """A model row: ``load()`` imports the model's module and returns the
    build (no arguments) that names it once."""
    key: str
    label: str
    module: str  # where the builder lives; a row whose module is missing is skipped
    load: Callable[[], Callable[[], Any]]


def _resnet_v1_50() -> Callable[[], Any]:
    from pyscope._models.slim_nets import resnet_v1_50
    return lambda: resnet_v1_50(TensorSpec(RESNET_INPUT))


def _bert_base() -> Callable[[], Any]:
    bert: Any = importlib.import_module("pyscope._models.bert")
    return lambda: bert.bert_pretraining(TensorSpec(BERT_INPUT, "int32"), config=bert.BERT_BASE)


MODELS = [
    Model("model_resnet_v1_50", "name ResNet-50 from shapes (per build)",
          "pyscope._models.slim_nets", _resnet_v1_50),
    Model("model_bert_base", "name BERT-base from shapes (per build)",
          "pyscope._models.bert", _bert_base),
]


def _importable(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def present() -> List[Model]:
    """The models whose builder is in this pyscope."""
    return [m for m in MODELS if _importable(m.module)]


def missing() -> List[Model]:
    """The models whose builder this pyscope does not have (yet)."""
    return [m for m in MODELS if not _importable(m.module)]


def name_model(ps: Any, key: str) -> float:
    """Seconds pyscope (module `ps`, on its live backend) takes to name
    model `key` in a fresh graph, its variables shape-only."""
    build = next(m for m in MODELS if m.key == key).load()
    with ps.Graph().as_default(), ps.variable_creator_scope(shape_only):
        start = time.perf_counter()
        build()
        return time.perf_counter() - start
