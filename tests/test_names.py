"""Unique names, op names and name scopes: TF 2.21's rules, on both backends."""
import threading

import pytest


def test_unique_name_is_case_insensitive_and_reserves_generated_names(ps):
    g = ps.get_default_graph()
    assert g.unique_name("foo") == "foo"
    assert g.unique_name("Foo") == "Foo_1"
    assert g.unique_name("FOO_1") == "FOO_1_1"
    assert g.unique_name("a", mark_as_used=False) == "a"
    assert g.unique_name("a", mark_as_used=False) == "a"
    assert g.unique_name("a") == "a"
    assert g.unique_name("a") == "a_1"


def test_unique_name_probes_past_names_in_use(ps):
    g = ps.get_default_graph()
    for name in ["x_1", "x_2", "x"]:
        assert g.unique_name(name) == name
    assert g.unique_name("x") == "x_3"
    # the count keeps going from where it was, as TF's table does
    assert g.unique_name("x") == "x_4"
    assert g.unique_name("x", mark_as_used=False) == "x_5"


def test_unique_name_in_scope_and_with_slashes(ps):
    g = ps.get_default_graph()
    with g.name_scope("Tower") as scope:
        assert scope == "Tower/"
        assert g.unique_name("MatMul") == "Tower/MatMul"
        assert g.unique_name("matmul") == "Tower/matmul_1"
        assert g.unique_name("a/b") == "Tower/a/b"
    assert g.unique_name("tower/a/B") == "tower/a/B_1"
    # a path prefix is not itself a name in use
    assert g.unique_name("tower/a") == "tower/a"


def test_unique_name_empty_and_odd_components(ps):
    g = ps.get_default_graph()
    assert g.unique_name("") == ""
    assert g.unique_name("") == "_1"
    assert g.unique_name("a//b") == "a//b"
    assert g.unique_name("A//B") == "A//B_1"
    assert g.unique_name("x/") == "x/"
    assert g.unique_name("x/") == "x/_1"


def test_unique_name_non_ascii_uses_python_lower(ps):
    g = ps.get_default_graph()
    assert g.unique_name("Ä") == "Ä"
    assert g.unique_name("ä") == "ä_1"
    assert g.unique_name("ÄÖ/x") == "ÄÖ/x"
    assert g.unique_name("äö/X") == "äö/X_1"


def test_unique_name_bad_types_change_nothing(ps):
    g = ps.get_default_graph()
    with pytest.raises(AttributeError, match="lower"):
        g.unique_name(5)
    with pytest.raises(AttributeError):
        g.unique_name(None)
    with pytest.raises(TypeError, match="bytes"):
        g.unique_name(b"ab")
    with g.name_scope("s"):
        with pytest.raises(TypeError, match="concatenate"):
            g.unique_name(5)
    assert g.unique_name("s") == "s_1"  # only the scope itself was used
    assert g.unique_name("5") == "5"


def test_name_scope_reset_and_absolute_reentry(ps):
    g = ps.get_default_graph()
    with g.name_scope("a") as a:
        with g.name_scope("b") as b:
            assert (a, b) == ("a/", "a/b/")
            assert g.get_name_scope() == "a/b"
            with g.name_scope(None) as root:
                assert root == "" and g.get_name_scope() == ""
                assert g.unique_name("x") == "x"
            with g.name_scope("") as root:
                assert root == ""
            with g.name_scope(a) as again:
                assert again == "a/" and g.get_name_scope() == "a"
                assert g.unique_name("b") == "a/b_1"
        assert g.get_name_scope() == "a"
    assert g.get_name_scope() == ""
    with g.name_scope("a") as a2:
        assert a2 == "a_1/"


def test_name_scope_accepts_bytes_and_treats_zero_as_reset(ps):
    g = ps.get_default_graph()
    with g.name_scope(b"xy") as s:
        assert s == "xy/"
    with g.name_scope("q"):
        with g.name_scope(0) as s:
            assert s == ""


@pytest.mark.parametrize("name", ["-a", "_a", "/a", "a b", "ä", "a\nb", "\n"])
def test_root_scope_names_are_validated(ps, name):
    g = ps.get_default_graph()
    with pytest.raises(ValueError, match="not a valid root scope name"):
        with g.name_scope(name):
            pass
    assert g.get_name_scope() == ""
    assert g.unique_name(name, mark_as_used=False) == name  # nothing reserved


@pytest.mark.parametrize("name", ["-a", "_a", "/a", ">x", "a\n", "\n"])
def test_nested_scope_names_allow_more_first_characters(ps, name):
    g = ps.get_default_graph()
    with g.name_scope("outer"):
        with g.name_scope(name) as s:
            assert s.startswith("outer/")


@pytest.mark.parametrize("name", ["a b", "ä", "a:0", "a*"])
def test_nested_scope_names_are_validated(ps, name):
    g = ps.get_default_graph()
    with g.name_scope("outer"):
        with pytest.raises(ValueError, match="not a valid scope name"):
            with g.name_scope(name):
                pass
        assert g.get_name_scope() == "outer"


def test_trailing_newline_is_accepted_like_pythons_re(ps):
    g = ps.get_default_graph()
    with g.name_scope("a\n") as s:
        assert s == "a\n/"


def test_name_scope_non_string_is_type_error_on_entry(ps):
    g = ps.get_default_graph()
    scope = g.name_scope(5)  # no error until entered, as TF's generator
    with pytest.raises(TypeError):
        scope.__enter__()
    assert g.get_name_scope() == ""


def test_create_op_name(ps):
    g = ps.get_default_graph()
    assert g.create_op_name("x") == "x"
    assert g.create_op_name("x") == "x_1"
    with pytest.raises(ValueError, match="Duplicate node name"):
        g.create_op_name("x_1/")
    assert g.unique_name("x_1") == "x_1_1"
    with pytest.raises(ValueError, match="Duplicate node name"):
        g.create_op_name("x/")
    assert g.create_op_name("y/") == "y"            # taken as is...
    assert g.unique_name("y", mark_as_used=False) == "y"  # ...and not reserved
    with pytest.raises(ValueError):
        g.create_op_name("y")  # the uniquified name "y" is already an op
    assert g.unique_name("y", mark_as_used=False) == "y_1"  # but it was reserved
    assert g.create_op_name(None) == "NoOp"
    assert g.create_op_name("") == "NoOp_1"
    with g.name_scope("s") as s:
        assert g.create_op_name("a") == "s/a"
        assert g.create_op_name(s) == "s"
        with pytest.raises(ValueError, match="not a valid node name"):
            g.create_op_name("_a/")
        assert g.create_op_name("_a") == "s/_a"
    with pytest.raises(ValueError, match="not a valid root scope name"):
        g.create_op_name("-a")
    with pytest.raises(TypeError):
        g.create_op_name(5)
    assert g.get_name_scope() == ""


def test_module_level_name_scope(ps):
    with ps.name_scope("a") as a:
        assert a == "a/"
        with ps.name_scope(None, "dflt") as d:
            assert d == "a/dflt/"
        with ps.name_scope(None, "dflt") as d:
            assert d == "a/dflt_1/"
        with ps.name_scope(None) as r:
            assert r == ""
        assert ps.get_name_scope() == "a"
        assert ps.unique_name("u") == "a/u"
        assert ps.create_op_name("o") == "a/o"
    with pytest.raises(TypeError, match="default_name"):
        ps.name_scope("a", 5)
    with pytest.raises(ValueError, match="At least one of name"):
        with ps.name_scope(None, None, values=[1]):
            pass


def test_exception_inside_scopes_restores_the_stack(ps):
    g = ps.get_default_graph()
    with pytest.raises(KeyError):
        with g.name_scope("a"):
            with ps.name_scope("b"):
                raise KeyError("boom")
    assert g.get_name_scope() == ""
    assert g.unique_name("a/b") == "a/b_1"


def test_graphs_are_independent_and_as_default_nests(ps):
    g1 = ps.get_default_graph()
    g1.unique_name("x")
    g2 = ps.Graph()
    with g2.as_default() as entered:
        assert entered is g2
        assert ps.get_default_graph() is g2
        assert ps.unique_name("x") == "x"
        with pytest.raises(AssertionError):
            ps.reset_default_graph()
    assert ps.get_default_graph() is g1
    assert ps.unique_name("x") == "x_1"
    ps.reset_default_graph()
    assert ps.get_default_graph() is not g1
    assert ps.unique_name("x") == "x"


def test_as_default_nesting_violation(ps):
    g1, g2 = ps.Graph(), ps.Graph()
    c1, c2 = g1.as_default(), g2.as_default()
    c1.__enter__()
    c2.__enter__()
    with pytest.raises(AssertionError, match="Nesting violated"):
        c1.__exit__(None, None, None)
    c2.__exit__(None, None, None)
    c1.__exit__(None, None, None)
    assert ps.get_default_graph() is not g1


def test_threads_get_their_own_default_graph_and_scope_stack(ps):
    main = ps.get_default_graph()
    seen = {}

    def body():
        seen["graph"] = ps.get_default_graph()
        seen["scope"] = main.get_name_scope()
        with main.name_scope("t") as s:
            seen["t"] = s

    with main.as_default(), main.name_scope("m"):
        t = threading.Thread(target=body)
        t.start()
        t.join()
    assert seen["graph"] is not main
    assert seen["scope"] == ""  # the thread's stack is its own
    assert seen["t"] == "t/"    # but the used names are shared
    assert main.unique_name("t") == "t_1"


def test_collections(ps):
    g = ps.get_default_graph()

    class Item:
        def __init__(self, name):
            self.name = name

    a, b, c = Item("s/a"), Item("t/b"), object()
    g.add_to_collection("k", a)
    g.add_to_collections(["k", "k", "j"], b)
    ps.add_to_collection("k", c)
    assert g.get_collection("k") == [a, b, c]
    assert g.get_collection("k", "s") == [a]
    assert ps.get_collection("k", ".*b") == [b]
    assert g.get_collection("missing") == []
    assert "missing" not in g.get_all_collection_keys()
    ref = g.get_collection_ref("new")
    ref.append(a)
    assert g.get_collection("new") == [a]
    assert set(ps.get_all_collection_keys()) == {"k", "j", "new"}
    g.clear_collection("k")
    assert g.get_collection("k") == []
    assert ps.GraphKeys.GLOBAL_VARIABLES == "variables"
    assert ps.GraphKeys.TRAINABLE_VARIABLES == "trainable_variables"


def test_backend_is_reported(ps, backend):
    assert ps.__backend__ == backend
    assert ps.get_default_graph().backend == backend


def test_name_scope_values_select_their_graph(ps):
    # as TF: a name scope whose values live in another graph enters that graph
    other = ps.Graph()
    with other.as_default():
        v = ps.get_variable("v", shape=[1])
    with ps.name_scope("a", values=[v]) as scope:
        assert scope == "a/"
        assert ps.get_default_graph() is other
    assert ps.get_default_graph() is not other
    with ps.name_scope("a", values=[]) as scope:  # no values: the default graph
        assert scope == "a/"
    with pytest.raises(TypeError, match="values"):
        with ps.name_scope("b", values=5):
            pass
    assert ps.get_default_graph().unique_name("b", mark_as_used=False) == "b"
    mine = ps.get_variable("w", shape=[1])
    with pytest.raises(ValueError, match="same graph"):
        with ps.name_scope("c", values=[mine, v]):
            pass
    assert ps.get_name_scope() == ""


def test_slash_alone_reenters_the_root(ps):
    # TF: name_scope("/") inside a scope yields "/" and an empty name stack
    g = ps.get_default_graph()
    with g.name_scope("outer"):
        with g.name_scope("/") as s:
            assert s == "/"
            assert g.get_name_scope() == ""
            assert g.unique_name("op") == "op"
            with g.name_scope("inner") as inner:
                assert inner == "inner/"
        with g.name_scope("a//") as s:
            assert s == "a//"
            assert g.get_name_scope() == "a/"
            assert g.unique_name("op") == "a//op"
        assert g.get_name_scope() == "outer"
