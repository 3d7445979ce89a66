"""Failures mid-scope: an exception raised inside any ``with`` block restores
every stack and counter; scopes left out of order raise TF's errors and
leave the thread's state usable."""
import pytest


class Boom(Exception):
    pass


def snapshot(ps):
    g = ps.get_default_graph()
    scope = ps.get_variable_scope()
    return (g, g.get_name_scope(), scope.name, scope.reuse,
            g.unique_name("probe", mark_as_used=False))


def test_exceptions_inside_every_kind_of_block_restore_state(ps):
    def creator(next_creator, **kwargs):
        return next_creator(**kwargs)

    def body():
        ps.get_variable("w", shape=[2])
        raise Boom()

    template = ps.make_template("tm", body)
    blocks = [
        lambda: ps.name_scope("a"),
        lambda: ps.get_default_graph().name_scope("b"),
        lambda: ps.variable_scope("v"),
        lambda: ps.variable_scope(None, default_name="d"),
        lambda: ps.variable_scope("r", reuse=True),
        lambda: ps.variable_scope(ps.get_variable_scope(), reuse=ps.AUTO_REUSE),
        lambda: ps.Graph().as_default(),
        lambda: ps.variable_creator_scope(creator),
    ]
    with ps.variable_scope("outer"), ps.name_scope("ns"):
        before = snapshot(ps)
        for make in blocks:
            with pytest.raises(Boom):
                with make():
                    with ps.variable_scope("inner"), ps.name_scope("deeper"):
                        raise Boom()
            assert snapshot(ps) == before
        with pytest.raises(Boom):
            template()
        assert snapshot(ps) == before
        # the creator stack was restored too: this variable uses no creator
        assert type(ps.get_variable("after", shape=[1])).__name__ == "Variable"


def test_default_name_counters_reset_after_an_exception(ps):
    with ps.variable_scope("p"):
        for _ in range(2):
            with pytest.raises(Boom):
                with ps.variable_scope(None, default_name="layer"):
                    raise Boom()
        with ps.variable_scope(None, default_name="layer") as s:
            assert s.name == "p/layer_2"
    with ps.variable_scope("p"):  # the parent's exit reset its children's counts
        with ps.variable_scope(None, default_name="layer") as s:
            assert s.name == "p/layer"


def test_variable_scopes_exited_out_of_order(ps):
    a, b = ps.variable_scope("a"), ps.variable_scope("b")
    a.__enter__()
    b.__enter__()
    with pytest.raises(RuntimeError, match="Improper nesting"):
        a.__exit__(None, None, None)
    b.__exit__(None, None, None)
    a.__exit__(None, None, None)
    # usable afterwards
    with ps.variable_scope("c") as c:
        assert c.name.endswith("c")
        assert ps.get_variable("v", shape=[1]).name.endswith("c/v:0")


def test_creator_scopes_exited_out_of_order(ps):
    def creator(next_creator, **kwargs):
        return next_creator(**kwargs)

    first, second = ps.variable_creator_scope(creator), ps.variable_creator_scope(creator)
    first.__enter__()
    second.__enter__()
    with pytest.raises(RuntimeError):
        first.__exit__(None, None, None)
    second.__exit__(None, None, None)
    first.__exit__(None, None, None)
    assert ps.get_variable("v", shape=[1]).name == "v:0"


def test_failed_get_variable_keeps_the_name_tf_reserves(ps):
    def broken(shape, dtype=None, partition_info=None):
        raise Boom()

    with pytest.raises(Boom):
        ps.get_variable("v", shape=[2], initializer=broken)
    # as TF: the op name was reserved before the initializer ran; no variable
    assert ps.get_default_graph().unique_name("v", mark_as_used=False) == "v_1"
    assert ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES) == []
    assert ps.get_variable("v", shape=[2]).name == "v_1:0"
