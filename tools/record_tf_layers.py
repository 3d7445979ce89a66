"""Record TensorFlow's legacy layers (``tf.compat.v1.layers``) for
pyscope.layers' tests.

Recording tool: run it from the TensorFlow venv (tf-keras 2.21 is needed,
and ``TF_USE_LEGACY_KERAS=1``, which this script sets).  The tests load this
file for `run_case` and `CASES` only; TensorFlow is imported inside
`_run_on_tf`, so neither pyscope nor its tests ever import it:

    ~/.venvs/tf/bin/python tools/record_tf_layers.py

It writes ``tests/data/tf_layers.json``: for every case below, the records
the case made against TF (graph mode).  A case is a snippet run with the same
helpers on both sides (TF here, pyscope in tests/test_layers.py):

* ``v1``: ``tf.compat.v1`` / ``pyscope``; ``L``: ``tf.compat.v1.layers`` /
  ``pyscope.layers``; ``nn``: ``tf.compat.v1.nn`` / ``pyscope.nn``; ``np``.
* ``spec(shape, dtype="float32")``: a shape-only input (a placeholder named
  ``x``, a ``TensorSpec``).
* ``rec(x)``: append a record; ``catch(f)``: ``f()`` or ``["error", type]``.
* ``out(y)``: ``[op name, shape, dtype]`` of a layer's output.
* ``allvars()``: every global then local variable, in creation order, as
  ``[name, shape, dtype, trainable, sorted collections holding it]``.
* ``lyr(layer)``: ``[name, scope_name, weights, trainable_weights,
  non_trainable_weights, variables]`` (variable names).
* ``uname(name)``: unique_name without marking (where the next op would go);
  ``coll(key)``: the names in a collection.
* ``log_getter`` / ``log_creator`` and ``LOG``: a custom getter / creator that
  logs what it receives, key for key.
* ``setw(layer)``: give every weight a fixed value; ``run(y, x)``: the value
  of output ``y`` for NumPy input ``x`` (fed to ``spec``'s placeholder in TF;
  in pyscope the layer is called again on ``x``, see the test).
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from record_tf_variable_scope import case_book, json_safe  # noqa: E402 - numpy only
OUT = os.path.join(HERE, os.pardir, "tests", "data", "tf_layers.json")

CASES, case = case_book()


# -- A1: layer.name from per-graph, per-class counters ----------------------
case("name_counters", """
a = L.Dense(3); b = L.Dense(3); c = L.Dense(3, name="foo"); d = L.Dropout()
rec(a.name, b.name, c.name, d.name, catch(lambda: a.scope_name))
with v1.variable_scope("s"):
    e = L.Dense(2)
rec(e.name)
""")
case("name_counters_new_graph", """
L.Dense(3)
with v1.Graph().as_default():
    rec(L.Dense(3).name)
rec(L.Dense(3).name)
""")
case("name_vs_scope_lazy", """
x = spec([None, 4])
a = L.Dense(3, name="foo"); b = L.Dense(3, name="foo")
a(x); b(x)
rec(lyr(a), lyr(b), allvars())
""")
case("scope_fixed_at_first_call", """
x = spec([None, 4])
layer = L.Dense(3)
with v1.variable_scope("outer"):
    y = layer(x)
with v1.variable_scope("other"):
    with v1.name_scope("ns"):
        y2 = layer(x)
y3 = layer(x)
rec(lyr(layer), out(y), out(y2), out(y3), allvars(), uname("outer/dense/MatMul"))
""")
case("name_scope_does_not_name_variables", """
x = spec([None, 4])
with v1.name_scope("ns"):
    y = L.dense(x, 3)
rec(out(y), allvars(), uname("ns/dense"), uname("dense"))
""")
case("existing_op_pushes_op_scope", """
x = spec([None, 4])
op("dense")
y = L.dense(x, 3)
rec(out(y), allvars(), uname("dense_1/MatMul"))
""")
case("two_unnamed_layers", """
x = spec([None, 4])
y = L.dense(x, 5)
z = L.dense(y, 2, activation=nn.relu)
rec(out(y), out(z), allvars(), uname("dense_1/Relu"), uname("dense"))
""")
case("subclass_default_name", """
class NDense(L.Dense):
    pass
x = spec([None, 4])
layer = NDense(3)
layer(x)
rec(lyr(layer), allvars())
""")
# -- A2: _scope and _reuse through the functional form ----------------------
case("functional_named_and_reused", """
x = spec([None, 4])
y = L.dense(x, 3, name="foo")
y2 = L.dense(x, 3, name="foo", reuse=True)
rec(out(y), out(y2), allvars(), catch(lambda: L.dense(x, 3, name="foo")))
""")
case("functional_reuse_unnamed", """
x = spec([None, 4])
y = L.dense(x, 3)
y2 = L.dense(x, 3, reuse=True)
rec(out(y), out(y2), allvars())
""")
case("functional_reuse_missing_raises", """
x = spec([None, 4])
rec(catch(lambda: L.dense(x, 3, name="nothere", reuse=True)), allvars())
""")
case("reuse_scope_auto_reuse", """
x = spec([None, 4])
with v1.variable_scope("m", reuse=v1.AUTO_REUSE):
    y = L.dense(x, 3, name="d")
    y2 = L.dense(x, 3, name="d")
rec(out(y), out(y2), allvars())
""")
case("call_time_scope_argument", """
x = spec([None, 4])
layer = L.Dense(3)
layer(x, scope="given")
layer(x, scope="ignored")
rec(lyr(layer), allvars())
""")
case("name_is_variable_scope", """
x = spec([None, 4])
with v1.variable_scope("vs") as vs:
    pass
layer = L.Dense(3, name=vs)
y = layer(x)
rec(lyr(layer), out(y), allvars())
""")
case("add_weight_before_call", """
layer = L.Layer(name="custom")
w = layer.add_weight("w", [2, 3])
rec(lyr(layer), allvars(), uname("custom"))
""")
# -- A4: add_weight through get_variable ------------------------------------
case("scope_partitioner", """
x = spec([None, 6])
with v1.variable_scope("p", partitioner=v1.fixed_size_partitioner(2)):
    y = L.dense(x, 4)
rec(out(y), allvars())
""")
case("scope_dtype_and_input_dtype", """
x = spec([None, 4], "float64")
y = L.dense(x, 3)
h = spec([None, 4], "float16")
z = L.dense(h, 3)
rec(out(y), out(z), allvars())
""")
case("scope_initializer_and_regularizer", """
x = spec([None, 4])
with v1.variable_scope("r", initializer=v1.constant_initializer(0.5),
                       regularizer=reg("scope_reg")):
    layer = L.Dense(3)
    layer(x)
rec(allvars(), coll("regularization_losses"), val(layer.kernel)[0])
""")
case("layer_regularizers", """
x = spec([None, 4])
layer = L.Dense(3, kernel_regularizer=reg("kreg"), bias_regularizer=reg("breg"),
                name="reg")
y = layer(x)
rec(out(y), coll("regularization_losses"), len(layer.losses))
layer(x)
rec(coll("regularization_losses"))
""")
case("custom_getter_sees_get_variable_kwargs", """
x = spec([None, 4])
with v1.variable_scope("g", custom_getter=log_getter):
    L.dense(x, 3)
rec(LOG, allvars())
""")
case("creator_sees_kwargs", """
x = spec([None, 4])
with v1.variable_creator_scope(log_creator):
    L.dense(x, 3, name="c")
rec(LOG)
""")
case("not_trainable_layer", """
x = spec([None, 4])
layer = L.Dense(3, trainable=False)
layer(x)
rec(lyr(layer), allvars())
""")
case("dense_options", """
x = spec([None, 4])
layer = L.Dense(3, use_bias=False, kernel_initializer=v1.ones_initializer())
y = layer(x)
rec(lyr(layer), out(y), allvars(), val(layer.kernel))
""")
case("dense_rank3", """
x = spec([2, 5, 4])
y = L.dense(x, 3)
rec(out(y), allvars(), uname("dense/Tensordot"), uname("dense/BiasAdd"))
""")
case("dense_unknown_last_dim_raises", """
x = spec([None, None])
rec(catch(lambda: L.dense(x, 3)), allvars())
""")
case("template_around_layers", """
x = spec([None, 4])
def net(x):
    return L.dense(x, 3)
t = v1.make_template("net", net)
y = t(x); y2 = t(x)
t2 = v1.make_template("net", net)
t2(x)
rec(out(y), out(y2), allvars())
""")
case("dropout_flatten", """
x = spec([None, 4, 3])
f = L.Flatten()
y = f(x)
d = L.Dropout(0.3)
z = d(y, training=False)
z2 = L.dropout(y, 0.5, training=False)
y2 = L.flatten(x)
rec(lyr(f), lyr(d), out(y), out(y2), out(z), out(z2), uname("dropout"), uname("flatten_1"), allvars())
""")
case("dropout_training_and_flatten_forms", """
x = spec([None, 3, 2])
y = L.Dropout(0.3)(x, training=True)
f = L.Flatten(data_format="channels_first")
z = f(x)
w = L.flatten(spec([5]))
rec(out(y), out(z), out(w), uname("dropout/dropout"), uname("flatten/transpose"))
""")
case("regularizer_scopes_and_parts", """
x = spec([None, 4])
with v1.name_scope("ns"):
    with v1.variable_scope("vs"):
        L.Dense(3, kernel_regularizer=reg("kreg"), name="reg")(x)
with v1.variable_scope("p", partitioner=v1.fixed_size_partitioner(2)):
    layer = L.Dense(3, kernel_regularizer=reg("kreg"), name="reg")
    layer(x)
L.dense(x, 3, kernel_regularizer=reg("kreg"), name="reg")
L.dense(x, 3, kernel_regularizer=reg("kreg"), name="reg", reuse=True)
rec(coll("regularization_losses"), lyr(layer))
""")
case("user_layer_subclass", """
class Affine(L.Layer):
    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = n
    def build(self, input_shape):
        self.w = self.add_weight("w", [input_shape[-1], self.n])
        self.steps = self.add_weight("steps", [], dtype="int64", trainable=False)
        self.built = True
    def call(self, inputs):
        return inputs
x = spec([None, 4])
a = Affine(2)
a(x)
with v1.variable_scope("s"):
    b = Affine(2)
    b(x)
rec(lyr(a), lyr(b), allvars())
""")
case("add_weight_errors", """
layer = L.Layer()
rec(catch(lambda: layer.add_weight("w", [2], bogus=1)),
    catch(lambda: layer.add_weight("w", [2], trainable=True,
                                   synchronization=v1.VariableSynchronization.ON_READ)),
    allvars(), lyr(layer))
""")
case("on_read_is_not_trainable", """
layer = L.Layer(name="m")
layer.add_weight("w", [2], synchronization=v1.VariableSynchronization.ON_READ)
rec(lyr(layer), allvars())
""")
case("layer_kwargs_errors", """
rec(catch(lambda: L.Dense(3, bogus=1)), catch(lambda: L.Dense(-1)),
    catch(lambda: L.Dropout(1.5)), catch(lambda: L.Flatten(data_format="nchw")))
x = spec([None, 4], "int32")
rec(catch(lambda: L.dense(x, 3)), allvars())
""")
# -- convolutional.py --------------------------------------------------------
case("conv_layers", """
x1 = spec([None, 10, 3]); x2 = spec([None, 9, 9, 3]); x3 = spec([None, 5, 6, 7, 2])
ys = [L.conv1d(x1, 4, 3), L.conv2d(x2, 5, 3, strides=2, padding="same"),
      L.conv3d(x3, 2, [2, 3, 1], activation=nn.relu),
      L.Conv2D(6, (1, 1), use_bias=False)(x2),
      L.conv2d(x2, 4, 3, dilation_rate=2, name="dil"),
      L.conv1d(x1, 2, 4, strides=3, padding="same", activation=nn.tanh)]
rec([out(y) for y in ys], allvars(), uname("conv2d/Conv2D"), uname("conv1d/Conv1D"),
    uname("conv1d/Conv1D/ExpandDims"), uname("conv3d/Conv3D"))
""")
case("conv_channels_first_and_errors", """
x = spec([None, 3, 8, 8])
y = L.conv2d(x, 4, 3, data_format="channels_first")
rec(out(y), allvars(), catch(lambda: L.conv2d(spec([None, 8, 8, None]), 4, 3)),
    catch(lambda: L.Conv2D(4, 3, padding="full")), catch(lambda: L.conv2d(spec([None, 8, 3]), 4, 3)))
""")
case("conv_transpose_layers", """
x2 = spec([None, 5, 5, 3]); x3 = spec([None, 4, 4, 4, 2])
ys = [L.conv2d_transpose(x2, 6, 3), L.conv2d_transpose(x2, 4, 3, strides=2, padding="same"),
      L.Conv3DTranspose(3, 2, strides=(2, 1, 2))(x3),
      L.conv2d_transpose(x2, 2, [2, 3], strides=(3, 2), padding="valid", use_bias=False)]
rec([out(y) for y in ys], allvars(), uname("conv2d_transpose/conv2d_transpose"),
    uname("conv2d_transpose/BiasAdd"))
""")
case("separable_conv_layers", """
x1 = spec([None, 12, 3]); x2 = spec([None, 8, 8, 3])
ys = [L.separable_conv1d(x1, 5, 3, depth_multiplier=2),
      L.separable_conv2d(x2, 4, 3, padding="same", depth_multiplier=3, activation=nn.relu),
      L.SeparableConv2D(2, (3, 1), strides=2, use_bias=False)(x2)]
rec([out(y) for y in ys], allvars(), uname("separable_conv2d/separable_conv2d"))
""")
# -- pooling.py ----------------------------------------------------------------
case("pooling_layers", """
x1 = spec([None, 10, 3]); x2 = spec([None, 9, 9, 3]); x3 = spec([None, 4, 6, 8, 2])
layers = [L.MaxPooling1D(2, 2), L.AveragePooling1D(3, 1, padding="same"),
          L.MaxPooling2D(3, 2), L.AveragePooling2D((2, 2), (2, 2), padding="same"),
          L.MaxPooling3D(2, 2), L.AveragePooling3D((1, 2, 2), 2)]
inputs_ = [x1, x1, x2, x2, x3, x3]
ys = [l(x) for l, x in zip(layers, inputs_)]
zs = [L.max_pooling2d(x2, 2, 2), L.average_pooling2d(x2, 3, 3, name="ap"),
      L.max_pooling1d(x1, 2, 1), L.average_pooling3d(x3, 2, 2),
      L.max_pooling2d(spec([None, 3, 9, 9]), 2, 2, data_format="channels_first")]
rec([out(y) for y in ys + zs], [lyr(l) for l in layers], allvars(),
    uname("max_pooling1d/MaxPool"), uname("max_pooling1d/ExpandDims"))
""")
# -- normalization.py ----------------------------------------------------------
case("batch_norm_paths", """
x4 = spec([None, 5, 5, 3]); x2 = spec([None, 6])
ys = [L.batch_normalization(x4), L.batch_normalization(x4, training=True),
      L.batch_normalization(x2), L.batch_normalization(x2, training=True),
      L.batch_normalization(x4, training=True, fused=False),
      L.batch_normalization(x4, axis=1), L.batch_normalization(x4, center=False),
      L.batch_normalization(x2, scale=False, training=True)]
rec([out(y) for y in ys], allvars(), coll("update_ops"),
    uname("batch_normalization_1/AssignMovingAvg"), uname("batch_normalization_3/moments"),
    uname("batch_normalization_2/batchnorm/add"))
""")
case("batch_norm_options", """
x4 = spec([None, 5, 5, 3]); x2 = spec([4, 6])
bn = L.BatchNormalization(renorm=True)
y1 = bn(x2, training=True)
y2 = L.batch_normalization(x2, virtual_batch_size=2)
y3 = L.batch_normalization(x2, virtual_batch_size=2, training=True)
y4 = L.batch_normalization(x4, axis=[1, 2])
y5 = L.batch_normalization(spec([None, 5, 5, 3], "float16"), training=True)
rec([out(y) for y in (y1, y2, y3, y4, y5)], lyr(bn), allvars(), coll("update_ops"))
""")
case("batch_norm_partitioner_reuse_errors", """
x = spec([None, 8])
with v1.variable_scope("p", partitioner=v1.fixed_size_partitioner(2)):
    y = L.batch_normalization(x, name="bn")
y2 = L.batch_normalization(x, name="bn2")
y3 = L.batch_normalization(x, name="bn2", reuse=True, training=True)
rec(out(y), out(y2), out(y3), allvars(), coll("update_ops"),
    catch(lambda: L.batch_normalization(x, axis=2)),
    catch(lambda: L.batch_normalization(spec([None, 5, 5, 3]), virtual_batch_size=2, axis=0)),
    catch(lambda: L.batch_normalization(x, fused=True)),
    catch(lambda: L.batch_normalization(spec([None, None]))))
""")
case("math_batch_norm", """
x4 = inputs(2, 3, 4, 3); x2 = inputs(5, 6)
results = []
for layer, value, training in [(L.BatchNormalization(), x4, False),
                               (L.BatchNormalization(), x4, True),
                               (L.BatchNormalization(center=False, epsilon=0.1), x2, False),
                               (L.BatchNormalization(scale=False), x2, True),
                               (L.BatchNormalization(axis=1), x4, False)]:
    x = spec([None] + list(value.shape[1:]))
    layer(x, training=training)
    setw(layer)
    if layer.moving_variance is not None:
        assign_abs(layer.moving_variance)
    results.append(run(layer, x, value, training=training))
rec(results)
""")
case("state_after_errors", """
x = spec([None, 4])
rec(catch(lambda: L.dense(spec([None, 4], "int32"), 3)),
    catch(lambda: L.conv2d(spec([None, 8, 3]), 4, 3)),
    catch(lambda: L.dense(spec([None, None]), 3, name="named")),
    catch(lambda: L.batch_normalization(spec([None, None]))))
rec(out(L.dense(x, 2)), out(L.conv2d(spec([None, 8, 8, 3]), 4, 3)),
    out(L.dense(x, 2, name="named", reuse=v1.AUTO_REUSE)),
    out(L.batch_normalization(x)), allvars(), uname("dense"), uname("conv2d"))
""")

# -- NumPy reference: TF's outputs for fixed weights ------------------------
case("math_dense", """
x = spec([None, 4])
layer = L.Dense(3, activation=nn.relu)
y = layer(x)
setw(layer)
rec(run(layer, x, inputs(2, 4)))
""")
case("math_dense_rank3_no_bias", """
x = spec([2, 3, 4])
layer = L.Dense(5, use_bias=False)
y = layer(x)
setw(layer)
rec(run(layer, x, inputs(2, 3, 4)))
""")
case("math_dropout_flatten_inference", """
x = spec([None, 2, 3])
f = L.Flatten(); d = L.Dropout(0.5)
f(x); d(x)
rec(run(f, x, inputs(2, 2, 3)), run(d, x, inputs(2, 2, 3)))
""")

case("math_convolutions", """
x1 = inputs(2, 9, 3); x2 = inputs(2, 7, 6, 3); x3 = inputs(1, 4, 5, 6, 2)
cases = [(L.Conv1D(4, 3, strides=2, padding="same", activation=nn.relu), x1),
         (L.Conv1D(2, 3, padding="causal", dilation_rate=2), x1),
         (L.Conv2D(5, (3, 2), strides=(2, 1), padding="same"), x2),
         (L.Conv2D(3, 3, dilation_rate=2), x2),
         (L.Conv2D(2, 2, data_format="channels_first"), inputs(2, 3, 5, 4)),
         (L.Conv3D(2, (2, 3, 1), padding="same"), x3),
         (L.Conv2DTranspose(4, 3, strides=2, padding="same"), x2),
         (L.Conv2DTranspose(2, (3, 2), strides=(3, 2)), x2),
         (L.Conv2DTranspose(2, 3, strides=2, data_format="channels_first"), inputs(1, 3, 4, 5)),
         (L.Conv3DTranspose(2, 2, strides=(2, 1, 2), padding="same"), x3),
         (L.SeparableConv1D(4, 3, depth_multiplier=2), x1),
         (L.SeparableConv2D(3, 3, strides=2, padding="same", depth_multiplier=2), x2)]
results = []
for layer, value in cases:
    x = spec([None] + list(value.shape[1:]))
    layer(x)
    setw(layer)
    results.append(run(layer, x, value))
rec(results)
""")
case("math_pooling", """
x1 = inputs(2, 9, 3); x2 = inputs(2, 7, 6, 3); x3 = inputs(1, 4, 5, 6, 2)
cases = [(L.MaxPooling1D(3, 2, padding="same"), x1), (L.AveragePooling1D(2, 2), x1),
         (L.MaxPooling2D(3, 2), x2), (L.AveragePooling2D(3, 2, padding="same"), x2),
         (L.MaxPooling2D(2, 2, padding="same", data_format="channels_first"), x2),
         (L.MaxPooling3D(2, 2, padding="same"), x3), (L.AveragePooling3D((2, 3, 2), 2), x3)]
results = []
for layer, value in cases:
    x = spec([None] + list(value.shape[1:]))
    layer(x)
    results.append(run(layer, x, value))
rec(results)
""")


def inputs(*shape):
    """A fixed input of this shape, the same on both sides."""
    n = int(np.prod(shape))
    return (np.cos(np.arange(n) * 0.71) * 2.0).reshape(shape).astype(np.float32)


def weight_value(index, shape):
    n = int(np.prod(shape)) if shape else 1
    return (np.sin(np.arange(n) * 0.37 + index) * 0.5).reshape(shape)


class CaseSession:
    """One case's ``tf.compat.v1.Session``, opened at its first use, with the
    helpers of the math cases: ``setw_vars()`` gives every global variable,
    in creation order, ``weight_value``; ``value_of(y)`` runs ``y``."""

    def __init__(self, v1):
        self._v1 = v1
        self._session = None

    def get(self):
        if self._session is None:
            self._session = self._v1.Session()
        return self._session

    def setw_vars(self):
        for i, w in enumerate(self._v1.global_variables()):
            w.load(weight_value(i, w.shape.as_list()), self.get())

    def value_of(self, y, feed=None):
        return self.get().run(y, feed)

    def close(self):
        if self._session is not None:
            self._session.close()


def tf_spec_helpers(v1):
    """The helpers every recorder's cases get on TF: ``spec`` (a placeholder
    of that shape), ``out(y)`` (op name, shape, dtype), ``shp(y)`` (shape,
    dtype) and ``npdt(d)`` (a TF dtype's NumPy dtype)."""
    return dict(npdt=lambda d: np.dtype(d.as_numpy_dtype),
                spec=lambda shape, dtype="float32": v1.placeholder(dtype, shape, name="x"),
                out=lambda y: [y.op.name, y.shape.as_list(), y.dtype.name],
                shp=lambda y: [y.shape.as_list(), y.dtype.name])


def _run_on_tf():
    import tensorflow as tf

    v1 = tf.compat.v1
    v1.disable_eager_execution()
    results = {}
    for name, code in CASES.items():
        v1.reset_default_graph()
        sess_box = []

        def op(name):
            return v1.no_op(name=name).name

        def val(v):
            return _session(sess_box).run(v).tolist()

        def setw(layer):
            sess = _session(sess_box)
            for i, w in enumerate(layer.weights):
                w.load(weight_value(i, w.shape.as_list()), sess)

        def run(layer, x, value, **kwargs):
            sess = _session(sess_box)
            y = layer(x, **kwargs)
            return sess.run(y, {x: value})

        def assign_abs(v):
            sess = _session(sess_box)
            v.load(np.abs(sess.run(v)) + 0.5, sess)

        def reg(tag):
            return lambda v: tf.constant(0.0, name=tag)

        def _session(box):
            if not box:
                box.append(v1.Session())
                box[0].run(v1.global_variables_initializer())
            return box[0]

        helpers = dict(tf_spec_helpers(v1), v1=v1, L=v1.layers, nn=v1.nn, op=op,
                       val=val, setw=setw, run=run, assign_abs=assign_abs, reg=reg, inputs=inputs)
        results[name] = {"code": code, "records": run_case(code, helpers)}
        if sess_box:
            sess_box[0].close()
    return results


def run_case(code, helpers):
    """Runs one case with the shared helpers; returns its records."""
    v1 = helpers["v1"]
    npdt = helpers["npdt"]
    records = []
    log = []

    def rec(*xs):
        records.append(json_safe(xs[0] if len(xs) == 1 else list(xs)))

    def catch(f):
        try:
            f()
            return "ok"
        except Exception as e:  # noqa: BLE001 - recording the type
            return ["error", type(e).__name__]

    def collections_of(v):
        g = v1.get_default_graph()
        return sorted(k for k in g.get_all_collection_keys()
                      if any(x is v for x in g.get_collection(k)))

    def describe(v):
        return [v.name, [d for d in v.shape.as_list()] if hasattr(v.shape, "as_list")
                else list(v.shape), npdt(v.dtype).name, bool(v.trainable),
                collections_of(v)]

    def allvars():
        return [describe(v) for v in v1.global_variables() + v1.local_variables()]

    def names(vs):
        return [v.name for v in vs]

    def lyr(layer):
        try:
            scope_name = layer.scope_name
        except ValueError:
            scope_name = None
        return [layer.name, scope_name, names(layer.weights),
                names(layer.trainable_weights), names(layer.non_trainable_weights),
                names(layer.variables)]

    def uname(name):
        return v1.get_default_graph().unique_name(name, mark_as_used=False)

    def coll(key):
        return [x.op.name if hasattr(x, "op") else getattr(x, "name", x)
                for x in v1.get_collection(key)]

    def logged(kwargs):
        entry = {"keys": sorted(kwargs)}
        for key in ("name", "trainable", "collections", "partitioner", "regularizer",
                    "caching_device", "validate_shape", "use_resource", "constraint",
                    "custom_getter", "reuse"):
            if key in kwargs:
                value = kwargs[key]
                if key == "collections" and value is not None:
                    value = sorted(value)
                if key in ("partitioner", "regularizer", "constraint", "custom_getter"):
                    value = value is not None
                entry[key] = value
        if kwargs.get("shape") is not None:
            entry["shape"] = [int(d) for d in kwargs["shape"]]
        if kwargs.get("dtype") is not None:
            entry["dtype"] = npdt(v1.as_dtype(kwargs["dtype"])).name
        entry["initializer"] = kwargs.get("initializer") is not None
        return entry

    def log_getter(getter, *args, **kwargs):
        log.append(["getter", len(args), logged(kwargs)])
        return getter(*args, **kwargs)

    def log_creator(next_creator, **kwargs):
        log.append(["creator", logged(kwargs)])
        return next_creator(**kwargs)

    env = dict(helpers, np=np, rec=rec, catch=catch, allvars=allvars, lyr=lyr,
               uname=uname, coll=coll, log_getter=log_getter,
               log_creator=log_creator, LOG=log)
    try:
        exec(compile(code, "<case>", "exec"), env)  # noqa: S102 - our own cases
    except Exception as e:  # noqa: BLE001
        records.append(["raised", type(e).__name__, str(e)[:300]])
    return records


def write_results(results, out):
    """Writes recorded cases as JSON and says which raised out of their snippet."""
    with open(out, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")
    raised = [n for n, r in results.items() if r["records"][-1:] and
              r["records"][-1][:1] == ["raised"]]
    print("wrote %d cases to %s; raised out of their snippet: %s"
          % (len(results), os.path.relpath(out), raised or "none"))


def main():
    write_results(_run_on_tf(), OUT)


if __name__ == "__main__":
    main()
