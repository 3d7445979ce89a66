"""Published architectures written on pyscope from their papers: the models
the benchmark names (``python -m pyscope bench --models``) and the tests
check against the variable lists TF records for the same architectures.

Each builder names a whole model from ``TensorSpec`` inputs; where a model
also computes, it does so on NumPy inputs through the layers' own math."""
