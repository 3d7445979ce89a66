"""make_template: variable and op names, sharing, scopes, kwargs, custom
getters, nesting and errors, as TensorFlow recorded them
(tests/data/tf_templates.json, from tools/record_tf_templates.py)."""
import pytest

import scenarios
import template_scenarios

RECORDED = scenarios.load_recorded(template_scenarios)


def test_every_scenario_was_recorded():
    assert sorted(RECORDED) == sorted(s.__name__ for s in template_scenarios.SCENARIOS)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_matches_tensorflow(ps, name):
    scenario = getattr(template_scenarios, name)
    assert scenarios.run(scenario, ps, ps.create_op_name) == RECORDED[name]


def test_later_calls_share_the_same_objects(ps):
    t = ps.make_template("net", lambda: ps.get_variable("w", shape=[2]))
    assert t() is t() is t()
    assert t.variable_scope is not None and t.variable_scope.name == "net"


def test_template_needs_a_name(ps):
    with pytest.raises(ValueError, match="name"):
        ps.make_template(None, lambda: None)


def test_errors_name_where_the_template_was_made(ps):
    def f():
        raise ValueError("inner problem")
    t = ps.make_template("bad", f)
    with pytest.raises(ValueError, match="(?s)inner problem.*originally defined at"):
        t()
