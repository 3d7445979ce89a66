"""``tf.compat.v1.nn`` for naming: activations that know TF's op names."""
from pyscope.nn.nn_ops import Activation, elu, relu, relu6, sigmoid, softmax, softplus, tanh

__all__ = ["Activation", "elu", "relu", "relu6", "sigmoid", "softmax", "softplus", "tanh"]
