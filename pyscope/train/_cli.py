"""``python -m pyscope ckpt``: look into checkpoints without TensorFlow.

``ckpt ls PATH [--values]`` lists names, dtypes, shapes and sizes (like TF's
``inspect_checkpoint``); ``ckpt diff A B [--values]`` reports tensors missing
from B, unexpected in B, with another shape or dtype, or (with ``--values``)
other values; ``ckpt check MODEL PATH`` builds a model's graph and reports
its variables missing from the checkpoint, the checkpoint's tensors no
variable has, shape mismatches and, when one scope prefix explains them, the
``assignment_map`` for ``init_from_checkpoint``.  MODEL is a Python file or
module, optionally ``:function`` (called with no arguments) that builds the
graph.  ``ckpt export PATH OUT --safetensors [--skip-unsupported]`` writes
the tensors as a safetensors file.  PATH is a checkpoint prefix or a directory with a ``checkpoint``
state file.  Exit status: 0, or 1 when ``diff`` or ``check`` finds a
difference, 2 when a checkpoint or model cannot be read.
"""
import argparse
import importlib
import importlib.util
import os
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


def build_model(spec: str) -> None:
    """Runs MODEL (``file.py``, ``package.module``, either with ``:function``)
    so that it builds its variables in the default graph."""
    target, _, function = spec.partition(":")
    if target.endswith(".py") or os.path.sep in target:
        if not os.path.isfile(target):
            raise ValueError("model file %s not found; MODEL is file.py[:function] "
                             "or package.module[:function]" % target)
        name = "_pyscope_ckpt_check_model"
        spec_obj = importlib.util.spec_from_file_location(name, target)
        assert spec_obj is not None and spec_obj.loader is not None
        module = importlib.util.module_from_spec(spec_obj)
        spec_obj.loader.exec_module(module)
    else:
        module = importlib.import_module(target)
    if function:
        builder = getattr(module, function, None)
        if not callable(builder):
            raise ValueError("%s has no function %s" % (target, function))
        builder()


def _check(args: argparse.Namespace, out: TextIO) -> int:
    import pyscope
    from pyscope.train.checkpoint_check import compare_to_checkpoint
    with pyscope.Graph().as_default():
        build_model(args.model)
        result = compare_to_checkpoint(args.path)
    lines = ["missing in checkpoint: %s" % n for n in result.missing]
    lines += ["unexpected in checkpoint: %s" % n for n in result.unexpected]
    lines += ["shape mismatch: %s model %s, checkpoint %s" % (n, list(m), list(c))
              for n, m, c in result.shape_mismatches]
    if result.assignment_map is not None:
        lines.append("assignment_map for init_from_checkpoint: %r" % result.assignment_map)
    for line in lines:
        out.write(line + "\n")
    return 0 if result.matches else 1


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from pyscope.train.safetensors_export import export_safetensors
    if not args.safetensors:
        raise ValueError("choose an export format: --safetensors")
    for name in export_safetensors(args.path, args.out, args.skip_unsupported):
        out.write("skipped (no safetensors dtype): %s\n" % name)
    return 0


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
    check = commands.add_parser("check", help="a model's variables against a checkpoint")
    check.add_argument("model", help="file.py[:function] or package.module[:function]")
    check.add_argument("path")
    check.set_defaults(ckpt_run=_check)
    export = commands.add_parser("export", help="the tensors in another format")
    export.add_argument("path")
    export.add_argument("out")
    export.add_argument("--safetensors", action="store_true", help="write a safetensors file")
    export.add_argument("--skip-unsupported", action="store_true",
                        help="leave out string and complex tensors")
    export.set_defaults(ckpt_run=_export)
    parser.set_defaults(run=run)  # python -m pyscope's interface (pyscope/__main__.py)
    return parser


def run(args: argparse.Namespace, out: Optional[TextIO] = None) -> int:
    """Runs a parsed ``ckpt`` command; returns the exit status."""
    try:
        status: int = args.ckpt_run(args, out or sys.stdout)
        return status
    except (errors.OpError, ValueError, OSError, ImportError) as e:
        sys.stderr.write("error: %s\n" % e)
        return 2


def main(argv: Optional[List[str]] = None, out: Optional[TextIO] = None) -> int:
    """``python -m pyscope ckpt ...``: `argv` without the leading "ckpt"."""
    parser = argparse.ArgumentParser(prog="python -m pyscope")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(["ckpt"] + list(sys.argv[1:] if argv is None else argv)), out)


if __name__ == "__main__":
    sys.exit(main())
