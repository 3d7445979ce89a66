"""Reading checkpoints by name and initializing variables from them, as
``tf.compat.v1.train``: `load_checkpoint`, `list_variables`,
`load_variable`, `init_from_checkpoint`."""
import os
from collections import abc
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

import numpy as np

from pyscope import errors
from pyscope.train import _variables_io as vio
from pyscope.train.checkpoint_management import latest_checkpoint
from pyscope.train.py_checkpoint_reader import CheckpointReader, NewCheckpointReader
from pyscope.variables import PartitionedVariable

__all__ = ["load_checkpoint", "list_variables", "load_variable",
           "init_from_checkpoint"]


def _get_checkpoint_filename(ckpt_dir_or_file: Any) -> Optional[str]:
    path: str = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        return latest_checkpoint(path)
    return path


def load_checkpoint(ckpt_dir_or_file: Any) -> CheckpointReader:
    """Returns `CheckpointReader` for checkpoint found in `ckpt_dir_or_file`.

    If `ckpt_dir_or_file` resolves to a directory with multiple checkpoints,
    reader for the latest checkpoint is returned.

    Raises:
      ValueError: If `ckpt_dir_or_file` resolves to a directory with no
        checkpoints.
    """
    filename = _get_checkpoint_filename(ckpt_dir_or_file)
    if filename is None:
        raise ValueError("Couldn't find 'checkpoint' file or checkpoints in "
                         "given directory %s" % ckpt_dir_or_file)
    return NewCheckpointReader(filename)


def list_variables(ckpt_dir_or_file: Any) -> List[Tuple[str, List[int]]]:
    """Lists the checkpoint keys and shapes of variables in a checkpoint,
    sorted by name."""
    reader = load_checkpoint(ckpt_dir_or_file)
    return sorted(reader.get_variable_to_shape_map().items())


def load_variable(ckpt_dir_or_file: Any, name: str) -> Any:
    """Returns the tensor value of the given variable in the checkpoint
    (a trailing ``:0`` is dropped from `name`)."""
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


def _collect_partitioned_variable(name: str, store: Dict[str, Any]) -> Optional[List[Any]]:
    if name + "/part_0" not in store:
        return None
    parts, i = [], 0
    while "%s/part_%d" % (name, i) in store:
        parts.append(store["%s/part_%d" % (name, i)])
        i += 1
    return parts


def _shape_str(shape: Iterable[int]) -> str:
    return "(%s)" % ", ".join(str(d) for d in shape) if len(list(shape)) != 1 \
        else "(%d,)" % list(shape)[0]


def _plan_one(reader: CheckpointReader, var: Any, tensor_name: str,
              ckpt: Any) -> List[Tuple[Any, np.ndarray]]:
    """(variable, value) pairs that restore `var` (or its parts) from
    `tensor_name`, every check done before anything is assigned."""
    shapes = reader.get_variable_to_shape_map()
    full = reader.get_tensor(tensor_name)
    full = np.asarray(full, dtype=object) if isinstance(full, bytes) else full
    if isinstance(var, PartitionedVariable):
        var = list(var)
    if not isinstance(var, (list, tuple)):
        shape = vio.shape_of(var)
        if shape != tuple(shapes[tensor_name]):
            raise ValueError(
                "Shape of variable %s (%s) doesn't match with shape of tensor %s "
                "(%s) from checkpoint reader." % (
                    var.name, _shape_str(shape), tensor_name, list(shapes[tensor_name])))
        return [(var, _cast(var, full, tensor_name))]
    plan = []
    full_name = None
    for part in var:
        info = vio.slice_info(part)
        if info is None:
            raise ValueError("Variable %s is not a part of a partitioned variable"
                             % getattr(part, "name", part))
        if full_name is None:
            full_name = info.full_name
        elif full_name != info.full_name:
            raise ValueError("Slices must all be from the same tensor: %s != %s"
                             % (full_name, info.full_name))
        if list(full.shape) != info.full_shape:
            raise errors.InvalidArgumentError(
                None, None, "tensor_name = %s; shape in shape_and_slice spec %s does "
                "not match the shape stored in checkpoint: %s"
                % (tensor_name, info.full_shape, list(full.shape)))
        index = tuple(slice(o, o + n) for o, n in info.extents)
        plan.append((part, _cast(part, full[index], tensor_name)))
    return plan


def _cast(var: Any, value: np.ndarray, tensor_name: str) -> np.ndarray:
    dtype = getattr(var, "dtype", None)
    try:
        dtype = np.dtype(dtype) if dtype is not None else None
    except TypeError:
        dtype = None  # a framework dtype (torch.float32): its adapter converts
    if dtype is not None and dtype != value.dtype and not (
            dtype.kind in "OSU" and value.dtype == object):
        raise errors.InvalidArgumentError(
            None, None, "tensor_name = %s; expected dtype %s does not equal "
            "original dtype %s" % (tensor_name, dtype.name, value.dtype.name))
    return np.array(value, copy=True)


def init_from_checkpoint(ckpt_dir_or_file: Any,
                         assignment_map: Union[Mapping[Any, Any], Iterable[Tuple[Any, Any]]]) -> None:
    """Initializes current variables with tensors loaded from given checkpoint.

    Variables hold values here, so they are assigned at once (TF replaces
    their initializers); every name and shape is checked first, so an error
    changes no variable.

    Supports the following syntax for `assignment_map`:

    - `'checkpoint_scope_name/': 'scope_name/'` - will load all variables in
      current `scope_name` from `checkpoint_scope_name` with matching tensor
      names.
    - `'checkpoint_scope_name/some_other_variable': 'scope_name/variable_name'`
      - will initialize `scope_name/variable_name` variable
      from `checkpoint_scope_name/some_other_variable`.
    - `'scope_variable_name': variable` - will initialize given variable with
      variable from the checkpoint.
    - `'scope_variable_name': list(variable)` - will initialize list of
      partitioned variables with variable from the checkpoint.
    - `'/': 'scope_name/'` - will load all variables in current `scope_name`
      from checkpoint's root (e.g. no scope).

    Raises:
      ValueError: If missing variables in current graph, or if missing
        checkpoints or tensors in checkpoints.
    """
    ckpt_file = _get_checkpoint_filename(ckpt_dir_or_file)
    reader = load_checkpoint(ckpt_dir_or_file)
    del ckpt_file
    variable_map = reader.get_variable_to_shape_map()
    items = list(assignment_map.items() if isinstance(assignment_map, abc.Mapping)
                 else assignment_map)
    store = vio.store_variables()
    plan: List[Tuple[Any, np.ndarray]] = []
    for tensor_name_in_ckpt, current in sorted(items, key=lambda pair: pair[0]):
        var: Any = None
        if vio.is_variable(current) or isinstance(current, PartitionedVariable) or (
                isinstance(current, list) and all(vio.is_variable(v) for v in current)):
            var = current
        else:
            var = store.get(current)
            if var is None:
                var = _collect_partitioned_variable(current, store)
        if var is not None:
            if tensor_name_in_ckpt not in variable_map:
                raise ValueError("Tensor %s is not found in %s checkpoint %s" % (
                    tensor_name_in_ckpt, ckpt_dir_or_file, variable_map))
            plan += _plan_one(reader, var, tensor_name_in_ckpt, ckpt_dir_or_file)
            continue
        scopes = ""
        if "/" in current:
            scopes = current[:current.rindex("/")]
        if not tensor_name_in_ckpt.endswith("/"):
            raise ValueError(
                "Assignment map with scope only name {} should map to scope only "
                "{}. Should be 'scope/': 'other_scope/'.".format(scopes, tensor_name_in_ckpt))
        scope_variables = set()
        for var_name in store:
            if not scopes or var_name.startswith(scopes + "/"):
                if "/part_" in var_name:
                    var_name = var_name[:var_name.index("/part_")]
                scope_variables.add(var_name)
        for var_name in sorted(scope_variables):
            full_tensor_name = var_name[len(scopes):]
            if current != "/":
                full_tensor_name = full_tensor_name[1:]
            if tensor_name_in_ckpt != "/":
                full_tensor_name = tensor_name_in_ckpt + full_tensor_name
            if full_tensor_name.endswith("/"):
                full_tensor_name = full_tensor_name[:-1]
            if full_tensor_name not in variable_map:
                raise ValueError("Tensor %s (%s in %s) is not found in %s checkpoint" % (
                    full_tensor_name, var_name[len(scopes) + 1:], tensor_name_in_ckpt,
                    ckpt_dir_or_file))
            var = store.get(var_name)
            if var is None:
                var = _collect_partitioned_variable(var_name, store)
            plan += _plan_one(reader, var, full_tensor_name, ckpt_dir_or_file)
    for variable, value in plan:
        vio.assign_value(variable, value)
