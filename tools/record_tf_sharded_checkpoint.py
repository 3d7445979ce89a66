"""Record a multi-shard TensorFlow checkpoint for pyscope's tests.

    ~/.venvs/tf/bin/python tools/record_tf_sharded_checkpoint.py

TF (imported only here) splits its one CPU into three logical devices
(``tf.config.set_logical_device_configuration``), places the variables of
``DEVICES`` on them and saves with ``Saver(sharded=True)``: one data shard
per device, merged into one index.  The files go to
``tests/data/checkpoints/sharded/`` and what TF's reader says of them (every
value, and the device each variable was on) to ``sharded.json`` beside them.
"""
import json
import os
import shutil
import sys
from typing import Any, Dict, List

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from record_tf_checkpoints import OUT, _describe, _sha, value_of  # noqa: E402

# device -> [name, dtype, shape]
DEVICES: Dict[str, List[List[Any]]] = {
    "/device:CPU:0": [["dense/kernel", "float32", [3, 4]], ["dense/bias", "float32", [4]]],
    "/device:CPU:1": [["emb/table", "float64", [5, 2]], ["words", "string", [2]]],
    "/device:CPU:2": [["step", "int64", []], ["mask", "bool", [3]]],
}


def main() -> None:
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration() for _ in DEVICES])
    v1 = tf.compat.v1
    v1.disable_eager_execution()
    folder = os.path.join(OUT, "sharded")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    with tf.Graph().as_default():
        for device, variables in DEVICES.items():
            with tf.device(device):
                for name, dtype, shape in variables:
                    v1.get_variable(name, dtype=tf.as_dtype(dtype),
                                    initializer=tf.constant(value_of(name, dtype, shape),
                                                            dtype=tf.as_dtype(dtype)))
        saver = v1.train.Saver(sharded=True)
        with v1.Session(config=v1.ConfigProto(device_count={"CPU": len(DEVICES)})) as sess:
            sess.run(v1.global_variables_initializer())
            prefix = saver.save(sess, os.path.join(folder, "model.ckpt"), write_meta_graph=False)
    os.remove(os.path.join(folder, "checkpoint"))  # absolute paths: not portable
    reader = tf.train.load_checkpoint(prefix)
    dtypes = reader.get_variable_to_dtype_map()
    tensors = {key: dict({"dtype": dtypes[key].name, "shape": list(shape)},
                         **_describe(reader.get_tensor(key)))
               for key, shape in sorted(reader.get_variable_to_shape_map().items())}
    record = {"devices": DEVICES, "tensors": tensors,
              "files": {f: _sha(os.path.join(folder, f)) for f in sorted(os.listdir(folder))}}
    with open(os.path.join(folder, "sharded.json"), "w") as f:
        json.dump(record, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
