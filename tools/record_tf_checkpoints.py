"""Record TensorFlow-written checkpoints for pyscope's checkpoint tests.

Recording tool: run it from the TensorFlow venv (TF is imported only here;
neither pyscope nor its tests ever import it):

    ~/.venvs/tf/bin/python tools/record_tf_checkpoints.py

and, to check that TF reads what pyscope writes:

    python tools/record_tf_checkpoints.py --write-pyscope /tmp/ps_ckpts   # pyscope venv
    ~/.venvs/tf/bin/python tools/record_tf_checkpoints.py --verify /tmp/ps_ckpts

For every case in ``CASES`` it builds the variables with ``tf.compat.v1``
(graph mode), saves them with ``tf.compat.v1.train.Saver``
(``write_meta_graph=False``) into ``tests/data/checkpoints/<case>/``, and
records in ``tests/data/checkpoints/manifest.json`` what TF's own reader
says of the files: names, dtypes, shapes, every value (or TF's error), and
the slices of each partitioned variable.  The tests read the same files with
pyscope and write the same variables again, expecting identical bytes.

A variable is ``[name, dtype, shape, parts]``: ``parts`` is None for a plain
variable, else ``[num_shards, axis]`` for ``fixed_size_partitioner``.  Its
value is `value_of(name, dtype, shape)`, a pure function the tests share.
"""
import base64
import hashlib
import json
import os
import shutil
import sys
from typing import Any, Dict, List

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, os.pardir, "tests", "data", "checkpoints")

CASES: Dict[str, List[Any]] = {
    "mixed": [
        ["a", "float32", [2, 3], None],
        ["b", "float64", [], None],
        ["ints/i8", "int8", [3], None],
        ["ints/i16", "int16", [3], None],
        ["ints/i32", "int32", [2, 2], None],
        ["ints/i64", "int64", [2], None],
        ["ints/u8", "uint8", [4], None],
        ["ints/u16", "uint16", [2], None],
        ["ints/u32", "uint32", [2], None],
        ["ints/u64", "uint64", [2], None],
        ["flag", "bool", [3], None],
        ["c64", "complex64", [2], None],
        ["c128", "complex128", [], None],
        ["half", "float16", [2, 2], None],
        ["bf16", "bfloat16", [3], None],
        ["empty", "float32", [0, 3], None],
        ["words", "string", [3], None],
        ["word", "string", [], None],
        ["no_words", "string", [0], None],
    ],
    "partitioned": [
        ["emb/w", "float32", [10, 4], [3, 0]],
        ["emb/one_part", "float32", [4, 2], [1, 0]],
        ["cols", "float64", [3, 5], [2, 1]],
        ["half_parts", "float16", [6, 2], [2, 0]],
        ["str_parts", "string", [4], [2, 0]],
        ["plain", "int32", [3], None],
    ],
}

# Written with Saver(write_version=SaverDef.V1): the legacy format.
V1_CASES: Dict[str, List[Any]] = {
    "v1": [
        ["a", "float32", [2, 3], None],
        ["d", "float64", [], None],
        ["i", "int32", [3], None],
        ["i64", "int64", [2], None],
        ["i8", "int8", [2], None],
        ["u8", "uint8", [2], None],
        ["i16", "int16", [2], None],
        ["h", "float16", [2], None],
        ["flag", "bool", [3], None],
        ["c", "complex64", [2], None],
        ["s", "string", [2], None],
        ["p", "float32", [5, 2], [2, 0]],
    ],
}


def value_of(name: str, dtype: str, shape: List[int]) -> np.ndarray:
    """The deterministic value of a recorded variable (shared with tests)."""
    count = int(np.prod(shape)) if shape else 1
    seed = sum(name.encode()) % 97
    base = (np.arange(count) * 7 + seed) % 251
    if dtype == "string":
        items = [("%s-%d" % (name, i)).encode() * (i % 3) + b"\xff\x00"[: i % 2 + 1]
                 for i in range(count)]
        return np.array(items, dtype=object).reshape(shape)
    if dtype == "bool":
        return (base % 2 == 1).reshape(shape)
    if dtype.startswith("complex"):
        return (base - 100.5 + 1j * (base / 3.0)).astype(dtype).reshape(shape)
    if dtype in ("float16", "float32", "float64", "bfloat16"):
        values = (base - 125) / 8.0
        if dtype == "bfloat16":
            import ml_dtypes
            return values.astype(ml_dtypes.bfloat16).reshape(shape)
        return values.astype(dtype).reshape(shape)
    info = np.iinfo(dtype)
    return (base % (info.max - info.min + 1 if info.max < 300 else 251) + max(info.min, -100)
            ).astype(dtype).reshape(shape) if info.min < 0 else base.astype(dtype).reshape(shape)


def _describe(value: Any) -> Dict[str, Any]:
    if isinstance(value, bytes):  # TF returns a scalar string as bytes
        value = np.array(value, dtype=object)
    if value.dtype == object:
        return {"strings": [base64.b64encode(bytes(x)).decode() for x in value.reshape(-1)]}
    return {"hex": np.ascontiguousarray(value).tobytes().hex()}


def _sha(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _record_case(tf: Any, name: str, variables: List[Any], v1_format: bool = False) -> Dict[str, Any]:
    v1 = tf.compat.v1
    folder = os.path.join(OUT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    graph = tf.Graph()
    with graph.as_default():
        made = []
        for vname, dtype, shape, parts in variables:
            value = value_of(vname, dtype, shape)
            tf_dtype = tf.as_dtype(dtype)
            kwargs: Dict[str, Any] = {}
            if parts is not None:
                kwargs["partitioner"] = v1.fixed_size_partitioner(parts[0], axis=parts[1])
            made.append(v1.get_variable(
                vname, shape=shape, dtype=tf_dtype,
                initializer=(lambda shape, dtype=None, partition_info=None,
                             value=value, tf_dtype=tf_dtype:
                             tf.constant(_part(value, shape, partition_info),
                                         dtype=tf_dtype)),
                **kwargs))
        saver = v1.train.Saver(write_version=1 if v1_format else 2)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            prefix = saver.save(sess, os.path.join(folder, "model.ckpt"),
                                write_meta_graph=False)
    os.remove(os.path.join(folder, "checkpoint"))  # absolute paths: not portable
    for stale in [f for f in os.listdir(folder) if f.endswith(".tempstate") or ".tmp" in f]:
        os.remove(os.path.join(folder, stale))
    reader = tf.train.load_checkpoint(prefix)
    tensors: Dict[str, Any] = {}
    dtypes = reader.get_variable_to_dtype_map()
    for key, shape in sorted(reader.get_variable_to_shape_map().items()):
        record: Dict[str, Any] = {"dtype": dtypes[key].name, "shape": list(shape)}
        try:
            record.update(_describe(reader.get_tensor(key)))
        except Exception as e:  # noqa: BLE001 - TF's refusal is the record
            record["error"] = [type(e).__name__, str(e).split("\n")[0]]
        tensors[key] = record
    files = sorted(os.listdir(folder))
    return {"variables": variables, "tensors": tensors,
            "files": {f: _sha(os.path.join(folder, f)) for f in files}}


def _part(value: np.ndarray, shape: List[int], partition_info: Any) -> np.ndarray:
    if partition_info is None:
        return value
    offsets = partition_info.var_offset
    index = tuple(slice(o, o + s) for o, s in zip(offsets, shape))
    return value[index]


def write_with_pyscope(folder: str) -> None:
    """Saves every case with pyscope's Saver (run from pyscope's venv)."""
    sys.path.insert(0, os.path.join(HERE, os.pardir))
    import pyscope
    import pyscope.train
    for name, variables in CASES.items():
        pyscope.reset_default_graph()
        for vname, dtype, shape, parts in variables:
            value = value_of(vname, dtype, shape)
            kwargs: Dict[str, Any] = {}
            if parts is not None:
                kwargs["partitioner"] = pyscope.fixed_size_partitioner(parts[0], axis=parts[1])
            pyscope.get_variable(
                vname, shape=shape, dtype=pyscope.string if dtype == "string" else value.dtype,
                initializer=lambda shape, dtype=None, partition_info=None, value=value:
                    _part(value, shape, partition_info), **kwargs)
        pyscope.train.Saver().save(None, os.path.join(folder, name, "model.ckpt"))


def verify_with_tf(folder: str) -> None:
    """Reads pyscope-written checkpoints with TF: every value must be the
    one saved (TF's refusals to assemble some sliced dtypes excepted)."""
    import tensorflow as tf
    failures = checked = 0
    for name, variables in CASES.items():
        reader = tf.train.load_checkpoint(os.path.join(folder, name, "model.ckpt"))
        for vname, dtype, shape, _ in variables:
            want = value_of(vname, dtype, shape)
            try:
                got = reader.get_tensor(vname)
            except ValueError as e:  # TF: "Dtype half not supported." etc.
                print("TF refuses %s/%s: %s" % (name, vname, e))
                continue
            got = np.asarray(got, dtype=object) if isinstance(got, bytes) else got
            same = (got.shape == want.shape and got.dtype == want.dtype
                    and (got.tolist() == want.tolist() if got.dtype == object
                         else got.tobytes() == want.tobytes()))
            checked += 1
            if not same:
                failures += 1
                print("MISMATCH %s/%s" % (name, vname))
    print("TF read %d pyscope-written tensors: %d mismatches" % (checked, failures))
    sys.exit(1 if failures else 0)


def record_tf2_object_checkpoint() -> Dict[str, Any]:
    """A tf.train.Checkpoint (TF2, object-based keys) with its state file;
    run in eager mode, in its own process (see main)."""
    import tensorflow as tf
    folder = os.path.join(OUT, "tf2_object")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    net = tf.Module()
    net.kernel = tf.Variable(value_of("kernel", "float32", [3, 2]))
    net.layers = [tf.Variable(value_of("l0", "int64", [2])),
                  tf.Variable(value_of("l1", "string", [2]))]
    ckpt = tf.train.Checkpoint(net=net, step=tf.Variable(np.int64(7)))
    cwd = os.getcwd()
    os.chdir(folder)  # a relative prefix: the state file holds relative paths
    try:
        prefix = ckpt.save("ckpt")
    finally:
        os.chdir(cwd)
    reader = tf.train.load_checkpoint(os.path.join(folder, prefix))
    dtypes = reader.get_variable_to_dtype_map()
    tensors = {}
    for key, shape in sorted(reader.get_variable_to_shape_map().items()):
        record = {"dtype": dtypes[key].name, "shape": list(shape)}
        record.update(_describe(reader.get_tensor(key)))
        tensors[key] = record
    with open(os.path.join(folder, "checkpoint")) as f:
        state = f.read()
    return {"prefix": prefix, "tensors": tensors, "state": state,
            "files": {f: _sha(os.path.join(folder, f)) for f in sorted(os.listdir(folder))}}


def main() -> None:
    if "--tf2" in sys.argv:
        json.dump(record_tf2_object_checkpoint(), sys.stdout)
        return
    if "--write-pyscope" in sys.argv:
        write_with_pyscope(sys.argv[sys.argv.index("--write-pyscope") + 1])
        return
    if "--verify" in sys.argv:
        verify_with_tf(sys.argv[sys.argv.index("--verify") + 1])
        return
    import tensorflow as tf
    tf.compat.v1.disable_eager_execution()
    if "--scenarios-only" not in sys.argv:
        manifest = {name: _record_case(tf, name, variables) for name, variables in CASES.items()}
        manifest.update({name: _record_case(tf, name, variables, v1_format=True)
                         for name, variables in V1_CASES.items()})
        import subprocess  # TF2 checkpoints need eager mode: another process
        manifest["tf2_object"] = json.loads(subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--tf2"], check=True,
            stdout=subprocess.PIPE).stdout)
        with open(os.path.join(OUT, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1, sort_keys=True)
        print("recorded", len(manifest), "checkpoints into", OUT, file=sys.stderr)
    scenarios = record_scenarios(tf)
    with open(os.path.join(OUT, "scenarios.json"), "w") as f:
        json.dump(scenarios, f, indent=1, sort_keys=True)
    print("recorded", len(scenarios), "scenarios", file=sys.stderr)




# -- Saver / init_from_checkpoint scenarios (tools/checkpoint_scenarios.py) --

class TFHarness:
    """The scenario helpers on TensorFlow (see tools/checkpoint_scenarios.py)."""

    def __init__(self, tf: Any) -> None:
        self.tf = tf
        self.records: List[Any] = []
        self.graph = None
        self.sess = None
        self._ctx = None
        self.new_graph()

    def close(self) -> None:
        if self.sess is not None:
            self.sess.close()
        if self._ctx is not None:
            self._ctx.__exit__(None, None, None)
        self.sess = self._ctx = None

    def new_graph(self) -> None:
        self.close()
        self.graph = self.tf.Graph()
        self._ctx = self.graph.as_default()
        self._ctx.__enter__()
        self.sess = self.tf.compat.v1.Session(graph=self.graph)

    def init(self) -> None:
        self.sess.run(self.tf.compat.v1.global_variables_initializer())

    def val(self, v: Any) -> Any:
        from tensorflow.python.ops.variables import PartitionedVariable
        if isinstance(v, (PartitionedVariable, list)):
            parts = list(v)
            axis = next((i for i, n in enumerate(v._get_partitions()) if n > 1), 0) \
                if not isinstance(v, list) else 0
            return np.concatenate(self.sess.run(parts), axis=axis).tolist()
        return np.asarray(self.sess.run(v)).tolist()  # a scalar string runs to bytes


def run_scenario(code: str, v1: Any, harness: Any) -> List[Any]:
    """Runs a scenario with the helpers of `harness`; returns its records."""
    records: List[Any] = []

    def catch(f: Any) -> Any:
        try:
            return f()
        except Exception as e:  # noqa: BLE001 - the error is the record
            return ["error", type(e).__name__, str(e).split("\n")[0]]

    def ls(d: str) -> List[str]:
        return sorted(os.listdir(d))

    def text(p: str) -> str:
        with open(p) as f:
            return f.read()

    def ramp(base: float) -> Any:
        def init(shape: Any, dtype: Any = None, partition_info: Any = None) -> np.ndarray:
            full = list(partition_info.full_shape) if partition_info is not None else list(shape)
            offset = list(partition_info.var_offset) if partition_info is not None else [0] * len(shape)
            value = np.arange(int(np.prod(full)) if full else 1).reshape(full) + base
            index = tuple(slice(o, o + s) for o, s in zip(offset, shape))
            np_dtype = getattr(dtype, "as_numpy_dtype", dtype) or np.float32
            return value[index].astype(np_dtype)
        return init

    env = {"v1": v1, "np": np, "rec": records.append, "catch": catch, "ls": ls,
           "text": text, "ramp": ramp, "init": harness.init, "val": harness.val,
           "new_graph": harness.new_graph}

    env["sess"] = harness.sess if hasattr(harness, "sess") else None

    def new_graph() -> None:
        harness.new_graph()
        env["sess"] = getattr(harness, "sess", None)
    env["new_graph"] = new_graph
    try:
        exec(code, env)
    except Exception as e:  # noqa: BLE001
        records.append(["raised", type(e).__name__, str(e).split("\n")[0]])
    return records


def record_scenarios(tf: Any) -> Dict[str, Any]:
    import tempfile
    sys.path.insert(0, HERE)
    from checkpoint_scenarios import SCENARIOS
    out = {}
    cwd = os.getcwd()
    for name, code in SCENARIOS.items():
        with tempfile.TemporaryDirectory() as d:
            os.chdir(d)
            try:
                harness = TFHarness(tf)
                out[name] = run_scenario(code, tf.compat.v1, harness)
                harness.close()
            finally:
                os.chdir(cwd)
    return out


if __name__ == "__main__":
    main()
