"""The checkpoint bench row: list / read every tensor / save, for pyscope,
TensorFlow 2.21 and a plain copy of the same bytes, in one run.

    python tools/bench_checkpoints.py [--mb 1024] [--vars 200] [--tf ~/.venvs/tf/bin/python]

Not part of CI (it writes GBs).  The variables are float32, equal in size.
TF runs in its own interpreter (pyscope never imports it): it saves the same
values with tf.compat.v1.train.Saver, then restores-by-reading every tensor
with its CheckpointReader.  The plain row reads the data file into memory
(read) and copies it to a new file with an fsync (save): the floors.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

TF_SCRIPT = r"""
import json, os, sys, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, tensorflow as tf
tf.compat.v1.disable_eager_execution()
folder, n, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
vs = [tf.compat.v1.get_variable("v%03d" % i, shape=[count], dtype=tf.float32,
                                initializer=tf.compat.v1.zeros_initializer()) for i in range(n)]
saver = tf.compat.v1.train.Saver()
with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    t = time.perf_counter(); prefix = saver.save(sess, os.path.join(folder, "tf"), write_meta_graph=False)
    save = time.perf_counter() - t
t = time.perf_counter(); r = tf.train.load_checkpoint(prefix); names = r.get_variable_to_shape_map()
ls = time.perf_counter() - t
t = time.perf_counter()
for k in names: r.get_tensor(k)
read = time.perf_counter() - t
print(json.dumps({"save": save, "list": ls, "read": read}))
"""


def _best(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    from pyscope.train._bundle import BundleReader, BundleWriter
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--vars", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tf", default=os.path.expanduser("~/.venvs/tf/bin/python"))
    args = parser.parse_args()
    count = args.mb * (1 << 20) // 4 // args.vars
    values = {"v%03d" % i: np.full(count, i, np.float32) for i in range(args.vars)}
    folder = tempfile.mkdtemp(prefix="ckpt_bench_")
    try:
        prefix = os.path.join(folder, "ps")

        def save():
            w = BundleWriter(prefix)
            for k in sorted(values):
                w.add(k, values[k])
            w.finish()

        def read_all():
            r = BundleReader(prefix)
            for k in r.tensors:
                r.get_tensor(k)

        rows = {"pyscope": {"save": _best(save, args.repeat),
                            "list": _best(lambda: BundleReader(prefix).tensors, args.repeat),
                            "read": _best(read_all, args.repeat)}}
        data = prefix + ".data-00000-of-00001"

        def copy():
            with open(data, "rb") as src, open(os.path.join(folder, "copy"), "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 24)
                dst.flush()
                os.fsync(dst.fileno())

        def plain_read():
            buf = bytearray(os.path.getsize(data))
            with open(data, "rb", buffering=0) as src:
                src.readinto(buf)

        rows["plain copy"] = {"save": _best(copy, args.repeat), "list": float("nan"),
                              "read": _best(plain_read, args.repeat)}
        if os.path.exists(args.tf):
            out = subprocess.run([args.tf, "-c", TF_SCRIPT, folder, str(args.vars), str(count)],
                                 check=True, stdout=subprocess.PIPE).stdout
            rows["TensorFlow 2.21"] = json.loads(out.decode().strip().splitlines()[-1])
        size = os.path.getsize(data)
        print("checkpoint: %d float32 variables, %.0f MB" % (args.vars, size / 1e6))
        print("%-16s %10s %12s %10s" % ("", "list ms", "read-all s", "save s"))
        for name, row in rows.items():
            print("%-16s %10.2f %12.3f %10.3f" % (name, row["list"] * 1e3, row["read"], row["save"]))
        plain = rows["plain copy"]
        print("pyscope vs plain: read-all at %.0f%% of a plain read's speed, save at "
              "%.0f%% of a plain copy's (read + write + fsync)" % (
                  100 * plain["read"] / rows["pyscope"]["read"],
                  100 * plain["save"] / rows["pyscope"]["save"]))
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
