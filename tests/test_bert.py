"""BERT on pyscope (pyscope/_models/bert.py) against TF's BERT built from the
same architecture (tools/record_tf_bert.py -> tests/data/tf_bert.json).

BERT-base is named from ``TensorSpec`` inputs under a creator making
shape-only variables (110M parameters are not allocated); its variable list
must be TF's exactly.  The small model's NumPy forward pass, with the same
deterministic weights, must match TF's outputs within 1e-5."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pyscope.errors
from pyscope._models.bert import BERT_BASE, BertConfig, bert_pretraining
from pyscope.tensor_spec import TensorSpec
from test_layers import _recorder as _layers_recorder
from test_layers import _v1
from recorded_replay import load_recording, replay_tests
from pyscope._models.shape_only import shape_only

RECORDED, _recorder = load_recording("bert")
SMALL = BertConfig(30, 16, 2, 4, 24, 8, 2, 0.02)
IDS = np.array([[2, 7, 29, 4, 0], [11, 3, 3, 18, 25]], np.int32)


def bert(ids, token_types, config, **kwargs):
    return bert_pretraining(ids, token_types, config=BertConfig(**config), **kwargs)


def run_recorded(ps, name):
    def setw_vars():
        for i, w in enumerate(ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES)):
            w.assign(_layers_recorder.weight_value(i, list(w.shape)).astype(np.dtype(w.dtype)))

    helpers = {
        "v1": _v1(ps), "bert": bert, "const": np.asarray, "setw_vars": setw_vars,
        "value_of": np.asarray, "npdt": np.dtype,
        "spec": lambda shape, dtype="float32": TensorSpec(shape, dtype),
        "out": lambda y: [y.name, list(y.shape), np.dtype(y.dtype).name],
        "shp": lambda y: [list(y.shape), np.dtype(y.dtype).name],
    }
    return _layers_recorder.run_case(RECORDED[name]["code"], helpers)


test_recorded_tf_naming, test_numpy_reference_matches_tf, test_every_recorded_case_is_tested = (
    replay_tests(RECORDED, _recorder, run_recorded,
    naming_context=lambda ps: ps.variable_creator_scope(shape_only)))


def _variables(ps):
    return ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES)


def test_a_reusing_scope_shares_every_variable(ps):
    ids = TensorSpec([2, 5], "int32")
    first = bert_pretraining(ids, config=SMALL)
    before = list(_variables(ps))
    with ps.variable_scope(ps.get_variable_scope(), reuse=True):
        again = bert_pretraining(ids, config=SMALL)
    recorded = RECORDED["math_bert_small"]["records"][0][0]  # TF's, for this config
    assert _variables(ps) == before and [v.name for v in before] == [r[0] for r in recorded]
    assert [tuple(y.shape) for y in again] == [tuple(y.shape) for y in first]
    with pytest.raises(ValueError, match="bert/embeddings/word_embeddings already exists"):
        bert_pretraining(ids, config=SMALL)
    assert _variables(ps) == before


def _tables(ps):
    g = ps.get_default_graph()
    probes = ["bert", "bert/encoder/layer_0/attention/self/query", "cls/predictions/MatMul",
              "bert/pooler/dense/Tanh", "bert_1", "dense"]
    return (g._core._memory_usage()["used_names"], g._core._num_variables(),
            [g.unique_name(p, mark_as_used=False) for p in probes],
            {k: list(g.get_collection(k)) for k in g.get_all_collection_keys()})


def test_forward_pass_after_naming_names_nothing(ps):
    bert_pretraining(TensorSpec([2, 5], "int32"), config=SMALL)
    before = _tables(ps)
    outputs = bert_pretraining(IDS, np.ones_like(IDS), config=SMALL)
    assert _tables(ps) == before
    assert [y.shape for y in outputs] == [(10, 30), (2, 2), (2, 5, 16), (2, 16)]
    assert all(y.dtype == np.float32 for y in outputs)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layers=st.integers(1, 3), heads=st.sampled_from([1, 2, 4]), batch=st.integers(1, 3),
       seq=st.integers(1, 6), vocab=st.integers(2, 9), positions=st.integers(1, 3),
       seed=st.integers(0, 2 ** 16))
def test_computed_outputs_have_the_named_shapes_and_name_nothing(
        ps, layers, heads, batch, seq, vocab, positions, seed):
    # one code path: the arrays computed have the shapes of the specs named,
    # and computing leaves every table of the graph as naming left it
    ps.reset_default_graph()
    config = BertConfig(vocab, 8, layers, heads, 12, 6, 3, 0.02)
    rng = np.random.default_rng(seed)
    specs = bert_pretraining(TensorSpec([batch, seq], "int32"), TensorSpec([batch, seq], "int32"),
                             config=config,
                             masked_lm_positions=TensorSpec([batch, positions], "int32"))
    before = _tables(ps)
    values = bert_pretraining(rng.integers(0, vocab, (batch, seq)), rng.integers(0, 3, (batch, seq)),
                              config=config, input_mask=rng.integers(0, 2, (batch, seq)),
                              masked_lm_positions=rng.integers(0, seq, (batch, positions)))
    assert [v.shape for v in values] == [tuple(s.shape) for s in specs]
    assert all(np.isfinite(v).all() for v in values)
    assert _tables(ps) == before


def test_forward_pass_needs_the_named_variables(ps):
    with pytest.raises(ValueError, match="bert/embeddings/word_embeddings does not exist"):
        bert_pretraining(IDS, config=SMALL)


def test_masked_positions_pick_rows_of_the_full_prediction(ps):
    bert_pretraining(TensorSpec([2, 5], "int32"), config=SMALL)
    full = bert_pretraining(IDS, config=SMALL).masked_lm_logits
    picked = bert_pretraining(IDS, config=SMALL,
                              masked_lm_positions=[[4, 0, 2], [1, 1, 3]]).masked_lm_logits
    np.testing.assert_allclose(picked, full[[4, 0, 2, 6, 6, 8]], rtol=1e-5, atol=1e-6)


def test_padding_masked_out_leaves_the_other_positions_alone(ps):
    # a masked position gets -10000 on its attention score: changing its id
    # barely moves the unmasked positions (as in TF, not exactly: exp(-10000) is 0)
    bert_pretraining(TensorSpec([2, 5], "int32"), config=SMALL)
    mask = [[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]
    changed = IDS.copy()
    changed[0, 3:] = [9, 9]
    a = bert_pretraining(IDS, config=SMALL, input_mask=mask).sequence_output
    b = bert_pretraining(changed, config=SMALL, input_mask=mask).sequence_output
    np.testing.assert_allclose(a[0, :3], b[0, :3], rtol=1e-6, atol=1e-6)
    assert not np.allclose(a[0, 3:], b[0, 3:])


def test_dropout_only_when_training(ps):
    bert_pretraining(TensorSpec([2, 5], "int32"), config=SMALL)
    eval_a, eval_b = (bert_pretraining(IDS, config=SMALL).pooled_output for _ in range(2))
    train = bert_pretraining(IDS, config=SMALL, is_training=True).pooled_output
    np.testing.assert_array_equal(eval_a, eval_b)
    assert not np.allclose(train, eval_a)


def test_bert_base_default_config_from_specs(ps):
    with ps.variable_creator_scope(shape_only):
        out = bert_pretraining(TensorSpec([None, 128], "int32"))
    assert BERT_BASE == BertConfig(30522, 768, 12, 12, 3072, 512, 2, 0.02)
    assert out.masked_lm_logits == TensorSpec([None, 30522], name="cls/predictions/BiasAdd")
    assert out.next_sentence_logits == TensorSpec(
        [None, 2], name="cls/seq_relationship/BiasAdd")
    assert out.pooled_output == TensorSpec([None, 768], name="bert/pooler/dense/Tanh")
    assert tuple(out.sequence_output.shape) == (None, 128, 768)
    recorded = RECORDED["bert_base_variables"]["records"][0][0]
    assert [[v.op_name, list(v.shape)] for v in _variables(ps)] == [
        [name[:-2], shape] for name, shape, *_ in recorded]


@pytest.mark.parametrize("call, error, message", [
    (lambda: bert_pretraining(TensorSpec([2, 5], "float32"), config=SMALL),
     TypeError, "input_ids must hold integers"),
    (lambda: bert_pretraining(TensorSpec([10], "int32"), config=SMALL),
     ValueError, "input_ids must have rank 2"),
    (lambda: bert_pretraining(TensorSpec([2, 9], "int32"), config=SMALL),
     ValueError, r"sequence length \(9\) must be known and at most max_position_embeddings"),
    (lambda: bert_pretraining(TensorSpec([2, 5], "int32"), config=SMALL._replace(
        num_attention_heads=3)),
     ValueError, r"hidden size \(16\) is not a multiple of the number of attention heads"),
    (lambda: bert_pretraining(TensorSpec([2, 5], "int32"), TensorSpec([2, 4], "int32"),
                              config=SMALL),
     ValueError, r"token_type_ids must have the shape of input_ids, \[2, 5\]"),
    (lambda: bert_pretraining(TensorSpec([2, 5], "int32"), IDS, config=SMALL),
     TypeError, "token_type_ids is an array while input_ids is a TensorSpec"),
    (lambda: bert_pretraining(TensorSpec([2, 5], "int32"), config=SMALL,
                              masked_lm_positions=TensorSpec([3, 2], "int32")),
     ValueError, "masked_lm_positions must have the batch size of input_ids"),
])
def test_bad_input_raises_and_names_nothing(ps, call, error, message):
    before = _tables(ps)
    with pytest.raises(error, match=message):
        call()
    assert _tables(ps) == before


@pytest.mark.parametrize("kwargs, message", [
    ({"input_ids": IDS * 2}, r"input_ids: 58 is not in \[0, 30\)"),
    ({"input_ids": IDS, "masked_lm_positions": [[0, 5], [1, 2]]},
     r"masked_lm_positions: 5 is not in \[0, 5\)"),
])
def test_ids_out_of_range_raise_invalid_argument(ps, kwargs, message):
    bert_pretraining(TensorSpec([2, 5], "int32"), config=SMALL)
    with pytest.raises(pyscope.errors.InvalidArgumentError, match=message):
        bert_pretraining(config=SMALL, **kwargs)
