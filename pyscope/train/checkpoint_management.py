"""The ``checkpoint`` state file of a directory and finding checkpoints, as
``tf.compat.v1.train``'s checkpoint_management: `get_checkpoint_state`,
`latest_checkpoint`, `checkpoint_exists`, `update_checkpoint_state`.

The state file is a text-format ``CheckpointState`` proto; it is written
through a temporary file and a rename, so a crash leaves the old one.
"""
import glob
import logging
import os
import re
from dataclasses import dataclass, field
from typing import List, Optional

from pyscope.train._bundle.writer import atomic_write

__all__ = ["CheckpointState", "get_checkpoint_state", "latest_checkpoint",
           "checkpoint_exists", "update_checkpoint_state",
           "generate_checkpoint_state_proto", "get_checkpoint_mtimes",
           "remove_checkpoint"]

_log = logging.getLogger("pyscope.train")


@dataclass
class CheckpointState:
    """TF's ``CheckpointState`` proto: the latest checkpoint and the ones
    kept, oldest first."""
    model_checkpoint_path: str = ""
    all_model_checkpoint_paths: List[str] = field(default_factory=list)
    all_model_checkpoint_timestamps: List[float] = field(default_factory=list)
    last_preserved_timestamp: float = 0.0

    def to_text(self) -> str:
        """The text format TF writes (``MessageToString``)."""
        lines = []
        if self.model_checkpoint_path:
            lines.append('model_checkpoint_path: "%s"' % _c_escape(self.model_checkpoint_path))
        lines += ['all_model_checkpoint_paths: "%s"' % _c_escape(p)
                  for p in self.all_model_checkpoint_paths]
        lines += ["all_model_checkpoint_timestamps: %s" % _float(t)
                  for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append("last_preserved_timestamp: %s" % _float(self.last_preserved_timestamp))
        return "".join(line + "\n" for line in lines)


def _float(value: float) -> str:
    return repr(float(value))


def _c_escape(text: str) -> str:
    # protobuf's CEscape of the UTF-8 bytes (text_format, as_utf8=False)
    out = []
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        if ch in '"\'\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif 0x20 <= byte < 0x7F:
            out.append(ch)
        else:
            out.append("\\%03o" % byte)
    return "".join(out)


_ESCAPES = {"n": b"\n", "r": b"\r", "t": b"\t", '"': b'"', "'": b"'", "\\": b"\\",
            "a": b"\a", "b": b"\b", "f": b"\f", "v": b"\v", "?": b"?"}
_FIELD = re.compile(r'\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$')


class _ParseError(ValueError):
    pass


def _unescape(quoted: str) -> str:
    if len(quoted) < 2 or quoted[0] not in "\"'" or quoted[-1] != quoted[0]:
        raise _ParseError("expected a quoted string, got %r" % quoted)
    body, out, i = quoted[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
            continue
        if i + 1 >= len(body):
            raise _ParseError("dangling backslash")
        nxt = body[i + 1]
        if nxt in _ESCAPES:
            out += _ESCAPES[nxt]
            i += 2
        elif nxt in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[i + 1:])
            assert digits is not None
            out.append(int(digits.group(0), 8) & 0xFF)
            i += 1 + len(digits.group(0))
        elif nxt == "x":
            digits = re.match(r"[0-9a-fA-F]{1,2}", body[i + 2:])
            if not digits:
                raise _ParseError("bad \\x escape")
            out.append(int(digits.group(0), 16))
            i += 2 + len(digits.group(0))
        else:
            raise _ParseError("bad escape \\%s" % nxt)
    return out.decode("utf-8", "surrogateescape")


def parse_checkpoint_state(text: str) -> CheckpointState:
    """A text-format CheckpointState (ValueError if it is not one)."""
    state = CheckpointState()
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FIELD.match(line)
        if not match:
            raise _ParseError("cannot parse line %r" % line)
        name, value = match.groups()
        if name == "model_checkpoint_path":
            state.model_checkpoint_path = _unescape(value)
        elif name == "all_model_checkpoint_paths":
            state.all_model_checkpoint_paths.append(_unescape(value))
        elif name in ("all_model_checkpoint_timestamps", "last_preserved_timestamp"):
            try:
                number = float(value)
            except ValueError:
                raise _ParseError("bad number %r" % value) from None
            if name == "last_preserved_timestamp":
                state.last_preserved_timestamp = number
            else:
                state.all_model_checkpoint_timestamps.append(number)
        else:
            raise _ParseError('Message type "tensorflow.CheckpointState" has no '
                              'field named "%s"' % name)
    return state


def _state_filename(save_dir: str, latest_filename: Optional[str]) -> str:
    return os.path.join(save_dir, latest_filename or "checkpoint")


def generate_checkpoint_state_proto(
        save_dir: str, model_checkpoint_path: str,
        all_model_checkpoint_paths: Optional[List[str]] = None,
        all_model_checkpoint_timestamps: Optional[List[float]] = None,
        last_preserved_timestamp: Optional[float] = None) -> CheckpointState:
    """Generates a checkpoint state proto, paths relative to `save_dir` when
    it is relative (as TF)."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    return CheckpointState(model_checkpoint_path, paths,
                           list(all_model_checkpoint_timestamps or []),
                           float(last_preserved_timestamp or 0.0))


def update_checkpoint_state(save_dir: str, model_checkpoint_path: str,
                            all_model_checkpoint_paths: Optional[List[str]] = None,
                            latest_filename: Optional[str] = None,
                            all_model_checkpoint_timestamps: Optional[List[float]] = None,
                            last_preserved_timestamp: Optional[float] = None) -> None:
    """Updates the content of the 'checkpoint' file.

    This updates the checkpoint file containing a CheckpointState proto
    (written in its text format, as TF does).

    Args:
      save_dir: Directory where the model was saved.
      model_checkpoint_path: The checkpoint file.
      all_model_checkpoint_paths: List of strings.  Paths to all not-yet-deleted
        checkpoints, sorted from oldest to newest.  If this is a non-empty list,
        the last element must be equal to model_checkpoint_path.
      latest_filename: Optional name of the checkpoint file.  Default to
        'checkpoint'.
      all_model_checkpoint_timestamps: Optional list of timestamps (floats,
        seconds since the Epoch) indicating when the checkpoints in
        `all_model_checkpoint_paths` were created.
      last_preserved_timestamp: A float, indicating the number of seconds since
        the Epoch when the last preserved checkpoint was written.

    Raises:
      RuntimeError: If any of the model checkpoint paths conflict with the file
        containing CheckpointSate.
    """
    update_checkpoint_state_internal(
        save_dir, model_checkpoint_path, all_model_checkpoint_paths,
        latest_filename, all_model_checkpoint_timestamps=all_model_checkpoint_timestamps,
        last_preserved_timestamp=last_preserved_timestamp)


def update_checkpoint_state_internal(
        save_dir: str, model_checkpoint_path: str,
        all_model_checkpoint_paths: Optional[List[str]] = None,
        latest_filename: Optional[str] = None, save_relative_paths: bool = False,
        all_model_checkpoint_timestamps: Optional[List[float]] = None,
        last_preserved_timestamp: Optional[float] = None) -> None:
    """`update_checkpoint_state`, and with ``save_relative_paths`` the paths
    written relative to `save_dir` (what `Saver` does; TF's internal twin)."""
    paths = list(all_model_checkpoint_paths or [])
    if save_relative_paths:
        model_checkpoint_path = (os.path.relpath(model_checkpoint_path, save_dir)
                                 if os.path.isabs(model_checkpoint_path)
                                 else model_checkpoint_path)
        paths = [os.path.relpath(p, save_dir) if os.path.isabs(p) else p for p in paths]
    state = generate_checkpoint_state_proto(
        save_dir, model_checkpoint_path, paths, all_model_checkpoint_timestamps,
        last_preserved_timestamp)
    state_file = _state_filename(save_dir, latest_filename)
    if state_file == state.model_checkpoint_path:
        raise RuntimeError("Save path '%s' conflicts with path used for "
                           "checkpoint state.  Please use a different save path."
                           % model_checkpoint_path)
    atomic_write(state_file, state.to_text().encode("utf-8"))


def get_checkpoint_state(checkpoint_dir: str,
                         latest_filename: Optional[str] = None) -> Optional[CheckpointState]:
    """Returns CheckpointState proto from the "checkpoint" file.

    If the "checkpoint" file contains a valid CheckpointState proto, returns
    it; relative paths are joined with `checkpoint_dir`.  A missing file gives
    None; a file that is not a CheckpointState is logged and gives None (TF
    raises UnicodeDecodeError for one that is not UTF-8).

    Raises:
      ValueError: if the checkpoint read doesn't have model_checkpoint_path set.
    """
    checkpoint_dir = os.fspath(checkpoint_dir)
    path = _state_filename(checkpoint_dir, latest_filename)
    try:
        with open(path, "rb") as f:
            raw = f.read(1 << 24)  # a state file is a few lines; bound the read
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    try:
        state = parse_checkpoint_state(raw.decode("utf-8"))
    except (UnicodeDecodeError, _ParseError) as e:
        _log.warning("%s: Checkpoint ignored", path)
        _log.debug("%s", e)
        return None
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from " + checkpoint_dir)
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [
        p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)
        for p in state.all_model_checkpoint_paths]
    return state


def checkpoint_exists(checkpoint_prefix: str) -> bool:
    """Checks whether a V1 or V2 checkpoint exists with the specified prefix
    (a glob pattern, as TF's ``get_matching_files``)."""
    checkpoint_prefix = os.fspath(checkpoint_prefix)
    if glob.glob(checkpoint_prefix + ".index"):
        return True
    return bool(glob.glob(checkpoint_prefix))


def latest_checkpoint(checkpoint_dir: str, latest_filename: Optional[str] = None) -> Optional[str]:
    """Finds the filename of latest saved checkpoint file.

    Returns:
      The full path to the latest checkpoint or `None` if no checkpoint was
      found.
    """
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path:
        prefix = state.model_checkpoint_path
        if os.path.isfile(prefix + ".index") or os.path.isfile(prefix):
            return prefix
        _log.error("Couldn't match files for checkpoint %s", prefix)
    return None


def get_checkpoint_mtimes(checkpoint_prefixes: List[str]) -> List[float]:
    """The modification times of the checkpoints' index (or V1) files."""
    out = []
    for prefix in checkpoint_prefixes:
        for path in (prefix + ".index", prefix):
            if os.path.isfile(path):
                out.append(os.path.getmtime(path))
                break
    return out


def remove_checkpoint(checkpoint_prefix: str, checkpoint_format_version: int = 2,
                      meta_graph_suffix: str = "meta") -> None:
    """Removes a checkpoint given by `checkpoint_prefix`.

    Args:
      checkpoint_prefix: The prefix of a V1 or V2 checkpoint. Typically the result
        of `Saver.save()` or that of `tf.train.latest_checkpoint()`.
      checkpoint_format_version: `SaverDef.CheckpointFormatVersion`, defaults to
        `SaverDef.V2` (2): the ``.index`` and ``.data-*`` files; with V1, the
        single file named `checkpoint_prefix`.
      meta_graph_suffix: Suffix for `MetaGraphDef` file. Defaults to 'meta'.
    """
    files = ([checkpoint_prefix + ".index"]
             + glob.glob(glob.escape(checkpoint_prefix) + ".data-?????-of-?????")
             if checkpoint_format_version == 2 else [checkpoint_prefix])
    for path in files + [checkpoint_prefix + "." + meta_graph_suffix]:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
