"""``tf.compat.v1.layers``: TF1's layers, naming their variables and ops as TF.

Inputs need only ``.shape`` and ``.dtype``: call a layer on a
``pyscope.TensorSpec`` to name a model without computing, or on NumPy
arrays (or a framework's tensors, see ``numerics.register_math``) to compute.
"""
from pyscope.layers.base import Layer
from pyscope.layers.core import Dense, Dropout, Flatten, dense, dropout, flatten
from pyscope.layers.numerics import NumpyMath, math_for, register_math

__all__ = ["Layer", "Dense", "Dropout", "Flatten", "dense", "dropout", "flatten",
           "NumpyMath", "math_for", "register_math"]
