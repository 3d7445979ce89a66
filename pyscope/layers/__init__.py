"""``tf.compat.v1.layers``: TF1's layers, naming their variables and ops as TF.

Inputs need only ``.shape`` and ``.dtype``: call a layer on a
``pyscope.TensorSpec`` to name a model without computing, or on NumPy
arrays (or a framework's tensors, see ``numerics.register_math``) to compute.
"""
from pyscope.layers.base import Layer
from pyscope.layers.convolutional import (
    Conv1D, Conv2D, Conv2DTranspose, Conv3D, Conv3DTranspose, Convolution1D,
    Convolution2D, Convolution2DTranspose, Convolution3D, Convolution3DTranspose,
    Deconvolution2D, Deconvolution3D, SeparableConv1D, SeparableConv2D,
    SeparableConvolution2D, conv1d, conv2d, conv2d_transpose, conv3d, conv3d_transpose,
    convolution1d, convolution2d, convolution2d_transpose, convolution3d,
    convolution3d_transpose, separable_conv1d, separable_conv2d, separable_convolution2d)
from pyscope.layers.core import Dense, Dropout, Flatten, dense, dropout, flatten
from pyscope.layers.numerics import NumpyMath, math_for, register_math
from pyscope.layers.pooling import (
    AveragePooling1D, AveragePooling2D, AveragePooling3D, AvgPool2D, MaxPool2D,
    MaxPooling1D, MaxPooling2D, MaxPooling3D, average_pooling1d, average_pooling2d,
    average_pooling3d, max_pooling1d, max_pooling2d, max_pooling3d)
from pyscope.layers.normalization import BatchNorm, BatchNormalization, batch_normalization

__all__ = [
    "Layer",
    "Conv1D",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "Convolution1D",
    "Convolution2D",
    "Convolution2DTranspose",
    "Convolution3D",
    "Convolution3DTranspose",
    "Deconvolution2D",
    "Deconvolution3D",
    "SeparableConv1D",
    "SeparableConv2D",
    "SeparableConvolution2D",
    "conv1d",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "conv3d_transpose",
    "convolution1d",
    "convolution2d",
    "convolution2d_transpose",
    "convolution3d",
    "convolution3d_transpose",
    "separable_conv1d",
    "separable_conv2d",
    "separable_convolution2d",
    "Dense",
    "Dropout",
    "Flatten",
    "dense",
    "dropout",
    "flatten",
    "NumpyMath",
    "math_for",
    "register_math",
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "AvgPool2D",
    "MaxPool2D",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
    "average_pooling1d",
    "average_pooling2d",
    "average_pooling3d",
    "max_pooling1d",
    "max_pooling2d",
    "max_pooling3d",
    "BatchNorm",
    "BatchNormalization",
    "batch_normalization",
]
