"""``tf.compat.v1.nn`` for naming: activations that know TF's op names, the
RNN cells (``pyscope.nn.rnn_cell``) and the RNN drivers."""
from pyscope.nn import rnn_cell
from pyscope.nn.nn_ops import Activation, elu, relu, relu6, sigmoid, softmax, softplus, tanh
from pyscope.nn.rnn import (
    bidirectional_dynamic_rnn, dynamic_rnn, static_bidirectional_rnn, static_rnn)

__all__ = ["Activation", "elu", "relu", "relu6", "sigmoid", "softmax", "softplus", "tanh",
           "rnn_cell", "dynamic_rnn", "bidirectional_dynamic_rnn", "static_rnn",
           "static_bidirectional_rnn"]
