"""tf-slim 1.1.0 (``import tf_slim as slim``) for naming: ``arg_scope``, the
layers (``conv2d``, ``conv2d_transpose``, ``separable_conv2d``,
``fully_connected``, ``batch_norm``, poolings, ``flatten``, ``dropout``,
``repeat``, ``stack``), end points (``utils``) and the variable helpers."""
from pyscope.slim.arg_scope import (
    add_arg_scope, arg_scope, arg_scoped_arguments, current_arg_scope, has_arg_scope)
from pyscope.slim.layers import (
    avg_pool2d, batch_norm, conv2d, conv2d_transpose, convolution, convolution2d,
    convolution2d_transpose, dropout, flatten, fully_connected, layer_norm, max_pool2d,
    repeat, separable_conv2d, separable_convolution2d, stack)
from pyscope.slim import utils
from pyscope.slim.utils import collect_named_outputs, convert_collection_to_dict
from pyscope.slim.variables import (
    get_local_variables, get_model_variables, get_trainable_variables, get_variables,
    get_variables_to_restore, local_variable, model_variable, variable)
