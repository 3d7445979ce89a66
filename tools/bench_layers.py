"""Naming a whole model from shapes: pyscope (both backends) beside TF
building the same model in graph mode, in one run.

    python tools/bench_layers.py [--tf ~/.venvs/tf/bin/python]

pyscope names ResNet-v1-50 and VGG-16 (tests/test_slim_models.py, written on
pyscope.slim) from a TensorSpec with shape-only variables; TF builds tf-slim's
own nets on a placeholder (TF imported in a child process, timed after
import).  Prints the best of ``--repeat`` builds for each.
"""
import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, os.pardir, "tests"))

TF_BUILD = r"""
import os, sys, time
os.environ["TF_USE_LEGACY_KERAS"] = "1"; os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import tensorflow as tf
import tf_keras.src.legacy_tf_layers as legacy
import tf_keras.src.legacy_tf_layers.normalization
sys.modules.setdefault("tf_keras.legacy_tf_layers", legacy)
sys.modules.setdefault("tf_keras.legacy_tf_layers.normalization", legacy.normalization)
import tf_slim as slim
from tf_slim.nets import resnet_v1, vgg
v1 = tf.compat.v1; v1.disable_eager_execution()
def resnet(x):
    with slim.arg_scope(resnet_v1.resnet_arg_scope()):
        resnet_v1.resnet_v1_50(x, num_classes=1000)
def vgg16(x):
    with slim.arg_scope(vgg.vgg_arg_scope()):
        vgg.vgg_16(x, num_classes=1000)
for name, build in (("resnet_v1_50", resnet), ("vgg_16", vgg16)):
    best = None
    for _ in range(REPEAT):
        g = v1.Graph()
        with g.as_default():
            x = v1.placeholder("float32", [None, 224, 224, 3])
            start = time.perf_counter(); build(x); took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    print(name, best)
"""


def time_pyscope(backend, build, repeat):
    import pyscope as ps
    from pyscope import _backend
    from pyscope.tensor_spec import TensorSpec
    from test_slim_models import shape_only
    previous = _backend.use(backend)
    best = None
    try:
        for _ in range(repeat):
            with ps.Graph().as_default(), ps.variable_creator_scope(shape_only):
                start = time.perf_counter()
                build(TensorSpec([None, 224, 224, 3]))
                took = time.perf_counter() - start
            best = took if best is None else min(best, took)
    finally:
        _backend.use(previous)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tf", default=os.path.expanduser("~/.venvs/tf/bin/python"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from test_slim_models import resnet_v1_50, vgg_16
    builds = {"resnet_v1_50": resnet_v1_50, "vgg_16": vgg_16}
    tf_times = {}
    if os.path.exists(args.tf):
        done = subprocess.run([args.tf, "-c", TF_BUILD.replace("REPEAT", str(args.repeat))],
                              capture_output=True, text=True, check=True)
        for line in done.stdout.split("\n"):
            if line.strip():
                name, seconds = line.split()
                tf_times[name] = float(seconds)
    print("| model | TF graph build | pyscope C | pyscope pure | TF / C |")
    print("|---|---|---|---|---|")
    for name, build in builds.items():
        c = time_pyscope("c", build, args.repeat)
        pure = time_pyscope("python", build, args.repeat)
        tf = tf_times.get(name)
        print("| %s | %s | %.1f ms | %.1f ms | %s |" % (
            name, "%.0f ms" % (tf * 1e3) if tf else "-", c * 1e3, pure * 1e3,
            "%.0fx" % (tf / c) if tf else "-"))


if __name__ == "__main__":
    main()
