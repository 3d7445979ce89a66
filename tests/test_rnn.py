"""pyscope.nn's RNN cells and drivers against tf.compat.v1.nn (tf-keras 2.21).

Every case in tests/data/tf_rnn.json (tools/record_tf_rnn.py) replays here on
both backends: variables in creation order with every collection, cell
names and scopes, output and state shapes (and op names of direct cell
calls), sharing, the two-unscoped-dynamic_rnn collision and TF's errors;
``math_*`` cases compare the NumPy reference with TF's outputs.
"""
import numpy as np

import pyscope.layers
import pyscope.nn
from pyscope.layers.base import flatten, map_structure
from pyscope.tensor_spec import TensorSpec
from test_layers import _recorder as _layers_recorder
from test_layers import _v1
from recorded_replay import load_recording, replay_tests

RECORDED, _recorder = load_recording("rnn")


def run_recorded(ps, name):
    def setw(cell):
        for i, w in enumerate(cell.weights):
            w.assign(_layers_recorder.weight_value(i, list(w.shape)).astype(np.dtype(w.dtype)))

    def nest_spec(state):
        return map_structure(lambda a: TensorSpec([None] + list(a.shape[1:])), state)

    def setw_vars():
        for i, w in enumerate(ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES)):
            w.assign(_layers_recorder.weight_value(i, list(w.shape)).astype(np.dtype(w.dtype)))

    def lookup(embedding, ids):  # tf.nn.embedding_lookup
        if isinstance(ids, TensorSpec):
            return TensorSpec(tuple(ids.shape) + tuple(embedding.shape[1:]), embedding.dtype)
        return embedding.numpy()[np.asarray(ids)]

    def project(outputs, weights, biases):  # the LM's softmax layer
        if isinstance(outputs, TensorSpec):
            return TensorSpec([None, weights.shape[1]], outputs.dtype)
        flat_outputs = np.asarray(outputs).reshape(-1, weights.shape[0])
        return flat_outputs @ weights.numpy() + biases.numpy()

    def concat(parts):  # tf.concat(parts, -1) of specs
        shape = parts[0].shape
        return TensorSpec(shape[:-1] + (sum(p.shape[-1] for p in parts),), parts[0].dtype)

    def attend(query, keys, score_v, memory):  # the attention context's spec
        return TensorSpec(query.shape[:-1] + memory.shape[-1:], memory.dtype)

    helpers = {
        "concat": concat, "attend": attend, "setw_vars": setw_vars, "lookup": lookup, "project": project,
        "const": np.asarray, "value_of": np.asarray,
        "v1": _v1(ps), "nn": pyscope.nn, "R": pyscope.nn.rnn_cell, "L": pyscope.layers,
        "npdt": np.dtype,
        "spec": lambda shape, dtype="float32": TensorSpec(shape, dtype),
        "out": lambda y: [y.name, list(y.shape), np.dtype(y.dtype).name],
        "shp": lambda y: [list(y.shape), np.dtype(y.dtype).name],
        "flat": flatten, "setw": setw, "nest_spec": nest_spec,
        "runs": lambda cell, x, value, state: cell.call(value, state),
        "run_rnn": lambda o, s, x, value, cell: pyscope.nn.dynamic_rnn(
            cell, value, dtype=np.float32),
        "run_bi": lambda fw, bw, x, value: pyscope.nn.bidirectional_dynamic_rnn(
            fw, bw, value, dtype=np.float32, sequence_length=[4, 2, 3]),
        "inputs": _layers_recorder.inputs, "json_safe": _layers_recorder.json_safe,
    }
    return _layers_recorder.run_case(RECORDED[name]["code"], helpers)


test_recorded_tf_naming, test_numpy_reference_matches_tf, test_every_recorded_case_is_tested = (
    replay_tests(RECORDED, _recorder, run_recorded))
