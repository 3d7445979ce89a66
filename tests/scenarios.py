"""Running recorded scenarios: modules of functions `scenario(ps, op)` run
on pyscope by the tests and on TensorFlow by tools/record_tf_scenarios.py,
with the same code (`ps` the API module, `op(name)` creating an op)."""
import json
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def run(scenario, ps, op):
    """The scenario's records on a fresh default graph, or ["crash", type]."""
    ps.reset_default_graph()
    try:
        return json.loads(json.dumps(scenario(ps, op)))
    except Exception as exc:  # recorded, compared by type
        return ["crash", type(exc).__name__]


def run_all(module, ps, op):
    return {s.__name__: run(s, ps, op) for s in module.SCENARIOS}


def data_path(module):
    """tests/data/tf_<name>.json for <name>_scenarios.py"""
    return os.path.join(DATA, "tf_%s.json" % module.__name__.split(".")[-1][:-len("_scenarios")])


def load_recorded(module):
    with open(data_path(module)) as f:
        return json.load(f)
