"""BERT (Devlin et al., 2018, "BERT: Pre-training of Deep Bidirectional
Transformers") with its two pretraining heads, named as google-research/bert's
modeling.py and run_pretraining.py name it:

* ``bert/embeddings/{word,token_type,position}_embeddings`` and
  ``bert/embeddings/LayerNorm``: the sum of the three lookups, normalised;
* ``bert/encoder/layer_<i>``: multi-head self-attention
  (``attention/self/{query,key,value}``, scaled dot products, softmax, the
  input mask as an additive ``-10000``), ``attention/output/{dense,LayerNorm}``
  around a residual, then the feed-forward ``intermediate/dense`` (gelu, in
  its tanh approximation) and ``output/{dense,LayerNorm}``;
* ``bert/pooler/dense``: tanh of the first token's projection;
* ``cls/predictions/{transform/{dense,LayerNorm},output_bias}``: the masked-LM
  head, whose output projection is ``word_embeddings`` transposed;
* ``cls/seq_relationship/{output_weights,output_bias}``: the next-sentence head.

One code path serves both uses.  On ``TensorSpec`` inputs the model names its
variables and returns specs; on NumPy arrays it computes, reading the
variables named before (in the current variable scope) through scopes
re-entered with ``reuse=True`` and no name scope, so a forward pass names
nothing.  The helpers below take a spec or an array and return the same.
The outputs of the layers and heads carry TF's op names
(``bert/pooler/dense/Tanh``, ``cls/predictions/BiasAdd``); the reshapes,
lookups and attention math between them name no ops.
"""
import contextlib
import math
from typing import Any, Callable, Iterator, NamedTuple, Optional, Sequence

import numpy as np

from pyscope import graph as _graph
from pyscope import layers
from pyscope import nn
from pyscope.errors import InvalidArgumentError
from pyscope.initializers import truncated_normal_initializer, zeros_initializer
from pyscope.layers.numerics import math_for
from pyscope.slim.layers import layer_norm, layer_norm_values
from pyscope.tensor_spec import TensorSpec
from pyscope.variable_scope import get_variable, variable_scope

# a TensorSpec when naming, a NumPy array when computing
Tensor = Any


class BertConfig(NamedTuple):
    """The sizes of a BERT model (modeling.py's ``BertConfig``; the
    activation is gelu)."""
    vocab_size: int
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    max_position_embeddings: int
    type_vocab_size: int
    initializer_range: float
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1


BERT_BASE = BertConfig(30522, 768, 12, 12, 3072, 512, 2, 0.02)


class BertPretrainingOutputs(NamedTuple):
    """What `bert_pretraining` returns (specs or arrays)."""
    masked_lm_logits: Tensor  # [batch * predictions, vocab_size]
    next_sentence_logits: Tensor  # [batch, 2]
    sequence_output: Tensor  # [batch, seq, hidden_size]: the last layer
    pooled_output: Tensor  # [batch, hidden_size]


# -- tensor math on a spec (its shape) or an array (its value) ---------------
def _is_spec(x: Tensor) -> bool:
    return isinstance(x, TensorSpec)


def _reshape(x: Tensor, shape: Sequence[Optional[int]]) -> Tensor:
    """``x`` reshaped; -1 is inferred, None (naming only) is unknown."""
    if not _is_spec(x):
        return np.reshape(x, tuple(int(d) for d in shape))  # type: ignore[arg-type]
    dims = list(shape)
    if -1 in dims:
        rest = [d for d in dims if d != -1]
        known = None not in x.shape and None not in rest
        dims[dims.index(-1)] = (math.prod(x.shape) // math.prod(int(d or 0) for d in rest)
                                if known else None)
    return TensorSpec(dims, x.dtype)


def _transpose(x: Tensor, perm: Sequence[int]) -> Tensor:
    if _is_spec(x):
        return TensorSpec([x.shape[p] for p in perm], x.dtype)
    return np.transpose(x, tuple(perm))


def _matmul(a: Tensor, b: Tensor, transpose_b: bool = False) -> Tensor:
    """Batched ``a @ b`` (``b`` transposed in its last two axes if asked)."""
    if _is_spec(a):
        columns = b.shape[-2] if transpose_b else b.shape[-1]
        return TensorSpec(tuple(a.shape[:-1]) + (columns,), a.dtype)
    return np.matmul(a, np.swapaxes(b, -1, -2) if transpose_b else b)


def _elementwise(f: Callable[..., Any], x: Tensor, *others: Any) -> Tensor:
    """``f(x, *others)``, of ``x``'s shape (its spec when naming)."""
    if _is_spec(x):
        return TensorSpec(x.shape, x.dtype)
    return np.asarray(f(x, *others), dtype=x.dtype)


def _rows(table: Tensor, ids: Tensor) -> Tensor:
    """The rows of ``table`` at ``ids`` (TF's gather), ``ids.shape + [width]``."""
    if _is_spec(ids):
        return TensorSpec(tuple(ids.shape) + tuple(table.shape[1:]), table.dtype)
    return table[ids]


def _first_token(x: Tensor) -> Tensor:
    if _is_spec(x):
        return TensorSpec((x.shape[0], x.shape[2]), x.dtype)
    return x[:, 0]


def gelu(x: Tensor) -> Tensor:
    """Gaussian Error Linear Unit in modeling.py's tanh approximation."""
    return _elementwise(lambda v: v * 0.5 * (1.0 + np.tanh(
        math.sqrt(2 / math.pi) * (v + 0.044715 * v ** 3))), x)


# -- scopes, variables and layers: named from specs, read for arrays ---------
class _Builder:
    """Names the model (specs) or computes it from the named variables (arrays)."""

    def __init__(self, computing: bool, config: BertConfig, is_training: bool) -> None:
        self.computing = computing
        self.config = config
        self.is_training = is_training

    def initializer(self) -> Any:
        return truncated_normal_initializer(stddev=self.config.initializer_range)

    @contextlib.contextmanager
    def scope(self, name: str) -> Iterator[None]:
        if self.computing:  # the named scope, no name scope: nothing named
            with variable_scope(name, reuse=True, auxiliary_name_scope=False):
                yield
        else:
            with variable_scope(name):
                yield

    def variable(self, name: str, shape: Sequence[int], initializer: Any = None) -> Tensor:
        v = get_variable(name, shape, initializer=initializer or self.initializer())
        if self.computing:
            return math_for(v).value(v)
        return TensorSpec(tuple(v.shape), v.dtype)

    def dense(self, x: Tensor, units: int, activation: Any = None,
              name: Optional[str] = None) -> Tensor:
        """``tf.layers.dense(x, units, activation, name=name)`` with BERT's
        initializer (``dense`` when unnamed)."""
        if not self.computing:
            return layers.dense(x, units, activation=activation, name=name,
                                kernel_initializer=self.initializer())
        with self.scope(name or "dense"):
            kernel = self.variable("kernel", [x.shape[-1], units])
            bias = self.variable("bias", [units], zeros_initializer())
        y = x @ kernel + bias
        return y if activation is None else activation(y)

    def layer_norm(self, x: Tensor) -> Tensor:
        """modeling.py's ``layer_norm``: over the last axis, scope ``LayerNorm``."""
        if not self.computing:
            return layer_norm(x, begin_norm_axis=-1, begin_params_axis=-1)
        with self.scope("LayerNorm"):
            width = [x.shape[-1]]
            beta = self.variable("beta", width, zeros_initializer())
            gamma = self.variable("gamma", width)
        return layer_norm_values(x, [x.ndim - 1], beta, gamma)

    def dropout(self, x: Tensor, rate: float) -> Tensor:
        """Inverted dropout when training on arrays (it names no variable)."""
        if not (self.computing and self.is_training and rate > 0):
            return x
        return math_for(x).dropout(x, rate, None, None)

    def bias_add(self, x: Tensor, bias: Tensor) -> Tensor:
        """``tf.nn.bias_add`` after a ``MatMul``, the heads' ops, named when naming."""
        if self.computing:
            return x + bias
        graph = _graph.get_default_graph()
        graph.create_op_name("MatMul")
        return TensorSpec(x.shape, x.dtype, name=graph.create_op_name("BiasAdd"))


# -- the model ----------------------------------------------------------------
def _embeddings(b: _Builder, ids: Tensor, token_types: Tensor) -> Any:
    c = b.config
    seq = ids.shape[1]
    table = b.variable("word_embeddings", [c.vocab_size, c.hidden_size])
    out = _rows(table, ids)
    types_table = b.variable("token_type_embeddings", [c.type_vocab_size, c.hidden_size])
    positions = b.variable("position_embeddings", [c.max_position_embeddings, c.hidden_size])
    if b.computing:
        # a one-hot product as modeling.py's: a type id out of range adds zeros
        one_hot = token_types[..., None] == np.arange(c.type_vocab_size)
        out = out + one_hot.astype(np.float32) @ types_table + positions[:seq][None]
    return b.dropout(b.layer_norm(out), c.hidden_dropout_prob), table


def _self_attention(b: _Builder, x: Tensor, mask_adder: Tensor, batch: Optional[int],
                    seq: int) -> Tensor:
    c = b.config
    heads = c.num_attention_heads
    size = c.hidden_size // heads

    def split_heads(name: str) -> Tensor:  # [batch, heads, seq, size]
        y = b.dense(x, heads * size, name=name)
        return _transpose(_reshape(y, [batch, seq, heads, size]), [0, 2, 1, 3])

    query, key, value = split_heads("query"), split_heads("key"), split_heads("value")
    scores = _elementwise(lambda s: s * (1.0 / math.sqrt(size)),
                          _matmul(query, key, transpose_b=True))
    scores = _elementwise(np.add, scores, mask_adder)
    probs = b.dropout(_elementwise(nn.softmax, scores), c.attention_probs_dropout_prob)
    context = _transpose(_matmul(probs, value), [0, 2, 1, 3])
    return _reshape(context, [-1, heads * size])


def _encoder(b: _Builder, x: Tensor, input_mask: Tensor) -> Tensor:
    c = b.config
    batch, seq, hidden = x.shape
    mask_adder = (None if not b.computing else
                  (1.0 - input_mask[:, None, None, :].astype(np.float32)) * -10000.0)
    prev = _reshape(x, [-1, hidden])
    for i in range(c.num_hidden_layers):
        with b.scope("layer_%d" % i):
            with b.scope("attention"):
                with b.scope("self"):
                    heads = _self_attention(b, prev, mask_adder, batch, seq)
                with b.scope("output"):
                    y = b.dropout(b.dense(heads, hidden), c.hidden_dropout_prob)
                    attended = b.layer_norm(_elementwise(np.add, y, prev))
            with b.scope("intermediate"):
                mid = b.dense(attended, c.intermediate_size, activation=gelu)
            with b.scope("output"):
                y = b.dropout(b.dense(mid, hidden), c.hidden_dropout_prob)
                prev = b.layer_norm(_elementwise(np.add, y, attended))
    return _reshape(prev, [batch, seq, hidden])


def _masked_lm(b: _Builder, sequence_output: Tensor, table: Tensor,
               positions: Optional[Tensor]) -> Tensor:
    c = b.config
    batch, seq, hidden = sequence_output.shape
    flat = _reshape(sequence_output, [-1, hidden])
    if positions is not None:  # run_pretraining's gather_indexes
        flat = _rows(flat, positions if _is_spec(positions) else
                     (positions + np.arange(batch)[:, None] * seq).reshape(-1))
        flat = _reshape(flat, [-1, hidden])
    with b.scope("cls/predictions"):
        with b.scope("transform"):
            h = b.layer_norm(b.dense(flat, hidden, activation=gelu))
        bias = b.variable("output_bias", [c.vocab_size], zeros_initializer())
        return b.bias_add(_matmul(h, table, transpose_b=True), bias)


def _next_sentence(b: _Builder, pooled: Tensor) -> Tensor:
    with b.scope("cls/seq_relationship"):
        weights = b.variable("output_weights", [2, b.config.hidden_size])
        bias = b.variable("output_bias", [2], zeros_initializer())
        return b.bias_add(_matmul(pooled, weights, transpose_b=True), bias)


def bert_pretraining(input_ids: Any, token_type_ids: Any = None,
                     config: BertConfig = BERT_BASE, is_training: bool = False,
                     input_mask: Any = None,
                     masked_lm_positions: Any = None) -> BertPretrainingOutputs:
    """BERT and its pretraining heads on ``input_ids`` ``[batch, seq]``.

    With ``TensorSpec`` inputs (int) it names the variables in the current
    variable scope, as TF names them, and returns the outputs' specs. With
    integer arrays it computes from the variables named before (float32) and
    names nothing.  ``token_type_ids`` default to zeros and ``input_mask`` to
    ones (both ``[batch, seq]``); ``masked_lm_positions`` ``[batch, n]``
    selects the positions the masked-LM head predicts (every position when
    None).  ``is_training`` turns modeling.py's dropout on (arrays only).

    Raises:
      TypeError: ids are not integers, or specs and arrays are mixed.
      ValueError: a shape does not fit (the rank, a sequence longer than
        ``max_position_embeddings``, a hidden size not a multiple of the heads).
      InvalidArgumentError: a word id or position out of range (arrays).
    """
    computing = not _is_spec(input_ids)
    ids = _checked("input_ids", input_ids, computing)
    batch, seq = _checked_sizes(ids, config)
    inputs = {"token_type_ids": token_type_ids, "input_mask": input_mask,
              "masked_lm_positions": masked_lm_positions}
    for name, value in inputs.items():
        if value is not None:
            inputs[name] = _checked(name, value, computing)
            shape, fit = tuple(inputs[name].shape), 1 if name == "masked_lm_positions" else 2
            if shape[:fit] != tuple(ids.shape)[:fit]:
                raise ValueError("%s must have the %s of input_ids, %s, got %s" % (
                    name, "batch size" if name == "masked_lm_positions" else "shape",
                    list(ids.shape), list(shape)))
    if computing:
        _check_range("input_ids", ids, config.vocab_size, "the vocab_size of the config")
        if masked_lm_positions is not None:
            _check_range("masked_lm_positions", inputs["masked_lm_positions"], seq,
                         "the sequence length")
    token_types, mask = inputs["token_type_ids"], inputs["input_mask"]
    if computing:
        token_types = np.zeros(ids.shape, np.int32) if token_types is None else token_types
        mask = np.ones(ids.shape, np.int32) if mask is None else mask

    b = _Builder(computing, config, is_training)
    with b.scope("bert"):
        with b.scope("embeddings"):
            x, table = _embeddings(b, ids, token_types)
        with b.scope("encoder"):
            sequence_output = _encoder(b, x, mask)
        with b.scope("pooler"):
            pooled = b.dense(_first_token(sequence_output), config.hidden_size,
                             activation=nn.tanh)
    return BertPretrainingOutputs(
        _masked_lm(b, sequence_output, table, inputs["masked_lm_positions"]),
        _next_sentence(b, pooled), sequence_output, pooled)


def _checked(name: str, ids: Any, computing: bool) -> Any:
    """An id input as a spec or an array, checked before anything is named."""
    if _is_spec(ids) == computing:
        raise TypeError("%s is %s while input_ids is %s: pass TensorSpecs to name the "
                        "model, arrays to compute it"
                        % (name, "a TensorSpec" if computing else "an array",
                           "an array" if computing else "a TensorSpec"))
    ids = ids if not computing else np.asarray(ids)
    if not np.issubdtype(np.dtype(ids.dtype), np.integer):
        raise TypeError("%s must hold integers, got dtype %s" % (name, np.dtype(ids.dtype)))
    if ids.shape is None or len(ids.shape) != 2:
        raise ValueError("%s must have rank 2, [batch, seq], got shape %s"
                         % (name, None if ids.shape is None else list(ids.shape)))
    return ids


def _checked_sizes(ids: Any, config: BertConfig) -> Any:
    batch, seq = ids.shape
    if seq is None or seq > config.max_position_embeddings:
        raise ValueError("input_ids: the sequence length (%s) must be known and at most "
                         "max_position_embeddings (%d)" % (seq, config.max_position_embeddings))
    if config.hidden_size % config.num_attention_heads:
        raise ValueError("The hidden size (%d) is not a multiple of the number of "
                         "attention heads (%d)" % (config.hidden_size,
                                                   config.num_attention_heads))
    return batch, seq


def _check_range(name: str, ids: Any, limit: int, what: str) -> None:
    outside = ids[(ids < 0) | (ids >= limit)]
    if outside.size:
        raise InvalidArgumentError(None, None, "%s: %d is not in [0, %d) (%s)"
                                   % (name, outside[0], limit, what))
