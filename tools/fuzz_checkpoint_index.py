"""Coverage-guided fuzzing of the checkpoint index and entry parsers (atheris).

    pip install atheris
    python tools/fuzz_checkpoint_index.py tests/data/checkpoints/fuzz_corpus \\
        -max_total_time=120 -max_len=4096

An input is read twice: as a whole ``.index`` file, and as the entry of
tensor ``a`` in the "mixed" fixture's index rebuilt with valid checksums (so
mutations reach the entry parsers, not only the block checksum).  Each time
`fuzz_one` opens the index beside the data file of TF's "mixed" fixture and
reads every tensor: damage may raise only
``pyscope.errors.OpError`` or ``ValueError`` (what BundleReader documents);
anything else, a hang or a crash is a bug.  The corpus starts from TF's own
index files and is kept, merged small (``-merge=1``), in the repository;
tests/test_checkpoint_fuzz_corpus.py replays it.
"""
import os
import shutil
import sys
import tempfile
from typing import Dict, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, os.pardir))

from pyscope import errors  # noqa: E402
from pyscope.train._bundle import BundleReader  # noqa: E402
from pyscope.train._bundle._ordered_code import OrderedCodeError, decode_tensor_name_slice  # noqa: E402
from pyscope.train._bundle._protos import parse_dtype_shape, parse_entry  # noqa: E402
from pyscope.train._bundle._table import TableBuilder, TableError, read_table  # noqa: E402
from pyscope.train._bundle._wire import WireError  # noqa: E402

FIXTURE = os.path.join(HERE, os.pardir, "tests", "data", "checkpoints", "mixed")
_FOLDERS: Dict[str, str] = {}


def _folder(folder: Optional[str]) -> str:
    """A folder holding the fixture's data file (a fresh one by default)."""
    if folder is None:
        folder = _FOLDERS.setdefault("default", tempfile.mkdtemp(prefix="ckpt_fuzz_"))
    data = os.path.join(folder, "model.ckpt.data-00000-of-00001")
    if not os.path.exists(data):
        shutil.copy(os.path.join(FIXTURE, "model.ckpt.data-00000-of-00001"), data)
    return folder


def _with_entry(entry: bytes) -> bytes:
    with open(os.path.join(FIXTURE, "model.ckpt.index"), "rb") as f:
        records = read_table(f.read())
    table = TableBuilder()
    for key, value in records:
        table.add(key, entry if key == b"a" else value)
    return table.finish()


def fuzz_one(data: bytes, folder: Optional[str] = None) -> None:
    """Parses `data` as an index and as an entry every way pyscope does;
    raises only on a bug."""
    for parse in (parse_entry, parse_dtype_shape):
        try:
            parse(data)
        except WireError:
            pass
    try:
        decode_tensor_name_slice(data)
    except OrderedCodeError:
        pass
    _read_index(data, _folder(folder))
    _read_index(_with_entry(data), _folder(folder))


def _read_index(data: bytes, folder: str) -> None:
    try:
        read_table(data)
    except TableError:
        pass
    prefix = os.path.join(folder, "model.ckpt")
    with open(prefix + ".index", "wb") as f:
        f.write(data)
    try:
        reader = BundleReader(prefix)
        try:
            for name in reader.tensors:
                try:
                    reader.get_tensor(name)
                except (errors.OpError, ValueError):
                    pass  # one damaged tensor; the others must still read
        finally:
            reader.close()
    except (errors.OpError, ValueError):
        pass


def main() -> None:
    import atheris  # only for fuzzing
    atheris.instrument_all()
    atheris.Setup(sys.argv, fuzz_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
