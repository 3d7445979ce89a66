"""Shape-only variables: a name, shape, dtype and trainable flag, no value.

Naming a whole model needs no weights (VGG-16's would be 0.5 GB of NumPy
arrays), so the bench and the model tests create variables through the
`shape_only` creator::

    with ps.variable_creator_scope(shape_only):
        resnet_v1_50(TensorSpec([None, 224, 224, 3]))
"""
from typing import Any, List, Sequence

import numpy as np

from pyscope.graph import GraphKeys, add_to_collections

__all__ = ["ShapeOnly", "shape_only"]


class ShapeOnly:
    """A variable with a name, shape, dtype and trainable flag, no value."""

    def __init__(self, name: str, shape: Sequence[int], dtype: Any, trainable: bool) -> None:
        self.name, self.op_name = name + ":0", name
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)
        self.trainable = trainable

    def __repr__(self) -> str:
        return "<ShapeOnly %r shape=%s dtype=%s>" % (self.name, self.shape, self.dtype)


def shape_only(next_creator: Any, **kwargs: Any) -> ShapeOnly:
    """A variable creator making `ShapeOnly` variables, put in the
    collections TF's Variable constructor puts itself in."""
    variable = ShapeOnly(kwargs["name"], kwargs["shape"], kwargs["dtype"], kwargs["trainable"])
    collections: List[Any] = list(kwargs["collections"] or [GraphKeys.GLOBAL_VARIABLES])
    if kwargs["trainable"] and GraphKeys.TRAINABLE_VARIABLES not in collections:
        collections.append(GraphKeys.TRAINABLE_VARIABLES)
    add_to_collections(collections, variable)
    return variable
