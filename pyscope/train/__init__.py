"""``tf.compat.v1.train`` as far as pyscope goes: the global step."""
from pyscope.train.training_util import (
    assert_global_step,
    create_global_step,
    get_global_step,
    get_or_create_global_step,
    global_step,
)

__all__ = ["assert_global_step", "create_global_step", "get_global_step",
           "get_or_create_global_step", "global_step"]
