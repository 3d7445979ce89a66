"""``BatchNormalization`` and ``batch_normalization`` of ``tf.compat.v1.layers``.

Variables as TF's: ``gamma`` (if ``scale``), ``beta`` (if ``center``), then
``moving_mean`` and ``moving_variance`` (non-trainable, ``ON_READ``/``MEAN``,
made with the scope's partitioner switched off); ``renorm`` adds
``moving_stddev``, ``renorm_mean`` and ``renorm_stddev``.  Parameters are
float32 for float16/bfloat16 inputs.  With several axes or a virtual batch
size the parameter shape is full rank with 1s (one more leading 1 for
virtual batches).

Op names are TF's for a Python-bool ``training`` (a boolean tensor makes
TF's ``cond`` ops, which are not modelled); the update ops' names go to
``UPDATE_OPS`` when training.  The NumPy reference normalises with the
moving statistics (inference) or the batch's (``training=True``); it does
not update the moving averages.
"""
from typing import Any, List, Optional, Sequence

import numpy as np

from pyscope import graph as _graph
from pyscope.initializers import ones_initializer, zeros_initializer
from pyscope.layers.base import Layer
from pyscope.tensor_spec import Shape
from pyscope.variables import VariableAggregation, VariableSynchronization

_UPDATE = "AssignMovingAvg*/AssignSubVariableOp"
# TF's ops for training with renorm, in order (a fresh layer scope)
_RENORM_TRAINING = [
    "moments/mean", "moments/variance", "add", "Sqrt", "Sqrt", "Maximum", "truediv",
    "sub", "truediv", "Identity", "Identity", "Identity", "AssignMovingAvg*/sub",
    "Identity", "AssignMovingAvg*/sub", "Identity", "Identity", "renorm_r",
    "renorm_d", "mul", "mul", "add", _UPDATE, "add", "Sqrt", "AssignMovingAvg*/sub",
    "mul", "sub", "Relu", "AssignNewValue"]


class BatchNormalization(Layer):
    """Batch Normalization layer from (Ioffe et al., 2015).

    Arguments:
      axis: An ``int`` or list of ``int``, the axis or axes that should be
        normalized, typically the features axis/axes.
      momentum: Momentum for the moving average.
      epsilon: Small float added to variance to avoid dividing by zero.
      center: If True, add offset of ``beta`` to normalized tensor.
      scale: If True, multiply by ``gamma``.
      beta_initializer, gamma_initializer, moving_mean_initializer,
      moving_variance_initializer: Initializers of the variables.
      beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint.
      renorm: Whether to use Batch Renormalization (adds 3 variables).
      renorm_clipping, renorm_momentum: Batch Renormalization settings.
      fused: if ``None`` or ``True``, use a faster, fused implementation if
        possible.
      trainable: Boolean, if ``True`` also add variables to the graph
        collection ``GraphKeys.TRAINABLE_VARIABLES``.
      virtual_batch_size: An ``int``. By default it is ``None``, which means
        batch normalization is performed across the whole batch.
      adjustment: A function adjusting the normalized output during training.
      name: A string, the name of the layer.
    """

    def __init__(self, axis: Any = -1, momentum: float = 0.99, epsilon: float = 1e-3,
                 center: bool = True, scale: bool = True,
                 beta_initializer: Any = zeros_initializer(),
                 gamma_initializer: Any = ones_initializer(),
                 moving_mean_initializer: Any = zeros_initializer(),
                 moving_variance_initializer: Any = ones_initializer(),
                 beta_regularizer: Any = None, gamma_regularizer: Any = None,
                 beta_constraint: Any = None, gamma_constraint: Any = None,
                 renorm: bool = False, renorm_clipping: Any = None,
                 renorm_momentum: float = 0.99, fused: Optional[bool] = None,
                 trainable: bool = True, virtual_batch_size: Optional[int] = None,
                 adjustment: Any = None, name: Any = None, **kwargs: Any) -> None:
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer
        self.gamma_initializer = gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer = beta_regularizer
        self.gamma_regularizer = gamma_regularizer
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.renorm = renorm
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.fused = fused
        self.virtual_batch_size = virtual_batch_size
        self.adjustment = adjustment
        self.gamma: Any = None
        self.beta: Any = None
        self.moving_mean: Any = None
        self.moving_variance: Any = None

    @property
    def _param_dtype(self) -> np.dtype:
        # parameters of float16 batch norm are raised to float32
        dtype = np.dtype(self.dtype or np.float32)
        return np.dtype(np.float32) if dtype.name in ("float16", "bfloat16") else dtype

    def _validate_axis(self, input_shape: Shape) -> List[int]:
        if not input_shape:
            raise ValueError("Input has undefined rank. Received: input_shape=%s"
                             % (input_shape,))
        rank = len(input_shape)
        axes = [self.axis] if isinstance(self.axis, int) else list(self.axis)
        axes = [a + rank if a < 0 else a for a in axes]
        for a in axes:
            if a < 0 or a >= rank:
                raise ValueError("Invalid value for `axis` argument. Expected 0 <= axis < "
                                 "inputs.rank (with inputs.rank=%d). Received: axis=%s"
                                 % (rank, self.axis))
        if len(axes) != len(set(axes)):
            raise ValueError("Duplicate axis: %s" % (self.axis,))
        return axes

    def build(self, input_shape: Shape) -> None:
        axes = self._validate_axis(input_shape)
        assert input_shape is not None
        rank = len(input_shape)
        if self.virtual_batch_size is not None:
            if self.virtual_batch_size <= 0:
                raise ValueError(
                    "`virtual_batch_size` must be a positive integer that divides the "
                    "true batch size of the input tensor. Received: virtual_batch_size=%s"
                    % self.virtual_batch_size)
            if 0 in axes:
                raise ValueError("When using `virtual_batch_size`, the batch dimension "
                                 "must be 0 and thus axis cannot include 0. Received "
                                 "axis=%s" % axes)
            if self.adjustment is not None:
                raise ValueError("When using `virtual_batch_size`, adjustment cannot be "
                                 "specified")
        can_fuse = (rank in (4, 5) and not self.renorm and self.virtual_batch_size is None
                    and self.adjustment is None and len(axes) == 1
                    and axes[0] in (1, rank - 1))
        # TF1 behaviour: fused=None or True means "fused where it can be"
        self.fused = can_fuse if self.fused in (None, True) else False
        dims = {a: input_shape[a] for a in axes}
        if any(d is None for d in dims.values()):
            raise ValueError("Input has undefined `axis` dimension. Received input with "
                             "shape %s and axis=%s" % (tuple(input_shape), tuple(axes)))
        if len(dims) == 1 and self.virtual_batch_size is None:
            param_shape = [dims[axes[0]]]
        else:
            param_shape = [dims.get(i, 1) for i in range(rank)]
            if self.virtual_batch_size is not None:
                param_shape.insert(1, 1)
                axes = [a + 1 for a in axes]
        self._axes = axes
        self._param_shape = param_shape
        dtype = self._param_dtype
        if self.scale:
            self.gamma = self.add_weight(
                "gamma", shape=param_shape, dtype=dtype, initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                trainable=True, experimental_autocast=False)
        if self.center:
            self.beta = self.add_weight(
                "beta", shape=param_shape, dtype=dtype, initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                trainable=True, experimental_autocast=False)
        # TF switches the layer scope's partitioner off for the moving statistics
        partitioner = self._scope.partitioner if self._scope else None
        if partitioner:
            self._scope.set_partitioner(None)  # type: ignore[union-attr]
        try:
            self.moving_mean = self._statistic("moving_mean", self.moving_mean_initializer)
            self.moving_variance = self._statistic(
                "moving_variance", self.moving_variance_initializer)
            if self.renorm:
                stddev = _SqrtInitializer(self.moving_variance_initializer)
                self.moving_stddev = self._statistic("moving_stddev", stddev)
                self.renorm_mean = self._statistic(
                    "renorm_mean", self.moving_mean_initializer)
                self.renorm_stddev = self._statistic("renorm_stddev", stddev)
        finally:
            if partitioner:
                self._scope.set_partitioner(partitioner)  # type: ignore[union-attr]
        self.built = True

    def _statistic(self, name: str, initializer: Any) -> Any:
        return self.add_weight(
            name, shape=self._param_shape, dtype=self._param_dtype,
            initializer=initializer, synchronization=VariableSynchronization.ON_READ,
            trainable=False, aggregation=VariableAggregation.MEAN,
            experimental_autocast=False)

    # -- ops -----------------------------------------------------------------------
    def _batchnorm_ops(self) -> List[str]:
        # nn.batch_normalization: rsqrt(var + eps) [* gamma], x * inv + (beta - mean * inv)
        scaled = ["batchnorm/mul"] if self.scale else []
        offset = ["batchnorm/sub"] if self.center else ["batchnorm/Neg"]
        return (["batchnorm/add", "batchnorm/Rsqrt"] + scaled
                + ["batchnorm/mul", "batchnorm/mul"] + offset + ["batchnorm/add"])

    def _op_names(self, input_shape: Shape, training: Any = False,
                  **kwargs: Any) -> List[str]:
        training = bool(training)
        if self.fused:
            updates = ["Const", _UPDATE, _UPDATE] if training else []
            return ["FusedBatchNormV3"] + updates
        moments = ["moments/mean", "moments/variance", "moments/Squeeze",
                   "moments/Squeeze"]
        if self.virtual_batch_size is not None:
            reshape = ["Shape", "Const", "strided_slice", "concat", "Const",
                       "strided_slice", "concat", "Reshape"]
            stats = moments + ["Mean", "Mean", _UPDATE, _UPDATE] if training else []
            return reshape + stats + self._batchnorm_ops() + ["Reshape"]
        if training and self.renorm:
            return _RENORM_TRAINING + self._batchnorm_ops()
        stats = moments + [_UPDATE, _UPDATE] if training else []
        return stats + self._batchnorm_ops()

    def _ops_named(self, paths: List[str], names: List[Any]) -> Optional[str]:
        graph = _graph.get_default_graph()
        for path, name in zip(paths, names):
            if name is not None and path in (_UPDATE, "AssignNewValue"):
                self._updates.append(name)
                graph.add_to_collection(_graph.GraphKeys.UPDATE_OPS, name)
        # the normalised output, not the updates after it
        output: Optional[str] = names[0] if self.fused else names[-1]
        return output

    # -- NumPy reference ---------------------------------------------------------
    def call(self, inputs: Any, training: Any = False, **kwargs: Any) -> Any:
        from pyscope.layers.numerics import math_for
        math = math_for(inputs)
        x = np.asarray(inputs)
        shape = self._param_shape
        reduction = tuple(i for i in range(x.ndim) if i not in self._axes)
        broadcast = [1] * x.ndim
        for a in self._axes:
            broadcast[a] = x.shape[a]
        if len(shape) > 1:
            broadcast = [int(d) for d in shape if d is not None]

        def param(variable: Any, default: float) -> Any:
            if variable is None:
                return np.asarray(default, np.float32)
            return math.value(variable).reshape(broadcast)

        if training:
            mean = x.astype(np.float32).mean(axis=reduction, keepdims=True)
            variance = x.astype(np.float32).var(axis=reduction, keepdims=True)
        else:
            mean = param(self.moving_mean, 0.0)
            variance = param(self.moving_variance, 1.0)
        inv = 1 / np.sqrt(variance + self.epsilon) * param(self.gamma, 1.0)
        out = x * inv + (param(self.beta, 0.0) - mean * inv)
        return out.astype(x.dtype)


class _SqrtInitializer:
    """The square root of another initializer's values (renorm's stddevs)."""

    def __init__(self, initializer: Any) -> None:
        self.initializer = initializer

    def __call__(self, shape: Sequence[int], dtype: Any = None,
                 partition_info: Any = None) -> Any:
        return np.sqrt(self.initializer(shape, dtype=dtype, partition_info=partition_info))


def batch_normalization(inputs: Any, axis: Any = -1, momentum: float = 0.99,
                        epsilon: float = 1e-3, center: bool = True, scale: bool = True,
                        beta_initializer: Any = zeros_initializer(),
                        gamma_initializer: Any = ones_initializer(),
                        moving_mean_initializer: Any = zeros_initializer(),
                        moving_variance_initializer: Any = ones_initializer(),
                        beta_regularizer: Any = None, gamma_regularizer: Any = None,
                        beta_constraint: Any = None, gamma_constraint: Any = None,
                        training: Any = False, trainable: bool = True,
                        name: Optional[str] = None, reuse: Any = None,
                        renorm: bool = False, renorm_clipping: Any = None,
                        renorm_momentum: float = 0.99, fused: Optional[bool] = None,
                        virtual_batch_size: Optional[int] = None,
                        adjustment: Any = None) -> Any:
    """Functional interface for the batch normalization layer (Ioffe et al., 2015).

    Note: when training, the moving_mean and moving_variance need to be
    updated. By default the update ops are placed in ``GraphKeys.UPDATE_OPS``.
    """
    layer = BatchNormalization(
        axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
        beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
        moving_mean_initializer=moving_mean_initializer,
        moving_variance_initializer=moving_variance_initializer,
        beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
        beta_constraint=beta_constraint, gamma_constraint=gamma_constraint,
        renorm=renorm, renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum,
        fused=fused, trainable=trainable, virtual_batch_size=virtual_batch_size,
        adjustment=adjustment, name=name, _reuse=reuse, _scope=name)
    return layer(inputs, training=training)


BatchNorm = BatchNormalization
