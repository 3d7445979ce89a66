"""tf-slim 1.1.0 (``import tf_slim as slim``) for naming: ``arg_scope``, the
layers (``conv2d``, ``fully_connected``, ``batch_norm``, poolings,
``flatten``, ``dropout``, ``repeat``, ``stack``) and the variable helpers."""
from pyscope.slim.arg_scope import (
    add_arg_scope, arg_scope, arg_scoped_arguments, current_arg_scope, has_arg_scope)
from pyscope.slim.layers import (
    avg_pool2d, batch_norm, conv2d, convolution, convolution2d, dropout, flatten,
    fully_connected, layer_norm, max_pool2d, repeat, stack)
from pyscope.slim.variables import (
    get_local_variables, get_model_variables, get_trainable_variables, get_variables,
    get_variables_to_restore, model_variable, variable)
