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

# The TF1 surface: shapes and dtypes are TensorShape / DType, not tuples.
s = ps.get_variable("s", [2, 3])
assert isinstance(s, ps.Variable)
s.shape.as_lsit()  # E: attr-defined
name_of_dtype: int = s.dtype.name  # E: assignment
ps.Variable(1.0, trainabel=True)  # E: call-arg
ps.global_variables(scope=3)  # E: arg-type
ps.train.get_or_create_global_step(grpah=None)  # E: call-arg
first: ps.PartitionedVariable = ps.global_variables()[0]  # E: assignment
ps.TensorShape()  # E: call-arg
