"""tf-slim's end points (``tf_slim.layers.utils``): a layer called with
``outputs_collections=`` adds its output to those collections under an alias
(its scope's name), and ``convert_collection_to_dict`` turns a collection
into the ``{alias: output}`` end points a slim net returns."""
from collections import OrderedDict
from typing import Any, Dict, List

from pyscope import graph as _graph

# Outputs that take no attributes (NumPy arrays) keep their aliases here, by id.
_ALIASES: Dict[int, Any] = {}


def append_tensor_alias(tensor: Any, alias: str) -> Any:
    """Append an alias to the list of aliases of the tensor (a trailing ``/``
    is dropped)."""
    if alias[-1] == "/":
        alias = alias[:-1]
    aliases = _stored_aliases(tensor)
    if aliases is not None:
        aliases.append(alias)
        return tensor
    try:
        tensor.aliases = [alias]
    except AttributeError:
        _ALIASES[id(tensor)] = (tensor, [alias])
    return tensor


def _stored_aliases(tensor: Any) -> Any:
    aliases = getattr(tensor, "aliases", None)
    if aliases is None and id(tensor) in _ALIASES and _ALIASES[id(tensor)][0] is tensor:
        aliases = _ALIASES[id(tensor)][1]
    return aliases


def get_tensor_aliases(tensor: Any) -> List[str]:
    """Get a list with the aliases of the input tensor (its op's name when it
    has none)."""
    aliases = _stored_aliases(tensor)
    return list(aliases) if aliases is not None else [str(getattr(tensor, "name", None))]


def collect_named_outputs(collections: Any, alias: str, outputs: Any) -> Any:
    """Add ``outputs`` to the collections, under ``alias``; returns ``outputs``."""
    if collections:
        append_tensor_alias(outputs, alias)
        _graph.add_to_collections(collections, outputs)
    return outputs


def convert_collection_to_dict(collection: str,
                               clear_collection: bool = False) -> "OrderedDict[str, Any]":
    """Returns an OrderedDict of the collection's tensors keyed by their aliases."""
    output = OrderedDict((alias, tensor) for tensor in _graph.get_collection(collection)
                         for alias in get_tensor_aliases(tensor))
    if clear_collection:
        _graph.clear_collection(collection)
    return output
