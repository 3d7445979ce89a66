"""Real slim models written on pyscope from their published architecture,
named exactly as TF names them (recorded from tf-slim 1.1.0's own nets in
tests/data/tf_slim.json, ``model_*`` cases), from ``TensorSpec`` inputs
alone.  The variables are made shape-only through a creator (VGG-16's
weights would be 0.5 GB of NumPy arrays)."""
import numpy as np
import pytest

import pyscope as ps
import pyscope.nn as nn
import pyscope.slim as slim
from pyscope.tensor_spec import TensorSpec
from test_slim import RECORDED, run_recorded


def vgg_16(images, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
           scope="vgg_16"):
    """VGG-16 (configuration D of Simonyan & Zisserman, 2014) as slim builds
    it: 13 3x3 convolutions in five blocks, the fully connected layers as
    convolutions (fc6 7x7 VALID, fc7 and fc8 1x1), spatial squeeze."""
    with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=nn.relu):
        with slim.arg_scope([slim.conv2d], padding="SAME"):
            with ps.variable_scope(scope, "vgg_16", [images]):
                net = images
                for block, (repeats, width) in enumerate(
                        [(2, 64), (2, 128), (3, 256), (3, 512), (3, 512)], 1):
                    net = slim.repeat(net, repeats, slim.conv2d, width, [3, 3],
                                      scope="conv%d" % block)
                    net = slim.max_pool2d(net, [2, 2], scope="pool%d" % block)
                net = slim.conv2d(net, 4096, [7, 7], padding="VALID", scope="fc6")
                net = slim.dropout(net, dropout_keep_prob, is_training=is_training,
                                   scope="dropout6")
                net = slim.conv2d(net, 4096, [1, 1], scope="fc7")
                net = slim.dropout(net, dropout_keep_prob, is_training=is_training,
                                   scope="dropout7")
                net = slim.conv2d(net, num_classes, [1, 1], activation_fn=None,
                                  normalizer_fn=None, scope="fc8")
                squeezed = ps.create_op_name("fc8/squeezed")
                return TensorSpec([net.shape[0], net.shape[3]], net.dtype, name=squeezed)


class ShapeOnly:
    """A variable with a name, shape, dtype and trainable flag, no value."""

    def __init__(self, name, shape, dtype, trainable):
        self.name, self.op_name = name + ":0", name
        self.shape, self.dtype, self.trainable = tuple(shape), np.dtype(dtype), trainable


def shape_only(next_creator, **kwargs):
    """A creator making ShapeOnly variables, in the collections TF's Variable
    constructor puts itself in."""
    variable = ShapeOnly(kwargs["name"], kwargs["shape"], kwargs["dtype"],
                         kwargs["trainable"])
    collections = list(kwargs["collections"] or [ps.GraphKeys.GLOBAL_VARIABLES])
    if kwargs["trainable"] and ps.GraphKeys.TRAINABLE_VARIABLES not in collections:
        collections.append(ps.GraphKeys.TRAINABLE_VARIABLES)
    ps.add_to_collections(collections, variable)
    return variable


@pytest.mark.parametrize("name", sorted(n for n in RECORDED if n.startswith("model_")))
def test_model_names_as_tf(ps, name):
    with ps.variable_creator_scope(shape_only):
        assert run_recorded(ps, name, vgg_16=vgg_16) == RECORDED[name]["records"]
