"""make_template: wrap a function so that its first call creates variables
and later calls share them, as tf.compat.v1.make_template.

Templates share variables created with `get_variable` only: a func that makes
variables some other way (TF's `tf.Variable`, which pyscope does not have)
gets no sharing.  A later call that creates a new trainable variable raises
ValueError, as TF.
"""
from __future__ import annotations

import functools
import sys
import traceback
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional, Tuple

from pyscope import graph as _graph
from pyscope.graph import GraphKeys


def _variable_scope_module() -> ModuleType:
    """pyscope.variable_scope, the module (the package attribute of that name
    is the variable_scope class, so no plain import can name the module)."""
    return sys.modules["pyscope.variable_scope"]


def make_template(name_: str, func_: Callable[..., Any],
                  create_scope_now_: bool = False,
                  unique_name_: Optional[str] = None,
                  custom_getter_: Optional[Callable[..., Any]] = None,
                  **kwargs: Any) -> Template:
    """Given an arbitrary function, wrap it so that it does variable sharing.

    This wraps `func_` in a Template and partially evaluates it.  Templates
    are functions that create variables the first time they are called and
    reuse them thereafter.  In order for `func_` to be compatible with a
    `Template` it must have the following properties:

    * The function should create all trainable variables and any variables
      that should be reused by calling `get_variable`.
    * The function should not create any new trainable variables after the
      first call.

    Example:

    ```python
    def my_op(x, scalar_name):
      var1 = ps.get_variable(scalar_name, shape=[], initializer=ps.constant_initializer(1))
      return x * var1

    scale_by_y = ps.make_template("scale_by_y", my_op, scalar_name="y")
    z = scale_by_y(2.0)
    w = scale_by_y(3.0)  # the same variable y
    ```

    Args:
      name_: A name for the scope created by this template.  If necessary,
        the name will be made unique by appending `_N` to the name.
      func_: The function to wrap.
      create_scope_now_: Boolean controlling whether the scope should be
        created when the template is constructed or when the template is
        called.  Default is False, meaning the scope is created when the
        template is called.
      unique_name_: When used, it overrides name_ and is not made unique.
        If a template of the same scope/unique_name already exists and
        reuse is false, an error is raised.  Defaults to None.
      custom_getter_: Optional custom getter for variables used in `func_`.
      **kwargs: Keyword arguments to apply to `func_`.

    Returns:
      A function to encapsulate a set of variables which should be created
      once and reused.  An enclosing scope will be created either when
      `make_template` is called or when the result is called, depending on
      the value of `create_scope_now_`.

    Raises:
      ValueError: if `name_` is None.
    """
    if kwargs:
        func_ = functools.partial(func_, **kwargs)
    return Template(name_, func_, create_scope_now=create_scope_now_,
                    unique_name=unique_name_, custom_getter=custom_getter_)


class Template:
    """Wrap a function to aid in variable sharing.

    Templates are functions that create variables the first time they are
    called and reuse them thereafter.  See `make_template` for full
    documentation.
    """

    def __init__(self, name: str, func: Callable[..., Any],
                 create_scope_now: bool = False,
                 unique_name: Optional[str] = None,
                 custom_getter: Optional[Callable[..., Any]] = None) -> None:
        vs = _variable_scope_module()
        self._func = func
        self._stacktrace = traceback.format_stack()[:-2]
        self._name = name
        self._unique_name = unique_name
        self._custom_getter = custom_getter
        if name is None:
            raise ValueError("name cannot be None: give make_template a name_")
        if create_scope_now and not isinstance(unique_name or name, str):
            raise TypeError(
                "make_template: name_ must be a str, got %r"
                % (unique_name or name,))
        if create_scope_now:
            scope_name = unique_name or vs._get_unique_variable_scope(name)
            with vs._pure_variable_scope(scope_name, custom_getter=custom_getter) as scope:
                self._variable_scope = scope
        else:
            self._variable_scope = None
        self._variables_created = False
        self._first_call = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        vs = _variable_scope_module()
        if self._variable_scope:
            # Later calls re-enter the captured scope (reusing after the
            # first), which opens a new name scope: tm_1/, tm_2/, ...
            with vs.variable_scope(self._variable_scope, reuse=not self._first_call):
                return self._call_func(args, kwargs)
        with vs.variable_scope(self._unique_name, self._name,
                               custom_getter=self._custom_getter) as scope:
            self._variable_scope = scope
            return self._call_func(args, kwargs)

    def _call_func(self, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Any:
        try:
            if not callable(self._func):  # TF fails here too, inside the scope
                raise TypeError(
                    "'%s' object is not callable: make_template needs a "
                    "function as func_, got %r"
                    % (type(self._func).__name__, self._func))
            if self._variables_created:
                trainable = _graph.get_collection_ref(GraphKeys.TRAINABLE_VARIABLES)
                trainable_at_start = len(trainable)
                result = self._func(*args, **kwargs)
                if trainable_at_start != len(trainable):
                    raise ValueError(
                        "Trainable variable created when calling a template "
                        "after the first time, perhaps you used a variable "
                        "creator other than get_variable: %s"
                        % (trainable[trainable_at_start:],))
            elif self._first_call:
                self._first_call = False
                try:
                    with self._track_creations():
                        result = self._func(*args, **kwargs)
                except BaseException:
                    self._first_call = True
                    raise
                self._variables_created = True
            else:  # called from another thread while the first call runs
                result = self._func(*args, **kwargs)
            return result
        except Exception as exc:
            self._annotate(exc)
            raise

    def _track_creations(self) -> Any:
        """During the first call, creators further out see the template as
        `trackable_parent`, as TF's capture_dependencies passes it."""
        vs = _variable_scope_module()
        parent = (self, self._variable_scope.name)

        def creator(next_creator: Callable[..., Any], **kwargs: Any) -> Any:
            kwargs["trackable_parent"] = parent
            return next_creator(**kwargs)

        return vs.variable_creator_scope(creator)

    def _annotate(self, exc: BaseException) -> None:
        """Appends where the template was made to the message, as TF."""
        trace = "".join(_skip_common_stack_elements(
            self._stacktrace, traceback.format_stack()))
        if getattr(exc, "_pyscope_template_annotated", False):
            return
        args = exc.args
        first = args[0] if args else ""
        if isinstance(first, str):
            exc.args = ("%s\n\noriginally defined at:\n%s" % (first, trace),) + tuple(args[1:])
        try:
            exc._pyscope_template_annotated = True  # type: ignore[attr-defined]
        except AttributeError:
            pass

    @property
    def name(self) -> str:
        """Returns the name given to this Template."""
        return self._name

    @property
    def func(self) -> Callable[..., Any]:
        """Returns the func given to this Template."""
        return self._func

    @property
    def variable_scope(self) -> Any:
        """Returns the variable scope object created by this Template."""
        return self._variable_scope

    @property
    def variable_scope_name(self) -> Optional[str]:
        """Returns the variable scope name created by this Template."""
        if self._variable_scope:
            name: str = self._variable_scope.name
            if not name or name[-1] == "/":
                return name
            return name + "/"
        return None

    def _collection(self, key: str) -> List[Any]:
        if not self._variables_created:
            return []
        return _graph.get_collection(key, self.variable_scope_name)

    @property
    def global_variables(self) -> List[Any]:
        """Returns the list of global variables created by the Template."""
        return self._collection(GraphKeys.GLOBAL_VARIABLES)

    @property
    def local_variables(self) -> List[Any]:
        """Returns the list of local variables created by the Template."""
        return self._collection(GraphKeys.LOCAL_VARIABLES)

    @property
    def trainable_variables(self) -> List[Any]:
        """Returns the list of trainable variables created by the Template."""
        return self._collection(GraphKeys.TRAINABLE_VARIABLES)

    @property
    def variables(self) -> List[Any]:
        """Returns the list of global and local variables created by the
        Template."""
        return self.global_variables + self.local_variables

    @property
    def non_trainable_variables(self) -> List[Any]:
        """Returns the list of non-trainable variables created by the
        Template."""
        trainable = set(map(id, self.trainable_variables))
        return [v for v in self.global_variables if id(v) not in trainable]

    weights = variables
    trainable_weights = trainable_variables
    non_trainable_weights = non_trainable_variables

    def __repr__(self) -> str:
        return f"<pyscope.Template {self._name!r} scope={self.variable_scope_name!r}>"


def _skip_common_stack_elements(stacktrace: List[str],
                                base_case: List[str]) -> List[str]:
    for i, (trace, base) in enumerate(zip(stacktrace, base_case)):
        if trace != base:
            return stacktrace[i:]
    return stacktrace[-1:]
