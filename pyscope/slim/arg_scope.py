"""tf-slim's ``arg_scope``: default keyword arguments for decorated functions.

A stack of ``{function key: kwargs}``; explicit keyword arguments win, and
the key is the decorated function (``conv2d is convolution2d``)."""
import contextlib
import functools
import inspect
from typing import Any, Callable, Dict, Iterator, List, Sequence, Union

_ARGSTACK: List[Dict[Any, Dict[str, Any]]] = [{}]
_DECORATED_OPS: Dict[Any, List[str]] = {}


def _key(op: Any) -> Any:
    return getattr(op, "_key_op", str(op))


def current_arg_scope() -> Dict[Any, Dict[str, Any]]:
    """The innermost arg scope: ``{function key: kwargs}``."""
    return _ARGSTACK[-1]


def _kwarg_names(func: Callable[..., Any]) -> List[str]:
    spec = inspect.getfullargspec(func)
    with_defaults = spec.args[len(spec.args) - len(spec.defaults or ()):]
    return with_defaults + list(spec.kwonlyargs)


@contextlib.contextmanager
def arg_scope(list_ops_or_scope: Union[Sequence[Any], Dict[Any, Dict[str, Any]]],
              **kwargs: Any) -> Iterator[Dict[Any, Dict[str, Any]]]:
    """Stores the default arguments for the given set of list_ops.

    Args:
      list_ops_or_scope: List or tuple of operations to set argument scope for
        or a dictionary containing the current scope. When list_ops_or_scope
        is a dict, kwargs must be empty. When list_ops_or_scope is a list or
        tuple, then every op in it need to be decorated with @add_arg_scope to
        work.
      **kwargs: keyword=value that will define the defaults for each op in
        list_ops. All the ops need to accept the given set of arguments.

    Yields:
      the current_scope, which is a dictionary of {op: {arg: value}}

    Raises:
      TypeError: if list_ops is not a list or a tuple.
      ValueError: if any op in list_ops has not be decorated with @add_arg_scope.
    """
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a "
                             "dictionary, kwargs must be empty.")
        current_scope = list_ops_or_scope.copy()
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused "
                            "scope (i.e. dict)")
        current_scope = current_arg_scope().copy()
        for op in list_ops_or_scope:
            key = _key(op)
            if not has_arg_scope(op):
                raise ValueError("%s is not decorated with @add_arg_scope"
                                 % getattr(op, "__name__", op))
            merged = dict(current_scope.get(key, {}))
            merged.update(kwargs)
            current_scope[key] = merged
    _ARGSTACK.append(current_scope)
    try:
        yield current_scope
    finally:
        _ARGSTACK.pop()


def add_arg_scope(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorates a function with args so it can be used within an arg_scope."""
    @functools.wraps(func)
    def func_with_args(*args: Any, **kwargs: Any) -> Any:
        defaults = current_arg_scope().get(key)
        if defaults:
            merged = dict(defaults)
            merged.update(kwargs)
            kwargs = merged
        return func(*args, **kwargs)

    key = _key(func)
    _DECORATED_OPS[key] = _kwarg_names(func)
    func_with_args._key_op = key  # type: ignore[attr-defined]
    return func_with_args


def has_arg_scope(func: Any) -> bool:
    """Checks whether a func has been decorated with @add_arg_scope or not."""
    return _key(func) in _DECORATED_OPS


def arg_scoped_arguments(func: Any) -> List[str]:
    """Returns the list kwargs that arg_scope can set for a func."""
    if not has_arg_scope(func):
        raise ValueError("%s is not decorated with @add_arg_scope"
                         % getattr(func, "__name__", func))
    return list(_DECORATED_OPS[_key(func)])
