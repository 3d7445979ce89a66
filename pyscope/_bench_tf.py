"""TensorFlow's side of the bench's model and checkpoint rows, run only in
the bench's TensorFlow worker (``python -m pyscope bench --worker
tensorflow``, possibly in another interpreter: ``--tf-python``).  Nothing
here imports TensorFlow: the worker passes its ``tf`` module in.

- `build_model`: TF building the model pyscope names, in graph mode, on a
  placeholder: tf-slim's own ``resnet_v1_50``, and BERT-base with its
  pretraining heads written as google-research/bert's modeling.py and
  run_pretraining.py write it (the architecture pyscope._models.bert names).
- `checkpoint`: TF's ``CheckpointReader`` listing and reading, and
  ``tf.compat.v1.train.Saver`` saving, the bench's checkpoint.
"""
import math
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from pyscope import _bench_checkpoints as checkpoints
from pyscope._bench_models import BERT_INPUT, RESNET_INPUT

__all__ = ["build_model", "checkpoint"]


# -- the models ---------------------------------------------------------------------
def _slim(tf: Any) -> Any:
    """tf_slim, which imports ``tf_keras.legacy_tf_layers`` for batch_norm:
    the tf-keras wheel ships it as ``tf_keras.src.legacy_tf_layers``."""
    import tf_keras.src.legacy_tf_layers as legacy  # type: ignore[import-not-found, unused-ignore]
    import tf_keras.src.legacy_tf_layers.normalization  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
    sys.modules.setdefault("tf_keras.legacy_tf_layers", legacy)
    sys.modules.setdefault("tf_keras.legacy_tf_layers.normalization", legacy.normalization)
    import tf_slim  # type: ignore[import-not-found, unused-ignore]
    return tf_slim


def _resnet_v1_50(tf: Any) -> Callable[[], Any]:
    slim = _slim(tf)
    from tf_slim.nets import resnet_v1  # type: ignore[import-not-found, unused-ignore]
    v1 = tf.compat.v1

    def build() -> Any:
        images = v1.placeholder(tf.float32, RESNET_INPUT)
        with slim.arg_scope(resnet_v1.resnet_arg_scope()):
            return resnet_v1.resnet_v1_50(images, num_classes=1000)
    return build


# BERT-base (Devlin et al., 2018): vocab, hidden, layers, heads, intermediate,
# max positions, token types, initializer range.
BERT_BASE = (30522, 768, 12, 12, 3072, 512, 2, 0.02)


def _bert_pretraining(tf: Any) -> Callable[[], Any]:
    """BERT-base with its pretraining heads, as modeling.py builds ``BertModel``
    (is_training=False: no dropout) and run_pretraining.py its heads, here
    on every position (no masked-position gather): the MLM and NSP logits."""
    slim = _slim(tf)
    v1 = tf.compat.v1
    vocab, hidden, layers, heads, inter, max_pos, types, init_range = BERT_BASE
    batch, seq = BERT_INPUT
    size = hidden // heads

    def init() -> Any:
        return v1.truncated_normal_initializer(stddev=init_range)

    def layer_norm(x: Any) -> Any:
        return slim.layer_norm(x, begin_norm_axis=-1, begin_params_axis=-1)

    def dense(x: Any, units: int, activation: Any = None, name: Optional[str] = None) -> Any:
        return v1.layers.dense(x, units, activation=activation, name=name,
                               kernel_initializer=init())

    def gelu(x: Any) -> Any:
        cdf = 0.5 * (1.0 + tf.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * tf.pow(x, 3))))
        return x * cdf

    def heads_of(x: Any) -> Any:
        return tf.transpose(tf.reshape(x, [batch, seq, heads, size]), [0, 2, 1, 3])

    def attention(x: Any, mask: Any) -> Any:
        query = heads_of(dense(x, hidden, name="query"))
        key = heads_of(dense(x, hidden, name="key"))
        value = heads_of(dense(x, hidden, name="value"))
        scores = tf.multiply(tf.matmul(query, key, transpose_b=True), 1.0 / math.sqrt(size))
        scores += (1.0 - tf.cast(tf.expand_dims(mask, axis=[1]), tf.float32)) * -10000.0
        context = tf.matmul(tf.nn.softmax(scores), value)
        return tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch * seq, hidden])

    def embeddings(input_ids: Any, token_type_ids: Any) -> Tuple[Any, Any]:
        table = v1.get_variable("word_embeddings", [vocab, hidden], initializer=init())
        ids = tf.reshape(tf.expand_dims(input_ids, axis=[-1]), [-1])
        out = tf.reshape(tf.gather(table, ids), [batch, seq, hidden])
        type_table = v1.get_variable("token_type_embeddings", [types, hidden],
                                     initializer=init())
        one_hot = tf.one_hot(tf.reshape(token_type_ids, [-1]), depth=types)
        out += tf.reshape(tf.matmul(one_hot, type_table), [batch, seq, hidden])
        with tf.control_dependencies([v1.assert_less_equal(seq, max_pos)]):
            positions = v1.get_variable("position_embeddings", [max_pos, hidden],
                                        initializer=init())
            out += tf.reshape(tf.slice(positions, [0, 0], [seq, -1]), [1, seq, hidden])
        return layer_norm(out), table

    def build() -> Any:
        input_ids = v1.placeholder(tf.int32, [batch, seq])
        token_type_ids = tf.zeros([batch, seq], dtype=tf.int32)
        input_mask = tf.ones([batch, seq], dtype=tf.int32)
        with v1.variable_scope("bert"):
            with v1.variable_scope("embeddings"):
                out, table = embeddings(input_ids, token_type_ids)
            with v1.variable_scope("encoder"):
                mask = tf.ones([batch, seq, 1]) * tf.cast(
                    tf.reshape(input_mask, [batch, 1, seq]), tf.float32)
                prev = tf.reshape(out, [-1, hidden])
                for index in range(layers):
                    with v1.variable_scope("layer_%d" % index):
                        with v1.variable_scope("attention"):
                            with v1.variable_scope("self"):
                                context = attention(prev, mask)
                            with v1.variable_scope("output"):
                                attended = layer_norm(dense(context, hidden) + prev)
                        with v1.variable_scope("intermediate"):
                            middle = dense(attended, inter, activation=gelu)
                        with v1.variable_scope("output"):
                            prev = layer_norm(dense(middle, hidden) + attended)
                sequence = tf.reshape(prev, [batch, seq, hidden])
            with v1.variable_scope("pooler"):
                first = tf.squeeze(sequence[:, 0:1, :], axis=1)
                pooled = dense(first, hidden, activation=tf.tanh)
        with v1.variable_scope("cls/predictions"):
            with v1.variable_scope("transform"):
                transformed = layer_norm(dense(prev, hidden, activation=gelu))
            bias = v1.get_variable("output_bias", [vocab], initializer=v1.zeros_initializer())
            mlm = tf.nn.bias_add(tf.matmul(transformed, table, transpose_b=True), bias)
        with v1.variable_scope("cls/seq_relationship"):
            weights = v1.get_variable("output_weights", [2, hidden], initializer=init())
            bias = v1.get_variable("output_bias", [2], initializer=v1.zeros_initializer())
            nsp = tf.nn.bias_add(tf.matmul(pooled, weights, transpose_b=True), bias)
        return mlm, nsp
    return build


MODELS: Dict[str, Callable[[Any], Callable[[], Any]]] = {
    "model_resnet_v1_50": _resnet_v1_50,
    "model_bert_base": _bert_pretraining,
}


def build_model(tf: Any, key: str) -> float:
    """Seconds TF takes to build model `key` in a fresh graph (imports done
    before the clock starts)."""
    build = MODELS[key](tf)
    with tf.compat.v1.Graph().as_default():
        start = time.perf_counter()
        build()
        return time.perf_counter() - start


# -- the checkpoint -----------------------------------------------------------------
class _SavedModel:
    """The bench checkpoint's variables in a TF session, for Saver.save."""

    def __init__(self, tf: Any, sizes: List[Tuple[str, int]]) -> None:
        v1 = tf.compat.v1
        self.graph = v1.Graph()
        with self.graph.as_default():
            for index, (name, count) in enumerate(sizes):
                v1.get_variable(name, shape=[count], dtype=tf.float32,
                                initializer=v1.constant_initializer(float(index)))
            self.saver = v1.train.Saver()
            self.session = v1.Session(graph=self.graph)
            self.session.run(v1.global_variables_initializer())


def checkpoint(tf: Any, op: str, files: checkpoints.CheckpointFiles) -> float:
    """Seconds TF takes for checkpoint operation `op` on the bench's
    checkpoint `files`:
    "list" and "read" with ``tf.train.load_checkpoint``'s reader, "save"
    with ``Saver.save`` of the same variables to a new prefix."""
    if op != "save":
        return checkpoints.time_read(op, tf.train.load_checkpoint, files)
    model = files.savers.get("tf") or files.savers.setdefault("tf", _SavedModel(tf, files.sizes()))
    return checkpoints.time_save(files, "tf", lambda prefix: model.saver.save(
        model.session, prefix, write_meta_graph=False))
