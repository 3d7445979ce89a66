"""Differential testing: the C core and its pure twin, driven by the same
random call sequences, must give identical results and identical errors.

Runs 2000 sequences of up to 40 calls by default; set PYSCOPE_FUZZ_EXAMPLES
for more (e.g. PYSCOPE_FUZZ_EXAMPLES=50000 for a soak)."""
import os

import pytest
from hypothesis import settings, strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test)

from pyscope import _backend, _pure

pytestmark = pytest.mark.parametrize("backend", ["c"], indirect=True)

NAMES = st.one_of(
    st.sampled_from(["a", "A", "a_1", "A_1", "a_2", "b", "a/b", "A/B_1", "",
                     "x/", "foo", "Foo", "FOO_1", "-a", "_b", "a//b", "ä",
                     "Ä", "a\n", "v/part_0", "scope"]),
    st.text(alphabet="aAbB_/1-.", max_size=6),
)
SCOPE_NAMES = st.one_of(NAMES, st.none(), st.sampled_from(["a/", "A/b/", "s_1/"]))


def outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except Exception as exc:  # the exception *type* must agree
        return ("error", type(exc).__name__)


COUNTED = ["a", "a/b", "a/b/c", "b", "", "/x", "a/c", "a_1", "a/b_1", "b_1"]


class CoreTwins(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.c = _backend._IMPLEMENTATIONS["c"].GraphCore()
        self.py = _pure.GraphCore()
        self.open = []  # pairs of entered scopes
        self.checkpoints = []  # (token, counts then); the open ones in order
        self.issued = []       # every token ever returned

    def counts(self):
        return [self.py._scope_count(name) for name in COUNTED]

    def both(self, method, *args):
        got_c = outcome(getattr(self.c, method), *args)
        got_py = outcome(getattr(self.py, method), *args)
        assert got_c == got_py, (method, args)
        return got_c

    @rule(name=NAMES, mark=st.booleans())
    def unique_name(self, name, mark):
        self.both("unique_name", name, mark)

    @rule(name=NAMES)
    def create_op_name(self, name):
        self.both("create_op_name", name)

    @rule(name=SCOPE_NAMES)
    def enter_scope(self, name):
        sc, sp = self.c.name_scope(name), self.py.name_scope(name)
        got_c, got_py = outcome(sc.__enter__), outcome(sp.__enter__)
        assert got_c == got_py, name
        if got_c[0] == "ok":
            self.open.append((sc, sp))

    @precondition(lambda self: self.open)
    @rule(data=st.data())
    def exit_scope(self, data):
        # usually the innermost; sometimes out of order, as a leaked generator would
        i = data.draw(st.sampled_from([len(self.open) - 1, 0]))
        sc, sp = self.open.pop(i)
        sc.__exit__(None, None, None)
        sp.__exit__(None, None, None)

    @rule(stack=st.sampled_from(["", "a", "A/b", "x_1/y"]))
    def set_name_stack(self, stack):
        self.c._name_stack = stack
        self.py._name_stack = stack

    @rule(name=st.sampled_from(["v", "s/v", "s/V", "s/v/part_0", ""]), value=st.integers(0, 3))
    def store_variable(self, name, value):
        self.both("_store_variable", name, value)

    @rule(name=st.sampled_from(["v", "s/v", "s/V", "s/v/part_0", "", "s"]))
    def lookup_variable(self, name):
        self.both("_lookup_variable", name)

    @rule(name=st.sampled_from(["a", "a/b", "a/b/c", "b", "", "/x", "a/c"]))
    def open_scope(self, name):
        self.both("_open_scope", name)

    @rule(name=st.sampled_from(["a", "a/b", "", None, "b", "z"]))
    def close_subscopes(self, name):
        self.both("_close_subscopes", name)

    @rule(name=st.sampled_from(["a", "a/b", "b", "", "a/b_1"]))
    def first_free_scope_index(self, name):
        self.both("_first_free_scope_index", name)

    @rule(name=st.sampled_from(["a_1", "a_2", "a/b_1", "a/b_2", "b_1", "_1"]))
    def open_suffixed_scope(self, name):
        self.both("_open_scope", name)

    @rule()
    def checkpoint(self):
        kind, token = self.both("_counters_checkpoint")
        assert kind == "ok"
        self.checkpoints.append((token, self.counts()))
        self.issued.append(token)

    @rule(data=st.data())
    def restore(self, data):
        """Restoring an open checkpoint brings its counts back and drops the
        later ones; restoring a dropped one changes nothing."""
        if not self.issued:
            return
        token = data.draw(st.sampled_from(self.issued))
        open_tokens = [t for t, _ in self.checkpoints]
        before = self.counts()
        self.both("_counters_restore", token)
        if token in open_tokens:
            at = open_tokens.index(token)
            assert self.counts() == self.checkpoints[at][1]
            del self.checkpoints[at:]
        else:
            assert self.counts() == before

    @invariant()
    def same_scope_and_counts(self):
        assert self.c.get_name_scope() == self.py.get_name_scope()
        for name in COUNTED:
            assert self.c._scope_count(name) == self.py._scope_count(name)
        for name in ["a", "a/b", "b"]:  # first_free's remembered answers agree too
            assert self.c._first_free_scope_index(name) == self.py._first_free_scope_index(name)


def test_core_twins_agree():
    run_state_machine_as_test(CoreTwins, settings=settings(
        max_examples=int(os.environ.get("PYSCOPE_FUZZ_EXAMPLES", "2000")),
        stateful_step_count=40, deadline=None))


def test_twin_journal_saves_each_entry_once():
    """A checkpoint never restored does not grow the twin's journal without
    end (as csrc/test_core.c checks for the C core)."""
    counters = _pure._Counters()
    counters.open("a/b")
    token = counters.checkpoint()
    for _ in range(1000):
        counters.open("a/b")
        counters.close_below("a")
        counters.first_free("a/b")
    assert len(counters._journal) <= 3
    counters.restore(token)
    assert counters.get("a/b") == 1 and not counters._journal
