"""Typed use of scopes and variables: mypy --strict finds no error here."""
from typing import List, Optional, Union

import numpy as np
import numpy.typing as npt

import pyscope as ps
from pyscope.typing import Initializer, Partitioner

with ps.variable_scope("foo") as scope:
    scope_name: str = scope.name
    prefix: str = scope.original_name_scope
    scope.reuse_variables()
    with ps.name_scope("inner") as inner:
        name_scope_name: str = inner
    v = ps.get_variable("v", [2, 3], initializer=ps.zeros_initializer())
    found: Union[ps.Variable, ps.PartitionedVariable] = v

with ps.variable_scope(scope, reuse=ps.AUTO_REUSE, dtype=ps.float64):
    w = ps.get_variable("w", shape=(4,), initializer=np.ones(4))

with ps.variable_scope(None, default_name="layer", reuse=True):
    pass

current: ps.VariableScope = ps.get_variable_scope()


def halves(shape: List[int], dtype: object = None,
           partition_info: object = None) -> npt.NDArray[np.float64]:
    return np.full(shape, 0.5)


init: Initializer = halves
part: Partitioner = ps.fixed_size_partitioner(2)
with ps.variable_scope("parted"):
    p: ps.PartitionedVariable = ps.get_variable(
        "p", [4, 2], initializer=init, partitioner=part)
    part_name: str = p.name
    maybe: Optional[Partitioner] = None
    q = ps.get_variable("q", [4], partitioner=maybe)
    either: Union[ps.Variable, ps.PartitionedVariable] = q

graph: ps.Graph = ps.get_default_graph()
with graph.as_default() as g:
    unique: str = ps.unique_name("op")
    op_name: str = ps.create_op_name("MatMul")
    items: List[object] = ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES)

seeded = ps.random_normal_initializer(mean=1.0, stddev=0.5, seed=3)
ps.set_random_seed(7)
template = ps.make_template("scale", lambda x: x, create_scope_now_=True)
template_name: str = template.name
ps.reset_default_graph()

# The TF1 surface: shapes and dtypes are TensorShape / DType objects.
with ps.variable_scope("tf1"):
    s = ps.get_variable("s", [2, 3], dtype=ps.float32)
    assert isinstance(s, ps.Variable)
    dims: List[Optional[int]] = s.shape.as_list()
    rank: Optional[int] = s.get_shape().ndims
    shape: ps.TensorShape = s.shape
    base: ps.DType = s.dtype.base_dtype
    dtype_name: str = s.dtype.name
    created: ps.Variable = ps.Variable(np.zeros(2), name="created")
    kept: Optional[ps.Variable] = created.assign(np.ones(2))
    everything: List[ps.Variable] = ps.global_variables()
    trainable: List[ps.Variable] = ps.trainable_variables("tf1")
    step: ps.Variable = ps.train.get_or_create_global_step()
    found_step: Optional[ps.Variable] = ps.train.get_global_step()
    dim: ps.Dimension = ps.Dimension(3)
    as_dtype: ps.DType = ps.as_dtype("float64")
