"""Record TensorFlow's signatures of the callables pyscope reproduces.

Recording tool: run it from the TensorFlow venv (TensorFlow is imported
here only; the tests read the JSON it writes):

    ~/.venvs/tf/bin/python tools/record_tf_signatures.py

It writes ``tests/data/tf_signatures.json``: for each pyscope name in
`TF_NAMES` below, ``inspect.signature`` of the TF object it mirrors --
its parameters as ``[name, kind, default]`` (``default`` is the repr, or
null when there is none) -- and, for a class, the same for each public
method and the list of its public properties.  tests/test_signatures.py
checks pyscope's public callables against it on both backends.
"""

import inspect
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, os.pardir, "tests", "data", "tf_signatures.json")

# pyscope name -> where TF keeps the object it mirrors ("v1." is
# tf.compat.v1; anything else is a module path below tensorflow.python).
TF_NAMES = {
    "DType": "v1.DType",
    "Dimension": "v1.Dimension",
    "Graph": "v1.Graph",
    "GraphKeys": "v1.GraphKeys",
    "PartitionedVariable": "ops.variables.PartitionedVariable",
    "Template": "ops.template.Template",
    "TensorShape": "v1.TensorShape",
    "Variable": "v1.Variable",
    "VariableAggregation": "v1.VariableAggregation",
    "VariableScope": "v1.VariableScope",
    "VariableSynchronization": "v1.VariableSynchronization",
    "add_to_collection": "v1.add_to_collection",
    "add_to_collections": "v1.add_to_collections",
    "as_dtype": "v1.as_dtype",
    "constant_initializer": "v1.constant_initializer",
    "fixed_size_partitioner": "v1.fixed_size_partitioner",
    "get_all_collection_keys": "framework.ops.get_all_collection_keys",
    "get_collection": "v1.get_collection",
    "get_collection_ref": "v1.get_collection_ref",
    "get_default_graph": "v1.get_default_graph",
    "get_local_variable": "v1.get_local_variable",
    "get_variable": "v1.get_variable",
    "get_variable_scope": "v1.get_variable_scope",
    "glorot_normal_initializer": "v1.glorot_normal_initializer",
    "glorot_uniform_initializer": "v1.glorot_uniform_initializer",
    "identity_initializer": "v1.initializers.identity",
    "make_template": "v1.make_template",
    "moving_average_variables": "v1.moving_average_variables",
    "min_max_variable_partitioner": "v1.min_max_variable_partitioner",
    "name_scope": "v1.name_scope",
    "no_regularizer": "v1.no_regularizer",
    "ones_initializer": "v1.ones_initializer",
    "orthogonal_initializer": "v1.orthogonal_initializer",
    "random_normal_initializer": "v1.random_normal_initializer",
    "random_uniform_initializer": "v1.random_uniform_initializer",
    "reset_default_graph": "v1.reset_default_graph",
    "set_random_seed": "v1.set_random_seed",
    "truncated_normal_initializer": "v1.truncated_normal_initializer",
    "uniform_unit_scaling_initializer": "v1.uniform_unit_scaling_initializer",
    "variable_axis_size_partitioner": "v1.variable_axis_size_partitioner",
    "variable_creator_scope": "v1.variable_creator_scope",
    "variable_op_scope": "ops.variable_scope.variable_op_scope",
    "variable_scope": "v1.variable_scope",
    "variance_scaling_initializer": "v1.variance_scaling_initializer",
    "zeros_initializer": "v1.zeros_initializer",
    # subpackages: "<package>.<name>" for each name in its __all__
    "train.assert_global_step": "v1.train.assert_global_step",
    "train.create_global_step": "v1.train.create_global_step",
    "train.get_global_step": "v1.train.get_global_step",
    "train.get_or_create_global_step": "v1.train.get_or_create_global_step",
    "train.global_step": "v1.train.global_step",
    "TensorSpec": "v1.TensorSpec",
    "train.Saver": "v1.train.Saver",
    "train.NewCheckpointReader": "v1.train.NewCheckpointReader",
    "train.checkpoint_exists": "v1.train.checkpoint_exists",
    "train.generate_checkpoint_state_proto": "v1.train.generate_checkpoint_state_proto",
    "train.get_checkpoint_mtimes": "v1.train.get_checkpoint_mtimes",
    "train.get_checkpoint_state": "v1.train.get_checkpoint_state",
    "train.init_from_checkpoint": "v1.train.init_from_checkpoint",
    "train.latest_checkpoint": "v1.train.latest_checkpoint",
    "train.list_variables": "v1.train.list_variables",
    "train.load_checkpoint": "v1.train.load_checkpoint",
    "train.load_variable": "v1.train.load_variable",
    "train.remove_checkpoint": "v1.train.remove_checkpoint",
    "train.update_checkpoint_state": "v1.train.update_checkpoint_state",
    # names later helpers add (recorded now so they are checked on arrival)
    "global_variables": "v1.global_variables",
    "local_variables": "v1.local_variables",
    "trainable_variables": "v1.trainable_variables",
    "model_variables": "v1.model_variables",
    "global_variables_initializer": "v1.global_variables_initializer",
    "variables_initializer": "v1.variables_initializer",
    "get_seed": "v1.get_seed",
    "disable_eager_execution": "v1.disable_eager_execution",
}


def _resolve(where):
    import tensorflow as tf  # noqa: F401 - only the recorder imports TF
    import tensorflow.python as tf_python

    if where.startswith("v1."):
        obj, path = tf.compat.v1, where[3:]
    else:
        obj, path = tf_python, where
        __import__("tensorflow.python." + where.rsplit(".", 1)[0])
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _params(callable_, drop_self=False):
    try:
        signature = inspect.signature(callable_)
    except (TypeError, ValueError):
        return None
    params = list(signature.parameters.values())
    if drop_self and params and params[0].name in ("self", "cls"):
        params = params[1:]
    return [[p.name, p.kind.name,
             None if p.default is p.empty else repr(p.default)]
            for p in params]


def _class_record(cls):
    methods, properties = {}, []
    for name in sorted(dir(cls)):
        if name.startswith("_"):
            continue
        attr = inspect.getattr_static(cls, name)
        if isinstance(attr, property):
            properties.append(name)
        elif inspect.isfunction(attr):
            methods[name] = _params(attr, drop_self=True)
    return {"kind": "class", "params": _params(cls),
            "methods": methods, "properties": properties}


def record():
    import tensorflow as tf
    tf.compat.v1.disable_eager_execution()
    table = {}
    for name, where in sorted(TF_NAMES.items()):
        obj = _resolve(where)
        if inspect.isclass(obj):
            entry = _class_record(obj)
        else:
            entry = {"kind": "function", "params": _params(obj)}
        entry["tf"] = where
        table[name] = entry
    return {"tensorflow": tf.__version__, "signatures": table}


def main():
    data = record()
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote %d signatures to %s" % (len(data["signatures"]), OUT),
          file=sys.stderr)


if __name__ == "__main__":
    main()
