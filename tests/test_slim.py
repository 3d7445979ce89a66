"""pyscope.slim against tf-slim 1.1.0 on TF 2.21.

Every case in tests/data/tf_slim.json (tools/record_tf_slim.py) replays here
on both backends: variables in creation order with every collection (model
variables, ``variables_collections``), output op names, arg_scope's rules
and errors, the variable helpers' queries, and reuse.
"""
import numpy as np

import pyscope.layers
import pyscope.nn
import pyscope.slim
from pyscope.tensor_spec import TensorSpec
from test_layers import _recorder as _layers_recorder
from test_layers import _v1
from recorded_replay import load_recording, replay_tests

RECORDED, _recorder = load_recording("slim")


def run_recorded(ps, name, **models):
    helpers = {**models,
        "v1": _v1(ps), "nn": pyscope.nn, "slim": pyscope.slim, "utils": pyscope.slim.utils,
        "tname": lambda t: t.name, "L": pyscope.layers, "npdt": np.dtype,
        "spec": lambda shape, dtype="float32": TensorSpec(shape, dtype),
        "out": lambda y: [y.name, list(y.shape), np.dtype(y.dtype).name],
        "json_safe": _layers_recorder.json_safe, "inputs": _layers_recorder.inputs,
        "setw_vars": lambda: [
            v.assign(_layers_recorder.weight_value(i, list(v.shape)).astype(np.dtype(v.dtype)))
            for i, v in enumerate(ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES))],
        "const": np.asarray, "value_of": np.asarray,
        "init_vars": lambda: None,  # pyscope's variables hold their initial values
    }
    return _layers_recorder.run_case(RECORDED[name]["code"], helpers)


test_recorded_tf_naming, test_numpy_reference_matches_tf, test_every_recorded_case_is_tested = (
    replay_tests(RECORDED, _recorder, run_recorded, elsewhere=("model_",)))
