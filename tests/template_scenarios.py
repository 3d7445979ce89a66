"""make_template scenarios, run on pyscope (tests/test_template.py) and
recorded from TensorFlow (tools/record_tf_templates.py) with the same code.
Each takes the API module `ps` and `op(name)`, which creates an op and
returns its name, and returns a list of JSON-able records."""


def names(xs):
    return [x.name for x in xs]


def var(v):
    return [v.name, [int(d) for d in v.shape]]


def dense_factory(ps, op, units=3):
    def dense():
        w = ps.get_variable("w", shape=[2, units])
        b = ps.get_variable("b", shape=[units])
        return [var(w), var(b), op("out")]
    return dense


def basic(ps, op):
    t = ps.make_template("dense", dense_factory(ps, op))
    out = [t.variable_scope_name]
    out.append(t())
    out.append(t())
    out += [t.variable_scope_name, names(t.variables), names(t.trainable_variables)]
    return out


def create_scope_now(ps, op):
    t = ps.make_template("tm", dense_factory(ps, op), create_scope_now_=True)
    out = [t.variable_scope_name, op("between")]
    out.append(t())
    out.append(t())
    return out + [names(t.variables)]


def unique_name(ps, op):
    t = ps.make_template("tm", dense_factory(ps, op), unique_name_="custom")
    return [t(), t(), t.variable_scope_name]


def kwargs_binding(ps, op):
    def f(units, scale=1):
        w = ps.get_variable("w", shape=[units * scale])
        return var(w)
    t = ps.make_template("k", f, units=2, scale=3)
    return [t(), t()]


def custom_getter(ps, op):
    def rename(getter, name, *args, **kwargs):
        return getter(name + "_r", *args, **kwargs)
    t = ps.make_template("g", dense_factory(ps, op), custom_getter_=rename)
    return [t(), t(), names(t.variables)]


def first_call_inside_a_scope(ps, op):
    t = ps.make_template("tm", dense_factory(ps, op))
    with ps.variable_scope("outer"):
        first = t()
    return [first, t(), t.variable_scope_name]


def same_name_twice(ps, op):
    t1 = ps.make_template("tm", dense_factory(ps, op))
    t2 = ps.make_template("tm", dense_factory(ps, op))
    return [t1(), t2(), t1(), t1.variable_scope_name, t2.variable_scope_name]


def nested_templates(ps, op):
    inner = ps.make_template("inner", dense_factory(ps, op))

    def outer_fn():
        return [inner(), op("glue")]
    outer = ps.make_template("outer", outer_fn)
    return [outer(), outer(), names(outer.variables), names(inner.variables)]


def new_variable_on_a_later_call(ps, op):
    calls = []

    def f():
        calls.append(1)
        return var(ps.get_variable("v%d" % len(calls), shape=[1]))
    t = ps.make_template("grow", f)
    out = [t()]
    try:
        out.append(t())
    except Exception as exc:  # recorded by type
        out.append(["error", type(exc).__name__])
    return out + [names(t.variables)]


def local_and_trainable(ps, op):
    def f():
        a = ps.get_variable("a", shape=[1])
        b = ps.get_variable("b", shape=[1], trainable=False)
        c = ps.get_local_variable("c", shape=[1])
        return [var(a), var(b), var(c)]
    t = ps.make_template("lt", f)
    return [t(), names(t.variables), names(t.trainable_variables),
            names(t.global_variables), names(t.local_variables),
            names(t.non_trainable_variables)]


def failed_first_call_is_retried(ps, op):
    state = {"fail": True}

    def f():
        w = ps.get_variable("w", shape=[1])
        if state["fail"]:
            state["fail"] = False
            raise KeyError("first call fails")
        return var(w)
    t = ps.make_template("retry", f)
    out = []
    try:
        t()
    except KeyError:
        out.append("raised")
    try:
        out.append(t())
    except Exception as exc:
        out.append(["error", type(exc).__name__])
    return out + [t.variable_scope_name]


SCENARIOS = [basic, create_scope_now, unique_name, kwargs_binding,
             custom_getter, first_call_inside_a_scope, same_name_twice,
             nested_templates, new_variable_on_a_later_call,
             local_and_trainable, failed_first_call_is_retried]

