"""Activation functions as layers use them (``activation=pyscope.nn.relu``).

Each knows the name of the op TF makes for it (``Relu``), so a layer with
that activation registers TF's op name, and a call on a ``TensorSpec`` names
the op itself; the value comes from the math registered for the input's
type (see ``pyscope.layers.numerics``)."""
from typing import Any, Optional


class Activation:
    """An elementwise activation, named as TF's op (``Relu``, ``Tanh`` ...)."""

    __slots__ = ("op_name", "__name__")

    def __init__(self, function_name: str, op_name: str) -> None:
        self.__name__ = function_name
        self.op_name = op_name

    def __call__(self, features: Any, name: Optional[str] = None) -> Any:
        """The activation of ``features``; on a ``TensorSpec``, names TF's op
        (``name`` or ``Relu``...) in the current name scope and returns its spec."""
        from pyscope.layers.numerics import math_for
        from pyscope.tensor_spec import TensorSpec
        if isinstance(features, TensorSpec):
            from pyscope import graph
            from pyscope.layers.base import _register_ops
            op = _register_ops(graph.get_default_graph(), [name or self.op_name])[0]
            return TensorSpec(features.shape, features.dtype, name=op)
        return math_for(features).activation(self.op_name, features)

    def __repr__(self) -> str:
        return "<activation pyscope.nn.%s>" % self.__name__


relu = Activation("relu", "Relu")
relu6 = Activation("relu6", "Relu6")
elu = Activation("elu", "Elu")
tanh = Activation("tanh", "Tanh")
sigmoid = Activation("sigmoid", "Sigmoid")
softplus = Activation("softplus", "Softplus")
softmax = Activation("softmax", "Softmax")
