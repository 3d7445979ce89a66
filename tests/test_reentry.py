"""Re-entered variable_scope objects, improper nesting and failed entries
behave as TensorFlow recorded (tests/data/tf_reentry.json)."""
import json
import os

import pytest

import reentry_scenarios

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "tf_reentry.json")) as f:
    RECORDED = json.load(f)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_matches_tensorflow(ps, name):
    scenario = getattr(reentry_scenarios, name)
    ps.reset_default_graph()
    try:
        got = scenario(ps, ps.create_op_name)
    except Exception as exc:
        got = ["crash", type(exc).__name__]
    assert json.loads(json.dumps(got)) == RECORDED[name]
