"""Records the TensorFlow side of scenario modules in tests/ (run with the
TF venv): ~/.venvs/tf/bin/python tools/record_tf_scenarios.py reentry template
writes tests/data/tf_reentry.json and tests/data/tf_template.json."""
import importlib
import json
import os
import sys

import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import scenarios  # noqa: E402

tf.compat.v1.disable_eager_execution()


def create_op(name):
    return tf.raw_ops.NoOp(name=name).name


for name in sys.argv[1:]:
    module = importlib.import_module(name + "_scenarios")
    results = scenarios.run_all(module, tf.compat.v1, create_op)
    with open(scenarios.data_path(module), "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{scenarios.data_path(module)}: {len(results)} scenarios")
