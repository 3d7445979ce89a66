"""Record tf-slim 1.1.0 on TensorFlow 2.21 for pyscope.slim's tests.

Run it from the TensorFlow venv (tf-keras 2.21, ``TF_USE_LEGACY_KERAS=1``):

    ~/.venvs/tf/bin/python tools/record_tf_slim.py

tf-slim 1.1.0 needs ``tf_keras.legacy_tf_layers`` (the wheel ships it as
``tf_keras.src.legacy_tf_layers``) for ``batch_norm``: aliased below before
importing it.  It writes ``tests/data/tf_slim.json``; helpers as in
record_tf_layers.py, plus ``slim`` (``tf_slim`` / ``pyscope.slim``).
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import record_tf_layers as _layers  # noqa: E402 - numpy only

OUT = os.path.join(HERE, os.pardir, "tests", "data", "tf_slim.json")
CASES, case = _layers.case_book()


case("conv_and_fc_defaults", """
x = spec([None, 8, 8, 3])
y = slim.conv2d(x, 4, [3, 3])
y2 = slim.conv2d(y, 2, 1, stride=2, padding="VALID", activation_fn=None)
z = slim.fully_connected(slim.flatten(y2), 5, scope="logits")
rec(out(y), out(y2), out(z), allvars(), uname("Conv"), uname("Conv_1/Conv2D"),
    uname("Flatten"), uname("logits/Relu"))
""")
case("arg_scope_and_repeat_stack", """
x = spec([None, 16, 16, 3])
with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=nn.tanh,
                    weights_initializer=v1.ones_initializer()):
    with slim.arg_scope([slim.conv2d], padding="VALID"):
        with v1.variable_scope("vgg_16"):
            net = slim.repeat(x, 2, slim.conv2d, 4, [3, 3], scope="conv1")
            net = slim.max_pool2d(net, [2, 2], scope="pool1")
            net = slim.stack(net, slim.conv2d, [(2, [1, 1]), (3, [3, 3])], scope="stk")
            net = slim.avg_pool2d(net, [2, 2])
            net = slim.fully_connected(slim.flatten(net), 3, activation_fn=None)
    rec(out(net), allvars(), [uname(n) for n in ("vgg_16/pool1", "vgg_16/AvgPool2D",
        "vgg_16/fully_connected/BiasAdd")])
""")
case("conv_with_batch_norm_and_reuse", """
x = spec([None, 8, 8, 3])
params = {"is_training": True, "scale": True, "variables_collections": ["moving_vars"]}
with v1.variable_scope("resnet"):
    y = slim.conv2d(x, 4, 3, normalizer_fn=slim.batch_norm, normalizer_params=params,
                    scope="conv1")
    y2 = slim.conv2d(x, 4, 3, normalizer_fn=slim.batch_norm, normalizer_params=params,
                     scope="conv1", reuse=True)
    b = slim.batch_norm(y, is_training=False)
rec(out(y), out(y2), out(b), allvars(), coll("update_ops"),
    [v.name for v in v1.get_collection("moving_vars")])
""")
case("variables_helpers", """
with v1.variable_scope("net"):
    w = slim.model_variable("w", [2, 3], initializer=v1.zeros_initializer())
    v = slim.variable("v", [4], collections=["mine"])
    with slim.arg_scope([slim.model_variable], trainable=False):
        u = slim.model_variable("u", [1])
    slim.fully_connected(spec([None, 3]), 2, scope="fc")
rec(allvars(), [x.name for x in slim.get_model_variables()],
    [x.name for x in slim.get_variables("net/fc")],
    [x.name for x in slim.get_variables(suffix="weights")],
    [x.name for x in slim.get_variables_to_restore(exclude=["net/fc"])],
    [x.name for x in slim.get_variables_to_restore(include=["net/w", "net/fc"], exclude=["net/fc/biases"])],
    [x.name for x in slim.get_trainable_variables()],
    [x.name for x in v1.get_collection("mine")])
""")
case("arg_scope_rules", """
@slim.add_arg_scope
def f(a, b=1, c=2):
    return [a, b, c]
def g(a):
    return a
with slim.arg_scope([f], b=10) as sc:
    r1 = f(0); r2 = f(0, b=5)
    with slim.arg_scope([f], c=20):
        r3 = f(0)
with slim.arg_scope(sc):
    r4 = f(0)
rec(r1, r2, r3, r4, f(0), [sorted(kw.items()) for kw in sc.values()], catch(lambda: slim.arg_scope([g], a=1).__enter__()),
    catch(lambda: slim.arg_scope(sc, b=1).__enter__()),
    catch(lambda: slim.arg_scope(f, b=1).__enter__()), slim.has_arg_scope(f),
    slim.has_arg_scope(g), sorted(slim.arg_scoped_arguments(f)))
""")
case("slim_dropout_and_pool_names", """
x = spec([None, 8, 8, 3])
with v1.variable_scope("m"):
    d = slim.dropout(x, 0.5, is_training=False)
    d2 = slim.dropout(x, 0.5, is_training=True, scope="drop")
    p = slim.max_pool2d(x, 2)
    p2 = slim.max_pool2d(x, 2)
    a = slim.avg_pool2d(x, 3, stride=1, padding="SAME")
    f = slim.flatten(x)
rec(out(d), out(d2), out(p), out(p2), out(a), out(f), allvars(), uname("m/Dropout"),
    uname("m/MaxPool2D"))
""")
case("layer_norm", """
x = spec([None, 5, 6])
with v1.variable_scope("bert"):
    y = slim.layer_norm(x, begin_norm_axis=-1, begin_params_axis=-1)
    y2 = slim.layer_norm(x, center=False, scope="ln", variables_collections=["norms"])
    y3 = slim.layer_norm(spec([2, 3, 4]), begin_norm_axis=1, begin_params_axis=1,
                         activation_fn=nn.relu)
rec(out(y), out(y2), out(y3), allvars(), [v.name for v in v1.get_collection("norms")],
    uname("bert/LayerNorm/moments"), uname("bert/LayerNorm/batchnorm/add"),
    catch(lambda: slim.layer_norm(spec([None, None]))),
    catch(lambda: slim.layer_norm(x, begin_params_axis=3)))
""")
case("math_layer_norm", """
value = inputs(2, 3, 4)
x = spec([None, 3, 4])
slim.layer_norm(x, begin_norm_axis=-1, begin_params_axis=-1, scope="a")
slim.layer_norm(x, begin_norm_axis=1, begin_params_axis=1, center=False, scope="wide")
setw_vars()
y = slim.layer_norm(const(value), begin_norm_axis=-1, begin_params_axis=-1, scope="a",
                    reuse=True)
y2 = slim.layer_norm(const(value), begin_norm_axis=1, begin_params_axis=1, center=False,
                     scope="wide", reuse=True)
rec(value_of(y), value_of(y2))
""")
case("bert_encoder_small", """
def layer_norm(x):
    return slim.layer_norm(x, begin_norm_axis=-1, begin_params_axis=-1)
def bert(batch, seq, vocab=30, hidden=8, layers=2, inter=16, max_pos=16, type_vocab=2):
    # BERT (Devlin et al., 2018) as google-research/bert names it, at toy size
    with v1.variable_scope("bert"):
        with v1.variable_scope("embeddings"):
            v1.get_variable("word_embeddings", [vocab, hidden])
            v1.get_variable("token_type_embeddings", [type_vocab, hidden])
            v1.get_variable("position_embeddings", [max_pos, hidden])
            layer_norm(spec([batch, seq, hidden]))
        with v1.variable_scope("encoder"):
            prev = spec([batch * seq, hidden])
            for i in range(layers):
                with v1.variable_scope("layer_%d" % i):
                    with v1.variable_scope("attention"):
                        with v1.variable_scope("self"):
                            for name in ("query", "key", "value"):
                                L.dense(prev, hidden, name=name)
                        with v1.variable_scope("output"):
                            att = layer_norm(L.dense(prev, hidden))
                    with v1.variable_scope("intermediate"):
                        mid = L.dense(att, inter, activation=nn.relu)
                    with v1.variable_scope("output"):
                        prev = layer_norm(L.dense(mid, hidden))
        with v1.variable_scope("pooler"):
            pooled = L.dense(spec([batch, hidden]), hidden, activation=nn.tanh)
    with v1.variable_scope("cls/predictions"):
        with v1.variable_scope("transform"):
            layer_norm(L.dense(prev, hidden, activation=nn.relu))
        v1.get_variable("output_bias", shape=[vocab], initializer=v1.zeros_initializer())
    with v1.variable_scope("cls/seq_relationship"):
        v1.get_variable("output_weights", shape=[2, hidden])
        v1.get_variable("output_bias", shape=[2], initializer=v1.zeros_initializer())
    return pooled
rec(out(bert(2, 5)), allvars())
""")

case("conv2d_transpose", """
x = spec([2, 8, 8, 3])
with v1.variable_scope("gen"):
    y = slim.conv2d_transpose(x, 4, [3, 3], stride=2)
    y2 = slim.conv2d_transpose(y, 2, 5, padding="VALID", activation_fn=None,
                               normalizer_fn=slim.batch_norm, scope="up",
                               variables_collections={"weights": ["w"]})
    y3 = slim.conv2d_transpose(x, 2, 3, biases_initializer=None, activation_fn=nn.tanh)
    bad = catch(lambda: slim.conv2d_transpose(x, 2, 3, data_format="NCW"))
    y4 = slim.conv2d_transpose(x, 4, [3, 3], stride=2, reuse=True, scope="Conv2d_transpose")
rec(out(y), out(y2), out(y3), out(y4), bad, allvars(), [v.name for v in v1.get_collection("w")],
    uname("gen/Conv2d_transpose/conv2d_transpose"), uname("gen/up/BatchNorm"),
    uname("gen/Conv2d_transpose_3"))
""")
case("separable_conv2d", """
x = spec([2, 8, 8, 3])
with v1.variable_scope("mobilenet"):
    y = slim.separable_conv2d(x, 8, [3, 3], depth_multiplier=2)
    y2 = slim.separable_conv2d(x, None, 3, stride=2, scope="dw",
                               variables_collections=["sep"])
    y3 = slim.separable_conv2d(x, None, 3, depth_multiplier=2,
                               normalizer_fn=slim.batch_norm)
    y4 = slim.separable_conv2d(x, 4, 3, normalizer_fn=slim.batch_norm, rate=2,
                               activation_fn=None, variables_collections={"weights": ["w"]})
    y5 = slim.separable_conv2d(x, None, [3, 1], biases_initializer=None, activation_fn=None)
    bad = catch(lambda: slim.separable_conv2d(x, 2, 3, data_format="NCW"))
rec(out(y), out(y2), out(y3), out(y4), out(y5), bad, allvars(),
    [v.name for v in v1.get_collection("sep")], [v.name for v in v1.get_collection("w")],
    uname("mobilenet/dw/depthwise"), uname("mobilenet/dw/BiasAdd"),
    uname("mobilenet/SeparableConv2d/separable_conv2d"), uname("mobilenet/SeparableConv2d_5"))
""")
case("local_variable", """
with v1.variable_scope("eval"):
    with v1.name_scope("metrics"):
        c = slim.local_variable(0.0, name="count")
        t = slim.local_variable([1.0, 2.0, 3.0])
    c2 = slim.local_variable(0.0, name="count")
rec(allvars(), [v.name for v in v1.local_variables()], list(c.shape), t.dtype.name,
    list(t.shape), c2.name)
""")
case("end_points", """
x = spec([None, 8, 8, 3])
with v1.variable_scope("net") as sc:
    ep = sc.original_name_scope + "_end_points"
    with slim.arg_scope([slim.conv2d, slim.fully_connected, slim.max_pool2d, slim.flatten,
                         slim.conv2d_transpose, slim.separable_conv2d],
                        outputs_collections=ep):
        a = slim.conv2d(x, 4, 3, scope="conv1")
        b = slim.max_pool2d(a, 2, scope="pool1")
        c = slim.conv2d_transpose(b, 2, 3)
        d = slim.separable_conv2d(c, None, 3)
        e = slim.fully_connected(slim.flatten(d), 3, scope="logits")
    f = slim.batch_norm(a, outputs_collections=ep)
    g = slim.layer_norm(e, outputs_collections=[ep, "more"])
    h = slim.dropout(e, outputs_collections=ep)
    slim.avg_pool2d(a, 2, outputs_collections=ep)
    utils.collect_named_outputs(ep, "net/extra/", e)
    utils.collect_named_outputs(ep, "again", e)
    utils.collect_named_outputs(None, "ignored", f)
end_points = utils.convert_collection_to_dict(ep)
rec([[k, tname(v)] for k, v in end_points.items()], [tname(t) for t in v1.get_collection("more")],
    utils.get_tensor_aliases(e), utils.get_tensor_aliases(f), utils.get_tensor_aliases(g),
    list(utils.convert_collection_to_dict(ep, clear_collection=True)), v1.get_collection(ep),
    list(utils.convert_collection_to_dict(ep)))
""")

case("batch_norm_paths", """
x = spec([None, 4, 4, 3])
x2 = spec([None, 5])
w = spec([None])
with v1.variable_scope("bn"):
    a = slim.batch_norm(x2, scale=True, variables_collections={"beta": ["betas"]})
    b = slim.batch_norm(x2, is_training=False, center=False)
    c = slim.batch_norm(x, updates_collections=None, activation_fn=nn.relu)
    d = slim.batch_norm(x, zero_debias_moving_mean=True, scale=True)
    e = slim.batch_norm(x, batch_weights=w, param_initializers={"beta": v1.ones_initializer()})
    f = slim.batch_norm(x, fused=False, updates_collections=None, center=False, scope="nf")
    g = slim.batch_norm(x, fused=False, zero_debias_moving_mean=True, scale=True,
                        is_training=False)
    h = slim.batch_norm(spec([2, 3, 4, 4]), data_format="NCHW", batch_weights=w, scale=True)
    i = slim.batch_norm(x2, updates_collections=["mine"], scale=True, center=False)
    j = slim.batch_norm(x, fused=False, updates_collections=None, center=False, scope="nf",
                        reuse=True)
rec([out(t) for t in (a, b, c, d, e, f, g, h, i, j)], allvars(), coll("update_ops"),
    coll("mine"), coll("betas"), uname("bn/BatchNorm/Reshape"),
    uname("bn/BatchNorm/AssignMovingAvg"), uname("bn/BatchNorm_1/FusedBatchNormV3"),
    uname("bn/BatchNorm_3/batchnorm"), uname("bn/nf/batchnorm"), uname("bn/nf/Identity"),
    uname("bn/BatchNorm_4/moments"), uname("bn/BatchNorm_5/Reshape"),
    catch(lambda: slim.batch_norm(x, batch_weights=w, renorm=True)),
    catch(lambda: slim.batch_norm(spec([None, None]))))
""")
case("math_batch_norm_paths", """
value = inputs(4, 2, 2, 3)
weights = [1.0, 0.5, 2.0, 0.0]
init = {"beta": v1.constant_initializer(0.2), "gamma": v1.constant_initializer(1.5),
        "moving_mean": v1.constant_initializer(0.3),
        "moving_variance": v1.constant_initializer(1.7)}
calls = [dict(scope="rank2", scale=True), dict(scope="rank2_infer", is_training=False),
         dict(scope="forced", updates_collections=None, scale=True),
         dict(scope="debiased", zero_debias_moving_mean=True),
         dict(scope="weighted", batch_weights=weights, scale=True),
         dict(scope="moments_infer", fused=False, updates_collections=None,
              is_training=False, scale=True),
         dict(scope="nchw", data_format="NCHW", batch_weights=weights)]
def call(x, kwargs):
    rank2 = kwargs["scope"].startswith("rank2")
    x = (spec([None, 3]) if rank2 else spec([None, 2, 2, 3])) if x is None else x
    return slim.batch_norm(x, param_initializers=init, epsilon=0.01, **kwargs)
for kwargs in calls:
    call(None, kwargs)
init_vars()
results = []
for kwargs in calls:
    x = value.reshape(-1, 3) if kwargs["scope"].startswith("rank2") else value
    results.append(value_of(call(const(x), dict(kwargs, reuse=True))))
rec(results)
""")
case("model_vgg_16", """
images = spec([None, 224, 224, 3])
logits = vgg_16(images, num_classes=1000, is_training=False)
rec(out(logits), allvars(), uname("vgg_16/dropout7"), uname("vgg_16/pool5"))
""")

case("model_resnet_v1_50", """
images = spec([None, 224, 224, 3])
logits = resnet_v1_50(images, num_classes=1000, is_training=True)
rec(out(logits), allvars(), len(v1.get_collection("update_ops")),
    uname("resnet_v1_50/block1/unit_1/bottleneck_v1/add"), uname("resnet_v1_50/pool5"),
    uname("resnet_v1_50/conv1/Pad"), uname("resnet_v1_50/Pad"))
""")


case("model_inception_v3", """
images = spec([None, 299, 299, 3])
logits = inception_v3(images, num_classes=1000, is_training=True)
rec(out(logits), allvars(), len(v1.get_collection("update_ops")),
    [v.name for v in v1.get_collection("moving_vars")][:4],
    uname("InceptionV3/Logits/SpatialSqueeze"), uname("InceptionV3/AuxLogits/SpatialSqueeze"))
""")


def import_tf_slim():
    """tf_slim, importable on TF 2.21 (the aliases of RULES.md, 0.)."""
    import tensorflow as tf
    import tf_keras.src.legacy_tf_layers as legacy
    import tf_keras.src.legacy_tf_layers.normalization  # noqa: F401

    sys.modules.setdefault("tf_keras.legacy_tf_layers", legacy)
    sys.modules.setdefault("tf_keras.legacy_tf_layers.normalization", legacy.normalization)
    from tensorflow.python.framework import ops as tf_ops
    from tensorflow.python.ops import variable_scope as tf_variable_scope

    # tf-slim 1.1.0's non-core paths use names TF 2.21 removed
    if not hasattr(tf_ops, "Tensor"):
        tf_ops.Tensor = tf.Tensor
    if not hasattr(tf_variable_scope, "variable"):
        tf_variable_scope.variable = tf.compat.v1.Variable
    import tf_slim
    return tf_slim


def _run_on_tf():
    import tensorflow as tf

    slim = import_tf_slim()
    from tf_slim.layers import utils

    v1 = tf.compat.v1
    v1.disable_eager_execution()
    results = {}
    for name, code in CASES.items():
        v1.reset_default_graph()
        from tf_slim.nets import vgg

        def vgg_16(images, num_classes, is_training):
            with slim.arg_scope(vgg.vgg_arg_scope()):
                return vgg.vgg_16(images, num_classes=num_classes,
                                  is_training=is_training)[0]

        from tf_slim.nets import resnet_v1

        def resnet_v1_50(images, num_classes, is_training):
            with slim.arg_scope(resnet_v1.resnet_arg_scope()):
                return resnet_v1.resnet_v1_50(images, num_classes=num_classes,
                                              is_training=is_training)[0]

        from tf_slim.nets import inception_v3 as inception

        def inception_v3(images, num_classes, is_training):
            with slim.arg_scope(inception.inception_v3_arg_scope()):
                return inception.inception_v3(images, num_classes=num_classes,
                                              is_training=is_training)[0]

        session = _layers.CaseSession(v1)
        helpers = dict(
            setw_vars=session.setw_vars, value_of=session.value_of, const=tf.constant,
            init_vars=lambda: session.value_of(v1.global_variables_initializer()),
            inputs=_layers.inputs,
            v1=v1, nn=v1.nn, L=v1.layers, slim=slim, utils=utils, tname=lambda t: t.op.name,
            vgg_16=vgg_16, resnet_v1_50=resnet_v1_50, inception_v3=inception_v3,
            json_safe=_layers.json_safe, **_layers.tf_spec_helpers(v1))
        results[name] = {"code": code, "records": _layers.run_case(code, helpers)}
        session.close()
    return results


def main():
    _layers.write_results(_run_on_tf(), OUT)


if __name__ == "__main__":
    main()
