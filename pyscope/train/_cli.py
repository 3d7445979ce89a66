"""``python -m pyscope ckpt``: look into checkpoints without TensorFlow.

``ckpt ls PATH [--values]`` lists names, dtypes, shapes and sizes (like TF's
``inspect_checkpoint``); ``ckpt diff A B [--values]`` reports tensors missing
from B, unexpected in B, with another shape or dtype, or (with ``--values``)
other values.  PATH is a checkpoint prefix or a directory with a
``checkpoint`` state file.  Exit status: 0, or 1 when ``diff`` finds a
difference, 2 when a checkpoint cannot be read.
"""
import argparse
import sys
from typing import Any, List, Optional, TextIO

import numpy as np

from pyscope import errors
from pyscope.train.checkpoint_utils import load_checkpoint
from pyscope.train.py_checkpoint_reader import CheckpointReader

__all__ = ["main", "add_parser"]


def _dtype_name(dtype: np.dtype) -> str:
    return "string" if dtype == np.dtype(object) else dtype.name


def _size(reader: CheckpointReader, name: str, shape: List[int], dtype: np.dtype) -> str:
    count = int(np.prod(shape)) if shape else 1
    if dtype == np.dtype(object):
        return "%d strings" % count
    return "%d bytes" % (count * dtype.itemsize)


def _ls(args: argparse.Namespace, out: TextIO) -> int:
    reader = load_checkpoint(args.path)
    shapes = reader.get_variable_to_shape_map()
    dtypes = reader.get_variable_to_dtype_map()
    for name in sorted(shapes):
        out.write("%s\t%s\t%s\t%s\n" % (name, _dtype_name(dtypes[name]), shapes[name],
                                        _size(reader, name, shapes[name], dtypes[name])))
        if args.values:
            out.write("%s\n" % (reader.get_tensor(name),))
    return 0


def _same_values(a: Any, b: Any) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype == object or b.dtype == object:
        return bool(a.tolist() == b.tolist())
    return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    a, b = load_checkpoint(args.a), load_checkpoint(args.b)
    shapes_a, shapes_b = a.get_variable_to_shape_map(), b.get_variable_to_shape_map()
    dtypes_a, dtypes_b = a.get_variable_to_dtype_map(), b.get_variable_to_dtype_map()
    lines = ["missing in B: %s" % n for n in sorted(set(shapes_a) - set(shapes_b))]
    lines += ["unexpected in B: %s" % n for n in sorted(set(shapes_b) - set(shapes_a))]
    for name in sorted(set(shapes_a) & set(shapes_b)):
        if shapes_a[name] != shapes_b[name]:
            lines.append("shape changed: %s %s -> %s" % (name, shapes_a[name], shapes_b[name]))
        elif dtypes_a[name] != dtypes_b[name]:
            lines.append("dtype changed: %s %s -> %s" % (
                name, _dtype_name(dtypes_a[name]), _dtype_name(dtypes_b[name])))
        elif args.values and not _same_values(a.get_tensor(name), b.get_tensor(name)):
            lines.append("values changed: %s" % name)
    for line in lines:
        out.write(line + "\n")
    return 1 if lines else 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Adds the ``ckpt`` command to a `argparse` subparsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "ckpt", help="list or compare TensorFlow checkpoints",
        description=__doc__.split("\n\n")[1] if __doc__ else None)
    commands = parser.add_subparsers(dest="ckpt_command", required=True)
    ls = commands.add_parser("ls", help="names, dtypes, shapes and sizes")
    ls.add_argument("path")
    ls.add_argument("--values", action="store_true", help="print every value too")
    ls.set_defaults(ckpt_run=_ls)
    diff = commands.add_parser("diff", help="what differs between two checkpoints")
    diff.add_argument("a")
    diff.add_argument("b")
    diff.add_argument("--values", action="store_true", help="compare values too")
    diff.set_defaults(ckpt_run=_diff)
    parser.set_defaults(run=run)  # python -m pyscope's interface (pyscope/__main__.py)
    return parser


def run(args: argparse.Namespace, out: Optional[TextIO] = None) -> int:
    """Runs a parsed ``ckpt`` command; returns the exit status."""
    try:
        status: int = args.ckpt_run(args, out or sys.stdout)
        return status
    except (errors.OpError, ValueError, OSError) as e:
        sys.stderr.write("error: %s\n" % e)
        return 2


def main(argv: Optional[List[str]] = None, out: Optional[TextIO] = None) -> int:
    """``python -m pyscope ckpt ...``: `argv` without the leading "ckpt"."""
    parser = argparse.ArgumentParser(prog="python -m pyscope")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(["ckpt"] + list(sys.argv[1:] if argv is None else argv)), out)


if __name__ == "__main__":
    sys.exit(main())
