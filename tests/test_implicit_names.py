"""The C core leaves generated names implicit (csrc/names.c: "x_k" is in use
while x was used more than k times, without a node of its own); here the C
core and the pure twin (a plain dict, as TF's `_names_in_use`) run the same
random sequences of unique_name / name_scope calls whose names collide on
their "_k" suffixes, and must agree on every name, every probe with
mark_as_used=False, and on the table's size as if every name were stored."""
import os

import pytest
from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from hypothesis.stateful import run_state_machine_as_test

from pyscope import _backend, _pure

pytestmark = pytest.mark.parametrize("backend", ["c"], indirect=True)

BASES = ["a", "A", "b", "a_1", "A_1", "b_2", "a_1_1", "", "s/a", "S/A", "a_1/a"]
SUFFIXES = ["", "", "_1", "_2", "_3", "_1_1", "_2_1", "_01", "_0", "_10", "_"]
NAMES = st.builds(lambda base, suffix: base + suffix, st.sampled_from(BASES),
                  st.sampled_from(SUFFIXES))
SCOPES = st.one_of(NAMES, NAMES.map(lambda name: name + "/"), st.none())
PROBES = [base + suffix for base in ["a", "b", "a_1", "s/a", "a_1/a", ""]
          for suffix in ["", "_1", "_2", "_3", "_4", "_1_1", "_2_1", "_10", "_01"]]


def components(key):
    """The trie's nodes for a lower-cased key: one per '/'-separated prefix."""
    parts = key.split("/")
    return {"/".join(parts[:i]) for i in range(1, len(parts) + 1)}


class ImplicitNames(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.c = _backend._IMPLEMENTATIONS["c"].GraphCore()
        self.py = _pure.GraphCore()
        self.open = []
        # the nodes the C table held when it stored every name (its size then)
        self.nodes = set()

    def store(self, full_name):
        self.nodes |= components(full_name.lower())

    @rule(name=NAMES, mark=st.booleans())
    def unique_name(self, name, mark):
        got = self.c.unique_name(name, mark)
        assert got == self.py.unique_name(name, mark), (name, mark)
        if mark:
            stack = self.py.get_name_scope()
            self.store((stack + "/" if stack else "") + name)
            self.store(got)

    @rule(name=SCOPES)
    def enter_scope(self, name):
        sc, sp = self.c.name_scope(name), self.py.name_scope(name)
        stack = self.py.get_name_scope()
        try:
            expected = sp.__enter__()
        except ValueError:
            with pytest.raises(ValueError):
                sc.__enter__()
            return
        assert sc.__enter__() == expected, name
        self.open.append((sc, sp))
        if name and not name.endswith("/"):
            self.store((stack + "/" if stack else "") + name)
        if len(expected) > 1:
            self.store(expected[:-1])  # the scope's own path (re-entered: walked)

    @precondition(lambda self: self.open)
    @rule()
    def exit_scope(self):
        sc, sp = self.open.pop()
        sc.__exit__(None, None, None)
        sp.__exit__(None, None, None)

    @rule(stack=st.sampled_from(["", "a_1", "A_2", "a_1/a_1", "s/a_3"]))
    def set_name_stack(self, stack):
        self.c._name_stack = stack
        self.py._name_stack = stack
        if stack:
            self.store(stack)

    @invariant()
    def same_answers(self):
        assert self.c.get_name_scope() == self.py.get_name_scope()
        for name in PROBES:
            assert self.c.unique_name(name, False) == self.py.unique_name(name, False), name
        assert self.c._memory_usage()["used_names"] == len(self.nodes)


def test_implicit_names_agree_with_the_twin():
    run_state_machine_as_test(ImplicitNames, settings=settings(
        max_examples=int(os.environ.get("PYSCOPE_FUZZ_EXAMPLES", "600")),
        stateful_step_count=50, deadline=None))


def test_one_base_keeps_one_node():
    """A base used N times costs the C table one node, not N."""
    core = _backend._IMPLEMENTATIONS["c"].GraphCore()
    empty = core._memory_usage()["names"]
    names = [core.unique_name("MatMul") for _ in range(50000)]
    assert names[:3] == ["MatMul", "MatMul_1", "MatMul_2"] and names[-1] == "MatMul_49999"
    assert core._memory_usage() == dict(core._memory_usage(), names=empty, used_names=50000)
    assert core.unique_name("matmul_123") == "matmul_123_1"
    assert core.unique_name("MatMul", mark_as_used=False) == "MatMul_50000"
