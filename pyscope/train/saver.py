"""`Saver`: TF1's name-based checkpoints (``tf.compat.v1.train.Saver``).

There are no sessions: `sess` is accepted and ignored, so TF code runs
unchanged.  `save` writes the V2 bundle byte for byte as TF 2.21 does, then
the ``checkpoint`` state file, both through temporary names and renames.
`write_meta_graph` is accepted and writes nothing: pyscope has no graph
to export, and nothing in a name-based restore needs the ``.meta`` file.
`restore` checks every key, shape and dtype before it assigns anything.
"""
import os
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from pyscope import errors
from pyscope import graph as _graph
from pyscope.graph import GraphKeys
from pyscope.train import _variables_io as vio
from pyscope.train._bundle import BundleReader, BundleWriter
from pyscope.train.checkpoint_management import (
    checkpoint_exists, get_checkpoint_mtimes,
    remove_checkpoint, update_checkpoint_state_internal)
from pyscope.variables import PartitionedVariable

__all__ = ["Saver", "checkpoint_keys", "SaverDef"]

# One saveable: the variable, or [(part, SliceInfo)] for a partitioned one.
Saveable = Union[Any, List[Tuple[Any, vio.SliceInfo]]]


class SaverDef:
    """The checkpoint format versions (``saver_pb2.SaverDef``)."""
    LEGACY = 0
    V1 = 1
    V2 = 2


def _group_parts(key: str, parts: Sequence[Any]) -> List[Tuple[Any, vio.SliceInfo]]:
    out = []
    for part in parts:
        info = vio.slice_info(part)
        if info is None:
            raise ValueError("Variable %s in the list for key %s is not a part of a "
                             "partitioned variable" % (getattr(part, "name", part), key))
        out.append((part, info))
    return out


def _add(table: Dict[str, Saveable], key: str, value: Saveable) -> None:
    if key in table:
        raise ValueError("At least two variables have the same name: %s" % key)
    table[key] = value


def checkpoint_keys(var_list: Any = None) -> Dict[str, Any]:
    """The map of checkpoint keys `Saver(var_list)` writes: key -> variable,
    or -> `PartitionedVariable` (or list of parts) for a sliced one.

    Use it to see a model's names as a checkpoint will hold them.
    """
    return {key: (value if not isinstance(value, list)
                  else _owner(value) or [p for p, _ in value])
            for key, value in _saveables(var_list).items()}


def _owner(slices: List[Tuple[Any, vio.SliceInfo]]) -> Optional[PartitionedVariable]:
    if not slices:
        return None
    graph = getattr(slices[0][0], "graph", None) or _graph.get_default_graph()
    owner = vio._lookup(graph, slices[0][1].full_name)
    if isinstance(owner, PartitionedVariable) and list(owner) == [p for p, _ in slices]:
        return owner
    return None


def _saveables(var_list: Any) -> Dict[str, Saveable]:
    """TF's ``op_list_to_dict``: checkpoint key -> saveable."""
    if var_list is None:
        graph = _graph.get_default_graph()
        var_list = (graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
                    + graph.get_collection(GraphKeys.SAVEABLE_OBJECTS))
        # a framework's tensors that a creator made are in no collection
        listed = {id(v) for v in var_list}
        var_list += [v for v in vio.creator_variables(graph) if id(v) not in listed]
    table: Dict[str, Saveable] = {}
    if isinstance(var_list, dict):
        for key, value in sorted(var_list.items(), key=lambda kv: kv[0]):
            if isinstance(value, PartitionedVariable):
                _add(table, key, vio.partition_slices(value))
            elif isinstance(value, (list, tuple)):
                _add(table, key, _group_parts(key, value))
            elif vio.is_variable(value):
                _add(table, key, value)
            else:
                raise TypeError("Variable to save is not a Variable: %r" % (value,))
        return table
    if not isinstance(var_list, (list, tuple, set)):
        raise TypeError("Variables to save should be passed in a dict or a "
                        "list: %r" % (var_list,))
    grouped: Dict[str, List[Tuple[Any, vio.SliceInfo]]] = {}
    for var in var_list:
        if isinstance(var, PartitionedVariable):
            _add(table, var.name, vio.partition_slices(var))
            continue
        if not vio.is_variable(var):
            raise TypeError("Variable to save is not a Variable: %r" % (var,))
        info = vio.slice_info(var)
        if info is not None:
            grouped.setdefault(info.full_name, []).append((var, info))
        else:
            _add(table, vio.variable_key(var), var)
    for key, slices in grouped.items():
        _add(table, key, sorted(slices, key=lambda s: s[1].var_offset))
    return table


class Saver:
    """Saves and restores variables (``tf.compat.v1.train.Saver``).

    See TF's documentation: the same constructor, `save`, `restore`,
    `last_checkpoints`, `set_last_checkpoints_with_time`,
    `recover_last_checkpoints`.  `max_to_keep` oldest-first rotation deletes
    the files of checkpoints that fall out (``.index``, ``.data-*``, ``.meta``)
    unless `keep_checkpoint_every_n_hours` preserves them.
    """

    def __init__(self, var_list: Any = None, reshape: bool = False,
                 sharded: bool = False, max_to_keep: Optional[int] = 5,
                 keep_checkpoint_every_n_hours: float = 10000.0,
                 name: Optional[str] = None, restore_sequentially: bool = False,
                 saver_def: Any = None, builder: Any = None,
                 defer_build: bool = False, allow_empty: bool = False,
                 write_version: int = SaverDef.V2, pad_step_number: bool = False,
                 save_relative_paths: bool = False, filename: Optional[str] = None) -> None:
        if write_version != SaverDef.V2:
            raise NotImplementedError("pyscope writes only V2 checkpoints "
                                      "(write_version=SaverDef.V2)")
        self._var_list = var_list
        self._reshape = reshape
        self._sharded = sharded
        self._max_to_keep = max_to_keep
        self._keep_every_n_hours = keep_checkpoint_every_n_hours
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._filename = filename
        self._last_checkpoints: List[Tuple[str, float]] = []
        self._checkpoints_to_be_deleted: List[Tuple[str, float]] = []
        self._next_checkpoint_time = time.time() + keep_checkpoint_every_n_hours * 3600
        self._table: Optional[Dict[str, Saveable]] = None
        if not defer_build:
            self.build()

    def build(self) -> None:
        """Collects the variables to save (TF builds the save/restore ops)."""
        table = _saveables(self._var_list)
        if not table and not self._allow_empty:
            raise ValueError("No variables to save")
        self._table = table

    def _saveables(self) -> Dict[str, Saveable]:
        if self._table is None:
            self.build()
        assert self._table is not None
        return self._table

    # -- the list of checkpoints --------------------------------------------

    @property
    def last_checkpoints(self) -> List[str]:
        """List of not-yet-deleted checkpoint filenames, oldest first."""
        return [name for name, _ in self._last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time: List[Tuple[str, float]]) -> None:
        """Sets the list of old checkpoint filenames and timestamps."""
        assert isinstance(last_checkpoints_with_time, list)
        self._last_checkpoints = list(last_checkpoints_with_time)

    def set_last_checkpoints(self, last_checkpoints: List[str]) -> None:
        """DEPRECATED: Use set_last_checkpoints_with_time."""
        assert isinstance(last_checkpoints, list)
        self._last_checkpoints = [(s, np.inf) for s in last_checkpoints]

    def recover_last_checkpoints(self, checkpoint_paths: List[str]) -> None:
        """Recovers the internal saver state after a crash: the checkpoints
        in `checkpoint_paths` that still exist, with their file times."""
        checkpoints_with_mtimes = []
        for path in checkpoint_paths:
            mtimes = get_checkpoint_mtimes([path])
            if mtimes:
                checkpoints_with_mtimes.append((path, mtimes[0]))
        self.set_last_checkpoints_with_time(checkpoints_with_mtimes)

    def _record_last_checkpoint(self, latest_save_path: str) -> None:
        if not self._max_to_keep:
            return
        self._last_checkpoints = [p for p in self._last_checkpoints if p[0] != latest_save_path]
        self._last_checkpoints.append((latest_save_path, time.time()))
        if len(self._last_checkpoints) > self._max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix: str) -> None:
        while self._checkpoints_to_be_deleted:
            prefix, timestamp = self._checkpoints_to_be_deleted.pop(0)
            if timestamp >= self._next_checkpoint_time:
                self._next_checkpoint_time += self._keep_every_n_hours * 3600
                continue  # preserved by keep_checkpoint_every_n_hours
            remove_checkpoint(prefix, meta_graph_suffix=meta_graph_suffix)

    # -- save ---------------------------------------------------------------

    def save(self, sess: Any, save_path: str, global_step: Any = None,
             latest_filename: Optional[str] = None, meta_graph_suffix: str = "meta",
             write_meta_graph: bool = True, write_state: bool = True,
             strip_default_attrs: bool = False, save_debug_info: bool = False) -> Optional[str]:
        """Saves variables; returns the path prefix of the checkpoint files.

        Args:
          sess: ignored (there are no sessions).
          save_path: the prefix of the checkpoint files.
          global_step: if given, appended as ``save_path-<step>``; an int or a
            variable holding one.
          latest_filename: the state file's name, default 'checkpoint'.
          write_meta_graph: accepted; no ``.meta`` is written.
          write_state: whether to update the state file and rotate.

        Raises:
          ValueError: bad `latest_filename`, or a sharded save into a missing
            directory.
        """
        del sess, write_meta_graph, strip_default_attrs, save_debug_info
        if latest_filename is None:
            latest_filename = "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        checkpoint_file = save_path
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                global_step = int(vio.read_value(global_step))
            checkpoint_file = ("%s-%08d" if self._pad_step_number else "%s-%d") % (
                save_path, global_step)
        save_path_parent = os.path.dirname(save_path)
        table = self._saveables()
        if not table:
            return None
        # All variables live on one device here, so a sharded save writes
        # one shard: the same files as TF's with every variable on one CPU.
        if self._sharded and save_path_parent and not os.path.isdir(save_path_parent):
            raise ValueError("Parent directory of {} doesn't exist, can't save."
                             .format(save_path))
        _write_bundle(checkpoint_file, table)
        if write_state:
            self._record_last_checkpoint(checkpoint_file)
            update_checkpoint_state_internal(
                save_path_parent, checkpoint_file, self.last_checkpoints,
                latest_filename, save_relative_paths=self._save_relative_paths)
            self._maybe_delete_old_checkpoints(meta_graph_suffix)
        return checkpoint_file

    # -- restore ------------------------------------------------------------

    def restore(self, sess: Any, save_path: Optional[str]) -> None:
        """Restores previously saved variables.

        Every key, shape and dtype is checked before anything is assigned:
        a restore that fails changes no variable.  A partitioned variable is
        restored from any partitioning in the checkpoint (or from a whole
        tensor), a whole variable from a sliced one.

        Raises:
          ValueError: if `save_path` is None or not a valid checkpoint.
          NotFoundError: a key is missing from the checkpoint.
          InvalidArgumentError: a shape or dtype does not match.
        """
        del sess
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        if not checkpoint_exists(save_path):
            raise ValueError("The passed save_path is not a valid checkpoint: " + save_path)
        reader = BundleReader(save_path)
        try:
            plan = _restore_plan(reader, self._saveables())
        except errors.NotFoundError as e:
            raise errors.NotFoundError(
                None, None, "Restoring from checkpoint failed. This is most likely "
                "due to a Variable name or other graph key that is missing from the "
                "checkpoint. Please ensure that you have not altered the graph "
                "expected based on the checkpoint. Original error:\n\n" + e.message) from None
        except errors.InvalidArgumentError as e:
            raise errors.InvalidArgumentError(
                None, None, "Restoring from checkpoint failed. This is most likely "
                "due to a mismatch between the current graph and the graph from the "
                "checkpoint. Please ensure that you have not altered the graph "
                "expected based on the checkpoint. Original error:\n\n" + e.message) from None
        finally:
            reader.close()
        for var, value in plan:
            vio.assign_value(var, value)


def _write_bundle(prefix: str, table: Dict[str, Saveable]) -> None:
    # TF adds tensors sorted by key, a partitioned variable's slices in order
    with BundleWriter(prefix) as writer:  # aborted (temporary file removed) on error
        for key in sorted(table):
            saveable = table[key]
            if isinstance(saveable, list):
                for part, info in saveable:
                    writer.add_slice(key, info.full_shape, info.extents,
                                     vio.read_value(part))
            else:
                writer.add(key, vio.read_value(saveable))
        writer.finish()


def _expected_dtype(var: Any) -> Optional[np.dtype]:
    try:
        dtype = getattr(var, "dtype", None)
        return np.dtype(dtype) if dtype is not None else None
    except TypeError:
        return None  # a framework's dtype object: its adapter converts


def _check(reader: BundleReader, key: str, var: Any, shape: Tuple[int, ...]) -> None:
    info = reader.tensors[key]
    dtype = _expected_dtype(var)
    if dtype is not None and info.dtype != dtype and not (
            dtype.kind in "OSU" and info.dtype == np.dtype(object)):
        raise errors.InvalidArgumentError(
            None, None, "tensor_name = %s; expected dtype %s does not equal original "
            "dtype %s" % (key, dtype.name, info.dtype.name))
    if tuple(info.shape) != tuple(shape):
        raise errors.InvalidArgumentError(
            None, None, "tensor_name = %s; shape in shape_and_slice spec %s does not "
            "match the shape stored in checkpoint: %s"
            % (key, list(shape), list(info.shape)))


def _restore_plan(reader: BundleReader, table: Dict[str, Saveable]) -> List[Tuple[Any, np.ndarray]]:
    plan: List[Tuple[Any, np.ndarray]] = []
    for key in sorted(table):
        saveable = table[key]
        if key not in reader.tensors:
            raise errors.NotFoundError(None, None, "Key %s not found in checkpoint" % key)
        if isinstance(saveable, list):
            full_shape = tuple(saveable[0][1].full_shape)
            _check(reader, key, saveable[0][0], full_shape)
            full = reader.get_tensor(key)
            for part, info in saveable:
                index = tuple(slice(o, o + n) for o, n in info.extents)
                plan.append((part, np.array(full[index], copy=True)))
        else:
            shape = vio.shape_of(saveable)
            _check(reader, key, saveable, shape)
            plan.append((saveable, reader.get_tensor(key)))
    return plan
