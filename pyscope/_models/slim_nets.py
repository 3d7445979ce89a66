"""Slim's image nets written on pyscope.slim from their published
architecture, named exactly as tf-slim 1.1.0's own nets name them (checked
against TF's recording in tests/test_slim_models.py), from ``TensorSpec``
inputs alone: `vgg_16`, `resnet_v1_50`, `inception_v3`.

Ops that have no layer (padding, the residual add, concatenation, global
pooling, squeezing) are a spec named with ``create_op_name``, as TF would
name the op."""
from typing import Any, List, Optional, Sequence, Tuple, Union

from pyscope.graph import create_op_name
from pyscope.nn import nn_ops as nn
from pyscope.slim import layers as slim
from pyscope.slim.arg_scope import arg_scope
from pyscope.tensor_spec import TensorSpec
from pyscope.variable_scope import variable_scope

__all__ = ["vgg_16", "resnet_v1_50", "inception_v3"]

Dim = Optional[int]


def _dims(spec: Any) -> Tuple[Dim, ...]:
    """The dimensions of a spec of known rank."""
    shape: Optional[Tuple[Dim, ...]] = spec.shape
    if shape is None:
        raise ValueError("%s needs a known rank to be named from shapes" % (spec,))
    return shape


def _op(shape: Sequence[Dim], like: Any, op: str) -> TensorSpec:
    """The output of an op with no layer: a spec of `shape`, named as TF
    names op `op` in the current scope."""
    return TensorSpec(shape, like.dtype, name=create_op_name(op))


def vgg_16(images: Any, num_classes: int = 1000, is_training: bool = True,
           dropout_keep_prob: float = 0.5, scope: str = "vgg_16") -> TensorSpec:
    """VGG-16 (configuration D of Simonyan & Zisserman, 2014) as slim builds
    it: 13 3x3 convolutions in five blocks, the fully connected layers as
    convolutions (fc6 7x7 VALID, fc7 and fc8 1x1), spatial squeeze."""
    with arg_scope([slim.conv2d, slim.fully_connected], activation_fn=nn.relu):
        with arg_scope([slim.conv2d], padding="SAME"):
            with variable_scope(scope, "vgg_16", [images]):
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
                n, _, _, c = _dims(net)
                return _op([n, c], net, "fc8/squeezed")


def _padded(d: Dim, by: int) -> Dim:
    return None if d is None else d + by


def conv2d_same(inputs: Any, num_outputs: int, kernel_size: int, stride: int,
                scope: str) -> Any:
    """A 'SAME' convolution that pads explicitly when strided (ResNet's)."""
    if stride == 1:
        return slim.conv2d(inputs, num_outputs, kernel_size, stride=1, padding="SAME",
                           scope=scope)
    total = kernel_size - 1
    n, h, w, c = _dims(inputs)
    padded = _op([n, _padded(h, total), _padded(w, total), c], inputs, "Pad")
    return slim.conv2d(padded, num_outputs, kernel_size, stride=stride, padding="VALID",
                       scope=scope)


def bottleneck(inputs: Any, depth: int, depth_bottleneck: int, stride: int) -> Any:
    """The bottleneck residual unit of He et al. (2015): 1x1, 3x3, 1x1
    convolutions plus a projection shortcut when the depth changes."""
    with variable_scope(None, "bottleneck_v1", [inputs]):
        if depth == _dims(inputs)[-1]:
            shortcut = (inputs if stride == 1 else
                        slim.max_pool2d(inputs, [1, 1], stride=stride, scope="shortcut"))
        else:
            shortcut = slim.conv2d(inputs, depth, [1, 1], stride=stride,
                                   activation_fn=None, scope="shortcut")
        del shortcut  # named; the sum below is shape-only
        residual = slim.conv2d(inputs, depth_bottleneck, [1, 1], scope="conv1")
        residual = conv2d_same(residual, depth_bottleneck, 3, stride, scope="conv2")
        residual = slim.conv2d(residual, depth, [1, 1], activation_fn=None, scope="conv3")
        return nn.relu(_op(_dims(residual), residual, "add"))


def resnet_v1_50(images: Any, num_classes: int = 1000, is_training: bool = True,
                 scope: str = "resnet_v1_50") -> Any:
    """ResNet-50 v1 as slim builds it: conv1 7x7/2 and a 3x3/2 max pool, then
    blocks of 3, 4, 6 and 3 bottleneck units (the last unit of the first
    three blocks strided), global average pool, 1x1 logits; every convolution
    batch-normalised (scale=True), as resnet_arg_scope sets it."""
    bn = {"decay": 0.997, "epsilon": 1e-5, "scale": True}
    with arg_scope([slim.conv2d], activation_fn=nn.relu,
                        normalizer_fn=slim.batch_norm, normalizer_params=bn):
        with arg_scope([slim.batch_norm], is_training=is_training):
            with arg_scope([slim.max_pool2d], padding="SAME"):
                with variable_scope(scope, "resnet_v1", [images]):
                    net = conv2d_same(images, 64, 7, stride=2, scope="conv1")
                    net = slim.max_pool2d(net, [3, 3], stride=2, scope="pool1")
                    for index, (base, units, stride) in enumerate(
                            [(64, 3, 2), (128, 4, 2), (256, 6, 2), (512, 3, 1)], 1):
                        with variable_scope("block%d" % index, "block", [net]):
                            for unit in range(units):
                                with variable_scope("unit_%d" % (unit + 1)):
                                    net = bottleneck(net, base * 4, base,
                                                     stride if unit == units - 1 else 1)
                    n, _, _, c = _dims(net)
                    net = _op([n, 1, 1, c], net, "pool5")
                    return slim.conv2d(net, num_classes, [1, 1], activation_fn=None,
                                       normalizer_fn=None, scope="logits")


# Inception-v3 (Szegedy et al., 2015, "Rethinking the Inception Architecture"):
# each mixed block as branches of (depth, kernel, scope) convolutions; "pool"
# is the 3x3 average pool before a branch's 1x1; a tuple inside a branch is
# the split into parallel 1x3 and 3x1 convolutions of Figure 7; a fourth
# item "strided" makes a stride-2 VALID convolution.
Layer = Union[str, Tuple[Any, ...]]
Branch = List[Layer]


def mixed_35(b1: Branch, pool: int) -> List[Branch]:
    """A 35x35 block (the three differ in their second branch and pool depth)."""
    return [[(64, 1, "Conv2d_0a_1x1")], b1,
            [(64, 1, "Conv2d_0a_1x1"), (96, 3, "Conv2d_0b_3x3"), (96, 3, "Conv2d_0c_3x3")],
            ["pool", (pool, 1, "Conv2d_0b_1x1")]]


def mixed_17(d: int) -> List[Branch]:
    return [[(192, 1, "Conv2d_0a_1x1")],
            [(d, 1, "Conv2d_0a_1x1"), (d, [1, 7], "Conv2d_0b_1x7"),
             (192, [7, 1], "Conv2d_0c_7x1")],
            [(d, 1, "Conv2d_0a_1x1"), (d, [7, 1], "Conv2d_0b_7x1"),
             (d, [1, 7], "Conv2d_0c_1x7"), (d, [7, 1], "Conv2d_0d_7x1"),
             (192, [1, 7], "Conv2d_0e_1x7")],
            ["pool", (192, 1, "Conv2d_0b_1x1")]]


def mixed_8(second: str) -> List[Branch]:
    return [[(320, 1, "Conv2d_0a_1x1")],
            [(384, 1, "Conv2d_0a_1x1"),
             ((384, [1, 3], "Conv2d_0b_1x3"), (384, [3, 1], second))],
            [(448, 1, "Conv2d_0a_1x1"), (384, 3, "Conv2d_0b_3x3"),
             ((384, [1, 3], "Conv2d_0c_1x3"), (384, [3, 1], "Conv2d_0d_3x1"))],
            ["pool", (192, 1, "Conv2d_0b_1x1")]]


def concat(parts: Sequence[Any]) -> TensorSpec:
    """Concatenation along the channels."""
    channels = 0
    for part in parts:
        c = _dims(part)[3]
        assert c is not None, "concatenated channels must be known"
        channels += c
    return _op(_dims(parts[0])[:3] + (channels,), parts[0], "concat")


def inception_branch(net: Any, layers: Branch) -> Any:
    for layer in layers:
        if isinstance(layer, str):  # "pool"
            net = slim.avg_pool2d(net, [3, 3], scope="AvgPool_0a_3x3")
        elif isinstance(layer[0], tuple):
            net = concat([slim.conv2d(net, d, k, scope=n) for d, k, n in layer])
        else:
            depth, kernel, name, *strided = layer
            net = (slim.conv2d(net, depth, kernel, stride=2, padding="VALID", scope=name)
                   if strided else slim.conv2d(net, depth, kernel, scope=name))
    return net


def inception_block(net: Any, name: str, branches: List[Branch],
                    reduction: bool = False) -> TensorSpec:
    with variable_scope(name):
        outputs = []
        for index, layers in enumerate(branches):
            with variable_scope("Branch_%d" % index):
                outputs.append(inception_branch(net, layers))
        if reduction:  # the grid reductions end with a strided max pool branch
            with variable_scope("Branch_%d" % len(branches)):
                outputs.append(slim.max_pool2d(net, [3, 3], stride=2, padding="VALID",
                                               scope="MaxPool_1a_3x3"))
        return concat(outputs)


def squeeze(net: Any) -> TensorSpec:
    n, _, _, c = _dims(net)
    return _op([n, c], net, "SpatialSqueeze")


def inception_v3(images: Any, num_classes: int = 1000, is_training: bool = True,
                 scope: str = "InceptionV3") -> TensorSpec:
    """Inception-v3 as slim builds it on 299x299 inputs: the stem, three 35x35,
    five 17x17 and two 8x8 mixed blocks, the auxiliary head on Mixed_6e, and
    the logits; every convolution batch-normalised (beta only, moving
    statistics also in ``moving_vars``)."""
    bn = {"decay": 0.9997, "epsilon": 0.001,
          "variables_collections": {"beta": None, "gamma": None,
                                    "moving_mean": ["moving_vars"],
                                    "moving_variance": ["moving_vars"]}}
    with arg_scope([slim.conv2d], activation_fn=nn.relu,
                        normalizer_fn=slim.batch_norm, normalizer_params=bn), \
            variable_scope(scope, "InceptionV3", [images]), \
            arg_scope([slim.batch_norm, slim.dropout], is_training=is_training):
        with arg_scope([slim.conv2d, slim.max_pool2d, slim.avg_pool2d], stride=1,
                            padding="VALID"):
            net = slim.conv2d(images, 32, [3, 3], stride=2, scope="Conv2d_1a_3x3")
            net = slim.conv2d(net, 32, [3, 3], scope="Conv2d_2a_3x3")
            net = slim.conv2d(net, 64, [3, 3], padding="SAME", scope="Conv2d_2b_3x3")
            net = slim.max_pool2d(net, [3, 3], stride=2, scope="MaxPool_3a_3x3")
            net = slim.conv2d(net, 80, [1, 1], scope="Conv2d_3b_1x1")
            net = slim.conv2d(net, 192, [3, 3], scope="Conv2d_4a_3x3")
            net = slim.max_pool2d(net, [3, 3], stride=2, scope="MaxPool_5a_3x3")
        with arg_scope([slim.conv2d, slim.max_pool2d, slim.avg_pool2d], stride=1,
                            padding="SAME"):
            five_by_five: Branch = [(48, 1, "Conv2d_0a_1x1"), (64, 5, "Conv2d_0b_5x5")]
            net = inception_block(net, "Mixed_5b", mixed_35(five_by_five, 32))
            net = inception_block(net, "Mixed_5c", mixed_35(
                [(48, 1, "Conv2d_0b_1x1"), (64, 5, "Conv_1_0c_5x5")], 64))
            net = inception_block(net, "Mixed_5d", mixed_35(five_by_five, 64))
            net = inception_block(net, "Mixed_6a", [
                [(384, 3, "Conv2d_1a_1x1", "strided")],
                [(64, 1, "Conv2d_0a_1x1"), (96, 3, "Conv2d_0b_3x3"),
                 (96, 3, "Conv2d_1a_1x1", "strided")]], reduction=True)
            for name, depth in (("Mixed_6b", 128), ("Mixed_6c", 160), ("Mixed_6d", 160),
                                ("Mixed_6e", 192)):
                net = inception_block(net, name, mixed_17(depth))
            aux = net
            net = inception_block(net, "Mixed_7a", [
                [(192, 1, "Conv2d_0a_1x1"), (320, 3, "Conv2d_1a_3x3", "strided")],
                [(192, 1, "Conv2d_0a_1x1"), (192, [1, 7], "Conv2d_0b_1x7"),
                 (192, [7, 1], "Conv2d_0c_7x1"), (192, 3, "Conv2d_1a_3x3", "strided")]],
                reduction=True)
            net = inception_block(net, "Mixed_7b", mixed_8("Conv2d_0b_3x1"))
            net = inception_block(net, "Mixed_7c", mixed_8("Conv2d_0c_3x1"))
            with variable_scope("AuxLogits"):
                aux = slim.avg_pool2d(aux, [5, 5], stride=3, padding="VALID",
                                      scope="AvgPool_1a_5x5")
                aux = slim.conv2d(aux, 128, [1, 1], scope="Conv2d_1b_1x1")
                aux = slim.conv2d(aux, 768, [5, 5], padding="VALID", scope="Conv2d_2a_5x5")
                aux = slim.conv2d(aux, num_classes, [1, 1], activation_fn=None,
                                  normalizer_fn=None, scope="Conv2d_2b_1x1")
                squeeze(aux)
        with variable_scope("Logits"):
            net = slim.avg_pool2d(net, [8, 8], padding="VALID", scope="AvgPool_1a_8x8")
            net = slim.dropout(net, 0.8, scope="Dropout_1b")
            net = slim.conv2d(net, num_classes, [1, 1], activation_fn=None,
                              normalizer_fn=None, scope="Conv2d_1c_1x1")
            return squeeze(net)
