"""Rules of pyscope.slim stated for all inputs (hypothesis), on both backends:
tf-slim's end points (``utils.collect_named_outputs`` /
``convert_collection_to_dict``, whose TF behaviour tests/test_slim.py replays)
and the agreement of a layer's ``TensorSpec`` output with its computed one."""
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pyscope.slim as slim
from pyscope.tensor_spec import TensorSpec

FIXTURE = HealthCheck.function_scoped_fixture  # each example resets the graph itself
aliases = st.lists(st.tuples(st.integers(0, 3), st.from_regex(r"[a-z]{1,3}(/[a-z]{1,3})?/?",
                                                              fullmatch=True)),
                   max_size=8)


@settings(max_examples=30, deadline=None, suppress_health_check=[FIXTURE])
@given(collected=aliases)
def test_end_points_are_the_aliases_in_collection_order(ps, collected):
    ps.reset_default_graph()
    outputs = [TensorSpec([None, 2], name="out%d" % i) for i in range(4)]
    for index, alias in collected:
        slim.utils.collect_named_outputs("ends", alias, outputs[index])
    # each collected output carries every alias it was given (slash dropped);
    # a repeated alias keeps its first place and names the last output given it
    expected = {}
    for entry, _ in collected:
        for index, alias in collected:
            if index == entry:
                expected[alias.rstrip("/")] = outputs[entry]
    end_points = slim.utils.convert_collection_to_dict("ends", clear_collection=True)
    assert end_points == expected
    assert list(end_points) == list(expected)
    assert ps.get_collection("ends") == []


@settings(max_examples=10, deadline=None, suppress_health_check=[FIXTURE])
@given(size=st.integers(3, 6), kernel=st.integers(1, 3), stride=st.integers(1, 2),
       multiplier=st.integers(1, 2), padding=st.sampled_from(["SAME", "VALID"]),
       outputs=st.sampled_from([None, 3]))
def test_separable_conv2d_spec_matches_its_computed_shape(ps, size, kernel, stride,
                                                          multiplier, padding, outputs):
    ps.reset_default_graph()
    value = np.ones((2, size, size, 2), np.float32)
    spec = slim.separable_conv2d(TensorSpec([2, size, size, 2]), outputs, kernel,
                                 depth_multiplier=multiplier, stride=stride,
                                 padding=padding, scope="s")
    computed = slim.separable_conv2d(value, outputs, kernel, depth_multiplier=multiplier,
                                     stride=stride, padding=padding, scope="s", reuse=True)
    assert spec.shape == computed.shape
