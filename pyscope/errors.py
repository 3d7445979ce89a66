"""TensorFlow's exception classes, by TensorFlow's names (``tf.errors``).

`OpError` has TF's constructor, ``OpError(node_def, op, message, error_code,
*args)``; every subclass takes ``(node_def, op, message, *args)`` and fixes
its own error code, as TF's do.  There are no ops here, so pyscope raises
them with ``node_def`` and ``op`` set to None; ``str(error)`` is the message.
"""
from typing import Any, Dict, Tuple, Type

__all__ = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
    "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    "OpError", "CancelledError", "UnknownError", "InvalidArgumentError",
    "DeadlineExceededError", "NotFoundError", "AlreadyExistsError",
    "PermissionDeniedError", "UnauthenticatedError", "ResourceExhaustedError",
    "FailedPreconditionError", "AbortedError", "OutOfRangeError",
    "UnimplementedError", "InternalError", "UnavailableError", "DataLossError",
    "OperatorNotAllowedInGraphError", "exception_type_from_error_code",
    "error_code_from_exception_type",
]

# The canonical error codes (error_codes.proto), as TF's module constants.
OK = 0
CANCELLED = 1
UNKNOWN = 2
INVALID_ARGUMENT = 3
DEADLINE_EXCEEDED = 4
NOT_FOUND = 5
ALREADY_EXISTS = 6
PERMISSION_DENIED = 7
RESOURCE_EXHAUSTED = 8
FAILED_PRECONDITION = 9
ABORTED = 10
OUT_OF_RANGE = 11
UNIMPLEMENTED = 12
INTERNAL = 13
UNAVAILABLE = 14
DATA_LOSS = 15
UNAUTHENTICATED = 16


class OpError(Exception):
    """The base class for TensorFlow exceptions.

    Usually, TensorFlow will raise a more specific subclass of `OpError` from
    the `tf.errors` module.
    """

    def __init__(self, node_def: Any, op: Any, message: str, error_code: int,
                 *args: Any) -> None:
        """Creates a new `OpError` indicating that a particular op failed.

        Args:
          node_def: The `NodeDef` proto of the op that failed, if known;
            otherwise None (always None in pyscope).
          op: The `Operation` that failed, if known; otherwise None.
          message: The message string describing the failure.
          error_code: The `error_codes_pb2.Code` describing the error.
          *args: If not empty, a dictionary describing details about the error.
        """
        super().__init__()
        self._node_def = node_def
        self._op = op
        self._message = message
        self._error_code = error_code
        self._experimental_payloads: Dict[Any, Any] = args[0] if args else {}

    def __reduce__(self) -> Tuple[Any, ...]:
        # Subclasses take no error_code: rebuild through their own signature.
        if type(self) is OpError:
            return OpError, (self._node_def, self._op, self._message,
                             self._error_code)
        return type(self), (self._node_def, self._op, self._message)

    @property
    def message(self) -> str:
        """The error message that describes the error."""
        return self._message

    @property
    def op(self) -> Any:
        """The operation that failed, if known (always None in pyscope)."""
        return self._op

    @property
    def error_code(self) -> int:
        """The integer error code that describes the error."""
        return self._error_code

    @property
    def node_def(self) -> Any:
        """The `NodeDef` proto representing the op that failed."""
        return self._node_def

    @property
    def experimental_payloads(self) -> Dict[Any, Any]:
        """A dictionary describing the details of the error."""
        return self._experimental_payloads

    def __str__(self) -> str:
        return self._message


class _CodedError(OpError):
    """An `OpError` whose subclass fixes the error code (TF's pattern)."""

    _code = UNKNOWN

    def __init__(self, node_def: Any, op: Any, message: str,
                 *args: Any) -> None:
        super().__init__(node_def, op, message, self._code, *args)


class CancelledError(_CodedError):
    """Raised when an operation or step is cancelled."""
    _code = CANCELLED


class UnknownError(_CodedError):
    """Unknown error: an error from another address space, or one without
    enough information to be converted to a more specific error."""
    _code = UNKNOWN


class InvalidArgumentError(_CodedError):
    """Raised when an operation receives an invalid argument."""
    _code = INVALID_ARGUMENT


class DeadlineExceededError(_CodedError):
    """Raised when a deadline expires before an operation could complete."""
    _code = DEADLINE_EXCEEDED


class NotFoundError(_CodedError):
    """Raised when a requested entity (e.g., a file or directory) was not
    found."""
    _code = NOT_FOUND


class AlreadyExistsError(_CodedError):
    """Raised when an entity that we attempted to create already exists."""
    _code = ALREADY_EXISTS


class PermissionDeniedError(_CodedError):
    """Raised when the caller does not have permission to run an operation."""
    _code = PERMISSION_DENIED


class UnauthenticatedError(_CodedError):
    """Raised when the request does not have valid authentication
    credentials."""
    _code = UNAUTHENTICATED


class ResourceExhaustedError(_CodedError):
    """Raised when some resource has been exhausted, e.g. memory or disk."""
    _code = RESOURCE_EXHAUSTED


class FailedPreconditionError(_CodedError):
    """Raised when some prerequisites are not met when running an operation."""
    _code = FAILED_PRECONDITION


class AbortedError(_CodedError):
    """Raised when an operation was aborted, typically due to a concurrent
    action."""
    _code = ABORTED


class OutOfRangeError(_CodedError):
    """Raised when an operation iterates past the valid range."""
    _code = OUT_OF_RANGE


class UnimplementedError(_CodedError):
    """Raised when an operation has not been implemented."""
    _code = UNIMPLEMENTED


class InternalError(_CodedError):
    """Raised when the system experiences an internal error."""
    _code = INTERNAL


class UnavailableError(_CodedError):
    """Raised when the runtime is currently unavailable."""
    _code = UNAVAILABLE


class DataLossError(_CodedError):
    """Raised when unrecoverable data loss or corruption is encountered,
    e.g. a checkpoint file that is truncated or fails its checksum."""
    _code = DATA_LOSS


class OperatorNotAllowedInGraphError(TypeError):
    """Raised when an unsupported operator is present in Graph execution."""


_CODE_TO_EXCEPTION_CLASS: Dict[int, Type[OpError]] = {
    cls._code: cls for cls in (
        CancelledError, UnknownError, InvalidArgumentError,
        DeadlineExceededError, NotFoundError, AlreadyExistsError,
        PermissionDeniedError, UnauthenticatedError, ResourceExhaustedError,
        FailedPreconditionError, AbortedError, OutOfRangeError,
        UnimplementedError, InternalError, UnavailableError, DataLossError)
}


def exception_type_from_error_code(error_code: int) -> Type[OpError]:
    """The `OpError` subclass TF raises for `error_code` (KeyError if none)."""
    return _CODE_TO_EXCEPTION_CLASS[error_code]


def error_code_from_exception_type(cls: Type[OpError]) -> int:
    """The error code of an `OpError` subclass (KeyError if it has none)."""
    code = getattr(cls, "_code", None)
    if code is None or _CODE_TO_EXCEPTION_CLASS.get(code) is not cls:
        raise KeyError(cls)
    return int(code)
