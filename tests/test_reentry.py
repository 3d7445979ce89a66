"""Re-entered variable_scope objects, improper nesting and failed entries
behave as TensorFlow recorded (tests/data/tf_reentry.json)."""
import pytest

import reentry_scenarios
import scenarios

RECORDED = scenarios.load_recorded(reentry_scenarios)


def test_every_scenario_was_recorded():
    assert sorted(RECORDED) == sorted(s.__name__ for s in reentry_scenarios.SCENARIOS)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_matches_tensorflow(ps, name):
    scenario = getattr(reentry_scenarios, name)
    assert scenarios.run(scenario, ps, ps.create_op_name) == RECORDED[name]
