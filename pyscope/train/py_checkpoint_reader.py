"""`NewCheckpointReader`: TF's ``CheckpointReader`` over a V2 bundle."""
import os
from typing import Dict, List, Union

import numpy as np

from pyscope.train._bundle import BundleReader
from pyscope.train._bundle.v1 import V1Reader, v1_files

__all__ = ["CheckpointReader", "NewCheckpointReader"]


class CheckpointReader:
    """Reads the tensors of one checkpoint (TF's ``CheckpointReader``).

    Values are NumPy arrays (a scalar string is ``bytes``, as TF returns it);
    dtypes are NumPy dtypes (``object`` for strings, ml_dtypes' bfloat16).
    """

    def __init__(self, filepattern: str) -> None:
        filepattern = os.fspath(filepattern)
        self._bundle: Union[BundleReader, V1Reader]
        if not os.path.isfile(filepattern + ".index") and v1_files(filepattern):
            self._bundle = V1Reader(filepattern)  # TF falls back to V1 so too
        else:
            self._bundle = BundleReader(filepattern)

    def has_tensor(self, tensor_str: str) -> bool:
        """Whether the checkpoint has a tensor named `tensor_str`."""
        return self._bundle.has_tensor(tensor_str)

    def get_tensor(self, tensor_str: str) -> np.ndarray:
        """Get the tensor from the Checkpoint object."""
        value = self._bundle.get_tensor(tensor_str)
        if value.dtype == object and value.shape == ():
            return value[()]
        return value

    def get_variable_to_shape_map(self) -> Dict[str, List[int]]:
        """Each tensor's name and shape (a list of ints)."""
        return {name: list(info.shape) for name, info in self._bundle.tensors.items()}

    def get_variable_to_dtype_map(self) -> Dict[str, np.dtype]:
        """Each tensor's name and dtype."""
        return {name: info.dtype for name, info in self._bundle.tensors.items()}

    def debug_string(self) -> bytes:
        """``name (DT_...) [shape]`` lines, as TF's DebugString."""
        from pyscope.train._bundle._dtypes import dtype_name
        lines = ["%s (DT_%s) %s" % (name, dtype_name(info.dtype_enum).upper(),
                                    list(info.shape))
                 for name, info in sorted(self._bundle.tensors.items())]
        return "".join(line + "\n" for line in lines).encode("utf-8")


def NewCheckpointReader(filepattern: str) -> CheckpointReader:  # noqa: N802 - TF's name
    """A CheckpointReader for the checkpoint with prefix `filepattern`.

    Raises:
      NotFoundError: if there is no checkpoint with that prefix.
      DataLossError: if its files are damaged.
    """
    return CheckpointReader(filepattern)
