# Types of the compiled fast paths, pyscope/_fastpaths.pyx (their twins are
# the Python paths of pyscope/variable_scope.py, which carry the public
# annotations: pyscope.variable_scope and pyscope.get_variable are typed
# there).
from types import TracebackType
from typing import Any, Callable, Dict, Iterable, Optional, Type

from pyscope._core import NameScope

class VariableScopeFields:
    _name: Any
    _initializer: Any
    _regularizer: Any
    _reuse: Any
    _caching_device: Any
    _partitioner: Any
    _custom_getter: Any
    _name_scope: Any
    _dtype: Any
    _use_resource: Any
    _constraint: Any

class ScopeStoreFields:
    current_scope: Any
    _core: Any

def configure(*, variable_scope_class: type, variable_class: type,
              auto_reuse: Any, sync_auto: Any, agg_none: Any,
              scope_store_fn: Callable[[Any], Any], plain_entry_class: type,
              python_variable_scope: type, default_graphs: Any,
              numpy_dtype: type, captured_entry: Callable[..., Any],
              tensor_shape_class: type, dim_types: Any,
              np_dtype_of_spelling_cache: Any, canonical_np_dtype_fn: Callable[[Any], Any],
              true_getter_fn: Callable[..., Any],
              accepts_constraint_fn: Callable[[Any], bool],
              graph_from_values_fn: Callable[[Any], Any],
              maybe_wrap_custom_getter_fn: Callable[[Any, Any], Any],
              accepts_constraint_cache: Dict[Any, bool]) -> None: ...

class StoreGetter:
    def __init__(self, graph: Any) -> None: ...
    def __call__(self, name: Any, shape: Any = None, dtype: Any = ...,
                 initializer: Any = None, regularizer: Any = None,
                 reuse: Any = None, trainable: Optional[bool] = None,
                 collections: Any = None, caching_device: Any = None,
                 partitioner: Any = None, validate_shape: bool = True,
                 use_resource: Optional[bool] = None, constraint: Any = None,
                 synchronization: Any = ..., aggregation: Any = ...) -> Any: ...

def get_variable(name: str, shape: Any = None, dtype: Any = None,
                 initializer: Any = None, regularizer: Any = None,
                 trainable: Optional[bool] = None, collections: Any = None,
                 caching_device: Any = None, partitioner: Any = None,
                 validate_shape: bool = True, use_resource: Optional[bool] = None,
                 custom_getter: Any = None, constraint: Any = None,
                 synchronization: Any = ..., aggregation: Any = ...) -> Any: ...

class variable_scope(NameScope):
    def __init__(self, name_or_scope: Any, default_name: Optional[str] = None,
                 values: Optional[Iterable[Any]] = None, initializer: Any = None,
                 regularizer: Any = None, caching_device: Any = None,
                 partitioner: Any = None, custom_getter: Any = None,
                 reuse: Any = None, dtype: Any = None,
                 use_resource: Optional[bool] = None, constraint: Any = None,
                 auxiliary_name_scope: bool = True) -> None: ...
    def __enter__(self) -> Any: ...
    def __exit__(self, type_arg: Optional[Type[BaseException]],
                 value_arg: Optional[BaseException],
                 traceback_arg: Optional[TracebackType]) -> bool: ...
