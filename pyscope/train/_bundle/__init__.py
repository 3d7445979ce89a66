"""TF's V2 tensor bundle (``P.index`` + ``P.data-*``), read and written
without TensorFlow: `BundleReader`, `BundleWriter`."""
from pyscope.train._bundle.reader import BundleReader, TensorInfo
from pyscope.train._bundle.writer import BundleWriter, data_filename

__all__ = ["BundleReader", "BundleWriter", "TensorInfo", "data_filename"]
