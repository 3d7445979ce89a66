"""Mistakes mypy --strict must report: each marked line, with that code."""
import pyscope as ps

with ps.variable_scope("foo") as scope:
    as_text: str = scope  # E: assignment
    scope.name.upper()
    scope.nmae  # E: attr-defined
    with ps.name_scope("inner") as inner:
        inner.reuse_variables()  # E: attr-defined

ps.variable_scope("foo", reuse="yes")  # E: arg-type
ps.variable_scope(3)  # E: arg-type
ps.variable_scope("foo", resue=True)  # E: call-arg
ps.name_scope("a", default_name=1)  # E: arg-type

v = ps.get_variable("v", shape="2x3")  # E: arg-type
ps.get_variable(7, [1])  # E: call-overload
ps.get_variable("w", [1], trainabel=False)  # E: call-overload
with_part = ps.get_variable("p", [4], partitioner=ps.fixed_size_partitioner(2))
not_plain: ps.Variable = with_part  # E: assignment
maybe_parted: ps.Variable = v  # E: assignment

count: int = ps.get_variable_scope().name  # E: assignment
ps.fixed_size_partitioner("2")  # E: arg-type
ps.zeros_initializer(dtype=ps.float32)(shape=[2], partition_info=1)  # E: arg-type
ps.unique_name("op", mark_as_used="no")  # E: arg-type
ps.set_random_seed("7")  # E: arg-type
ps.get_varaible("v", [1])  # E: attr-defined
