"""Records tests/data/tf_templates.json from TensorFlow 2.21 (run with the
TF venv: ~/.venvs/tf/bin/python tools/record_tf_templates.py)."""
import json
import os
import sys

import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import template_scenarios  # noqa: E402

tf.compat.v1.disable_eager_execution()
results = template_scenarios.run_all(tf.compat.v1, lambda name: tf.raw_ops.NoOp(name=name).name)
with open(os.path.join(HERE, "..", "tests", "data", "tf_templates.json"), "w") as f:
    json.dump(results, f, indent=1, sort_keys=True)
    f.write("\n")
