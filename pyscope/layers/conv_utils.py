"""Argument normalisation and output lengths of convolutions and poolings,
as TF's ``conv_utils`` (the same errors for bad arguments)."""
from typing import Any, Optional, Tuple


def normalize_tuple(value: Any, n: int, name: str) -> Tuple[int, ...]:
    """An int or a sequence of ``n`` ints, as a tuple of ``n`` ints."""
    if isinstance(value, int):
        return (value,) * n
    try:
        value_tuple = tuple(value)
    except TypeError:
        raise ValueError("The `%s` argument must be a tuple of %d integers. Received: %r"
                         % (name, n, value)) from None
    if len(value_tuple) != n or not all(isinstance(v, int) for v in value_tuple):
        raise ValueError("The `%s` argument must be a tuple of %d integers. Received: %r"
                         % (name, n, value))
    return value_tuple


def normalize_padding(value: str) -> str:
    """``valid``, ``same`` or ``causal``, lower-cased."""
    padding = value.lower() if isinstance(value, str) else value
    if padding not in {"valid", "same", "causal"}:
        raise ValueError('The `padding` argument must be a list/tuple or one of "valid", '
                         '"same" (or "causal", only for `Conv1D). Received: %s' % (value,))
    return str(padding)


def normalize_data_format(value: Optional[str]) -> str:
    """``channels_last`` (the default) or ``channels_first``."""
    data_format = "channels_last" if value is None else value.lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError('The `data_format` argument must be one of "channels_first", '
                         '"channels_last". Received: %s' % (value,))
    return data_format


def conv_output_length(input_length: Optional[int], filter_size: int, padding: str,
                       stride: int, dilation: int = 1) -> Optional[int]:
    """The output length of a convolution (or pooling) along one axis."""
    if input_length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    if padding in ("same", "causal"):
        length = input_length
    else:
        length = input_length - dilated + 1
    return (length + stride - 1) // stride


def deconv_output_length(input_length: Optional[int], filter_size: int, padding: str,
                         stride: int) -> Optional[int]:
    """The output length of a transposed convolution along one axis."""
    if input_length is None:
        return None
    if padding == "same":
        return input_length * stride
    return input_length * stride + max(filter_size - stride, 0)
