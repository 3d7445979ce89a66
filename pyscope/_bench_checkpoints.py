"""The bench's checkpoint rows (``python -m pyscope bench --checkpoints``):
list / read every tensor / save one checkpoint of float32 variables, by
pyscope.train, by TensorFlow (pyscope/_bench_tf.py) and by a plain copy of
the same bytes (the floor), as time and bytes per second.

All of them work on the files of one `CheckpointFiles`: a reference
checkpoint the parent writes before measuring (every reader reads it; it is
in the page cache then, so reads measure the code, not the disk), and one
save at a time beside it, removed after its sample.  pyscope.train is
imported only where pyscope measures, so the TensorFlow worker (another
interpreter, maybe without crc32c) can use this module too."""
import glob
import os
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

__all__ = ["CheckpointFiles", "OPS", "pyscope_op", "plain_op", "table", "time_read",
           "time_save"]

MIB = 1 << 20

#: the rows: (op, label); the plain copy has no "list"
OPS = [("list", "list the variables"),
       ("read", "read every tensor (checksums)"),
       ("save", "save (Saver.save, fsync)")]
GOAL = 0.70  # read and save at >= 70% of the plain copy's speed, and ahead of TF
LIST_GOAL = 1e-3  # seconds


class CheckpointFiles:
    """`variables` float32 vectors of equal size, `mb` MiB in all, as a
    checkpoint in `folder`."""

    def __init__(self, folder: Optional[str], mb: float, variables: int = 200) -> None:
        self._folder = folder
        self.variables = variables
        self.count = max(1, int(mb * MIB) // 4 // variables)
        self.nbytes = 4 * self.count * variables
        self._values: Optional[List[np.ndarray]] = None
        self._saves = 0
        self.savers: Dict[str, Any] = {}  # each API's variables and Saver, made once

    @property
    def folder(self) -> str:
        if self._folder is None:
            raise RuntimeError("the checkpoint rows need a directory: python -m pyscope "
                               "bench --checkpoints makes one (--checkpoint-dir)")
        return self._folder

    @property
    def reference(self) -> str:
        """The prefix of the checkpoint every reader reads."""
        return os.path.join(self.folder, "reference", "model.ckpt")

    def sizes(self) -> List[Tuple[str, int]]:
        """Each variable's name and element count, in save order."""
        return [("v%03d" % i, self.count) for i in range(self.variables)]

    def values(self) -> List[np.ndarray]:
        """The variables' values (variable i is full of i), made once."""
        if self._values is None:
            self._values = [np.full(count, i, np.float32)
                            for i, (_, count) in enumerate(self.sizes())]
        return self._values

    def write_reference(self) -> None:
        from pyscope.train._bundle import BundleWriter
        with BundleWriter(self.reference) as writer:
            for (name, _), value in zip(self.sizes(), self.values()):
                writer.add(name, value)
            writer.finish()

    def new_prefix(self, who: str) -> str:
        """A fresh prefix for one save by `who`, in its own directory."""
        self._saves += 1
        directory = os.path.join(self.folder, who)
        os.makedirs(directory, exist_ok=True)
        return os.path.join(directory, "save-%d" % self._saves)

    def remove(self, prefix: str) -> None:
        """Deletes what a save to `prefix` wrote (its state file too)."""
        for path in glob.glob(glob.escape(prefix) + "*") + [
                os.path.join(os.path.dirname(prefix), "checkpoint")]:
            if os.path.exists(path):
                os.remove(path)


# -- pyscope ------------------------------------------------------------------------
class _Saved:
    """pyscope Variables holding the checkpoint's values, in their own graph,
    and a Saver of them (built once, as a training loop does)."""

    def __init__(self, files: CheckpointFiles) -> None:
        import pyscope
        from pyscope import train
        self.graph = pyscope.Graph()
        with self.graph.as_default():
            variables = [pyscope.Variable(value, name=name)
                         for (name, _), value in zip(files.sizes(), files.values())]
            self.saver = train.Saver(variables)


def time_read(op: str, load_checkpoint: Callable[[str], Any], files: CheckpointFiles) -> float:
    """Seconds "list" (open a reader, its name-to-shape map) or "read"
    (that and every tensor) take, with ``load_checkpoint`` of pyscope.train
    or of TF: the same calls, as TF code makes them."""
    start = time.perf_counter()
    reader = load_checkpoint(files.reference)
    names = reader.get_variable_to_shape_map()
    if op == "read":
        for name in names:
            reader.get_tensor(name)
    return time.perf_counter() - start


def time_save(files: CheckpointFiles, who: str, save: Callable[[str], Any]) -> float:
    """Seconds ``save(prefix)`` takes to a new prefix; what it wrote is then removed."""
    prefix = files.new_prefix(who)
    start = time.perf_counter()
    save(prefix)
    took = time.perf_counter() - start
    files.remove(prefix)
    return took


def pyscope_op(op: str, files: CheckpointFiles) -> float:
    """Seconds pyscope.train takes for `op` on `files`: ``load_checkpoint``
    and its reader, or ``Saver.save`` of Variables holding the values."""
    from pyscope import train
    if op != "save":
        return time_read(op, train.load_checkpoint, files)
    saved = files.savers.get("pyscope") or files.savers.setdefault("pyscope", _Saved(files))
    with saved.graph.as_default():
        return time_save(files, "pyscope",
                         lambda prefix: saved.saver.save(None, prefix, write_meta_graph=False))


# -- the floor ------------------------------------------------------------------------
def plain_op(op: str, files: CheckpointFiles) -> float:
    """Seconds a plain copy of the checkpoint's bytes takes: "read" reads
    the reference data file through one buffer of a tensor's size (no
    parsing, no checksums, no new arrays; one 1 GB buffer would time the
    page faults of fresh memory instead); "save" writes the variables'
    bytes to a new file as durably as pyscope's save does (a temporary
    name, fsync, rename, fsync of the directory)."""
    from pyscope.train._bundle.writer import data_filename, fsync_dir, temp_name
    if op == "read":
        view = np.empty(4 * files.count, np.uint8).data
        start = time.perf_counter()
        with open(data_filename(files.reference, 0, 1), "rb", buffering=0) as f:
            while f.readinto(view):
                pass
        return time.perf_counter() - start
    values = files.values()

    def write(prefix: str) -> None:
        path = prefix + ".data"
        tmp = temp_name(path)
        with open(tmp, "wb") as f:
            for value in values:
                f.write(value.data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        fsync_dir(os.path.dirname(path))
    return time_save(files, "copy", write)


# -- the table ------------------------------------------------------------------------
def _rate(nbytes: int, seconds: float) -> str:
    return "%s MiB/s" % format(round(nbytes / MIB / seconds), ",")


def _verdict(op: str, mine: Optional[float], copy: Optional[float],
             tf: Optional[float]) -> Tuple[str, str]:
    """(pyscope's speed as a share of the copy's, the goal and whether it is met)."""
    if mine is None:
        return "", ""
    if op == "list":
        return "", "<= 1 ms: %s" % ("met" if mine <= LIST_GOAL else "missed")
    share = "%.0f%%" % (100 * copy / mine) if copy else ""
    met = (copy is None or copy / mine >= GOAL) and (tf is None or mine < tf)
    return share, ">= %.0f%% of copy%s: %s" % (100 * GOAL, ", ahead of TF" if tf else "",
                                             "met" if met else "missed")


def table(files_bytes: int, mine: str, results: Dict[str, Dict[str, float]],
          fmt: Any) -> Tuple[List[List[str]], List[str]]:
    """The checkpoint table's cells: time and rate for `mine` (the live
    backend's column), TensorFlow and the plain copy ("floor")."""
    labels = [(mine, mine)] + [(label, key) for label, key in
                               (("TensorFlow", "TensorFlow"), ("plain copy", "floor"))
                               if key in results]
    headers = ["checkpoint operation"] + [label for label, _ in labels] + [
        "%s / copy" % mine, "goal"]
    rows = []
    for op, label in OPS:
        cells = [label]
        for _, key in labels:
            seconds = results.get(key, {}).get("ckpt_" + op)
            cells.append("n/a" if seconds is None else
                         fmt(seconds) + ("" if op == "list" else
                                         "  " + _rate(files_bytes, seconds)))
        cells.extend(_verdict(op, *(results.get(key, {}).get("ckpt_" + op)
                                    for key in (mine, "floor", "TensorFlow"))))
        rows.append(cells)
    return rows, headers
