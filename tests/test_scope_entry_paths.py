"""The fast entries of variable_scope (the C core's _fastpaths.variable_scope
and the twin's _enter_plain) change speed only: slim-style scopes (a name
or a default name with `values` and a custom getter) and layer-style ones
(a captured scope without an auxiliary name scope) give the same scope
names, name scopes, op names, variable names, getter chains and errors as
the general path (pyscope.variable_scope's _enter_scope_uncached), also
when the same object is entered again."""
import importlib

from hypothesis import HealthCheck, given, settings, strategies as st

import pyscope

vs = importlib.import_module("pyscope.variable_scope")


def tagging(tag):
    def getter(getter, name, *args, **kwargs):
        return getter(name + "_" + tag, *args, **kwargs)
    return getter


def general_scope(*args, **kwargs):
    """variable_scope through the general path only."""
    scope = vs.python_variable_scope(*args, **kwargs)
    scope._plain = False
    return scope


ENTRY = st.fixed_dictionaries({
    "kind": st.sampled_from(["name", "default", "both", "captured", "captured_aux_off"]),
    "values": st.booleans(),
    "getter": st.sampled_from([None, "a", "b"]),
    "reuse": st.sampled_from([None, True, pyscope.AUTO_REUSE]),
    "again": st.booleans(),  # enter the same object twice (in turn)
    "variable": st.booleans(),
    "op": st.booleans(),
})


def run(ps, make_scope, program):
    trace = []
    graph = ps.Graph()
    with graph.as_default():
        with ps.variable_scope("root") as root:
            ps.get_variable("v", [1])
        inputs = [ps.get_variable("x", [2])]

        def body(entries, depth):
            if not entries:
                return
            entry, rest = entries[0], entries[1:]
            kwargs = {}
            if entry["values"]:
                kwargs["values"] = inputs
            if entry["getter"] is not None:
                kwargs["custom_getter"] = tagging(entry["getter"])
            kind = entry["kind"]
            if kind == "name":
                args = ("s%d" % depth,)
                kwargs["reuse"] = entry["reuse"]
            elif kind == "default":
                args = (None, "d")
            elif kind == "both":
                args = ("n%d" % depth, "ignored")
                kwargs["reuse"] = entry["reuse"]
            else:
                args = (root,)
                kwargs["reuse"] = entry["reuse"]
                kwargs.pop("custom_getter", None)
                if kind == "captured_aux_off":
                    kwargs["auxiliary_name_scope"] = False
            try:
                scope = make_scope(*args, **kwargs)
            except Exception as e:  # the outcome compared, whatever it is
                trace.append(("init raises", type(e), str(e)))
                return
            for _ in range(2 if entry["again"] else 1):
                try:
                    with scope as entered:
                        trace.append((entered.name, entered.original_name_scope,
                                      graph.get_name_scope(), entered.reuse,
                                      ps.get_variable_scope() is entered))
                        if entry["op"]:
                            trace.append(graph.unique_name("op"))
                        if entry["variable"]:
                            try:
                                trace.append(ps.get_variable("w%d" % depth, [1]).name)
                            except ValueError as e:
                                trace.append(("get_variable raises", str(e)))
                        body(rest, depth + 1)
                except Exception as e:  # the outcome compared, whatever it is
                    trace.append(("raises", type(e), str(e)))
                trace.append(("after", graph.get_name_scope(), ps.get_variable_scope().name))
        body(program, 0)
    trace.append(sorted(v.name for v in graph.get_collection(ps.GraphKeys.GLOBAL_VARIABLES)))
    return trace


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=st.lists(ENTRY, min_size=1, max_size=4))
def test_fast_scope_entries_are_the_general_entries(ps, program):
    assert run(ps, ps.variable_scope, program) == run(ps, general_scope, program)
