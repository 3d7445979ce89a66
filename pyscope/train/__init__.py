"""``pyscope.train``: ``tf.compat.v1.train`` as far as naming and saving go:
the global step, and TF's checkpoints without TensorFlow (`Saver`, the
readers, the state-file functions, `init_from_checkpoint`)."""
from pyscope.train._variables_io import register_variable_adapter
from pyscope.train.checkpoint_management import (
    CheckpointState, checkpoint_exists, generate_checkpoint_state_proto,
    get_checkpoint_mtimes, get_checkpoint_state, latest_checkpoint,
    remove_checkpoint, update_checkpoint_state)
from pyscope.train.checkpoint_check import CheckpointComparison, compare_to_checkpoint
from pyscope.train.checkpoint_utils import (
    init_from_checkpoint, list_variables, load_checkpoint, load_variable)
from pyscope.train.py_checkpoint_reader import CheckpointReader, NewCheckpointReader
from pyscope.train.saver import Saver, SaverDef, checkpoint_keys
from pyscope.train.training_util import (
    assert_global_step,
    create_global_step,
    get_global_step,
    get_or_create_global_step,
    global_step,
)

__all__ = [
    # the global step
    "assert_global_step", "create_global_step", "get_global_step",
    "get_or_create_global_step", "global_step",
    # checkpoints
    "Saver", "SaverDef", "checkpoint_keys", "CheckpointReader",
    "NewCheckpointReader", "load_checkpoint", "list_variables", "load_variable",
    "init_from_checkpoint", "latest_checkpoint", "get_checkpoint_state",
    "checkpoint_exists", "update_checkpoint_state",
    "generate_checkpoint_state_proto", "get_checkpoint_mtimes",
    "remove_checkpoint", "CheckpointState", "register_variable_adapter",
    "compare_to_checkpoint", "CheckpointComparison",
]
