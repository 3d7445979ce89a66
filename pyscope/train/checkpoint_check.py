"""Checking a model's variables against a checkpoint by name and shape.

TF has no single call for this: `tf.train.list_variables` gives the
checkpoint's side and `init_from_checkpoint` stops at the first missing name
or shape mismatch.  `compare_to_checkpoint` reports every difference at once
and, when one scope prefix explains them (the checkpoint's ``bert/`` is the
model's ``model/bert/``), the `assignment_map` for `init_from_checkpoint`
that loads the checkpoint anyway.
"""
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from pyscope.variables import PartitionedVariable
from pyscope.train import _variables_io as vio
from pyscope.train.checkpoint_utils import load_checkpoint
from pyscope.train.saver import checkpoint_keys

__all__ = ["CheckpointComparison", "compare_to_checkpoint"]

Shape = Tuple[int, ...]


@dataclass
class CheckpointComparison:
    """What differs between a model's variables and a checkpoint's tensors.

    `missing`: model names the checkpoint lacks; `unexpected`: checkpoint
    names no model variable has; `shape_mismatches`: (name, model shape,
    checkpoint shape); `assignment_map`: a map for `init_from_checkpoint`
    that loads every model variable despite `missing`, or None.
    """
    missing: List[str] = field(default_factory=list)
    unexpected: List[str] = field(default_factory=list)
    shape_mismatches: List[Tuple[str, Shape, Shape]] = field(default_factory=list)
    assignment_map: Optional[Dict[str, str]] = None

    @property
    def matches(self) -> bool:
        """Whether `Saver.restore` would find every variable, shapes equal."""
        return not (self.missing or self.shape_mismatches)


def _model_shape(value: Any) -> Shape:
    if isinstance(value, PartitionedVariable):
        value = list(value)
    if isinstance(value, list):
        info = vio.slice_info(value[0])
        assert info is not None  # checkpoint_keys groups only real parts
        return tuple(info.full_shape)
    return vio.shape_of(value)


def _scope(components: List[str]) -> str:
    return "/".join(components) + "/" if components else "/"


def _candidates(missing: List[str], unexpected: List[str]) -> List[Tuple[str, str]]:
    """(checkpoint scope, model scope) pairs: a missing name and an unexpected
    one that end alike, minus that common ending."""
    out: List[Tuple[str, str]] = []
    for model_name in missing[:1]:  # every map must explain the first one
        m = model_name.split("/")
        for ckpt_name in unexpected:
            c = ckpt_name.split("/")
            common = 0
            while common < min(len(m), len(c)) and m[-1 - common] == c[-1 - common]:
                common += 1
            if common and len(m) - common + len(c) - common:
                pair = (_scope(c[:len(c) - common]), _scope(m[:len(m) - common]))
                if pair not in out:
                    out.append(pair)
    return out


def _explains(pair: Tuple[str, str], model: Dict[str, Shape], ckpt: Dict[str, Shape],
              missing: List[str]) -> bool:
    """Whether ``{pair[0]: pair[1]}`` loads every variable it covers (as
    `init_from_checkpoint` maps scopes) and covers every missing one."""
    ckpt_scope, model_scope = pair
    model_prefix = "" if model_scope == "/" else model_scope
    ckpt_prefix = "" if ckpt_scope == "/" else ckpt_scope
    covered = [name for name in model if name.startswith(model_prefix)]
    if not set(missing) <= set(covered):
        return False
    return all(ckpt.get(ckpt_prefix + name[len(model_prefix):]) == model[name]
               for name in covered)


def compare_to_checkpoint(ckpt_dir_or_file: Any, var_list: Any = None) -> CheckpointComparison:
    """Compares the variables `Saver(var_list)` would save (all global
    variables by default) with the tensors of a checkpoint, by name and shape.

    Args:
      ckpt_dir_or_file: Directory with checkpoints file or path to checkpoint.
      var_list: As `Saver`'s: None, a list of variables or a dict of
        checkpoint keys.

    Returns:
      A `CheckpointComparison`.
    """
    reader = load_checkpoint(ckpt_dir_or_file)
    ckpt = {name: tuple(shape) for name, shape in reader.get_variable_to_shape_map().items()}
    model = {key: _model_shape(value) for key, value in checkpoint_keys(var_list).items()}
    result = CheckpointComparison(
        missing=sorted(set(model) - set(ckpt)),
        unexpected=sorted(set(ckpt) - set(model)),
        shape_mismatches=[(name, model[name], ckpt[name])
                          for name in sorted(set(model) & set(ckpt))
                          if model[name] != ckpt[name]])
    if result.missing:
        for pair in _candidates(result.missing, result.unexpected):
            if _explains(pair, model, ckpt, result.missing):
                result.assignment_map = {pair[0]: pair[1]}
                break
    return result
