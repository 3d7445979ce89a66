"""TF's name validation rules and messages, shared by both backends.

The hot paths check names in C (or with these regexes in the pure twin); this
module only builds the exceptions, so both backends say the same thing.
"""
from __future__ import annotations

import re
from typing import Any

# TF's node_def_util patterns (framework/ops.py).  Note: re.match with '$'
# also accepts a single trailing newline, and so does TF.
OP_NAME_PATTERN = r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$"
SCOPE_NAME_PATTERN = r"^[A-Za-z0-9_.\\/>-]*$"
OP_NAME_RE = re.compile(OP_NAME_PATTERN)
SCOPE_NAME_RE = re.compile(SCOPE_NAME_PATTERN)

DEFAULT_OP_NAME = "NoOp"


def invalid_scope_name(name: str, at_root: bool) -> ValueError:
    if at_root:
        return ValueError(
            f"'{name}' is not a valid root scope name. A root scope name has "
            f"to match the following pattern: {OP_NAME_PATTERN}")
    return ValueError(
        f"'{name}' is not a valid scope name. A scope name has to match the "
        f"following pattern: {SCOPE_NAME_PATTERN}")


def not_a_string(name: Any, what: str = "name") -> TypeError:
    return TypeError(
        f"expected string or bytes-like object, got '{type(name).__name__}' "
        f"as the {what} ({name!r}); pass a str")


def invalid_op_name(op_name: str) -> ValueError:
    return ValueError(
        f"'{op_name}' is not a valid node name: a node name has to match "
        f"{OP_NAME_PATTERN}")


def duplicate_op(op_name: str) -> ValueError:
    return ValueError(
        f"Duplicate node name in graph: '{op_name}'. Pick another name, or let "
        f"pyscope uniquify it by not ending it with '/'.")


def unique_name_type_error(name: Any, name_stack: str) -> Exception:
    if name_stack:
        return TypeError(
            f"can only concatenate str (not \"{type(name).__name__}\") to str: "
            f"unique_name() takes a str name, got {name!r}")
    if isinstance(name, (bytes, bytearray)):
        return TypeError(
            f"unique_name() takes a str name, got bytes {name!r}; decode it "
            f"first")
    return AttributeError(
        f"'{type(name).__name__}' object has no attribute 'lower': "
        f"unique_name() takes a str name, got {name!r}")
