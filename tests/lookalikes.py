"""Objects that look like another framework's to pyscope, which never
imports it: tests run the same with or without torch installed."""


class TorchDtype:
    """Looks like torch's dtype: type ``torch.dtype``, printed as
    ``torch.<name>``, equal only to itself."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return "torch." + self._name


TorchDtype.__module__, TorchDtype.__name__ = "torch", "dtype"


class TorchSize(tuple):
    """Looks like ``torch.Size``: a tuple subclass of ints."""

    def __repr__(self):
        return "torch.Size(%r)" % (list(self),)


class ListOfDims(list):
    """A list subclass, as some configs hand out."""
