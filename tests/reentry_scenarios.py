"""Re-entering variable_scope objects, improper nesting and failed entries:
scenarios run on pyscope (tests/test_reentry.py) and recorded from
TensorFlow (tools/record_tf_reentry.py) with the same code.  Each takes the
API module `ps` and `op(name)`, which creates an op, and returns a list."""


def rec(ps, out, scope):
    out.append([scope.name, scope.original_name_scope, scope.reuse if scope.reuse in (True, False) else "AUTO", ps.get_default_graph().get_name_scope()])
def reenter_one_after_another(ps, op):
    out=[]; vs = ps.variable_scope("a")
    with vs as s: rec(ps, out, s); out.append(op("x"))
    with vs as s: rec(ps, out, s); out.append(op("x"))
    with ps.variable_scope("b"):
        with vs as s: rec(ps, out, s); out.append(ps.get_variable("v", shape=[1]).name)
    with vs as s: rec(ps, out, s)
    return out
def reenter_while_inside(ps, op):
    out=[]; vs = ps.variable_scope("a")
    with vs as s:
        rec(ps, out, s)
        with vs as t: rec(ps, out, t); out.append(op("y"))
        rec(ps, out, ps.get_variable_scope())
    rec(ps, out, ps.get_variable_scope()); out.append(ps.get_default_graph().get_name_scope())
    return out
def reuse_sticks_to_the_object(ps, op):
    out=[]; vs = ps.variable_scope("a")
    with ps.variable_scope("r", reuse=True):
        with vs as s: rec(ps, out, s)
    with vs as s: rec(ps, out, s)
    return out
def exit_out_of_order(ps, op):
    out=[]
    a = ps.variable_scope("a"); b = ps.variable_scope("b")
    a.__enter__(); b.__enter__()
    try: a.__exit__(None, None, None)
    except Exception as e: out.append(type(e).__name__)
    rec(ps, out, ps.get_variable_scope())
    try: b.__exit__(None, None, None)
    except Exception as e: out.append(type(e).__name__)
    rec(ps, out, ps.get_variable_scope())
    try: a.__exit__(None, None, None)
    except Exception as e: out.append(type(e).__name__)
    rec(ps, out, ps.get_variable_scope())
    return out
def invalid_names(ps, op):
    out=[]; vs = ps.variable_scope("-bad")
    try:
        with vs: pass
    except Exception as e: out.append(type(e).__name__)
    rec(ps, out, ps.get_variable_scope())
    with ps.variable_scope("ok") as s:
        try:
            with ps.variable_scope("a b"): pass
        except Exception as e: out.append(type(e).__name__)
        rec(ps, out, ps.get_variable_scope())
    return out
def made_in_one_graph_entered_in_another(ps, op):
    out=[]
    g2 = ps.Graph()
    vs = ps.variable_scope("a")
    with g2.as_default():
        with vs as s: rec(ps, out, s); out.append(ps.get_default_graph() is g2)
    out.append(ps.get_default_graph() is g2)
    return out

def default_names_reentered(ps, op):
    out = []
    vs = ps.variable_scope(None, default_name="d")
    with vs as s:
        rec(ps, out, s)
        out.append(op("x"))
    with vs as s:
        rec(ps, out, s)
        out.append(op("x"))
    with ps.variable_scope(None, default_name="d") as s:
        rec(ps, out, s)
    with ps.variable_scope("p"):
        for _ in range(3):
            with ps.variable_scope(None, default_name="layer") as s:
                rec(ps, out, s)
                out.append(ps.get_variable("w", shape=[1]).name)
    with ps.variable_scope("p"):
        with ps.variable_scope(None, default_name="layer") as s:
            rec(ps, out, s)
    with ps.variable_scope("r", reuse=True):
        with ps.variable_scope(None, default_name="layer") as s:
            rec(ps, out, s)
    return out


def default_name_inside_a_captured_scope(ps, op):
    out = []
    with ps.variable_scope("cap") as cap:
        with ps.variable_scope(None, default_name="layer") as s:
            rec(ps, out, s)
    with ps.variable_scope(cap):
        with ps.variable_scope(None, default_name="layer") as s:
            rec(ps, out, s)
        with ps.variable_scope(None, default_name="layer") as s:
            rec(ps, out, s)
    with ps.variable_scope(cap):
        with ps.variable_scope(None, default_name="layer") as s:
            rec(ps, out, s)
    return out


def captured_scope_object_reentered(ps, op):
    """One variable_scope(captured) object entered again, and the captured
    scope re-entered inside, with default names counted inside each entry.
    (The same object re-entered while inside is left out: TF's result
    there comes from its name-scope generator being garbage-collected.)"""
    out = []
    with ps.variable_scope("outer"):
        with ps.variable_scope("cap") as cap:
            out.append(ps.get_variable("w", shape=[1]).name)
    vs = ps.variable_scope(cap, reuse=True)
    with vs as s:
        rec(ps, out, s); out.append(op("x"))
        out.append(ps.get_variable("w", shape=[1]).name)
        with ps.variable_scope(None, default_name="d") as t:
            rec(ps, out, t)
    with vs as s:
        rec(ps, out, s); out.append(op("x"))
        with ps.variable_scope(cap) as t:  # another object, inside
            rec(ps, out, t); out.append(t is s)
            with ps.variable_scope(None, default_name="d") as u:
                rec(ps, out, u)
        rec(ps, out, ps.get_variable_scope())
        with ps.variable_scope(None, default_name="d") as u:
            rec(ps, out, u)
    with vs as s:  # a third time, after
        rec(ps, out, s)
    rec(ps, out, ps.get_variable_scope())
    return out


def captured_scope_reuse_and_defaults(ps, op):
    """What a re-entered captured scope copies: its defaults, and its reuse
    unless reuse is given."""
    out = []
    with ps.variable_scope("c", reuse=ps.AUTO_REUSE, initializer=ps.zeros_initializer(),
                           dtype=ps.float64) as cap:
        pass
    with ps.variable_scope("plain") as plain:
        pass
    for reuse in (None, False, True, ps.AUTO_REUSE):
        with ps.variable_scope(cap, reuse=reuse) as s:
            rec(ps, out, s); out.append(s is cap); out.append(s.dtype.name)
            if reuse is not True:  # (with reuse=True a new name is an error)
                v = ps.get_variable("v%s" % len(out), shape=[2])
                out.append([v.name, v.dtype.name])
        with ps.variable_scope(plain, reuse=reuse) as s:
            rec(ps, out, s)
    cap.reuse_variables()
    with ps.variable_scope(cap) as s:
        rec(ps, out, s)
    return out


def captured_scope_exits(ps, op):
    """Out-of-order exits and an exception inside re-entered captured
    scopes: the scope, name scope and default-name counts afterwards."""
    out = []
    with ps.variable_scope("p"):
        with ps.variable_scope("a") as a:
            pass
        with ps.variable_scope("b") as b:
            pass
    x, y = ps.variable_scope(a), ps.variable_scope(b)
    x.__enter__(); y.__enter__()
    with ps.variable_scope(None, default_name="d") as s:
        rec(ps, out, s)
    try: x.__exit__(None, None, None)
    except Exception as e: out.append(type(e).__name__)
    rec(ps, out, ps.get_variable_scope())
    y.__exit__(None, None, None)
    rec(ps, out, ps.get_variable_scope())
    x.__exit__(None, None, None)
    rec(ps, out, ps.get_variable_scope())
    try:
        with ps.variable_scope(a):
            with ps.variable_scope(None, default_name="d"):
                raise KeyError("inside")
    except KeyError:
        out.append("KeyError")
    rec(ps, out, ps.get_variable_scope())
    with ps.variable_scope(a):
        with ps.variable_scope(None, default_name="d") as s:
            rec(ps, out, s)
    with ps.variable_scope("p"):
        with ps.variable_scope(None, default_name="a") as s:
            rec(ps, out, s)
    return out


def same_object_reentered_while_inside(ps, op):
    """A name_scope or variable_scope object entered again while inside
    it: TF closes the previous entry first (its name-scope generator is
    dropped), so the new entry opens at the same level, and the outer exit
    finds nothing to close (a variable_scope's then fails its nesting check)."""
    out = []
    g = ps.get_default_graph()
    ns = ps.name_scope("a")
    with ns as n1:
        out.append(n1); out.append(op("x"))
        with ns as n2:
            out.append(n2); out.append(op("x"))
        out.append(g.get_name_scope())
    out.append(g.get_name_scope())
    with ps.variable_scope("c") as cap:
        pass
    for vs in (ps.variable_scope("b"), ps.variable_scope(None, default_name="d"),
               ps.variable_scope(cap)):
        with vs:
            pass
        try:
            with vs as s:
                rec(ps, out, s)
                with vs as t:
                    rec(ps, out, t); out.append(op("y"))
                rec(ps, out, ps.get_variable_scope())
        except RuntimeError:
            out.append("RuntimeError")
        rec(ps, out, ps.get_variable_scope())
    with ps.variable_scope("after") as s:
        rec(ps, out, s)
    return out


SCENARIOS = [same_object_reentered_while_inside, captured_scope_object_reentered, captured_scope_reuse_and_defaults, captured_scope_exits, default_names_reentered, default_name_inside_a_captured_scope, reenter_one_after_another, reenter_while_inside, reuse_sticks_to_the_object, exit_out_of_order, invalid_names, made_in_one_graph_entered_in_another]

