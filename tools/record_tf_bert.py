"""Record BERT (Devlin et al., 2018) built on TensorFlow 2.21 for
pyscope._models.bert's tests.

Run it from the TensorFlow venv (tf-keras 2.21, tf-slim 1.1.0,
``TF_USE_LEGACY_KERAS=1``, set here):

    ~/.venvs/tf/bin/python tools/record_tf_bert.py

It writes ``tests/data/tf_bert.json``.  The TF model below is written as
google-research/bert's modeling.py and run_pretraining.py build it: the
layers are ``tf.compat.v1.layers.dense`` and ``tf_slim.layer_norm``
(``begin_norm_axis=-1, begin_params_axis=-1``, what modeling.py's
``tf.contrib.layers.layer_norm`` is), the initializers
``truncated_normal(stddev=initializer_range)``, dropout off (not training).
The cases call it as

    bert(input_ids, token_type_ids, config, input_mask=None, masked_lm_positions=None)

with ``config`` a dict of BertConfig's fields; it returns ``(masked_lm_logits,
next_sentence_logits, sequence_output, pooled_output)``, and tests/test_bert.py
replays the cases with ``pyscope._models.bert.bert_pretraining``.  Helpers as
in record_tf_layers.py, plus ``shp(y)`` (``[shape, dtype]``), ``const``,
``setw_vars()`` (every global variable, in creation order, gets
``weight_value``) and ``value_of(y)``.  The build time of each case is printed.
"""
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import record_tf_layers as _layers  # noqa: E402 - numpy only

OUT = os.path.join(HERE, os.pardir, "tests", "data", "tf_bert.json")
CASES, case = _layers.case_book()

BASE = """
BASE = dict(vocab_size=30522, hidden_size=768, num_hidden_layers=12,
            num_attention_heads=12, intermediate_size=3072,
            max_position_embeddings=512, type_vocab_size=2, initializer_range=0.02)
"""
SMALL = """
SMALL = dict(vocab_size=30, hidden_size=16, num_hidden_layers=2, num_attention_heads=4,
             intermediate_size=24, max_position_embeddings=8, type_vocab_size=2,
             initializer_range=0.02)
ids = [[2, 7, 29, 4, 0], [11, 3, 3, 18, 25]]
types = [[0, 0, 0, 1, 1], [0, 0, 1, 1, 1]]
"""

case("bert_base_variables", BASE + """
outputs = bert(spec([2, 128], "int32"), spec([2, 128], "int32"), BASE)
rec(allvars(), [shp(y) for y in outputs], [out(outputs[i]) for i in (0, 1, 3)])
""")
case("bert_base_masked_positions", BASE + """
outputs = bert(spec([8, 64], "int32"), None, BASE, masked_lm_positions=spec([8, 10], "int32"))
rec(len(allvars()), [shp(y) for y in outputs])
""")
case("math_bert_small", SMALL + """
bert(spec([2, 5], "int32"), spec([2, 5], "int32"), SMALL)
setw_vars()
with v1.variable_scope(v1.get_variable_scope(), reuse=True):
    plain = bert(const(ids), const(types), SMALL)
rec(allvars(), [value_of(y) for y in plain])
""")
case("math_bert_small_mask_and_positions", SMALL + """
bert(spec([2, 5], "int32"), spec([2, 5], "int32"), SMALL)
setw_vars()
with v1.variable_scope(v1.get_variable_scope(), reuse=True):
    masked = bert(const(ids), None, SMALL, input_mask=const([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]),
                  masked_lm_positions=const([[1, 3], [0, 2]]))
rec([value_of(y) for y in masked])
""")


def tf_bert(tf, slim):
    """BERT with its pretraining heads, as modeling.py and run_pretraining.py
    build it (no dropout: the cases do not train)."""
    import numpy as np

    v1 = tf.compat.v1

    def initializer(config):
        return v1.truncated_normal_initializer(stddev=config["initializer_range"])

    def layer_norm(x):
        return slim.layer_norm(x, begin_norm_axis=-1, begin_params_axis=-1)

    def gelu(x):  # the tanh approximation, as modeling.py
        cdf = 0.5 * (1.0 + tf.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * tf.pow(x, 3))))
        return x * cdf

    def embeddings(ids, token_types, config, batch, seq):
        width = config["hidden_size"]
        table = v1.get_variable("word_embeddings", [config["vocab_size"], width],
                                initializer=initializer(config))
        out = tf.reshape(tf.gather(table, tf.reshape(ids, [-1])), [batch, seq, width])
        types_table = v1.get_variable("token_type_embeddings",
                                      [config["type_vocab_size"], width],
                                      initializer=initializer(config))
        one_hot = tf.one_hot(tf.reshape(token_types, [-1]), depth=config["type_vocab_size"])
        out += tf.reshape(tf.matmul(one_hot, types_table), [batch, seq, width])
        positions = v1.get_variable("position_embeddings",
                                    [config["max_position_embeddings"], width],
                                    initializer=initializer(config))
        out += tf.reshape(tf.slice(positions, [0, 0], [seq, -1]), [1, seq, width])
        return layer_norm(out), table

    def attention(x, mask, config, batch, seq):
        heads = config["num_attention_heads"]
        size = config["hidden_size"] // heads

        def project(name):
            y = v1.layers.dense(x, heads * size, name=name, kernel_initializer=initializer(config))
            return tf.transpose(tf.reshape(y, [batch, seq, heads, size]), [0, 2, 1, 3])

        query, key, value = project("query"), project("key"), project("value")
        scores = tf.matmul(query, key, transpose_b=True) * (1.0 / np.sqrt(float(size)))
        scores += (1.0 - tf.cast(mask[:, None, None, :], tf.float32)) * -10000.0
        context = tf.matmul(tf.nn.softmax(scores), value)
        return tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch * seq, heads * size])

    def encoder(x, mask, config, batch, seq):
        hidden = config["hidden_size"]
        prev = tf.reshape(x, [batch * seq, hidden])
        for i in range(config["num_hidden_layers"]):
            with v1.variable_scope("layer_%d" % i):
                with v1.variable_scope("attention"):
                    with v1.variable_scope("self"):
                        heads = attention(prev, mask, config, batch, seq)
                    with v1.variable_scope("output"):
                        y = v1.layers.dense(heads, hidden, kernel_initializer=initializer(config))
                        attended = layer_norm(y + prev)
                with v1.variable_scope("intermediate"):
                    mid = v1.layers.dense(attended, config["intermediate_size"], activation=gelu,
                                          kernel_initializer=initializer(config))
                with v1.variable_scope("output"):
                    y = v1.layers.dense(mid, hidden, kernel_initializer=initializer(config))
                    prev = layer_norm(y + attended)
        return tf.reshape(prev, [batch, seq, hidden])

    def bert(ids, token_types, config, input_mask=None, masked_lm_positions=None):
        batch, seq = ids.shape.as_list()
        if token_types is None:
            token_types = tf.zeros([batch, seq], tf.int32)
        if input_mask is None:
            input_mask = tf.ones([batch, seq], tf.int32)
        hidden = config["hidden_size"]
        with v1.variable_scope("bert"):
            with v1.variable_scope("embeddings"):
                x, table = embeddings(ids, token_types, config, batch, seq)
            with v1.variable_scope("encoder"):
                sequence_output = encoder(x, input_mask, config, batch, seq)
            with v1.variable_scope("pooler"):
                first = tf.squeeze(sequence_output[:, 0:1, :], axis=1)
                pooled = v1.layers.dense(first, hidden, activation=tf.tanh,
                                         kernel_initializer=initializer(config))
        flat = tf.reshape(sequence_output, [batch * seq, hidden])
        if masked_lm_positions is not None:  # run_pretraining's gather_indexes
            offsets = tf.reshape(tf.range(0, batch, dtype=tf.int32) * seq, [-1, 1])
            flat = tf.gather(flat, tf.reshape(masked_lm_positions + offsets, [-1]))
        with v1.variable_scope("cls/predictions"):
            with v1.variable_scope("transform"):
                h = v1.layers.dense(flat, hidden, activation=gelu,
                                    kernel_initializer=initializer(config))
                h = layer_norm(h)
            bias = v1.get_variable("output_bias", [config["vocab_size"]],
                                   initializer=v1.zeros_initializer())
            mlm = tf.nn.bias_add(tf.matmul(h, table, transpose_b=True), bias)
        with v1.variable_scope("cls/seq_relationship"):
            weights = v1.get_variable("output_weights", [2, hidden],
                                      initializer=initializer(config))
            bias = v1.get_variable("output_bias", [2], initializer=v1.zeros_initializer())
            nsp = tf.nn.bias_add(tf.matmul(pooled, weights, transpose_b=True), bias)
        return mlm, nsp, sequence_output, pooled

    return bert


def _run_on_tf():
    import tensorflow as tf
    from record_tf_slim import import_tf_slim

    slim = import_tf_slim()
    v1 = tf.compat.v1
    v1.disable_eager_execution()
    bert = tf_bert(tf, slim)
    results = {}
    for name, code in CASES.items():
        v1.reset_default_graph()
        session = _layers.CaseSession(v1)
        helpers = dict(
            _layers.tf_spec_helpers(v1), v1=v1, bert=bert, const=tf.constant,
            setw_vars=session.setw_vars, value_of=session.value_of)
        start = time.perf_counter()
        results[name] = {"code": code, "records": _layers.run_case(code, helpers)}
        print("%s: %.2f s" % (name, time.perf_counter() - start))
        session.close()
    return results


def main():
    _layers.write_results(_run_on_tf(), OUT)


if __name__ == "__main__":
    main()
