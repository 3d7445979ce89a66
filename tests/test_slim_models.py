"""Real slim models written on pyscope from their published architecture
(pyscope/_models/slim_nets.py), named exactly as TF names them (recorded from
tf-slim 1.1.0's own nets in tests/data/tf_slim.json, ``model_*`` cases), from
``TensorSpec`` inputs alone.  The variables are made shape-only through a
creator (VGG-16's weights would be 0.5 GB of NumPy arrays)."""
import pytest

from pyscope._models.shape_only import shape_only
from pyscope._models.slim_nets import inception_v3, resnet_v1_50, vgg_16
from test_slim import RECORDED, run_recorded


@pytest.mark.parametrize("name", sorted(n for n in RECORDED if n.startswith("model_")))
def test_model_names_as_tf(ps, name):
    with ps.variable_creator_scope(shape_only):
        assert run_recorded(ps, name, vgg_16=vgg_16,
                            resnet_v1_50=resnet_v1_50,
                            inception_v3=inception_v3) == RECORDED[name]["records"]
